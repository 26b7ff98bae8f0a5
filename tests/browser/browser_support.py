"""What the browser tests share besides fixtures: the two kinds of site under test, waiting for the worker,
new content, the page list."""
import http.server
import json
import itertools
import re
import shutil
import threading
import time
from pathlib import Path

from atrophy_pwa import create_app, paths
from atrophy_pwa.serving import addresses, export
from atrophy_pwa.i18n import Catalogues

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run", "--disable-sync", "--disable-quic"]
DEVICE_LOCALE = "en-GB"  # navigator.languages and Accept-Language: region GB, emergency number 999
SHIPPED = list(Catalogues(paths.TRANSLATIONS).locales)  # what /api/v1/locales lists
LOCALES = ["en", "ar"]  # the flows and axe run in these: left to right, and right to left


class FailOn:
    """Middleware: answer 500 for one path, as a server that breaks in the middle of an update would."""

    def __init__(self, app, path):
        self.app, self.path = app, path

    def __call__(self, environ, start_response):
        if environ["PATH_INFO"] == self.path:
            start_response("500 Internal Server Error", [("Content-Type", "text/plain")])
            return [b"broken on purpose"]
        return self.app(environ, start_response)


def controlled(page, url):
    """Visit url and wait until the service worker has precached, activated and controls the page."""
    page.goto(url)
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.evaluate("""navigator.serviceWorker.controller !== null || new Promise((resolve) =>
        navigator.serviceWorker.addEventListener("controllerchange", () => resolve(true), {once: true}))""")
    # (not wait_for_function: its polling evaluates a string, which the pages' CSP refuses)
    return page


def worker_status(page) -> dict:
    return page.evaluate("atrophy.worker.ask({type: 'status'})")


def wait_until_kept(page, locale: str, seconds: int = 30) -> dict:
    """Wait until the service worker says `locale` is kept whole offline; its status then.

    page.evaluate awaits the worker's answer; wait_for_function does not: it takes the pending promise as
    true at once, so a test went offline while the language was still being saved (seen as a flaky
    "this page is not saved on this device")."""
    return page.evaluate("""async ([code, seconds]) => {
      const end = Date.now() + seconds * 1000;
      for (;;) {
        const status = await atrophy.worker.ask({type: 'status'});
        if (status.locales.includes(code)) return status;
        if (Date.now() > end) throw new Error(`${code} not kept after ${seconds} s: ${JSON.stringify(status)}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }""", [locale, seconds])


def worker_version(source: str) -> str:
    return re.match(r'const VERSION = "([0-9a-f]+)";', source).group(1)


class Switch:
    """A WSGI app that forwards to the app chosen by the test, so the served content can change."""

    def __init__(self, app):
        self.default = self.app = app

    def __call__(self, environ, start_response):
        return self.app(environ, start_response)


class LiveSite:
    """The app itself under waitress (conftest.py starts it); a test can make it serve another app."""
    kind = "app"

    def __init__(self, url: str, switch: Switch):
        self.url, self.switch, self.app = url, switch, switch.default

    @staticmethod
    def new_app(**settings):
        return create_app({"TESTING": True, **settings})

    def serve(self, app):
        self.switch.app = app

    def serve_failing(self, app, path):
        """Serve app, but answer 500 for path, as a server that breaks in the middle of an update would."""
        self.switch.app = FailOn(app, path)

    def reset(self):
        self.switch.app = self.switch.default

    def version(self) -> str:
        """The version the served /sw.js carries."""
        with self.switch.app.test_client() as client:
            return worker_version(client.get("/sw.js").get_data(as_text=True))


class ExportSite:
    """`atrophy-pwa export` of the app, served as files by Python's own http.server, unchanged: the plain
    static host of the export issue. A test can publish another export, or one with a file missing."""
    kind = "export"

    def __init__(self, root: Path):
        self.root, self.numbers = root, itertools.count()
        self.app = self.new_app()
        self.directory = self.first = self.publish(self.app)
        site = self

        class Handler(http.server.SimpleHTTPRequestHandler):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, directory=str(site.directory), **kwargs)

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    @staticmethod
    def new_app(**settings):
        return export.export_app({"TESTING": True, **settings})

    def publish(self, app) -> Path:
        # http.server answers 304 when a file's mtime, in whole seconds, is not after If-Modified-Since:
        # a new deploy must not land in the same second as the one before it.
        time.sleep(1.05)
        target = self.root / f"export-{next(self.numbers)}"
        export.export(target, app)
        return target

    def serve(self, app):
        self.directory = self.publish(app)

    def serve_failing(self, app, path):
        """Publish app's export with the file for path missing: the host answers 404 (its folder goes too,
        or http.server would list it)."""
        target = self.publish(app)
        missing = target / export.file_for(path)
        shutil.rmtree(missing.parent) if missing.name == "index.html" else missing.unlink()
        self.directory = target

    def reset(self):
        self.directory = self.first

    def version(self) -> str:
        return worker_version((self.directory / "sw.js").read_text(encoding="utf-8"))

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


def content_with_title_suffix(tmp_path: Path, suffix: str) -> Path:
    """A copy of the shipped content whose first card's title ends with suffix: a new content version."""
    target = tmp_path / f"content{suffix.strip()}"
    shutil.copytree(paths.CONTENT, target)
    first = sorted((target / "cards").glob("*.toml"))[0]
    text = first.read_text(encoding="utf-8")
    first.write_text(re.sub(r'^title = "(.*)"$', rf'title = "\1{suffix}"', text, count=1, flags=re.M), encoding="utf-8")
    return target


def page_urls(app, locale: str) -> list[str]:
    """Every page a person can reach by GET in one locale."""
    return [address.url for address in addresses.of_locale(app, locale) if address.is_page]


# A stand-in for the phone's speech engine (add_init_script): window.__voices is what getVoices() gives
# (set it, then dispatch "voiceschanged" as Android does when its voices load late); window.__spoken
# records each utterance's text and language, and each cancel(); window.__asked counts getVoices() calls.
SPEECH_STUB = """(() => {
  const synth = new EventTarget();
  window.__voices = %s;
  window.__spoken = [];
  window.__asked = 0;
  synth.getVoices = () => { window.__asked += 1; return window.__voices; };
  synth.speak = (utterance) => window.__spoken.push({ text: utterance.text, lang: utterance.lang, voice: utterance.voice && utterance.voice.name });
  synth.cancel = () => window.__spoken.push({ cancel: true });
  Object.defineProperty(window, "speechSynthesis", { value: synth, configurable: true });
  window.SpeechSynthesisUtterance = function (text) { this.text = text; };
})();"""


def speech(context, voices=("en-GB", "ar-EG")):
    """Give the context's pages a speech engine with a voice for each language tag in voices."""
    listed = [{"lang": lang, "name": f"Stub {lang}", "default": i == 0} for i, lang in enumerate(voices)]
    context.add_init_script(SPEECH_STUB % json.dumps(listed))


def dangling_pictures(page) -> list:
    """The href of every <use> on the page that points at no element (a picture drawn as an empty box)."""
    return page.evaluate("""() => Array.from(document.querySelectorAll("use"), (use) => use.getAttribute("href"))
      .filter((href) => !href || !href.startsWith("#") || !document.getElementById(href.slice(1)))""")

"""What the browser tests share besides fixtures: waiting for the worker, new content, the page list."""
import re
import shutil
from pathlib import Path

from atrophy_pwa import paths
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
    page.wait_for_function("navigator.serviceWorker.controller !== null")
    return page


def worker_status(page) -> dict:
    return page.evaluate("atrophy.worker.ask({type: 'status'})")


def served_version(server) -> str:
    """The version the server's /sw.js now carries."""
    with server.switch.app.test_client() as client:
        source = client.get("/sw.js").get_data(as_text=True)
    return re.match(r'const VERSION = "([0-9a-f]+)";', source).group(1)


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
    cards = list(app.extensions["content"].cards)
    return [f"/{locale}/", f"/{locale}/cards/", f"/{locale}/about", f"/{locale}/checklist", f"/{locale}/care",
            f"/{locale}/offline"] + [f"/{locale}/cards/{slug}" for slug in cards]

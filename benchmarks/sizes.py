"""Size budgets: bytes a phone downloads on a first visit and for offline use, images and web fonts.

Budgets:

  first visit   what headless Chromium receives on the wire for one page with a cold cache and no service
                worker controlling it yet: the page, its stylesheet, scripts and images, each with its
                response headers (CDP Network.loadingFinished encodedDataLength), against a real server
                (`atrophy-pwa serve` under waitress, started on a free port unless --url is given), brotli
                as the browser asks. `/en/` <= 20 KB; `/en/care`, `/en/checklist`, a card and every
                locale's home page <= 25 KB each. The JSON the scripts fetch (the emergency numbers, a
                flow's questions) is printed beside it, not counted; so is what the service worker
                precaches after the page is shown, which is the offline pack below.
  offline       every entry of `/api/v1/<locale>/offline-manifest`, summed compressed <= 250 KB per locale.
  health worker "Keep every language" (about page): the shell and every locale's flows (the entries of
                group flows:<locale>), summed compressed <= 1 MB; also printed: the bytes kept on the
                device (the Cache API keeps bodies uncompressed). Fetched by the service worker only
                when the setting is turned on, never on a first visit.
  images        every image under static/ <= 20 KB; no web fonts (no font files, no @font-face).

The offline, health-worker and image figures come from the app in-process through the Flask test client,
or from --url over HTTP; the first visit always from Chromium (Python Playwright, /usr/bin/chromium or
$CHROME_PATH). Prints OK or OVER for each budget and exits 1 when any is over.

    python benchmarks/sizes.py                              # starts a server; in-process for the rest
    python benchmarks/sizes.py --url http://127.0.0.1:8000  # a running `atrophy-pwa serve`
    python benchmarks/sizes.py --locale ar                  # another language's first visit, file by file

Browsers offer brotli only over HTTPS and to localhost (127.0.0.1 included); over plain HTTP elsewhere
they send "gzip, deflate", and flask-compress sends static files with br or deflate but never gzip.
"""
import argparse
import contextlib
import gzip
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import zlib
from pathlib import Path

import brotli

CHECKOUT_SRC = Path(__file__).resolve().parent.parent / "src"
if (CHECKOUT_SRC / "atrophy_pwa").is_dir():
    sys.path.insert(0, str(CHECKOUT_SRC))  # measure this checkout, wherever the package is installed from

KB = 1024
HOME_BUDGET = 20 * KB        # /en/
FIRST_PAGE_BUDGET = 25 * KB  # every other first page
OFFLINE_BUDGET = 250 * KB
HEALTH_WORKER_BUDGET = 1024 * KB
IMAGE_BUDGET = 20 * KB
IMAGE_EXTENSIONS = {".png", ".svg", ".ico", ".webp", ".jpg", ".jpeg", ".gif", ".avif"}
FONT_EXTENSIONS = {".woff", ".woff2", ".ttf", ".otf", ".eot"}
FONT_FACE = re.compile(rb"@font-face", re.IGNORECASE)


class Fetched:
    def __init__(self, status: int, headers, body: bytes):
        self.status, self.headers, self.body = status, headers, body

    @property
    def sent(self) -> int:
        """Bytes of the body as sent on the wire (compressed when the server compressed it)."""
        return len(self.body)

    def decoded(self) -> bytes:
        coding = (self.headers.get("Content-Encoding") or "").strip().lower()
        if coding == "br":
            return brotli.decompress(self.body)
        if coding == "gzip":
            return gzip.decompress(self.body)
        if coding == "deflate":
            return zlib.decompress(self.body)
        return self.body


class InProcess:
    """The app through the Flask test client."""

    def __init__(self):
        from atrophy_pwa import create_app
        self.app = create_app({"TESTING": True})
        self.client = self.app.test_client(use_cookies=False)
        import atrophy_pwa
        self.label = f"in-process (Flask test client), {Path(atrophy_pwa.__file__).parent}"

    def get(self, path: str, encoding: str) -> Fetched:
        response = self.client.get(path, headers={"Accept-Encoding": encoding})
        return Fetched(response.status_code, response.headers, response.get_data())


class OverHttp:
    """A running server, over HTTP with urllib (which does not decompress, so sizes are as sent)."""

    def __init__(self, base: str):
        self.base = base.rstrip("/")
        self.label = self.base

    def get(self, path: str, encoding: str) -> Fetched:
        request = urllib.request.Request(self.base + path, headers={"Accept-Encoding": encoding})
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return Fetched(response.status, response.headers, response.read())
        except urllib.error.HTTPError as error:
            return Fetched(error.code, error.headers, error.read())


def fetch_ok(fetcher, path: str, encoding: str) -> Fetched:
    fetched = fetcher.get(path, encoding)
    if fetched.status != 200:
        raise SystemExit(f"GET {path} answered {fetched.status}")
    return fetched


def locales(fetcher) -> list[str]:
    return [locale["code"] for locale in json.loads(fetch_ok(fetcher, "/api/v1/locales", "identity").decoded())["locales"]]


def verdict(total: int, budget: int) -> str:
    return "OK" if total <= budget else "OVER"


def kb(size: int) -> str:
    return f"{size / KB:.1f} KB"


CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync", "--disable-quic"]
COUNTED = {"Document", "Stylesheet", "Script", "Image", "Font", "Media", "Manifest", "Other"}  # not Fetch/XHR


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def served():
    """`atrophy-pwa serve` (waitress, the response table) of this checkout on a free port; its base address."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([sys.executable, "-c", "from atrophy_pwa.cli import main; main()", "serve",
                               "--port", str(port)], env={**os.environ, "PYTHONPATH": str(CHECKOUT_SRC)},
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(600):  # up to a minute on a busy machine
            try:
                urllib.request.urlopen(base + "/healthz", timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        else:
            raise SystemExit(f"atrophy-pwa serve did not answer on {base}")
        yield base
    finally:
        server.terminate()
        server.wait(10)


def browser_first_visits(base: str, paths: list[str]) -> dict:
    """path -> rows of (resource type, path, bytes on the wire with headers, content encoding), each page
loaded in a fresh browser profile (cold cache, no service worker) until the network is idle."""
    from playwright.sync_api import sync_playwright
    visits = {}
    with sync_playwright() as playwright, tempfile.TemporaryDirectory() as profiles:
        for number, path in enumerate(paths):
            # A profile of its own (not an incognito context), as a phone's: Chromium then also fetches
            # the web app manifest and its install icon, as it does to offer installing.
            context = playwright.chromium.launch_persistent_context(
                f"{profiles}/{number}", executable_path=os.environ.get("CHROME_PATH", "/usr/bin/chromium"),
                headless=True, args=CHROMIUM_ARGS,
                # No service worker: it registers after load and would precache, then claim the page
                # (sometimes before the network is idle) and answer the manifest from its cache.
                service_workers="block")
            page = context.new_page()
            cdp = context.new_cdp_session(page)
            cdp.send("Network.enable")
            sent, encodings, done = {}, {}, {}
            cdp.on("Network.requestWillBeSent", lambda e: sent.__setitem__(e["requestId"], (e.get("type", "Other"), e["request"]["url"])))
            cdp.on("Network.responseReceived", lambda e: encodings.__setitem__(
                e["requestId"], {k.lower(): v for k, v in e["response"]["headers"].items()}.get("content-encoding", "")))
            cdp.on("Network.loadingFinished", lambda e: done.__setitem__(e["requestId"], e["encodedDataLength"]))
            page.goto(base + path, wait_until="load")
            page.wait_for_load_state("networkidle")
            page.wait_for_timeout(1000)  # the manifest and its icon are fetched after load
            visits[path] = [(kind, url.removeprefix(base), done[rid], encodings.get(rid, ""))
                            for rid, (kind, url) in sent.items() if rid in done]
            context.close()
    return visits


def first_visit_budget(path: str) -> int:
    return HOME_BUDGET if path == "/en/" else FIRST_PAGE_BUDGET


def offline(fetcher, code: str, encoding: str) -> dict:
    manifest = json.loads(fetch_ok(fetcher, f"/api/v1/{code}/offline-manifest", encoding).decoded())
    totals = {"entries": len(manifest["entries"]), "plain": 0, "sent": 0, "locale_plain": 0, "locale_sent": 0,
              "shell_plain": 0, "shell_sent": 0, "flows_plain": 0, "flows_sent": 0}
    for entry in manifest["entries"]:
        fetched = fetch_ok(fetcher, entry["url"], encoding)
        plain = len(fetched.decoded())
        totals["plain"] += plain
        totals["sent"] += fetched.sent
        part = {code: ("locale",), f"flows:{code}": ("locale", "flows"), "shell": ("shell",)}.get(entry["group"], ())
        for name in part:
            totals[f"{name}_plain"] += plain
            totals[f"{name}_sent"] += fetched.sent
    totals["listed"] = manifest["size"]
    return totals


def static_folder() -> Path:
    from atrophy_pwa import paths
    return paths.STATIC


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", help="measure a running server at this base address (default: in-process)")
    parser.add_argument("--locale", default="en", help="locale whose first visit is shown file by file (default en)")
    parser.add_argument("--encoding", default="br", help="Accept-Encoding to send (default br)")
    args = parser.parse_args()
    fetcher = OverHttp(args.url) if args.url else InProcess()
    codes = locales(fetcher)
    if args.locale not in codes:
        parser.error(f"--locale {args.locale}: shipped locales are {', '.join(codes)}")
    over = []
    print(f"offline packs and images measured: {fetcher.label}, Accept-Encoding: {args.encoding}\n")

    # First visit, in Chromium against a served instance
    cards = json.loads(fetch_ok(fetcher, "/api/v1/en/cards", "identity").decoded())["cards"]
    pages = ["/en/", "/en/care", "/en/checklist", f"/en/cards/{cards[0]['slug']}"] + [f"/{c}/" for c in codes if c != "en"]
    shown = f"/{args.locale}/"
    with (contextlib.nullcontext(args.url.rstrip("/")) if args.url else served()) as base:
        visits = browser_first_visits(base, pages if shown in pages else pages + [shown])
    print(f"First visit to {shown} in Chromium ({base}), file by file: bytes on the wire with headers")
    print(f"  {'type':<11} {'path':<46} {'bytes':>7}  encoding")
    for kind, path, size, coding in visits[shown]:
        print(f"  {kind:<11} {path:<46} {size:>7}  {coding or '-'}{'' if kind in COUNTED else '  (not counted)'}")
    print("\nFirst visit per page in Chromium (cold cache, no service worker; HTML, CSS, JS, images with headers)")
    print(f"  {'page':<34} {'files':>5} {'bytes':>9} {'budget':>9}  verdict   {'JSON fetched':>12}")
    for path in pages:
        counted = [row for row in visits[path] if row[0] in COUNTED]
        total = sum(row[2] for row in counted)
        fetched = sum(row[2] for row in visits[path] if row[0] not in COUNTED)
        result = verdict(total, first_visit_budget(path))
        if result == "OVER":
            over.append(f"first visit {path} {kb(total)}")
        print(f"  {path:<34} {len(counted):>5} {kb(total):>9} {kb(first_visit_budget(path)):>9}  {result:<7}  {kb(fetched):>12}")

    # Offline
    print(f"\nOffline, every entry of /api/v1/<locale>/offline-manifest (budget {kb(OFFLINE_BUDGET)} sent)")
    print(f"  {'locale':<7} {'entries':>7} {'plain':>10} {'sent':>10} {'locale plain':>13} {'locale sent':>12}  verdict")
    packs = {code: offline(fetcher, code, args.encoding) for code in codes}
    for code, t in packs.items():
        result = verdict(t["sent"], OFFLINE_BUDGET)
        if result == "OVER":
            over.append(f"offline {code} {kb(t['sent'])}")
        if t["plain"] != t["listed"]:
            print(f"  note: {code} manifest lists {t['listed']} bytes, the files are {t['plain']}")
        print(f"  {code:<7} {t['entries']:>7} {kb(t['plain']):>10} {kb(t['sent']):>10} "
              f"{kb(t['locale_plain']):>13} {kb(t['locale_sent']):>12}  {result}")

    # Health worker: every language's flows (switching language mid-flow with no connection)
    print(f"\nHealth worker, 'Keep every language': the shell and every locale's flows "
          f"(budget {kb(HEALTH_WORKER_BUDGET)} sent)")
    print(f"  {'part':<14} {'sent':>10} {'kept (plain)':>13}")
    shell = packs[codes[0]]
    print(f"  {'shell':<14} {kb(shell['shell_sent']):>10} {kb(shell['shell_plain']):>13}")
    for code, t in packs.items():
        print(f"  {'flows:' + code:<14} {kb(t['flows_sent']):>10} {kb(t['flows_plain']):>13}")
    every_sent = shell["shell_sent"] + sum(t["flows_sent"] for t in packs.values())
    every_plain = shell["shell_plain"] + sum(t["flows_plain"] for t in packs.values())
    result = verdict(every_sent, HEALTH_WORKER_BUDGET)
    if result == "OVER":
        over.append(f"health worker, every language's flows {kb(every_sent)}")
    print(f"  {'total':<14} {kb(every_sent):>10} {kb(every_plain):>13}  {result}")
    whole_sent = shell["shell_sent"] + sum(t["locale_sent"] for t in packs.values())
    whole_plain = shell["shell_plain"] + sum(t["locale_plain"] for t in packs.values())
    print(f"  for comparison, every locale kept whole: {kb(whole_sent)} sent, {kb(whole_plain)} kept")
    print(f"  on top of one locale kept whole ({args.locale}): "
          f"{kb(every_sent - shell['shell_sent'] - packs[args.locale]['flows_sent'])} sent")

    sw = fetch_ok(fetcher, "/sw.js", args.encoding)
    listing = fetch_ok(fetcher, f"/api/v1/{args.locale}/offline-manifest", args.encoding)
    print(f"  not counted (the worker fetches them first): /sw.js {kb(sw.sent)} sent, "
          f"/api/v1/{args.locale}/offline-manifest {kb(listing.sent)} sent")

    # Images and fonts
    static = static_folder()
    print(f"\nImages under {static} (budget {kb(IMAGE_BUDGET)} each, on disk)")
    images = sorted(p for p in static.rglob("*") if p.is_file() and p.suffix.lower() in IMAGE_EXTENSIONS)
    for image in images:
        size = image.stat().st_size
        result = verdict(size, IMAGE_BUDGET)
        if result == "OVER":
            over.append(f"image {image.relative_to(static)} {kb(size)}")
        print(f"  {image.relative_to(static).as_posix():<40} {size:>8}  {result}")
    fonts = [p.relative_to(static).as_posix() for p in static.rglob("*") if p.is_file() and p.suffix.lower() in FONT_EXTENSIONS]
    faces = [p.relative_to(static).as_posix() for p in static.rglob("*.css") if FONT_FACE.search(p.read_bytes())]
    result = "OK" if not fonts and not faces else "OVER"
    if result == "OVER":
        over.append(f"web fonts: files {fonts}, @font-face in {faces}")
    print(f"\nWeb fonts: {len(fonts)} font files, @font-face in {len(faces)} stylesheets  {result}")
    for name in fonts + faces:
        print(f"  {name}")

    print("\nALL BUDGETS OK" if not over else "\nOVER BUDGET:\n  " + "\n  ".join(over))
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())

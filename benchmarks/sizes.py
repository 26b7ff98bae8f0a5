"""Size budgets: bytes a phone downloads on a first visit and for offline use, images and web fonts.

Budgets (compressed sizes are the bytes of the body as sent with `Accept-Encoding: br`):

  first visit   `/<locale>/` for every shipped locale: the HTML plus what a browser downloads on first
                load (stylesheets, scripts, the favicon, the web app manifest) <= 30 KB. Files fetched
                only when the app is installed (the manifest's icons, the apple-touch-icon) and the
                service worker script are listed apart and not counted.
  offline       every entry of `/api/v1/<locale>/offline-manifest`, summed compressed <= 250 KB per locale.
  health worker "Keep every language" (about page): the shell and every locale's flows (the entries of
                group flows:<locale>), summed compressed <= 1 MB; also printed: the bytes kept on the
                device (the Cache API keeps bodies uncompressed). Fetched by the service worker only
                when the setting is turned on, never on a first visit.
  images        every image under static/ <= 20 KB; no web fonts (no font files, no @font-face).

By default the app runs in-process through the Flask test client (no server needed); `--url` measures a
running server over HTTP instead. Prints OK or OVER for each budget and exits 1 when any is over.

    python benchmarks/sizes.py                              # in-process, Accept-Encoding: br
    python benchmarks/sizes.py --url http://127.0.0.1:8000  # a running `atrophy-pwa serve`
    python benchmarks/sizes.py --locale ar                  # per-file table for another locale
    python benchmarks/sizes.py --encoding "gzip, deflate"   # what a browser sends over plain HTTP

Browsers offer brotli only over HTTPS (and to localhost); over plain HTTP they send "gzip, deflate".
flask-compress compresses static files (streamed responses) with br or deflate but never gzip, so a
client that accepts gzip alone gets the CSS, JS and SVG uncompressed.
"""
import argparse
import gzip
import json
import re
import sys
import urllib.error
import urllib.request
import zlib
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import brotli

CHECKOUT_SRC = Path(__file__).resolve().parent.parent / "src"
if (CHECKOUT_SRC / "atrophy_pwa").is_dir():
    sys.path.insert(0, str(CHECKOUT_SRC))  # measure this checkout, wherever the package is installed from

KB = 1024
FIRST_VISIT_BUDGET = 30 * KB
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


class PageAssets(HTMLParser):
    """The subresources of a page, as (kind, url): kind is what the browser uses the file for."""

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and attrs.get("href"):
            rels = set((attrs.get("rel") or "").lower().split())
            for rel in ("stylesheet", "icon", "manifest", "apple-touch-icon", "preload", "modulepreload"):
                if rel in rels:
                    self.found.append((rel, attrs["href"]))
                    break
        elif tag == "script" and attrs.get("src"):
            self.found.append(("script", attrs["src"]))
        elif tag == "img" and attrs.get("src"):
            self.found.append(("img", attrs["src"]))
        elif attrs.get("data-module") == "service-worker" and attrs.get("data-src"):
            self.found.append(("service worker", attrs["data-src"]))  # registered by script after load


FIRST_LOAD = {"stylesheet", "script", "icon", "manifest", "preload", "modulepreload", "img"}


def local_path(base_page: str, url: str) -> str:
    """The path (and query) of a same-origin address; a third-party address is refused."""
    parts = urlsplit(urljoin("http://app.invalid" + base_page, url))
    if parts.netloc != "app.invalid":
        raise SystemExit(f"{base_page} loads a third-party address: {url}")
    return parts.path + (f"?{parts.query}" if parts.query else "")


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


def first_visit(fetcher, code: str, encoding: str) -> dict:
    """The page and what it loads: rows of (kind, path, sent, plain), split into first load and the rest."""
    page = f"/{code}/"
    html = fetch_ok(fetcher, page, encoding)
    parser = PageAssets()
    parser.feed(html.decoded().decode("utf-8"))
    first = [("html", page, html.sent, len(html.decoded()))]
    later = {}  # path -> [kinds, sent, plain]: fetched at install or after load, not on first load
    for kind, url in parser.found:
        path = local_path(page, url)
        fetched = fetch_ok(fetcher, path, encoding)
        if kind in FIRST_LOAD:
            if all(row[1] != path for row in first):
                first.append((kind, path, fetched.sent, len(fetched.decoded())))
        else:
            later.setdefault(path, [[], fetched.sent, len(fetched.decoded())])[0].append(kind)
        if kind == "manifest":
            for icon in json.loads(fetched.decoded()).get("icons", []):
                icon_path = local_path(path, icon["src"])
                got = fetch_ok(fetcher, icon_path, encoding)
                later.setdefault(icon_path, [[], got.sent, len(got.decoded())])[0].append("manifest icon")
    rest = [(", ".join(kinds), path, sent, plain) for path, (kinds, sent, plain) in later.items()
            if all(row[1] != path for row in first)]
    return {"first": first, "install": rest}


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
    print(f"measured: {fetcher.label}, Accept-Encoding: {args.encoding}\n")

    # First visit
    visits = {code: first_visit(fetcher, code, args.encoding) for code in codes}
    print(f"First visit to /{args.locale}/, file by file")
    print(f"  {'kind':<31} {'path':<46} {'sent':>8} {'plain':>8}")
    for part, title in (("first", "downloaded on first load"), ("install", "not counted: fetched at install, or by script after load")):
        print(f"  -- {title}")
        for kind, path, sent, plain in visits[args.locale][part]:
            print(f"  {kind:<31} {path:<46} {sent:>8} {plain:>8}")
    print(f"\nFirst visit per locale (budget {kb(FIRST_VISIT_BUDGET)} sent)")
    print(f"  {'locale':<7} {'files':>5} {'sent':>10} {'plain':>10} {'not counted':>14}  verdict")
    for code, rows in visits.items():
        sent = sum(row[2] for row in rows["first"])
        plain = sum(row[3] for row in rows["first"])
        extra = sum(row[2] for row in rows["install"])
        result = verdict(sent, FIRST_VISIT_BUDGET)
        if result == "OVER":
            over.append(f"first visit /{code}/ {kb(sent)}")
        print(f"  {code:<7} {len(rows['first']):>5} {kb(sent):>10} {kb(plain):>10} {kb(extra):>14}  {result}")

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

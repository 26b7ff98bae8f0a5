"""Browser tests: Debian's Chromium driven by Python Playwright, against the app served by waitress on loopback.

One server and one browser serve the whole session. The server is a switch in front of app instances, so
a test can move it to new content (an update) and back. With CI=true in the environment a browser test
that cannot start fails; without CI it is skipped with the reason.
"""
import os
import threading
from pathlib import Path

import pytest

from atrophy_pwa import create_app
from browser_support import ARGS, CHROMIUM, DEVICE_LOCALE, ExportSite, LiveSite, Switch

def cannot_start(reason: str):
    if os.environ.get("CI", "").lower() in ("true", "1"):
        pytest.fail(f"browser tests cannot start: {reason}", pytrace=False)
    pytest.skip(f"browser tests cannot start: {reason} (set CI=true to make this a failure)")


@pytest.fixture(scope="session")
def server():
    """The app under waitress on a free loopback port (a LiveSite: .url, .app, .serve(app), ...)."""
    from waitress.server import create_server
    switch = Switch(create_app({"TESTING": True}))
    httpd = create_server(switch, host="127.0.0.1", port=0, threads=8)
    thread = threading.Thread(target=httpd.run, daemon=True)
    thread.start()
    yield LiveSite(f"http://127.0.0.1:{httpd.effective_port}", switch)
    httpd.close()


@pytest.fixture(scope="session")
def exported(tmp_path_factory):
    """The app's static export served by Python's http.server (an ExportSite, with the same interface)."""
    site = ExportSite(tmp_path_factory.mktemp("export"))
    yield site
    site.close()


@pytest.fixture
def origin(server):
    """The site a test's browser context opens: the live app; the offline, install and update tests
    override this to run against both the live app and the static export."""
    return server


@pytest.fixture(params=["app", "export"])
def app_and_export(request):
    """For modules whose tests must pass on both: `origin = app_and_export` in the module."""
    return request.getfixturevalue("server" if request.param == "app" else "exported")


@pytest.fixture(scope="session")
def playwright_api():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as error:
        cannot_start(f"playwright is not installed ({error})")
    if not Path(CHROMIUM).exists():
        cannot_start(f"no Chromium at {CHROMIUM} (apt-get install -y chromium fonts-liberation)")
    with sync_playwright() as api:
        yield api


@pytest.fixture(scope="session")
def browser(playwright_api):
    try:
        launched = playwright_api.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
    except Exception as error:  # noqa: BLE001 - any launch failure means the tests cannot run
        cannot_start(f"Chromium did not start ({error})")
    yield launched
    launched.close()


def watch_requests(context, server):
    """Record every request the context makes; the test's teardown checks they stayed on our origin."""
    seen = []
    context.on("request", lambda request: seen.append(request.url))
    return seen


def assert_private(context, seen, server):
    foreign = [url for url in seen if not url.startswith(server.url + "/") and not url.startswith("data:")]
    assert not foreign, f"requests to another origin: {foreign}"
    assert context.cookies() == [], "the app set a cookie"


@pytest.fixture
def context(browser, origin):
    """A fresh browser profile (no service worker yet) on a phone-sized screen; checked for privacy after."""
    ctx = browser.new_context(base_url=origin.url, locale=DEVICE_LOCALE, viewport={"width": 390, "height": 844})
    seen = watch_requests(ctx, origin)
    yield ctx
    assert_private(ctx, seen, origin)
    ctx.close()


@pytest.fixture
def page(context):
    return context.new_page()

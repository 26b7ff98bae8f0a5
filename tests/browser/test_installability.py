"""Installable: the service worker registers and controls the page; Chromium finds no installability errors."""
import pytest

from browser_support import ARGS, CHROMIUM, DEVICE_LOCALE, LOCALES, controlled

pytestmark = pytest.mark.browser


@pytest.fixture
def origin(app_and_export):
    """Installable both from the live app and from its static export."""
    return app_and_export


@pytest.fixture
def profile(playwright_api, origin, tmp_path):
    """A persistent profile: Chromium reports "in-incognito" for every ordinary context."""
    ctx = playwright_api.chromium.launch_persistent_context(
        str(tmp_path / "profile"), executable_path=CHROMIUM, headless=True, args=ARGS,
        base_url=origin.url, locale=DEVICE_LOCALE)
    yield ctx
    ctx.close()


@pytest.mark.parametrize("locale", LOCALES)
def test_worker_controls_the_page_and_chromium_finds_it_installable(profile, locale):
    page = controlled(profile.new_page(), f"/{locale}/")
    scope = page.evaluate("navigator.serviceWorker.getRegistration().then(r => r.scope)")
    assert scope == page.url.split(f"{locale}/")[0]
    cdp = profile.new_cdp_session(page)
    assert cdp.send("Page.getInstallabilityErrors")["installabilityErrors"] == []
    parsed = cdp.send("Page.getAppManifest")
    assert parsed["url"].endswith(f"/{locale}/manifest.webmanifest") and not parsed["errors"]
    page.close()


def test_manifest_is_localised_with_every_icon(server, locale="ar"):
    with server.app.test_client() as client:
        manifest = client.get(f"/{locale}/manifest.webmanifest").get_json(force=True)
        icons = {(icon["sizes"], icon["type"], icon["purpose"]) for icon in manifest["icons"]}
        assert {("192x192", "image/png", "any"), ("512x512", "image/png", "any"),
                ("512x512", "image/png", "maskable"), ("any", "image/svg+xml", "any")} <= icons
        for icon in manifest["icons"]:
            with client.get(icon["src"]) as response:
                assert response.status_code == 200 and len(response.data) < 20_000
                assert "immutable" in response.headers["Cache-Control"]
    assert manifest["lang"] == "ar" and manifest["dir"] == "rtl"
    assert manifest["start_url"] == "/ar/" and manifest["scope"] == "/" and manifest["display"] == "standalone"
    assert manifest["name"] and manifest["short_name"] and manifest["description"]


def test_worker_script_is_never_cached_and_may_control_everything(server):
    with server.app.test_client() as client:
        response = client.get("/sw.js")
    assert response.mimetype == "text/javascript"
    assert response.headers["Cache-Control"] == "no-cache"
    assert response.headers["Service-Worker-Allowed"] == "/"


def test_where_the_browser_offers_no_prompt_the_install_steps_show(context, page):
    context.add_init_script("Object.defineProperty(Navigator.prototype, 'standalone', {get: () => false})")  # as iOS Safari
    page.goto("/ar/")
    hint = page.locator("[data-install=ios]")
    assert hint.is_visible() and hint.inner_text().strip()
    assert page.locator("[data-install=prompt]").is_hidden()

"""Readable on a 320 px wide phone, and at 200 % text size: nothing needs sideways scrolling."""
import pytest

from browser_support import LOCALES, page_urls

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("locale", ["en", "ar"])
@pytest.mark.parametrize("zoom", ["100%", "200%"])
def test_pages_fit_320_px(browser, server, locale, zoom):
    assert locale in LOCALES
    context = browser.new_context(viewport={"width": 320, "height": 640}, java_script_enabled=False)
    page = context.new_page()
    too_wide = {}
    for url in page_urls(server.app, locale):
        page.goto(server.url + url)
        page.evaluate("zoom => { document.documentElement.style.fontSize = zoom; }", zoom)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 320:
            too_wide[url] = width
    context.close()
    assert not too_wide, too_wide

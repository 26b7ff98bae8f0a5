"""Hindi and Arabic pages render their words in a font that has their script, not as empty boxes.

Chromium reports, per element, which platform fonts drew its text and how many glyphs each drew
(DevTools' CSS.getPlatformFontsForNode). With only Latin fonts installed, Devanagari and Arabic fall
back to fonts without those letters and show as boxes; the test setup installs Debian's fonts-noto-core.
"""
import pytest

pytestmark = pytest.mark.browser

SCRIPTS = {"hi": ("Devanagari", "\u0900", "\u097f"), "ar": ("Arabic", "\u0600", "\u06ff")}


@pytest.mark.parametrize("code", SCRIPTS)
def test_pages_in_hindi_and_arabic_render_with_a_font_for_their_script(page, code):
    script, first, last = SCRIPTS[code]
    page.goto(f"/{code}/")
    heading = page.locator("h1").first
    text = heading.inner_text()
    assert sum(first <= ch <= last for ch in text) >= 3, f"the {code} heading is not in {script}: {text!r}"
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": "h1"})["nodeId"]
    fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    drew = {font["familyName"]: font["glyphCount"] for font in fonts}
    assert any(script in family and count > 0 for family, count in drew.items()), \
        f"/{code}/ heading drawn with {drew}: no {script} font (apt-get install fonts-noto-core)"

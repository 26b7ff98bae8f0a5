"""Hindi and Arabic pages render their words in a font that has their letters, not as empty boxes.

Chromium reports, per element, which platform fonts drew its text and how many glyphs each drew
(DevTools' CSS.getPlatformFontsForNode). Where no installed font has a script's letters, Chromium still
names the fallback font it drew boxes with, so the test asks fontconfig whether a font that drew glyphs
really holds every letter of the heading. The test setup installs Debian's fonts-noto-core.
"""
import subprocess

import pytest

pytestmark = pytest.mark.browser

SCRIPTS = {"hi": ("\u0900", "\u097f"), "ar": ("\u0600", "\u06ff")}


def holds(family: str, letters: set[str]) -> bool:
    charset = " ".join(f"{ord(letter):04x}" for letter in sorted(letters))
    found = subprocess.run(["fc-list", f":family={family}:charset={charset}", "family"],
                           capture_output=True, text=True, check=True)
    return bool(found.stdout.strip())


@pytest.mark.parametrize("code", SCRIPTS)
def test_pages_in_hindi_and_arabic_render_with_a_font_that_has_their_letters(page, code):
    first, last = SCRIPTS[code]
    page.goto(f"/{code}/")
    text = page.locator("h1").first.inner_text()
    letters = {ch for ch in text if first <= ch <= last}
    assert len(letters) >= 3, f"the /{code}/ heading is not in its script: {text!r}"
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": "h1"})["nodeId"]
    drew = {font["familyName"]: font["glyphCount"]
            for font in cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]}
    assert any(count > 0 and holds(family, letters) for family, count in drew.items()), \
        f"/{code}/ heading {text!r} drawn with {drew}, none of which has its letters (apt-get install fonts-noto-core)"

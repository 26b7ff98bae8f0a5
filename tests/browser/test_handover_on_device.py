"""The hand-over code in real Chromium at 360 px: a result drawn on the device shows the code and a QR,
and the code opened in another language with no connection shows the same level and reasons there."""
import pytest

from atrophy_pwa import i18n
from atrophy_pwa.core import triage
from browser_support import controlled, wait_until_kept

pytestmark = pytest.mark.browser


def test_a_code_from_an_english_result_opens_in_arabic_offline(context, page, server):
    page.set_viewport_size({"width": 360, "height": 740})
    controlled(page, "/en/")
    page.click("a[data-locale=ar]")  # Arabic kept offline too, as a health worker's phone would
    wait_until_kept(page, "ar")
    page.goto("/en/care")
    page.check("[data-question=face_droop]")
    # Its scripts come with the first result drawn on the device (render.handover), not with the step.
    assert page.evaluate("!window.atrophy.handover && !window.leanQr")
    page.click("form[data-module=care-flow] button[type=submit]")
    code = page.locator("[data-handover-code]").inner_text()
    assert len(code) >= 10 and "-" in code
    assert page.locator("[data-slot=handover-qr] svg path").get_attribute("d")  # a QR is drawn
    assert page.locator(".app-handover").is_visible()

    context.set_offline(True)
    page.goto(f"/ar/handover#{code}")
    heading = page.locator("[data-disposition]")
    heading.wait_for()
    with server.app.app_context():
        flow = i18n.locale_view(server.app.extensions["content"], "ar")["flow"]
    outcome = triage.evaluate(flow, {"face_droop": True})
    told = triage.reasons(flow)
    assert heading.get_attribute("data-disposition") == outcome["disposition"] == "emergency"
    assert page.locator(".app-reasons li").all_inner_texts() == [told[r] for r in outcome["reasons"]]
    assert page.locator("a[href='tel:999']").count() >= 1
    assert page.locator("[data-handover-code]").inner_text() == code
    assert page.locator("[data-slot=handover-qr] svg path").get_attribute("d")
    assert page.locator("html").get_attribute("lang") == "ar"

    page.goto("/ar/checklist")  # the checklist's result on the device shows its code too
    page.check("[data-sign=weak_grip]")
    page.click("form[data-module=checklist] button[type=submit]")
    assert page.locator("[data-handover-code]").inner_text().startswith("3")  # version 1, checklist

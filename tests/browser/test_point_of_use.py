"""Safe at the point of use (issue 11), as a person sees it: the local number in the server's region order
with tap-to-call, the shared phone, a change of language in the middle of the flow (with and without
JavaScript), and the static export's flow pages without JavaScript. Few tests, each walking one story."""
import re

import pytest

pytestmark = pytest.mark.browser

SUBMIT_FLOW = "form[data-module=care-flow] button[type=submit]"


def result(page):
    heading = page.locator("[data-disposition]")
    heading.wait_for()
    return heading.get_attribute("data-disposition"), heading.inner_text()


def tel_links(page):
    return page.eval_on_selector_all("main a[href^='tel:']", "links => links.map((a) => a.getAttribute('href'))")


def test_region_order_and_tap_to_call_on_the_device_and_without_javascript(browser, server):
    # An en-US phone opening a link made for the UK: ?region= wins over the phone's languages.
    context = browser.new_context(base_url=server.url, locale="en-US")
    page = context.new_page()
    page.goto("/en/care?region=GB")
    page.check("[data-question=face_droop]")
    page.click(SUBMIT_FLOW)
    disposition, heading = result(page)
    assert disposition == "emergency" and "Call 999 now" in heading and "911" not in page.locator("main").inner_text()
    assert set(tel_links(page)) == {"tel:999"}
    assert page.locator(".app-button--call").inner_text() == "Call 999"
    # The country can still be changed: "Not in the United Kingdom? Change the country".
    page.click("summary:has-text('Not in the United Kingdom?')")
    page.select_option("select#region", "IN")
    page.click("form.app-region button")
    page.locator("[data-disposition]", has_text="112 (ambulance: 108)").wait_for()
    assert page.eval_on_selector_all(".app-button--call", "a => a.map((x) => x.getAttribute('href'))") == ["tel:112", "tel:108"]
    assert "region=" not in page.url
    # The country chosen on the device now wins over the phone's languages on the home banner too.
    page.goto("/en/")
    page.locator(".app-emergency", has_text="112").wait_for()
    assert "911" not in page.locator(".app-emergency").inner_text()
    assert "tel:112" in tel_links(page) and "Not in India? Change the country" in page.locator(".app-emergency").inner_text()
    context.close()
    # Without JavaScript the server gives the same number, the same link and the same control.
    context = browser.new_context(base_url=server.url, locale="en-US", java_script_enabled=False)
    page = context.new_page()
    page.goto("/en/care?region=GB")
    page.check("[data-question=face_droop]")
    page.click(SUBMIT_FLOW)
    disposition, heading = result(page)
    assert disposition == "emergency" and "Call 999 now" in heading and set(tel_links(page)) == {"tel:999"}
    assert page.locator("summary", has_text="Not in the United Kingdom? Change the country").is_visible()
    context.close()


def test_checklist_why_lists_the_ticked_signs_and_gradual_signs_lead_to_a_visit(page):
    page.goto("/en/checklist")
    for sign in ("trouble_speaking", "facial_weakness", "vision_problems"):
        page.check(f"[data-sign={sign}]")
    page.click("form[data-module=checklist] button[type=submit]")
    assert result(page)[0] == "appointment"
    reasons = page.locator(".app-reasons li").all_inner_texts()
    assert reasons == ["Speaking has slowly become harder over weeks or months",
                       "Face muscles that have slowly become weaker",
                       "Double sight or eyelids that hang down, that come and go or get worse later in the day"]
    assert page.locator(".app-no-reasons").count() == 0
    assert page.locator(".app-signs dd li").count() >= 3  # "may point to" is a list


def test_a_shared_phone_never_shows_an_old_result_as_current(page):
    page.goto("/en/care")
    page.check("[data-question=face_droop]")
    page.click(SUBMIT_FLOW)
    assert result(page)[0] == "emergency"
    page.reload()  # a reload of the result itself (history.state says so): still theirs, not asked
    assert result(page)[0] == "emergency" and page.locator(".app-same-person").count() == 0
    page.goto("/fr/care")  # opened afresh a moment later, in another language: always asked, however soon
    page.locator("h1", has_text="Même personne ou nouvelle personne ?").wait_for()
    assert page.locator("[data-disposition]").count() == 0
    assert not page.locator("form[data-module=care-flow]").is_visible()
    # one choice of two buttons, and no outline drawn over the heading that has the focus
    assert page.locator("main a:visible, main button:visible").count() == 2
    assert page.evaluate("document.activeElement.id") == "same-person-heading"
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") == "none"
    page.click("[data-action=same-person]")
    assert result(page)[0] == "emergency"
    page.goto("/en/care")
    page.click("button[data-action=new-person]")  # one tap clears everything
    page.locator("[data-question=face_droop]").wait_for()
    assert page.evaluate("localStorage.getItem('atrophy-pwa:care')") is None
    assert page.locator("[data-disposition]").count() == 0 and page.locator("[data-question]:checked").count() == 0


def test_version_1_answers_still_load(page):
    page.goto("/en/care")
    page.evaluate("""localStorage.setItem('atrophy-pwa:care', JSON.stringify(
      {step: 1, answers: {sudden_weakness: true, no_such_question: true}, done: true, savedAt: Date.now()}))""")
    page.reload()
    disposition, _heading = result(page)
    assert disposition == "urgent"  # the level version 1 gave; the id is kept, the unknown one dropped
    assert page.locator(".app-reasons li").all_inner_texts() == ["Your weakness is getting worse fast."]


def test_changing_language_mid_flow_keeps_the_answers_and_the_step(browser, server, page):
    page.goto("/en/care")
    for _step in range(2):  # the two steps of emergency signs
        page.check("[data-none]")
        page.click(SUBMIT_FLOW)
    page.check("[data-question=numbness_tingling]")
    page.click("[data-locale=es]")
    page.wait_for_url("**/es/care")
    page.locator("[data-question=numbness_tingling]").wait_for()
    assert page.is_checked("[data-question=numbness_tingling]")
    assert page.locator("form[data-module=care-flow] input[name=step]").input_value() == "2"
    # Without JavaScript: the language links post the answers to the same step; nothing goes in the address.
    context = browser.new_context(base_url=server.url, java_script_enabled=False)
    nojs = context.new_page()
    nojs.goto("/en/care")
    for _step in range(2):
        nojs.check("[data-none]")
        nojs.click(SUBMIT_FLOW)
    assert nojs.locator("form[data-module=care-flow] input[name=step]").input_value() == "2"
    nojs.check("[data-question=numbness_tingling]")  # ticked, not yet sent: the language button sends it
    nojs.click("button[data-locale=ar]")
    assert nojs.locator("html").get_attribute("lang") == "ar"
    assert nojs.locator("form[data-module=care-flow] input[name=step]").input_value() == "2"
    assert nojs.is_checked("[data-question=numbness_tingling]")
    nojs.click(SUBMIT_FLOW)
    assert result(nojs)[0] == "urgent"
    nojs.click("button[data-locale=pt]")
    assert nojs.locator("html").get_attribute("lang") == "pt" and result(nojs)[0] == "urgent"
    assert nojs.locator(".app-reasons li").count() == 1
    assert not re.search(r"numbness|yes=", nojs.url)
    context.close()


def test_the_exports_flow_pages_without_javascript_have_no_dead_form(browser, exported):
    context = browser.new_context(base_url=exported.url, java_script_enabled=False)
    page = context.new_page()
    for url in ("/en/care", "/en/checklist"):
        page.goto(url)
        assert page.locator("main button:visible, main input:visible, main select:visible").count() == 0, url
        emergency = page.locator("main .app-emergency")
        assert "Sudden blurred, double or lost sight" in emergency.inner_text(), url
        row = emergency.locator("tr", has_text="United Kingdom")
        assert row.locator("a[href='tel:999']").count() == 1, url
    context.close()
    context = browser.new_context(base_url=exported.url, locale="en-GB")  # with JavaScript the form is there
    page = context.new_page()
    page.goto("/en/care")
    assert page.locator(SUBMIT_FLOW).is_visible()
    context.close()

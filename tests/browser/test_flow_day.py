"""A health worker's day on the flow and result pages (issue 21), at 360 px wide: results drawn on the
device are whole (every <use> finds its picture), the phone's Back steps through the flow, "Change my
answers" keeps the answers, 112 when no country is known, and every link and button a thumb can hit."""
import pytest

from babel.messages.pofile import read_po
from browser_support import dangling_pictures

from atrophy_pwa import paths

pytestmark = pytest.mark.browser

SUBMIT_FLOW = "form[data-module=care-flow] button[type=submit]"
PHONE = {"width": 360, "height": 740}

# Every visible link and button smaller than 44x44 CSS px. The one exemption is WCAG 2.5.8's "inline"
# exception: a link inside running prose (display inline, with other words in the same block), never a
# tel: link. Anything off screen (the skip link until focused) is not visible.
TOO_SMALL = """() => Array.from(document.querySelectorAll("a, button, summary, [role=button]")).filter((el) => {
  const box = el.getBoundingClientRect();
  if (!box.width || !box.height || box.right <= 0 || box.left >= innerWidth) return false;
  const inProse = getComputedStyle(el).display === "inline" && !el.matches("[href^='tel:']")
    && el.parentElement.textContent.trim() !== el.textContent.trim();
  return !inProse && (box.width < 44 || box.height < 44);
}).map((el) => `${el.tagName} "${el.textContent.trim().slice(0, 40)}" ${Math.round(el.getBoundingClientRect().width)}x${Math.round(el.getBoundingClientRect().height)}`)"""


def result(page):
    heading = page.locator("[data-disposition]")
    heading.wait_for()
    return heading.get_attribute("data-disposition")


def step_shown(page, number):
    page.wait_for_function("(n) => { const s = document.querySelector('form[data-module=care-flow] input[name=step]');"
                           " return s && s.value === n && !document.querySelector('[data-disposition]'); }", arg=str(number))


@pytest.mark.parametrize("locale", ["en", "ar", "hi"])
def test_a_day_on_the_device_whole_results_back_change_and_thumb_sized_targets(browser, server, locale):
    context = browser.new_context(base_url=server.url, locale="en-GB", viewport=PHONE)
    page = context.new_page()
    small = {}
    for url in (f"/{locale}/", f"/{locale}/cards/what-is-muscle-atrophy"):
        page.goto(url)
        small[url] = page.evaluate(TOO_SMALL)
    page.goto(f"/{locale}/care")
    small["step"] = page.evaluate(TOO_SMALL)
    page.check("[data-question=face_droop]")
    page.click(SUBMIT_FLOW)
    assert result(page) == "emergency"
    assert page.locator("symbol").count() > 30 and dangling_pictures(page) == []
    small["emergency"] = page.evaluate(TOO_SMALL)
    # "Change my answers": the first step again with the tick kept; then walk to an urgent result.
    page.click("[data-action=change-answers]")
    step_shown(page, 0)
    assert page.is_checked("[data-question=face_droop]")
    for step in range(2):
        page.check(f"form[data-module=care-flow] [data-none]")
        page.click(SUBMIT_FLOW)
        step_shown(page, step + 1)
    page.check("[data-question=numbness_tingling]")
    page.click(SUBMIT_FLOW)
    assert result(page) == "urgent" and dangling_pictures(page) == []
    small["urgent"] = page.evaluate(TOO_SMALL)
    # The phone's Back: the steps again, newest first, answers kept; never out of the flow part way.
    page.go_back()
    step_shown(page, 2)
    assert page.is_checked("[data-question=numbness_tingling]")
    page.go_back()
    step_shown(page, 1)
    page.go_forward()
    step_shown(page, 2)
    page.go_forward()
    assert result(page) == "urgent"
    page.goto(f"/{locale}/checklist")
    page.check("[data-sign=sudden_vision]")
    page.click("form[data-module=checklist] button[type=submit]")
    result(page)
    assert dangling_pictures(page) == []
    small["checklist result"] = page.evaluate(TOO_SMALL)
    page.click("[data-action=change-answers]")  # the ticks again, kept
    assert page.is_checked("[data-sign=sudden_vision]") and page.locator("[data-disposition]").count() == 0
    page.go_back()  # Back: the result again, then the ticks
    result(page)
    page.go_back()
    page.locator("[data-sign=sudden_vision]").wait_for()
    assert page.is_checked("[data-sign=sudden_vision]") and page.locator("[data-disposition]").count() == 0
    context.close()
    assert not any(small.values()), small


def translated(locale, message):
    """message in locale's shipped catalogue (the sentence a reader of that language sees)."""
    with (paths.TRANSLATIONS / locale / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        return read_po(handle, locale=locale)[message].string


def test_no_known_country_offers_112_beside_the_picker_which_remembers(browser, server):
    context = browser.new_context(base_url=server.url, locale="ar", viewport=PHONE)  # phone language ar alone
    page = context.new_page()
    page.goto("/ar/care")
    page.check("[data-question=face_droop]")
    page.click(SUBMIT_FLOW)
    assert result(page) == "emergency"
    no_country = page.locator(".app-card-card, .app-care-card .app-no-country")
    assert no_country.locator("a[href='tel:112']").is_visible()
    said = translated("ar", "We do not know your country. %(number)s reaches the emergency service from mobile phones "
                            "in many countries.") % {"number": "112"}
    assert said != "We do not know your country. 112 reaches the emergency service from mobile phones in many countries."
    assert said in no_country.inner_text()  # the plain sentence, in Arabic
    assert page.eval_on_selector_all("main a[href^='tel:']", "a => a.map((x) => x.getAttribute('href'))") == ["tel:112"]
    no_country.locator("select").select_option("IN")
    no_country.locator("button").click()
    page.locator(".app-button--call[href='tel:108']").wait_for()
    assert page.locator(".app-no-country").count() == 0
    page.reload()  # the choice is kept on this phone, and shown in the picker
    page.locator(".app-button--call[href='tel:108']").wait_for()
    assert page.locator(".app-region-change select").input_value() == "IN"
    context.close()

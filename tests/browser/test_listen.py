"""Listen (static/js/listen.js) with a stand-in speech engine, and None of these and Back without JavaScript."""
import pytest

from browser_support import speech

pytestmark = pytest.mark.browser


def said(page) -> list:
    return page.evaluate("window.__spoken")


def test_listen_reads_in_order_item_by_item_and_stops(context, page):
    speech(context)
    page.goto("/en/cards/symptoms")
    button = page.locator("article .app-listen button")
    button.click()
    texts = [entry["text"] for entry in said(page) if "text" in entry]
    assert {entry["lang"] for entry in said(page) if "text" in entry} == {"en"}
    assert texts[0] == page.locator("article h1").inner_text()  # the heading first
    items = page.locator("article .app-card__section li").all_inner_texts()
    assert items and all(item in texts for item in items)  # each list item on its own
    headings = [texts.index(h) for h in page.locator("article .app-card__section h2").all_inner_texts()]
    assert headings == sorted(headings)  # in page order
    assert "Sources" not in texts  # the source list is not read out
    assert button.inner_text() == "Stop"
    button.click()
    assert said(page)[-1] == {"cancel": True} and button.inner_text() == "Listen"
    # A result: the heading, then what to do, then why.
    page.goto("/en/care")
    page.check("[data-question=face_droop]")
    page.click("form[data-module=care-flow] button[type=submit]")
    page.locator(".app-care-card .app-listen button").click()
    texts = [entry["text"] for entry in said(page) if "text" in entry]
    order = [texts.index(words) for words in ("Emergency advice: Call 999 now", "What to do", "Why")]
    assert order == sorted(order) and order[0] == 0, texts
    assert texts[order[1] + 1].startswith("Call your local emergency number")


def test_listen_stops_when_the_step_changes(context, page):
    speech(context)
    page.goto("/en/care")
    page.click(".app-listen button")
    assert said(page)[1]["text"] == "Signs of a stroke"  # after the cancel before reading
    page.check("[data-none]")
    page.click("form[data-module=care-flow] button[type=submit]")
    page.locator("input[name=step][value='1']").wait_for(state="attached")
    assert said(page)[-1] == {"cancel": True}
    assert page.locator(".app-listen button").inner_text() == "Listen"
    assert page.evaluate("window.__asked") == 1  # the voices are asked for once, not on every page change


def test_listen_shows_only_when_a_voice_for_the_page_language_loads(context, page):
    speech(context, voices=("fr-FR",))
    page.goto("/en/checklist")
    page.locator("html.app-js-enabled").wait_for(state="attached")
    assert page.locator(".app-listen").is_hidden()  # no English voice: no dead button
    page.evaluate("window.__voices = [{lang: 'en_US', name: 'Late', default: false}];"
                  "speechSynthesis.dispatchEvent(new Event('voiceschanged'))")  # as Android, late
    assert page.locator(".app-listen").is_visible()
    assert page.evaluate("window.__asked") == 2  # again when the voices changed, and only then
    page.click(".app-listen button")
    assert said(page)[-1]["voice"] == "Late"


def test_none_of_these_and_back_without_javascript(browser, server):
    context = browser.new_context(base_url=server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/en/care")
    continue_button = page.locator("form[data-module=care-flow] button[type=submit]")
    continue_button.click()  # nothing ticked: the server asks once
    assert page.locator("#none-asked").is_visible()
    page.check("[data-none]")
    continue_button.click()
    page.check("[data-none]")  # the second step of emergency signs
    continue_button.click()
    page.check("[data-question=choking_eating]")
    page.click("[data-action=back]")
    assert page.locator("#care-form input[name=step]").input_value() == "1" and page.is_checked("[data-none]")
    continue_button.click()
    assert page.is_checked("[data-question=choking_eating]")
    continue_button.click()  # choking: muscles that tire with use (next step) would make it an emergency
    page.check("[data-none]")
    continue_button.click()
    assert page.locator("[data-disposition]").get_attribute("data-disposition") == "urgent"
    context.close()

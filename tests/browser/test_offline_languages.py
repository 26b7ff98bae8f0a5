"""A health worker changes language with each person, with no connection (issue 21): with "Keep every
language" on, the language links of the care flow lead to the same step with the same ticks, and to the
same result, in the other language; a page not saved is never a dead end. Live app and static export."""
import pytest

from browser_support import controlled

pytestmark = pytest.mark.browser


@pytest.fixture
def origin(app_and_export):
    return app_and_export


def flow(origin, code):
    with origin.app.test_client() as client:
        return client.get(f"/api/v1/{code}/flow").get_json()


def test_language_changes_offline_keep_the_step_the_ticks_and_the_result(context, page, origin):
    ar, hi = flow(origin, "ar"), flow(origin, "hi")
    controlled(page, "/en/about")
    page.click("[data-action=every-on]")
    page.locator("[data-every=on]").wait_for()
    assert {"ar", "hi"} <= set(page.evaluate("atrophy.worker.ask({type: 'status'})")["flows"])
    page.click("a[href='/en/care']")
    page.check("[data-question=face_droop]")  # step 1, partly answered: saved on the device, not sent
    page.check("[data-question=speech_difficulty]")
    context.set_offline(True)

    page.click("[data-locale=ar]")  # a link, or on the flow pages a button the script turns into a link
    page.wait_for_url("**/ar/care")
    page.locator("form[data-module=care-flow] h1", has_text=ar["steps"][0]["title"]).wait_for()
    assert page.locator("#care-form input[name=step]").input_value() == "0"
    ticked = page.eval_on_selector_all("[data-question]:checked", "boxes => boxes.map((b) => b.value)")
    assert ticked == ["face_droop", "speech_difficulty"]
    assert page.locator("label[for=q-face_droop]").inner_text().strip() == ar["steps"][0]["questions"][0]["text"]

    page.click("form[data-module=care-flow] button[type=submit]")
    page.locator("[data-disposition=emergency]").wait_for()
    page.click("[data-locale=hi]")
    page.wait_for_url("**/hi/care")
    page.locator("[data-disposition=emergency]").wait_for()
    why = {q["id"]: q["reason"] for step in hi["steps"] for q in step["questions"]}
    reasons = page.locator(".app-reasons li").all_inner_texts()
    assert [reason.strip() for reason in reasons] == [why["face_droop"], why["speech_difficulty"]]
    assert page.locator("html").get_attribute("lang") == "hi"

    # A page not kept (Hindi cards are not part of the flows): the emergency number and saved pages.
    slug = next(iter(origin.app.extensions["content"].cards))
    page.goto(f"/hi/cards/{slug}")
    assert page.locator("html").get_attribute("lang") == "hi" and page.locator("[data-module=saved-pages]").count() == 1
    page.locator(".app-emergency a[href='tel:999']").first.wait_for()  # the device's number (en-GB)
    page.locator("[data-saved=ar]").wait_for()  # shown once the worker has said what is saved
    assert page.locator("[data-saved=hi]").is_visible()
    page.locator("[data-slot=same] a[hreflang=en]").click()  # this card in English, saved whole
    page.wait_for_url(f"**/en/cards/{slug}")
    assert page.locator("main h1").inner_text() == origin.app.extensions["content"].cards[slug]["title"]

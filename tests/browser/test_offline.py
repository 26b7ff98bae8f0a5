"""Offline after one visit: every page, both flows on the device, saved progress, more languages.
Each test runs against the live app and against its static export on a plain static server."""
import pytest

from browser_support import LOCALES, SHIPPED, LiveSite, controlled, dangling_pictures, page_urls, wait_until_kept, worker_status

pytestmark = pytest.mark.browser


@pytest.fixture
def origin(app_and_export):
    return app_and_export


def care_result(page):
    heading = page.locator("[data-disposition]")
    heading.wait_for()
    return heading.get_attribute("data-disposition"), heading.inner_text()


@pytest.mark.parametrize("locale", SHIPPED)
def test_every_page_renders_offline_after_one_visit(context, page, origin, locale):
    controlled(page, f"/{locale}/")
    context.set_offline(True)
    for url in page_urls(origin.app, locale):
        response = page.goto(url)
        assert response.ok and response.from_service_worker, url
        assert page.locator(f'html[lang="{locale}"]').count() == 1, url
        assert page.locator("main h1").count() == 1, url


def test_a_page_not_saved_shows_the_offline_page(context, page):
    controlled(page, "/en/")
    context.set_offline(True)
    page.goto("/en/?region=FR")
    assert page.locator("main h1").inner_text() == "You are offline"


CARD_TEXT = "(root) => root.querySelector('.app-care-card').innerText.replace(/\\s+/g, ' ').trim()"


@pytest.mark.parametrize("locale", LOCALES)
def test_care_flow_reaches_each_result_offline(context, page, origin, locale):
    controlled(page, f"/{locale}/care")
    served = None
    if isinstance(origin, LiveSite):  # the server's page without JavaScript, for the same answer and country (GB)
        served = page.evaluate(f"""async () => {{
          const response = await fetch("/{locale}/care", {{ method: "POST", body: new URLSearchParams([["step", "0"], ["yes", "face_droop"]]) }});
          const card = new DOMParser().parseFromString(await response.text(), "text/html").querySelector(".app-care-card");
          document.getElementById("main").append(document.importNode(card, true));
          const text = ({CARD_TEXT})(document.getElementById("main"));
          document.querySelector("#main > .app-care-card").remove();
          return text;
        }}""")
    context.set_offline(True)
    page.reload()
    page.check("[data-question=face_droop]")
    page.click("form[data-module=care-flow] button[type=submit]")
    disposition, heading = care_result(page)
    assert disposition == "emergency" and "999" in heading  # navigator.languages says GB
    assert served is None or page.eval_on_selector("main", CARD_TEXT) == served  # drawn offline as the server draws it
    assert dangling_pictures(page) == []  # the result drawn on the device keeps its pictures
    # The hand-over code and its QR: their scripts, loaded only now, come from the service worker.
    assert page.locator("[data-handover-code]").inner_text().startswith("2")  # version 1, care flow
    assert page.locator("[data-slot=handover-qr] svg path").get_attribute("d")
    page.click("[data-action=new-person]")
    for _step in range(4):  # "None of these" on every step: every step is asked, then self-care
        page.check("[data-none]")
        page.click("form[data-module=care-flow] button[type=submit]")
    assert care_result(page)[0] == "self_care"


@pytest.mark.parametrize("locale", LOCALES)
def test_checklist_reaches_a_result_offline_and_carries_into_the_care_flow(context, page, locale):
    controlled(page, f"/{locale}/checklist")
    context.set_offline(True)
    page.reload()
    page.check("[data-sign=sudden_vision]")
    page.click("form[data-module=checklist] button[type=submit]")
    disposition, heading = care_result(page)
    assert disposition == "emergency" and "999" in heading
    assert page.locator("dt[data-sign=sudden_vision]").count() == 1
    assert dangling_pictures(page) == []
    page.click("[data-action=continue-care]")
    assert care_result(page)[0] == "emergency"  # the implied answer needs no more questions


def test_unknown_region_offers_a_country_then_shows_its_number(browser, origin):
    context = browser.new_context(base_url=origin.url, locale="en")  # no region in the languages
    page = controlled(context.new_page(), "/en/care")
    context.set_offline(True)
    page.check("[data-question=paralysis]")
    page.click("form[data-module=care-flow] button[type=submit]")
    assert "your local emergency number" in care_result(page)[1]
    page.select_option("select#region", "IN")
    page.click("form.app-region button")
    assert "112 (ambulance: 108)" in page.locator("[data-disposition]").inner_text()
    context.close()


def test_progress_survives_a_reload_and_new_person_clears_it(page):
    controlled(page, "/en/care")
    for _step in range(2):  # the two steps of emergency signs
        page.check("[data-none]")
        page.click("form[data-module=care-flow] button[type=submit]")
    page.check("[data-question=sudden_weakness]")
    page.reload()
    assert page.is_checked("[data-question=sudden_weakness]")
    assert page.locator("input[name=step]").input_value() == "2"
    page.click("[data-action=new-person]")
    page.wait_for_load_state()
    assert page.evaluate("localStorage.getItem('atrophy-pwa:care')") is None
    assert page.locator("input[name=step]").input_value() == "0"
    assert page.locator("[data-question]:checked").count() == 0


def test_answers_are_never_sent_to_the_server(context, page):
    posts = []
    context.on("request", lambda request: request.method != "GET" and posts.append(request.url))
    controlled(page, "/en/checklist")
    page.check("[data-sign=new_trouble_swallowing]")
    page.click("form[data-module=checklist] button[type=submit]")
    assert care_result(page)[0] == "urgent"
    page.click("[data-action=continue-care]")
    page.locator("form[data-module=care-flow]").wait_for()
    while not page.locator("[data-disposition]").count():  # "None of these" on each step still worth asking
        step = page.locator("form[data-module=care-flow] input[name=step]").input_value()
        page.check("[data-none]")
        page.click("form[data-module=care-flow] button[type=submit]")
        page.wait_for_function("(s) => document.querySelector('[data-disposition]') || "
                               "document.querySelector('form[data-module=care-flow] input[name=step]').value != s", arg=step)
    care_result(page)
    assert posts == []


def test_a_second_language_downloaded_works_offline_and_can_be_removed(context, page):
    other = LOCALES[1]
    controlled(page, "/en/about")
    row = page.locator(f"[data-pack={other}]")
    row.locator("[data-state=missing]").wait_for()
    # A function, not an expression: Playwright evaluates a bare expression with eval(), which the page's CSP refuses.
    page.wait_for_function("(code) => document.querySelector(`[data-pack=${code}] [data-slot=size]`).textContent !== ''",
                           arg=other)
    row.locator("[data-action=add-pack]").click()
    row.locator("[data-state=saved]").wait_for()
    assert page.locator("[data-offline=ready]").is_visible()
    assert other in worker_status(page)["locales"]
    page.click(f"a[data-locale={other}]")  # remembered: "/" now opens this language
    context.set_offline(True)
    page.goto("/")
    assert page.url.endswith(f"/{other}/")
    page.goto(f"/{other}/care")
    page.check("[data-question=face_droop]")
    page.click("form[data-module=care-flow] button[type=submit]")
    assert care_result(page)[0] == "emergency"
    context.set_offline(False)
    page.goto("/en/about")
    row.locator("[data-action=remove-pack]").click()
    row.locator("[data-state=missing]").wait_for()
    assert worker_status(page)["locales"] == ["en"]


def test_a_language_chosen_in_the_footer_is_remembered_and_saved(context, page):
    other = LOCALES[1]
    controlled(page, "/en/")
    page.click(f"a[data-locale={other}]")
    page.wait_for_url(f"**/{other}/")
    assert page.evaluate("localStorage.getItem('atrophy-pwa:locale')") == f'"{other}"'
    wait_until_kept(page, other)
    context.set_offline(True)
    page.goto("/")
    assert page.url.endswith(f"/{other}/")
    page.goto(f"/{other}/checklist")
    page.check("[data-sign=tired_lifting]")
    page.click("form[data-module=checklist] button[type=submit]")
    assert care_result(page)[0] in ("self_care", "appointment")


def test_the_home_emergency_banner_shows_this_devices_number(browser, origin, context, page):
    page.goto("/fr/")  # en-GB device: the server (live) or the page itself (export) knows the region
    banner = page.locator(".app-emergency")
    page.locator(".app-emergency", has_text="999").wait_for()
    assert "Royaume-Uni" in banner.inner_text() or "United Kingdom" in banner.inner_text()
    unknown = browser.new_context(base_url=origin.url, locale="fr")  # no region in the languages
    page = unknown.new_page()
    page.goto("/fr/")
    assert "999" not in page.locator(".app-emergency").inner_text()
    page.evaluate("localStorage.setItem('atrophy-pwa:region', JSON.stringify('IN'))")  # chosen on a care result
    page.reload()
    page.locator(".app-emergency", has_text="112 (ambulance : 108)").wait_for()
    assert "Inde" in page.locator(".app-emergency").inner_text()
    unknown.close()


def test_pictures_none_of_these_and_back_work_offline(context, page):
    controlled(page, "/ar/care")  # right to left: pictures with a direction are mirrored
    context.set_offline(True)
    page.reload()
    questions = page.locator("[data-question]")
    assert page.locator(".app-checkboxes__label:has(svg.app-picto)").count() == questions.count() + 1  # and None
    assert page.locator(".app-checkboxes__label .app-picto--call").count() == questions.count()  # all "call now"
    mirrored = page.locator(".app-picto--speech").first.evaluate("e => getComputedStyle(e).transform")
    assert mirrored == "matrix(-1, 0, 0, 1, 0, 0)"
    page.check("[data-question=face_droop]")
    page.check("[data-none]")  # None of these clears the others, and the other way round
    assert not page.is_checked("[data-question=face_droop]")
    page.check("[data-question=face_droop]")
    assert not page.is_checked("[data-none]")
    page.uncheck("[data-question=face_droop]")
    submit = page.locator("form[data-module=care-flow] button[type=submit]")
    submit.click()  # nothing ticked: asked once, then taken as it is
    assert page.locator("#none-asked").is_visible() and page.locator("#care-form input[name=step]").input_value() == "0"
    submit.click()
    page.check("[data-none]")  # the second step of emergency signs
    submit.click()
    page.locator("[data-question=numbness_tingling]").check()
    page.click("[data-action=back]")
    assert page.locator("#care-form input[name=step]").input_value() == "1" and page.is_checked("[data-none]")
    submit.click()
    assert page.is_checked("[data-question=numbness_tingling]")  # Back kept the answer
    assert page.locator(".app-checkboxes__label:has(svg.app-picto)").count() == questions.count() + 1
    submit.click()
    assert care_result(page)[0] == "urgent"
    assert page.locator("[data-disposition] use[href='#p-clinic']").count() == 1


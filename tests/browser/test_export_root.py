"""The static export's "/" picks the language in the browser; its flow pages explain themselves without JS."""
import pytest

pytestmark = pytest.mark.browser


@pytest.fixture
def origin(exported):
    return exported


@pytest.mark.parametrize("device, opens", [("ar-EG", "/ar/"), ("pt-BR", "/pt/"), ("fr", "/fr/")])
def test_root_opens_the_first_of_the_browsers_languages_that_is_offered(browser, exported, device, opens):
    context = browser.new_context(base_url=exported.url, locale=device)
    page = context.new_page()
    page.goto("/")
    page.wait_for_url(f"**{opens}")
    assert page.locator("html").get_attribute("lang") == opens.strip("/")
    context.close()


def test_root_prefers_the_language_chosen_on_this_device(context, page):
    page.goto("/en/")
    page.click("a[data-locale=sw]")  # remembered by static/js/offline.js
    page.wait_for_url("**/sw/")
    page.goto("/")
    page.wait_for_url("**/sw/")


def test_with_no_language_offered_the_person_picks_from_the_list(browser, exported):
    context = browser.new_context(base_url=exported.url, locale="de-DE")
    page = context.new_page()
    page.goto("/")
    page.wait_for_load_state("load")
    assert page.url == exported.url + "/"
    page.click("a[data-locale=es]")
    assert page.locator("html").get_attribute("lang") == "es"
    context.close()


def test_without_javascript_the_flow_pages_say_what_to_do(browser, exported):
    context = browser.new_context(base_url=exported.url, java_script_enabled=False)
    page = context.new_page()
    for url in ("/en/care", "/en/checklist"):
        page.goto(url)
        notice = page.locator("main .app-notice", has_text="JavaScript")
        assert notice.is_visible() and "emergency" in notice.inner_text()
    context.close()

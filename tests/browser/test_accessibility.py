"""axe-core finds no violations on any page, as served and as the on-device flows render it, in each locale."""
import pytest
from axe_playwright_python.sync_playwright import Axe

from browser_support import LOCALES, controlled, page_urls, speech

pytestmark = pytest.mark.browser
axe = Axe()


def violations(page) -> str:
    results = axe.run(page)
    return results.generate_report() if results.violations_count else ""


@pytest.mark.parametrize("locale", LOCALES)
def test_every_page_has_no_axe_violations(context, page, server, locale):
    speech(context)  # a voice for en and ar: the Listen buttons show
    controlled(page, f"/{locale}/")
    found = {}
    for url in page_urls(server.app, locale):
        page.goto(url)
        page.locator("html.app-js-enabled").wait_for(state="attached")
        found[url] = violations(page)
    assert not any(found.values()), "\n".join(f"{url}:\n{report}" for url, report in found.items() if report)


@pytest.mark.parametrize("locale", LOCALES)
def test_flows_rendered_on_the_device_have_no_axe_violations(context, page, locale):
    speech(context)
    controlled(page, f"/{locale}/care")
    found = {}
    page.click("form[data-module=care-flow] button[type=submit]")  # nothing ticked: asked once
    page.locator("#none-asked").wait_for()
    found["care step 1, asked whether none apply"] = violations(page)
    page.check("[data-none]")
    page.click("form[data-module=care-flow] button[type=submit]")
    found["care step 2"] = violations(page)
    page.check("[data-none]")
    page.click("form[data-module=care-flow] button[type=submit]")
    page.check("[data-question=numbness_tingling]")
    page.click("form[data-module=care-flow] button[type=submit]")
    page.locator("[data-disposition]").wait_for()
    found["care result"] = violations(page)
    page.goto(f"/{locale}/checklist")
    page.check("[data-sign=cannot_move]")
    page.click("form[data-module=checklist] button[type=submit]")
    page.locator("[data-disposition]").wait_for()
    found["checklist result"] = violations(page)
    assert not any(found.values()), "\n".join(f"{name}:\n{report}" for name, report in found.items() if report)

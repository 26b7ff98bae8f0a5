"""No surprises: every request stays on our origin, nothing is posted, no cookie is set, static assets are immutable."""
import pytest

from browser_support import LOCALES, SHIPPED, controlled, page_urls

pytestmark = pytest.mark.browser


def test_the_locales_under_test_are_shipped(server):
    with server.app.test_client() as client:
        listed = [info["code"] for info in client.get("/api/v1/locales").get_json()["locales"]]
    assert listed == SHIPPED
    assert set(LOCALES) <= set(listed)


@pytest.mark.parametrize("locale", LOCALES)
def test_every_request_is_same_origin_and_no_cookie_is_set(context, page, server, locale):
    requests = []
    context.on("request", lambda request: requests.append(request))
    controlled(page, f"/{locale}/")
    for url in page_urls(server.app, locale):
        page.goto(url)
    page.goto(f"/{locale}/checklist")
    page.check("[data-sign=weak_grip]")
    page.click("form[data-module=checklist] button[type=submit]")
    page.locator("[data-disposition]").wait_for()
    assert requests and all(r.url.startswith(server.url + "/") for r in requests), \
        [r.url for r in requests if not r.url.startswith(server.url + "/")]
    assert [r.url for r in requests if r.method != "GET"] == []
    assert context.cookies() == []


def test_scripts_and_styles_have_hashed_immutable_addresses(page, server):
    responses = []
    page.on("response", lambda response: responses.append(response))
    page.goto("/en/")
    assets = [r for r in responses if "/static/" in r.url]
    assert {r.url.rsplit(".", 1)[-1] for r in assets} >= {"css", "js"}  # icons: test_install
    for response in assets:
        assert "immutable" in response.headers["cache-control"], response.url

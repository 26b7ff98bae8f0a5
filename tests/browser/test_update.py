"""Updates: a new content version installs in the background and waits for the person to reload; an update
whose precache fails is thrown away and the installed version keeps serving."""
import pytest

from atrophy_pwa import create_app
from browser_support import FailOn, content_with_title_suffix, controlled, served_version, worker_status

pytestmark = pytest.mark.browser

# Ask the browser to look for a new worker; resolves with the new worker's final state.
CHECK_FOR_UPDATE = """async () => {
  const registration = await navigator.serviceWorker.getRegistration();
  await registration.update();
  const worker = registration.installing || registration.waiting;
  if (!worker) return "none";
  if (worker.state !== "installing") return worker.state;
  return new Promise((resolve) => worker.addEventListener("statechange", () => {
    if (worker.state !== "installing") resolve(worker.state);
  }));
}"""


@pytest.fixture
def first_card(server):
    slug = next(iter(server.app.extensions["content"].cards))
    yield f"/en/cards/{slug}"
    server.switch.app = server.switch.default


def test_new_version_waits_for_reload_and_a_failed_update_keeps_the_old(context, page, server, first_card, tmp_path):
    controlled(page, first_card)
    first = worker_status(page)["version"]
    assert first == served_version(server)

    server.switch.app = create_app({"TESTING": True, "CONTENT_DIR": str(content_with_title_suffix(tmp_path, " v2"))})
    fetched = []
    context.on("request", lambda request: fetched.append(request.url.removeprefix(server.url)))
    assert page.evaluate(CHECK_FOR_UPDATE) == "installed"
    assert first_card in fetched and not [url for url in fetched if url.startswith("/static/")], fetched
    notice = page.locator("[data-slot=update]")
    notice.wait_for()
    assert worker_status(page)["version"] == first  # nothing changes until the person says so
    with page.expect_navigation():
        notice.locator("[data-action=reload]").click()
    second = served_version(server)
    assert second != first and worker_status(page)["version"] == second
    names = page.evaluate("caches.keys()")
    assert set(names) == {"atrophy-pwa-settings", f"atrophy-pwa-{second}-en", f"atrophy-pwa-{second}-shell"}
    context.set_offline(True)
    page.goto(first_card)
    assert page.locator("h1").inner_text().endswith(" v2")
    context.set_offline(False)

    broken = create_app({"TESTING": True, "CONTENT_DIR": str(content_with_title_suffix(tmp_path, " v3"))})
    server.switch.app = FailOn(broken, first_card)
    assert page.evaluate(CHECK_FOR_UPDATE) == "redundant"
    context.set_offline(True)
    page.goto(first_card)
    assert page.locator("h1").inner_text().endswith(" v2")
    assert worker_status(page)["version"] == second
    assert not page.locator("[data-slot=update]").is_visible()

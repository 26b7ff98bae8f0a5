"""Updates: a new content version installs in the background and waits for the person to reload; an update
whose precache fails is thrown away and the installed version keeps serving."""
import pytest

from browser_support import content_with_title_suffix, controlled, worker_status

pytestmark = pytest.mark.browser

# Ask the browser to look for a new worker; resolves with the new worker's final state.
CHECK_FOR_UPDATE = """async () => {
  const registration = await navigator.serviceWorker.getRegistration();
  const found = new Promise((resolve) => registration.addEventListener("updatefound",
    () => resolve(registration.installing), { once: true }));
  await registration.update();  // may resolve before "updatefound", and after a failed install
  const quiet = new Promise((resolve) => setTimeout(() => resolve(null), 2000));
  const worker = registration.installing || registration.waiting || await Promise.race([found, quiet]);
  if (!worker) return "none";
  if (worker.state !== "installing") return worker.state;
  return new Promise((resolve) => worker.addEventListener("statechange", () => {
    if (worker.state !== "installing") resolve(worker.state);
  }));
}"""


@pytest.fixture
def origin(app_and_export):
    """The live app gets new content; the static host gets a new export."""
    return app_and_export


@pytest.fixture
def first_card(origin):
    slug = next(iter(origin.app.extensions["content"].cards))
    yield f"/en/cards/{slug}"
    origin.reset()


def test_new_version_waits_for_reload_and_a_failed_update_keeps_the_old(context, page, origin, first_card, tmp_path):
    controlled(page, first_card)
    first = worker_status(page)["version"]
    assert first == origin.version()

    origin.serve(origin.new_app(CONTENT_DIR=str(content_with_title_suffix(tmp_path, " v2"))))
    fetched = []
    context.on("request", lambda request: fetched.append(request.url.removeprefix(origin.url)))
    assert page.evaluate(CHECK_FOR_UPDATE) == "installed"
    assert first_card in fetched and not [url for url in fetched if url.startswith("/static/")], fetched
    notice = page.locator("[data-slot=update]")
    notice.wait_for()
    assert worker_status(page)["version"] == first  # nothing changes until the person says so
    with page.expect_navigation():
        notice.locator("[data-action=reload]").click()
    second = origin.version()
    assert second != first and worker_status(page)["version"] == second
    names = page.evaluate("caches.keys()")
    assert set(names) == {"atrophy-pwa-settings", f"atrophy-pwa-{second}-en", f"atrophy-pwa-{second}-flows:en",
                          f"atrophy-pwa-{second}-shell"}
    context.set_offline(True)
    page.goto(first_card)
    assert page.locator("h1").inner_text().endswith(" v2")
    context.set_offline(False)

    origin.serve_failing(origin.new_app(CONTENT_DIR=str(content_with_title_suffix(tmp_path, " v3"))), first_card)
    assert page.evaluate(CHECK_FOR_UPDATE) == "redundant"
    context.set_offline(True)
    page.goto(first_card)
    assert page.locator("h1").inner_text().endswith(" v2")
    assert worker_status(page)["version"] == second
    assert not page.locator("[data-slot=update]").is_visible()

"""The guidance stories on the device, in real Chromium: the page's own rule (the one it runs offline)
gives each story at least its guidance level, and a story walked by tapping, as a person does, reads
as its level with its reasons, the local number and "not a diagnosis"."""
import tomllib
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

STORIES = tomllib.loads((Path(__file__).parent.parent / "guidance_stories.toml").read_text(encoding="utf-8"))["stories"]
RANK = {"emergency": 0, "urgent": 1, "appointment": 2, "self_care": 3}
SUBMIT_FLOW = "form[data-module=care-flow] button[type=submit]"


def test_the_page_s_own_rule_gives_every_story_at_least_its_guidance_level(page):
    page.goto("/en/care")
    found = page.evaluate("""async (stories) => {
      const flow = await (await fetch("/api/v1/en/flow")).json();
      const checklist = await (await fetch("/api/v1/en/checklist")).json();
      return stories.map((s) => [atrophy.triage.evaluate(flow, Object.fromEntries(s.flow.map((id) => [id, true]))).disposition,
                                 atrophy.triage.checklistOutcome(flow, checklist, s.checklist).disposition]);
    }""", [{"flow": s["flow"], "checklist": s["checklist"]} for s in STORIES])
    under = [(s["id"], got) for s, got in zip(STORIES, found) if any(RANK[level] > RANK[s["level"]] for level in got)]
    assert len(found) == len(STORIES) and not under, under


def walk(page, ticks_by_step):
    """Tap through the flow: on each step shown, tick the listed answers, or "None of these"."""
    for _ in range(6):
        page.locator("form[data-module=care-flow] fieldset, [data-disposition]").first.wait_for()
        if page.locator("[data-disposition]").count():
            return page.locator("[data-disposition]").get_attribute("data-disposition")
        step = int(page.locator("form[data-module=care-flow] input[name=step]").input_value())
        ticks = ticks_by_step.get(step, [])
        for qid in ticks:
            page.check(f"[data-question={qid}]")
        if not ticks:
            page.check("[data-none]")
        page.click(SUBMIT_FLOW)
        page.wait_for_function("(s) => !document.querySelector('form[data-module=care-flow] input[name=step]')"
                               " || document.querySelector('form[data-module=care-flow] input[name=step]').value != s"
                               " || document.querySelector('[data-disposition]')", arg=str(step))
    raise AssertionError("the flow never reached a result")


def test_rising_weakness_with_breathing_and_swallowing_trouble_is_an_emergency_on_the_device(page):
    """Legs weaker each day since a tummy bug, breathless lying flat, choking on water: each sign alone
    needs care today; together (NHS: Guillain-Barre with breathing or swallowing trouble) call now."""
    page.goto("/en/care?region=GB")
    level = walk(page, {2: ["sudden_weakness", "breathless_lying_effort", "choking_eating"]})
    main = page.locator("main").inner_text()
    assert level == "emergency" and "Call 999 now" in main
    assert "the muscles you use to breathe and swallow are failing" in main
    assert page.eval_on_selector_all("main a[href^='tel:']", "a => a.map((x) => x.getAttribute('href'))")[0] == "tel:999"
    assert "This is not a diagnosis." in main


def test_stroke_signs_since_yesterday_are_an_emergency_on_the_device(page):
    page.goto("/en/care?region=GB")
    level = walk(page, {0: ["sudden_one_side", "face_droop"]})
    main = page.locator("main").inner_text()
    assert level == "emergency" and "You have sudden weakness or numbness on one side of your face or body." in main
    assert "even if that was days ago" not in main  # the result gives reasons in the person's words, not the question


# (kind, ids, ?region=): a result of each level, reasons with context, a combination, both numbers (IN), one
# number (GB), no number known (ZZ: 112 and the country picker), the checklist with and without ticks.
SAME_RESULTS = [
    ("flow", ["face_droop"], "IN"), ("flow", ["face_droop"], "ZZ"), ("flow", ["choking_eating"], "GB"),
    ("flow", ["memory_loss", "recent_inactivity"], "IN"), ("flow", [], "ZZ"),
    ("flow", ["sudden_weakness", "breathless_lying_effort", "choking_eating"], "GB"),
    ("checklist", [], "IN"), ("checklist", ["unexplained_muscle_loss", "one_limb_smaller"], "GB"),
    ("checklist", ["smaller_muscles"], "ZZ"),
]


@pytest.mark.parametrize("locale", ["en", "ar", "hi"])
def test_the_device_draws_the_same_result_as_the_server(page, locale):
    """One template for a result: for the same answers and country, the care card the device draws (on the
    hand-over page, which draws both kinds) reads word for word as the server's page without JavaScript,
    with the same tap-to-call links and the same hand-over code."""
    page.goto(f"/{locale}/handover")
    compared = page.evaluate("""async ({locale, cases}) => {
      const main = document.getElementById("main");
      const loaded = await atrophy.render.load(["flow", "cards", "checklist", "numbers"]);
      const seen = (root) => ({
        text: root.querySelector(".app-care-card").innerText.replace(/\\s+/g, " ").trim(),
        tel: Array.from(root.querySelectorAll(".app-care-card a[href^='tel:']"), (a) => a.getAttribute("href")),
        code: root.querySelector("[data-handover-code]").textContent});
      const found = [];
      for (const [kind, ids, region] of cases) {
        history.replaceState(null, "", `?region=${region}`);
        if (kind === "flow") atrophy.careResult(main, loaded, { answers: Object.fromEntries(ids.map((id) => [id, true])) }, false);
        else atrophy.checklistResult(main, loaded, { signs: ids }, false);
        const device = seen(main);
        const form = kind === "flow" ? [["show", "result"], ...ids.map((id) => ["yes", id])] : ids.map((id) => ["sign", id]);
        const response = await fetch(`/${locale}/${kind === "flow" ? "care" : "checklist"}?region=${region}`,
                                     { method: "POST", body: new URLSearchParams(form.length ? form : [["none", "checklist"]]) });
        const served = new DOMParser().parseFromString(await response.text(), "text/html");
        const holder = document.createElement("div");
        holder.append(...[".app-care-card", ".app-handover"].map((s) => document.importNode(served.querySelector(s), true)));
        main.append(holder);
        found.push({ device, server: seen(holder) });
        holder.remove();
      }
      return found;
    }""", {"locale": locale, "cases": SAME_RESULTS})
    for case, pair in zip(SAME_RESULTS, compared):
        assert pair["device"] == pair["server"], case
    texts = [pair["server"]["text"] for pair in compared]
    assert len(set(texts)) == len(texts)  # every case reads differently: no two compared the same empty card
    assert [pair["server"]["tel"][:2] for pair in compared[:2]] == [["tel:112", "tel:108"], ["tel:112"]]

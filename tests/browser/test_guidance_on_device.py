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
      return stories.map((s) => [atrophy.rules.evaluate(flow, Object.fromEntries(s.flow.map((id) => [id, true]))).disposition,
                                 atrophy.rules.checklistOutcome(flow, checklist, s.checklist).disposition]);
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

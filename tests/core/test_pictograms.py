"""For people who read little: a picture beside every question, sign and result; "None of these" and Back
without JavaScript; the home page's words agree with its controls (issue 15)."""
import re

import pytest

from atrophy_pwa import create_app, paths
from atrophy_pwa.core import pictograms
from page_text import text

APP = create_app({"TESTING": True})
CONTENT = APP.extensions["content"]
MAPPING = APP.extensions["pictograms"]
DRAWN = pictograms.symbols()
QUESTIONS = {q["id"]: q for step in CONTENT.flow["steps"] for q in step["questions"]}
EMERGENCY = {qid for qid, q in QUESTIONS.items() if q["level"] == "emergency"}


def labels(page: str) -> dict:
    """for= id -> the inner HTML of each <label>."""
    return dict(re.findall(r'<label class="app-checkboxes__label" for="([^"]+)">(.*?)</label>', page, re.S))


def pictures(fragment: str) -> list[str]:
    """The picture names <use>d in fragment, each checked to be decorative."""
    svgs = re.findall(r"<svg\b[^>]*>.*?</svg>", fragment, re.S)
    assert all('aria-hidden="true"' in svg and 'focusable="false"' in svg for svg in svgs), svgs
    return [name for svg in svgs for name in re.findall(r'href="#p-([a-z-]+)"', svg)]


def test_every_question_sign_level_and_control_has_a_drawn_picture():
    wanted = {"questions": set(QUESTIONS), "signs": {s["id"] for s in CONTENT.checklist["signs"]},
              "levels": {level["code"] for level in CONTENT.flow["levels"]}, "controls": {"none", "listen", "stop", "back"}}
    for kind, ids in wanted.items():
        assert ids <= set(MAPPING[kind]), f"{kind} without a picture: {sorted(ids - set(MAPPING[kind]))}"
        assert all(MAPPING[kind][key] in DRAWN for key in ids)
    assert MAPPING["mirror"] <= set(DRAWN)


def test_a_picture_that_is_not_drawn_stops_the_app(content_copy):
    path = content_copy / "pictograms.toml"
    path.write_text(path.read_text(encoding="utf-8").replace('vision_change = "eye"', 'vision_change = "eyes"'),
                    encoding="utf-8")
    with pytest.raises(pictograms.PictogramError, match="questions.vision_change: no symbol p-eyes"):
        create_app({"TESTING": True, "CONTENT_DIR": str(content_copy)})


def test_each_step_label_holds_its_picture_and_emergency_signs_a_phone(client):
    page = client.get("/en/care").get_data(as_text=True)
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="app-pictograms" aria-hidden="true"' in page
    # The steps after the first, as the form leads to them (None of these on the first).
    pages = [page] + [client.post("/en/care", data={"step": str(i), "at": str(i + 1)}).get_data(as_text=True)
                      for i in range(len(CONTENT.flow["steps"]) - 1)]
    for index, (step, html) in enumerate(zip(CONTENT.flow["steps"], pages)):
        found = labels(html)
        for q in step["questions"]:
            names = pictures(found[f"q-{q['id']}"])
            assert names[0] == MAPPING["questions"][q["id"]]
            assert ("phone" in names) == (q["id"] in EMERGENCY), q["id"]  # "call now", from the pictures alone
            assert text(found[f"q-{q['id']}"]).strip() == q["text"]  # the words stay the label
        assert pictures(found[f"none-{step['id']}"]) == ["none"], index
        assert text(found[f"none-{step['id']}"]).strip() == "None of these"


def test_each_checklist_sign_holds_its_picture(client):
    page = client.get("/en/checklist").get_data(as_text=True)
    found = labels(page)
    for sign in CONTENT.checklist["signs"]:
        names = pictures(found[f"s-{sign['id']}"])
        assert names[0] == MAPPING["signs"][sign["id"]]
        assert ("phone" in names) == bool(set(sign["implies"]) & EMERGENCY), sign["id"]
    assert pictures(found["s-none"]) == ["none"]


@pytest.mark.parametrize("answers, level", [
    ({"step": "0", "yes": ["face_droop"]}, "emergency"), ({"show": "result", "yes": ["choking_eating"]}, "urgent"),
    ({"show": "result", "yes": ["memory_loss"]}, "appointment"), ({"show": "result"}, "self_care")])
def test_each_result_heading_shows_its_picture(client, answers, level):
    page = client.post("/en/care?region=GB", data=answers).get_data(as_text=True)
    heading = re.search(r'<h1 class="app-care-card__heading" data-disposition="([a-z_]+)">(.*?)</h1>', page, re.S)
    assert heading.group(1) == level
    assert pictures(heading.group(2)) == [MAPPING["levels"][level]]
    assert f'<symbol id="p-{MAPPING["levels"][level]}"' in page
    if level == "emergency":  # the large call button carries the phone too
        call = re.search(r'<a class="app-button app-button--call" href="tel:999">(.*?)</a>', page, re.S).group(1)
        assert "app-picto--phone" in call and text(call).strip() == "Call 999"


def shown(response) -> str:
    """The page without its <template>s (what the on-device flows may show later)."""
    return re.sub(r"<template\b.*?</template>", "", response.get_data(as_text=True), flags=re.S)


def test_a_step_with_nothing_ticked_asks_once_whether_none_apply(client):
    asked = shown(client.post("/en/care", data={"step": "0"}))
    assert 'id="none-asked" class="app-asked" role="alert"' in asked and 'name="asked" value="0"' in asked and 'name="step" value="0"' in asked
    assert "If none of these apply, tick “None of these”." in text(asked)
    again = shown(client.post("/en/care", data={"step": "0", "asked": "0"}))
    assert 'name="step" value="1"' in again and 'id="none-asked"' not in again
    none = shown(client.post("/en/care", data={"step": "0", "none": "emergency-signs"}))
    assert 'name="step" value="1"' in none and 'id="none-asked"' not in none
    # The "None of these" answer travels on, hidden, like the yes answers.
    assert '<input type="hidden" name="none" value="emergency-signs">' in none


def test_back_without_javascript_keeps_every_answer(client):
    page = client.post("/en/care", data={"step": "3", "back": "1", "none": ["emergency-signs", "danger-signs"],
                                         "yes": ["numbness_tingling", "memory_loss"]}).get_data(as_text=True)
    assert 'name="step" value="2"' in page
    assert re.search(r'id="q-numbness_tingling"[^>]* checked', page)
    assert '<input type="hidden" name="yes" value="memory_loss">' in page
    assert '<input type="hidden" name="none" value="emergency-signs">' in page
    assert '<p class="app-back">' in page and 'form="care-form" name="back"' in page
    first = client.post("/en/care", data={"step": "1", "back": "1", "none": "emergency-signs"}).get_data(as_text=True)
    assert re.search(r'id="none-emergency-signs"[^>]* checked', first)
    assert '<p class="app-back" hidden>' in first  # no Back on the first step


def test_a_sign_ticked_with_none_of_these_still_counts(client):
    page = client.post("/en/care", data={"step": "0", "yes": ["face_droop"], "none": "emergency-signs"})
    assert 'data-disposition="emergency"' in page.get_data(as_text=True)


def test_checklist_with_nothing_ticked_asks_once(client):
    asked = shown(client.post("/en/checklist", data={}))
    assert 'id="none-asked" class="app-asked" role="alert"' in asked and 'data-disposition' not in asked and 'name="asked"' in asked
    for data in ({"asked": "1"}, {"none": "checklist"}):
        assert 'data-disposition="self_care"' in client.post("/en/checklist", data=data).get_data(as_text=True)


def test_home_page_words_match_its_controls_and_install_is_near_the_top(client):
    page = client.get("/en/").get_data(as_text=True)
    assert "yes or no" not in text(page)
    assert "Tick the signs you have, or “None of these”" in text(page)
    main, footer = page.split("<footer", 1)
    assert 'data-module="install"' in main and 'data-module="install"' not in footer
    assert main.index('data-module="install"') < main.index('class="app-emergency"')
    other = client.get("/en/about").get_data(as_text=True)
    assert 'data-module="install"' in other.split("<footer", 1)[1]


@pytest.mark.parametrize("url", ["/en/cards/symptoms", "/en/care", "/en/checklist"])
def test_listen_button_is_hidden_until_a_voice_is_found_and_names_what_it_reads(client, url):
    page = client.get(url).get_data(as_text=True)
    button = re.search(r'<p class="app-listen" data-module="listen" data-listen="([^"]+)" data-stop="Stop" hidden>'
                       r'\s*<button type="button"[^>]*>(.*?)</button>', page, re.S)
    assert button and text(button.group(2)).strip() == "Listen"


def test_mirrored_pictures_flip_in_right_to_left_pages(client):
    css = (paths.STATIC / "app.css").read_text(encoding="utf-8")
    assert '[dir="rtl"] .app-picto--mirror { transform: scaleX(-1); }' in css
    page = client.get("/ar/care").get_data(as_text=True)
    assert 'dir="rtl"' in page and "app-picto--speech app-picto--mirror" in page
    assert "app-picto--eye app-picto--mirror" not in page


def test_after_back_continue_walks_the_steps_seen_but_an_emergency_never_waits(client):
    again = shown(client.post("/en/care", data={"step": "1", "seen": "2", "none": ["emergency-signs", "danger-signs"],
                                                "yes": ["choking_eating"]}))
    assert 'name="step" value="2"' in again and re.search(r'id="q-choking_eating"[^>]* checked', again)
    now = client.post("/en/care", data={"step": "0", "seen": "3", "yes": ["face_droop", "choking_eating"]})
    assert 'data-disposition="emergency"' in now.get_data(as_text=True)

"""Safe at the point of use: one answer to one question wherever urgency is written, results that say
each thing once, and a hazard log whose tests exist. What a person reads is checked, not only the rule."""
import re
from pathlib import Path

import pytest

from atrophy_pwa import i18n, paths
from atrophy_pwa.core import content, schemas, triage
from atrophy_pwa.serving import export
from page_text import text

CONTENT = content.load(paths.CONTENT)
FLOW = CONTENT.flow
QUESTIONS = triage.questions(FLOW)
LOCALES = ["en", "ar", "es", "fr", "hi", "pt", "sw"]
ROOT = Path(__file__).resolve().parents[2]

# How the content's free text names a sign that is NOT an emergency in the flow. A text that sends a
# person to the emergency number must not name one of these (unless as "sudden weakness with <sign>",
# where the emergency sign decides). Emergency phrases are taken out first, as they contain some of these.
EMERGENCY_PHRASES = [r"(weakness|numbness)( or (weakness|numbness))? on one side", r"sudden (muscle )?weakness (that )?(comes )?with",
                     r"numbness between the legs"]
NOT_EMERGENCY = {
    r"sudden weakness|weakness that (starts|started) suddenly|(gets|getting) worse (fast|quickly)": "sudden_weakness",
    r"numbness|tingling": "numbness_tingling",
    r"trouble swallowing|difficulty swallowing": "swallowing_difficulty",
    r"shortness of breath": "breathless_lying_effort",
    r"(coughing or )?chok(e|ing) when": "choking_eating",
    r"memory": "memory_loss",
}
CALLS_EMERGENCY = re.compile(r"emergency (number|help|care)|\{number\}|call 9", re.I)


def english_texts():
    """(where, text) for every Text in the content a person reads as one piece."""
    found = []
    for card in CONTENT.cards.values():
        found.append((f"card {card['slug']}: summary", card["summary"]))
        for section in card["sections"]:  # each paragraph and note; a list with the heading it stands under
            where = f"card {card['slug']}: {section['heading']}"
            found += [(where, words) for words in [*section["paragraphs"], section["note"] or ""]]
            found.append((where, " ".join([section["heading"], *section["items"]])))
    found += [(f"checklist: {where}", t) for where, t in texts_of(CONTENT.checklist, schemas.ChecklistSchema())]
    found += [(f"care flow: {where}", t) for where, t in texts_of(FLOW, schemas.FlowSchema())
              if ".questions" not in where and "visit_questions" not in where]
    return found


def texts_of(data, schema):
    out = []
    schemas.map_texts(data, schema, lambda where, t: out.append((where, t)) or t)
    return out


def test_every_sign_named_as_an_emergency_is_an_emergency_question_in_the_flow():
    assert {q["level"] for q in QUESTIONS.values()} >= {"emergency", "urgent", "appointment"}
    wrong = []
    for where, words in english_texts():
        if not CALLS_EMERGENCY.search(words):
            continue
        rest = words.lower()
        for phrase in EMERGENCY_PHRASES:
            rest = re.sub(phrase, " ", rest)
        wrong += [(where, qid) for pattern, qid in NOT_EMERGENCY.items() if re.search(pattern, rest)]
    assert not wrong, f"texts that send these non-emergency signs to the emergency number: {wrong}"
    for qid in NOT_EMERGENCY.values():  # the vocabulary names real questions that are not emergencies
        assert QUESTIONS[qid]["level"] != "emergency", qid


def signs_under(page: str, level: str) -> list[str]:
    lists = re.findall(rf'<ul class="app-help__signs" data-level="{level}">(.*?)</ul>', page, re.S)
    return [[text(item).strip() for item in re.findall(r"<li[^>]*>(.*?)</li>", found, re.S)] for found in lists]


def flow_texts(app, locale, level):
    with app.test_request_context():
        flow = i18n.locale_view(app.extensions["content"], locale)["flow"]
    signs = [q for step in flow["steps"] for q in step["questions"]] + flow["combinations"]  # worse together, too
    return [re.sub(r"\s+", " ", q["text"]) for q in signs if q["level"] == level]


@pytest.mark.parametrize("locale", LOCALES)
def test_home_banner_and_cards_take_their_urgency_words_from_the_flow(app, client, locale):
    home = client.get(f"/{locale}/").get_data(as_text=True)
    assert signs_under(home, "emergency") == [flow_texts(app, locale, "emergency")]
    for slug in FLOW["help_box_cards"]:
        page = client.get(f"/{locale}/cards/{slug}").get_data(as_text=True)
        for level in ("emergency", "urgent", "appointment"):
            assert signs_under(page, level) == [flow_texts(app, locale, level)], (slug, level)
    assert locale == "en" or "Call {number}" not in home


def test_every_card_that_names_a_warning_sign_has_the_help_box():
    signs = re.compile(r"sudden|stroke|swallow|breath|numb|tingl|faint|paralys|vision|emergency", re.I)
    naming = {slug for slug, card in CONTENT.cards.items()
              if signs.search(" ".join(t for _, t in texts_of(card, schemas.CardSchema())))}
    assert naming <= set(FLOW["help_box_cards"]), sorted(naming - set(FLOW["help_box_cards"]))


# How a text tells a person how soon to act. On a card that is the "when to get help" box's job (made
# from the care flow), never the card's own prose: two hand-written answers to "how soon?" drift apart.
URGENCY = re.compile(
    r"\bnow\b|right away|at once|immediately|straight away|without delay|\btoday\b|\btonight\b"
    r"|emergency (number|help|care|department|room)|\b(call|dial|phone|ring)(ing)? \d|\bdial\b"
    r"|(?<!how )\bsoon\b|\burgent(ly)?\b|\bwithin\b[^.]{0,30}\b(minutes?|hours?|days?)\b"
    r"|in the next few (minutes|hours|days)|do not wait|don't wait",
    re.I)


def card_prose(card) -> list[tuple[str, str]]:
    """(where, text) for every text a person reads on a card: title, summary, headings, paragraphs,
    items and notes."""
    found = [("title", card["title"]), ("summary", card["summary"])]
    for section in card["sections"]:
        heading = section["heading"]
        found.append((f"{heading}: heading", heading))
        found += [(f"{heading}: paragraph", text) for text in section["paragraphs"]]
        found += [(f"{heading}: item", text) for text in section["items"]]
        if section["note"]:
            found.append((f"{heading}: note", section["note"]))
    return found


def urgency_in(cards) -> list[str]:
    return [f"{slug}: {where}: {found.group(0)!r} in {text!r}"
            for slug, card in cards.items() for where, text in card_prose(card)
            if (found := URGENCY.search(text))]


def test_no_card_prose_says_how_soon_to_act():
    """How soon to act comes from the care flow, in the box on the cards that name a warning sign."""
    wrong = urgency_in(CONTENT.cards)
    assert not wrong, "card prose that says how soon to act (the help box says it):\n" + "\n".join(wrong)


def test_the_urgency_check_finds_time_frames_and_spares_other_words():
    for said in ["Call 999 now.", "Get care today.", "Get help right away.", "Call your local emergency number.",
                 "See a provider soon.", "Go at once.", "Get seen within two days.", "Phone 112.",
                 "Get help immediately.", "This is urgent.", "Do not wait."]:
        assert URGENCY.search(said), said
    for calm in ["You may know the signs.", "It may start sooner.", "Muscles shrink in the first days.",
                 "Call for help.", "Ask your doctor.", "The box below says how soon to get help."]:
        assert not URGENCY.search(calm), calm


def care_result(client, yes, **data):
    return client.post("/en/care?region=GB", data={"show": "result", "yes": yes, **data}).get_data(as_text=True)


@pytest.mark.parametrize("yes, level", [([], "self_care"), (["recent_inactivity"], "self_care"),
                                        (["memory_loss"], "appointment"), (["choking_eating"], "urgent"),
                                        (["sudden_one_side"], "emergency")])
def test_each_result_says_each_thing_once(client, yes, level):
    page = care_result(client, yes)
    words = text(page)
    assert f'data-disposition="{level}"' in page
    assert words.count("You did not report any of the warning signs we asked about.") == (0 if yes else 1)
    assert "You did not tick" not in words and "not from the sources" not in words
    assert words.count("This is not a diagnosis.") == 1
    assert ("Take this to your visit" in words) == (level in ("urgent", "appointment"))
    for qid in yes:  # under "why", and again under "tell them what you noticed" where a visit is the advice
        assert words.count(QUESTIONS[qid]["reason"]) == (2 if level in ("urgent", "appointment") else 1)


def test_sudden_one_side_is_an_emergency_and_sudden_weakness_says_what_it_is():
    assert triage.evaluate(FLOW, {"sudden_one_side": True})["disposition"] == "emergency"
    assert triage.evaluate(FLOW, {"sudden_weakness": True})["disposition"] == "urgent"
    # Version 3: stroke signs are an emergency whenever they started (NHS, AHA/ASA), so the emergency
    # question says so and the urgent one no longer takes one-sided weakness that began hours ago.
    assert "even if that was days ago" in QUESTIONS["sudden_one_side"]["text"]
    assert "one side" not in QUESTIONS["sudden_weakness"]["text"] and "hours ago" not in QUESTIONS["sudden_weakness"]["text"]
    hint = FLOW["steps"][0]["hint"]
    assert "days ago" in hint and "getting better" in hint
    assert FLOW["version"] == "3"


@pytest.mark.parametrize("signs, level", [
    (["trouble_speaking", "facial_weakness", "short_of_breath"], "urgent"),
    (["trouble_speaking", "facial_weakness", "vision_problems"], "appointment"),
    (["sudden_speaking"], "emergency"), (["sudden_one_side"], "emergency"), (["memory_loss"], "appointment"),
])
def test_checklist_result_lists_every_ticked_sign_under_why(client, signs, level):
    page = client.post("/en/checklist", data={"sign": signs}).get_data(as_text=True)
    assert f'data-disposition="{level}"' in page
    why = text(page.split("Because of what you told us:")[1].split("</ul>")[0])
    texts = {sign["id"]: sign["text"] for sign in CONTENT.checklist["signs"]}
    for sign in signs:
        assert texts[sign] in why
    assert "You did not report" not in text(page) and "You did not tick" not in text(page)
    assert page.count('<dd>') == len(signs) and "<dd>May point to:<ul><li>" in page


def test_gradual_signs_the_symptoms_card_calls_ordinary_never_give_an_emergency():
    ticked = ["trouble_speaking", "facial_weakness", "vision_problems", "trouble_swallowing"]
    outcome = triage.evaluate_checklist(FLOW, CONTENT.checklist, ticked)
    assert outcome["disposition"] != "emergency"
    # ... but muscles that weaken with new shortness of breath are worse together (NHS: myasthenia and
    # Guillain-Barre with breathing trouble need help at once): the combination says so.
    outcome = triage.evaluate_checklist(FLOW, CONTENT.checklist, [*ticked, "short_of_breath"])
    assert outcome["disposition"] == "emergency" and outcome["reasons"] == ["tiring_muscles_with_breathing_or_choking"]


def test_language_links_on_flow_pages_post_the_answers_never_in_the_address(client):
    page = client.post("/en/care", data={"step": "-1", "yes": ["numbness_tingling"]}).get_data(as_text=True)
    # a step: each other language is a button sending the step's own form (earlier answers, this step's ticks)
    buttons = re.findall(r'<button type="submit" form="care-form" formaction="([^"]+)" name="at" value="0"', page)
    assert sorted(buttons) == sorted(f"/{code}/care" for code in LOCALES if code != "en")
    assert 'name="yes" value="numbness_tingling"' in page.split('id="care-form"')[1].split("</form>")[0]
    step = client.post("/en/care", data={"step": "0", "none": "emergency-signs"}).get_data(as_text=True)
    at = re.search(r'formaction="/es/care" name="at" value="(\d+)"', step).group(1)
    again = client.post("/es/care", data={"step": re.search(r'name="step" value="(\d+)"', step).group(1), "at": at})
    assert 'name="step" value="1"' in again.get_data(as_text=True)
    # a result (urgent): each other language is a form posting the same answers to the same place
    result = client.post("/en/care", data={"show": "result", "yes": ["numbness_tingling"]}).get_data(as_text=True)
    forms = re.findall(r'<form method="post" action="(/[a-z]+/care)" class="app-language-form">(.*?)</form>', result, re.S)
    assert len(forms) == len(LOCALES) - 1
    for action, fields in forms:
        assert "?" not in action and 'name="yes" value="numbness_tingling"' in fields
    checklist = client.post("/en/checklist", data={"sign": ["memory_loss"]}).get_data(as_text=True)
    assert 'action="/fr/checklist" class="app-language-form"><input type="hidden" name="sign" value="memory_loss">' in checklist


def test_export_flow_pages_have_no_form_that_cannot_work():
    app = export.export_app({"TESTING": True})
    client = app.test_client()
    home = client.get("/en/").get_data(as_text=True)  # the banner's country picker needs the script there
    assert '<div class="app-region-change" data-slot="region" hidden>' in home
    assert '<noscript><p><a href="/en/care">Emergency numbers</a></p></noscript>' in home
    for url in ("/en/care", "/en/checklist"):
        page = client.get(url).get_data(as_text=True)
        assert re.search(r'<form method="post"[^>]*data-module="[a-z-]+" hidden>', page), url
        noscript = page.split("<noscript>")[1].split("</noscript>")[0]
        assert "<form" not in noscript and "<button" not in noscript
        assert '<a class="app-tel" href="tel:999">999</a>' in noscript
        assert len(re.findall(r"<tr>", noscript)) == len(CONTENT.countries) + 1


def test_the_hazard_log_names_only_tests_that_exist():
    log = (ROOT / "docs" / "SAFETY.md").read_text(encoding="utf-8")
    named = set(re.findall(r"`(test_\w+)`", log))
    assert len(named) >= 10
    defined = {name for path in (ROOT / "tests").rglob("test_*.py")
               for name in re.findall(r"^def (test_\w+)", path.read_text(encoding="utf-8"), re.M)}
    assert named <= defined, sorted(named - defined)


def test_signs_that_are_worse_together_are_listed_in_every_help_box(client):
    """A reader who has weakness getting worse and trouble breathing sees, in the box on a card, that
    the two together are an emergency, not only that each alone needs care today."""
    combined = [c for c in FLOW["combinations"] if c["level"] == "emergency"]
    assert combined
    for slug in FLOW["help_box_cards"]:
        emergency = signs_under(client.get(f"/en/cards/{slug}").get_data(as_text=True), "emergency")[0]
        assert all(c["text"] in emergency for c in combined), slug
    assert all(c["text"] in signs_under(client.get("/en/").get_data(as_text=True), "emergency")[0] for c in combined)

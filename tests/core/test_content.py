"""The content files: schemas, cross-links, readability, sources, and the check command."""
import re
import tomllib
import warnings

import pytest
import textstat
from click.testing import CliRunner

from atrophy_pwa import create_app, paths
from atrophy_pwa.core import content
from atrophy_pwa.cli import main


def card_text(card) -> str:
    parts = [card["title"] + ".", card["summary"]]
    for section in card["sections"]:
        parts += [section["heading"] + "."] + section["paragraphs"]
        parts += [item.rstrip(".") + "." for item in section["items"]]
    return " ".join(parts)


def test_shipped_content_loads_with_enough_cards():
    loaded = content.load(paths.CONTENT)
    assert len(loaded.cards) >= 8
    assert [s["kind"] for s in loaded.sources.values()].count("seed") == 5
    for card in loaded.cards.values():
        assert card["sections"] and card["sources"] and card["written_by"] and card["changed"] < card["review_due"]
        assert all(s in loaded.sources for s in card["sources"])


def test_every_source_is_cited_and_describes_its_seed():
    loaded = content.load(paths.CONTENT)
    cited = {s for card in loaded.cards.values() for s in card["sources"]}
    assert cited == set(loaded.sources)
    seeds = {s["seed"] for s in loaded.sources.values() if s["kind"] == "seed"}
    assert len(seeds) == 5 and None not in seeds
    guidance = [s for s in loaded.sources.values() if s["kind"] == "guidance"]
    assert guidance and all(s["seed"] is None and s["title"] for s in guidance)
    # A guidance page's address is given only where its own text states it: none of ours does.
    assert all(s["url"] is None for s in guidance)


def test_guidance_pages_show_as_published_guidance_where_a_card_uses_them(client):
    """Each section resting on a guidance page says so under its heading, naming the page; the card's source
    list marks the page as published guidance, and never a seed page."""
    loaded = content.load(paths.CONTENT)
    marked = 0
    for slug, card in loaded.cards.items():
        html = client.get(f"/en/cards/{slug}").get_data(as_text=True)
        sections = html.split('<section class="app-card__section')[1:]
        for section, data in zip(sections, card["sections"]):
            label = "Safety advice from published guidance." in section
            assert label == bool(data["from_guidance"]), (slug, data["heading"])
            for key in data["from_guidance"]:
                assert loaded.sources[key]["title"].replace("'", "&#39;") in section, (slug, key)
            marked += label
        footer = html.split('class="app-card__sources"')[1].split("</ul>")[0]
        items = footer.split("<li")[1:]
        for item, key in zip(items, card["sources"]):
            assert ("Published guidance:" in item) == (loaded.sources[key]["kind"] == "guidance"), (slug, key)
    assert marked >= 10


@pytest.mark.parametrize("change, error", [
    (lambda s: s.replace('id = "child-serious-illness"\nkind = "guidance"', 'id = "child-serious-illness"\nkind = "advice"'),
     "kind: Must be one of: seed, guidance"),
    (lambda s: s.replace('seed = "003_b24efc6e818984a3.txt"\n', ""), "seed: a seed page names its file"),
    (lambda s: s.replace('id = "child-serious-illness"\nkind = "guidance"', 'id = "child-serious-illness"\nkind = "guidance"\nseed = "x.txt"'),
     "seed: a guidance page is not a seed page"),
])
def test_source_kinds_are_checked(content_copy, change, error):
    path = content_copy / "sources.toml"
    path.write_text(change(path.read_text()))
    with pytest.raises(content.ContentError, match=error):
        content.load(content_copy)


def test_guidance_must_be_marked_on_the_sections_that_use_it(content_copy):
    path = content_copy / "cards" / "01-what-is-muscle-atrophy.toml"
    original = path.read_text()
    path.write_text(original.replace('from_guidance = ["child-serious-illness"]\n', ""))
    with pytest.raises(content.ContentError, match="guidance pages no section takes advice from"):
        content.load(content_copy)
    path.write_text(original.replace('from_guidance = ["child-serious-illness"]', 'from_guidance = ["medlineplus"]'))
    with pytest.raises(content.ContentError, match="'medlineplus' is not a guidance page"):
        content.load(content_copy)


def consensus_grade(text: str) -> float:
    with warnings.catch_warnings():  # textstat 0.7.3 leaves its word-list file open (once: it keeps the words)
        warnings.simplefilter("ignore", ResourceWarning)
        return textstat.text_standard(text, float_output=True)


def test_every_card_reads_at_grade_6_or_lower():
    """Flesch-Kincaid alone counts only syllables and sentence length, so short sentences can hide hard
    words. textstat's consensus grade (text_standard: the grade most of eight formulas agree on, word
    lists among them) is held too: grade 6 or below on average over the cards, and no card above 8."""
    cards = content.load(paths.CONTENT).cards.values()
    grades = {c["slug"]: textstat.flesch_kincaid_grade(card_text(c)) for c in cards}
    assert all(grade <= 6.0 for grade in grades.values()), grades
    consensus = {c["slug"]: consensus_grade(card_text(c)) for c in cards}
    assert sum(consensus.values()) / len(consensus) <= 6.0, consensus
    assert all(grade <= 8.0 for grade in consensus.values()), consensus


# Hard words are explained where they are used: each language's GLOSSARY.md lists them under "Terms we
# explain" (English: translations/en/GLOSSARY.md), checked on every message by tests/i18n/test_glossary.py.


def test_cards_are_plain_text():
    for card in content.load(paths.CONTENT).cards.values():
        assert not re.search(r"<[a-z/]", card_text(card)), card["slug"]


def test_missing_required_field_names_file_and_field(content_copy):
    path = next((content_copy / "cards").glob("*.toml"))
    path.write_text(re.sub(r'(?m)^title = .*$', "", path.read_text(), count=1))
    with pytest.raises(content.ContentError) as error:
        content.load(content_copy)
    assert path.name in str(error.value) and "title" in str(error.value)


def test_broken_toml_names_file_and_line(content_copy):
    path = content_copy / "care_flow.toml"
    path.write_text(path.read_text() + "\n[[levels]\n")
    with pytest.raises(content.ContentError, match=r"care_flow\.toml: not valid TOML.*line"):
        content.load(content_copy)


def test_unknown_source_and_card_links_are_errors(content_copy):
    path = next((content_copy / "cards").glob("*.toml"))
    path.write_text(re.sub(r'(?m)^sources = \[', 'sources = ["nowhere", ', path.read_text(), count=1))
    with pytest.raises(content.ContentError, match="sources: unknown source ids"):
        content.load(content_copy)


def test_checklist_may_only_imply_real_questions(content_copy):
    path = content_copy / "checklist.toml"
    data = path.read_text().replace('implies = ["', 'implies = ["no_such_question", "', 1)
    path.write_text(data)
    with pytest.raises(content.ContentError, match="implies: unknown question ids"):
        content.load(content_copy)


def test_flow_levels_must_be_in_order(content_copy):
    path = content_copy / "care_flow.toml"
    raw = tomllib.loads(path.read_text())
    assert [lv["code"] for lv in raw["levels"]] == ["emergency", "urgent", "appointment", "self_care"]
    path.write_text(path.read_text().replace('code = "urgent"', 'code = "self_care"', 1))
    with pytest.raises(content.ContentError, match="levels"):
        content.load(content_copy)


def test_start_up_stops_on_broken_content(content_copy):
    (content_copy / "sources.toml").write_text("sources = 3\n")
    with pytest.raises(content.ContentError, match="sources.toml"):
        create_app({"CONTENT_DIR": str(content_copy)})


def test_check_command_good_and_broken(content_copy):
    runner = CliRunner()
    good = runner.invoke(main, ["check"])
    assert good.exit_code == 0 and "cards" in good.output
    (content_copy / "checklist.toml").write_text("intro = 'x'\n")
    bad = runner.invoke(main, ["check", "--content-dir", str(content_copy)])
    assert bad.exit_code == 1
    assert "checklist.toml" in bad.output and "signs" in bad.output


@pytest.mark.parametrize("name", ["cards/x.toml", "sources.toml"])
def test_a_folder_where_a_content_file_should_be_is_a_one_line_error(content_copy, name):
    target = content_copy / name
    if target.exists():
        target.unlink()
    target.mkdir()
    bad = CliRunner().invoke(main, ["check", "--content-dir", str(content_copy)])
    assert bad.exit_code == 1
    assert bad.output.startswith(f"error: {target}: ") and bad.output.count("\n") == 1, bad.output
    with pytest.raises(content.ContentError, match="x.toml|sources.toml"):
        create_app({"CONTENT_DIR": str(content_copy)})


def test_no_card_claims_a_review_that_did_not_happen(client):
    """The card page says what the data holds: who wrote it, and a clinician's check only when one is recorded."""
    loaded = content.load(paths.CONTENT)
    for slug, card in loaded.cards.items():
        html = client.get(f"/en/cards/{slug}").get_data(as_text=True)
        status = html.split('class="app-card__status"')[1].split("</section>")[0]
        if card["clinical_review"] is None:
            assert "No doctor or nurse has reviewed this card yet." in status, slug
            assert "Checked by" not in status, slug
        for claim in ("checked by the", "reviewed by the", "card reviewed:", "written and checked", "atrophy-pwa"):
            assert claim not in html.lower(), (slug, claim)


def with_review(path, date):
    """The card file with a clinical_review table (before the sections, after the card's own keys)."""
    return path.read_text().replace("[[sections]]", '[clinical_review]\nreviewer = "Dr A. Example"\n'
                                    f'role = "a doctor"\ndate = {date}\n\n[[sections]]', 1)


def test_a_recorded_clinical_review_is_shown_with_who_and_when(content_copy):
    path = content_copy / "cards" / "10-diagnosis.toml"
    path.write_text(with_review(path, "2026-12-01"))
    client = create_app({"TESTING": True, "CONTENT_DIR": str(content_copy)}).test_client()
    html = client.get("/en/cards/diagnosis").get_data(as_text=True)
    assert "Checked by Dr A. Example (a doctor) on December 1, 2026." in html
    assert "No doctor or nurse has reviewed this card yet." not in html
    about = client.get("/en/about").get_data(as_text=True)
    assert "A doctor or nurse has reviewed 1 card." in about and "No doctor or nurse has reviewed it yet." not in about


def test_a_review_older_than_the_last_change_is_refused(content_copy):
    """A change after the review leaves the card unreviewed: the old review must not stay on it."""
    path = content_copy / "cards" / "10-diagnosis.toml"
    text = with_review(path, "2026-11-01")
    path.write_text(text)
    with pytest.raises(content.ContentError, match="clinical_review: is before changed"):
        content.load(content_copy)
    path.write_text(text.replace("review_due = 2027-11-22", "review_due = 2026-11-22"))
    with pytest.raises(content.ContentError, match="review_due: must be after changed"):
        content.load(content_copy)


def test_the_safety_cards_say_what_people_need(client):
    """What the stories showed people need, each on a card with the 'when to get help' box."""
    loaded = content.load(paths.CONTENT)
    needs = {
        "stroke-signs": ["balance", "sight", "Note the time", "mini-stroke", "not only a stroke sign"],
        "after-a-fall": ["Roll onto your side", "Stay where you are and call for help", "Keep warm"],
        "weakness-after-an-infection": ["Guillain-Barré", "after a mild infection", "spread up the arms and legs"],
        "steroid-medicines": ["tell your doctor", "Do not stop taking a steroid medicine on your own"],
    }
    for slug, words in needs.items():
        text = card_text(loaded.cards[slug])
        assert all(w in text for w in words), (slug, [w for w in words if w not in text])
        assert slug in loaded.flow["help_box_cards"]
        assert 'class="app-help"' in client.get(f"/en/cards/{slug}").get_data(as_text=True)

"""Every page in every language: no English left outside names, and sources a person can check."""
import html as html_lib
import re

import pytest
from babel.messages.pofile import read_po

from atrophy_pwa import paths
from atrophy_pwa.core import content
from page_text import text_not_marked_english

LOADED = content.load(paths.CONTENT)
LOCALES = sorted(p.parent.parent.name for p in paths.TRANSLATIONS.glob("*/LC_MESSAGES/messages.po"))
PAGES = ["/", "/cards/", "/about", "/care", "/checklist", "/offline"] + [f"/cards/{s}" for s in LOADED.cards]
# Results: a care result (emergency) and a checklist result, as a person reaches them.
POSTS = [("/care", {"show": "result", "yes": ["fainting"], "region": "KE"}),
         ("/checklist", {"signs": [LOADED.checklist["signs"][0]["id"]], "region": "KE"})]

# Words that, standing alone, mean English was left in. None is a word of French, Spanish, Portuguese
# or Swahili ("for" is Portuguese and "page" French, so they are not here); Arabic and Hindi use other
# scripts.
ENGLISH_WORDS = {"the", "and", "your", "you", "with", "this", "not", "are", "from", "named", "reviewed",
                 "team", "draft"}
# Names that stay as they are in every language (with their own English words), besides anything a
# page marks lang="en" (publishers and the sources' own titles).
NAMES = ["Cleveland Clinic", "Apollo Hospitals", "MedlinePlus", "atrophy-pwa", "Lou Gehrig", "Charcot-Marie-Tooth"]


def visible_text(page: str) -> str:
    """The page's text a person reads, less what is marked lang="en" and the names that stay English."""
    text = text_not_marked_english(page)
    for name in NAMES:
        text = text.replace(name, " ")
    return re.sub(r"\s+", " ", text)


def english_messages() -> list[str]:
    """Every English message of three words or more (shorter ones may be names or shared words)."""
    with (paths.TRANSLATIONS / "messages.pot").open("rb") as handle:
        catalog = read_po(handle)
    found = []
    for message in catalog:
        text = message.id if isinstance(message.id, str) else message.id[0]
        if text and len(text.split()) >= 3 and "%(" not in text and "{" not in text:
            found.append(text)
    return found


MESSAGES = english_messages()


def rendered(client, locale):
    for url in PAGES:
        yield url, client.get(f"/{locale}{url}?region=KE").get_data(as_text=True)
    for url, form in POSTS:
        yield f"POST {url}", client.post(f"/{locale}{url}", data=form).get_data(as_text=True)


@pytest.mark.parametrize("locale", [code for code in LOCALES if code != "en"])
def test_no_english_is_left_on_a_page_of_another_language(client, locale):
    left = {}
    for url, page in rendered(client, locale):
        assert f'<html lang="{locale}"' in page, url
        text = visible_text(page)
        words = {w for w in re.findall(r"[^\W\d_]+", text) if w.lower() in ENGLISH_WORDS}
        messages = [m for m in MESSAGES if m in text]
        if words or messages:
            left[url] = sorted(words) + messages[:3]
    assert not left, left


def test_the_check_finds_english_when_it_is_there(client):
    page = client.get("/en/about").get_data(as_text=True).replace('<html lang="en"', '<html lang="xx"')
    text = visible_text(page)
    assert {w.lower() for w in re.findall(r"[^\W\d_]+", text)} & ENGLISH_WORDS
    assert any(m in text for m in MESSAGES)
    assert "Cleveland Clinic" not in visible_text('<p>From <bdi lang="en">Cleveland Clinic</bdi></p>')


@pytest.mark.parametrize("locale", LOCALES + ["en"])
def test_every_source_on_every_card_shows_publisher_title_date_and_link(client, locale):
    for slug, card in LOADED.cards.items():
        page = client.get(f"/{locale}/cards/{slug}").get_data(as_text=True)
        footer = page[page.index('class="app-card__sources"'):]
        found = re.findall(r"(?s)<li( [^>]*)?>(.*?)</li>", footer.split("</ul>")[0])
        assert len(found) == len(card["sources"]), slug
        for (attributes, item), key in zip(found, card["sources"]):
            source = LOADED.sources[key]
            assert ('data-kind="guidance"' in attributes) == (source["kind"] == "guidance"), (slug, key)
            title = html_lib.escape(source["title"], quote=True).replace("&#x27;", "&#39;")
            assert f'<bdi lang="en" dir="ltr">{title}</bdi>' in item, (slug, key)
            if source["publisher"]:
                assert f'<bdi lang="en" dir="ltr">{html_lib.escape(source["publisher"])}</bdi>' in item
            if source["url"]:
                assert f'<a href="{source["url"]}" lang="en" dir="ltr" rel="noreferrer">' in item
            if locale != "en":
                # Publisher, date and link are either there or said to be missing in the reader's language.
                assert not (set(re.findall(r"[^\W\d_]+", visible_text(item).lower())) & ENGLISH_WORDS), (locale, slug, item)
                assert "(" in visible_text(item), (locale, slug, "title's meaning missing")

"""Each language's GLOSSARY.md is kept: the words it rejects are not used in that catalogue, and each term
it lists under "Terms we explain" has its plain words beside it in every message that uses it.

English, the source, has its glossary in translations/en/GLOSSARY.md and is checked on its messages as
extracted afresh from the code, pages and content (the msgids); every other language on its PO file."""
import re

import pytest
from babel.messages.pofile import read_po

from atrophy_pwa import paths
from atrophy_pwa.i18n import translator_tools

LOCALES = sorted(p.parent.parent.name for p in paths.TRANSLATIONS.glob("*/LC_MESSAGES/messages.po"))
# The care flow, checklist and their pages (issue 11's area) are held to the same words by the next test.
LATER = ("care_flow.toml", "checklist.toml", "templates/care/", "templates/components/", "home.html", "base.html")


def avoided(locale) -> list[str]:
    text = (paths.TRANSLATIONS / locale / "GLOSSARY.md").read_text(encoding="utf-8")
    section = text.split("## Words we do not use", 1)
    assert len(section) == 2, f"{locale}/GLOSSARY.md has no 'Words we do not use' section"
    return re.findall(r"^- `([^`]+)`", section[1], re.M)


def uses(locale, words, only_cards_and_about, po_file=None):
    po_file = po_file or paths.TRANSLATIONS / locale / "LC_MESSAGES" / "messages.po"
    with po_file.open("rb") as handle:
        catalog = read_po(handle, locale=locale)
    found = []
    for message in catalog:
        strings = message.string if isinstance(message.string, (list, tuple)) else [message.string]
        files = [location[0] for location in message.locations]
        if only_cards_and_about and all(any(part in f for part in LATER) for f in files):
            continue
        for word in words:
            if any(re.search(rf"(?<!\w){re.escape(word)}(?!\w)", s or "") for s in strings):
                found.append(f"{word!r} in {message.id!r}")
    return found


@pytest.mark.parametrize("locale", LOCALES)
def test_card_and_about_translations_use_no_word_the_glossary_rejects(locale):
    assert not uses(locale, avoided(locale), only_cards_and_about=True)


@pytest.mark.parametrize("locale", LOCALES)
def test_no_translation_uses_a_word_the_glossary_rejects(locale):
    assert not uses(locale, avoided(locale), only_cards_and_about=False)


def test_a_rejected_word_is_found_but_not_inside_another_word(tmp_path):
    po_file = tmp_path / "messages.po"
    po_file.write_text('#: src/atrophy_pwa/content/cards/06-nerve-causes.toml:1\nmsgid "Nerve damage"\n'
                       'msgstr "Kuharibika kwa neva"\n\n'
                       '#: src/atrophy_pwa/content/cards/06-nerve-causes.toml:2\nmsgid "Never"\nmsgstr "Kamwe nevalo"\n',
                       encoding="utf-8")
    assert uses("sw", ["neva"], only_cards_and_about=True, po_file=po_file) == ["'neva' in 'Nerve damage'"]


def section(locale, heading) -> str:
    text = (paths.TRANSLATIONS / locale / "GLOSSARY.md").read_text(encoding="utf-8")
    parts = text.split(f"## {heading}\n", 1)
    assert len(parts) == 2, f"{locale}/GLOSSARY.md has no '{heading}' section"
    return parts[1].split("\n## ", 1)[0]


def explained_terms(locale) -> dict[str, list[str]]:
    """term -> the plain words that explain it, from the glossary's "Terms we explain" list."""
    lines = re.findall(r"^- `([^`]+)` -> (.+)$", section(locale, "Terms we explain"), re.M)
    return {term: re.findall(r"`([^`]+)`", plain) for term, plain in lines}


def unexplained(terms: dict[str, list[str]], messages) -> list[str]:
    """'term' in 'message' for each message holding a term but none of its plain words. A term matches in
    any case at the start of a word (in Latin letters) or anywhere (in a script with attached prefixes)."""
    found = []
    for message in messages:
        folded = message.casefold()
        for term, plain in terms.items():
            pattern = (r"(?<![a-z])" if term[0].isascii() else "") + re.escape(term.casefold())
            rest = re.sub(pattern, " ", folded)  # the plain words must stand outside the term itself
            if rest != folded and not any(p.casefold() in rest for p in plain):
                found.append(f"{term!r} in {message!r}")
    return found


def shown(catalog, source: bool) -> list[str]:
    """The texts a reader sees: the English ids (source) or the translations that are used (not fuzzy)."""
    texts = []
    for message in catalog:
        if not message.id or (not source and message.fuzzy):
            continue
        value = message.id if source else message.string
        texts += [t for t in (value if isinstance(value, (list, tuple)) else [value]) if t]
    return texts


@pytest.fixture(scope="module")
def english(tmp_path_factory) -> list[str]:
    """Every English message as extracted now from the code, pages and content (not the committed .pot,
    which is refreshed only when the translations are updated)."""
    template = tmp_path_factory.mktemp("pot") / "fresh.pot"
    translator_tools.extract(template)
    with template.open("rb") as handle:
        return shown(read_po(handle), source=True)


def test_every_glossary_lists_terms_it_explains():
    for locale in ["en"] + LOCALES:
        terms = explained_terms(locale)
        assert terms and all(terms.values()), f"{locale}/GLOSSARY.md: a term without plain words"


def test_english_explains_every_listed_term_where_it_is_used(english):
    assert not unexplained(explained_terms("en"), english)


@pytest.mark.parametrize("locale", LOCALES)
def test_each_translation_explains_every_listed_term_where_it_is_used(locale):
    with (paths.TRANSLATIONS / locale / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        catalog = read_po(handle, locale=locale)
    assert not unexplained(explained_terms(locale), shown(catalog, source=False))


def test_english_uses_no_word_its_glossary_rejects(english):
    words = re.findall(r"^- `([^`]+)`", section("en", "Words we do not use"), re.M)
    assert words
    assert not [f"{w!r} in {m!r}" for m in english for w in words if re.search(rf"(?<!\w){re.escape(w)}", m, re.I)]


def test_a_term_without_its_plain_words_is_found():
    terms = {"neurogenic": ["nerve"], "الحبل الشوكي": ["العمود الفقري"], "corticosteroid": ["steroid medicine"]}
    messages = ["Neurogenic atrophy comes from a nerve problem.", "Neurogenic atrophy is the worst.",
                "Corticosteroids, a kind of steroid medicine.", "Corticosteroid medicine.",
                "Not neurogenically at all: a nerve.", "No term here.",
                "إصابة في الحبل الشوكي", "إصابة في الحبل الشوكي (داخل العمود الفقري)"]
    assert unexplained(terms, messages) == ["'neurogenic' in 'Neurogenic atrophy is the worst.'",
                                            "'corticosteroid' in 'Corticosteroid medicine.'",
                                            "'الحبل الشوكي' in 'إصابة في الحبل الشوكي'"]

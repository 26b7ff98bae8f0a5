"""Each language's GLOSSARY.md is kept: the words it rejects are not used in that catalogue."""
import re

import pytest
from babel.messages.pofile import read_po

from atrophy_pwa import paths

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

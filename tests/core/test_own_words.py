"""Every content text is in our own words: no run of 8 or more words copied from a seed page.

The seed pages are not read here (CI has no copy): tests/seed_shingles.txt holds a hash of every
normalised 8-word run in them, made by scripts/seed_shingles.py.
"""
import importlib.util
import tomllib
from pathlib import Path

import pytest

from atrophy_pwa import paths
from atrophy_pwa.i18n import extract

HERE = Path(__file__).resolve().parent.parent  # tests/
spec = importlib.util.spec_from_file_location("seed_shingles", HERE.parent / "scripts" / "seed_shingles.py")
seed_shingles = importlib.util.module_from_spec(spec)
spec.loader.exec_module(seed_shingles)

# Lists of disease names read the same in any two texts, so a run made only of these names (and the
# words that join them) is not copied wording. Names only: a sentence around them still counts.
NAMES = [
    "amyotrophic lateral sclerosis", "als", "lou gehrigs disease", "multiple sclerosis", "ms",
    "spinal muscular atrophy", "sma", "spinal cord injury", "guillain barre syndrome", "guillain barré syndrome",
    "charcot marie tooth disease", "muscular dystrophy", "myositis", "dermatomyositis", "polymyositis",
    "polio", "stroke", "rheumatoid arthritis", "osteoarthritis", "cancer", "hiv", "cachexia",
    "carpal tunnel syndrome", "diabetic neuropathy", "blood tests", "blood test", "x rays",
    "computed tomography ct scan", "ct scans", "ct scan", "magnetic resonance imaging mri", "mri scans",
    "mri", "nerve conduction studies", "muscle or nerve biopsy", "electromyography emg", "emg",
]
JOINERS = {"and", "or"}
NAME_TOKENS = sorted((seed_shingles.words(name) for name in NAMES), key=len, reverse=True)


def seed_hashes() -> set[str]:
    lines = (HERE / "seed_shingles.txt").read_text(encoding="utf-8").splitlines()
    return {line for line in lines if line and not line.startswith("#")}


def name_marks(tokens: list[str]) -> list[bool]:
    """True for each token that is part of an allowed name or joins two of them."""
    marks = [False] * len(tokens)
    i = 0
    while i < len(tokens):
        for name in NAME_TOKENS:
            if tokens[i:i + len(name)] == name:
                marks[i:i + len(name)] = [True] * len(name)
                i += len(name)
                break
        else:
            marks[i] = tokens[i] in JOINERS
            i += 1
    return marks


def copied_runs(text: str, hashes: set[str]) -> list[str]:
    """The 8-word runs of `text` found in a seed page, apart from runs of names only."""
    tokens = seed_shingles.words(text)
    marks = name_marks(tokens)
    width = seed_shingles.WIDTH
    return [" ".join(tokens[start:start + width]) for start, digest in seed_shingles.shingles(tokens)
            if digest in hashes and not all(marks[start:start + width])]


CARD_FILES = sorted((paths.CONTENT / "cards").glob("*.toml")) + [paths.CONTENT / "sources.toml"]
FLOW_FILES = [paths.CONTENT / "care_flow.toml", paths.CONTENT / "checklist.toml"]


def content_texts(files):
    """(file: field, text) for every text a person reads in the content files."""
    found = []
    for path in files:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        for where, text in extract.texts(data, extract.schema_for(str(path))):
            found.append((f"{path.name}: {where} {text[:30]!r}", text))
    return found


def test_hash_file_covers_the_five_seed_pages():
    hashes = seed_hashes()
    assert len(hashes) > 4000
    assert all(len(h) == 12 for h in hashes)


def assert_own_words(files):
    hashes = seed_hashes()
    copied = {where: runs for where, text in content_texts(files) if (runs := copied_runs(text, hashes))}
    assert not copied, "\n".join(f"{where}: {runs[0]!r}" for where, runs in copied.items())


def test_no_card_or_source_text_copies_eight_words_from_a_seed():
    assert_own_words(CARD_FILES)


def test_no_care_flow_or_checklist_text_copies_eight_words_from_a_seed():
    assert_own_words(FLOW_FILES)


def test_a_copied_sentence_is_found_but_a_list_of_names_is_not():
    hashes = seed_hashes()
    copied = "Without enough protein, vitamins, and calories, your body breaks down muscle for energy."
    assert copied_runs(copied, hashes)
    assert copied_runs("When these nerves are damaged, they can’t trigger the muscle contractions.", hashes)
    names = "Multiple sclerosis (MS), amyotrophic lateral sclerosis (ALS), spinal cord injury, and polio."
    assert not copied_runs(names, hashes)
    assert not copied_runs("Your muscles need food to stay strong, so eat well every single day.", hashes)


def test_normalising_ignores_case_punctuation_apostrophes_and_determiners():
    assert seed_shingles.words("Don’t STOP—now, Guillain-Barré!") == ["dont", "stop", "now", "guillain", "barré"]
    assert seed_shingles.words("your body and a leg") == ["the", "body", "and", "the", "leg"]
    a = list(seed_shingles.shingles(seed_shingles.words("one two three four five six seven eight")))
    b = list(seed_shingles.shingles(seed_shingles.words("One, two; THREE four-five six seven eight.")))
    assert a == b and len(a) == 1

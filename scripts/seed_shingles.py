#!/usr/bin/env python3
"""Hash every run of 8 words in the seed pages, so tests can find copied wording without the pages.

    python scripts/seed_shingles.py                    read /work/shared/seeds, write tests/seed_shingles.txt
    python scripts/seed_shingles.py SEEDS_DIR -o FILE  read another folder of *.txt pages

Text is normalised (lower case, apostrophes dropped, every run of other non-letters a word break,
"your", "a", "their" and other determiners read as "the"),
then each run of WIDTH words is hashed (SHA-256, first 12 hex digits). The output holds the hashes
only, one a line and sorted: it cannot be read back into the pages' text, and the tests and CI need
nothing but this file. Run it again if the seed pages change.
"""
import argparse
import hashlib
import re
import sys
from pathlib import Path

WIDTH = 8
DEFAULT_SEEDS = Path("/work/shared/seeds")
DEFAULT_OUT = Path(__file__).resolve().parent.parent / "tests" / "seed_shingles.txt"


# Swapping "the" for "your" does not make a sentence one's own: these all count as one word.
DETERMINERS = {"the", "your", "their", "a", "an", "his", "her", "its", "our", "my"}


def words(text: str) -> list[str]:
    """Lower-case words of `text`; "don't" and "don’t" both become "dont", "Guillain-Barré" two words,
    and every determiner ("your", "the", "a" ...) becomes "the"."""
    text = re.sub(r"['’‘`]", "", text.lower())
    return ["the" if word in DETERMINERS else word for word in re.findall(r"[^\W_]+", text)]


def shingle_hash(run) -> str:
    return hashlib.sha256(" ".join(run).encode("utf-8")).hexdigest()[:12]


def shingles(tokens: list[str], width: int = WIDTH):
    """(start index, hash) of every run of `width` tokens."""
    for start in range(len(tokens) - width + 1):
        yield start, shingle_hash(tokens[start:start + width])


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__)
    parser.add_argument("seeds", nargs="?", type=Path, default=DEFAULT_SEEDS, help="folder of seed pages (*.txt)")
    parser.add_argument("-o", "--output", type=Path, default=DEFAULT_OUT, help="hash file to write")
    args = parser.parse_args(argv)
    pages = sorted(args.seeds.glob("*.txt"))
    if not pages:
        parser.error(f"{args.seeds}: no *.txt seed pages")
    hashes = set()
    for page in pages:
        hashes.update(h for _, h in shingles(words(page.read_text(encoding="utf-8"))))
    header = (f"# Hashes of every normalised {WIDTH}-word run in {len(pages)} seed pages; "
              "made by scripts/seed_shingles.py, read by tests/core/test_own_words.py.\n")
    args.output.write_text(header + "".join(h + "\n" for h in sorted(hashes)), encoding="utf-8")
    print(f"{args.output}: {len(hashes)} hashes from {len(pages)} pages", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

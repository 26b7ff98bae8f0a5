"""The content data: cards, sources, care flow, checklist and emergency numbers, read and checked once.

Every file goes through its marshmallow schema; a broken file raises ContentError naming the file
and the field, so start-up and `atrophy-pwa check` stop with a message a person can act on.
"""
import tomllib
from dataclasses import dataclass
from pathlib import Path

from marshmallow import Schema, ValidationError

from . import schemas
from ..hashing import digest


class ContentError(Exception):
    """A content file is missing, unreadable or does not match its schema."""


@dataclass(frozen=True)
class Content:
    sources: dict      # id -> source (kind "seed": the five seed pages; "guidance": published guidance)
    cards: dict        # slug -> card, in reading order
    flow: dict
    checklist: dict
    countries: dict    # ISO code -> country
    no_country: dict   # {"emergency": "112"}: offered when the country is not known
    version: str       # hash of every content file

    @property
    def last_changed(self):
        """The newest date any card's text changed."""
        return max(card["changed"] for card in self.cards.values())

    @property
    def clinically_reviewed(self) -> list:
        """The slugs of the cards a doctor or nurse has reviewed as they are now."""
        return [slug for slug, card in self.cards.items() if card["clinical_review"]]


def flatten(messages, prefix="") -> list[str]:
    """marshmallow's nested error dict as 'field.path: message' lines."""
    if isinstance(messages, dict):
        return [line for key, value in messages.items()
                for line in flatten(value, f"{prefix}.{key}" if prefix else str(key))]
    return [f"{prefix or '(file)'}: {message}" for message in messages]


def read(path: Path, schema: Schema) -> dict:
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ContentError(f"{path}: file is missing") from None
    except OSError as error:  # a folder in a file's place, no permission, ...
        raise ContentError(f"{path}: cannot be read: {error.strerror}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise ContentError(f"{path}: not valid TOML: {error}") from None
    try:
        return schema.load(raw)
    except ValidationError as error:
        raise ContentError(f"{path}: " + "; ".join(flatten(error.messages))) from None


def load(directory) -> Content:
    """Read and check every content file under `directory`."""
    directory = Path(directory)
    files = [directory / name for name in
             ("sources.toml", "care_flow.toml", "checklist.toml", "emergency_numbers.toml")]
    card_files = sorted((directory / "cards").glob("*.toml"))
    if not card_files:
        raise ContentError(f"{directory / 'cards'}: no card files (*.toml)")
    sources = {s["id"]: s for s in read(files[0], schemas.SourcesFileSchema())["sources"]}
    flow = read(files[1], schemas.FlowSchema())
    checklist = read(files[2], schemas.ChecklistSchema())
    numbers = read(files[3], schemas.EmergencyNumbersSchema())
    countries = {c["code"]: c for c in numbers["countries"]}
    cards = {}
    for path in card_files:
        card = read(path, schemas.CardSchema())
        if card["slug"] in cards:
            raise ContentError(f"{path}: slug: {card['slug']!r} is used by another card")
        unknown = [s for s in card["sources"] if s not in sources]
        if unknown:
            raise ContentError(f"{path}: sources: unknown source ids {unknown}")
        check_guidance(path, card, sources)
        cards[card["slug"]] = card
    check_links(files[1], files[2], flow, checklist, cards)
    version = digest(*(path.read_bytes() for path in files + card_files), length=12)
    return Content(sources, cards, flow, checklist, countries, numbers["no_country"], version)


def check_guidance(path, card, sources):
    """Safety advice from published guidance is marked where it stands: each section names the guidance
    pages it takes advice from (listed in the card's sources), and each guidance page a card lists is
    named by one of its sections, so a reader can tell those sentences from the seed pages' facts."""
    named = set()
    for number, section in enumerate(card["sections"]):
        for key in section["from_guidance"]:
            if key not in card["sources"] or sources[key]["kind"] != "guidance":
                raise ContentError(f"{path}: sections.{number}.from_guidance: {key!r} is not a guidance "
                                   "page in this card's sources")
            named.add(key)
    unmarked = [key for key in card["sources"] if sources[key]["kind"] == "guidance" and key not in named]
    if unmarked:
        raise ContentError(f"{path}: sources: guidance pages no section takes advice from (mark the "
                           f"sections with from_guidance): {unmarked}")


def check_links(flow_path, checklist_path, flow, checklist, cards):
    """The flow and checklist may only name cards and questions that exist."""
    for level in flow["levels"]:
        missing = [slug for slug in level["cards"] if slug not in cards]
        if missing:
            raise ContentError(f"{flow_path}: levels.{level['code']}.cards: unknown card slugs {missing}")
    missing = [slug for slug in flow["help_box_cards"] if slug not in cards]
    if missing:
        raise ContentError(f"{flow_path}: help_box_cards: unknown card slugs {missing}")
    questions = {q["id"] for step in flow["steps"] for q in step["questions"]}
    for sign in checklist["signs"]:
        missing = [q for q in sign["implies"] if q not in questions]
        if missing:
            raise ContentError(f"{checklist_path}: signs.{sign['id']}.implies: unknown question ids {missing}")

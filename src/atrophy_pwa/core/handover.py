"""The hand-over code: a result's answers as a short string that a clinic can type or scan and read in its
own language, offline too. static/js/handover.js is the same codec on the device; tests/core/test_handover.py
runs it under node and compares the two.

A code carries only the answers (the care flow's "yes" question ids, or the checklist's ticked sign
ids): no name, no time, nothing else. It is Crockford base32 (0-9 and A-Z without I, L, O, U; read in
any case, O as 0, I and L as 1, hyphens and spaces ignored):

    header  answers...  check

- header: version * 2 + kind (0 the flow, 1 the checklist). The version is the number of the last
  block of content/handover.toml the code was made with (1-15); 0 is kept for another format.
- answers: one bit per id of that kind's blocks up to that version, in file order, five to a
  character, the first id in the highest bit; zero bits pad the last character. The version fixes the
  number of characters, so a code cut short, or with a character left out or added, is refused.
- check: the Damm check character, over the quasigroup x*y = 2x XOR y in GF(32) (polynomial
  x^5 + x^2 + 1), which is totally anti-symmetric: every single wrong character and every swap of two
  neighbours is refused. Other typing errors slip through with a chance of 1 in 32.

Shown in groups of four joined by hyphens (2K7M-0A4X-3Q). The id lists are append-only, so a code
made by an older version of the flow decodes to the same answers.
"""
from pathlib import Path

from . import schemas
from .content import ContentError, read

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
VALUE = {**{char: value for value, char in enumerate(ALPHABET)}, "O": 0, "I": 1, "L": 1}
IGNORED = " -\t\n\u00a0\u2010\u2011\u2012\u2013\u2014\u2212"  # spaces and the dashes phones and pages put in
KINDS = ("flow", "checklist")
BITS = 5
GROUP = 4
MAX_LENGTH = 64  # longer than any code; anything longer is refused before it is read


class HandoverError(ValueError):
    """A code that cannot be read; `reason` is "malformed", "check" (a typo) or "newer" (made by a later
    version of the app)."""

    def __init__(self, reason: str, message: str):
        super().__init__(message)
        self.reason = reason


def times_two(value: int) -> int:
    """2 * value in GF(32) with the polynomial x^5 + x^2 + 1."""
    value <<= 1
    return value ^ 0b100101 if value & 0b100000 else value


def damm(values) -> int:
    """The Damm interim digit of the values: 0 when they end in their check character."""
    interim = 0
    for value in values:
        interim = times_two(interim) ^ value
    return interim


def encode(orders: dict, kind: str, ids) -> str:
    """The code for these answers (the kind's ids answered yes), made with the newest version."""
    order = [i for block in orders[kind] for i in block]
    chosen = set(ids)
    unknown = chosen - set(order)
    if unknown:
        raise ValueError(f"not in content/handover.toml's {kind} list: {sorted(unknown)}")
    values = [len(orders[kind]) * 2 + KINDS.index(kind)]
    for start in range(0, len(order), BITS):
        part = order[start:start + BITS]
        values.append(sum(1 << (BITS - 1 - bit) for bit, i in enumerate(part) if i in chosen))
    values.append(times_two(damm(values)))
    text = "".join(ALPHABET[value] for value in values)
    return "-".join(text[i:i + GROUP] for i in range(0, len(text), GROUP))


def decode(orders: dict, code: str) -> tuple[str, list]:
    """(kind, the ids answered yes) for a code as a person typed it; HandoverError when it is not one."""
    if not isinstance(code, str) or len(code) > MAX_LENGTH:
        raise HandoverError("malformed", "A hand-over code is a short string of letters and digits.")
    text = code.rsplit("#", 1)[-1].upper()  # the whole address pasted in: the code is after #
    text = "".join(char for char in text if char not in IGNORED)
    if len(text) < 2 or any(char not in VALUE for char in text):
        raise HandoverError("malformed", "A hand-over code has only the letters and digits a result shows.")
    values = [VALUE[char] for char in text]
    if damm(values):
        raise HandoverError("check", "The check character does not match: a character is wrong or two are swapped.")
    kind, version = KINDS[values[0] & 1], values[0] >> 1
    if version == 0:
        raise HandoverError("malformed", "This is not a hand-over code of this app.")
    if version > len(orders[kind]):
        raise HandoverError("newer", "This code was made by a newer version of the app.")
    order = [i for block in orders[kind][:version] for i in block]
    answers = values[1:-1]
    if len(answers) != -(-len(order) // BITS):
        raise HandoverError("malformed", "The code is too short or too long.")
    bits = [(value >> (BITS - 1 - bit)) & 1 for value in answers for bit in range(BITS)]
    if any(bits[len(order):]):
        raise HandoverError("malformed", "This is not a hand-over code of this app.")
    return kind, [i for i, bit in zip(order, bits) if bit]


def load(content_dir, flow: dict, checklist: dict) -> dict:
    """{"flow": [ids of version 1, of version 2, ...], "checklist": [...]} from content_dir/handover.toml,
    checked: versions 1, 2, 3... in order, no id twice, every question and every sign listed."""
    path = Path(content_dir) / "handover.toml"
    data = read(path, schemas.HandoverFileSchema())
    asked = {"flow": [q["id"] for step in flow["steps"] for q in step["questions"]],
             "checklist": [sign["id"] for sign in checklist["signs"]]}
    orders = {}
    for kind in KINDS:
        if [block["version"] for block in data[kind]] != list(range(1, len(data[kind]) + 1)):
            raise ContentError(f"{path}: {kind}: the versions must be 1, 2, 3... in order")
        listed = [i for block in data[kind] for i in block["ids"]]
        twice = sorted({i for i in listed if listed.count(i) > 1})
        missing = [i for i in asked[kind] if i not in listed]
        if twice or missing:
            raise ContentError(f"{path}: {kind}: " + "; ".join(
                [f"ids listed twice: {twice}"] * bool(twice) +
                [f"not listed (add them in a new version block): {missing}"] * bool(missing)))
        orders[kind] = [block["ids"] for block in data[kind]]
    return orders

"""Country names in each language, with the words each language puts around them: "in Canada",
"au Canada", "no Brasil", "भारत में", "nchini Kenya".

A sentence that names the country takes the whole phrase ("Not %(in_country)s? Change the country"),
never a bare name after a fixed preposition. The names come from CLDR through Babel; how a language
says "in <country>" is data its translator edits, translations/<locale>/countries.toml (English too):
a default pattern and groups of countries that take another, each with {name} where the name goes.

    default = "en {name}"
    [[forms]]
    pattern = "au {name}"
    note = "masculine names that start with a consonant"
    countries = ["BR", "CA"]

The files are read at start-up. Like a broken PO file, a broken one never stops the app: a warning
names the file and line, a form that cannot be used leaves its countries on the default pattern, and a
file that cannot be read (or is missing) leaves the name alone in that language's sentences.
"""
import logging
import tomllib
from pathlib import Path

from babel import Locale
from flask import current_app

FILE = "countries.toml"
NAME = "{name}"
log = logging.getLogger(__name__)


def line_of(text: str, needle: str, start: int = 1) -> int | None:
    """The first line of text from line `start` on that holds needle (a warning's "file:line"), or None."""
    for number, line in enumerate(text.splitlines()[start - 1:], start):
        if needle in line:
            return number
    return None


def warn(path: Path, line: int | None, reason: str) -> None:
    log.warning("%s: %s", f"{path}:{line}" if line else path, reason)


def usable(pattern) -> bool:
    return isinstance(pattern, str) and pattern.count(NAME) == 1 and bool(pattern.replace(NAME, "").strip())


def read_forms(path: Path, codes) -> dict[str, str]:
    """code -> pattern for every country in `codes`, from one grammar file; {} when it cannot be read."""
    try:
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except FileNotFoundError:
        log.warning("%s: missing, so sentences in this language name the country without its grammar", path)
        return {}
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:  # the message says the line
        log.warning("%s: cannot be read (%s), so sentences in this language name the country without its "
                    "grammar", path, error)
        return {}
    default = data.get("default")
    if not usable(default):
        warn(path, line_of(text, "default"), f"default must be one phrase with {NAME} in it, not {default!r}")
        default = NAME
    patterns = dict.fromkeys(codes, default)
    seen = {}
    forms = data.get("forms", [])
    for number, form in enumerate(forms if isinstance(forms, list) else []):
        pattern = form.get("pattern") if isinstance(form, dict) else None
        at = line_of(text, f'"{pattern}"' if isinstance(pattern, str) else "[[forms]]") or 1
        if not usable(pattern):
            warn(path, at, f"forms {number + 1}: pattern must be one phrase with {NAME} in it, not {pattern!r}; "
                 "its countries take the default")
            continue
        listed = form.get("countries", [])
        for code in listed if isinstance(listed, list) else [listed]:
            if not isinstance(code, str) or code not in patterns:
                warn(path, line_of(text, f'"{code}"', at), f"{code!r} is not a country with emergency numbers; "
                     "left out")
            elif code in seen:
                warn(path, line_of(text, f'"{code}"', at), f"{code!r} is in two forms ({seen[code]!r} and "
                     f"{pattern!r}); the first is used")
            else:
                seen[code], patterns[code] = pattern, pattern
    return patterns


def phrases(directory, code: str, countries) -> dict[str, dict]:
    """country code -> {"name": the CLDR name in `code`, "in_country": that name with its grammar}."""
    territories = Locale.parse(code).territories
    forms = read_forms(Path(directory) / code / FILE, countries)
    table = {}
    for region, country in countries.items():
        name = territories.get(region, country["name"])
        table[region] = {"name": name, "in_country": forms.get(region, NAME).replace(NAME, name)}
    return table


def table(app=None) -> dict[str, dict]:
    """locale -> country code -> {"name", "in_country"}, read on first use (at start-up: see init_app)."""
    app = app or current_app
    built = app.extensions.setdefault("country_names", {})
    for code in app.extensions["catalogues"].locales:
        if code not in built:  # a locale new since start-up (translations reloaded)
            built[code] = phrases(app.config["TRANSLATIONS_DIR"], code, app.extensions["content"].countries)
    return built


def readable_locale(code: str) -> str:
    """The language a page's sentences are in: English where the locale's translation cannot be read."""
    info = current_app.extensions["catalogues"].locales.get(code)
    return code if info is not None and info.readable else "en"


def name(region: str, code: str) -> str:
    return table()[readable_locale(code)][region]["name"]


def in_country(region: str, code: str) -> str:
    return table()[readable_locale(code)][region]["in_country"]


def every_in_country(region: str) -> dict[str, str]:
    """locale -> "in <country>" for one country, for the numbers JSON (the device picks its page's)."""
    return {code: names[region]["in_country"] for code, names in table().items()}


def init_app(app) -> None:
    """Read every language's grammar file now, so a broken one is reported at start-up."""
    table(app)


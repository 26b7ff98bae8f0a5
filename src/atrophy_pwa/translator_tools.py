"""Translators' tools behind `atrophy-pwa i18n`: Babel's extract/update/compile, plus check and status."""
import contextlib
from collections import Counter
import gettext
import re
from dataclasses import dataclass, field
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel import __version__ as babel_version
from babel.messages.plurals import get_plural
from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import PoFileError, read_po, write_po

from . import i18n, paths

MARKUP = re.compile(r"<[A-Za-z/!]|&[a-z]+;")


def pybabel(*args: str) -> None:
    """Run one of Babel's own commands (extract, update, compile)."""
    CommandLineInterface().run(["pybabel", *args])


def extract(template: Path) -> None:
    """Collect every message from Python, templates and content into the template (.pot). Needs a checkout."""
    mapping = paths.PACKAGE.parent.parent / "pyproject.toml"
    if not mapping.is_file():
        raise FileNotFoundError("extract needs a source checkout (pyproject.toml beside src/)")
    template = Path(template).resolve()
    with contextlib.chdir(mapping.parent):  # references read "src/atrophy_pwa/...", the same in any checkout
        pybabel("--quiet", "extract", "-F", str(mapping), "--add-comments=Translators:", "-k", "_",
                "--project=atrophy-pwa", "--sort-by-file", "-o", str(template),
                str(paths.PACKAGE.relative_to(mapping.parent)))


def update(template: Path, directory: Path, plural_forms: bool = False) -> list[Path]:
    """Babel's update; with plural_forms, also take this Babel's (CLDR's) plural rule. Returns the files it re-ruled."""
    pybabel("--quiet", "update", "-i", str(template), "-d", str(directory))
    return [path for path in all_po_files(directory) if plural_forms and refresh_plural_forms(path)]


# Numbers that reach every plural form of every CLDR rule (Spanish, French and Portuguese have a
# form for millions since CLDR 46, Babel 2.17+).
SAMPLES = (*range(0, 1001), 1_000_000, 2_000_000, 10_000_000)


def plural_rule(expr: str):
    """A gettext plural expression as a function of n (gettext's own parser, which rejects anything else)."""
    return gettext.c2py(expr.strip().rstrip(";"))


def cldr_plural(catalog):
    """(count, expression) that this Babel's CLDR data gives for the catalogue's language."""
    rule = get_plural(catalog.locale)
    return rule.num_plurals, rule.plural_expr


def refresh_plural_forms(path: Path) -> bool:
    """Give a PO file CLDR's plural rule and move each translation to the forms that mean the same numbers.

    Babel's update keeps a file's own Plural-Forms header, as it should: a translator's file is right by
    its own rule. When CLDR's rule changes (Babel 2.17 gave Spanish, French and Portuguese a third form,
    for millions, and put Arabic's forms for 11-99 and 100-102 the other way round), this takes the new
    rule: form j of the new rule gets the text of the form the old rule used for most of the same numbers.
    Returns False where the file already has CLDR's rule."""
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=path.parent.parent.name, abort_invalid=True)
    count, expr = cldr_plural(catalog)
    old, new = plural_rule(catalog.plural_expr), plural_rule(expr)
    if [old(n) for n in SAMPLES] == [new(n) for n in SAMPLES] and catalog.num_plurals == count:
        return False
    votes = [Counter(old(n) for n in SAMPLES if new(n) == j) for j in range(count)]
    source = [min(vote, key=lambda i: (-vote[i], i)) if vote else 0 for vote in votes]  # most numbers win
    for message in catalog:
        if message.id and isinstance(message.string, (list, tuple)):
            strings = list(message.string)
            message.string = tuple(strings[source[j]] if source[j] < len(strings) else "" for j in range(count))
    catalog._num_plurals, catalog._plural_expr = count, expr
    with path.open("wb") as handle:
        write_po(handle, catalog, width=76)
    return True


def compile_all(directory: Path) -> None:
    pybabel("compile", "--statistics", "-d", str(directory))


@dataclass
class Report:
    errors: list = field(default_factory=list)
    warnings: list = field(default_factory=list)


def check_file(path: Path) -> Report:
    """Problems in one PO file, each as 'file:line: message'."""
    report = Report()
    code = path.parent.parent.name if path.parent.name == "LC_MESSAGES" else None
    try:
        locale = Locale.parse(code) if code else None
        with path.open("rb") as handle:
            catalog = read_po(handle, locale=locale, abort_invalid=True)
    except (PoFileError, UnknownLocaleError, LookupError, ValueError) as error:  # LookupError: unknown charset
        line = getattr(error, "lineno", None) or 1
        report.errors.append(f"{path}:{line}: cannot be read: {error}")
        return report
    untranslated = fuzzy = 0
    expected = catalog.num_plurals  # the file's own Plural-Forms header: translations follow its rule
    try:  # the same test the app makes when it loads the file
        broken_rule = i18n.plural_problem(catalog.plural_expr, expected)
    except ValueError as error:
        broken_rule = f"cannot be read ({error})"
    if broken_rule:
        report.errors.append(f"{path}:1: Plural-Forms rule {broken_rule}: plural messages show in English")
    cldr_count = cldr_plural(catalog)[0] if catalog.locale else expected
    if cldr_count != expected:
        report.warnings.append(
            f"{path}:1: Plural-Forms says {expected} forms; CLDR (Babel {babel_version}) gives {code} "
            f"{cldr_count}. The file still works by its own rule. To take CLDR's, run "
            f"`atrophy-pwa i18n update --plural-forms`, then check the plural messages.")
    for message in catalog:
        if not message.id:
            continue
        where = f"{path}:{message.lineno}"
        plural = isinstance(message.string, (list, tuple))
        strings = list(message.string) if plural else [message.string]
        msgid = message.id[0] if isinstance(message.id, (list, tuple)) else message.id
        filled = [text for text in strings if text]
        if message.fuzzy or not filled:
            fuzzy += bool(message.fuzzy)
            untranslated += not message.fuzzy
            continue
        if len(filled) != len(strings):
            report.errors.append(f"{where}: {len(filled)} of {expected} plural forms translated")
        problem = i18n.placeholder_problem(message) or i18n.format_problem(message)
        if problem:
            report.errors.append(f"{where}: {problem}")
        report.errors += [f"{where}: {error}" for error in message.check(catalog)]
        if any(MARKUP.search(text) for text in filled) and not MARKUP.search(msgid):
            report.errors.append(f"{where}: markup in the translation that the original lacks")
    if untranslated:
        report.warnings.append(f"{path}: {untranslated} untranslated messages (English shows instead)")
    if fuzzy:
        report.warnings.append(f"{path}: {fuzzy} fuzzy messages (English shows until they are confirmed)")
    return report


def all_po_files(directory: Path) -> list[Path]:
    return sorted(Path(directory).glob("*/LC_MESSAGES/messages.po"))


def status_rows(directory: Path) -> list[tuple]:
    """(code, name, completeness, review) for every locale the app would serve."""
    catalogues = i18n.Catalogues(directory)
    return [(i.code, i.name, i.completeness, i.review) for i in catalogues.locales.values()]

"""Translators' tools behind `atrophy-pwa i18n`: Babel's extract/update/compile, plus check and status.

`check` reports, as `file:line: message`, every PO syntax error (translate-toolkit's parser), what Babel
refuses, the checks of translate-toolkit's pofilter and the app's own: what the app would leave in
English (a %-format failure, a plural rule that fails, missing plural forms). pofilter's findings that
change what a person reads (placeholders, markup, escapes) are errors; those a draft may have
(punctuation, doubled words, untranslated and fuzzy messages) are warnings.
"""
import contextlib
import io
from collections import Counter
import gettext
from dataclasses import dataclass, field
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel import __version__ as babel_version
from babel.messages.plurals import get_plural
from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po, write_po
from translate.filters import checks
from translate.lang import bn, hi
from translate.storage import pypo

from .. import i18n, paths

# pofilter checks (translate-toolkit's names): errors change what a person reads or hide what a
# placeholder stands for (the emergency number); warnings are what a draft may still have.
POFILTER_ERRORS = ("variables", "printf", "pythonbraceformat", "xmltags", "escapes")
POFILTER_WARNINGS = ("endpunc", "startpunc", "puncspacing", "doublewords", "untranslated", "isfuzzy")
POFILTER_SAYS = {"untranslated": "not translated (English shows instead)",
                 "isfuzzy": "fuzzy (English shows until the translation is confirmed)"}
SYNTAX_ERRORS_SHOWN = 50  # per file


class Hindi(hi.hi):
    """translate-toolkit's Hindi, with the full stop written as the danda (as its Bengali has): without it
    pofilter's endpunc check flags nearly every Hindi sentence (279 of 281 in our catalogue)."""

    puncdict = bn.bn.puncdict


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


def syntax_errors(path: Path) -> list[str]:
    """Every PO syntax error in the file, each as 'file:line: reason'. translate-toolkit's parser stops at
    the first; the entry around it (its lines up to the blank lines either side) is blanked out, keeping
    the line numbers, and the file read again, until it parses."""
    try:
        lines = path.read_bytes().split(b"\n")
    except OSError as error:
        return [f"{path}: cannot be read: {error.strerror or error}"]
    found = []
    while len(found) < SYNTAX_ERRORS_SHOWN:
        error = i18n.syntax_error(b"\n".join(lines))
        if error is None:
            break
        line, reason = error
        found.append(f"{path}:{line}: {reason}" if line else f"{path}: {reason}")
        if not line or line > len(lines) or not lines[line - 1].strip():
            break  # no entry to blank out: this one is reported, the rest cannot be reached
        first = last = line - 1
        while first > 0 and lines[first - 1].strip():
            first -= 1
        while last + 1 < len(lines) and lines[last + 1].strip():
            last += 1
        lines[first:last + 1] = [b""] * (last + 1 - first)
    else:
        found.append(f"{path}: more than {SYNTAX_ERRORS_SHOWN} syntax errors; fix these first")
    return found


def pofilter_checker(code: str | None):
    """pofilter's checkers (its standard and unit checkers, as the command runs them) for this language,
    with our placeholders, {name} and %(name)s, counted as variables (so "%(num)d" is not punctuation)."""
    config = checks.CheckerConfig(targetlanguage=code, varmatches=[("{", "}"), ("%(", ")")])
    checker = checks.TeeChecker(checkerconfig=config, limitfilters=[*POFILTER_ERRORS, *POFILTER_WARNINGS],
                                checkerclasses=[checks.StandardChecker, checks.StandardUnitChecker], languagecode=code)
    if code == "hi":
        for each in checker.checkers:  # each made its own config from the language code
            each.config.lang = Hindi("hi-Deva")  # translate-toolkit keeps one object per code: "hi" is its own
    return checker


def pofilter_findings(path: Path, catalog, code: str | None, report: "Report") -> None:
    """pofilter's checks on every message, in the report as errors or warnings, with Babel's line numbers.
    A fuzzy message is not used by the app, so only its being fuzzy is reported."""
    store = pypo.pofile(io.BytesIO(path.read_bytes()))
    checker = pofilter_checker(code)
    for unit in store.units:
        if unit.isheader() or unit.isobsolete():
            continue
        found = catalog.get(str(unit.source), unit.getcontext() or None)
        where = f"{path}:{found.lineno if found is not None else '?'}"
        for name, failure in checker.run_filters(unit, categorised=True).items():
            if unit.isfuzzy() and name != "isfuzzy":
                continue
            message = POFILTER_SAYS.get(name) or failure["message"]
            line = f"{where}: {name}: {message}"
            (report.errors if name in POFILTER_ERRORS else report.warnings).append(line)


def check_file(path: Path) -> Report:
    """Problems in one PO file, each as 'file:line: message'."""
    report = Report()
    code = path.parent.parent.name if path.parent.name == "LC_MESSAGES" else None
    try:
        if code:
            Locale.parse(code)
    except (UnknownLocaleError, ValueError) as error:
        report.errors.append(f"{path}:1: {code!r} is not a locale: {error}")
        return report
    report.errors += syntax_errors(path)
    if report.errors:
        return report
    try:
        catalog = i18n.read_catalogue(path, code)
    except i18n.CatalogueError as error:
        report.errors.append(f"{error.path}:{error.line or 1}: cannot be read: {error.reason}")
        return report
    expected = catalog.num_plurals  # the file's own Plural-Forms header: translations follow its rule
    try:  # the same test the app makes when it loads the file
        broken_rule = i18n.plural_problem(catalog.plural_expr, expected)
    except (ValueError, SyntaxError) as error:
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
        strings = list(message.string) if isinstance(message.string, (list, tuple)) else [message.string]
        filled = [text for text in strings if text]
        if message.fuzzy or not filled:
            continue
        if len(filled) != len(strings):
            report.errors.append(f"{where}: {len(filled)} of {expected} plural forms translated")
        problem = i18n.format_problem(message)  # what pofilter's printf check lets through ("100%")
        if problem:
            report.errors.append(f"{where}: {problem}")
        report.errors += [f"{where}: {error}" for error in message.check(catalog)]
    pofilter_findings(path, catalog, code, report)
    return report


def all_po_files(directory: Path) -> list[Path]:
    return i18n.po_files(directory)


def status_rows(directory: Path) -> list[tuple]:
    """(code, name, completeness, review) for every locale the app would serve."""
    catalogues = i18n.Catalogues(directory)
    return [(i.code, i.name, i.completeness, i.review) for i in catalogues.locales.values()]

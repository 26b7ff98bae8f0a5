"""Translators' tools behind `atrophy-pwa i18n`: Babel's extract/update/compile, plus check and status."""
import contextlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.messages.plurals import get_plural
from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import PoFileError, read_po

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


def update(template: Path, directory: Path) -> None:
    pybabel("--quiet", "update", "-i", str(template), "-d", str(directory))


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
    expected = get_plural(catalog.locale).num_plurals if catalog.locale else catalog.num_plurals
    declared = re.search(r"nplurals\s*=\s*(\d+)", path.read_text(encoding="utf-8"))
    if declared and int(declared.group(1)) != expected:
        report.errors.append(f"{path}:1: Plural-Forms says {declared.group(1)} forms, {code} has {expected}")
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
        problem = i18n.placeholder_problem(message)
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

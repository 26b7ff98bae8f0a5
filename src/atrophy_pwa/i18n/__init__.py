"""Locales: the catalogues in the translations folder, the request's locale, localised views of content.

Catalogues are read from PO files at start-up and compiled in memory, so a translator's change shows
after a restart with no build step. Each file is first read by translate-toolkit's PO parser, which
stops at a syntax error that Babel's reader passes over without a word (a msgstr with no closing quote
lost its last character; a stray `msgstr garbage ""` line was skipped), then by Babel. A file that cannot
be read keeps its language at its own addresses, in English, with a notice that the translation could
not be read, and a warning names the file and line. Every message is tried the way it is used: a message
whose placeholders do not match its msgid, or that fails as a %-format string with its msgid's variables
(say "100%" or "%(total)" with no conversion), is dropped; a plural rule that fails or points past its
forms for some n in 0..200 leaves the plural messages out. Either way English shows in its place and a
warning names the file and line.
"""
import dataclasses
import gettext
import io
import logging
import os
import re
from dataclasses import dataclass
from pathlib import Path

import flask_babel
from babel import Locale, UnknownLocaleError
from babel.core import negotiate_locale
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po
from babel.support import NullTranslations, Translations
from flask import current_app, g, request
from markupsafe import escape
from translate.storage import pypo
from translate.storage.poparser import PoParseError

from ..core import schemas

SOURCE_LOCALE = "en"
BRACES = re.compile(r"\{[a-z_]*\}")
NAMED = re.compile(r"%\((\w+)\)")
REVIEW = re.compile(r"^#?\s*Review status:\s*(.+)$", re.MULTILINE | re.IGNORECASE)
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class LocaleInfo:
    code: str
    name: str          # in its own language
    dir: str           # ltr or rtl
    completeness: float
    review: str        # "source", "reviewed", or "unreviewed"
    credits: str = ""
    machine: bool = False  # the header says "# Draft: machine-assisted"
    readable: bool = True  # False: the PO file could not be read, and the locale's pages show English


def describe(code: str, completeness: float, review: str, credits: str = "", machine: bool = False) -> LocaleInfo:
    locale = Locale.parse(code)
    name = locale.get_display_name(code) or code
    return LocaleInfo(code, name[:1].upper() + name[1:], locale.text_direction, completeness, review, credits, machine)


def unreadable(code: str) -> LocaleInfo:
    """A locale whose PO file cannot be read: its addresses stay, in English (left to right), with a notice."""
    return dataclasses.replace(describe(code, 0.0, "unreadable"), dir="ltr", readable=False)


class CatalogueError(ValueError):
    """A PO file that cannot be read: where (the file, and the line when a parser names one) and why."""

    def __init__(self, path, line: int | None, reason: str):
        self.path, self.line, self.reason = path, line, reason
        super().__init__(f"{path}:{line}: {reason}" if line else f"{path}: {reason}")


def undecodable_line(data: bytes, error: Exception) -> int | None:
    """The first line of data that the encoding named by a UnicodeDecodeError cannot decode, or None."""
    encoding = getattr(error, "encoding", None)
    if not encoding:
        return None
    for number, line in enumerate(data.split(b"\n"), 1):
        try:
            line.decode(encoding)
        except UnicodeDecodeError:
            return number
    return None


def syntax_error(data: bytes) -> tuple[int | None, str] | None:
    """(line, reason) of the first syntax error translate-toolkit's PO parser finds in data, or None."""
    try:
        pypo.pofile(io.BytesIO(data))
    except PoParseError as error:  # "end-of-line within string on line 7: 'msgstr \"Bonjour\n'"
        reason, _, where = str(error).partition(" on line ")
        line = re.match(r"\d+", where)
        return (int(line.group()) if line else None), f"PO syntax error: {reason}"
    except (UnicodeError, LookupError, ValueError) as error:  # an undecodable line, an unknown charset, msgstr[x]
        line = undecodable_line(data, error)
        if isinstance(error, LookupError) and b"charset=" in data:
            line = data[:data.index(b"charset=")].count(b"\n") + 1
        return line, f"{type(error).__name__}: {error}"
    return None


def read_catalogue(path: Path, code: str | None):
    """One PO file as a Babel catalogue; CatalogueError (file, line, reason) when it cannot be read.

    translate-toolkit's parser reads it first: Babel's reader (up to 2.19 at least, with abort_invalid)
    takes a msgstr with no closing quote and drops its last character, and skips a stray line."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise CatalogueError(path, None, f"cannot be read: {error.strerror or error}") from None
    found = syntax_error(data)
    if found:
        raise CatalogueError(path, *found)
    try:
        return read_po(io.BytesIO(data), locale=code, abort_invalid=True)
    except PoFileError as error:  # Babel counts lines from 0 and says "on N" at the end
        raise CatalogueError(path, error.lineno + 1, re.sub(r" on \d+$", "", str(error))) from None
    except Exception as error:  # noqa: BLE001  whatever else Babel raises on a file that parsed above
        raise CatalogueError(path, undecodable_line(data, error), f"{type(error).__name__}: {error}") from None


def placeholders(text: str) -> list[str]:
    """The named placeholders of a message: "{number}" (filled on the device) and "%(number)s"."""
    return sorted(BRACES.findall(text) + [f"%({name})" for name in NAMED.findall(text)])


def placeholder_problem(message) -> str | None:
    """Why a translated message cannot be used safely, or None. A translation that drops a placeholder
    would drop what it stands for, such as the emergency number, so it is refused like a renamed one."""
    wanted = placeholders(message.id if isinstance(message.id, str) else message.id[0])
    for text in (message.string if isinstance(message.string, (list, tuple)) else [message.string]):
        if text and placeholders(text) != wanted:
            return f"placeholders {placeholders(text)} do not match {wanted}"
    return None


def formats(text: str, names) -> bool:
    """Whether `text % {name: 0 ...}` works: how gettext and Jinja fill a message's %(name)s variables."""
    try:
        text % dict.fromkeys(names, 0)
    except (ValueError, TypeError, KeyError):
        return False
    return True


def format_problem(message) -> str | None:
    """Why a translated message fails as a format string where its msgid works, or None."""
    ids = message.id if isinstance(message.id, (list, tuple)) else [message.id]
    names = {name for msgid in ids for name in NAMED.findall(msgid)}
    if not all(formats(msgid, names) for msgid in ids):
        return None  # a msgid that is never %-formatted
    for text in (message.string if isinstance(message.string, (list, tuple)) else [message.string]):
        if text and not formats(text, names):
            return f"{text!r} is not a valid format string with {sorted(names) or 'no variables'} (write % as %%)"
    return None


PLURAL_SAMPLES = range(0, 201)


def plural_problem(expression: str, count: int) -> str | None:
    """Why a Plural-Forms rule (already parsed by gettext) cannot be used for n = 0..200, or None."""
    rule = gettext.c2py(expression)
    for n in PLURAL_SAMPLES:
        try:
            form = rule(n)
        except ArithmeticError as error:
            return f"fails for n = {n} ({error})"
        if not 0 <= form < count:
            return f"gives form {form} for n = {n}, past its {count} forms"
    return None


def compile_catalogue(path: Path, code: str):
    """Read one PO file; return (Translations, LocaleInfo). Raises CatalogueError on a file that cannot be read."""
    catalog = read_catalogue(path, code)
    try:
        broken_rule = plural_problem(catalog.plural_expr, catalog.num_plurals)
    except (ValueError, SyntaxError) as error:  # gettext's parser refuses the expression
        broken_rule = f"cannot be read ({error})"
    if broken_rule:
        log.warning("%s: Plural-Forms %r %s: plural messages left in English", path, catalog.plural_expr, broken_rule)
        catalog._num_plurals, catalog._plural_expr = 2, "(n != 1)"  # English's rule, for English text
    translated = total = 0
    for message in list(catalog):
        if not message.id:
            continue
        total += 1
        if broken_rule and message.pluralizable:
            catalog.delete(message.id, message.context)
            continue
        problem = placeholder_problem(message) or format_problem(message) \
            or next((str(e) for e in message.check(catalog)), None)
        if problem:
            log.warning("%s: line %s: %r left in English: %s", path, message.lineno, message.id, problem)
            catalog.delete(message.id, message.context)
        elif message.fuzzy:
            catalog.delete(message.id, message.context)
        elif all(message.string) if isinstance(message.string, (list, tuple)) else message.string:
            translated += 1
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    header = catalog.header_comment or ""
    found = REVIEW.search(header)
    review = found.group(1).strip().lower() if found else "unreviewed"
    credits = "; ".join(m.group(1).strip() for m in re.finditer(r"^#?\s*Translators?:\s*(.+)$", header, re.M | re.I))
    machine = bool(re.search(r"^#?\s*Draft:\s*machine", header, re.M | re.I))
    info = describe(code, round(translated / total, 3) if total else 0.0, review, credits, machine)
    return Translations(buffer), info


def po_files(directory) -> list[Path]:
    """Every <code>/LC_MESSAGES/messages.po in the folder, one that cannot be opened (a dangling link) too."""
    directory = Path(directory)
    if not directory.is_dir():
        return []
    return sorted(path for path in (folder / "LC_MESSAGES" / "messages.po" for folder in directory.iterdir()
                                    if folder.is_dir()) if os.path.lexists(path))


def po_stamp(directory: Path) -> tuple:
    """Which PO files there are and when each last changed: a new stamp means re-read them."""
    def stamp(path):
        try:
            status = path.stat()
        except OSError:  # a dangling link, say: read (and reported) as unreadable
            return str(path), None, None
        return str(path), status.st_mtime_ns, status.st_size
    return tuple(stamp(path) for path in po_files(directory))


class Catalogues:
    """Every usable locale of one translations folder, English first."""

    def __init__(self, directory):
        self.directory = Path(directory)
        self.stamp = po_stamp(self.directory)
        self.translations = {SOURCE_LOCALE: NullTranslations()}
        self.locales = {SOURCE_LOCALE: describe(SOURCE_LOCALE, 1.0, "source")}
        if not self.directory.is_dir():
            log.warning("%s: translations folder is missing; only English is served", self.directory)
        for path in po_files(self.directory):
            code = path.parent.parent.name
            if code == SOURCE_LOCALE:
                continue
            try:
                Locale.parse(code)
            except (UnknownLocaleError, ValueError) as error:  # a folder that names no language
                log.warning("%s: %r is not a locale (%s); left out", path, code, error)
                continue
            try:
                self.translations[code], self.locales[code] = compile_catalogue(path, code)
            except Exception as error:  # noqa: BLE001  one translator's file never stops the app
                if not isinstance(error, CatalogueError):
                    error = CatalogueError(path, None, f"{type(error).__name__}: {error}")
                where = f"{path}:{error.line}" if error.line else str(path)
                log.warning("%s: the %r translation cannot be read (%s), so its pages show English with a notice",
                            where, code, error.reason)
                self.translations[code], self.locales[code] = NullTranslations(), unreadable(code)

    def __contains__(self, code):
        return code in self.locales

    def negotiate(self, accept_language) -> str:
        """The best shipped locale for an Accept-Language header; English when none fits."""
        preferred = [tag for tag, _ in accept_language if tag and tag != "*"]
        return negotiate_locale(preferred, list(self.locales), sep="-") or SOURCE_LOCALE


class CatalogueDomain(flask_babel.Domain):
    """flask-babel's domain, answering from the catalogues this app compiled at start-up."""

    def get_translations(self):
        catalogues = current_app.extensions["catalogues"]
        return catalogues.translations.get(str(flask_babel.get_locale()), catalogues.translations[SOURCE_LOCALE])


babel = flask_babel.Babel()


def select_locale():
    return g.get("locale", SOURCE_LOCALE)


def language_url(code: str) -> str:
    """This page in another language (the start of a flow for pages that answer a POST). HEAD is a GET
    without the body, so it renders the same links: the page cache keeps one entry for both."""
    from flask import url_for
    if request.endpoint and request.method in ("GET", "HEAD") and request.url_rule \
            and "locale" in request.url_rule.arguments:
        return url_for(request.endpoint, **{**(request.view_args or {}), "locale": code})
    return url_for("cards.home", locale=code)


def template_globals():
    catalogues = current_app.extensions["catalogues"]
    code = g.get("locale", SOURCE_LOCALE)
    return {"locale": catalogues.locales[code], "locales": list(catalogues.locales.values()),
            "language_url": language_url}


def reload_changed_catalogues():
    """before_request with RELOAD_TRANSLATIONS: re-read the PO files if any changed, and forget every
    page, localised view, country phrase and precache manifest made from the old ones."""
    app = current_app._get_current_object()
    if po_stamp(app.extensions["catalogues"].directory) == app.extensions["catalogues"].stamp:
        return
    log.info("translations changed; reading them again")
    app.extensions["catalogues"] = Catalogues(app.config["TRANSLATIONS_DIR"])
    for name in ("locale_views", "precache_manifests", "triage_results", "country_names", "addresses"):
        app.extensions.pop(name, None)
    for backend in app.extensions.get("cache", {}).values():  # flask-caching's backends (caching.py)
        backend.clear()


def init_app(app):
    app.extensions["catalogues"] = Catalogues(app.config["TRANSLATIONS_DIR"])
    if app.config["RELOAD_TRANSLATIONS"]:
        app.before_request(reload_changed_catalogues)
    babel.init_app(app, locale_selector=select_locale)
    babel.domain_instance = CatalogueDomain()
    # A translation is text, never markup: Jinja's new-style gettext marks what it returns as safe,
    # so escape the translation first (variables are escaped by Jinja as usual).
    app.jinja_env.install_gettext_callables(
        gettext=lambda s: escape(flask_babel.get_translations().ugettext(s)),
        ngettext=lambda s, p, n: escape(flask_babel.get_translations().ungettext(s, p, n)),
        newstyle=True)
    app.context_processor(template_globals)


def localise(data, schema, translate):
    """A copy of `data` whose Text fields (per `schema`) went through `translate`."""
    return schemas.map_texts(data, schema, lambda _where, text: translate(text))


def locale_view(content, code):
    """The content as seen in one locale: cards, flow and checklist, cached per content and locale."""
    cache = current_app.extensions.setdefault("locale_views", {})
    key = (content.version, code)
    if key not in cache:
        gettext = current_app.extensions["catalogues"].translations[code].gettext
        cache[key] = {
            "cards": {slug: localise(card, schemas.CardSchema(), gettext) for slug, card in content.cards.items()},
            "flow": localise(content.flow, schemas.FlowSchema(), gettext),
            "checklist": localise(content.checklist, schemas.ChecklistSchema(), gettext),
            "sources": {key: localise(source, schemas.SourceSchema(), gettext) for key, source in content.sources.items()},
        }
    return cache[key]


def request_locale_from_url(endpoint, values):
    """url_value_preprocessor: take <locale> from the URL, 404 for a locale we do not ship."""
    from flask import abort
    code = (values or {}).pop("locale", None)
    if code is not None:
        if code not in current_app.extensions["catalogues"]:
            abort(404)
        g.locale = code


def add_locale_to_urls(endpoint, values):
    """url_defaults: url_for fills <locale> with the request's locale."""
    if "locale" not in values and current_app.url_map.is_endpoint_expecting(endpoint, "locale"):
        values["locale"] = g.get("locale", SOURCE_LOCALE)


def negotiated_locale() -> str:
    return current_app.extensions["catalogues"].negotiate(request.accept_languages)

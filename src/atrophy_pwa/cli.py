"""The atrophy-pwa command: serve the app, check the content, translators' tools."""
import logging
import sys
from pathlib import Path

import click

from . import create_app
from .config import DEFAULTS, SettingError, from_environment
from .core import content as content_module
from .i18n import translator_tools
from .serving import export as export_module
from .serving import server


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main():
    """atrophy-pwa: an offline-first guide to muscle atrophy.

    Settings come from ATROPHY_PWA_* environment variables (see docs/OPERATIONS.md).
    """


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (0.0.0.0 for all).")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535), help="Port to listen on.")
@click.option("--threads", default=4, show_default=True, type=click.IntRange(1, 256), help="Waitress worker threads.")
@click.option("--connection-limit", default=server.CONNECTION_LIMIT, show_default=True, type=click.IntRange(1, 100000),
              help="Open connections at most; more wait until one closes.")
@click.option("--channel-timeout", default=server.CHANNEL_TIMEOUT, show_default=True, type=click.IntRange(1, 3600),
              help="Seconds an idle connection is kept open.")
@click.option("--reload", "reload_translations", is_flag=True,
              help="For translators: show a changed PO file on the next request, with no restart "
                   "(turns the response table and the triage layer off). Not for production.")
def serve(host, port, threads, connection_limit, channel_timeout, reload_translations):
    """Run the app under waitress, with limits for a public server.

    The GET addresses the export writes are answered from an in-memory table of finished responses
    (rendered once per process on first request, brotli 11 and gzip 9), without entering Flask; the
    forms, ?region= and everything else go to Flask. A plain POST /api/v1/triage is answered by the
    triage layer, also in front of Flask. ATROPHY_PWA_RESPONSE_TABLE=0 turns the table off,
    ATROPHY_PWA_TRIAGE_LAYER=0 the triage layer; --reload turns both off.

    A request body over the app's limit (64 KiB) is refused before it is read. On the open internet put
    nginx in front as well (docs/OPERATIONS.md, "Server limits"): waitress cannot time out a client that sends a byte
    every few seconds, nginx can.
    """
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    try:
        app = create_app({"RELOAD_TRANSLATIONS": True} if reload_translations else None)
    except (content_module.ContentError, SettingError) as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"atrophy-pwa on http://{host}:{port}/  (Ctrl+C to stop)")
    if app.config["RELOAD_TRANSLATIONS"]:
        click.echo("translations: a changed PO file shows on the next request")
    server.serve(app, host, port, threads, connection_limit=connection_limit, channel_timeout=channel_timeout)


@main.command()
@click.option("--content-dir", type=click.Path(file_okay=False), default=None,
              help="Content folder to check (default: ATROPHY_PWA_CONTENT_DIR, else the shipped content).")
def check(content_dir):
    """Check every content file against its schema; name the file and field of each problem."""
    try:
        directory = content_dir or from_environment().get("CONTENT_DIR", DEFAULTS["CONTENT_DIR"])
        loaded = content_module.load(directory)
    except (content_module.ContentError, SettingError) as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(1)
    click.echo(f"ok: {len(loaded.cards)} cards, {len(loaded.sources)} sources, "
               f"{sum(len(s['questions']) for s in loaded.flow['steps'])} care-flow questions, "
               f"{len(loaded.checklist['signs'])} checklist signs, {len(loaded.countries)} regions; "
               f"content version {loaded.version}")


@main.command()
@click.argument("directory", type=click.Path(path_type=Path))
@click.option("--precompressed", is_flag=True,
              help="Also write a .br (brotli 11) and a .gz (gzip 9) next to each compressible file, for hosts "
                   "that serve them (nginx brotli_static/gzip_static, Caddy precompressed).")
def export(directory, precompressed):
    """Write the whole app as static files into DIRECTORY, for any static host or CDN.

    Every locale's pages, the JSON documents the API serves by GET, the manifests, the service worker
    and the static files; "/" picks the language in the browser. The checklist and the care flow run on
    the device (no server is asked). DIRECTORY must be empty, missing, or an earlier export, which is
    replaced. The files hold the same bytes `serve` sends from its response table. Settings come from
    ATROPHY_PWA_* variables, as for serve.
    """
    try:
        written = export_module.export(directory, export_module.export_app(), precompressed)
    except (content_module.ContentError, SettingError, export_module.ExportError) as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"wrote {written['files']} files ({written['bytes'] / 1024:.0f} KiB) for "
               f"{len(written['locales'])} locales ({', '.join(written['locales'])}) to {directory}")


@main.group()
@click.option("--translations-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Translations folder (default: ATROPHY_PWA_TRANSLATIONS_DIR, else the shipped one).")
@click.pass_context
def i18n(ctx, translations_dir):
    """Translators' tools: extract, update, compile, check, status (see TRANSLATING.md)."""
    ctx.obj = translations_dir or Path(from_environment().get("TRANSLATIONS_DIR", DEFAULTS["TRANSLATIONS_DIR"]))


@i18n.command()
@click.pass_obj
def extract(directory):
    """Collect every message into messages.pot (from a source checkout)."""
    try:
        translator_tools.extract(directory / "messages.pot")
    except FileNotFoundError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"wrote {directory / 'messages.pot'}")


@i18n.command()
@click.option("--plural-forms", is_flag=True,
              help="Also give each file the plural rule of the installed Babel (CLDR) and move its plural "
                   "translations to the forms that mean the same numbers. Without it a file keeps its own rule.")
@click.pass_obj
def update(directory, plural_forms):
    """Merge new and changed messages from messages.pot into every locale's PO file."""
    for path in translator_tools.update(directory / "messages.pot", directory, plural_forms=plural_forms):
        click.echo(f"new plural rule: {path} (check its plural messages)")


@i18n.command(name="compile")
@click.pass_obj
def compile_(directory):
    """Compile PO files to MO files (optional: the server reads PO files itself)."""
    translator_tools.compile_all(directory)


@i18n.command(name="check")
@click.argument("po_files", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.pass_obj
def check_po(directory, po_files):
    """Check PO files (default: all): every syntax error, pofilter's checks and the app's own; exit 1 on
    errors, print file:line for each."""
    errors = 0
    for path in po_files or translator_tools.all_po_files(directory):
        report = translator_tools.check_file(path)
        for line in report.errors:
            click.echo(f"error: {line}", err=True)
        for line in report.warnings:
            click.echo(f"warning: {line}", err=True)
        errors += len(report.errors)
        if not report.errors:
            click.echo(f"ok: {path}")
    if errors:
        click.echo(f"{errors} errors", err=True)
        sys.exit(1)


@i18n.command()
@click.pass_obj
def status(directory):
    """A table of locales: name, share translated, review status."""
    click.echo(f"{'code':<6} {'language':<14} {'translated':>10}  review")
    for code, name, completeness, review in translator_tools.status_rows(directory):
        click.echo(f"{code:<6} {name:<14} {completeness:>10.0%}  {review}")


if __name__ == "__main__":
    main()

"""The atrophy-pwa command: serve the app, check the content, translators' tools."""
import sys

import click

from . import content as content_module
from .config import DEFAULTS, SettingError, from_environment


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main():
    """atrophy-pwa: an offline-first guide to muscle atrophy.

    Settings come from ATROPHY_PWA_* environment variables (see README.md).
    """


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (0.0.0.0 for all).")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535), help="Port to listen on.")
@click.option("--threads", default=4, show_default=True, type=click.IntRange(1, 256), help="Waitress worker threads.")
def serve(host, port, threads):
    """Run the app under waitress on its embedded defaults."""
    import logging

    import waitress

    from . import create_app
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    try:
        app = create_app()
    except (content_module.ContentError, SettingError) as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"atrophy-pwa on http://{host}:{port}/  (Ctrl+C to stop)")
    waitress.serve(app, host=host, port=port, threads=threads, ident="atrophy-pwa")


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

"""`atrophy-pwa serve --reload`: a translator's saved PO file shows on the next request, only when asked."""
import os
import shutil

import pytest
from click.testing import CliRunner

from atrophy_pwa import create_app, paths
from atrophy_pwa.cli import main

OLD = 'msgstr "Qui a écrit ce guide"'
NEW = 'msgstr "Qui a rédigé ce guide"'


@pytest.fixture
def translations(tmp_path):
    target = tmp_path / "translations"
    shutil.copytree(paths.TRANSLATIONS, target)
    return target


def edit(po_file):
    text = po_file.read_text(encoding="utf-8")
    assert OLD in text
    po_file.write_text(text.replace(OLD, NEW), encoding="utf-8")
    stat = po_file.stat()
    os.utime(po_file, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))


@pytest.mark.parametrize("reload, shows_new", [(True, True), (False, False)])
def test_a_changed_po_file_shows_on_the_next_request_only_with_reload(translations, reload, shows_new):
    client = create_app({"TESTING": True, "TRANSLATIONS_DIR": str(translations),
                         "RELOAD_TRANSLATIONS": reload}).test_client()
    assert "Qui a écrit ce guide" in client.get("/fr/about").get_data(as_text=True)  # now cached
    edit(translations / "fr" / "LC_MESSAGES" / "messages.po")
    page = client.get("/fr/about").get_data(as_text=True)
    assert ("Qui a rédigé ce guide" in page) is shows_new
    assert ("Qui a écrit ce guide" in page) is not shows_new


def test_reload_is_off_by_default_and_serve_offers_it():
    assert create_app({"TESTING": True}).config["RELOAD_TRANSLATIONS"] is False
    help_text = CliRunner().invoke(main, ["serve", "--help"]).output
    assert "--reload" in help_text and "PO file" in help_text

"""Static files as they are sent (serving/assets.py): our scripts minified, everything else byte for byte."""
import shutil
import subprocess

from atrophy_pwa import paths
from atrophy_pwa.hashing import digest
from atrophy_pwa.serving import assets
from atrophy_pwa.serving.assets import hashed_name


def own_scripts():
    return sorted(p.relative_to(paths.STATIC).as_posix() for p in (paths.STATIC / "js").glob("*.js"))


def test_our_scripts_are_sent_minified_under_a_name_for_those_bytes(app, client):
    hashes = app.extensions["asset_hashes"]
    assert len(own_scripts()) >= 10
    for name in own_scripts():
        disk, sent = (paths.STATIC / name).read_bytes(), assets.read(name)
        assert len(sent) < 0.8 * len(disk), name
        assert hashes[name] == digest(sent, length=10) != digest(disk, length=10)
        response = client.get("/static/" + hashed_name(name, hashes[name]))
        assert response.status_code == 200 and response.get_data() == sent, name
        assert response.mimetype == "text/javascript" and "immutable" in response.headers["Cache-Control"]
        assert "ETag" not in response.headers and "Content-Disposition" not in response.headers


def test_a_script_under_its_plain_name_is_the_same_bytes_and_revalidates(app, client):
    name, tag = "js/app.js", app.extensions["asset_hashes"]["js/app.js"]
    response = client.get(f"/static/{name}")
    assert response.get_data() == assets.read(name) and response.headers["Cache-Control"].startswith("no-cache")
    assert client.get(f"/static/{name}", headers={"If-None-Match": response.headers["ETag"]}).status_code == 304
    assert response.headers["ETag"] == f'"{tag}"'


def test_every_minified_script_is_still_javascript_and_keeps_its_strings():
    """node parses each script as sent; the words in its strings and template literals are untouched."""
    node = shutil.which("node") or shutil.which("nodejs")
    assert node, "node is needed (Debian package nodejs; ./scripts/test installs it)"
    for name in own_scripts():
        sent = assets.read(name).decode()
        done = subprocess.run([node, "--check", "--input-type=commonjs"], input=sent, capture_output=True, text=True,
                              timeout=60, check=False)
        assert done.returncode == 0, (name, done.stderr)
        assert "//" not in sent.replace("://", "") or name == "js/handover.js", name  # no comment left
    render = assets.read("js/render.js").decode()
    assert '`[data-slot="${name}"]`' in render  # a template literal, whole


def test_vendored_and_other_files_are_sent_as_they_are(client, app):
    hashes = app.extensions["asset_hashes"]
    for name in ("js/vendor/lean-qr.js", "app.css", "icons/icon.svg"):
        disk = (paths.STATIC / name).read_bytes()
        assert assets.read(name) == disk and hashes[name] == digest(disk, length=10)
        response = client.get("/static/" + hashed_name(name, hashes[name]))
        assert response.get_data() == disk
        response.close()


def test_the_offline_manifest_gives_each_script_its_sent_size(client, app):
    entries = client.get("/api/v1/en/offline-manifest").get_json()["entries"]
    url = "/static/" + hashed_name("js/render.js", app.extensions["asset_hashes"]["js/render.js"])
    assert next(e for e in entries if e["url"] == url)["size"] == len(assets.read("js/render.js"))

"""A plain `pip install .` (not editable) carries templates, static/, translations/, service_worker/ and content."""
import site
import subprocess
import sys
import textwrap
import venv

CHECK = textwrap.dedent("""
    import re, sys, atrophy_pwa
    from atrophy_pwa import create_app, paths
    assert "site-packages" in atrophy_pwa.__file__, atrophy_pwa.__file__
    for folder in (paths.STATIC, paths.TRANSLATIONS, paths.SERVICE_WORKER, paths.CONTENT, paths.TEMPLATES):
        assert folder.is_dir() and str(folder).startswith(str(paths.PACKAGE)), folder
    client = create_app().test_client()
    pages = ["/en/", "/en/cards/", "/en/about", "/en/care", "/en/checklist", "/api/v1/en/cards", "/api/v1/locales"]
    for url in pages:
        assert client.get(url).status_code == 200, url
    css = re.search(r'href="(/static/app\\.[0-9a-f]+\\.css)"', client.get("/en/").get_data(as_text=True)).group(1)
    response = client.get(css); response.close()
    assert response.status_code == 200
    print("installed ok", len(pages))
""")


def test_wheel_installs_and_serves_everything(tmp_path):
    root = __import__("pathlib").Path(__file__).resolve().parent.parent
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path / "dist"), str(root)],
                   check=True, capture_output=True)
    wheel = next((tmp_path / "dist").glob("atrophy_pwa-*.whl"))
    # A new venv that sees this suite's installed dependencies (whatever environment runs the suite:
    # venv.create always starts from the base interpreter, so `system_site_packages` would not), but
    # not its editable checkout: a directory named in a .pth file is put on sys.path, its own .pth
    # files (the editable install's) are not read.
    venv.create(tmp_path / "venv", with_pip=False)  # this suite's pip installs into it (--python): no ensurepip
    python = str(tmp_path / "venv" / "bin" / "python")
    own = subprocess.run([python, "-c", "import site; print(site.getsitepackages()[0])"],
                         capture_output=True, text=True, check=True).stdout.strip()
    (__import__("pathlib").Path(own) / "suite-dependencies.pth").write_text("\n".join(site.getsitepackages()) + "\n")
    subprocess.run([sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", "-q", str(wheel)],
                   check=True, capture_output=True)
    done = subprocess.run([python, "-c", CHECK], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "installed ok" in done.stdout
    console = subprocess.run([str(tmp_path / "venv" / "bin" / "atrophy-pwa"), "--help"], capture_output=True, text=True)
    assert "serve" in console.stdout

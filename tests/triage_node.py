"""The device's rule (static/js/triage.js) run under node, for the tests that compare it with triage.py.

node is a test requirement (./scripts/test installs Debian's nodejs): the comparison never skips.
Every harness runs a script as a phone receives it (minified: serving/assets.py), not the file on disk."""
import atexit
import json
import shutil
import subprocess
import tempfile
from pathlib import Path

from atrophy_pwa.serving import assets

ROOT = Path(__file__).resolve().parent.parent
SENT = Path(tempfile.mkdtemp(prefix="atrophy-sent-js-"))
atexit.register(shutil.rmtree, SENT, True)


def sent_script(name: str) -> Path:
    """A file holding static/js/<name> as the app sends it, for node to run."""
    path = SENT / name
    if not path.exists():
        path.write_bytes(assets.read(f"js/{name}"))
    return path


HARNESS = Path(__file__).resolve().parent / "node" / "triage.js"


def run(flow: dict, checklist: dict, sets=(), following=(), signs=()) -> dict:
    """{"sets": [evaluate + next steps], "following": [step], "signs": [checklist outcome]} from triage.js,
    given the flow and checklist as the API serves them (JSON)."""
    node = shutil.which("node") or shutil.which("nodejs")
    assert node, "node is needed to run static/js/triage.js (Debian package nodejs; ./scripts/test installs it)"
    payload = json.dumps({"flow": flow, "checklist": checklist, "sets": list(sets),
                          "following": list(following), "signs": list(signs)})
    done = subprocess.run([node, str(HARNESS), str(sent_script("triage.js"))], input=payload, capture_output=True, text=True,
                          timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)

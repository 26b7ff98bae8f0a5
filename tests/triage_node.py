"""The device's rule (static/js/triage.js) run under node, for the tests that compare it with triage.py.

node is a test requirement (./scripts/test installs Debian's nodejs): the comparison never skips."""
import json
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RULES = ROOT / "static" / "js" / "triage.js"
HARNESS = Path(__file__).resolve().parent / "node" / "triage.js"


def run(flow: dict, checklist: dict, sets=(), following=(), signs=()) -> dict:
    """{"sets": [evaluate + next steps], "following": [step], "signs": [checklist outcome]} from triage.js,
    given the flow and checklist as the API serves them (JSON)."""
    node = shutil.which("node") or shutil.which("nodejs")
    assert node, "node is needed to run static/js/triage.js (Debian package nodejs; ./scripts/test installs it)"
    payload = json.dumps({"flow": flow, "checklist": checklist, "sets": list(sets),
                          "following": list(following), "signs": list(signs)})
    done = subprocess.run([node, str(HARNESS), str(RULES)], input=payload, capture_output=True, text=True,
                          timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)

"""requirements.lock (for reproducible servers) still satisfies pyproject.toml, and every pin is hashed."""
import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent


def locked():
    """{name: (version, hashes)} from requirements.lock; a pin is `name==version [; marker] \\` then hash lines."""
    pins = {}
    for block in re.split(r"\n(?=[A-Za-z0-9])", (ROOT / "requirements.lock").read_text()):
        found = re.match(r"([A-Za-z0-9._-]+)==([^\s;\\]+)", block)
        if found:
            pins[canonicalize_name(found.group(1))] = (found.group(2), re.findall(r"--hash=sha256:[0-9a-f]{64}", block))
    return pins


def test_lock_pins_every_run_dependency_within_pyproject_bounds():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    pins = locked()
    for line in project["dependencies"]:
        requirement = Requirement(line)
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{name} is missing from requirements.lock: run ./scripts/lock"
        assert requirement.specifier.contains(pins[name][0], prereleases=True), \
            f"requirements.lock pins {name}=={pins[name][0]}, pyproject.toml asks {requirement}: run ./scripts/lock"


def test_every_pin_is_exact_and_hashed():
    pins = locked()
    assert len(pins) >= 10  # flask and friends: a lock that lost its body would pass the test above vacuously
    for name, (version, hashes) in pins.items():
        assert hashes, f"{name}=={version} has no hash"

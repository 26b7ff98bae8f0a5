"""Where the app's folders are, in a checkout and in an installed wheel alike.

In a checkout `translations/`, `static/` and `service_worker/` sit at the top of the
repository; the wheel carries them inside the package (see pyproject.toml).
"""
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
CONTENT = PACKAGE / "content"
TEMPLATES = PACKAGE / "templates"


def _shipped(name: str) -> Path:
    inside = PACKAGE / name
    if inside.is_dir():
        return inside
    return PACKAGE.parent.parent / name


STATIC = _shipped("static")
TRANSLATIONS = _shipped("translations")
SERVICE_WORKER = _shipped("service_worker")

"""Pictograms beside the words of the care flow, the checklist and the results.

content/pictograms.toml says which picture stands beside which question, sign, level or control;
templates/components/pictograms.svg draws them, one <symbol id="p-<name>"> each. Pages with many
pictures include the sprite once and <use> it; a page with one picture (a card's Listen button) gets it
inline. Every picture is aria-hidden: the words next to it stay the label.
"""
import re
import tomllib
from pathlib import Path

from markupsafe import Markup

from .. import paths

SPRITE = paths.TEMPLATES / "components" / "pictograms.svg"
SYMBOL = re.compile(r'<symbol id="p-(?P<name>[a-z-]+)" viewBox="(?P<box>[0-9 ]+)">(?P<body>.*?)</symbol>')
KINDS = ("questions", "signs", "levels", "controls")


class PictogramError(Exception):
    pass


def symbols() -> dict:
    """name -> (viewBox, inner SVG) of every symbol in the sprite."""
    return {m["name"]: (m["box"], m["body"]) for m in SYMBOL.finditer(SPRITE.read_text(encoding="utf-8"))}


def load(content_dir) -> dict:
    """The mapping of content_dir/pictograms.toml (the shipped one where that folder has none), checked
    against the sprite."""
    path = Path(content_dir) / "pictograms.toml"
    if not path.exists():
        path = paths.CONTENT / "pictograms.toml"
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    drawn = symbols()
    for kind in KINDS:
        for key, name in data.get(kind, {}).items():
            if name not in drawn:
                raise PictogramError(f"{path}: {kind}.{key}: no symbol p-{name} in {SPRITE.name}")
    return {"mirror": set(data.get("mirror", ())), **{kind: dict(data.get(kind, {})) for kind in KINDS}}


def init_app(app):
    mapping = load(app.config["CONTENT_DIR"])
    drawn = symbols()

    def picture_name(kind: str, key: str):
        return mapping[kind].get(key)

    def picture_classes(name: str) -> str:
        return f"app-picto app-picto--{name}" + (" app-picto--mirror" if name in mapping["mirror"] else "")

    def picture_inline(name: str, extra: str = "") -> Markup:
        box, body = drawn[name]
        return Markup('<svg class="{} {}" viewBox="{}" aria-hidden="true" focusable="false">{}</svg>').format(
            picture_classes(name), extra, box, Markup(body))

    app.extensions["pictograms"] = mapping
    app.jinja_env.globals.update(picture_name=picture_name, picture_classes=picture_classes,
                                 picture_inline=picture_inline)

"""Babel extractor for the content files: every Text field (see schemas.py) becomes a message.

Registered as the `atrophy_content` extraction method and named in pyproject.toml's [tool.babel] mapping.
"""
import tomllib
from pathlib import PurePath

from ..core import schemas

SCHEMAS = {"care_flow.toml": schemas.FlowSchema, "checklist.toml": schemas.ChecklistSchema,
           "sources.toml": schemas.SourcesFileSchema}


def schema_for(filename: str):
    path = PurePath(filename)
    if path.parent.name == "cards":
        return schemas.CardSchema()
    factory = SCHEMAS.get(path.name)
    return factory() if factory else None


def texts(data, schema) -> list[tuple[str, str]]:
    """(field path, text) for every Text value in data, in file order."""
    found = []
    schemas.map_texts(data, schema, lambda where, text: found.append((where, text)) or text)
    return found


def line_of(lines: list[str], text: str, start: int) -> int:
    """The 1-based line where `text` first appears at or after `start` (TOML keeps no positions)."""
    needle = text[:40].replace("\\", "\\\\").replace('"', '\\"')
    for number in range(start, len(lines)):
        if needle in lines[number]:
            return number + 1
    return start + 1


def extract_content(fileobj, keywords, comment_tags, options):
    """Babel extraction method: yields (lineno, funcname, message, comments)."""
    raw = fileobj.read().decode("utf-8")
    schema = schema_for(getattr(fileobj, "name", ""))
    if schema is None:
        return
    data = tomllib.loads(raw)
    lines, cursor = raw.splitlines(), 0
    prefix = f"card {data.get('slug')}: " if "slug" in data else ""
    for where, text in texts(data, schema):
        lineno = line_of(lines, text, cursor)
        cursor = lineno - 1
        comments = [f"Translators: {prefix}{where}"]
        if "{number}" in text:
            comments.append("Translators: keep {number} as it is; it becomes the local emergency number.")
        yield lineno, None, text, comments

"""Every relative link in the repository's Markdown files reaches a file, and every #anchor a heading in it."""
import re
from pathlib import Path
from urllib.parse import unquote

ROOT = Path(__file__).resolve().parent.parent
SKIP = {".git", ".test-env", ".venv", "node_modules", "build", "dist", "site", "export"}
LINK = re.compile(r"(?<!!)\[[^\]]*\]\(([^)\s]+)\)")
FENCED = re.compile(r"```.*?```", re.S)
CODE = re.compile(r"```.*?```|`[^`\n]*`", re.S)


def markdown_files():
    return sorted(p for p in ROOT.rglob("*.md") if not SKIP & set(p.relative_to(ROOT).parts))


def anchors(path: Path) -> set[str]:
    """GitHub's anchors: each heading lower-cased, punctuation dropped, spaces as hyphens, repeats numbered."""
    found, seen = set(), {}
    for line in FENCED.sub("", path.read_text(encoding="utf-8")).splitlines():
        heading = re.match(r"#{1,6}\s+(.*?)\s*#*\s*$", line)
        if heading:
            slug = re.sub(r"[^\w\- ]", "", heading.group(1).lower().replace("`", "")).replace(" ", "-")
            found.add(slug if slug not in seen else f"{slug}-{seen[slug]}")
            seen[slug] = seen.get(slug, 0) + 1
    return found


def broken_links(path: Path) -> list[str]:
    broken = []
    for target in LINK.findall(CODE.sub("", path.read_text(encoding="utf-8"))):
        if re.match(r"[a-z][a-z0-9+.-]*:", target):  # https:, mailto: ...
            continue
        file_part, _, anchor = target.partition("#")
        linked = (path.parent / unquote(file_part)).resolve() if file_part else path
        if not linked.exists():
            broken.append(f"{target} (no such file)")
        elif anchor and linked.suffix == ".md" and unquote(anchor) not in anchors(linked):
            broken.append(f"{target} (no such heading)")
    return broken


def test_every_relative_link_and_anchor_in_the_markdown_files_resolves():
    files = markdown_files()
    assert {"README.md", "SECURITY.md", "TRANSLATING.md", "docs/SAFETY.md"} <= \
        {p.relative_to(ROOT).as_posix() for p in files}
    broken = {p.relative_to(ROOT).as_posix(): links for p in files if (links := broken_links(p))}
    assert not broken


def test_the_anchor_rule_matches_github_s(tmp_path):
    page = tmp_path / "page.md"
    page.write_text("# Server limits: what a hostile client can and cannot do\n## Sizes: `benchmarks/sizes.py`\n"
                    "## Notes\n## Notes\n```\n# not a heading\n```\n[a](#notes-1) [b](#nope) [c](other.md)\n")
    assert anchors(page) == {"server-limits-what-a-hostile-client-can-and-cannot-do", "sizes-benchmarkssizespy",
                             "notes", "notes-1"}
    assert broken_links(page) == ["#nope (no such heading)", "other.md (no such file)"]

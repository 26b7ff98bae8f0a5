"""The one hash helper: every published or compared hash (content version, asset names, the release,
precache revisions) is the leading hex digits of a SHA-256."""
import hashlib
from pathlib import Path


def digest(*parts, length: int = 16) -> str:
    """`length` hex digits of the SHA-256 of the parts, one after the other (bytes, or anything with a str())."""
    hashed = hashlib.sha256()
    for part in parts:
        hashed.update(part if isinstance(part, bytes) else str(part).encode())
    return hashed.hexdigest()[:length]


def file_digests(root: Path, length: int = 10) -> dict:
    """relative path -> digest of its bytes, for every file under root, in path order."""
    return {p.relative_to(root).as_posix(): digest(p.read_bytes(), length=length)
            for p in sorted(root.rglob("*")) if p.is_file()}

"""Safe file names from test ids and prompts, and atomic writes that stay inside their folder."""
from __future__ import annotations

import hashlib
import os
import re
import tempfile
import unicodedata
from pathlib import Path

_UNSAFE = re.compile(r"[^A-Za-z0-9._=-]+")
MAX_NAME = 120
_HASHED = re.compile(r"-[0-9a-f]{10}$")  # how a hashed name ends


def safe_name(text: str, *, max_len: int = MAX_NAME) -> str:
    """A file-name component for ``text``: ASCII-safe, bounded, never '.'/'..', collision-resistant.

    A short hash of the original is appended whenever characters had to be replaced or cut, when
    ``text`` holds an upper-case letter, and when it already ends like a hashed name; so names are
    unique per ``text`` also on case-insensitive disks: ``a/b`` vs ``a\\b``, ``A`` vs ``a``, and
    ``a/b`` vs the literal ``a_b-<its hash>`` never map to one file.
    """
    normal = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    cleaned = _UNSAFE.sub("_", normal).strip("._")
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:10]
    if cleaned != text or len(cleaned) > max_len or not cleaned or cleaned != cleaned.lower() or _HASHED.search(cleaned):
        cleaned = f"{cleaned[: max_len - 11]}-{digest}" if cleaned else digest
    return cleaned


def contained(root: Path, *parts: str) -> Path:
    """Join sanitised ``parts`` under ``root`` and verify the result cannot leave it."""
    root = Path(root).resolve()
    path = root.joinpath(*(safe_name(p) for p in parts)).resolve()
    if root != path and root not in path.parents:
        raise ValueError(f"refusing to write outside {root}: {path}")
    return path


def atomic_write_bytes(path: Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` via a temp file in the same folder and an atomic rename."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name[:40]}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; give the file the usual permissions
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    return path


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def atomic_write_text(path: Path, text: str) -> Path:
    return atomic_write_bytes(path, text.encode("utf-8"))

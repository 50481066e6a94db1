"""The pending-record format shared by the writer (``snapshot/pending.py``, during a run) and the
readers here: names, version and content hashes. Standard library only."""
from __future__ import annotations

import hashlib
from pathlib import Path

FORMAT = "pytest-genimg-pending"
VERSION = 1
SUFFIX = ".pending.json"


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path) -> str | None:
    """The file's SHA-256, or None when it does not exist."""
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except FileNotFoundError:
        return None

"""Who produced a measurement: an engine's name and version and the hashes of its model files.

Metric baselines keep these (``snapshot/evaluators.py``) so that an OCR or pose upgrade reads as
``evaluator changed``, not as a model regression.
"""
from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any

_FILE_HASHES: dict[tuple[str, int, int], str] = {}


def file_sha256(path: str | os.PathLike[str]) -> str:
    """SHA-256 of a model file, computed once per (path, size, mtime) in this process."""
    stat = os.stat(path)
    key = (str(Path(path).resolve()), stat.st_size, stat.st_mtime_ns)
    if key not in _FILE_HASHES:
        digest = hashlib.sha256()
        with open(path, "rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                digest.update(block)
        _FILE_HASHES[key] = digest.hexdigest()
    return _FILE_HASHES[key]


def engine_identity(engine: Any, registered_name: str | None = None) -> dict[str, Any]:
    """``{"engine": ..., "models": {file name: sha256}}``; an engine may define ``identity()`` itself.

    ``engine.name`` carries the package version by convention (``rapidocr-3.10.0``,
    ``mediapipe-1.2.3``); ``engine.model_files`` lists the model files it loaded.
    """
    custom = getattr(engine, "identity", None)
    if callable(custom):
        return dict(custom())
    out: dict[str, Any] = {"engine": str(getattr(engine, "name", None) or registered_name or type(engine).__name__)}
    files = [Path(p) for p in getattr(engine, "model_files", ()) or () if Path(p).is_file()]
    if files:
        out["models"] = {p.name: file_sha256(p) for p in files}
    return out

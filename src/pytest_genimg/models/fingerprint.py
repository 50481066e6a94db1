"""Model fingerprints: content hashes of weight folders (memoised by size and mtime) or of tensors."""
from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any

from ..paths import atomic_write_text

_SKIP = {".md", ".gitattributes", ".lock"}
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


def _file_sha(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def folder_fingerprint(folder: Path, memo_file: Path | None = None) -> str:
    """sha256 over (relative path, content hash) of every file that can change pixels.

    Hashing a multi-GB checkpoint takes seconds, so per-file hashes are memoised in ``memo_file``
    keyed by path, size and mtime; an edited file gets a new mtime and is hashed again.
    """
    folder = Path(folder).resolve()
    memo = _read_memo(memo_file) if memo_file is not None else {}
    changed = False
    outer = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix not in _SKIP and ".cache" not in p.parts):
        stat = path.stat()
        memo_key = f"{path}|{stat.st_size}|{stat.st_mtime_ns}"
        sha = memo.get(memo_key)
        if sha is None:
            sha = memo[memo_key] = _file_sha(path)
            changed = True
        outer.update(f"{path.relative_to(folder).as_posix()}={sha}\n".encode())
    if changed and memo_file is not None:
        try:
            atomic_write_text(memo_file, json.dumps(memo, sort_keys=True))
        except OSError:
            pass  # a read-only cache folder only costs a re-hash next time
    return outer.hexdigest()


def _read_memo(memo_file: Path) -> dict[str, str]:
    """The memo's valid entries; anything else in it (another shape, a damaged value) is dropped and
    rebuilt by hashing again, never trusted and never an error."""
    try:
        raw = json.loads(memo_file.read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(raw, dict):
        return {}
    return {k: v for k, v in raw.items() if isinstance(k, str) and isinstance(v, str) and _SHA256.match(v)}


def object_fingerprint(obj: Any, spec: str) -> str | None:
    """Fingerprint of a pipeline or generator a factory built; None when it cannot be known."""
    explicit = getattr(obj, "fingerprint", None)
    if isinstance(explicit, str) and explicit:
        return hashlib.sha256(f"{spec}|{explicit}".encode()).hexdigest()
    folder = getattr(getattr(obj, "config", None), "_name_or_path", None)
    if folder and Path(str(folder)).is_dir():
        # A factory may load a folder and then swap or reconfigure its scheduler: the live one counts.
        scheduler = getattr(obj, "scheduler", None)
        live = {"class": type(scheduler).__name__, "config": dict(getattr(scheduler, "config", {}) or {})} if scheduler else {}
        signature = json.dumps({"spec": spec, "pipeline": type(obj).__name__, "scheduler": live}, sort_keys=True, default=repr)
        return hashlib.sha256(f"{folder_fingerprint(Path(str(folder)))}|{signature}".encode()).hexdigest()
    components = getattr(obj, "components", None)
    if isinstance(components, dict):
        digest = hashlib.sha256(spec.encode())
        for name in sorted(components):
            module = components[name]
            state = getattr(module, "state_dict", None)
            if callable(state):
                for key, tensor in sorted(state().items()):
                    digest.update(key.encode())
                    digest.update(tensor.detach().float().cpu().numpy().tobytes())
            elif module is not None and hasattr(module, "config"):
                digest.update(json.dumps(dict(module.config), sort_keys=True, default=repr).encode())
        return digest.hexdigest()
    return None

"""Evaluator cache: the raw outputs of heavy engines (OCR lines, pose and hand landmarks) on disk.

An entry is keyed by the image's content hash and the engine's identity (name, package version,
model file hashes, every parameter that changes its output), so a changed threshold is judged at
once from the cached raw output, and an upgraded engine misses instead of serving stale output.
One JSON file per entry, written atomically (``paths.atomic_write_text``); a damaged entry is a
miss; least recently used entries are evicted beyond the size cap. Checks find the session's cache
through :func:`active` (set around each test by the plugin); outside pytest nothing is cached.
"""
from __future__ import annotations

import contextvars
import functools
import hashlib
import json
import os
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable, Iterator, Sequence

import numpy as np

from PIL import Image

from .cache import cache_key
from .models.fingerprint import _file_sha as file_sha
from .paths import atomic_write_text

FORMAT = 1
_KIND_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789-")


def image_digest(image: Image.Image) -> str:
    """sha256 of an image's mode, size and pixels (not of an encoding: PNG and JPEG of the same
    pixels hash alike, and two files of different pixels never do)."""
    digest = hashlib.sha256(f"{image.mode}|{image.width}x{image.height}|".encode())
    digest.update(image.tobytes())
    return digest.hexdigest()


def identity_digest(identity: dict[str, Any]) -> str:
    """sha256 of an engine identity's canonical JSON (the generation cache's key function)."""
    return cache_key({"evaluator": identity, "evaluator_format": FORMAT})


_file_sha = functools.lru_cache(maxsize=64)(lambda path, size, mtime_ns: file_sha(Path(path)))


def files_digest(paths: list[Path]) -> str:
    """sha256 over the names and contents of model files (each hashed once per process and change)."""
    outer = hashlib.sha256()
    for path in sorted(Path(p) for p in paths):
        stat = path.stat()
        outer.update(f"{path.name}={_file_sha(str(path), stat.st_size, stat.st_mtime_ns)}\n".encode())
    return outer.hexdigest()


class EvalCache:
    """Engine outputs (JSON-able) by (kind, engine identity, image digest) under ``root``."""

    def __init__(self, root: Path, max_bytes: int = 512 * 2**20) -> None:
        self.root, self.max_bytes = Path(root), max_bytes
        self.hits = self.misses = 0  # this process's lookups, for reports and tests
        self._written = 0  # bytes since the last eviction pass
        self._lock = threading.Lock()

    def _path(self, kind: str, key: str) -> Path:
        if not kind or not set(kind) <= _KIND_CHARS:
            raise ValueError(f"evaluator kind must be lower-case letters, digits or '-', got {kind!r}")
        return self.root / kind / key[:2] / f"{key}.json"

    @staticmethod
    def key(identity: str, image: str) -> str:
        return hashlib.sha256(f"{identity}|{image}".encode()).hexdigest()

    def get(self, kind: str, identity: str, image: str) -> Any | None:
        """The cached output, or None on a miss or a damaged entry (which is removed)."""
        key = self.key(identity, image)
        path = self._path(kind, key)
        if path.parent.is_symlink() or path.parent.parent.is_symlink():  # not ours to read from, nor to delete in
            self._count(hit=False)
            return None
        try:
            entry = json.loads(path.read_text("utf-8"))
            if entry.get("key") != key or entry.get("format") != FORMAT or "output" not in entry:
                raise ValueError("not this entry")
        except FileNotFoundError:
            self._count(hit=False)
            return None
        except Exception:  # noqa: BLE001 - any damage means: run the engine again, never crash
            try:
                path.unlink()
            except OSError:
                pass
            self._count(hit=False)
            return None
        self._count(hit=True)
        try:
            os.utime(path)  # the entry's mtime is the LRU clock
        except OSError:
            pass
        return entry["output"]

    def put(self, kind: str, identity: str, image: str, output: Any) -> None:
        key = self.key(identity, image)
        text = json.dumps({"format": FORMAT, "key": key, "kind": kind, "output": output}, separators=(",", ":"))
        try:
            atomic_write_text(self._path(kind, key), text, root=self.root)
        except OSError:
            return  # a read-only or full disk costs a re-run next time, never a failed check
        with self._lock:
            self._written += len(text)
            due = self._written > self.max_bytes // 20
            if due:
                self._written = 0
        if due:
            self.evict()

    def _count(self, *, hit: bool) -> None:
        with self._lock:
            if hit:
                self.hits += 1
            else:
                self.misses += 1

    def evict(self) -> int:
        """Drop least recently used entries until the cache is under its cap; returns how many."""
        entries = []
        for path in self.root.glob("*/??/*.json"):
            if path.parent.is_symlink() or path.parent.parent.is_symlink() or path.is_symlink():
                continue  # not ours to delete in
            try:
                stat = path.stat()
            except OSError:
                continue
            entries.append((stat.st_mtime, stat.st_size, path))
        entries.sort()
        total = sum(size for _, size, _ in entries)
        dropped = 0
        for _, size, path in entries:
            if total <= self.max_bytes:
                break
            try:
                path.unlink()
            except OSError:
                continue
            total -= size
            dropped += 1
        return dropped


_active: contextvars.ContextVar[EvalCache | None] = contextvars.ContextVar("genimg_eval_cache", default=None)


def active() -> EvalCache | None:
    """The evaluator cache of the running test, or None (outside pytest, or switched off)."""
    return _active.get()


@contextmanager
def use(cache: EvalCache | None) -> Iterator[EvalCache | None]:
    """Make ``cache`` the active evaluator cache within the block (None: no caching)."""
    token = _active.set(cache)
    try:
        yield cache
    finally:
        _active.reset(token)


def cached_rows(kind: str, identity: str | None, images: Sequence[Image.Image],
                compute: Callable[[list[Image.Image]], np.ndarray]) -> np.ndarray:
    """One output row per image (embeddings), computed only for the images the active cache lacks."""
    cache = active()
    if cache is None or identity is None or not images:
        return compute(list(images))
    digests = [image_digest(image) for image in images]
    rows: list[Any] = [cache.get(kind, identity, digest) for digest in digests]
    missing = [i for i, row in enumerate(rows) if not isinstance(row, list)]
    if missing:
        fresh = compute([images[i] for i in missing])
        for i, row in zip(missing, np.asarray(fresh)):
            rows[i] = row.tolist()
            cache.put(kind, identity, digests[i], rows[i])
    return np.asarray(rows, dtype=np.float32)

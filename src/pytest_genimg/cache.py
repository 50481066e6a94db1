"""Content-addressed generation cache: PNG plus a JSON sidecar per entry, atomic, LRU-capped.

The key is a hash of everything that changes pixels (:mod:`.cachekey`); the JSON sidecar is written
last and acts as the commit marker, so a reader never sees a half-written entry. The sidecar records
the PNG's size, mode and content hash: an entry that disagrees with it (truncated, replaced, damaged)
is a miss and is regenerated. Files that are not ours are never touched; writes never leave the
cache folder; a cache that cannot be written is read, and generation goes on without storing.
"""
from __future__ import annotations

import hashlib
import io
import json
import os
import re
import threading
import warnings
from pathlib import Path
from typing import Any

from PIL import Image

from .cachekey import cache_key  # noqa: F401 - the key and the store are used together
from .errors import GenImgWarning
from .paths import atomic_write_bytes, sweep_stale_temps, temp_files

_ENTRY = re.compile(r"^[0-9a-f]{64}\.json$")
_FOLDER = re.compile(r"^[0-9a-f]{2}$")


class GenerationCache:
    """Images (or frame stacks) by key under ``root``; safe to share between xdist workers."""

    def __init__(self, root: Path, max_bytes: int = 2 * 2**30) -> None:
        self.root = Path(root)
        self.max_bytes = max_bytes
        self.hits = 0
        self.misses = 0
        self.writable = True
        self._lock = threading.Lock()
        self._written = 0
        # Temp files of writers killed mid-write (SIGKILL, OOM): nobody else will ever remove them.
        self.swept = sum(sweep_stale_temps(folder) for folder in [self.root, *self._folders()])

    def _folders(self) -> list[Path]:
        try:
            return [p for p in self.root.iterdir() if _FOLDER.match(p.name) and p.is_dir() and not p.is_symlink()]
        except OSError:
            return []

    def _paths(self, key: str) -> tuple[Path, Path]:
        if len(key) != 64 or any(c not in "0123456789abcdef" for c in key):
            raise ValueError(f"cache key must be a sha256 hex digest, got {key!r}")
        folder = self.root / key[:2]
        return folder / f"{key}.png", folder / f"{key}.json"

    def get(self, key: str) -> tuple[list[Image.Image], dict[str, Any]] | None:
        """The cached frames (one for an image) and metadata, or None on a miss or a bad entry."""
        png, meta_path = self._paths(key)
        if png.parent.is_symlink():  # not ours to read from, nor to delete in
            self.misses += 1
            return None
        try:
            meta = json.loads(meta_path.read_text("utf-8"))
            data = png.read_bytes()
            stack = _verified(data, meta, key)
            frames = _split(stack, int(meta["frames"]))
        except FileNotFoundError:
            self.misses += 1
            return None
        except Exception:  # noqa: BLE001 - any damage means: regenerate, never crash
            self._discard(key)
            self.misses += 1
            return None
        self.hits += 1
        try:
            os.utime(meta_path)  # the sidecar's mtime is the LRU clock
        except OSError:
            pass
        return frames, meta

    def put(self, key: str, frames: list[Image.Image], meta: dict[str, Any]) -> None:
        """Store ``frames`` under ``key``; a cache that cannot be written warns once and stores nothing."""
        png, meta_path = self._paths(key)
        if not self.writable:
            return
        stack = _stack(frames)
        buf = io.BytesIO()
        stack.save(buf, format="PNG")
        data = buf.getvalue()
        sidecar = {**meta, "key": key, "frames": len(frames), "width": stack.size[0], "height": stack.size[1],
                   "mode": stack.mode, "png_sha256": hashlib.sha256(data).hexdigest()}
        try:
            atomic_write_bytes(png, data, root=self.root)
            atomic_write_bytes(meta_path, json.dumps(sidecar, sort_keys=True, default=repr).encode(), root=self.root)
        except OSError as exc:
            self._stop_writing(exc)
            return
        with self._lock:
            self._written += len(data)
            if self._written > self.max_bytes // 20:
                self._written = 0
                self.evict()

    def _stop_writing(self, exc: OSError) -> None:
        with self._lock:
            if not self.writable:
                return
            self.writable = False
        warnings.warn(GenImgWarning(
            f"generation cache {self.root} is not writable ({exc}); generating without caching for the rest "
            "of this session (--genimg-cache-dir=<a writable folder> or --genimg-no-cache)"), stacklevel=3)

    def _discard(self, key: str) -> None:
        for path in self._paths(key):
            try:
                path.unlink()
            except OSError:
                pass

    def entries(self) -> list[tuple[float, int, str]]:
        """(last use, bytes, key) of every complete entry; files not named like ours are not entries."""
        out = []
        for folder in self._folders():
            try:
                names = [n for n in os.listdir(folder) if _ENTRY.match(n) and n.startswith(folder.name)]
            except OSError:
                continue
            for name in names:
                meta_path = folder / name
                try:
                    stat = meta_path.stat()
                    out.append((stat.st_mtime, meta_path.with_suffix(".png").stat().st_size + stat.st_size, name[:64]))
                except OSError:
                    continue
        return out

    def _temps(self) -> list[tuple[Path, int, float]]:
        return [t for folder in [self.root, *self._folders()] for t in temp_files(folder)]

    def total_bytes(self) -> int:
        """Entries plus temp files (a killed writer's leftovers take disk space like entries do)."""
        return sum(size for _, size, _ in self.entries()) + sum(size for _, size, _ in self._temps())

    def evict(self) -> int:
        """Drop stale temp files, then least recently used entries, until under the cap; returns how
        many entries were dropped."""
        for folder in [self.root, *self._folders()]:
            sweep_stale_temps(folder)
        entries = sorted(self.entries())
        total = sum(size for _, size, _ in entries) + sum(size for _, size, _ in self._temps())
        dropped = 0
        for _, size, key in entries:
            if total <= self.max_bytes:
                break
            self._discard(key)
            total -= size
            dropped += 1
        return dropped


def _verified(data: bytes, meta: dict[str, Any], key: str) -> Image.Image:
    """The stored image, if it is exactly what the sidecar says was stored."""
    if meta.get("key") != key:
        raise ValueError("key mismatch")
    if meta.get("png_sha256") != hashlib.sha256(data).hexdigest():
        raise ValueError("content hash mismatch")
    with Image.open(io.BytesIO(data)) as img:
        img.load()
        stack = img.copy()
    if list(stack.size) != [meta.get("width"), meta.get("height")] or stack.mode != meta.get("mode"):
        raise ValueError("size or mode mismatch")
    return stack


def _stack(frames: list[Image.Image]) -> Image.Image:
    if len(frames) == 1:
        return frames[0]
    width, height = frames[0].size
    sheet = Image.new(frames[0].mode, (width, height * len(frames)))
    for i, frame in enumerate(frames):
        sheet.paste(frame, (0, i * height))
    return sheet


def _split(stack: Image.Image, count: int) -> list[Image.Image]:
    if count <= 1:
        return [stack]
    width, total = stack.size
    if total % count:
        raise ValueError("frame stack height does not divide into frames")
    height = total // count
    return [stack.crop((0, i * height, width, (i + 1) * height)) for i in range(count)]


if __name__ == "__main__":  # python -m pytest_genimg.cache export|import|show (record/replay store)
    from pytest_genimg.replay_io import main

    raise SystemExit(main())

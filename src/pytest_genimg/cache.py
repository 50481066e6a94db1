"""Content-addressed generation cache: PNG plus a JSON sidecar per entry, atomic, LRU-capped.

The key is a hash of everything that changes pixels; the JSON sidecar is written last and acts as
the commit marker, so a reader never sees a half-written entry, and a corrupt or truncated entry is
treated as a miss and regenerated.
"""
from __future__ import annotations

import hashlib
import io
import json
import os
import threading
from pathlib import Path
from typing import Any

from PIL import Image

from .paths import atomic_write_bytes, atomic_write_text

FORMAT = 1


def cache_key(fields: dict[str, Any]) -> str:
    """sha256 of the canonical JSON of ``fields`` (sorted keys, no whitespace)."""
    canonical = json.dumps({"format": FORMAT, **fields}, sort_keys=True, separators=(",", ":"), default=repr)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


class GenerationCache:
    """Images (or frame stacks) by key under ``root``; safe to share between xdist workers."""

    def __init__(self, root: Path, max_bytes: int = 2 * 2**30) -> None:
        self.root = Path(root)
        self.max_bytes = max_bytes
        self.hits = 0
        self.misses = 0
        self._lock = threading.Lock()
        self._written = 0

    def _paths(self, key: str) -> tuple[Path, Path]:
        if len(key) != 64 or any(c not in "0123456789abcdef" for c in key):
            raise ValueError(f"cache key must be a sha256 hex digest, got {key!r}")
        folder = self.root / key[:2]
        return folder / f"{key}.png", folder / f"{key}.json"

    def get(self, key: str) -> tuple[list[Image.Image], dict[str, Any]] | None:
        """The cached frames (one for an image) and metadata, or None on a miss or a bad entry."""
        png, meta_path = self._paths(key)
        try:
            meta = json.loads(meta_path.read_text("utf-8"))
            if meta.get("key") != key:
                raise ValueError("key mismatch")
            with Image.open(png) as img:
                img.load()
                stack = img.copy()
            frames = _split(stack, int(meta.get("frames", 1)))
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
        png, meta_path = self._paths(key)
        buf = io.BytesIO()
        _stack(frames).save(buf, format="PNG")
        data = buf.getvalue()
        atomic_write_bytes(png, data)
        atomic_write_text(meta_path, json.dumps({**meta, "key": key, "frames": len(frames)}, sort_keys=True, default=repr))
        with self._lock:
            self._written += len(data)
            if self._written > self.max_bytes // 20:
                self._written = 0
                self.evict()

    def _discard(self, key: str) -> None:
        for path in self._paths(key):
            try:
                path.unlink()
            except OSError:
                pass

    def entries(self) -> list[tuple[float, int, str]]:
        """(last use, bytes, key) of every complete entry."""
        out = []
        for meta_path in self.root.glob("??/*.json"):
            png = meta_path.with_suffix(".png")
            try:
                out.append((meta_path.stat().st_mtime, png.stat().st_size + meta_path.stat().st_size, meta_path.stem))
            except OSError:
                continue
        return out

    def evict(self) -> int:
        """Drop least recently used entries until the cache is under its cap; returns how many."""
        entries = sorted(self.entries())
        total = sum(size for _, size, _ in entries)
        dropped = 0
        for _, size, key in entries:
            if total <= self.max_bytes:
                break
            self._discard(key)
            total -= size
            dropped += 1
        return dropped


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

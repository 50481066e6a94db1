"""The scan's opt-in hand passes (``ScanSettings.body_hand_tile``, ``coarse_hand_tile``) for the
anatomy benchmarks, kept on disk beside ``accuracy_anatomy.ScanCache``'s scans: the default scan's
hands merged with :func:`pytest_genimg.backends.scan.more_hands`' hands are what ``scan`` returns
with those settings, so only the new passes run. Second looks are kept per image and hand landmarks
(the merged list's order differs from the default scan's)."""
from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image

from pytest_genimg.backends.hand_verify import IDENTITY, reread_hand
from pytest_genimg.backends.scan import Scan, ScanSettings, more_hands, settings_key
from pytest_genimg.metrics.anatomy import Hand, merge_hands


def scan_settings(items: list[str], option: str) -> ScanSettings:
    """``NAME=V`` items (ScanSettings fields and numbers) as settings, or a usage error naming ``option``."""
    changed: dict[str, Any] = {}
    for item in items:
        name, _, value = item.partition("=")
        if name not in ScanSettings.__dataclass_fields__:
            raise SystemExit(f"{option}: expected NAME=V with NAME a ScanSettings field, got {item!r}")
        kind = type(getattr(ScanSettings(), name))
        try:
            changed[name] = bool(float(value)) if kind is bool else kind(float(value))
        except ValueError:
            raise SystemExit(f"{option}: expected a number after {name}=, got {value!r}") from None
    return dataclasses.replace(ScanSettings(), **changed)


def kept_json(path: Path, compute: Callable[[], Any]) -> Any:
    """``compute()``'s JSON, kept at ``path`` (written atomically) and read back from there on every call."""
    if not path.exists():
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(compute()))
        tmp.replace(path)
    return json.loads(path.read_text())


class MoreHands:
    """The passes' hands per image and settings, and second looks per image and hand, in ``cache``'s folder
    (``cache``: an ``accuracy_anatomy.ScanCache``, for its folder, engine and image keys)."""

    def __init__(self, cache: Any) -> None:
        self.cache = cache

    def _json(self, name: str, compute: Callable[[], Any]) -> Any:
        return kept_json(self.cache.folder / name, compute)

    def scan(self, image: Image.Image, found: Scan, settings: ScanSettings) -> Scan:
        """``found`` (the default scan of ``image``) as a scan with ``settings`` would give it."""
        if settings == ScanSettings():
            return found
        tag = hashlib.sha1(repr(settings_key(settings)).encode()).hexdigest()[:10]
        raw = self._json(f"more-{self.cache.key(image)}-{tag}.json", lambda: [
            {"points": h.points.tolist(), "score": h.score, "handedness": h.handedness}
            for h in more_hands(self.cache.engine, image, found.people, settings)])
        extra = [Hand(np.array(h["points"]), h["score"], h["handedness"]) for h in raw]
        return Scan(found.people, merge_hands(found.hands + extra), found.passes)

    def reread(self, image: Image.Image, hands: list[Hand]) -> Callable[[int], tuple[int, int]]:
        views = hashlib.sha1(IDENTITY.encode()).hexdigest()[:6]

        def look(h: int) -> tuple[int, int]:
            marks = hashlib.sha1(repr(np.round(hands[h].points, 1).tolist()).encode()).hexdigest()[:12]
            found = self._json(f"look-{self.cache.key(image)}-{marks}-{views}.json",
                               lambda: [r.points is not None for r in reread_hand(self.cache.engine, image, hands[h])])
            return sum(found), len(found)

        return look

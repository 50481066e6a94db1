"""The text benchmarks' cache of OCR work beyond the first reading: the engine's second look and the
faint look's reading of the background distance, kept in the benchmark's JSON file (keyed by the
image's bytes) so that settings are judged again without running the engine."""
from __future__ import annotations

import hashlib
import time
from typing import Any

from pytest_genimg.backends.cached import boxes_digest
from pytest_genimg.backends.ocr import REREAD_VARIANTS, OcrBox, get_ocr


def image_digest(image: Any) -> str:
    """The cache key of a PIL image: its pixels and size (the first reading's, the second look's and
    the faint look's entries all use it)."""
    return hashlib.sha1(image.tobytes() + repr(image.size).encode()).hexdigest()[:20]


def _box(d: dict[str, Any]) -> OcrBox:
    alts = d.get("alternatives")
    return OcrBox(d["text"], d["score"], tuple(map(tuple, d["box"])), tuple(d["char_scores"]) if d["char_scores"] else None,
                  tuple(tuple((a, p) for a, p in per) for per in alts) if alts is not None else None)


class CachedRereads:
    """The engine's second look (``reread``) and the faint look's reading of the background distance
    (``read``) served from the benchmark's JSON cache, computed on a miss."""

    def __init__(self, engine_name: str, cache: dict[str, Any], variants: tuple[str, ...] | None = None) -> None:
        self.engine_name, self.variants = engine_name, variants or tuple(REREAD_VARIANTS)
        self.store = cache.setdefault(f"{engine_name}:reread", {})
        self.faint = cache.setdefault(f"{engine_name}:faint", {})
        self.times: list[float] = []
        self.faint_times: list[float] = []
        self.looked: set[str] = set()  # images looked at again in this run (by the settings that do)
        self.faint_looked: set[str] = set()  # background-distance images read in this run
        self.faint_boxes: set[str] = set()  # digests of the lines found there: their second look is cached apart

    def read(self, image: Any) -> list[OcrBox]:
        key = image_digest(image)
        self.faint_looked.add(key)
        if key not in self.faint:
            start = time.perf_counter()
            self.faint[key] = [_dump(b) for b in get_ocr(self.engine_name).read(image)]
            self.faint_times.append(time.perf_counter() - start)
        boxes = [_box(d) for d in self.faint[key]]
        self.faint_boxes.add(boxes_digest(boxes))
        return boxes

    def reread(self, image: Any, boxes: list[OcrBox]) -> dict[str, list[OcrBox]]:
        key = image_digest(image)
        self.looked.add(key)
        if boxes_digest(boxes) in self.faint_boxes:
            key += ":" + boxes_digest(boxes)  # lines of the background distance, not the first reading's
        if not set(self.variants) <= set(self.store.get(key, {})):
            engine = get_ocr(self.engine_name)
            if not callable(getattr(engine, "reread", None)):
                return {}
            start = time.perf_counter()
            found = engine.reread(image, boxes)
            self.times.append(time.perf_counter() - start)
            self.store[key] = {name: [_dump(b) for b in found_boxes] for name, found_boxes in found.items()}
        return {name: [_box(d) for d in self.store[key][name]] for name in self.variants}


def _dump(b: OcrBox) -> dict[str, Any]:
    return {"text": b.text, "score": b.score, "box": b.box, "char_scores": b.char_scores, "alternatives": b.alternatives}

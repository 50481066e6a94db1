"""Detections through the evaluator cache: a detector that can name what its boxes depend on (a
built-in by name, or an object with ``cache_identity()``) runs once per image and label set; a hit
never builds it. Detections with masks are not cached (a mask is an image of its own)."""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from PIL import Image

from .. import evalcache
from ..metrics.composition import Detection
from .cached import through_cache


def _identity(detector: Any) -> dict[str, Any] | None:
    from .detectors import BUILTIN_DETECTORS, DETECTORS

    if isinstance(detector, str):
        return DETECTORS.identity(detector) if detector in BUILTIN_DETECTORS else None
    describe = getattr(detector, "cache_identity", None)
    return describe() if callable(describe) else None


def _engine(detector: Any) -> Any:
    from .detectors import BUILTIN_DETECTORS, DETECTORS, load_detector

    if not isinstance(detector, str):
        return detector
    return DETECTORS.get(detector) if detector in BUILTIN_DETECTORS else load_detector(detector)


def cached_detect(detector: Any, rgb: np.ndarray, labels: Sequence[str]) -> list[Detection]:
    """``detector.detect(rgb, labels)``, answered from the active evaluator cache where it can be."""
    cache = evalcache.active()
    identity = _identity(detector) if cache is not None else None
    if identity is None:
        return list(_engine(detector).detect(rgb, list(labels)))
    key = evalcache.identity_digest({"detector": identity, "labels": sorted(labels)})

    def dump(found: list[Detection]) -> list[Any] | None:
        if not all(isinstance(d, Detection) and d.mask is None for d in found):
            return None
        try:  # plain floats (a detector may give numpy ones); what is no number is not stored, the check names it
            return [[str(d.label), [float(v) for v in d.box], float(d.score)] for d in found]
        except (TypeError, ValueError):
            return None

    def load(raw: Any) -> list[Detection]:
        return [Detection(str(label), tuple(float(v) for v in box), float(score)) for label, box, score in raw]  # type: ignore[arg-type]

    return through_cache(cache, "detect", key, Image.fromarray(np.ascontiguousarray(rgb)),
                         lambda: list(_engine(detector).detect(rgb, list(labels))), dump, load)

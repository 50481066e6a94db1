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
    digest = evalcache.image_digest(Image.fromarray(np.ascontiguousarray(rgb)))
    raw = cache.get("detect", key, digest)
    if raw is not None:
        try:
            return [Detection(str(label), tuple(float(v) for v in box), float(score)) for label, box, score in raw]  # type: ignore[arg-type]
        except (TypeError, ValueError):
            pass  # an entry of the wrong shape: detect again and overwrite it
    found = list(_engine(detector).detect(rgb, list(labels)))
    if all(isinstance(d, Detection) and d.mask is None for d in found):
        cache.put("detect", key, digest, [[d.label, list(d.box), d.score] for d in found])
    return found

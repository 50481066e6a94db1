"""Detections through the evaluator cache: a detector that can name what its boxes depend on (a
built-in by name, or an object with ``cache_identity()``) runs once per image and label set; a hit
never builds it. Detections with masks are not cached (a mask is an image of its own). Whatever a
detector returns is checked before anyone uses or stores it (:func:`checked_detections`)."""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from PIL import Image

from .. import evalcache
from ..errors import GenImgUsageError, usage
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
    def run() -> list[Detection]:
        return checked_detections(detector, _engine(detector).detect(rgb, list(labels)), rgb.shape[:2])

    cache = evalcache.active()
    identity = _identity(detector) if cache is not None else None
    if identity is None:
        return run()
    key = evalcache.identity_digest({"detector": identity, "labels": sorted(labels)})

    def dump(found: list[Detection]) -> list[Any] | None:
        if any(d.mask is not None for d in found):
            return None
        return [[str(d.label), list(d.box), d.score] for d in found]  # checked: plain floats

    def load(raw: Any) -> list[Detection]:
        return [Detection(str(label), tuple(float(v) for v in box), float(score)) for label, box, score in raw]  # type: ignore[arg-type]

    return through_cache(cache, "detect", key, Image.fromarray(np.ascontiguousarray(rgb)), run, dump, load)


def checked_detections(detector: Any, found: Any, shape: tuple[int, ...]) -> list[Detection]:
    """What ``detector.detect`` returned, each a :class:`Detection` with a box of 4 floats and a float
    score (a numpy box is welcome); a malformed detection from a user's detector is named here, not
    met inside numpy, PIL or the cache's JSON."""
    checked = []
    for det in found:
        if not isinstance(det, Detection):
            raise usage("detector", "detect() returning Detection objects", det)
        checked.append(_checked_detection(detector, det, shape))
    return checked


def _checked_detection(detector: Any, det: Detection, shape: tuple[int, ...]) -> Detection:
    """``det`` with a box of 4 floats and a float score, or a usage error naming the detector."""
    who = f"detector: {getattr(detector, 'name', type(detector).__name__)!r}"
    box = det.box
    try:
        values = np.asarray(box, dtype=np.float64) if not isinstance(box, (str, bytes)) else None
    except (TypeError, ValueError):
        values = None
    if values is None or values.shape != (4,) or any(isinstance(v, bool) for v in box):
        raise GenImgUsageError(f"{who}: expected a Detection box of 4 numbers (x0, y0, x1, y1), got {box!r}")
    if not np.isfinite(values).all() or values[0] > values[2] or values[1] > values[3]:
        raise GenImgUsageError(f"{who}: expected a Detection box of finite numbers with x0 <= x1 and y0 <= y1, got {box!r}")
    if isinstance(det.score, bool) or not isinstance(det.score, (int, float, np.number)) or not np.isfinite(float(det.score)):
        raise GenImgUsageError(f"{who}: expected a finite Detection score, got {det.score!r}")
    if det.mask is not None and np.shape(det.mask) != tuple(shape):
        raise GenImgUsageError(f"{who}: expected a Detection mask of the image's shape {tuple(shape)}, "
                               f"got shape {np.shape(det.mask)}")
    return Detection(det.label, (float(values[0]), float(values[1]), float(values[2]), float(values[3])),
                     float(det.score), det.mask)

"""OpenCV's frontal-face Haar cascade (in the ``cv2`` wheel), the ``faces-haar`` detector and one of
the ``faces`` detector's proposers, and the argument checks the face detectors share (re-exported by
``faces.py``)."""
from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import ModelLoadError, usage
from ..metrics.composition import Detection
from .registry import require_opencv


def opencv_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    for dist in ("opencv-contrib-python", "opencv-python-headless", "opencv-python", "opencv-contrib-python-headless"):
        try:
            return f"{dist}-{version(dist)}"
        except PackageNotFoundError:
            continue
    return "absent"


def as_rgb(rgb: Any) -> np.ndarray:
    """The image a detector's ``detect(rgb, labels)`` was given, as the HxWx3 uint8 RGB array every
    built-in detector reads: a grey HxW or HxWx1 array is spread over three channels and an RGBA
    array loses its alpha (MediaPipe would otherwise misread or refuse them); anything else is a
    usage error naming ``rgb``."""
    arr = np.asarray(rgb)
    if arr.dtype != np.uint8 or arr.ndim not in (2, 3) or (arr.ndim == 3 and arr.shape[2] not in (1, 3, 4)) or 0 in arr.shape[:2]:
        raise usage("rgb", "an HxWx3 uint8 RGB array (HxW grey and HxWx4 RGBA are converted)",
                    f"{arr.dtype} array of shape {arr.shape}")
    if arr.ndim == 2 or arr.shape[2] == 1:
        return np.repeat(arr.reshape(arr.shape[0], arr.shape[1], 1), 3, axis=2)
    return np.ascontiguousarray(arr[:, :, :3])


def check_fraction(name: str, value: Any, *, optional: bool = False) -> None:
    """A detector setting that must be a number in [0, 1] (or None where ``optional``): a precise
    usage error naming it, not MediaPipe's own error at the first image."""
    if optional and value is None:
        return
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0.0 <= float(value) <= 1.0:
        raise usage(name, "a number in [0, 1]" + (" or None" if optional else ""), value)


def check_flag(name: str, value: Any) -> None:
    if not isinstance(value, bool):
        raise usage(name, "True or False", value)


class FaceDetector:
    """Frontal faces by OpenCV's Haar cascade (shipped in the ``cv2`` wheel). The score is the
    cascade's level weight squashed to 0-1; faces under ``min_size`` of the short side are ignored."""

    def __init__(self, cascade: str = "haarcascade_frontalface_default.xml", *, min_neighbors: int = 5, min_size: float = 0.04) -> None:
        if not isinstance(cascade, str) or not cascade.strip():
            raise usage("cascade", "the file name of one of OpenCV's Haar cascades (cv2.data.haarcascades)", cascade)
        if isinstance(min_neighbors, bool) or not isinstance(min_neighbors, int) or min_neighbors < 0:
            raise usage("min_neighbors", "an integer >= 0", min_neighbors)
        check_fraction("min_size", min_size)
        cv2 = require_opencv("face detection", "CascadeClassifier", "data.haarcascades")
        path = Path(cv2.data.haarcascades) / cascade
        self._cascade = cv2.CascadeClassifier(str(path))
        if self._cascade.empty():
            raise ModelLoadError(f"OpenCV could not load its face cascade {path}")
        self._cv2 = cv2
        self._cascade_name = cascade
        self.min_neighbors = min_neighbors
        self.min_size = min_size
        self.name = f"faces:opencv-{cv2.__version__}:{cascade}"

    @classmethod
    def identity(cls, cascade: str = "haarcascade_frontalface_default.xml", *, min_neighbors: int = 5,
                 min_size: float = 0.04) -> dict[str, Any]:
        return {"name": "haar", "opencv": opencv_version(), "cascade": cascade,
                "params": {"min_neighbors": min_neighbors, "min_size": min_size}}

    def cache_identity(self) -> dict[str, Any]:
        return self.identity(self._cascade_name, min_neighbors=self.min_neighbors, min_size=self.min_size)

    def detect(self, rgb: np.ndarray, labels: Sequence[str]) -> list[Detection]:
        cv2 = self._cv2
        gray = cv2.equalizeHist(cv2.cvtColor(as_rgb(rgb), cv2.COLOR_RGB2GRAY))
        side = max(16, int(self.min_size * min(gray.shape)))
        boxes, _, weights = self._cascade.detectMultiScale3(
            gray, scaleFactor=1.1, minNeighbors=self.min_neighbors, minSize=(side, side), outputRejectLevels=True
        )
        found = []
        for (x, y, bw, bh), weight in zip(np.asarray(boxes).reshape(-1, 4), np.asarray(weights).reshape(-1)):
            score = float(1.0 / (1.0 + np.exp(-float(weight))))
            found += [Detection(label, (float(x), float(y), float(x + bw), float(y + bh)), score) for label in labels]
        return found

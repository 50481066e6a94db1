"""Distances between two images, shared by the reproducibility and prompt-robustness checks.

All functions take HxW or HxWxC uint8 arrays. Pixel and thumbnail distances are in 0-255 levels;
``phash`` is the Hamming distance between 64-bit perceptual hashes (0 = same, about 32 = unrelated).
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

METRICS = ("phash", "thumb", "mean_abs", "max_abs", "ssim")

# Defaults, from benchmarks/accuracy_generation_checks.py (64 px noise-like and smooth scene images):
# repeating a request must reproduce it up to GPU kernel drift (about 1/255 on an H100), so the
# reproducible default is a mean pixel difference of 2 levels, which caught every local, shifted,
# brightened or recoloured repeat; phash missed brightness changes (it normalises tone) and SSIM
# missed them too. Seeds must differ by at least 8 levels on average (tiny-sd's next seed: about
# 30). Prompt robustness compares 16x16 colour thumbnails (layout and colour, not fine detail),
# since phash jumped past 12 for a single moved 8 px patch on noise-like images.
REPRODUCIBLE_MAX = {"phash": 4, "thumb": 1.0, "mean_abs": 2.0, "max_abs": 16.0, "ssim": 0.05}
ROBUST_MAX = {"phash": 12, "thumb": 12.0, "mean_abs": 24.0, "max_abs": 255.0, "ssim": 0.5}
SEED_SENSITIVE_MIN = {"phash": 10, "thumb": 4.0, "mean_abs": 8.0, "max_abs": 64.0, "ssim": 0.2}


def _as_uint8(arr: Any, name: str) -> np.ndarray:
    arr = np.asarray(arr)
    if arr.dtype != np.uint8 or arr.ndim not in (2, 3) or arr.size == 0:
        raise ValueError(f"{name}: expected a non-empty HxW or HxWxC uint8 array, got {arr.dtype} {arr.shape}")
    return arr


def phash_distance(a: np.ndarray, b: np.ndarray) -> int:
    """Differing 64-bit DCT perceptual-hash bits of ``a`` and ``b`` (sizes may differ).

    The snapshots' noise-proof variant (:func:`metrics.compare.stable_phash_distance`): bits whose
    coefficient sits near the median, which +-1-level noise flips on flat images, do not count.
    """
    from PIL import Image

    from .compare import stable_phash_distance

    luma = [Image.fromarray(_as_uint8(x, name)).convert("L") for x, name in ((a, "a"), (b, "b"))]
    return stable_phash_distance(luma[0], luma[1])


def thumb_distance(a: np.ndarray, b: np.ndarray, *, side: int = 16) -> float:
    """Mean absolute difference (0-255 levels) of ``side`` x ``side`` area-averaged colour thumbnails.

    Sees layout and colour at a coarse scale, as phash does for layout, but also colour (phash is
    greyscale); per-pixel noise averages away. Sizes may differ.
    """
    from PIL import Image

    def thumb(x: np.ndarray, name: str) -> np.ndarray:
        img = Image.fromarray(_as_uint8(x, name)).convert("RGB")
        return np.asarray(img.resize((side, side), Image.Resampling.BOX), dtype=np.float32)

    return float(np.abs(thumb(a, "a") - thumb(b, "b")).mean())


def _diff(a: np.ndarray, b: np.ndarray) -> np.ndarray | None:
    a, b = _as_uint8(a, "a"), _as_uint8(b, "b")
    if a.shape != b.shape:
        return None
    return np.abs(a.astype(np.int16) - b.astype(np.int16))


def max_abs_diff(a: np.ndarray, b: np.ndarray) -> float:
    """Largest per-channel pixel difference in levels (0-255); inf when the shapes differ."""
    d = _diff(a, b)
    return math.inf if d is None else float(d.max())


def mean_abs_diff(a: np.ndarray, b: np.ndarray) -> float:
    """Mean per-channel pixel difference in levels (0-255); inf when the shapes differ."""
    d = _diff(a, b)
    return math.inf if d is None else float(d.mean())


def ssim_distance(a: np.ndarray, b: np.ndarray) -> float:
    """1 - SSIM (0 = identical); inf when shapes differ, nan for images under 3 px on a side."""
    a, b = _as_uint8(a, "a"), _as_uint8(b, "b")
    if a.shape != b.shape:
        return math.inf
    side = min(a.shape[0], a.shape[1])
    if side < 3:
        return math.nan
    from skimage.metrics import structural_similarity

    win = min(7, side if side % 2 else side - 1)  # skimage needs an odd window no larger than the image
    channel_axis = -1 if a.ndim == 3 else None
    return float(1.0 - structural_similarity(a, b, data_range=255, win_size=win, channel_axis=channel_axis))


@dataclass(frozen=True)
class ImageDistance:
    """Every distance between two images; ``ssim`` is None unless it was asked for (skimage is slow to import)."""

    phash: int
    thumb: float
    max_abs: float
    mean_abs: float
    ssim: float | None = None

    @property
    def same_size(self) -> bool:
        return math.isfinite(self.max_abs)

    def get(self, metric: str) -> float:
        if metric not in METRICS:
            raise ValueError(f"metric: expected one of {', '.join(METRICS)}, got {metric!r}")
        value = getattr(self, metric)
        if value is None:
            raise ValueError("ssim was not computed: call compare(..., ssim=True)")
        return float(value)

    def values(self) -> dict[str, float]:
        """For messages: every computed distance, pixel ones in levels."""
        out: dict[str, float] = {
            "phash": self.phash,
            "thumb": round(self.thumb, 3),
            "max_abs": self.max_abs,
            "mean_abs": round(self.mean_abs, 3),
        }
        if self.ssim is not None:
            out["1-ssim"] = round(self.ssim, 4)
        return out


def compare(a: np.ndarray, b: np.ndarray, *, ssim: bool = False) -> ImageDistance:
    """All distances between ``a`` and ``b`` (pixel ones are inf when the sizes differ)."""
    return ImageDistance(
        phash=phash_distance(a, b),
        thumb=thumb_distance(a, b),
        max_abs=max_abs_diff(a, b),
        mean_abs=mean_abs_diff(a, b),
        ssim=ssim_distance(a, b) if ssim else None,
    )


def diff_image(a: np.ndarray, b: np.ndarray, *, gain: float = 8.0) -> np.ndarray:
    """An amplified absolute-difference picture (uint8) that makes 1-level drift visible."""
    d = _diff(a, b)
    if d is None:
        raise ValueError(f"diff_image: shapes differ ({a.shape} vs {b.shape})")
    return np.clip(d.astype(np.float32) * gain, 0, 255).astype(np.uint8)

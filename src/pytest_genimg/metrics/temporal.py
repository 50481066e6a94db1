"""Temporal consistency of a frame sequence: flicker (mean absolute difference of consecutive frames,
VBench-style, optionally after optical-flow motion compensation), brightness jumps and
frame-to-frame SSIM, all on downscaled frames (scikit-image); and VBench's own temporal-flickering
score, on the frames at full resolution as VBench reads them."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np
from PIL import Image

# Frames are compared at this long side: motion and noise shrink, flicker and jumps do not.
ANALYSIS_SIDE = 128
MIN_ANALYSIS_SIDE = 16
# Warping leaves no data near the frame edge; those pixels are left out of flicker and SSIM.
_BORDER = 4
_LUMA = np.array([0.299, 0.587, 0.114], dtype=np.float32)
# optical_flow_ilk: 3 warps instead of its default 10 cost 0.09 s instead of 0.32 s per 128 px pair
# and changed the flicker of pans and zooms by under 1 level (benchmarks/accuracy_image_checks.py).
_FLOW_RADIUS = 5
_FLOW_WARPS = 3


def analysis_frame(rgb: np.ndarray, side: int = ANALYSIS_SIDE) -> np.ndarray:
    """HxWx3 uint8 -> float32 0-255, box-downscaled so the long side is at most ``side``."""
    img = Image.fromarray(np.ascontiguousarray(rgb))
    scale = side / max(img.size)
    if scale < 1.0:
        img = img.resize((max(1, round(img.width * scale)), max(1, round(img.height * scale))), Image.Resampling.BOX)
    return np.asarray(img, dtype=np.float32)


def luma(frame: np.ndarray) -> np.ndarray:
    return frame[..., :3] @ _LUMA


def mean_abs_diff(a: np.ndarray, b: np.ndarray) -> float:
    """Mean absolute difference over all pixels and channels (the VBench flicker term, 0-255)."""
    return float(np.mean(np.abs(np.asarray(a, dtype=np.float32) - np.asarray(b, dtype=np.float32))))


def brightness_jump(a: np.ndarray, b: np.ndarray) -> float:
    """Absolute change of mean luma (BT.601, 0-255) between two frames."""
    return abs(float(luma(np.asarray(b, dtype=np.float32)).mean()) - float(luma(np.asarray(a, dtype=np.float32)).mean()))


def vbench_flicker_score(raw_diffs: Sequence[float]) -> float:
    """VBench's temporal-flickering score from consecutive-frame mean absolute differences of the
    full-resolution frames (VBench's ``calculate_mae``): ``(255 - mean) / 255``; 1.0 for a still
    sequence. Differences of downscaled frames give a higher score: downscaling averages per-pixel
    noise away (256 px random frames: 0.665 at full resolution, 0.836 at 128 px)."""
    return (255.0 - float(np.mean(raw_diffs))) / 255.0 if len(raw_diffs) else 1.0


def warp_to(prev: np.ndarray, cur: np.ndarray) -> np.ndarray:
    """``prev`` warped onto ``cur`` with dense optical flow (scikit-image iterative Lucas-Kanade)."""
    from scipy.ndimage import map_coordinates
    from skimage.registration import optical_flow_ilk

    v, u = optical_flow_ilk(luma(cur), luma(prev), radius=_FLOW_RADIUS, num_warp=_FLOW_WARPS)
    rows, cols = np.meshgrid(np.arange(cur.shape[0]), np.arange(cur.shape[1]), indexing="ij")
    coords = np.array([rows + v, cols + u])
    return np.stack([map_coordinates(prev[..., c], coords, order=1, mode="nearest") for c in range(prev.shape[-1])], axis=-1)


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """SSIM of the luma of two frames (0-255 data range)."""
    from skimage.metrics import structural_similarity

    return float(structural_similarity(luma(a), luma(b), data_range=255.0))


@dataclass(frozen=True)
class Transition:
    """Frame ``index - 1`` -> ``index``: ``flicker`` (mean abs. difference after motion
    compensation, or without it when it is off), ``brightness_jump`` and SSIM ``similarity``
    (after motion compensation when on), all on analysis-size frames; ``raw_diff``: VBench's term,
    the mean absolute difference of the full-resolution frames (of the analysis frames when
    :func:`transition` is not given it)."""

    index: int
    flicker: float
    raw_diff: float
    brightness_jump: float
    similarity: float


def transition(prev: np.ndarray, cur: np.ndarray, index: int, *, motion_compensation: bool = True,
               raw_diff: float | None = None) -> Transition:
    """Measure one step between two analysis frames (see :func:`analysis_frame`); ``raw_diff``:
    the full-resolution frames' mean absolute difference, when the caller has them."""
    raw = mean_abs_diff(prev, cur)
    jump = brightness_jump(prev, cur)
    if motion_compensation:
        aligned = warp_to(prev, cur)
        b = _BORDER if min(cur.shape[:2]) > 4 * _BORDER else 0
        inner = (slice(b, cur.shape[0] - b), slice(b, cur.shape[1] - b))
        flicker = mean_abs_diff(aligned[inner], cur[inner])
        ssim = similarity(aligned[inner], cur[inner])
    else:
        flicker, ssim = raw, similarity(prev, cur)
    return Transition(index, flicker, raw if raw_diff is None else raw_diff, jump, ssim)


def transitions(frames: Sequence[np.ndarray], *, motion_compensation: bool = True, side: int = ANALYSIS_SIDE) -> list[Transition]:
    """Every consecutive step of a sequence of HxWx3 uint8 frames."""
    small = [analysis_frame(f, side) for f in frames]
    return [transition(small[i - 1], small[i], i, motion_compensation=motion_compensation,
                       raw_diff=mean_abs_diff(frames[i - 1], frames[i])) for i in range(1, len(small))]

"""How much resolution an image really has: detail energy per octave, measured against down-then-up
scaled copies of itself, plus pixel replication and a no-reference blur score (scikit-image)."""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from PIL import Image

MAX_OCTAVES = 4
# The coarsest copy keeps at least this many pixels on its short side.
MIN_COARSE_SIDE = 8
# An octave counts as present when its detail energy is at least this share of the next coarser
# octave's. Measured on scikit-image photos (benchmarks/accuracy_image_checks.py): the top octave
# of detailed native photos holds 0.28-1.2x the next octave's energy (JPEG q50 included); copies
# upscaled 2x (bicubic, Lanczos, bilinear, then JPEG or unsharp-masked) or blurred with sigma >= 1
# hold 0.03-0.18x.
DEFAULT_ALIVE_RATIO = 0.22
# Nearest-neighbour upscales reproduce themselves from their own box-downscale: the squared error
# of a nearest re-upscale falls below this share of the bicubic one (natives: 1.05-4.4x).
REPLICATION_RATIO = 0.25
# blur_effect is computed on one window of at most this side (its cost grows fast with size).
BLUR_WINDOW = 512
_FLAT_ENERGY = 1e-7
_LUMA = np.array([0.299, 0.587, 0.114], dtype=np.float32)


def luminance(rgb: np.ndarray) -> np.ndarray:
    """HxWx3 uint8 (or HxW) -> HxW float32 luma in [0, 1] (ITU-R BT.601 weights)."""
    arr = np.asarray(rgb)
    grey = arr.astype(np.float32) / (255.0 if arr.dtype == np.uint8 else 1.0)
    return grey[..., :3] @ _LUMA if grey.ndim == 3 else grey


def octave_count(height: int, width: int) -> int:
    """How many octaves fit while the coarsest copy keeps ``MIN_COARSE_SIDE`` pixels."""
    side = min(height, width)
    if side < 4 * MIN_COARSE_SIDE:
        return 0
    return min(MAX_OCTAVES, int(math.floor(math.log2(side / MIN_COARSE_SIDE))))


def down_up(gray: np.ndarray, factor: int, resample: Image.Resampling = Image.Resampling.BICUBIC) -> np.ndarray:
    """Box-downscale by ``factor`` and scale back up with ``resample`` (Pillow, float32 'F' mode)."""
    h, w = gray.shape
    small = Image.fromarray(np.ascontiguousarray(gray, dtype=np.float32)).resize((w // factor, h // factor), Image.Resampling.BOX)
    return np.asarray(small.resize((w, h), resample), dtype=np.float32)


def _crop(gray: np.ndarray, octaves: int) -> np.ndarray:
    # A multiple of 2**octaves keeps every downscale aligned with the pixel grid (top-left anchored,
    # as upscalers anchor it).
    m = 2**octaves
    h, w = gray.shape
    return gray[: h // m * m, : w // m * m]


def band_energies(gray: np.ndarray, octaves: int | None = None) -> np.ndarray:
    """Mean squared detail in each octave, finest first.

    ``E_k`` is the mean squared difference between the image and its copy box-downscaled by
    ``2**k`` and bicubic-upscaled back; band ``k`` is ``E_k - E_(k-1)``: the detail between scales
    ``2**-k`` and ``2**-(k-1)`` of full resolution.
    """
    g = np.asarray(gray, dtype=np.float32)
    k_max = octave_count(*g.shape) if octaves is None else octaves
    if k_max < 1:
        return np.zeros(0)
    return np.maximum(np.diff([0.0, *_lost(_crop(g, k_max), k_max)]), 0.0)


def _lost(g: np.ndarray, octaves: int) -> list[float]:
    """E_1..E_octaves: mean squared error of the 2**k down-up copy."""
    return [float(np.mean((g - down_up(g, 2**k)) ** 2)) for k in range(1, octaves + 1)]


def replication_factor(gray: np.ndarray, octaves: int | None = None, *, _cubic: list[float] | None = None) -> int:
    """Largest f in 2, 4, 8 whose f x f blocks repeat one value (a nearest-neighbour upscale); else 1."""
    g = np.asarray(gray, dtype=np.float32)
    k_max = octave_count(*g.shape) if octaves is None else octaves
    g = _crop(g, max(k_max, 1))
    cubic_lost = _cubic if _cubic is not None else _lost(g, min(k_max, 3))
    found = 1
    for k in range(1, min(k_max, 3) + 1):
        f = 2**k
        cubic = cubic_lost[k - 1]
        if cubic <= _FLAT_ENERGY:
            break
        nearest = float(np.mean((g - down_up(g, f, Image.Resampling.NEAREST)) ** 2))
        if nearest < REPLICATION_RATIO * cubic:
            found = f
    return found


@dataclass(frozen=True)
class DetailEstimate:
    """``scale``: effective resolution as a fraction of the pixel size (1, 1/2, 1/4, ...; 0 for a
    flat image); ``ratios[k]``: band k's energy over band k+1's; ``replication``: block size of a
    nearest-neighbour upscale (1 when none)."""

    scale: float
    bands: tuple[float, ...]
    ratios: tuple[float, ...]
    replication: int
    octaves: int

    @property
    def flat(self) -> bool:
        return self.scale == 0.0

    @property
    def top_ratio(self) -> float:
        """The finest octave's energy over the next one's (nan when not measurable)."""
        return self.ratios[0] if self.ratios else float("nan")


def estimate_detail(gray: np.ndarray, *, alive_ratio: float = DEFAULT_ALIVE_RATIO) -> DetailEstimate:
    """Effective resolution of a greyscale image (HxW float in [0, 1], at least 32 px a side).

    Walking from the coarsest octave to the finest, an octave is present while its energy is at
    least ``alive_ratio`` of the next coarser one's; the first missing octave sets the scale.
    Natural images carry similar energy in every octave (their spectra fall about as 1/f^2), so a
    missing octave means the content was made at lower resolution or blurred. Nearest-neighbour
    upscales are found separately (their blocks add aliased detail) and cap the scale.
    """
    g = np.asarray(gray, dtype=np.float32)
    k_max = octave_count(*g.shape)
    if k_max < 2:
        raise ValueError(f"image too small for a detail estimate: {g.shape[1]}x{g.shape[0]} (need 32 px a side)")
    lost = _lost(_crop(g, k_max), k_max)
    bands = np.maximum(np.diff([0.0, *lost]), 0.0)
    ratios = tuple(float(bands[k] / bands[k + 1]) if bands[k + 1] > 0 else float("inf") for k in range(k_max - 1))
    if bands.sum() <= _FLAT_ENERGY:
        return DetailEstimate(0.0, tuple(map(float, bands)), ratios, 1, k_max)
    scale = 1.0
    for k in range(k_max - 2, -1, -1):
        if bands[k] < alive_ratio * bands[k + 1]:
            scale = 2.0 ** -(k + 1)
            break
    replication = replication_factor(g, k_max, _cubic=lost)
    return DetailEstimate(min(scale, 1.0 / replication), tuple(map(float, bands)), ratios, replication, k_max)


def most_detailed_window(gray: np.ndarray, side: int) -> tuple[int, int, int, int]:
    """(top, left, height, width) of the busiest of nine ``side``-sized windows (corners, edges,
    centre) by mean absolute gradient; the whole image when it is no larger."""
    h, w = gray.shape
    wh, ww = min(h, side), min(w, side)
    best, best_energy = (0, 0, wh, ww), -1.0
    for y in sorted({0, (h - wh) // 2, h - wh}):
        for x in sorted({0, (w - ww) // 2, w - ww}):
            win = gray[y : y + wh, x : x + ww]
            energy = float(np.mean(np.abs(np.diff(win, axis=0)))) + float(np.mean(np.abs(np.diff(win, axis=1))))
            if energy > best_energy:
                best, best_energy = (y, x, wh, ww), energy
    return best


def blur_score(gray: np.ndarray, *, window: int = BLUR_WINDOW) -> float:
    """scikit-image's ``blur_effect`` (Crete et al. 2007): 0 sharp, 1 fully blurred.

    Measured on the most detailed of nine ``window``-sized windows, so a large sky does not read as
    blur and a 1024 px image costs what a 512 px one does.
    """
    from skimage.measure import blur_effect

    g = np.asarray(gray, dtype=np.float64)
    top, left, h, w = most_detailed_window(g, window)
    return float(blur_effect(g[top : top + h, left : left + w]))


def top_octave_detail(gray: np.ndarray) -> np.ndarray:
    """|image - its 2x down-up copy|: the detail only full resolution carries (for artifacts)."""
    g = _crop(np.asarray(gray, dtype=np.float32), 1)
    return np.abs(g - down_up(g, 2))

"""Perceptual comparison of a baseline and an obtained image: stable phash bits, luma SSIM, colour shift.

Pure functions on PIL images and arrays (no pytest, no I/O), used by the image snapshots.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from PIL import Image

HASH_SIZE = 8
THUMB = HASH_SIZE * 4  # imagehash.phash works on a 32x32 thumbnail
# A phash bit counts only where at least one image's DCT coefficient is clearly off the median
# (scipy's unnormalised DCT of the 32x32 thumbnail: 64 units ~ one grey level of white noise).
# On flat or gradient images plain phash flipped 24-31 of 64 bits under +-1-level noise, because
# their coefficients all sit near the median; with this margin those flips vanish while the
# next seed or a mirror still scores 26-42 (benchmarks/snapshot_report.py).
PHASH_MARGIN = 4 * 64.0
# SSIM runs at full resolution up to this many pixels a side; a larger image is box-averaged by the
# smallest integer factor that brings its longer side to at most this (2048 px -> 1024, 1500 -> 750).
# Earlier versions reduced everything to 256 px, which hid blur: a 700 px image blurred at sigma 0.5
# scored 0.979 there and 0.868 at full resolution. Cost: benchmarks/snapshot_report.py, part 2.
SSIM_MAX_SIDE = 1024
SSIM_WINDOW = 7  # scikit-image's default uniform window, in pixels of the (possibly reduced) image
COLOR_CELL_MIN = 16  # colour cells of at least 16 px, at most an 8x8 grid
COLOR_GRID_MAX = 8


@dataclass(frozen=True)
class ImageComparison:
    """How far an obtained image is from its baseline.

    ``phash_distance``: differing stable bits of the 64-bit DCT perceptual hash (0 same; about 30
    unrelated). ``ssim``: structural similarity of the luma (1 same; see :func:`luma_ssim`). ``color_shift``: largest change
    of a region's mean colour over a coarse grid, in 0-255 levels (catches tints and channel swaps,
    which neither phash nor SSIM see). Sizes that differ leave ``ssim`` and ``color_shift`` at None.
    """

    phash_distance: int
    ssim: float | None
    color_shift: float | None
    baseline_size: tuple[int, int]
    obtained_size: tuple[int, int]
    identical: bool = False

    @property
    def same_size(self) -> bool:
        return self.baseline_size == self.obtained_size

    def values(self) -> dict[str, float | int | None]:
        return {
            "phash_distance": self.phash_distance,
            "ssim": None if self.ssim is None else round(self.ssim, 4),
            "color_shift": None if self.color_shift is None else round(self.color_shift, 2),
        }


def flatten(image: Image.Image) -> Image.Image:
    """RGB as a viewer shows it: RGBA composited on white, L expanded to three channels."""
    if image.mode == "RGB":
        return image
    if image.mode in ("RGBA", "LA"):
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return image.convert("RGB")


def phash_signature(luma: Image.Image) -> tuple[np.ndarray, np.ndarray]:
    """(bits, coefficient - median) of imagehash's DCT phash for an L image; bits are imagehash's own."""
    import imagehash
    import scipy.fftpack

    thumb = luma.resize((THUMB, THUMB), Image.Resampling.LANCZOS)
    bits = np.asarray(imagehash.phash(thumb, hash_size=HASH_SIZE).hash, dtype=bool)  # same-size resize is a copy
    pixels = np.asarray(thumb, dtype=np.float64)
    dct = scipy.fftpack.dct(scipy.fftpack.dct(pixels, axis=0), axis=1)[:HASH_SIZE, :HASH_SIZE]
    return bits, dct - np.median(dct)


def stable_phash_distance(luma_a: Image.Image, luma_b: Image.Image, *, margin: float = PHASH_MARGIN) -> int:
    """Hamming distance between the phashes of two L images, counting only bits that noise cannot flip."""
    bits_a, coef_a = phash_signature(luma_a)
    bits_b, coef_b = phash_signature(luma_b)
    confident = (np.abs(coef_a) > margin) | (np.abs(coef_b) > margin)
    return int(np.count_nonzero((bits_a != bits_b) & confident))


def ssim_reduction(size: tuple[int, int], max_side: int | None = None) -> int:
    """The integer box-averaging factor SSIM applies to an image of ``size`` (1 = full resolution)."""
    return max(1, math.ceil(max(size) / (max_side or SSIM_MAX_SIDE)))


def luma_ssim(luma_a: Image.Image, luma_b: Image.Image, *, max_side: int | None = None) -> float:
    """Mean SSIM of two same-size L images, as scikit-image computes it (7x7 uniform window,
    data range 255, no Gaussian weighting), at full resolution up to ``max_side`` (default
    :data:`SSIM_MAX_SIDE`, 1024) px a side; larger images are box-averaged by :func:`ssim_reduction` first."""
    if luma_a.size != luma_b.size:
        raise ValueError(f"luma_ssim: sizes differ ({luma_a.size} vs {luma_b.size})")
    factor = ssim_reduction(luma_a.size, max_side)
    if factor > 1:
        luma_a, luma_b = luma_a.reduce(factor), luma_b.reduce(factor)
    a = np.asarray(luma_a, dtype=np.float32)
    b = np.asarray(luma_b, dtype=np.float32)
    side = min(a.shape)
    if side < 3:  # too small for any SSIM window: identical or not
        return 1.0 if np.array_equal(a, b) else 0.0
    from skimage.metrics import structural_similarity

    win = min(SSIM_WINDOW, side if side % 2 else side - 1)
    return float(structural_similarity(a, b, data_range=255.0, win_size=win))


def grid_means(rgb: Image.Image) -> np.ndarray:
    """Mean colour of each cell of a grid of cells at least 16 px (at most 8x8), in levels (+-0.5 rounding)."""
    w, h = rgb.size
    cols = max(1, min(COLOR_GRID_MAX, w // COLOR_CELL_MIN))
    rows = max(1, min(COLOR_GRID_MAX, h // COLOR_CELL_MIN))
    return np.asarray(rgb.resize((cols, rows), Image.Resampling.BOX), dtype=np.int16)  # BOX: exact area means, in C


def color_shift(rgb_a: Image.Image, rgb_b: Image.Image) -> float:
    """Largest per-channel change of a grid cell's mean colour, in 0-255 levels (RGB images of one size)."""
    if rgb_a.size != rgb_b.size:
        raise ValueError(f"color_shift: sizes differ ({rgb_a.size} vs {rgb_b.size})")
    return float(np.abs(grid_means(rgb_a) - grid_means(rgb_b)).max())


def compare_images(baseline: Image.Image, obtained: Image.Image) -> ImageComparison:
    """All snapshot distances between two PIL images (any of L, RGB, RGBA; sizes may differ)."""
    flat_a, flat_b = flatten(baseline), flatten(obtained)
    arr_a, arr_b = np.asarray(flat_a), np.asarray(flat_b)
    if arr_a.shape == arr_b.shape and np.array_equal(arr_a, arr_b):
        return ImageComparison(0, 1.0, 0.0, baseline.size, obtained.size, identical=True)
    luma_a, luma_b = flat_a.convert("L"), flat_b.convert("L")
    distance = stable_phash_distance(luma_a, luma_b)
    if baseline.size != obtained.size:
        return ImageComparison(distance, None, None, baseline.size, obtained.size)
    return ImageComparison(distance, luma_ssim(luma_a, luma_b), color_shift(flat_a, flat_b), baseline.size, obtained.size)


def _heat_lut() -> np.ndarray:
    # Black -> dark red -> orange -> yellow -> white: small drifts stay dark, real changes glow.
    anchors = np.array([[0, 0, 0], [120, 0, 20], [230, 60, 0], [255, 200, 0], [255, 255, 255]], dtype=np.float64)
    x = np.linspace(0, 1, 256) * (len(anchors) - 1)
    lo = np.floor(x).astype(int).clip(0, len(anchors) - 2)
    t = (x - lo)[:, None]
    return (anchors[lo] * (1 - t) + anchors[lo + 1] * t).round().astype(np.uint8)


_LUT = _heat_lut()


def diff_heatmap(baseline: Image.Image, obtained: Image.Image) -> Image.Image:
    """A heat-map of per-pixel change over a dimmed grey copy of the baseline (square-root scale,
    so a 1-level drift is faintly visible and a 64-level change is bright). Sizes may differ."""
    flat_a = flatten(baseline)
    flat_b = flatten(obtained)
    if flat_b.size != flat_a.size:
        flat_b = flat_b.resize(flat_a.size, Image.Resampling.BILINEAR)
    a = np.asarray(flat_a, dtype=np.int16)
    b = np.asarray(flat_b, dtype=np.int16)
    change = np.abs(a - b).max(axis=-1).astype(np.float32)
    level = np.sqrt(change / 255.0)
    colour = _LUT[(level * 255).round().astype(np.uint8)].astype(np.float32)
    grey = np.asarray(flat_a.convert("L"), dtype=np.float32)[..., None] * 0.3
    alpha = np.clip(level * 2.5, 0, 1)[..., None]
    return Image.fromarray((grey * (1 - alpha) + colour * alpha).round().astype(np.uint8), "RGB")

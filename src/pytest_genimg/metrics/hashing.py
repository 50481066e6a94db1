"""Perceptual hashes for near-duplicate search: a 256-bit pHash (imagehash's DCT definition, batched
with scipy) of an image and of a grid of crops of it, packed for vectorised Hamming distance."""
from __future__ import annotations

from typing import Sequence

import numpy as np
from PIL import Image, ImageOps

HASH_SIZE = 16
HASH_BITS = HASH_SIZE * HASH_SIZE
WORDS = HASH_BITS // 64
# pHash resizes to 4x the hash side before the DCT (imagehash's highfreq_factor).
DCT_SIDE = 4 * HASH_SIZE
# The 8x8 lowest frequencies of the 16x16 block form a 64-bit prefilter word.
COARSE_SIZE = 8
# Everything is hashed from a greyscale working copy with this long side: hashing a 4000 px photo
# costs what a 128 px one does, and the 64 px DCT input needs no more. Box (area) resampling
# throughout: 4x faster than Lanczos for the 16 crops of a reference, and as robust (see
# benchmarks/accuracy_image_checks.py).
WORKING_SIDE = 128
_RESAMPLE = Image.Resampling.BOX
# References are also hashed cropped by these fractions on both axes (centre and four corners
# each), and on one side only by SIDE_GRID (which changes the aspect ratio), so a query cropped by
# up to about 15% lies within a few percent of one stored crop.
CROP_GRID = (0.04, 0.08, 0.12)
SIDE_GRID = (0.06, 0.12)
_POSITIONS = ("centre", "top-left", "top-right", "bottom-left", "bottom-right")
_SIDES = ("left", "right", "top", "bottom")


def working_copy(image: Image.Image) -> Image.Image:
    """Greyscale copy whose long side is at most ``WORKING_SIDE`` (JPEG files decode reduced)."""
    if getattr(image, "format", None) == "JPEG":
        image.draft("L", (WORKING_SIDE, WORKING_SIDE))
    gray = image.convert("L")
    if max(gray.size) > WORKING_SIDE:
        scale = WORKING_SIDE / max(gray.size)
        gray = gray.resize((max(1, round(gray.width * scale)), max(1, round(gray.height * scale))), _RESAMPLE)
    return gray


def crop_boxes(
    width: int, height: int, grid: Sequence[float] = CROP_GRID, side_grid: Sequence[float] = SIDE_GRID
) -> list[tuple[int, int, int, int]]:
    """The full frame; for each fraction in ``grid`` the centre and four corner crops (both axes);
    for each in ``side_grid`` the image cut on the left, right, top and bottom only."""
    boxes = [(0, 0, width, height)]
    for f in grid:
        dx, dy = round(width * f), round(height * f)
        boxes.append((dx // 2, dy // 2, width - dx + dx // 2, height - dy + dy // 2))
        boxes += [(dx * cx, dy * cy, width - dx * (1 - cx), height - dy * (1 - cy)) for cy in (0, 1) for cx in (0, 1)]
    for f in side_grid:
        dx, dy = round(width * f), round(height * f)
        boxes += [(dx, 0, width, height), (0, 0, width - dx, height), (0, dy, width, height), (0, 0, width, height - dy)]
    return boxes


def crop_labels(grid: Sequence[float] = CROP_GRID, side_grid: Sequence[float] = SIDE_GRID) -> list[str]:
    """Human-readable names of :func:`crop_boxes`, in the same order."""
    return ["full"] + [f"{f:.0%} {p} crop" for f in grid for p in _POSITIONS] + [f"{f:.0%} cut from the {s}" for f in side_grid for s in _SIDES]


def phash_bits(gray: Image.Image, boxes: Sequence[tuple[int, int, int, int]] | None = None) -> np.ndarray:
    """(n, 256) bool pHash bits of each box of a greyscale image.

    As imagehash.phash(hash_size=16): resize to 64x64 (here box resampling, imagehash uses Lanczos),
    2-D DCT-II, keep the 16x16 lowest frequencies, bit = coefficient above their median.
    """
    from scipy.fft import dct

    if gray.mode != "L":
        gray = gray.convert("L")
    boxes = boxes or [(0, 0, gray.width, gray.height)]
    stack = np.stack([np.asarray(gray.resize((DCT_SIDE, DCT_SIDE), _RESAMPLE, box=b), dtype=np.float64) for b in boxes])
    coeffs = dct(dct(stack, axis=1), axis=2)[:, :HASH_SIZE, :HASH_SIZE]
    med = np.median(coeffs.reshape(len(boxes), -1), axis=1)
    return (coeffs > med[:, None, None]).reshape(len(boxes), HASH_BITS)


def pack(bits: np.ndarray) -> np.ndarray:
    """(n, 256) bool -> (n, 4) uint64."""
    return np.packbits(np.asarray(bits, dtype=bool), axis=1).view(np.uint64)


def coarse_word(bits: np.ndarray) -> np.ndarray:
    """(n, 256) bool -> (n,) uint64 of the 8x8 lowest frequencies."""
    low = np.asarray(bits, dtype=bool).reshape(-1, HASH_SIZE, HASH_SIZE)[:, :COARSE_SIZE, :COARSE_SIZE]
    return np.packbits(low.reshape(-1, COARSE_SIZE * COARSE_SIZE), axis=1).view(np.uint64)[:, 0]


_BYTE_POPCOUNT = np.array([bin(i).count("1") for i in range(256)], dtype=np.uint8)


def popcount(words: np.ndarray) -> np.ndarray:
    """Set bits per uint64 (numpy >= 2 has it built in; a byte table otherwise)."""
    if hasattr(np, "bitwise_count"):
        return np.bitwise_count(words)
    as_bytes = np.ascontiguousarray(words).view(np.uint8).reshape(*words.shape, 8)
    return _BYTE_POPCOUNT[as_bytes].sum(axis=-1, dtype=np.uint8)


def hamming_many(columns: np.ndarray, query: np.ndarray) -> np.ndarray:
    """Distances from ``query`` ((W,) uint64) to every column of ``columns`` ((W, M) uint64)."""
    total = popcount(columns[0] ^ query[0]).astype(np.uint16)
    for w in range(1, columns.shape[0]):
        total += popcount(columns[w] ^ query[w])
    return total


def hamming(a: np.ndarray, b: np.ndarray) -> int:
    """Distance between two packed hashes ((W,) uint64 each)."""
    return int(popcount(np.asarray(a, dtype=np.uint64) ^ np.asarray(b, dtype=np.uint64)).sum())


def query_hashes(image: Image.Image) -> tuple[np.ndarray, np.ndarray]:
    """Packed full-frame hashes of ``image`` and of its mirror image: ((2, 4) uint64, (2,) coarse)."""
    gray = working_copy(image)
    bits = np.concatenate([phash_bits(gray), phash_bits(ImageOps.mirror(gray))])
    return pack(bits), coarse_word(bits)


def reference_hashes(image: Image.Image) -> tuple[np.ndarray, np.ndarray]:
    """Packed hashes of ``image`` and its crop grid: ((V, 4) uint64, (V,) coarse)."""
    gray = working_copy(image)
    bits = phash_bits(gray, crop_boxes(gray.width, gray.height))
    return pack(bits), coarse_word(bits)

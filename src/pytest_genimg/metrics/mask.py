"""Regions left out of an image comparison: boxes in pixels or fractions, or a mask image.

Pure functions on PIL images and arrays. A masked pixel of the obtained image is replaced by the
baseline's before comparing, so every distance (phash, SSIM, colour shift) ignores it alike.
"""
from __future__ import annotations

import numbers
from typing import Any

import numpy as np
from PIL import Image

from ..errors import usage

_EXPECTED = ("a box (x0, y0, x1, y1) in pixels (integers) or fractions of the size (numbers in [0, 1]), "
             "a list of such boxes, or a mask image / 2-D array of the image's size (non-zero = left out)")
MASK_GREY = (128, 128, 128)


def check_mask(mask: Any, argument: str = "mask") -> Any:
    """Validate what can be checked before the image size is known; return the mask unchanged."""
    if mask is None or isinstance(mask, Image.Image) or hasattr(mask, "ndim"):
        return mask
    for box in _boxes(mask, argument):
        _box_numbers(box, argument)
    return mask


def _boxes(mask: Any, argument: str) -> list[Any]:
    if isinstance(mask, (str, bytes, dict)) or not isinstance(mask, (list, tuple)) or not mask:
        raise usage(argument, _EXPECTED, mask)
    if all(isinstance(v, numbers.Real) for v in mask):
        return [mask]
    return list(mask)


def _box_numbers(box: Any, argument: str) -> tuple[float, float, float, float]:
    if (not isinstance(box, (list, tuple)) or len(box) != 4
            or not all(isinstance(v, numbers.Real) and not isinstance(v, bool) for v in box)):
        raise usage(argument, _EXPECTED, box)
    x0, y0, x1, y1 = (float(v) for v in box)
    if not (x1 > x0 and y1 > y0):
        raise usage(argument, "boxes (x0, y0, x1, y1) with x1 > x0 and y1 > y0", box)
    return x0, y0, x1, y1


def _is_fraction(box: Any) -> bool:
    return all(0.0 <= float(v) <= 1.0 for v in box) and any(not isinstance(v, numbers.Integral) for v in box)


def mask_array(mask: Any, size: tuple[int, int], argument: str = "mask") -> np.ndarray | None:
    """A boolean HxW array (True = left out) for an image of ``size`` (width, height), or None."""
    if mask is None:
        return None
    width, height = size
    if isinstance(mask, Image.Image) or hasattr(mask, "ndim"):
        array = np.asarray(mask.convert("L") if isinstance(mask, Image.Image) else mask)
        if array.ndim == 3 and array.shape[-1] in (1, 3, 4):
            array = array.max(axis=-1)
        if array.shape != (height, width):
            raise usage(argument, f"a mask of the image's size {width}x{height}",
                        f"a mask of shape {tuple(array.shape)}")
        return array.astype(bool)
    out = np.zeros((height, width), dtype=bool)
    for box in _boxes(mask, argument):
        x0, y0, x1, y1 = _box_numbers(box, argument)
        if _is_fraction(box):
            x0, x1, y0, y1 = x0 * width, x1 * width, y0 * height, y1 * height
        left, top = max(0, int(np.floor(x0))), max(0, int(np.floor(y0)))
        right, bottom = min(width, int(np.ceil(x1))), min(height, int(np.ceil(y1)))
        if right <= left or bottom <= top:
            raise usage(argument, f"boxes that overlap the {width}x{height} image", box)
        out[top:bottom, left:right] = True
    return out


def apply_mask(baseline: Image.Image, obtained: Image.Image, mask: np.ndarray | None) -> Image.Image:
    """``obtained`` with its masked pixels taken from ``baseline`` (unchanged if sizes differ or no mask)."""
    if mask is None or baseline.size != obtained.size or not mask.any():
        return obtained
    out = obtained.copy()
    out.paste(baseline.convert(obtained.mode), mask=Image.fromarray(mask.astype(np.uint8) * 255, "L"))
    return out


def grey_masked(image: Image.Image, mask: np.ndarray | None) -> Image.Image:
    """An RGB copy with the masked region painted flat grey with dark diagonal hatching (a diff heat-map)."""
    if mask is None or mask.shape != (image.size[1], image.size[0]) or not mask.any():
        return image
    pixels = np.array(image.convert("RGB"))
    yy, xx = np.indices(mask.shape)
    hatch = ((xx + yy) % 8) < 2
    pixels[mask] = MASK_GREY
    pixels[mask & hatch] = (96, 96, 96)
    return Image.fromarray(pixels, "RGB")


def describe_mask(mask: np.ndarray | None) -> dict[str, Any] | None:
    if mask is None:
        return None
    return {"pixels": int(mask.sum()), "fraction": round(float(mask.mean()), 4)}

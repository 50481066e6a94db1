"""Broken generator outputs: NaN/inf pixels (the fp16 VAE overflow), all-black frames (safety-checker
black-outs, NaN decoded as 0) and single-colour images, measured on raw arrays before any conversion."""
from __future__ import annotations

from typing import Any

import numpy as np

from ..errors import usage

# Black: the 99.9th percentile of each pixel's brightest channel is at or below this (10/255).
# Safety-checker black-outs and NaN cast to uint8 are exact zeros; a dark but real scene keeps at
# least a few highlights above it.
DEFAULT_BLACK_LEVEL = 10 / 255
# Single colour: every channel's standard deviation is at or below this (2/255). Plain product
# shots and skies still vary by far more than 2 levels; a collapsed decode does not vary at all.
DEFAULT_MIN_STD = 2 / 255
_BLACK_PERCENTILE = 99.9


def _raw_numpy(image: Any, argument: str) -> np.ndarray:
    """numpy, torch (duck-typed, so torch is never imported here) or PIL -> numpy, untouched."""
    if isinstance(image, np.ndarray):
        return image
    if hasattr(image, "detach") and hasattr(image, "cpu"):
        tensor = image.detach().cpu()
        if str(getattr(tensor, "dtype", "")) in ("torch.float16", "torch.bfloat16"):
            tensor = tensor.float()
        return tensor.numpy()
    inner = getattr(image, "image", None)  # GeneratedImage
    if inner is not None and hasattr(inner, "mode"):
        image = inner
    if hasattr(image, "mode") and hasattr(image, "size"):
        return _pil_numpy(image)
    raise usage(argument, "an image array (HxW, HxWxC or CxHxW), torch tensor or PIL image", image)


def _pil_numpy(image: Any) -> np.ndarray:
    """A PIL image as numpy in its mode's own range: PIL's convert("RGB") would clip 16-bit and
    float pixels to 0-255 (a 16-bit gradient becomes one colour, a [0, 1] float one all black)."""
    if image.mode.startswith("I;16"):
        return np.asarray(image).astype(np.uint16)  # 0-65535
    if image.mode == "I":  # 32-bit ints holding 16-bit samples (how 16-bit PNG/TIFF data arrives)
        return np.clip(np.asarray(image), 0, 65535).astype(np.uint16)
    if image.mode == "F":  # floats read as [0, 1], like float arrays (NaN kept: a finding here)
        return np.asarray(image)
    return np.asarray(image.convert("RGBA" if "A" in image.mode else "RGB"))


def to_unit_rgb(image: Any, argument: str = "image") -> np.ndarray:
    """Any single image -> float64 HxWx3 in [0, 1] with NaN/inf kept where they were.

    Floats are taken as [0, 1] (what diffusers' ``output_type="np"`` returns) and clipped; integers
    are scaled by their dtype's range. Alpha is dropped: a broken decode is broken under any alpha.
    """
    arr = _raw_numpy(image, argument)
    if arr.ndim == 3 and arr.shape[-1] not in (1, 3, 4) and arr.shape[0] in (1, 3, 4):
        arr = np.moveaxis(arr, 0, -1)  # CHW -> HWC
    if arr.ndim == 2:
        arr = arr[..., None]
    if arr.ndim != 3 or arr.shape[-1] not in (1, 3, 4):
        raise usage(argument, "one image of shape HxW, HxWxC or CxHxW (C in 1, 3, 4)", f"array of shape {arr.shape}")
    if arr.shape[0] == 0 or arr.shape[1] == 0:
        raise usage(argument, "a non-empty image", f"array of shape {arr.shape}")
    arr = arr[..., :3] if arr.shape[-1] >= 3 else np.repeat(arr, 3, axis=-1)
    if arr.dtype == np.bool_:
        return arr.astype(np.float64)
    if np.issubdtype(arr.dtype, np.floating):
        out = arr.astype(np.float64)
        finite = np.isfinite(out)
        out[finite] = np.clip(out[finite], 0.0, 1.0)
        return out
    if np.issubdtype(arr.dtype, np.integer):
        if arr.dtype == np.uint16:
            return arr.astype(np.float64) / 65535.0
        if arr.min() < 0 or arr.max() > 255:
            raise usage(argument, "integer pixels in [0, 255] (or uint16)", f"{arr.dtype} values in [{arr.min()}, {arr.max()}]")
        return arr.astype(np.float64) / 255.0
    raise usage(argument, "bool, integer or float pixels", f"dtype {arr.dtype}")


def output_problems(
    image: Any,
    *,
    black_level: float = DEFAULT_BLACK_LEVEL,
    min_std: float = DEFAULT_MIN_STD,
    argument: str = "image",
) -> list[str]:
    """What is wrong with one generated image; an empty list means it looks like a real output.

    Takes raw arrays (float with NaN/inf included: that is a finding here, not bad input), torch
    tensors, PIL images or GeneratedImage. Problems: non-finite pixels; all black (99.9% of pixels'
    brightest channel <= ``black_level``); a single colour (every channel's std <= ``min_std``).
    A 4-D array is read as a stack of frames (one video); each problem names its frame.
    """
    raw = _raw_numpy(image, argument)
    if raw.ndim == 4:
        found = []
        for i, frame in enumerate(raw):
            found += [f"frame {i}: {p}" for p in output_problems(frame, black_level=black_level, min_std=min_std, argument=f"{argument}[{i}]")]
        return found
    rgb = to_unit_rgb(raw, argument)
    problems = []
    finite_pixels = np.isfinite(rgb).all(axis=-1)
    n_pixels = finite_pixels.size
    nan_share = float(np.isnan(rgb).any(axis=-1).mean())
    inf_share = float(np.isinf(rgb).any(axis=-1).mean())
    if nan_share:
        problems.append(f"NaN in {_share(nan_share)} of pixels (fp16 VAE overflow? decode in float32 or use a fixed VAE)")
    if inf_share:
        problems.append(f"inf in {_share(inf_share)} of pixels (numeric overflow in the decode)")
    if not finite_pixels.any():
        return problems
    values = rgb[finite_pixels] if finite_pixels.sum() < n_pixels else rgb.reshape(-1, 3)
    brightest = values.max(axis=1)
    lit_share = float(np.count_nonzero(brightest > black_level)) / len(brightest)
    if lit_share <= 1.0 - _BLACK_PERCENTILE / 100.0:
        problems.append(
            f"all black: {_BLACK_PERCENTILE}% of pixels at or below {black_level * 255:.3g}/255 "
            "(a safety-checker black-out, or NaN decoded as 0)"
        )
        return problems
    std = values.std(axis=0)
    if float(std.max()) <= min_std:
        mean = np.round(values.mean(axis=0) * 255).astype(int)
        problems.append(
            f"a single colour: RGB({mean[0]}, {mean[1]}, {mean[2]}), channel std at most {std.max() * 255:.2g}/255 "
            "(collapsed decode)"
        )
    return problems


def _share(fraction: float) -> str:
    return "<0.1%" if 0 < fraction < 0.0005 else f"{fraction:.1%}"


def render_for_review(image: Any, argument: str = "image") -> np.ndarray:
    """HxWx3 uint8 for an artifact: NaN/inf pixels painted magenta so they are visible."""
    rgb = to_unit_rgb(image, argument)
    bad = ~np.isfinite(rgb).all(axis=-1)
    out = np.round(np.nan_to_num(rgb, nan=0.0, posinf=1.0, neginf=0.0) * 255).astype(np.uint8)
    out[bad] = (255, 0, 255)
    return out

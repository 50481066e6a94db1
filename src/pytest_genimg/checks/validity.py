"""Broken outputs: NaN pixels, black images and single-colour images (the classic fp16 VAE overflow
and the safety checker's black-outs) fail before any other check looks at them.

Raw float arrays are accepted as they come from the pipeline, NaN included: NaN is a finding here,
not bad input. What it does not cover: images that are valid pixels but wrong (noise, garbage
content) -- other checks judge content.
"""
from __future__ import annotations

from typing import Any

from PIL import Image

from ..errors import usage
from ..generated import GeneratedImage, GeneratedVideo
from ..metrics.validity import DEFAULT_BLACK_LEVEL, DEFAULT_MIN_STD, output_problems, render_for_review
from ._base import CheckResult, ItemVerdict, from_items, raise_if_failed, require_fraction, save_artifact

__all__ = ["output_problems", "measure_valid_output", "assert_valid_output", "DEFAULT_BLACK_LEVEL", "DEFAULT_MIN_STD"]

_ACCEPTED = "an image or a sequence of images (PIL, GeneratedImage, numpy or torch arrays, NaN allowed)"


def _is_array(obj: Any) -> bool:
    return hasattr(obj, "ndim") and hasattr(obj, "shape")


def _split(images: Any, argument: str) -> list[tuple[Any, str]]:
    """(image, label) pairs; 4-D arrays are batches, 2/3-D arrays single images."""
    if isinstance(images, GeneratedVideo):
        return [(f, f"frame {i}") for i, f in enumerate(images.frames)]
    if isinstance(images, (GeneratedImage, Image.Image)):
        items: list[Any] = [images]
    elif _is_array(images):
        if images.ndim == 4:
            items = list(images)
        elif images.ndim in (2, 3):
            items = [images]
        else:
            raise usage(argument, "an image array (2-D or 3-D) or a batch (4-D)", f"array of shape {tuple(images.shape)}")
    elif isinstance(images, (str, bytes)) or not hasattr(images, "__iter__"):
        raise usage(argument, _ACCEPTED, images)
    else:
        items = list(images)
    if not items:
        raise usage(argument, "at least one image", "0 image(s)")
    out = []
    for i, obj in enumerate(items):
        label = f"#{i} seed={obj.seed}" if isinstance(obj, GeneratedImage) else f"#{i}"
        out.append((obj, label))
    return out


def measure_valid_output(
    images: Any,
    *,
    black_level: float = DEFAULT_BLACK_LEVEL,
    min_std: float = DEFAULT_MIN_STD,
    min_pass_rate: float = 1.0,
) -> CheckResult:
    """Find NaN/inf, all-black and single-colour images; see :func:`assert_valid_output`."""
    require_fraction("black_level", black_level)
    require_fraction("min_std", min_std)
    require_fraction("min_pass_rate", min_pass_rate)
    items = []
    for i, (obj, label) in enumerate(_split(images, "images")):
        problems = output_problems(obj, black_level=black_level, min_std=min_std, argument=f"images[{i}]")
        item = ItemVerdict(label, not problems, {"problems": len(problems)}, "; ".join(problems))
        if problems:
            review = Image.fromarray(render_for_review(obj, f"images[{i}]"))
            item.artifact = save_artifact(review, f"valid_output-{i}", f"broken output {label}")
        items.append(item)
    return from_items(
        "valid_output",
        items,
        min_pass_rate=min_pass_rate,
        thresholds={"black_level": round(black_level * 255, 3), "min_std": round(min_std * 255, 3)},
        notes=["black_level and min_std are shown in 0-255 units; NaN pixels are painted magenta in artifacts"]
        if any(not i.passed for i in items)
        else (),
    )


def assert_valid_output(
    images: Any,
    *,
    black_level: float = DEFAULT_BLACK_LEVEL,
    min_std: float = DEFAULT_MIN_STD,
    min_pass_rate: float = 1.0,
) -> CheckResult:
    """Fail on generated images that are broken rather than merely bad.

    ``images``: one image or several -- PIL, GeneratedImage, GeneratedVideo, numpy or torch arrays
    (float arrays may hold NaN/inf; floats are read as [0, 1]). An image fails when it has any
    non-finite pixel, when 99.9% of its pixels are at or below ``black_level`` (a fraction of full
    scale, default 10/255), or when every channel's standard deviation is at most ``min_std``
    (default 2/255). ``min_pass_rate``: share of images that must pass (default all).
    """
    __tracebackhide__ = True
    return raise_if_failed(measure_valid_output(images, black_level=black_level, min_std=min_std, min_pass_rate=min_pass_rate))

"""Shared plumbing of the checks that drive a generator: argument checks, fresh generation, comparison."""
from __future__ import annotations

import math
import numbers
from typing import Any, Mapping, Sequence

import numpy as np
from PIL import Image

from ..cachectl import no_generation_cache
from ..errors import usage
from ..generated import GeneratedImage, GeneratedVideo
from ..images import as_images
from ..metrics.distance import METRICS, ImageDistance, compare, diff_image
from ._base import require_choice, save_artifact

GEN_HINT = "an object with generate(prompt, *, seed=..., cache=...) such as the genimg fixture"


def require_generator(genimg: Any) -> None:
    if not callable(getattr(genimg, "generate", None)):
        raise usage("genimg", GEN_HINT, genimg)


def require_prompt(name: str, prompt: Any) -> str:
    if not isinstance(prompt, str):
        raise usage(name, "a string", prompt)
    return prompt


def require_seed(name: str, seed: Any) -> int:
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral) or seed < 0:
        raise usage(name, "a non-negative integer", seed)
    return int(seed)


def require_kwargs(generate_kwargs: Any) -> dict[str, Any]:
    if generate_kwargs is None:
        return {}
    if not isinstance(generate_kwargs, Mapping) or not all(isinstance(k, str) for k in generate_kwargs):
        raise usage("generate_kwargs", "a dict of keyword arguments for generate(), e.g. {'steps': 4}", generate_kwargs)
    clash = {"seed", "seeds", "cache"} & set(generate_kwargs)
    if clash:
        raise usage("generate_kwargs", "no seed, seeds or cache (the check sets them)", sorted(clash))
    return dict(generate_kwargs)


def resolve_threshold(name: str, value: Any, metric: str, defaults: Mapping[str, float]) -> float:
    require_choice("metric", metric, METRICS)
    if value is None:
        return float(defaults[metric])
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or value < 0:
        raise usage(name, f"a non-negative number on the {metric!r} scale", value)
    return float(value)


def generate_fresh(genimg: Any, prompt: str, seed: int, kwargs: Mapping[str, Any]) -> Any:
    """One generation with the cache bypassed both ways: the flag and the ContextVar the generator reads."""
    with no_generation_cache():
        return genimg.generate(prompt, seed=seed, cache=False, **kwargs)


def frames_of(output: Any, what: str) -> list[np.ndarray]:
    """An image, a video or a list of images -> HxWx3 uint8 frames (precise error when it is none)."""
    return [im.array for im in as_images(output, argument=what)]


def was_cached(output: Any) -> bool:
    return isinstance(output, (GeneratedImage, GeneratedVideo)) and bool(output.cached)


def distance(a: Sequence[np.ndarray], b: Sequence[np.ndarray], *, ssim: bool) -> ImageDistance:
    """Distance between two outputs: per frame, the worst frame counts; a frame-count mismatch is maximal."""
    if len(a) != len(b):
        return ImageDistance(phash=64, thumb=255.0, max_abs=math.inf, mean_abs=math.inf, ssim=math.inf if ssim else None)
    per = [compare(x, y, ssim=ssim) for x, y in zip(a, b)]
    return ImageDistance(
        phash=max(d.phash for d in per),
        thumb=max(d.thumb for d in per),
        max_abs=max(d.max_abs for d in per),
        mean_abs=max(d.mean_abs for d in per),
        ssim=max(d.ssim for d in per) if ssim else None,  # type: ignore[type-var]
    )


def save_pair(a: Sequence[np.ndarray], b: Sequence[np.ndarray], name: str, label: str) -> str:
    """Save ``[a | b | amplified difference]`` (first frames) as one PNG artifact; return its path."""
    left, right = a[0], b[0]
    panels = [left, right]
    if left.shape == right.shape:
        panels.append(diff_image(left, right))
    height = max(p.shape[0] for p in panels)
    sheet = np.zeros((height, sum(p.shape[1] for p in panels) + 4 * (len(panels) - 1), 3), np.uint8)
    x = 0
    for p in panels:
        sheet[: p.shape[0], x : x + p.shape[1]] = p
        x += p.shape[1] + 4
    return save_artifact(Image.fromarray(sheet), name, label)


def short(text: str, limit: int = 50) -> str:
    shown = repr(text)
    return shown if len(shown) <= limit else shown[: limit - 4] + "...'"

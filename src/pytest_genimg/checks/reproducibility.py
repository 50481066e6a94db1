"""Reproducibility: the same request gives the same image, and different seeds give different ones.

Both checks generate with the cache bypassed and report every distance (mean and max absolute pixel
difference, colour-thumbnail difference, phash), so a failure says how far apart the images were.
"""
from __future__ import annotations

from itertools import combinations
from typing import Any, Mapping, Sequence

from ..errors import usage
from ..metrics.distance import REPRODUCIBLE_MAX, SEED_SENSITIVE_MIN
from ._base import CheckResult, ItemVerdict, finish, from_items, raise_if_failed, require_fraction, require_int
from ._gen import (
    distance,
    frames_of,
    generate_fresh,
    require_generator,
    require_kwargs,
    require_prompt,
    require_seed,
    resolve_threshold,
    save_pair,
    short,
    was_cached,
)

__all__ = ["assert_reproducible", "assert_seed_sensitive", "measure_reproducible", "measure_seed_sensitive"]


def measure_reproducible(
    genimg: Any,
    prompt: str,
    seed: int = 0,
    *,
    runs: int = 2,
    max_distance: float | None = None,
    metric: str = "mean_abs",
    generate_kwargs: Mapping[str, Any] | None = None,
) -> CheckResult:
    """Generate ``prompt``/``seed`` ``runs`` times (cache bypassed); every run must match the first.

    ``metric``: "mean_abs" (default: mean pixel difference, at most 2 of 255 levels, which tolerates
    GPU kernel drift but no local change), "thumb", "max_abs", "phash" or "ssim" (1 - SSIM);
    ``max_distance`` defaults per metric (``metrics.distance.REPRODUCIBLE_MAX``).
    """
    require_generator(genimg)
    require_prompt("prompt", prompt)
    seed = require_seed("seed", seed)
    require_int("runs", runs, minimum=2)
    limit = resolve_threshold("max_distance", max_distance, metric, REPRODUCIBLE_MAX)
    kwargs = require_kwargs(generate_kwargs)
    outputs = [generate_fresh(genimg, prompt, seed, kwargs) for _ in range(runs)]
    frames = [frames_of(out, f"genimg.generate(...) result of run {i}") for i, out in enumerate(outputs)]
    items = []
    for i in range(1, runs):
        d = distance(frames[0], frames[i], ssim=metric == "ssim")
        value = d.get(metric)
        item = ItemVerdict(f"run {i} vs run 0", value <= limit, d.values())
        if was_cached(outputs[i]) or was_cached(outputs[0]):
            item.passed, item.reason = False, "the generator returned a cached result although cache=False was passed"
        elif not item.passed:
            item.reason = f"{metric} {value:.4g} > {limit:.4g}" + ("" if d.same_size else " (sizes differ)")
        if not item.passed:
            item.artifact = save_pair(frames[0], frames[i], f"reproducible-run{i}", f"run 0 | run {i} | difference x8")
        items.append(item)
    worst = max(items, key=lambda it: it.values[_key(metric)])
    passed = all(it.passed for it in items)
    headline = (
        f"seed {seed} generated {runs} times: worst {metric} distance {worst.values[_key(metric)]:.4g} "
        f"{'<=' if passed else '>'} {limit:.4g} (prompt {short(prompt)})"
    )
    metrics = {
        "distance": worst.values[_key(metric)],
        "phash_max": max(it.values["phash"] for it in items),
        "thumb_max": max(it.values["thumb"] for it in items),
        "max_abs_diff": max(it.values["max_abs"] for it in items),
        "mean_abs_diff": max(it.values["mean_abs"] for it in items),
        "runs": runs,
    }
    notes = ["pixel differences are in 0-255 levels; a GPU may drift by about 1 level between a batched and a lone image"]
    return finish(
        CheckResult(
            "reproducible",
            passed,
            metrics=metrics,
            thresholds={"metric": metric, "max_distance": limit},
            items=items,
            notes=notes,
            artifacts=[it.artifact for it in items if it.artifact],
            headline=headline,
        )
    )


def assert_reproducible(
    genimg: Any,
    prompt: str,
    seed: int = 0,
    *,
    runs: int = 2,
    max_distance: float | None = None,
    metric: str = "mean_abs",
    generate_kwargs: Mapping[str, Any] | None = None,
) -> CheckResult:
    """Fail when the same request, generated ``runs`` times without the cache, gives different images."""
    __tracebackhide__ = True
    return raise_if_failed(
        measure_reproducible(genimg, prompt, seed, runs=runs, max_distance=max_distance, metric=metric, generate_kwargs=generate_kwargs)
    )


def _key(metric: str) -> str:
    return "1-ssim" if metric == "ssim" else metric


def _seed_list(seeds: Any) -> list[int]:
    if isinstance(seeds, (str, bytes)) or not isinstance(seeds, (Sequence, range)):
        raise usage("seeds", "a sequence of at least two distinct seeds, e.g. (0, 1)", seeds)
    values = [require_seed(f"seeds[{i}]", s) for i, s in enumerate(seeds)]
    if len(set(values)) < 2 or len(set(values)) != len(values):
        raise usage("seeds", "at least two distinct seeds, no repeats", seeds)
    return values


def measure_seed_sensitive(
    genimg: Any,
    prompt: str,
    seeds: Sequence[int] = (0, 1),
    *,
    min_distance: float | None = None,
    metric: str = "mean_abs",
    min_pass_rate: float = 1.0,
    generate_kwargs: Mapping[str, Any] | None = None,
) -> CheckResult:
    """Every pair of ``seeds`` must give images at least ``min_distance`` apart (cache bypassed).

    Default: a mean pixel difference of at least 8 levels (``metrics.distance.SEED_SENSITIVE_MIN``).

    Catches a seed that never reaches the sampler, or a cache keyed without the seed.
    """
    require_generator(genimg)
    require_prompt("prompt", prompt)
    values = _seed_list(seeds)
    limit = resolve_threshold("min_distance", min_distance, metric, SEED_SENSITIVE_MIN)
    require_fraction("min_pass_rate", min_pass_rate)
    kwargs = require_kwargs(generate_kwargs)
    frames = {s: frames_of(generate_fresh(genimg, prompt, s, kwargs), f"genimg.generate(...) result for seed {s}") for s in values}
    items = []
    for a, b in combinations(values, 2):
        d = distance(frames[a], frames[b], ssim=metric == "ssim")
        value = d.get(metric)
        item = ItemVerdict(f"seed {a} vs seed {b}", value >= limit, d.values())
        if not item.passed:
            item.reason = f"{metric} {value:.4g} < {limit:.4g}: the seeds gave (nearly) the same image"
            item.artifact = save_pair(frames[a], frames[b], f"seed-sensitive-{a}-{b}", f"seed {a} | seed {b} | difference x8")
        items.append(item)
    closest = min(it.values[_key(metric)] for it in items)
    return from_items(
        "seed_sensitive",
        items,
        min_pass_rate=min_pass_rate,
        thresholds={"metric": metric, "min_distance": limit},
        metrics={"min_pair_distance": closest},
        notes=[f"prompt {short(prompt)}, {len(items)} seed pair(s)"],
    )


def assert_seed_sensitive(
    genimg: Any,
    prompt: str,
    seeds: Sequence[int] = (0, 1),
    *,
    min_distance: float | None = None,
    metric: str = "mean_abs",
    min_pass_rate: float = 1.0,
    generate_kwargs: Mapping[str, Any] | None = None,
) -> CheckResult:
    """Fail when different seeds give (nearly) the same image: the mirror of :func:`assert_reproducible`."""
    __tracebackhide__ = True
    return raise_if_failed(
        measure_seed_sensitive(
            genimg, prompt, seeds, min_distance=min_distance, metric=metric, min_pass_rate=min_pass_rate, generate_kwargs=generate_kwargs
        )
    )

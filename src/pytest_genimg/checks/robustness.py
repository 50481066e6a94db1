"""Prompt robustness: small edits to a prompt keep the image, and hostile prompts break nothing.

``assert_prompt_robust`` regenerates a prompt under deterministic perturbations (case, whitespace, a
typo, punctuation) with the same seed and reports each one's distance to the original image.
``assert_generation_survives`` runs hostile prompts (:func:`fuzz_prompts`) and reports crashes and
broken outputs (non-finite, constant, black).
"""
from __future__ import annotations

import random
from typing import Any, Iterable, Mapping, Sequence

from PIL import Image

from ..errors import GenImgAssertionError, GenImgUsageError, usage
from ..generated import GeneratedVideo
from ..metrics.distance import ROBUST_MAX
from ..metrics.prompts import PERTURBATIONS, FuzzPrompt, perturb
from ..metrics.prompts import fuzz_prompts as hostile_prompts
from ..metrics.validity import output_problems, render_for_review
from ._base import CheckResult, ItemVerdict, from_items, raise_if_failed, require_fraction, require_int, save_artifact
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
)

__all__ = [
    "assert_generation_survives",
    "assert_prompt_robust",
    "fuzz_prompts",
    "hostile_prompts",
    "measure_generation_survives",
    "measure_prompt_robust",
]


def measure_prompt_robust(
    genimg: Any,
    prompt: str,
    *,
    perturbations: Sequence[str] = PERTURBATIONS,
    seed: int = 0,
    max_distance: float | None = None,
    metric: str = "thumb",
    per_kind: int = 1,
    rng_seed: int = 0,
    extra_prompts: Sequence[str] = (),
    min_pass_rate: float = 1.0,
    generate_kwargs: Mapping[str, Any] | None = None,
) -> CheckResult:
    """Each perturbed prompt (same ``seed``) must stay within ``max_distance`` of the original's image.

    Default ``metric``: "thumb", the mean difference of 16x16 colour thumbnails (at most 12 of 255
    levels): layout and colour must stay, fine detail may move. ``per_kind`` variants of each perturbation are drawn from ``random.Random(f"{rng_seed}-{kind}-{i}")``,
    so the edits are the same on every run and machine. ``extra_prompts`` adds paraphrases of your own.
    """
    require_generator(genimg)
    require_prompt("prompt", prompt)
    if isinstance(perturbations, str) or not all(p in PERTURBATIONS for p in perturbations):
        raise usage("perturbations", "a sequence of " + ", ".join(repr(p) for p in PERTURBATIONS), perturbations)
    seed = require_seed("seed", seed)
    limit = resolve_threshold("max_distance", max_distance, metric, ROBUST_MAX)
    require_int("per_kind", per_kind, minimum=1)
    require_int("rng_seed", rng_seed, minimum=0)
    if isinstance(extra_prompts, str) or not all(isinstance(p, str) for p in extra_prompts):
        raise usage("extra_prompts", "a sequence of prompt strings", extra_prompts)
    require_fraction("min_pass_rate", min_pass_rate)
    kwargs = require_kwargs(generate_kwargs)

    variants: list[tuple[str, str]] = []
    notes = []
    for kind in perturbations:
        for i in range(per_kind):
            text = perturb(prompt, kind, random.Random(f"{rng_seed}-{kind}-{i}"))
            if text == prompt:
                notes.append(f"perturbation {kind!r} cannot change this prompt: skipped")
            elif (kind, text) not in variants:
                variants.append((kind, text))
    variants += [("paraphrase", p) for p in extra_prompts if p != prompt]
    if not variants:
        raise usage("prompt", "a prompt the perturbations can change (letters, words)", prompt)

    base = frames_of(generate_fresh(genimg, prompt, seed, kwargs), "genimg.generate(...) result for the original prompt")
    items = []
    for n, (kind, text) in enumerate(variants):
        frames = frames_of(generate_fresh(genimg, text, seed, kwargs), f"genimg.generate(...) result for {kind}")
        d = distance(base, frames, ssim=metric == "ssim")
        value = d.get(metric)
        item = ItemVerdict(f"{kind}: {short(text)}", value <= limit, d.values())
        if not item.passed:
            item.reason = f"{metric} {value:.4g} > {limit:.4g}"
            item.artifact = save_pair(base, frames, f"prompt-robust-{n}-{kind}", f"original | {kind} | difference x8")
        items.append(item)
    key = "1-ssim" if metric == "ssim" else metric
    return from_items(
        "prompt_robust",
        items,
        min_pass_rate=min_pass_rate,
        thresholds={"metric": metric, "max_distance": limit},
        metrics={"max_distance_seen": max(it.values[key] for it in items)},
        notes=[f"original prompt {short(prompt, 70)}, seed {seed}", *notes],
    )


def assert_prompt_robust(
    genimg: Any,
    prompt: str,
    *,
    perturbations: Sequence[str] = PERTURBATIONS,
    seed: int = 0,
    max_distance: float | None = None,
    metric: str = "thumb",
    per_kind: int = 1,
    rng_seed: int = 0,
    extra_prompts: Sequence[str] = (),
    min_pass_rate: float = 1.0,
    generate_kwargs: Mapping[str, Any] | None = None,
) -> CheckResult:
    """Fail when a trivial edit of ``prompt`` (case, whitespace, typo, punctuation) changes the image."""
    __tracebackhide__ = True
    return raise_if_failed(
        measure_prompt_robust(
            genimg, prompt, perturbations=perturbations, seed=seed, max_distance=max_distance, metric=metric,
            per_kind=per_kind, rng_seed=rng_seed, extra_prompts=extra_prompts, min_pass_rate=min_pass_rate,
            generate_kwargs=generate_kwargs,
        )
    )


def fuzz_prompts(*, max_tokens: int = 77) -> list[Any]:
    """Hostile prompts as ``pytest.param(text, id=name)``, for ``@pytest.mark.parametrize("prompt", ...)``.

    The plain list (name, text, why) is :func:`hostile_prompts`.
    """
    import pytest

    return [pytest.param(p.text, id=p.name) for p in hostile_prompts(max_tokens=max_tokens)]


def _named(prompts: Any) -> list[tuple[str, str]]:
    """str / FuzzPrompt / pytest.param(str) or a sequence of them -> [(label, text)]."""
    if prompts is None:
        return [(p.name, p.text) for p in hostile_prompts()]
    single = isinstance(prompts, (str, FuzzPrompt)) or (hasattr(prompts, "values") and hasattr(prompts, "marks"))
    out = []
    for i, p in enumerate([prompts] if single else list(prompts) if isinstance(prompts, Iterable) else [prompts]):
        if isinstance(p, FuzzPrompt):
            out.append((p.name, p.text))
        elif isinstance(p, str):
            out.append((short(p, 40), p))
        elif hasattr(p, "values") and hasattr(p, "marks") and len(p.values) == 1 and isinstance(p.values[0], str):
            out.append((p.id or short(p.values[0], 40), p.values[0]))
        else:
            raise usage(f"prompts[{i}]" if not single else "prompts", "a prompt string, FuzzPrompt or pytest.param(str)", p)
    if not out:
        raise usage("prompts", "at least one prompt (or None for the built-in hostile set)", prompts)
    return out


def _output_items(output: Any) -> list[Any]:
    if isinstance(output, GeneratedVideo):
        return list(output.frames)
    if isinstance(output, (list, tuple)):
        return list(output) or [None]
    if getattr(output, "ndim", 0) == 4:
        return list(output)
    return [output]


def _broken(output: Any, label: str) -> tuple[list[str], str | None]:
    """(problems, artifact path) of one generate() result, judged on the raw output (NaN included)."""
    problems: list[str] = []
    for i, item in enumerate(_output_items(output)):
        try:
            found = output_problems(item, argument="generate() result")
        except GenImgUsageError as exc:
            return [str(exc)], None
        if found:
            problems.extend(found)
            return problems, save_artifact(Image.fromarray(render_for_review(item)), f"survives-{label}-{i}", f"broken output for {label}")
    return problems, None


def measure_generation_survives(
    genimg: Any,
    prompts: Any = None,
    *,
    seed: int = 0,
    allowed_errors: tuple[type[BaseException], ...] = (),
    min_pass_rate: float = 1.0,
    generate_kwargs: Mapping[str, Any] | None = None,
) -> CheckResult:
    """Generate each prompt (default: every :func:`hostile_prompts`); report crashes and broken outputs.

    An exception of a type in ``allowed_errors`` counts as a graceful refusal, not a crash.
    """
    require_generator(genimg)
    named = _named(prompts)
    seed = require_seed("seed", seed)
    if not isinstance(allowed_errors, tuple) or not all(isinstance(t, type) and issubclass(t, BaseException) for t in allowed_errors):
        raise usage("allowed_errors", "a tuple of exception classes, e.g. (ValueError,)", allowed_errors)
    require_fraction("min_pass_rate", min_pass_rate)
    kwargs = require_kwargs(generate_kwargs)
    items = []
    for label, text in named:
        values: dict[str, Any] = {"chars": len(text)}
        try:
            output = genimg.generate(text, seed=seed, **kwargs)  # the cache path too: users' runs take it
        except allowed_errors as exc:
            items.append(ItemVerdict(label, True, {**values, "outcome": "refused"}, reason=_exc(exc)))
            continue
        except GenImgAssertionError as exc:  # the generator's own output check (--genimg-check-outputs)
            items.append(ItemVerdict(label, False, {**values, "outcome": "broken"}, reason=_exc(exc)))
            continue
        except Exception as exc:  # noqa: BLE001 - any other exception is exactly what this check reports
            items.append(ItemVerdict(label, False, {**values, "outcome": "crashed"}, reason=_exc(exc)))
            continue
        problems, artifact = _broken(output, label)
        outcome = "broken" if problems else "ok"
        items.append(ItemVerdict(label, not problems, {**values, "outcome": outcome}, reason="; ".join(problems), artifact=artifact))
    counts = {o: sum(it.values["outcome"] == o for it in items) for o in ("ok", "refused", "crashed", "broken")}
    return from_items(
        "generation_survives",
        items,
        min_pass_rate=min_pass_rate,
        metrics={f"{k}_count": v for k, v in counts.items()},
        notes=[f"seed {seed}; allowed errors: {', '.join(t.__name__ for t in allowed_errors) or 'none'}"],
    )


def assert_generation_survives(
    genimg: Any,
    prompts: Any = None,
    *,
    seed: int = 0,
    allowed_errors: tuple[type[BaseException], ...] = (),
    min_pass_rate: float = 1.0,
    generate_kwargs: Mapping[str, Any] | None = None,
) -> CheckResult:
    """Fail when a (hostile) prompt crashes the pipeline or yields a non-finite or blank image."""
    __tracebackhide__ = True
    return raise_if_failed(
        measure_generation_survives(
            genimg, prompts, seed=seed, allowed_errors=allowed_errors, min_pass_rate=min_pass_rate, generate_kwargs=generate_kwargs
        )
    )


def _exc(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0][:160] if text else ''}"

"""Prompt alignment: does each image show what its prompt asked for, by CLIP image-text similarity?

Two measures per image: CLIPScore as HEIM reports it (torchmetrics: ``100 * max(cos, 0)``), and,
stricter, the rank of the true prompt among distractor prompts (1 = the true prompt fits best).
Over the set, ``mean_clip_score`` is what torchmetrics' ``clip_score`` returns for all the images
at once: the mean of the raw ``100 * cos``, clamped at 0 afterwards (not the mean of the per-image
scores, which are clamped one by one and can only be higher).
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from ..backends.embedders import checked_embeddings, resolve_embedder
from ..errors import usage
from ..images import InputImage, as_images
from ._base import (
    CheckResult,
    ItemVerdict,
    from_items,
    raise_if_failed,
    require_fraction,
    require_int,
    save_artifact,
)

# A starting point, not calibrated here (the offline tests only have random weights): published
# CLIPScores with openai/clip-vit-large-patch14 put matching captions around 25-35 and unrelated
# ones lower. Calibrate on your checkpoint, or prefer ranking against distractors.
DEFAULT_MIN_SCORE = 20.0


def clip_score(cosine: np.ndarray | float) -> np.ndarray:
    """CLIPScore as torchmetrics and HEIM compute it: ``100 * max(cos, 0)`` (0..100)."""
    return 100.0 * np.maximum(np.asarray(cosine, dtype=np.float64), 0.0)


def mean_clip_score(cosines: np.ndarray | Sequence[float]) -> float:
    """CLIPScore of a set as torchmetrics computes it: ``max(100 * mean(cos), 0)``."""
    return float(max(100.0 * float(np.mean(np.asarray(cosines, dtype=np.float64))), 0.0))


def prompt_rank(cosines: np.ndarray) -> int:
    """Rank of column 0 (the true prompt) among all columns: 1 + how many score strictly higher."""
    c = np.asarray(cosines, dtype=np.float64)
    return int(1 + np.sum(c[1:] > c[0]))


def _prompts(ims: list[InputImage], prompt: Any) -> list[str]:
    if prompt is None:
        found = [im.meta.get("prompt") for im in ims]
        missing = [im.label for im, p in zip(ims, found) if not isinstance(p, str) or not p.strip()]
        if missing:
            raise usage("prompt", "a prompt string (images without their own prompt: " + ", ".join(missing[:5]) + ")", None)
        return [str(p) for p in found]
    if not isinstance(prompt, str) or not prompt.strip():
        raise usage("prompt", "a non-empty prompt string (or None to use each GeneratedImage's own prompt)", prompt)
    return [prompt] * len(ims)


def _distractors(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str) or not isinstance(value, Sequence):
        raise usage("distractors", "a list of prompt strings", value)
    items = list(value)
    if not all(isinstance(d, str) and d.strip() for d in items):
        raise usage("distractors", "a list of non-empty prompt strings", value)
    return items


def measure_prompt_alignment(
    images: Any,
    prompt: str | None = None,
    *,
    min_score: float | None = DEFAULT_MIN_SCORE,
    distractors: Sequence[str] | None = None,
    max_rank: int = 1,
    model: Any = None,
    min_pass_rate: float = 1.0,
) -> CheckResult:
    """Score each image against its prompt; see :func:`assert_prompt_aligned`."""
    ims = as_images(images)
    require_fraction("min_pass_rate", min_pass_rate)
    if min_score is not None and (
        isinstance(min_score, bool) or not isinstance(min_score, (int, float)) or not 0 <= min_score <= 100
    ):
        raise usage("min_score", "a CLIPScore threshold in [0, 100] or None", min_score)
    prompts = _prompts(ims, prompt)
    others = _distractors(distractors)
    require_int("max_rank", max_rank, minimum=1)
    if min_score is None and not others:
        raise usage("min_score", "a threshold, or distractors= to rank against (both None/empty checks nothing)", None)
    # One candidate list can serve images of several prompts: each image skips its own prompt.
    per_image = [[d for d in others if d != p] for p in prompts]
    fewest = min(len(c) for c in per_image)
    if others and fewest == 0:
        raise usage("distractors", "at least one prompt other than the true prompt", others)
    if others and max_rank > fewest:
        raise usage("max_rank", f"at most the number of distractors ({fewest}): rank {fewest + 1} is last place", max_rank)
    embedder = resolve_embedder(model, "model", need_text=True)
    name = getattr(embedder, "name", type(embedder).__name__)

    unique = list(dict.fromkeys(prompts + others))
    text = checked_embeddings(embedder.embed_texts(unique), len(unique), f"model ({name}).embed_texts")  # type: ignore[attr-defined]
    pix = checked_embeddings(embedder.embed_images([im.pil for im in ims]), len(ims), f"model ({name}).embed_images")
    cos_all = pix @ text.T  # images x unique prompts
    column = {p: k for k, p in enumerate(unique)}

    items = []
    own = [float(cos_all[i, column[p]]) for i, p in enumerate(prompts)]
    for i, (im, p) in enumerate(zip(ims, prompts)):
        mine = per_image[i]
        cos = np.array([own[i]] + [cos_all[i, column[d]] for d in mine])
        score = float(clip_score(cos[0]))
        values: dict[str, Any] = {"clip_score": score}
        reasons = []
        ok = True
        if min_score is not None and score + 1e-9 < min_score:
            ok = False
            reasons.append(f"CLIPScore {score:.1f} < {min_score:g}")
        if others:
            rank = prompt_rank(cos)
            best = int(np.argmax(cos[1:]))
            values["rank"] = f"{rank}/{len(cos)}"
            values["margin"] = float(cos[0] - cos[1 + best])
            if rank > max_rank:
                ok = False
                told = f" for {p!r}" if len(set(prompts)) > 1 else ""
                reasons.append(f"rank {rank} > {max_rank}{told}: {mine[best]!r} fits better")
        items.append(ItemVerdict(im.label, ok, values, "; ".join(reasons)))

    scores = [it.values["clip_score"] for it in items]
    metrics: dict[str, Any] = {"mean_clip_score": mean_clip_score(own), "min_clip_score": float(np.min(scores))}
    if others:
        ranks = [int(it.values["rank"].split("/")[0]) for it in items]
        metrics["top1_rate"] = float(np.mean([r == 1 for r in ranks]))
        metrics["mean_rank"] = float(np.mean(ranks))
    thresholds: dict[str, Any] = {"min_score": min_score, "model": name}
    if others:
        thresholds["max_rank"] = max_rank
        thresholds["distractors"] = len(others)
    notes = []
    if len(set(prompts)) == 1:
        notes.append(f"prompt: {prompts[0]!r}")
    if others:
        notes.append("distractors: " + "; ".join(repr(d) for d in others[:8]) + (" ..." if len(others) > 8 else ""))
    result = from_items("prompt_alignment", items, min_pass_rate=min_pass_rate, thresholds=thresholds, metrics=metrics, notes=notes)
    if not result.passed:
        result.artifacts.extend(_save_artifacts(ims, items, cos_all, unique, prompts))
    return result


def _save_artifacts(ims: list[InputImage], items: list[ItemVerdict], cos_all: np.ndarray, unique: list[str], prompts: list[str]) -> list[str]:
    from ..sheets import contact_sheet, heatmap

    failed = [k for k, it in enumerate(items) if not it.passed]
    labels = [f"{ims[k].label} score {items[k].values['clip_score']:.1f}" + (f" rank {items[k].values['rank']}" if "rank" in items[k].values else "") for k in failed]
    sheet = contact_sheet([ims[k].pil for k in failed], labels, title="prompt alignment: failing images")
    paths = [save_artifact(sheet, "alignment-failures.png", "images that failed prompt alignment")]
    if len(unique) > 1:
        legend = [f"column {k}: {t}" for k, t in enumerate(unique)] + [f"row {k}: {im.label}, prompt column {unique.index(p)}" for k, (im, p) in enumerate(zip(ims, prompts))]
        heat = heatmap(cos_all, legend, vmin=min(0.0, float(cos_all.min())), vmax=max(float(cos_all.max()), 1e-6), title="cosine of each image (row) with each prompt (column)")
        paths.append(save_artifact(heat, "alignment-prompts.png", "image-prompt similarity"))
    return paths


def assert_prompt_aligned(
    images: Any,
    prompt: str | None = None,
    *,
    min_score: float | None = DEFAULT_MIN_SCORE,
    distractors: Sequence[str] | None = None,
    max_rank: int = 1,
    model: Any = None,
    min_pass_rate: float = 1.0,
) -> CheckResult:
    """Fail when images do not match their prompt by CLIP similarity.

    Each image passes when its CLIPScore (``100 * max(cos, 0)``, as HEIM and torchmetrics define
    it) is at least ``min_score`` and, given ``distractors`` (prompts that differ in the detail
    under test: "a blue cube" against "a red cube"; an image skips a distractor equal to its own
    prompt, so one list can serve several prompts), when the true prompt ranks within
    ``max_rank`` of them — stricter and model-independent, because raw CLIPScores shift from one
    checkpoint to another. ``prompt=None`` uses each GeneratedImage's own prompt.
    ``model``: a CLIP folder or hub id (``openai/clip-vit-large-patch14`` as HEIM uses, or
    ``openai/clip-vit-base-patch32``), an object with ``embed_images``/``embed_texts``, or None for
    the ``GENIMG_CLIP_MODEL`` environment variable. Prompts past 77 tokens are truncated.
    ``metrics["mean_clip_score"]`` is torchmetrics' CLIPScore of the whole set (the mean of raw
    ``100 * cos``, clamped at 0); ``min_clip_score`` the lowest per-image score.
    """
    __tracebackhide__ = True
    return raise_if_failed(
        measure_prompt_alignment(
            images, prompt, min_score=min_score, distractors=distractors, max_rank=max_rank, model=model, min_pass_rate=min_pass_rate
        )
    )

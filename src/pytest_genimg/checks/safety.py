"""Unsafe content: a hook that runs the user's own content classifier over generated images.

No classifier ships with pytest-genimg (none is usable offline without downloading weights); plug
in any callable with this interface::

    classifier(images: list[PIL.Image.Image]) -> Sequence[Mapping[str, float]]

one mapping per image, category name -> score in [0, 1] (1 = certainly unsafe). What it does not
cover: its verdicts are only as good as the classifier and its thresholds; categories the classifier
does not score are not checked; and artifacts of flagged images are pixelated on purpose.
"""
from __future__ import annotations

import math
from typing import Any, Callable, Mapping, Sequence

from PIL import Image, ImageFilter

from ..errors import usage
from ..images import as_images
from ._base import CheckResult, ItemVerdict, from_items, raise_if_failed, require_fraction, save_artifact

Classifier = Callable[[list[Image.Image]], Sequence[Mapping[str, float]]]
DEFAULT_MAX_SCORE = 0.5
_PIXELS = 12  # flagged images are saved as 12 px mosaics: enough to find them, not to show them


def _scores(classifier: Classifier, images: list[Image.Image]) -> list[dict[str, float]]:
    name = getattr(classifier, "__name__", type(classifier).__name__)
    raw = classifier(images)
    try:
        rows = list(raw)
    except TypeError:
        raise usage(f"classifier {name}", "a sequence of mappings (one per image)", raw) from None
    if len(rows) != len(images):
        raise usage(f"classifier {name}", f"{len(images)} score mappings (one per image)", f"{len(rows)}")
    out = []
    for i, row in enumerate(rows):
        if not isinstance(row, Mapping) or not row:
            raise usage(f"classifier {name} result[{i}]", "a non-empty mapping of category -> score", row)
        scores = {}
        for key, value in row.items():
            ok = isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value) and 0.0 <= value <= 1.0
            if not ok:
                raise usage(f"classifier {name} result[{i}][{key!r}]", "a score in [0, 1]", value)
            scores[str(key)] = float(value)
        out.append(scores)
    return out


def _mosaic(image: Image.Image) -> Image.Image:
    small = image.filter(ImageFilter.GaussianBlur(4)).resize((_PIXELS, _PIXELS), Image.Resampling.BOX)
    return small.resize((256, 256), Image.Resampling.NEAREST)


def measure_safety(
    images: Any,
    classifier: Classifier,
    *,
    max_score: float | Mapping[str, float] = DEFAULT_MAX_SCORE,
    min_pass_rate: float = 1.0,
) -> CheckResult:
    """Score each image with ``classifier``; see :func:`assert_safe`."""
    if not callable(classifier):
        raise usage("classifier", "a callable: classifier(list of PIL images) -> one {category: score} per image", classifier)
    limits = dict(max_score) if isinstance(max_score, Mapping) else None
    if limits is None:
        require_fraction("max_score", max_score)
    else:
        for key, value in limits.items():
            require_fraction(f"max_score[{key!r}]", value)
    require_fraction("min_pass_rate", min_pass_rate)
    ims = as_images(images)
    all_scores = _scores(classifier, [im.pil for im in ims])
    items = []
    for im, scores in zip(ims, all_scores):
        checked = {k: v for k, v in scores.items() if limits is None or k in limits}
        over = {k: v for k, v in checked.items() if v > (limits[k] if limits is not None else max_score)}
        reason = ", ".join(f"{k} {v:.2f} > {limits[k] if limits is not None else max_score:g}" for k, v in over.items())
        worst = max(checked, key=checked.get) if checked else ""
        item = ItemVerdict(im.label, not over, {"worst_category": worst, "worst_score": checked.get(worst, 0.0)}, reason)
        if over:
            item.artifact = save_artifact(_mosaic(im.pil), f"unsafe-{im.index}", f"flagged {im.label} (pixelated)")
        items.append(item)
    thresholds: dict[str, Any] = {f"max_{k}": v for k, v in limits.items()} if limits is not None else {"max_score": max_score}
    return from_items("safety", items, min_pass_rate=min_pass_rate, thresholds=thresholds)


def assert_safe(
    images: Any,
    classifier: Classifier,
    *,
    max_score: float | Mapping[str, float] = DEFAULT_MAX_SCORE,
    min_pass_rate: float = 1.0,
) -> CheckResult:
    """Fail when ``classifier`` scores an image above ``max_score`` in any category.

    ``classifier(images) -> [{category: score in [0, 1]}, ...]``, one mapping per image (batch call).
    ``max_score``: one bound for every category, or a mapping of category -> bound (only those
    categories are checked). Flagged images are saved as pixelated mosaics, not as they are.
    """
    __tracebackhide__ = True
    return raise_if_failed(measure_safety(images, classifier, max_score=max_score, min_pass_rate=min_pass_rate))

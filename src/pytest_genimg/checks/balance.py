"""Skewed attributes: across seeds, an attribute the prompt leaves open (gender, age, skin tone,
style) should follow an expected distribution, uniform by default.

A pluggable classifier labels each image; the label counts are tested against the expected shares
with Pearson's chi-square, and the largest deviation in share is reported. The check fails only
when a deviation is both significant (p < alpha) and large (> max_deviation).
"""
from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping, Sequence
from typing import Any

from ..errors import GenImgUsageError, usage
from ..images import InputImage, as_images
from ..metrics.balance import BalanceTest, chi_square_test, normalise_expected
from ._base import (
    CheckResult,
    ItemVerdict,
    finish,
    raise_if_failed,
    require_fraction,
    save_artifact,
)

DEFAULT_MAX_DEVIATION = 0.15
# alpha 0.01, not 0.05: a suite runs many checks, and a fair generator should fail rarely.
DEFAULT_ALPHA = 0.01


def _expected(expected: Any, classifier: Any) -> dict[Hashable, float]:
    if expected is None:
        labels = getattr(classifier, "labels", None)
        if labels is None:
            raise usage(
                "expected",
                "the label set (a list for uniform shares, or a dict label -> share) when the classifier has no "
                "`labels` attribute: labels that never occur would otherwise go unnoticed",
                None,
            )
        expected = list(labels)
    if isinstance(expected, Mapping):
        try:
            return normalise_expected(expected)
        except (TypeError, ValueError):
            raise usage("expected", "a dict label -> non-negative share, not all zero", expected) from None
    if isinstance(expected, (str, bytes)) or not isinstance(expected, Sequence):
        raise usage("expected", "a list of labels (uniform) or a dict label -> share", expected)
    labels = list(expected)
    if len(labels) < 2 or len(set(labels)) != len(labels):
        raise usage("expected", "at least two distinct labels", expected)
    return {label: 1.0 / len(labels) for label in labels}


def _classify(classifier: Any, ims: list[InputImage]) -> list[Hashable]:
    pils = [im.pil for im in ims]
    batch = getattr(classifier, "classify", None)
    try:
        labels = list(batch(pils)) if callable(batch) else [classifier(p) for p in pils]
    except GenImgUsageError:
        raise
    except Exception as exc:
        raise GenImgUsageError(f"classifier: raised {type(exc).__name__}: {exc}") from exc
    if len(labels) != len(ims):
        raise usage("classifier", f"one label per image ({len(ims)})", f"{len(labels)} labels")
    for label in labels:
        if not isinstance(label, Hashable) or label is None:
            raise usage("classifier", "a hashable label (str, int, ...) per image", label)
    return labels


def measure_balance(
    images: Any,
    classifier: Callable[[Any], Hashable],
    *,
    expected: Sequence[Hashable] | Mapping[Hashable, float] | None = None,
    max_deviation: float = DEFAULT_MAX_DEVIATION,
    alpha: float = DEFAULT_ALPHA,
    attribute: str = "attribute",
) -> CheckResult:
    """Label each image and compare the label distribution with the expected one; see :func:`assert_balanced`."""
    ims = as_images(images, min_count=2)
    if not callable(classifier) and not callable(getattr(classifier, "classify", None)):
        raise usage("classifier", "a callable image -> label (or an object with classify(images))", classifier)
    require_fraction("max_deviation", max_deviation)
    require_fraction("alpha", alpha)
    if not isinstance(attribute, str) or not attribute.strip():
        raise usage("attribute", "a non-empty name for what is classified, e.g. 'gender'", attribute)
    shares = _expected(expected, classifier)
    labels = _classify(classifier, ims)
    test = chi_square_test(labels, shares)
    largest = test.largest
    significant = test.p_value < alpha
    too_large = abs(largest.deviation) > max_deviation + 1e-12
    passed = not test.unexpected and not (significant and too_large)

    items = [
        ItemVerdict(
            f"{attribute}={row.label}",
            passed or abs(row.deviation) <= max_deviation + 1e-12 and row.label not in test.unexpected,
            {"count": row.observed, "share": row.observed_share, "expected": row.expected_share, "deviation": row.deviation},
            "not an expected label" if row.label in test.unexpected else "deviation beyond max_deviation",
        )
        for row in sorted(test.rows, key=lambda r: -abs(r.deviation))
    ]
    notes = [_verdict_note(test, alpha, max_deviation, significant, too_large)]
    notes.append("per image: " + ", ".join(f"{im.label}={lab}" for im, lab in zip(ims[:32], labels)) + (" ..." if len(ims) > 32 else ""))
    headline = (
        f"{attribute} over {len(ims)} images: chi-square {test.chi2:.3g} (df {test.dof}, p={test.p_value:.3g}, alpha {alpha:g}); "
        f"largest deviation {largest.deviation:+.3f} for {largest.label!r} (max {max_deviation:g})"
    )
    artifacts = [] if passed else [_save_sheet(ims, labels, attribute)]
    return finish(
        CheckResult(
            check="balance",
            passed=passed,
            metrics={"count": len(ims), "chi2": test.chi2, "p_value": test.p_value, "max_abs_deviation": abs(largest.deviation), "labels_seen": sum(r.observed > 0 for r in test.rows)},
            thresholds={"alpha": alpha, "max_deviation": max_deviation, "expected": {str(k): round(v, 4) for k, v in shares.items()}},
            items=items,
            artifacts=artifacts,
            notes=notes,
            headline=headline,
        )
    )


def _verdict_note(test: BalanceTest, alpha: float, max_deviation: float, significant: bool, too_large: bool) -> str:
    if test.unexpected:
        return f"classifier returned labels outside the expected set: {', '.join(map(repr, test.unexpected))}"
    if too_large and not significant:
        return (
            f"the deviation exceeds {max_deviation:g} but is not significant (p={test.p_value:.3g} >= {alpha:g}) with only "
            f"{test.total} images: it may be chance; generate more images to tell"
        )
    if significant and not too_large:
        return f"significant (p={test.p_value:.3g}) but every deviation is within {max_deviation:g}: tolerated"
    if significant:
        return "significant and larger than max_deviation: the distribution is skewed"
    return "consistent with the expected distribution"


def _save_sheet(ims: list[InputImage], labels: list[Hashable], attribute: str) -> str:
    from ..sheets import contact_sheet

    order = sorted(range(len(ims)), key=lambda k: str(labels[k]))  # group by label
    sheet = contact_sheet([ims[k].pil for k in order], [f"{ims[k].label}: {labels[k]}" for k in order], title=f"{attribute} per image (grouped)")
    return save_artifact(sheet, "balance-labels.png", f"{attribute} per image")


def assert_balanced(
    images: Any,
    classifier: Callable[[Any], Hashable],
    *,
    expected: Sequence[Hashable] | Mapping[Hashable, float] | None = None,
    max_deviation: float = DEFAULT_MAX_DEVIATION,
    alpha: float = DEFAULT_ALPHA,
    attribute: str = "attribute",
) -> CheckResult:
    """Fail when an attribute's distribution over the images is skewed.

    ``classifier``: any callable image -> label (or an object with ``classify(images)``), e.g.
    :func:`pytest_genimg.backends.embedders.clip_zero_shot` over ``["a man", "a woman"]``.
    ``expected``: a list of labels (uniform) or a dict label -> share; None uses the
    classifier's ``labels``. Fails when the chi-square p-value is below ``alpha`` (default 0.01)
    and some label's share is off by more than ``max_deviation`` (default 0.15), or when the
    classifier returns a label outside ``expected``. With 16 images and two labels a 14-2 split
    fails (p=0.003) and 13-3 passes (p=0.012): small sets only catch strong skews.
    """
    __tracebackhide__ = True
    return raise_if_failed(
        measure_balance(images, classifier, expected=expected, max_deviation=max_deviation, alpha=alpha, attribute=attribute)
    )

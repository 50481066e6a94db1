"""Turn the two sides of a comparison into validated, paired per-item values.

A side is a ``CheckResult`` (its per-item verdicts and values) or a mapping of item keys to a bool
(pass/fail), a number, or a mapping of metric names to values. Items pair by key (``"seed=3"`` for
a check over generated images) or, with ``pairs="order"``, by position.
"""
from __future__ import annotations

import math
import numbers
import re
import warnings
from dataclasses import dataclass, field
from typing import Any, Mapping, Sequence

from ..errors import usage

PASSED = "passed"
_INDEX = re.compile(r"^#\d+\s+")


class VacuousComparisonWarning(UserWarning):
    """Candidate and baseline are the same model on the same seeds: the comparison cannot fail."""


@dataclass
class Side:
    """One side's items, in order: key -> {metric: value}, the check's name and item reasons."""

    name: str  # "candidate" or "baseline", for messages
    keys: list[str]
    values: dict[str, dict[str, Any]]
    check: str | None = None
    reasons: dict[str, str] = field(default_factory=dict)


def _key_of(label: str) -> str:
    # "#3 seed=7" -> "seed=7": a check's position prefix is not part of what the item is.
    return _INDEX.sub("", label) or label


def read_side(obj: Any, name: str) -> Side:
    from ..checks._base import CheckResult

    if isinstance(obj, CheckResult):
        keys, values, reasons = [], {}, {}
        for item in obj.items:
            key = _key_of(str(item.label))
            if key in values:
                raise usage(name, "a CheckResult whose items have distinct labels (one per prompt and seed)",
                            f"{obj.check} with item {key!r} twice")
            keys.append(key)
            values[key] = {PASSED: bool(item.passed), **item.values}
            reasons[key] = item.reason
        return Side(name, keys, values, obj.check, reasons)
    if isinstance(obj, Mapping):
        keys, values = [], {}
        for raw_key, value in obj.items():
            key = str(raw_key)
            if isinstance(value, Mapping):
                row = {str(k): v for k, v in value.items()}
            elif isinstance(value, bool):
                row = {PASSED: value}
            else:
                row = {"value": value}
            keys.append(key)
            values[key] = row
        return Side(name, keys, values)
    raise usage(name, "a CheckResult or a mapping of item keys to per-item values", obj)


def check_same_check(candidate: Side, baseline: Side) -> None:
    if candidate.check is not None and baseline.check is not None and candidate.check != baseline.check:
        raise usage("baseline", f"a result of the same check as candidate ({candidate.check!r})", baseline.check)
    if (candidate.check is None) != (baseline.check is None):
        raise usage("baseline", "the same kind of input as candidate (both CheckResults or both mappings)",
                    "a CheckResult" if baseline.check is not None else "a mapping")


def pair_keys(candidate: Side, baseline: Side, pairs: str) -> list[tuple[str, str]]:
    """(candidate key, baseline key) for every pair, in the candidate's order."""
    if pairs == "order":
        if len(candidate.keys) != len(baseline.keys):
            raise usage("baseline", f"as many items as candidate ({len(candidate.keys)}) to pair by order",
                        f"{len(baseline.keys)} items")
        out = list(zip(candidate.keys, baseline.keys))
    elif pairs == "key":
        missing = [k for k in candidate.keys if k not in baseline.values]
        extra = [k for k in baseline.keys if k not in candidate.values]
        if missing or extra:
            shown = "; ".join(part for part in (
                "only in candidate: " + ", ".join(missing[:8]) if missing else "",
                "only in baseline: " + ", ".join(extra[:8]) if extra else "") if part)
            raise usage("baseline", "the same items as candidate (the same prompts and seeds), so they pair", shown)
        out = [(k, k) for k in candidate.keys]
    else:
        raise usage("pairs", "'key' (same prompt and seed) or 'order' (by position)", pairs)
    if len(out) < 2:
        raise usage("candidate", "at least 2 paired items", f"{len(out)} pair(s)")
    return out


def metric_names(candidate: Side, metrics: Any) -> list[str]:
    if metrics is None:
        first = candidate.values[candidate.keys[0]]
        if candidate.check is not None or PASSED in first:
            return [PASSED]
        return sorted(first)
    names = [metrics] if isinstance(metrics, str) else list(metrics)
    if not names or not all(isinstance(n, str) for n in names):
        raise usage("metrics", "a metric name or a non-empty list of them", metrics)
    if len(set(names)) != len(names):
        raise usage("metrics", "distinct metric names", names)
    return names


def paired_values(candidate: Side, baseline: Side, keys: list[tuple[str, str]], metric: str) -> tuple[list[Any], list[Any]]:
    """The metric's values on both sides, validated: all bools (pass/fail) or all finite numbers."""
    cand, base = [], []
    for side, out, index in ((candidate, cand, 0), (baseline, base, 1)):
        for pair in keys:
            key = pair[index]
            row = side.values[key]
            if metric not in row:
                raise usage("metrics", f"a value every {side.name} item has ({', '.join(sorted(row)) or 'none'})",
                            f"{metric!r} missing on item {key!r}")
            out.append(row[metric])
    if all(isinstance(v, bool) for v in cand + base):
        return cand, base
    for side_name, values, index in (("candidate", cand, 0), ("baseline", base, 1)):
        for pair, value in zip(keys, values):
            if isinstance(value, bool) or not isinstance(value, numbers.Real) or not math.isfinite(float(value)):
                raise usage(f"{side_name}[{pair[index]!r}].{metric}", "a finite number (or pass/fail bools on both sides)", value)
    return [float(v) for v in cand], [float(v) for v in base]


def image_pairs(keys: list[tuple[str, str]], candidate: Side, baseline: Side, candidate_images: Sequence[Any] | None,
                baseline_images: Sequence[Any] | None, pairs: str) -> dict[str, tuple[Any, Any]]:
    """Candidate key -> (baseline image, candidate image), checked to share prompt and seed."""
    if candidate_images is None and baseline_images is None:
        return {}
    if candidate_images is None or baseline_images is None:
        raise usage("candidate_images/baseline_images", "both image lists or neither", "only one")
    for name, images, side in (("candidate_images", candidate_images, candidate), ("baseline_images", baseline_images, baseline)):
        if isinstance(images, (str, bytes)) or not isinstance(images, Sequence) or len(images) != len(side.keys):
            raise usage(name, f"a list of {len(side.keys)} images in the order of the {side.name}'s items", images)
    cand_at = dict(zip(candidate.keys, candidate_images))
    base_at = dict(zip(baseline.keys, baseline_images))
    out = {}
    for ck, bk in keys:
        c, b = cand_at[ck], base_at[bk]
        if pairs == "key":
            for attr in ("prompt", "seed", "negative_prompt"):
                cv, bv = getattr(c, attr, None), getattr(b, attr, None)
                if cv != bv:
                    raise usage("baseline_images", f"the same {attr} as candidate_images for item {ck!r}", f"{bv!r} vs {cv!r}")
        out[ck] = (b, c)
    fingerprints = {getattr(im, "model", None) for pair in out.values() for im in pair}
    same_seeds = all(getattr(b, "seed", None) == getattr(c, "seed", None) for b, c in out.values())
    if len(fingerprints) == 1 and None not in fingerprints and "" not in fingerprints and same_seeds:
        warnings.warn(VacuousComparisonWarning(
            f"candidate and baseline images come from the same model (fingerprint {next(iter(fingerprints))[:16]}) "
            "on the same seeds: the comparison is vacuous"), stacklevel=4)
    return out

"""``measure_regression`` / ``assert_no_regression``: is the candidate worse than the baseline on the
same prompts and seeds, by more than noise and by more than an effect size worth failing for?

Pass/fail items: exact McNemar test on the discordant pairs, Newcombe's interval for the change in
pass rate. Continuous values: the mean paired difference with a t interval, and a one-sided
Wilcoxon signed-rank (or sign) test. A metric regresses when its (Holm-adjusted, for several
metrics) p-value is below ``alpha`` AND its estimated worsening exceeds ``max_drop``.
"""
from __future__ import annotations

import io
import math
import numbers
from dataclasses import dataclass, field
from typing import Any, Mapping, Sequence

from ..checks._base import MAX_LISTED, CheckResult, ItemVerdict, finish, raise_if_failed, require_fraction
from ..errors import usage
from . import paired
from .pairing import PASSED, VacuousComparisonWarning, check_same_check, image_pairs, metric_names, pair_keys, paired_values, read_side

__all__ = ["measure_regression", "assert_no_regression", "RegressionResult", "MetricChange", "VacuousComparisonWarning"]

# Per-item values whose good direction is known; others need direction=.
DIRECTIONS = {PASSED: "higher", "cer": "lower", "blur": "lower", "scale": "higher", "top_octave_ratio": "higher",
              "clip_score": "higher", "margin": "higher", "confidence": "higher", "worst_score": "lower"}
# The default effect size worth failing for, where one is natural: 5 points of pass rate, 0.02 CER.
DEFAULT_MAX_DROP = {PASSED: 0.05, "cer": 0.02, "blur": 0.02, "scale": 0.05}
TESTS = ("wilcoxon", "sign")


@dataclass
class MetricChange:
    """One compared metric: rates or means, the change (candidate - baseline), its 95% interval,
    the one-sided p-value for 'worse', its Holm adjustment and the verdict."""

    metric: str
    kind: str  # "pass rate" or "mean"
    direction: str
    n: int
    baseline: float
    candidate: float
    change: float
    low: float
    high: float
    p_value: float
    test: str
    interval: str
    max_drop: float
    p_adjusted: float = 1.0
    lost: int = 0
    gained: int = 0
    regressed: bool = False

    @property
    def worse_by(self) -> float:
        """How much worse the candidate is, in the metric's units (negative: better)."""
        return -self.change if self.direction == "higher" else self.change

    def as_dict(self) -> dict[str, Any]:
        return {**vars(self), "worse_by": self.worse_by}


@dataclass
class RegressionResult(CheckResult):
    """A :class:`CheckResult` whose ``comparison`` holds every metric's change and the flipped pairs."""

    changes: list[MetricChange] = field(default_factory=list)
    pairs: list[dict[str, Any]] = field(default_factory=list)
    alpha: float = 0.05
    models: dict[str, list[str]] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {**super().to_dict(), "comparison": {
            "alpha": self.alpha, "holm": len(self.changes) > 1, "models": self.models,
            "changes": [c.as_dict() for c in self.changes], "pairs": self.pairs}}

    def message(self) -> str:
        return _message(self)


def _models(images: dict[str, tuple[Any, Any]]) -> dict[str, list[str]]:
    """The model fingerprints behind each side's images (usually one each)."""
    return {role: sorted({str(pair[k].model) for pair in images.values() if getattr(pair[k], "model", None)})
            for k, role in ((0, "baseline"), (1, "candidate"))}


def _per_metric(value: Any, metric: str, default: Any) -> Any:
    if isinstance(value, Mapping):  # its keys were checked against the compared metrics
        return value.get(metric, default)
    return default if value is None else value


def _direction(metric: str, direction: Any) -> str:
    chosen = _per_metric(direction, metric, None)
    if metric == PASSED:
        return "higher"
    chosen = chosen if chosen is not None else DIRECTIONS.get(metric)
    aliases = {"higher": "higher", "higher_is_better": "higher", "lower": "lower", "lower_is_better": "lower"}
    if chosen is None:
        raise usage("direction", f"'higher' or 'lower' for {metric!r} (which way is better is not known)", None)
    if str(getattr(chosen, "value", chosen)) not in aliases:
        raise usage("direction", "'higher' or 'lower'", chosen)
    return aliases[str(getattr(chosen, "value", chosen))]


def _max_drop(metric: str, max_drop: Any) -> float:
    value = _per_metric(max_drop, metric, None)
    if value is None:
        return DEFAULT_MAX_DROP.get(metric, 0.0)
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not math.isfinite(value) or value < 0:
        raise usage("max_drop", "a finite number >= 0 (the smallest worsening worth failing for)", value)
    return float(value)


def compare_values(metric: str, candidate: Sequence[Any], baseline: Sequence[Any], *, direction: str,
                   max_drop: float, test: str = "wilcoxon") -> MetricChange:
    """The statistics for one metric over paired values (bools: pass rates; numbers: means)."""
    n = len(candidate)
    if all(isinstance(v, bool) for v in list(candidate) + list(baseline)):
        counts = paired.paired_counts(candidate, baseline)
        low, high = paired.newcombe_paired(counts)
        return MetricChange(metric, "pass rate", "higher", n, counts.baseline_rate, counts.candidate_rate,
                            counts.change, low, high, paired.mcnemar_exact(counts.lost, counts.gained),
                            "exact McNemar (one-sided)", "Newcombe paired score", max_drop,
                            lost=counts.lost, gained=counts.gained)
    diffs = [c - b for c, b in zip(candidate, baseline)]
    oriented = diffs if direction == "higher" else [-d for d in diffs]
    outcome = paired.wilcoxon_worse(oriented) if test == "wilcoxon" else paired.sign_test_worse(oriented)
    mean, low, high = paired.t_interval(diffs)
    name = "Wilcoxon signed-rank" if test == "wilcoxon" else "sign test"
    return MetricChange(metric, "mean", direction, n, sum(baseline) / n, sum(candidate) / n, mean, low, high,
                        outcome.p_value, f"{name}, {outcome.method} (one-sided)", "paired t", max_drop,
                        lost=sum(d < 0 for d in oriented), gained=sum(d > 0 for d in oriented))


def measure_regression(
    candidate: Any,
    baseline: Any,
    *,
    metrics: str | Sequence[str] | None = None,
    direction: str | Mapping[str, str] | None = None,
    max_drop: float | Mapping[str, float] | None = None,
    alpha: float = 0.05,
    test: str = "wilcoxon",
    pairs: str = "key",
    candidate_images: Sequence[Any] | None = None,
    baseline_images: Sequence[Any] | None = None,
) -> RegressionResult:
    """Compare the candidate's per-item results with the baseline's; see :func:`assert_no_regression`."""
    alpha = require_fraction("alpha", alpha)
    if not 0 < alpha < 1:
        raise usage("alpha", "a significance level in (0, 1), e.g. 0.05", alpha)
    if test not in TESTS:
        raise usage("test", "'wilcoxon' or 'sign'", test)
    cand, base = read_side(candidate, "candidate"), read_side(baseline, "baseline")
    check_same_check(cand, base)
    keys = pair_keys(cand, base, pairs)
    names = metric_names(cand, metrics)
    for option, value in (("direction", direction), ("max_drop", max_drop)):
        if isinstance(value, Mapping) and set(value) - set(names):
            raise usage(option, f"keys among the compared metrics ({', '.join(names)})", sorted(set(value) - set(names)))
    images = image_pairs(keys, cand, base, candidate_images, baseline_images, pairs)
    changes = []
    for metric in names:
        c_vals, b_vals = paired_values(cand, base, keys, metric)
        changes.append(compare_values(metric, c_vals, b_vals, direction=_direction(metric, direction),
                                      max_drop=_max_drop(metric, max_drop), test=test))
    for change, adjusted in zip(changes, paired.holm([c.p_value for c in changes])):
        change.p_adjusted = adjusted
        change.regressed = adjusted < alpha and change.worse_by > change.max_drop + 1e-12
    flips = _flipped(keys, cand, base, names, images)
    check = cand.check or "values"
    result = RegressionResult(
        check=f"regression[{check}]", passed=not any(c.regressed for c in changes),
        metrics={f"{c.metric}.change": c.change for c in changes} | {f"{c.metric}.p": c.p_adjusted for c in changes},
        thresholds={"alpha": alpha} | {f"{c.metric}.max_drop": c.max_drop for c in changes},
        items=flips, changes=changes, pairs=[p for p in (_pair_entry(i, images, cand, base, keys) for i in flips) if p],
        alpha=alpha, models=_models(images), notes=_notes(changes, alpha, len(keys)))
    result.headline = _headline(result)
    return finish(result)


def assert_no_regression(candidate: Any, baseline: Any, **kwargs: Any) -> RegressionResult:
    """Fail when the candidate is worse than the baseline beyond noise and beyond ``max_drop``.

    ``candidate``/``baseline``: ``CheckResult`` s of the same check over the same prompts x seeds, or
    mappings of item keys to a bool, a number or ``{metric: value}``. ``metrics``: which per-item
    values to compare (default: pass/fail); several are Holm-corrected. ``direction``: 'higher' or
    'lower' is better, per metric. ``max_drop``: the smallest worsening worth failing for
    (default 0.05 of pass rate; 0.02 of CER). ``alpha``: significance (default 0.05). Give
    ``candidate_images`` and ``baseline_images`` (in item order) to name and show flipped pairs.
    """
    __tracebackhide__ = True
    return raise_if_failed(measure_regression(candidate, baseline, **kwargs))


def _flipped(keys: list[tuple[str, str]], cand: Any, base: Any, names: list[str], images: dict[str, Any]) -> list[ItemVerdict]:
    items = []
    if PASSED in names:
        for ck, bk in keys:
            was, now = bool(base.values[bk][PASSED]), bool(cand.values[ck][PASSED])
            if was and not now:
                reason = cand.reasons.get(ck) or "failed"
                items.append(ItemVerdict(ck, False, {"baseline": "passed", "candidate": "FAILED"}, f"flipped pass -> fail: {reason}"))
            elif now and not was:
                items.append(ItemVerdict(ck, True, {"baseline": "failed", "candidate": "passed"}, "flipped fail -> pass"))
    return items


def _pair_entry(item: ItemVerdict, images: dict[str, Any], cand: Any, base: Any, keys: list[tuple[str, str]]) -> dict[str, Any] | None:
    pair = images.get(item.label)
    if pair is None or item.passed:
        return None
    saved = {}
    for role, image in zip(("baseline", "candidate"), pair):
        saved[role] = _save(image, f"flip-{item.label}-{role}")
        saved[f"{role}_model"] = getattr(image, "model", None)
    item.artifact = f"baseline {saved['baseline']} | candidate {saved['candidate']}"
    return {"label": item.label, "prompt": getattr(pair[1], "prompt", None), "seed": getattr(pair[1], "seed", None),
            "reason": item.reason, **saved}


def _save(image: Any, stem: str) -> str:
    """Write ``image`` under the test's results folder without listing it as a loose artifact (the
    report shows flipped pairs side by side in the comparison section instead)."""
    from ..images import to_pil
    from ..recording import artifact_path, write_result

    buf = io.BytesIO()
    to_pil(getattr(image, "image", image), "image").save(buf, format="PNG")
    path = artifact_path(stem + ".png")
    write_result(path, buf.getvalue())
    return str(path)


def _fmt(x: float) -> str:
    return f"{x:+.3g}" if math.isfinite(x) else str(x)


def _headline(result: RegressionResult) -> str:
    bad = [c.metric for c in result.changes if c.regressed]
    family = f" (Holm-corrected over {len(result.changes)} metrics, family-wise alpha {result.alpha:g})" if len(result.changes) > 1 else f" (alpha {result.alpha:g})"
    if bad:
        return f"candidate worse than baseline beyond noise and max_drop on {', '.join(bad)}{family}"
    return f"no regression beyond noise and max_drop{family}"


def table(changes: list[MetricChange], alpha: float = 0.05) -> list[str]:
    lines = [f"  {'metric':<14} {'baseline':>9} {'candidate':>9} {'change':>8} {'95% CI':>19} {'p':>8} {'p Holm':>8} {'max_drop':>8}  verdict"]
    for c in changes:
        verdict = "REGRESSED" if c.regressed else ("worse, within noise" if c.worse_by > 0 and c.p_adjusted >= alpha else
                                                   "worse, below max_drop" if c.worse_by > 0 else "not worse")
        ci = f"[{_fmt(c.low)}, {_fmt(c.high)}]"
        lines.append(f"  {c.metric[:14]:<14} {c.baseline:>9.3g} {c.candidate:>9.3g} {_fmt(c.change):>8} {ci:>19} "
                     f"{c.p_value:>8.3g} {c.p_adjusted:>8.3g} {c.max_drop:>8.3g}  {verdict}")
    return lines


def _notes(changes: list[MetricChange], alpha: float, n: int) -> list[str]:
    notes = [f"{c.metric}: {c.test}; 95% interval: {c.interval}; {c.lost} pair(s) worse, {c.gained} better of {n}"
             for c in changes]
    if len(changes) > 1:
        notes.append(f"{len(changes)} metrics compared at once: p-values Holm-adjusted to keep the family-wise error at {alpha:g}")
    return notes


def _message(self: RegressionResult) -> str:
    head = f"{self.check} {'passed' if self.passed else 'failed'}: {self.headline}"
    lines = [head, *table(self.changes, self.alpha)]
    lost = [i for i in self.items if not i.passed]
    if lost:
        lines.append(f"  flipped pass -> fail ({len(lost)} pair(s); baseline image | candidate image):")
        lines.extend(i.line() for i in lost[:MAX_LISTED])
        if len(lost) > MAX_LISTED:
            lines.append(f"  ... {len(lost) - MAX_LISTED} more")
    gained = [i.label for i in self.items if i.passed]
    if gained:
        lines.append(f"  flipped fail -> pass: {', '.join(gained[:MAX_LISTED])}")
    models = self.models
    if models.get("baseline") or models.get("candidate"):
        lines.append("  models: baseline " + ", ".join(m[:16] for m in models["baseline"]) + "; candidate "
                     + ", ".join(m[:16] for m in models["candidate"]))
    lines.extend(f"  note: {n}" for n in self.notes)
    return "\n".join(lines)


"""Label distributions against an expected one: counts, shares, deviations, chi-square test."""
from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class LabelRow:
    label: Hashable
    observed: int
    observed_share: float
    expected_share: float

    @property
    def deviation(self) -> float:
        """Observed minus expected share (positive: over-represented)."""
        return self.observed_share - self.expected_share


@dataclass(frozen=True)
class BalanceTest:
    rows: tuple[LabelRow, ...]
    total: int
    chi2: float
    dof: int
    p_value: float
    unexpected: tuple[Hashable, ...]

    @property
    def largest(self) -> LabelRow:
        return max(self.rows, key=lambda r: (abs(r.deviation), r.observed))


def normalise_expected(expected: Mapping[Hashable, float]) -> dict[Hashable, float]:
    """Shares summing to 1; raises ValueError on negative, non-finite or all-zero weights."""
    weights = {k: float(v) for k, v in expected.items()}
    if not weights or any(not (w >= 0.0) or w == float("inf") for w in weights.values()):
        raise ValueError("expected weights must be finite and non-negative")
    total = sum(weights.values())
    if total <= 0:
        raise ValueError("expected weights must not all be zero")
    return {k: w / total for k, w in weights.items()}


def chi_square_test(labels: Sequence[Hashable], expected: Mapping[Hashable, float]) -> BalanceTest:
    """Pearson's chi-square goodness-of-fit of observed ``labels`` to ``expected`` shares.

    Labels outside ``expected`` (or with expected share 0) make the fit impossible: chi2 = inf, p = 0.
    """
    from scipy.stats import chi2 as chi2_dist

    shares = normalise_expected(expected)
    n = len(labels)
    counts: dict[Hashable, int] = {k: 0 for k in shares}
    for label in labels:
        counts[label] = counts.get(label, 0) + 1
    rows = tuple(
        LabelRow(k, c, c / n if n else 0.0, shares.get(k, 0.0)) for k, c in counts.items()
    )
    unexpected = tuple(r.label for r in rows if r.observed and r.expected_share == 0.0)
    tested = [r for r in rows if r.expected_share > 0]
    dof = len(tested) - 1
    if unexpected:
        stat, p = float("inf"), 0.0
    elif n == 0 or dof < 1:
        stat, p = 0.0, 1.0
    else:
        stat = sum((r.observed - n * r.expected_share) ** 2 / (n * r.expected_share) for r in tested)
        p = float(chi2_dist.sf(stat, dof))
    return BalanceTest(rows, n, float(stat), max(dof, 0), p, unexpected)

"""Paired statistics for candidate-vs-baseline verdicts: exact McNemar, Newcombe's interval for a
paired change in pass rate, Wilcoxon signed-rank and sign tests, t intervals, Holm's correction.

Pure numpy/math (scipy only for the t and normal quantiles), testable without pytest; the unit tests
compare every p-value with scipy's and Holm with statsmodels'.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from itertools import product
from typing import Sequence

import numpy as np

from ..stats import wilson_interval

# With ties or zeros, scipy enumerates all sign flips up to 13 pairs (2**13 < its 9999 resamples).
MAX_ENUMERATED = 13
# scipy's rule: the exact signed-rank distribution (no ties, no zeros) up to 50 pairs.
MAX_EXACT_WILCOXON = 50
# Beyond that, with ties or zeros: random sign flips (scipy's PermutationMethod default count).
MONTE_CARLO_FLIPS = 9999


def binom_tail(k: int, n: int) -> float:
    """P(X >= k) for X ~ Binomial(n, 1/2), exactly (sums of integers)."""
    if k <= 0:
        return 1.0
    if k > n:
        return 0.0
    return sum(math.comb(n, i) for i in range(k, n + 1)) / 2.0 ** n


@dataclass(frozen=True)
class PairedCounts:
    """A 2x2 table of paired verdicts: both passed, only baseline passed (flipped to fail), only
    candidate passed (fixed), both failed."""

    both: int
    lost: int
    gained: int
    neither: int

    @property
    def n(self) -> int:
        return self.both + self.lost + self.gained + self.neither

    @property
    def baseline_rate(self) -> float:
        return (self.both + self.lost) / self.n

    @property
    def candidate_rate(self) -> float:
        return (self.both + self.gained) / self.n

    @property
    def change(self) -> float:
        """Candidate pass rate minus baseline pass rate."""
        return (self.gained - self.lost) / self.n


def paired_counts(candidate: Sequence[bool], baseline: Sequence[bool]) -> PairedCounts:
    both = lost = gained = neither = 0
    for c, b in zip(candidate, baseline):
        if b and c:
            both += 1
        elif b:
            lost += 1
        elif c:
            gained += 1
        else:
            neither += 1
    return PairedCounts(both, lost, gained, neither)


def mcnemar_exact(lost: int, gained: int, alternative: str = "worse") -> float:
    """Exact McNemar p-value: a binomial test of the discordant pairs against 1/2.

    ``worse``: one-sided, the candidate loses more pairs than it gains (as
    ``scipy.stats.binomtest(lost, lost + gained, 0.5, alternative="greater")``); ``two-sided``: as
    ``statsmodels``' ``mcnemar(exact=True)`` (twice the smaller tail, capped at 1).
    """
    n = lost + gained
    if n == 0:
        return 1.0
    if alternative == "worse":
        return binom_tail(lost, n)
    if alternative == "two-sided":
        return min(1.0, 2.0 * binom_tail(max(lost, gained), n))
    raise ValueError(f"alternative: expected 'worse' or 'two-sided', got {alternative!r}")


def newcombe_paired(counts: PairedCounts, z: float = 1.959963984540054) -> tuple[float, float]:
    """95% interval for the paired change in pass rate (candidate - baseline): Newcombe (1998),
    method 10 -- Wilson score intervals of both rates combined with the continuity-corrected phi."""
    n = counts.n
    a, b, c, d = counts.both, counts.gained, counts.lost, counts.neither  # Newcombe's a, b, c, d
    p1, p2 = counts.candidate_rate, counts.baseline_rate
    l1, u1 = wilson_interval(a + b, n, z)
    l2, u2 = wilson_interval(a + c, n, z)
    marginals = (a + b) * (c + d) * (a + c) * (b + d)
    if marginals == 0:
        phi = 0.0
    else:
        num = a * d - b * c
        num = max(num - n / 2.0, 0.0) if num > 0 else num
        phi = num / math.sqrt(marginals)
    delta = p1 - p2
    dl = math.sqrt(max((p1 - l1) ** 2 - 2 * phi * (p1 - l1) * (u2 - p2) + (u2 - p2) ** 2, 0.0))
    du = math.sqrt(max((u1 - p1) ** 2 - 2 * phi * (u1 - p1) * (p2 - l2) + (p2 - l2) ** 2, 0.0))
    return max(-1.0, delta - dl), min(1.0, delta + du)


def _ranks(values: np.ndarray) -> np.ndarray:
    """Average ranks (1-based) of ``values``, ties sharing their mean rank."""
    order = np.argsort(values, kind="mergesort")
    ranks = np.empty(len(values), dtype=float)
    sorted_vals = values[order]
    i = 0
    while i < len(values):
        j = i
        while j + 1 < len(values) and sorted_vals[j + 1] == sorted_vals[i]:
            j += 1
        ranks[order[i:j + 1]] = (i + j) / 2.0 + 1.0
        i = j + 1
    return ranks


def _signed_rank_counts(n: int) -> np.ndarray:
    """counts[s] = number of subsets of {1..n} summing to s (the exact null of W+, times 2**n)."""
    counts = np.zeros(n * (n + 1) // 2 + 1, dtype=np.float64)
    counts[0] = 1.0
    for k in range(1, n + 1):
        counts[k:] = counts[k:] + counts[:-k].copy()
    return counts


@dataclass(frozen=True)
class TestOutcome:
    statistic: float
    p_value: float
    method: str


def wilcoxon_worse(diffs: Sequence[float]) -> TestOutcome:
    """One-sided Wilcoxon signed-rank test that the differences (candidate - baseline, oriented so
    that positive is better) lean negative. Zeros are dropped (Wilcoxon's rule). As scipy's
    ``wilcoxon(d, alternative="less")`` with ``method="auto"``: the exact null without ties or zeros up
    to 50 pairs (the normal approximation beyond); with ties or zeros the sign-flip distribution,
    enumerated exactly up to 13 pairs. Beyond 13 pairs with ties or zeros, where scipy switches to
    the normal approximation, this uses 9,999 random sign flips instead (scipy's
    ``PermutationMethod``), which keeps the level on tied scores. The statistic is W+, the rank sum
    of the positive (better) differences."""
    d = np.asarray(diffs, dtype=float)
    zeros = int(np.count_nonzero(d == 0))
    nz = d[d != 0]
    n = len(nz)
    if n == 0:
        return TestOutcome(0.0, 1.0, "no non-zero differences")
    ranks = _ranks(np.abs(nz))
    w_plus = float(ranks[nz > 0].sum())
    ties = len(np.unique(np.abs(nz))) < n
    if not ties and not zeros and n <= MAX_EXACT_WILCOXON:
        counts = _signed_rank_counts(n)
        p = float(counts[: int(math.ceil(w_plus)) + 1].sum() / 2.0 ** n)
        return TestOutcome(w_plus, min(1.0, p), "exact")
    if n + zeros <= MAX_ENUMERATED:
        signs = np.array(list(product((0.0, 1.0), repeat=n)))
        sums = signs @ ranks
        p = float(np.mean(sums <= w_plus + 1e-9 * max(1.0, abs(w_plus))))
        return TestOutcome(w_plus, p, "exact sign-flip")
    if ties or zeros:
        # The normal approximation over-rejects on heavily tied values (6.4% at alpha 0.05 for 16
        # pairs of 4-level scores in benchmarks/accuracy_regression.py); random sign flips keep the
        # level by construction. A fixed seed keeps the verdict reproducible.
        flips = np.random.default_rng(0).integers(0, 2, (MONTE_CARLO_FLIPS, n)).astype(np.float64)
        hits = int(np.sum(flips @ ranks <= w_plus + 1e-9 * max(1.0, w_plus)))
        return TestOutcome(w_plus, (1 + hits) / (1 + MONTE_CARLO_FLIPS), f"{MONTE_CARLO_FLIPS} random sign flips")
    var = n * (n + 1) * (2 * n + 1) / 24.0
    zval = (w_plus - n * (n + 1) / 4.0) / math.sqrt(var)
    return TestOutcome(w_plus, float(_norm_cdf(zval)), "normal approximation")


def sign_test_worse(diffs: Sequence[float]) -> TestOutcome:
    """One-sided sign test: more negative than positive differences (zeros dropped), exactly."""
    d = np.asarray(diffs, dtype=float)
    worse, better = int(np.sum(d < 0)), int(np.sum(d > 0))
    return TestOutcome(float(worse), binom_tail(worse, worse + better), "exact binomial")


def _norm_cdf(z: float) -> float:
    return 0.5 * math.erfc(-z / math.sqrt(2.0))


def t_interval(diffs: Sequence[float], confidence: float = 0.95) -> tuple[float, float, float]:
    """Mean of the paired differences and its two-sided t interval: (mean, low, high)."""
    from scipy.stats import t as student_t

    d = np.asarray(diffs, dtype=float)
    mean = float(d.mean())
    if len(d) < 2:
        return mean, -math.inf, math.inf
    half = float(student_t.ppf(0.5 + confidence / 2, len(d) - 1)) * float(d.std(ddof=1)) / math.sqrt(len(d))
    return mean, mean - half, mean + half


def holm(p_values: Sequence[float]) -> list[float]:
    """Holm's step-down adjusted p-values (family-wise error control), in the input's order."""
    m = len(p_values)
    order = sorted(range(m), key=lambda i: p_values[i])
    adjusted = [0.0] * m
    running = 0.0
    for rank, i in enumerate(order):
        running = max(running, min(1.0, (m - rank) * p_values[i]))
        adjusted[i] = running
    return adjusted

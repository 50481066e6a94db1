"""Pass-rate statistics (Wilson intervals) and summaries of repeated measurements."""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Sequence

_Z95 = 1.959963984540054


def wilson_interval(successes: int, n: int, z: float = _Z95) -> tuple[float, float]:
    """95% Wilson score interval for a binomial proportion; (0, 1) when n == 0."""
    if n <= 0:
        return 0.0, 1.0
    p = successes / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return max(0.0, centre - half), min(1.0, centre + half)


@dataclass(frozen=True)
class PassRate:
    passed: int
    total: int
    required: float

    @property
    def rate(self) -> float:
        return self.passed / self.total if self.total else 0.0

    @property
    def ok(self) -> bool:
        # A tiny epsilon keeps 3/4 >= 0.75 exact despite float division.
        return self.total > 0 and self.rate + 1e-12 >= self.required

    def describe(self) -> str:
        lo, hi = wilson_interval(self.passed, self.total)
        return (
            f"{self.passed}/{self.total} passed (rate {self.rate:.2f}, 95% CI {lo:.2f}-{hi:.2f}; "
            f"required >= {self.required:.2f})"
        )


def percentile(values: Sequence[float], q: float) -> float:
    """Linear-interpolated percentile, q in [0, 100] (numpy's default method)."""
    if not values:
        raise ValueError("percentile of an empty sequence")
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q / 100.0
    lo = math.floor(pos)
    hi = math.ceil(pos)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (pos - lo)


@dataclass(frozen=True)
class SampleSummary:
    samples: tuple[float, ...]

    @property
    def min(self) -> float:
        return min(self.samples)

    @property
    def max(self) -> float:
        return max(self.samples)

    @property
    def median(self) -> float:
        return percentile(self.samples, 50)

    @property
    def p90(self) -> float:
        return percentile(self.samples, 90)

    @property
    def mean(self) -> float:
        return sum(self.samples) / len(self.samples)

    @property
    def cv(self) -> float:
        """Coefficient of variation (population standard deviation / mean)."""
        m = self.mean
        if m == 0:
            return 0.0
        var = sum((s - m) ** 2 for s in self.samples) / len(self.samples)
        return math.sqrt(var) / m

    def statistic(self, name: str) -> float:
        return {"median": self.median, "p90": self.p90, "max": self.max, "min": self.min, "mean": self.mean}[name]

"""Two-sample comparison of image sets (not paired): kernel MMD with a permutation p-value, and the
shift of each per-image metric's mean, all judged on the same label permutations.

Kernel: Gaussian, k(x, y) = exp(-|x - y|^2 / (2 h^2)), with h the median of the pairwise Euclidean
distances in the pooled sample (the median heuristic of Gretton et al. 2012; for perceptual-hash
bits |x - y|^2 is the Hamming distance). The bandwidth depends only on the pooled sample, which a
permutation does not change, so the permutation test keeps its exact level. The statistic is the
biased (V-statistic) MMD^2. p-values are (1 + #{permuted >= observed}) / (1 + B), or exact when
all relabellings are fewer than B.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from itertools import combinations
from typing import Mapping, Sequence

import numpy as np

DEFAULT_PERMUTATIONS = 1000
_REL_TOL = 1e-12  # a permuted statistic equal to the observed one up to float noise counts as >=


def median_bandwidth(sq_dist: np.ndarray) -> float:
    """h for the Gaussian kernel: the median pairwise distance (off-diagonal), 1.0 if all are equal."""
    n = sq_dist.shape[0]
    upper = sq_dist[np.triu_indices(n, k=1)]
    h = float(np.sqrt(np.median(upper))) if upper.size else 0.0
    return h if h > 0 else 1.0


def squared_distances(features: np.ndarray) -> np.ndarray:
    x = np.asarray(features, dtype=np.float64)
    norms = np.einsum("ij,ij->i", x, x)
    d = norms[:, None] + norms[None, :] - 2.0 * x @ x.T
    np.fill_diagonal(d, 0.0)
    return np.maximum(d, 0.0)


def gaussian_kernel(features: np.ndarray) -> tuple[np.ndarray, float]:
    sq = squared_distances(features)
    h = median_bandwidth(sq)
    return np.exp(-sq / (2.0 * h * h)), h


def mmd2(kernel: np.ndarray, n_new: int) -> float:
    """Biased MMD^2 between the first ``n_new`` rows and the rest of a pooled kernel matrix."""
    w = _weights(kernel.shape[0], n_new)
    return float(w @ kernel @ w)


def _weights(total: int, n_new: int) -> np.ndarray:
    w = np.full(total, -1.0 / (total - n_new))
    w[:n_new] = 1.0 / n_new
    return w


def _label_sets(total: int, n_new: int, permutations: int, rng: np.random.Generator) -> tuple[np.ndarray, bool]:
    """Boolean (B, total) masks of the 'new' group: every relabelling when there are at most B of
    them (exact test, the observed labelling included), else B random ones."""
    if math.comb(total, n_new) <= permutations:
        masks = np.zeros((math.comb(total, n_new), total), dtype=bool)
        for row, chosen in enumerate(combinations(range(total), n_new)):
            masks[row, list(chosen)] = True
        return masks, True
    masks = np.zeros((permutations, total), dtype=bool)
    for row in range(permutations):
        masks[row, rng.permutation(total)[:n_new]] = True
    return masks, False


def _p_value(null: np.ndarray, observed: float, exact: bool) -> float:
    hits = int(np.sum(null >= observed - _REL_TOL * max(1.0, abs(observed))))
    return hits / len(null) if exact else (1 + hits) / (1 + len(null))


@dataclass(frozen=True)
class Shift:
    """One per-image metric: means of both sets, the shift (new - baseline), its Welch 95% interval
    and the two-sided permutation p-value of the shift."""

    metric: str
    baseline_mean: float
    new_mean: float
    shift: float
    low: float
    high: float
    p_value: float


@dataclass(frozen=True)
class TwoSample:
    mmd2: float
    bandwidth: float
    p_value: float
    permutations: int
    exact: bool
    shifts: tuple[Shift, ...]


def welch_interval(new: np.ndarray, base: np.ndarray, confidence: float = 0.95) -> tuple[float, float]:
    from scipy.stats import t as student_t

    vn, vb = new.var(ddof=1) / len(new), base.var(ddof=1) / len(base)
    se2 = vn + vb
    shift = float(new.mean() - base.mean())
    if se2 == 0:
        return shift, shift
    df = se2 ** 2 / (vn ** 2 / (len(new) - 1) + vb ** 2 / (len(base) - 1))
    half = float(student_t.ppf(0.5 + confidence / 2, df)) * math.sqrt(se2)
    return shift - half, shift + half


def compare_sets(new: np.ndarray, baseline: np.ndarray, *, new_metrics: Mapping[str, Sequence[float]] | None = None,
                 baseline_metrics: Mapping[str, Sequence[float]] | None = None,
                 permutations: int = DEFAULT_PERMUTATIONS, seed: int = 0) -> TwoSample:
    """MMD between two feature sets and the mean shift of each metric, on one set of permutations."""
    new, baseline = np.asarray(new, dtype=np.float64), np.asarray(baseline, dtype=np.float64)
    n_new, total = len(new), len(new) + len(baseline)
    kernel, h = gaussian_kernel(np.concatenate([new, baseline]))
    masks, exact = _label_sets(total, n_new, permutations, np.random.default_rng(seed))
    # Weights of each relabelling: +1/n on the 'new' group, -1/m on the rest; MMD^2 = w K w.
    weights = np.where(masks, 1.0 / n_new, -1.0 / (total - n_new))
    null = np.sum((weights @ kernel) * weights, axis=1)
    observed = mmd2(kernel, n_new)
    shifts = []
    for name in sorted(new_metrics or {}):
        a = np.asarray(new_metrics[name], dtype=np.float64)  # type: ignore[index]
        b = np.asarray((baseline_metrics or {})[name], dtype=np.float64)
        pooled = np.concatenate([a, b])
        stat = abs(float(a.mean() - b.mean()))
        null_shift = np.abs(weights @ pooled)
        low, high = welch_interval(a, b)
        shifts.append(Shift(name, float(b.mean()), float(a.mean()), float(a.mean() - b.mean()), low, high,
                            _p_value(null_shift, stat, exact)))
    return TwoSample(observed, h, _p_value(null, observed, exact), len(null), exact, tuple(shifts))

"""The comparison statistics against reference implementations: McNemar and the sign test against
scipy's binomtest (and statsmodels' mcnemar), Wilcoxon against scipy.stats.wilcoxon, permutation
p-values against scipy.stats.permutation_test, Holm against statsmodels, Newcombe's paired interval
against statsmodels' independent Newcombe interval where the pairing correlation is zero, and by
its simulated coverage."""
from __future__ import annotations

import math

import numpy as np
import pytest
import scipy.stats as ss

from pytest_genimg.compare import paired, twosample



@pytest.mark.parametrize("lost,gained", [(0, 0), (3, 1), (7, 2), (10, 10), (1, 9), (25, 11), (60, 40)])
def test_mcnemar_matches_scipy_and_statsmodels(lost, gained):
    mcnemar = pytest.importorskip("statsmodels.stats.contingency_tables").mcnemar

    ref = ss.binomtest(lost, lost + gained, 0.5, alternative="greater").pvalue if lost + gained else 1.0
    assert paired.mcnemar_exact(lost, gained) == pytest.approx(ref, abs=1e-12)
    two = mcnemar([[5, lost], [gained, 5]], exact=True).pvalue
    assert paired.mcnemar_exact(lost, gained, "two-sided") == pytest.approx(two, abs=1e-12)


def test_wilcoxon_matches_scipy_on_400_samples():
    rng = np.random.default_rng(0)
    methods = set()
    for trial in range(400):
        n = int(rng.integers(2, 80))
        kind = trial % 4
        d = {0: rng.normal(-0.2, 1, n), 1: np.round(rng.normal(-0.3, 1, n)), 2: rng.integers(-3, 3, n).astype(float),
             3: rng.standard_cauchy(n)}[kind]
        if not np.any(d):
            continue
        mine = paired.wilcoxon_worse(d)
        methods.add(mine.method)
        if not mine.method.endswith("random sign flips"):  # compared below
            assert mine.p_value == pytest.approx(ss.wilcoxon(d, alternative="less").pvalue, abs=1e-9), (n, kind)
    assert methods == {"exact", "exact sign-flip", "normal approximation", "9999 random sign flips"}


@pytest.mark.parametrize("n,shift", [(16, 0.0), (24, -0.5), (40, 0.3), (70, -0.2)])
def test_wilcoxon_on_tied_scores_matches_scipys_sign_flip_permutation(n, shift):
    """Beyond 13 tied pairs scipy's default is the normal approximation; the reference here is its
    own sign-flip permutation test, equal up to Monte Carlo error (standard error <= 0.005)."""
    d = np.round(np.random.default_rng(n).normal(shift, 1.5, n))
    mine = paired.wilcoxon_worse(d)
    assert mine.method == "9999 random sign flips"
    ref = ss.wilcoxon(d, alternative="less", method=ss.PermutationMethod(n_resamples=9999, rng=1)).pvalue
    assert mine.p_value == pytest.approx(ref, abs=0.02)


def test_sign_test_matches_scipy():
    rng = np.random.default_rng(1)
    for _ in range(100):
        d = rng.integers(-2, 3, int(rng.integers(2, 40))).astype(float)
        worse, better = int(np.sum(d < 0)), int(np.sum(d > 0))
        ref = ss.binomtest(worse, worse + better, 0.5, alternative="greater").pvalue if worse + better else 1.0
        assert paired.sign_test_worse(d).p_value == pytest.approx(ref, abs=1e-12)


def test_t_interval_matches_scipy():
    d = np.array([0.1, -0.3, 0.25, 0.4, -0.05, 0.2])
    mean, low, high = paired.t_interval(d)
    ref = ss.ttest_1samp(d, 0).confidence_interval(0.95)
    assert (low, high) == pytest.approx((ref.low, ref.high), abs=1e-12) and mean == pytest.approx(d.mean())


def test_holm_matches_statsmodels():
    multipletests = pytest.importorskip("statsmodels.stats.multitest").multipletests

    rng = np.random.default_rng(2)
    for _ in range(50):
        p = list(rng.uniform(0, 0.2, int(rng.integers(1, 8))))
        assert paired.holm(p) == pytest.approx(list(multipletests(p, method="holm")[1]), abs=1e-12)


@pytest.mark.parametrize("both,lost,gained,neither", [(6, 4, 3, 2), (8, 2, 4, 1), (9, 3, 6, 2), (20, 4, 5, 1)])
def test_newcombe_equals_independent_newcombe_when_phi_is_zero(both, lost, gained, neither):
    """With both*neither == lost*gained the pairing correlation is 0, and method 10 reduces to
    Newcombe's hybrid score interval for independent proportions (statsmodels' 'newcomb')."""
    proportion = pytest.importorskip("statsmodels.stats.proportion")
    counts = paired.PairedCounts(both=both, lost=lost, gained=gained, neither=neither)
    n = counts.n
    ref = proportion.confint_proportions_2indep(both + gained, n, both + lost, n, method="newcomb", compare="diff")
    assert paired.newcombe_paired(counts) == pytest.approx(ref, abs=1e-12)


def test_newcombe_is_narrower_when_pairs_agree():
    """Positive pairing correlation (most pairs agree) narrows the interval, as Newcombe's phi intends."""
    agree = paired.newcombe_paired(paired.PairedCounts(both=12, lost=3, gained=0, neither=5))
    independent = paired.newcombe_paired(paired.PairedCounts(both=9, lost=6, gained=3, neither=2))
    assert agree[1] - agree[0] < independent[1] - independent[0]


def test_newcombe_coverage_is_near_95_percent():
    rng = np.random.default_rng(3)
    probs = np.array([0.55, 0.15, 0.05, 0.25])  # both, lost, gained, neither: true change -0.10
    true = probs[2] - probs[1]
    for n in (16, 64):
        hits = 0
        for _ in range(2000):
            both, lost, gained, neither = rng.multinomial(n, probs)
            low, high = paired.newcombe_paired(paired.PairedCounts(both, lost, gained, neither))
            hits += low <= true <= high
        assert 0.93 <= hits / 2000 <= 0.985, (n, hits / 2000)


def test_permutation_p_values_match_scipy_exactly():
    rng = np.random.default_rng(4)
    for _ in range(5):
        x, y = rng.normal(0, 1, (5, 3)), rng.normal(0.7, 1, (6, 3))
        mine = twosample.compare_sets(x, y, new_metrics={"m": x[:, 0]}, baseline_metrics={"m": y[:, 0]})
        assert mine.exact and mine.permutations == math.comb(11, 5)
        kernel, _ = twosample.gaussian_kernel(np.concatenate([x, y]))

        def mmd(i, j):
            idx = np.concatenate([i, j]).astype(int)
            return twosample.mmd2(kernel[np.ix_(idx, idx)], len(i))

        ref = ss.permutation_test((np.arange(5), np.arange(5, 11)), mmd, permutation_type="independent",
                                  alternative="greater", n_resamples=np.inf, vectorized=False)
        assert mine.p_value == pytest.approx(ref.pvalue, abs=1e-12)
        ref_shift = ss.permutation_test((x[:, 0], y[:, 0]), lambda a, b: abs(a.mean() - b.mean()),
                                        permutation_type="independent", alternative="greater", n_resamples=np.inf)
        assert mine.shifts[0].p_value == pytest.approx(ref_shift.pvalue, abs=1e-12)


def test_welch_interval_matches_scipy():
    a, b = np.array([1.0, 2.5, 3.1, 4.2, 2.2]), np.array([0.5, 1.1, 0.9, 2.0, 1.7, 1.3])
    ref = ss.ttest_ind(a, b, equal_var=False).confidence_interval(0.95)
    assert twosample.welch_interval(a, b) == pytest.approx((ref.low, ref.high), abs=1e-10)


def test_median_bandwidth_is_the_median_pairwise_distance():
    x = np.array([[0.0], [1.0], [3.0]])
    assert twosample.median_bandwidth(twosample.squared_distances(x)) == pytest.approx(2.0)

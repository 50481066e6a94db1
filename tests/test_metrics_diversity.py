"""Vendi score, pHash features, Hamming distances and duplicate pairs against hand-computed values."""
from __future__ import annotations

import math

import numpy as np
import pytest
from PIL import Image

from pytest_genimg.metrics import diversity as dm


@pytest.mark.parametrize("n", [1, 2, 5, 16])
def test_vendi_of_identical_items_is_one(n):
    assert dm.vendi_score(np.ones((n, n))) == pytest.approx(1.0)
    assert dm.vendi_from_features(np.tile([[0.3, -1.0, 2.0]], (n, 1))) == pytest.approx(1.0)


@pytest.mark.parametrize("n", [1, 2, 7, 64])
def test_vendi_of_orthogonal_features_is_n(n):
    assert dm.vendi_score(np.eye(n)) == pytest.approx(n)
    # Scaled, signed one-hot rows with extra dimensions: still orthogonal.
    feats = np.zeros((n, n + 3))
    feats[np.arange(n), np.arange(n)] = np.linspace(1, 5, n) * np.where(np.arange(n) % 2, -1, 1)
    assert dm.vendi_from_features(feats) == pytest.approx(n)


def test_vendi_of_two_items_matches_closed_form():
    # K = [[1, c], [c, 1]]: eigenvalues of K/2 are (1 +- c) / 2.
    c = 0.6
    p = np.array([(1 + c) / 2, (1 - c) / 2])
    expected = math.exp(-np.sum(p * np.log(p)))
    assert dm.vendi_score(np.array([[1, c], [c, 1]])) == pytest.approx(expected)
    assert dm.vendi_from_features(np.array([[1.0, 0.0], [c, math.sqrt(1 - c * c)]])) == pytest.approx(expected)


def test_vendi_of_two_clusters_is_two():
    feats = np.array([[1.0, 0.0]] * 3 + [[0.0, 1.0]] * 3)
    assert dm.vendi_from_features(feats) == pytest.approx(2.0)


def test_vendi_from_features_equals_vendi_of_cosine_kernel_both_ways():
    rng = np.random.default_rng(0)
    for n, d in [(10, 4), (4, 10)]:  # d < n uses the d x d Gram matrix
        x = rng.standard_normal((n, d))
        assert dm.vendi_from_features(x) == pytest.approx(dm.vendi_score(dm.cosine_similarity(x)))


def test_vendi_rejects_bad_matrices():
    with pytest.raises(ValueError, match="square"):
        dm.vendi_score(np.ones((2, 3)))
    with pytest.raises(ValueError, match="NaN"):
        dm.vendi_from_features(np.array([[np.nan, 1.0]]))


def test_normalize_rows_makes_flat_rows_alike():
    out = dm.normalize_rows(np.array([[3.0, 4.0], [0.0, 0.0], [0.0, 0.0]]))
    assert out[0] == pytest.approx([0.6, 0.8])
    assert out[1] == pytest.approx(out[2]) and np.linalg.norm(out[1]) == pytest.approx(1.0)


def test_hamming_matrix_by_hand():
    bits = np.array([[1, 0, 1, 1], [1, 1, 1, 1], [0, 1, 0, 0]], dtype=bool)
    assert dm.hamming_matrix(bits).tolist() == [[0, 1, 4], [1, 0, 3], [4, 3, 0]]


def test_phash_features_cosine_is_one_minus_twice_the_bit_fraction():
    bits = np.array([[1, 0, 1, 1], [1, 1, 1, 1], [0, 1, 0, 0]], dtype=bool)
    sim = dm.cosine_similarity(dm.phash_features(bits))
    assert sim == pytest.approx(1 - 2 * dm.hamming_matrix(bits) / 4)


def test_phash_of_images():
    rng = np.random.default_rng(1)
    a = Image.fromarray(rng.integers(0, 256, (64, 64, 3), dtype=np.uint8))
    bits = dm.phash_bits([a, a.copy(), a.transpose(Image.Transpose.FLIP_LEFT_RIGHT)])
    assert bits.shape == (3, 64) and bits.dtype == bool
    d = dm.hamming_matrix(bits)
    assert d[0, 1] == 0 and d[0, 2] > 10
    assert dm.phash_bits([a], hash_size=16).shape == (1, 256)


def test_pixel_features_ignore_brightness_offsets():
    rng = np.random.default_rng(2)
    arr = rng.integers(40, 200, (32, 32, 3)).astype(np.uint8)
    brighter = Image.fromarray(arr + 30)
    feats = dm.pixel_features([Image.fromarray(arr), brighter, Image.fromarray(arr).resize((64, 48))])
    assert feats.shape == (3, 3 * dm.PIXEL_SIDE**2)
    sim = dm.cosine_similarity(feats)
    assert sim[0, 1] == pytest.approx(1.0)
    assert sim[0, 2] > 0.9  # resizing keeps the content


def test_duplicate_pairs_and_fraction():
    d = np.array([[0, 2, 9, 1], [2, 0, 30, 5], [9, 30, 0, 20], [1, 5, 20, 0]])
    pairs = dm.duplicate_pairs(d, 5)
    assert pairs == [(0, 3, 1.0), (0, 1, 2.0), (1, 3, 5.0)]
    # Images 1 and 3 repeat an earlier image; 0 and 2 are new: 2 of 4.
    assert dm.duplicate_fraction(4, pairs) == 0.5
    assert dm.duplicate_fraction(4, []) == 0.0
    assert dm.closest_pairs(d, 2) == [(0, 3, 1.0), (0, 1, 2.0)]


def test_duplicate_fraction_of_one_image_repeated():
    n = 5
    pairs = dm.duplicate_pairs(np.zeros((n, n)), 0)
    assert len(pairs) == n * (n - 1) // 2
    assert dm.duplicate_fraction(n, pairs) == pytest.approx((n - 1) / n)


def _vendi_reference(k: np.ndarray) -> float:
    """Vendi straight from the definition: every eigenvalue of K/n, 0 log 0 taken as 0."""
    lam = np.linalg.eigvalsh(k / k.shape[0])
    lam = lam[lam > 0]
    return float(np.exp(-np.sum(lam * np.log(lam))))


def test_vendi_counts_small_eigenvalues_known_answer():
    # K/n with eigenvalues 0.5, 0.47, 0.01, 0.01, 0.005, 0.005 in a random basis: the four small
    # ones carry a known share of the entropy, which a cutoff anywhere near 1e-2 would drop.
    lam = np.array([0.5, 0.47, 0.01, 0.01, 0.005, 0.005])
    q, _ = np.linalg.qr(np.random.default_rng(0).normal(size=(6, 6)))
    k = q @ np.diag(6 * lam) @ q.T
    expected = math.exp(-float(np.sum(lam * np.log(lam))))  # 2.33; without the small four: 2.00
    assert dm.vendi_score(k) == pytest.approx(expected, rel=1e-9)
    assert expected - 2.0 > 0.3


def test_vendi_of_64_random_hashes_keeps_every_eigenvalue():
    # 64 random 64-bit hashes: many eigenvalues of K/n lie between 1e-12 and 1e-2, so the score
    # (38.2 for this seed) would fall to about 23 if they were cut off at 1e-2.
    bits = np.random.default_rng(7).integers(0, 2, size=(64, 64)).astype(bool)
    feats = dm.phash_features(bits)
    k = dm.cosine_similarity(feats)
    lam = np.linalg.eigvalsh(k / 64)
    assert np.sum((lam > 1e-12) & (lam < 1e-2)) >= 10
    expected = _vendi_reference(k)
    assert dm.vendi_from_features(feats) == pytest.approx(expected, rel=1e-9)
    assert dm.vendi_score(k) == pytest.approx(expected, rel=1e-9)
    assert 30 < expected < 50

"""Image distances against hand-computed values."""
from __future__ import annotations

import math

import numpy as np
import pytest

from pytest_genimg.metrics.distance import (
    METRICS,
    REPRODUCIBLE_MAX,
    ROBUST_MAX,
    SEED_SENSITIVE_MIN,
    compare,
    diff_image,
    max_abs_diff,
    mean_abs_diff,
    phash_distance,
    ssim_distance,
    thumb_distance,
)


def _noise(seed: int, size: int = 64) -> np.ndarray:
    return np.random.default_rng(seed).integers(0, 256, (size, size, 3), dtype=np.uint8)


def test_thumbnail_distance_by_hand():
    a = np.zeros((32, 32, 3), np.uint8)
    b = a.copy()
    b[:16, :16] = 64  # a quarter of the picture, 64 levels brighter in every channel
    assert thumb_distance(a, b) == pytest.approx(16.0)
    assert thumb_distance(a, b[::2, ::2]) == pytest.approx(16.0)  # sizes may differ
    noisy = np.random.default_rng(0).integers(0, 256, (64, 64, 3), dtype=np.uint8)
    assert thumb_distance(noisy, np.roll(noisy, 1, axis=2)) > 10  # colour counts (phash would be greyscale)


def test_pixel_differences_by_hand():
    a = np.zeros((2, 2, 3), np.uint8)
    b = a.copy()
    b[0, 0, 0] = 12
    b[1, 1, 2] = 3
    assert max_abs_diff(a, b) == 12.0
    assert mean_abs_diff(a, b) == pytest.approx(15 / 12)
    assert max_abs_diff(b, a) == 12.0  # symmetric, no uint8 wrap-around


def test_uint8_wraparound_is_avoided():
    a = np.full((4, 4, 3), 250, np.uint8)
    b = np.full((4, 4, 3), 5, np.uint8)
    assert max_abs_diff(a, b) == 245.0


def test_identical_images_have_zero_distance_everywhere():
    a = _noise(0)
    d = compare(a, a.copy(), ssim=True)
    assert (d.phash, d.thumb, d.max_abs, d.mean_abs) == (0, 0.0, 0.0, 0.0)
    assert d.ssim == pytest.approx(0.0, abs=1e-9)
    assert d.same_size


def test_unrelated_noise_is_far_and_small_noise_is_near():
    a = _noise(0)
    far = compare(a, _noise(1), ssim=True)
    noisy = np.clip(a.astype(int) + np.random.default_rng(5).normal(0, 2, a.shape).round(), 0, 255).astype(np.uint8)
    near = compare(a, noisy, ssim=True)
    assert far.phash >= 20 and far.ssim > 0.9
    assert near.phash <= REPRODUCIBLE_MAX["phash"] and near.ssim < REPRODUCIBLE_MAX["ssim"]
    assert near.mean_abs < REPRODUCIBLE_MAX["mean_abs"]


def test_size_mismatch_gives_inf_pixel_distances_but_a_phash():
    a, b = _noise(0, 64), _noise(0, 32)
    d = compare(a, b, ssim=True)
    assert math.isinf(d.max_abs) and math.isinf(d.mean_abs) and math.isinf(d.ssim)
    assert not d.same_size
    assert 0 <= d.phash <= 64


def test_ssim_on_tiny_and_grey_images():
    assert math.isnan(ssim_distance(np.zeros((2, 2), np.uint8), np.zeros((2, 2), np.uint8)))
    grey = np.random.default_rng(0).integers(0, 256, (5, 5), dtype=np.uint8)
    assert ssim_distance(grey, grey) == pytest.approx(0.0, abs=1e-9)


def test_values_and_get():
    d = compare(_noise(0), _noise(1))
    assert set(d.values()) == {"phash", "thumb", "max_abs", "mean_abs"}
    assert d.get("phash") == d.phash
    with pytest.raises(ValueError, match="ssim was not computed"):
        d.get("ssim")
    with pytest.raises(ValueError, match="metric: expected one of"):
        d.get("lpips")


def test_bad_arrays_are_named():
    with pytest.raises(ValueError, match=r"a: expected a non-empty HxW or HxWxC uint8 array, got float64"):
        phash_distance(np.zeros((4, 4)), np.zeros((4, 4), np.uint8))


def test_diff_image_amplifies():
    a = np.zeros((2, 2, 3), np.uint8)
    b = a.copy()
    b[0, 0] = 1
    b[1, 1] = 200
    d = diff_image(a, b, gain=8)
    assert d[0, 0, 0] == 8 and d[1, 1, 0] == 255 and d[0, 1, 0] == 0


def test_defaults_cover_every_metric_and_are_ordered():
    for metric in METRICS:
        assert REPRODUCIBLE_MAX[metric] < SEED_SENSITIVE_MIN[metric]
        assert REPRODUCIBLE_MAX[metric] <= ROBUST_MAX[metric]

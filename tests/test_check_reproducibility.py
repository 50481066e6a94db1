"""Reproducibility and seed-sensitivity checks on fake generators with known behaviour."""
from __future__ import annotations

import hashlib

import numpy as np
import pytest
from PIL import Image

from pytest_genimg.cachectl import cache_bypassed
from pytest_genimg.checks.reproducibility import (
    assert_reproducible,
    assert_seed_sensitive,
    measure_reproducible,
    measure_seed_sensitive,
)
from pytest_genimg.errors import GenImgAssertionError, GenImgUsageError
from pytest_genimg.generated import GeneratedImage, GeneratedVideo
from pytest_genimg.recording import open_record


class FakeGen:
    """Noise seeded by (prompt, seed); ``jitter`` adds fresh per-call noise (a non-deterministic pipeline)."""

    def __init__(self, *, jitter: float = 0.0, ignore_seed: bool = False, size: int = 48, cached: bool = False, video: bool = False):
        self.jitter, self.ignore_seed, self.size, self.cached, self.video = jitter, ignore_seed, size, cached, video
        self.calls: list[dict] = []
        self._rng = np.random.default_rng(1234)

    def generate(self, prompt, *, seed=0, cache=True, **kwargs):
        self.calls.append({"prompt": prompt, "seed": seed, "cache": cache, "bypassed": cache_bypassed(), **kwargs})
        key = hashlib.sha256(f"{prompt}|{0 if self.ignore_seed else seed}".encode()).digest()
        img = np.random.default_rng(int.from_bytes(key[:8], "little")).integers(0, 256, (self.size, self.size, 3)).astype(float)
        if self.jitter:
            img += self._rng.normal(0, self.jitter, img.shape)
        pil = Image.fromarray(np.clip(img, 0, 255).round().astype(np.uint8))
        if self.video:
            return GeneratedVideo(frames=[pil, pil], prompt=prompt, seed=seed, cached=self.cached)
        return GeneratedImage(pil, prompt, seed, cached=self.cached)


def test_deterministic_generator_is_reproducible_with_the_cache_bypassed():
    gen = FakeGen()
    result = assert_reproducible(gen, "a cat", 3, runs=3)
    assert result.passed and result.metrics["distance"] == 0
    assert result.metrics["max_abs_diff"] == 0 and result.metrics["runs"] == 3
    assert len(gen.calls) == 3
    assert all(c["cache"] is False and c["bypassed"] and c["seed"] == 3 for c in gen.calls)
    assert not cache_bypassed()  # restored afterwards


def test_one_level_drift_passes_and_the_message_reports_it():
    result = measure_reproducible(FakeGen(jitter=0.6), "a cat", 0)
    assert result.passed
    assert 1 <= result.metrics["max_abs_diff"] <= 4
    assert "max_abs=" in result.message() and "phash=" in result.message() and "thumb=" in result.message()


def test_unseeded_generator_fails_with_distances_and_an_artifact(tmp_path):
    with open_record("t::repro", tmp_path) as rec:
        with pytest.raises(GenImgAssertionError) as info:
            assert_reproducible(FakeGen(jitter=80.0), "a cat", 0)
    msg = str(info.value)
    assert "reproducible failed" in msg and "worst mean_abs distance" in msg
    assert "FAIL run 1 vs run 0" in msg and "max_abs=" in msg and "mean_abs=" in msg
    assert "artifact:" in msg
    result = info.value.result
    assert result.metrics["mean_abs_diff"] > 2 and result.metrics["phash_max"] > 4
    art = result.items[0].artifact
    assert art and Image.open(art).size == (48 * 3 + 8, 48)  # run 0 | run 1 | difference
    assert rec.checks[-1]["check"] == "reproducible" and rec.checks[-1]["passed"] is False


def test_other_metrics_and_explicit_thresholds():
    gen = FakeGen(jitter=3.0)
    assert not measure_reproducible(gen, "a cat", 0, metric="max_abs", max_distance=2).passed
    assert measure_reproducible(gen, "a cat", 0, metric="max_abs", max_distance=64).passed
    r = measure_reproducible(gen, "a cat", 0, metric="ssim")
    assert "1-ssim" in r.items[0].values and r.thresholds == {"metric": "ssim", "max_distance": 0.05}


def test_a_cached_answer_fails_even_if_identical():
    r = measure_reproducible(FakeGen(cached=True), "a cat", 0)
    assert not r.passed and "cached result" in r.items[0].reason


def test_videos_compare_frame_by_frame_and_kwargs_are_forwarded():
    gen = FakeGen(video=True)
    assert measure_reproducible(gen, "a cat", 0, generate_kwargs={"steps": 2}).passed
    assert gen.calls[0]["steps"] == 2


def test_seed_sensitive_passes_for_a_seeded_generator():
    gen = FakeGen()
    result = assert_seed_sensitive(gen, "a cat", seeds=(0, 1, 2))
    assert result.metrics["count"] == 3  # three pairs
    assert result.metrics["min_pair_distance"] >= 8
    assert [c["seed"] for c in gen.calls] == [0, 1, 2] and all(c["bypassed"] for c in gen.calls)


def test_seed_sensitive_fails_when_the_seed_is_ignored():
    with pytest.raises(GenImgAssertionError) as info:
        assert_seed_sensitive(FakeGen(ignore_seed=True), "a cat", seeds=range(3))
    msg = str(info.value)
    assert "seed_sensitive failed: 0/3 passed" in msg
    assert "FAIL seed 0 vs seed 1" in msg and "the seeds gave (nearly) the same image" in msg


def test_seed_sensitive_pass_rate():
    r = measure_seed_sensitive(FakeGen(), "a cat", seeds=(0, 1), min_distance=200, min_pass_rate=0.0)
    assert r.passed and r.pass_rate.passed == 0


@pytest.mark.parametrize(
    ("call", "pattern"),
    [
        (lambda: measure_reproducible(object(), "a cat"), r"genimg: expected an object with generate"),
        (lambda: measure_reproducible(FakeGen(), 42), r"prompt: expected a string, got 42"),
        (lambda: measure_reproducible(FakeGen(), "a", -1), r"seed: expected a non-negative integer, got -1"),
        (lambda: measure_reproducible(FakeGen(), "a", runs=1), r"runs: expected an integer >= 2, got 1"),
        (lambda: measure_reproducible(FakeGen(), "a", max_distance=-2), r"max_distance: expected a non-negative number on the 'mean_abs' scale"),
        (lambda: measure_reproducible(FakeGen(), "a", metric="lpips"), r"metric: expected one of 'phash', 'thumb'"),
        (lambda: measure_reproducible(FakeGen(), "a", generate_kwargs={"seed": 1}), r"generate_kwargs: expected no seed"),
        (lambda: measure_seed_sensitive(FakeGen(), "a", seeds=(1, 1)), r"seeds: expected at least two distinct seeds"),
        (lambda: measure_seed_sensitive(FakeGen(), "a", seeds=5), r"seeds: expected a sequence"),
        (lambda: measure_seed_sensitive(FakeGen(), "a", seeds=(0, "x")), r"seeds\[1\]: expected a non-negative integer"),
        (lambda: measure_seed_sensitive(FakeGen(), "a", min_pass_rate=2), r"min_pass_rate: expected a number in \[0, 1\]"),
    ],
)
def test_bad_input_is_named(call, pattern):
    with pytest.raises(GenImgUsageError, match=pattern):
        call()


def test_a_generator_returning_garbage_is_named():
    class Broken:
        def generate(self, prompt, *, seed=0, cache=True):
            return "not an image"

    with pytest.raises(GenImgUsageError, match=r"genimg.generate\(...\) result of run 0: expected one image"):
        measure_reproducible(Broken(), "a cat")

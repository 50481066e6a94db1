"""Distribution summaries: compact JSON that round-trips, validated metrics, and the two-sample
verdict on synthetic sets with known answers (same source passes, colour cast and collapse fail)."""
from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageFilter

from pytest_genimg import GenImgUsageError
from pytest_genimg.compare.summary import Summary, compare_summaries, summarise


def _images(seed: int, count: int, cast: int = 0) -> list[Image.Image]:
    rng = np.random.default_rng(seed)
    out = []
    for _ in range(count):
        a = rng.integers(0, 256, (16, 16, 3)).astype(np.int16) + np.array([cast, 0, 0])
        img = Image.fromarray(np.clip(a, 0, 255).astype(np.uint8)).resize((64, 64), Image.Resampling.BICUBIC)
        out.append(img.filter(ImageFilter.GaussianBlur(1)))
    return out


def test_summary_round_trips_and_is_small():
    summary = summarise(_images(0, 64), metrics={"score": list(np.linspace(0, 1, 64))})
    text = summary.to_json()
    assert len(text.encode()) < 9000  # 64 hashes of 64 hex characters + 6 metrics x 64 values
    again = Summary.from_json(text)
    assert again.features == "phash256" and again.count == 64 and np.array_equal(again.matrix(), summary.matrix())
    assert set(again.metrics) == {"mean_red", "mean_green", "mean_blue", "contrast", "blur", "score"}


_HEAD = '{"format": "pytest-genimg-distribution", "features": "phash256", '
_ZERO = '"' + "0" * 64 + '"'


@pytest.mark.parametrize("text", [
    '{"format": "other"}', "[]",
    _HEAD + '"vectors": ["00", "00"]}',  # not 256 bits
    _HEAD + f'"vectors": ["{"z" * 64}", {_ZERO}]}}',  # not hex
    _HEAD + f'"vectors": [{_ZERO}, {_ZERO}], "metrics": {{"a": [1]}}}}',  # a metric short of values
    '{"format": "pytest-genimg-distribution", "vectors": [' + _ZERO + ", " + _ZERO + "]}",  # no features
])
def test_corrupt_summaries_are_rejected(text):
    with pytest.raises(ValueError):
        Summary.from_json(text)


def test_bad_metrics_name_the_argument():
    with pytest.raises(GenImgUsageError, match=r"metrics\['s'\]: expected one number per image \(4\)"):
        summarise(_images(0, 4), metrics={"s": [1.0, 2.0]})
    with pytest.raises(GenImgUsageError, match=r"metrics\['s'\]: expected finite numbers"):
        summarise(_images(0, 2), metrics={"s": [1.0, float("nan")]})
    with pytest.raises(GenImgUsageError, match="images: expected at least 2 images"):
        summarise(_images(0, 1))
    with pytest.raises(GenImgUsageError, match="max_shift: expected keys among the compared metrics"):
        compare_summaries(summarise(_images(0, 4)), summarise(_images(1, 4)), max_shift={"nope": 1.0})


def test_same_source_passes_and_degraded_sets_fail():
    base = summarise(_images(0, 32))
    assert compare_summaries(summarise(_images(1, 32)), base).passed
    cast = compare_summaries(summarise(_images(2, 32, cast=25)), base)
    assert not cast.passed and [r["metric"] for r in cast.rows if r["failed"]] == ["mean_red"]
    collapsed = summarise([_images(3, 1)[0]] * 32)
    verdict = compare_summaries(collapsed, base)
    assert not verdict.passed and verdict.rows[0]["failed"]  # the MMD row
    assert any("Holm" in n for n in verdict.notes) and any("median pairwise" in n for n in verdict.notes)

"""assert_safe with fake classifiers: thresholds, per-category bounds, pixelated artifacts, and
precise errors when the classifier breaks its interface."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from pytest_genimg.checks.safety import assert_safe, measure_safety
from pytest_genimg.errors import GenImgAssertionError, GenImgUsageError


@pytest.fixture(autouse=True)
def _artifacts_in_tmp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)


def _images() -> list[Image.Image]:
    return [Image.new("RGB", (32, 32), (v, v, v)) for v in (10, 128, 250)]


def by_brightness(images):
    """Scores 'bright' by mean brightness and 'dark' by its complement."""
    out = []
    for img in images:
        m = float(np.asarray(img).mean()) / 255
        out.append({"bright": m, "dark": 1 - m})
    return out


def test_every_category_against_one_bound():
    result = measure_safety(_images(), by_brightness, max_score=0.9)
    assert [i.passed for i in result.items] == [False, True, False]
    assert result.items[0].reason == "dark 0.96 > 0.9"
    assert result.items[2].values == {"worst_category": "bright", "worst_score": pytest.approx(250 / 255)}


def test_per_category_bounds_check_only_those_categories():
    result = measure_safety(_images(), by_brightness, max_score={"bright": 0.9})
    assert [i.passed for i in result.items] == [True, True, False]
    assert result.thresholds["max_bright"] == 0.9


def test_flagged_images_are_saved_pixelated():
    with pytest.raises(GenImgAssertionError) as info:
        assert_safe(_images(), by_brightness, max_score=0.5)
    artifact = info.value.result.items[0].artifact
    saved = np.asarray(Image.open(artifact))
    assert Path(artifact).is_file() and saved.shape[:2] == (256, 256)
    assert len(np.unique(saved.reshape(-1, 3), axis=0)) <= 12 * 12  # a mosaic, not the image


@pytest.mark.parametrize(
    "classifier, expected",
    [
        (lambda ims: [{"x": 0.1}], "classifier <lambda>: expected 3 score mappings"),
        (lambda ims: None, "classifier <lambda>: expected a sequence of mappings"),
        (lambda ims: [{"x": 0.1}, {}, {"x": 0.2}], r"classifier <lambda> result\[1\]: expected a non-empty mapping"),
        (lambda ims: [{"x": 1.5}] * 3, r"classifier <lambda> result\[0\]\['x'\]: expected a score in \[0, 1\]"),
        (lambda ims: [{"x": "high"}] * 3, r"result\[0\]\['x'\]: expected a score"),
    ],
)
def test_a_classifier_breaking_the_interface_is_named(classifier, expected):
    with pytest.raises(GenImgUsageError, match=expected):
        measure_safety(_images(), classifier)


def test_bad_arguments():
    with pytest.raises(GenImgUsageError, match="^classifier: expected a callable"):
        measure_safety(_images(), "nsfw-model")
    with pytest.raises(GenImgUsageError, match="^max_score: expected"):
        measure_safety(_images(), by_brightness, max_score=2)
    with pytest.raises(GenImgUsageError, match=r"^max_score\['bright'\]: expected"):
        measure_safety(_images(), by_brightness, max_score={"bright": -1})

"""assert_valid_output / measure_valid_output: broken images fail with artifacts, good ones pass."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from pytest_genimg.checks.validity import assert_valid_output, measure_valid_output
from pytest_genimg.errors import GenImgAssertionError, GenImgUsageError
from pytest_genimg.generated import GeneratedImage, GeneratedVideo


@pytest.fixture(autouse=True)
def _artifacts_in_tmp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)


def _photo(side: int = 64) -> np.ndarray:
    import skimage.data as data

    return np.asarray(Image.fromarray(data.coffee()).resize((side, side)))


def test_good_images_pass():
    result = assert_valid_output([_photo(), Image.fromarray(_photo(32)), _photo() / 255.0])
    assert result.passed and result.metrics["count"] == 3


def test_each_broken_kind_fails_with_its_reason_and_an_artifact():
    nan = _photo().astype(np.float32) / 255.0
    nan[:8] = np.nan
    images = [_photo(), np.zeros((64, 64, 3), np.uint8), nan, np.full((64, 64, 3), 0.7)]
    result = measure_valid_output(images)
    assert not result.passed
    assert [i.passed for i in result.items] == [True, False, False, False]
    reasons = [i.reason for i in result.items]
    assert reasons[1].startswith("all black")
    assert reasons[2].startswith("NaN in 12.5% of pixels")
    assert reasons[3].startswith("a single colour: RGB(178, 178, 178)")
    for item in result.failed_items:
        assert Path(item.artifact).is_file()
    review = np.asarray(Image.open(result.items[2].artifact))
    assert tuple(review[0, 0]) == (255, 0, 255)  # NaN rows painted magenta


def test_assert_raises_with_a_readable_message():
    with pytest.raises(GenImgAssertionError) as info:
        assert_valid_output(np.zeros((2, 32, 32, 3), np.uint8))
    message = str(info.value)
    assert message.startswith("valid_output failed: 0/2 passed")
    assert "FAIL #0" in message and "all black" in message and "artifact:" in message


def test_batches_generated_images_and_videos_are_split():
    batch = np.stack([_photo(), np.zeros((64, 64, 3), np.uint8)])
    assert [i.passed for i in measure_valid_output(batch).items] == [True, False]
    gen = GeneratedImage(Image.new("RGB", (32, 32)), "a cat", 7)
    assert measure_valid_output([gen]).items[0].label == "#0 seed=7"
    video = GeneratedVideo([Image.fromarray(_photo()), Image.new("RGB", (64, 64))], "a cat", 1)
    result = measure_valid_output(video)
    assert [i.label for i in result.items] == ["frame 0", "frame 1"]
    assert [i.passed for i in result.items] == [True, False]


def test_min_pass_rate_allows_a_share_of_broken_images():
    assert assert_valid_output([_photo(), np.zeros((8, 8))], min_pass_rate=0.5).passed


@pytest.mark.parametrize(
    "kwargs, argument",
    [
        ({"black_level": 2}, "black_level"),
        ({"min_std": -0.1}, "min_std"),
        ({"min_pass_rate": 1.5}, "min_pass_rate"),
    ],
)
def test_bad_arguments_are_usage_errors(kwargs, argument):
    with pytest.raises(GenImgUsageError, match=f"^{argument}: expected"):
        measure_valid_output([_photo()], **kwargs)


@pytest.mark.parametrize("images, expected", [(None, "an image or a sequence"), ([], "at least one image"), ("x.png", "an image or a sequence")])
def test_bad_images_are_usage_errors(images, expected):
    with pytest.raises(GenImgUsageError, match="^images: expected") as info:
        measure_valid_output(images)
    assert expected in str(info.value)


def test_a_bad_item_is_named_by_its_position():
    with pytest.raises(GenImgUsageError, match=r"^images\[1\]: expected"):
        measure_valid_output([_photo(), np.zeros((2, 5, 5))])

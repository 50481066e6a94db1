"""Watermark payloads, bit accuracy by hand, and embed-then-verify with invisible-watermark."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from pytest_genimg.checks.watermark import add_watermark, assert_watermarked, decode_watermark, measure_watermark
from pytest_genimg.errors import GenImgAssertionError, GenImgUsageError
from pytest_genimg.metrics.watermark import (
    SDXL_WATERMARK_BITS,
    SDXL_WATERMARK_MESSAGE,
    bit_accuracy,
    bit_string,
    majority_share,
    payload_bits,
)

pytest.importorskip("imwatermark")


@pytest.fixture(autouse=True)
def _artifacts_in_tmp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)


def _photo(name: str = "astronaut", side: int = 256) -> Image.Image:
    import skimage.data as data

    return Image.fromarray(getattr(data, name)()).resize((side, side))


def test_sdxl_payload_is_diffusers_48_bits():
    assert len(SDXL_WATERMARK_BITS) == 48 and sum(SDXL_WATERMARK_BITS) == 27
    assert bit_string(SDXL_WATERMARK_BITS) == bin(SDXL_WATERMARK_MESSAGE)[2:]


@pytest.mark.parametrize(
    "payload, bits",
    [
        (0b1011, "1011"),
        ("0b10_11", "1011"),
        ("1 0 1 1", "1011"),
        (b"\x01\x80", "0000000110000000"),
        ([1, 0, True, 0], "1010"),
        (np.array([0, 1], np.uint8), "01"),
    ],
)
def test_payload_forms(payload, bits):
    assert bit_string(payload_bits(payload)) == bits


@pytest.mark.parametrize("payload", [-3, True, "10a1", "", [], [0, 2], [0.5, 1], 1.5, None])
def test_bad_payloads_are_usage_errors(payload):
    with pytest.raises(GenImgUsageError, match="^expected: expected a payload"):
        payload_bits(payload)


def test_bit_accuracy_and_majority_share_by_hand():
    assert bit_accuracy([1, 0, 1, 1], [1, 1, 1, 0]) == 0.5
    assert majority_share([1, 1, 1, 0]) == 0.75
    assert majority_share(SDXL_WATERMARK_BITS) == pytest.approx(27 / 48)
    with pytest.raises(ValueError, match="3 bits, expected 4"):
        bit_accuracy([1, 0, 1], [1, 0, 1, 1])


def test_embedded_sdxl_mark_is_verified():
    marked = add_watermark(_photo())
    assert bit_accuracy(decode_watermark(marked), SDXL_WATERMARK_BITS) == 1.0
    result = assert_watermarked(marked)
    assert result.items[0].values["bit_accuracy"] == 1.0
    # The mark is invisible: the marked image stays within a few levels of the original.
    diff = np.abs(np.asarray(marked, float) - np.asarray(_photo(), float))
    assert diff.mean() < 3.0


def test_unmarked_and_too_small_images_fail_with_reasons_and_artifacts():
    result = measure_watermark([_photo("coffee"), Image.new("RGB", (64, 64), (90, 120, 30))])
    assert not result.passed and result.metrics["passed_count"] == 0
    unmarked, small = result.items
    assert unmarked.values["bit_accuracy"] < 0.85 and unmarked.reason.startswith("bit accuracy")
    assert small.reason.startswith("too small to carry a watermark (64x64 < 256x256 pixels")
    assert all(Path(i.artifact).is_file() for i in result.items)


def test_another_payload_and_method():
    payload = "1100" * 8
    marked = add_watermark(_photo("chelsea"), payload, method="dwtDctSvd")
    assert assert_watermarked(marked, expected=payload, method="dwtDctSvd").passed
    with pytest.raises(GenImgAssertionError, match="bit accuracy"):
        assert_watermarked(marked, expected="0011" * 8, method="dwtDctSvd")


def test_usage_errors():
    with pytest.raises(GenImgUsageError, match="^payload: expected exactly 32 bits for method='rivaGan'"):
        add_watermark(_photo(), method="rivaGan")
    with pytest.raises(GenImgUsageError, match="^method: expected one of"):
        measure_watermark(_photo(), method="lsb")
    with pytest.raises(GenImgUsageError, match="^image: expected an image with at least 256x256 pixels"):
        add_watermark(Image.new("RGB", (100, 100)))
    with pytest.raises(GenImgUsageError, match="^min_bit_accuracy: expected more than 0.75"):
        measure_watermark(_photo(), expected="1110", min_bit_accuracy=0.7)
    with pytest.raises(GenImgUsageError, match="^min_bit_accuracy: expected a number in"):
        measure_watermark(_photo(), min_bit_accuracy=1.5)

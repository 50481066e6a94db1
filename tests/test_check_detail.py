"""assert_detailed on scikit-image photos at native resolution, upscaled and blurred."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from pytest_genimg.checks.detail import assert_detailed, measure_detail
from pytest_genimg.errors import GenImgAssertionError, GenImgUsageError


@pytest.fixture(autouse=True)
def _artifacts_in_tmp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)


def _photo(name: str) -> Image.Image:
    import skimage.data as data

    arr = getattr(data, name)()
    return Image.fromarray(np.stack([arr] * 3, -1) if arr.ndim == 2 else arr)


def _upscaled(img: Image.Image, factor: int, resample=Image.Resampling.BICUBIC) -> Image.Image:
    small = img.resize((img.width // factor, img.height // factor), Image.Resampling.LANCZOS)
    return small.resize(img.size, resample)


def _blurred(img: Image.Image, sigma: float) -> Image.Image:
    from skimage.filters import gaussian

    out = gaussian(np.asarray(img), sigma=sigma, channel_axis=-1, preserve_range=True)
    return Image.fromarray(np.round(out).astype(np.uint8))


def test_native_photos_pass():
    result = assert_detailed([_photo("astronaut"), _photo("camera"), _photo("coffee")])
    assert result.metrics["min_scale"] == 1.0
    assert [i.values["effective"] for i in result.items] == ["512x512", "512x512", "600x400"]


def test_upscales_and_blur_fail_with_reasons_and_artifacts():
    base = _photo("astronaut")
    cases = [_upscaled(base, 2), _upscaled(base, 4), _upscaled(base, 2, Image.Resampling.NEAREST), _blurred(base, 2.0)]
    result = measure_detail(cases, min_effective_resolution=0.75, max_blur=0.55)  # the default lets 2x upscales pass
    assert not result.passed and result.metrics["passed_count"] == 0
    reasons = [i.reason for i in result.items]
    assert reasons[0].startswith("effective resolution about 256x256 of 512x512")
    assert reasons[1].startswith("effective resolution about 128x128 of 512x512")
    assert "nearest-neighbour upscale" in reasons[2]
    assert "blur effect" in reasons[3]
    for item in result.items:
        assert Path(item.artifact).is_file()


def test_message_names_measured_values_and_thresholds():
    with pytest.raises(GenImgAssertionError) as info:
        assert_detailed(_upscaled(_photo("coffee"), 4))
    message = str(info.value)
    assert message.startswith("detail failed: 0/1 passed")
    assert "min_effective_resolution=0.5" in message and "effective='150x100'" in message


def test_soft_native_texture_passes_by_default_and_the_limit_is_named():
    brick = _photo("brick")  # a native wall photo whose finest octave holds little energy
    result = assert_detailed(brick)
    assert result.items[0].values["scale"] == 0.5
    with pytest.raises(GenImgAssertionError, match="a 2x upscale and a soft native texture .* cannot tell them apart"):
        assert_detailed(brick, min_effective_resolution=0.75)
    assert not measure_detail(_upscaled(brick, 4)).passed and not measure_detail(_blurred(brick, 3.0)).passed


def test_nearest_neighbour_blocks_fail_at_any_floor():
    blocky = _upscaled(_photo("astronaut"), 2, Image.Resampling.NEAREST)
    result = measure_detail(blocky, min_effective_resolution=0.1)
    assert not result.passed and "nearest-neighbour upscale" in result.items[0].reason
    assert measure_detail(blocky, min_effective_resolution=None, max_blur=None).passed


def test_min_effective_resolution_in_pixels_is_on_the_long_side():
    half = _upscaled(_photo("astronaut"), 2)  # about 256 px of real detail in 512
    assert assert_detailed(half, min_effective_resolution=256, max_blur=None).passed
    with pytest.raises(GenImgAssertionError):
        assert_detailed(half, min_effective_resolution=300, max_blur=None)


def test_either_criterion_can_be_switched_off():
    soft = _blurred(_photo("camera"), 3.0)
    assert assert_detailed(soft, min_effective_resolution=None, max_blur=None).passed
    result = measure_detail(soft, min_effective_resolution=None, max_blur=0.55)
    assert not result.passed and "blur effect" in result.items[0].reason and "effective" not in result.items[0].reason


def test_blur_is_reported_and_judged_only_when_max_blur_is_set():
    """No blur bound by default (docs/notes/detail-blur-gate-s17.md): the resolution floor fails a
    sigma-3 blur on its own, and the blur effect is still reported for comparisons."""
    soft = _blurred(_photo("camera"), 3.0)
    by_default = measure_detail(soft)
    assert not by_default.passed and "effective resolution" in by_default.items[0].reason
    assert "blur effect" not in by_default.items[0].reason and "max_blur" not in by_default.thresholds
    assert 0.6 < by_default.items[0].values["blur"] <= 1.0
    sharp = measure_detail(_photo("camera"))
    assert sharp.passed and sharp.items[0].values["blur"] < 0.45
    bounded = measure_detail(_photo("camera"), max_blur=sharp.items[0].values["blur"] - 0.01)
    assert not bounded.passed and "blur effect" in bounded.items[0].reason and bounded.thresholds["max_blur"] > 0


def test_min_pass_rate():
    assert assert_detailed([_photo("rocket"), _upscaled(_photo("rocket"), 2)], min_pass_rate=0.5).passed


@pytest.mark.parametrize(
    "kwargs, argument",
    [
        ({"min_effective_resolution": 0}, "min_effective_resolution"),
        ({"min_effective_resolution": "half"}, "min_effective_resolution"),
        ({"min_effective_resolution": True}, "min_effective_resolution"),
        ({"max_blur": 1.5}, "max_blur"),
        ({"alive_ratio": -1}, "alive_ratio"),
        ({"min_pass_rate": 2}, "min_pass_rate"),
    ],
)
def test_bad_arguments_are_usage_errors(kwargs, argument):
    with pytest.raises(GenImgUsageError, match=f"^{argument}: expected"):
        measure_detail(_photo("camera"), **kwargs)


def test_images_too_small_to_measure_are_usage_errors():
    with pytest.raises(GenImgUsageError, match=r"^images\[1\]: expected an image at least 32 px"):
        measure_detail([_photo("camera"), Image.new("RGB", (16, 64))])

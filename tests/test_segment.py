"""The selfie segmenter shipped in assets/ (``backends/segment.py``): it runs under mediapipe 1.x and
gives a person-confidence mask; the box-coverage rule on hand-made masks."""
from __future__ import annotations

import numpy as np
import pytest

from pytest_genimg.backends.segment import SELFIE_MODEL, SelfieSegmenter
from pytest_genimg.errors import GenImgUsageError, ModelLoadError
from pytest_genimg.metrics.masked_people import box_coverage


def test_box_coverage_is_the_share_of_the_box_over_the_level_clipped_to_the_mask() -> None:
    mask = np.zeros((10, 20), np.float32)
    mask[:, :5] = 0.9
    mask[:, 5:10] = 0.5  # exactly the level: not person
    assert box_coverage(mask, (0, 0, 10, 10)) == 0.5
    assert box_coverage(mask, (0, 0, 10, 10), level=0.4) == 1.0
    assert box_coverage(mask, (-10, -10, 5, 30)) == 1.0  # the part outside the mask does not count
    assert box_coverage(mask, (25, 0, 40, 10)) == 0.0  # wholly outside
    assert box_coverage(mask, (3, 3, 3, 8)) == 0.0  # empty box


@pytest.fixture(scope="module")
def segmenter():
    pytest.importorskip("mediapipe")
    engine = SelfieSegmenter()
    yield engine
    engine.close()


def test_the_shipped_segmenter_masks_the_astronaut_and_not_pixel_noise(segmenter) -> None:
    skdata = pytest.importorskip("skimage.data")
    rgb = skdata.astronaut()
    mask = segmenter.mask(rgb)
    assert mask.shape == rgb.shape[:2] and mask.dtype == np.float32
    assert 0.0 <= mask.min() and mask.max() <= 1.0
    assert box_coverage(mask, (170, 70, 270, 200)) > 0.8  # her face
    assert box_coverage(mask, (380, 0, 512, 120)) < 0.1  # the background top right (the flag's wall)
    noise = np.random.default_rng(0).integers(0, 256, (256, 256, 3), dtype=np.uint8)
    assert box_coverage(segmenter.mask(noise), (0, 0, 256, 256)) < 0.1


def test_a_crop_mask_is_zero_outside_the_crop_and_agrees_with_a_run_on_that_crop(segmenter) -> None:
    skdata = pytest.importorskip("skimage.data")
    rgb = skdata.astronaut()
    crop = segmenter.crop_mask(rgb, (200, 100, 300, 200), margin=0.5)  # a 200 px square from (150, 50)
    assert not crop[:50].any() and not crop[:, :150].any() and not crop[250:].any() and not crop[:, 350:].any()
    assert np.allclose(crop[50:250, 150:350], segmenter.mask(np.ascontiguousarray(rgb[50:250, 150:350])))


def test_bad_input_and_a_missing_model_are_named(segmenter, tmp_path) -> None:
    with pytest.raises(GenImgUsageError, match="rgb"):
        segmenter.mask(np.zeros((8, 8), np.uint8))
    with pytest.raises(ModelLoadError, match="build_pose_tasks"):
        SelfieSegmenter(tmp_path / "absent.tflite")


def test_the_identity_names_the_model_file() -> None:
    assert SELFIE_MODEL.is_file()
    assert SelfieSegmenter.identity()["model"] != SelfieSegmenter.identity(SELFIE_MODEL.parent / "face_detector_full_range.tflite")["model"]

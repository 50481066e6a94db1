"""What the built-in detectors accept as an image: RGB, grey and RGBA arrays give the same faces and
people as the RGB image they show; anything else is a usage error naming ``rgb``."""
from __future__ import annotations

import numpy as np
import pytest

from pytest_genimg.backends.detectors import DETECTORS
from pytest_genimg.backends.faces import as_rgb
from pytest_genimg.errors import GenImgUsageError

skimage_data = pytest.importorskip("skimage.data")
pytest.importorskip("mediapipe")


def test_as_rgb_spreads_grey_and_drops_alpha() -> None:
    grey = np.arange(12, dtype=np.uint8).reshape(3, 4)
    assert as_rgb(grey).shape == (3, 4, 3) and (as_rgb(grey)[..., 2] == grey).all()
    assert (as_rgb(grey[..., None]) == as_rgb(grey)).all()
    rgba = np.dstack([as_rgb(grey), np.full((3, 4), 7, np.uint8)])
    assert (as_rgb(rgba) == as_rgb(grey)).all() and as_rgb(rgba).flags["C_CONTIGUOUS"]


@pytest.mark.parametrize("bad", [np.zeros((4, 4, 3), np.float32), np.zeros((4, 4, 2), np.uint8), np.zeros((0, 4, 3), np.uint8),
                                 np.zeros((2, 4, 4, 3), np.uint8)])
def test_other_arrays_are_usage_errors_naming_rgb(bad: np.ndarray) -> None:
    with pytest.raises(GenImgUsageError, match=r"^rgb: expected an HxWx3 uint8 RGB array"):
        as_rgb(bad)
    with pytest.raises(GenImgUsageError, match=r"^rgb: expected"):
        DETECTORS.get("faces-blazeface").detect(bad, ["face"])


@pytest.mark.parametrize("name", ["faces-blazeface", "faces-haar", "people"])
def test_grey_and_rgba_images_give_what_their_rgb_gives(name: str, request: pytest.FixtureRequest) -> None:
    if name == "faces-haar":
        request.getfixturevalue("opencv_cascade")
    astronaut = np.ascontiguousarray(skimage_data.astronaut())
    grey = np.asarray(astronaut.mean(axis=2), dtype=np.uint8)
    detector = DETECTORS.get(name)
    label = "person" if name == "people" else "face"
    found = detector.detect(astronaut, [label])
    assert found, "the astronaut shows a face and a person"
    rgba = np.dstack([astronaut, np.full(astronaut.shape[:2], 255, np.uint8)])
    assert [d.box for d in detector.detect(rgba, [label])] == [d.box for d in found]
    assert [d.box for d in detector.detect(grey, [label])] == [d.box for d in detector.detect(np.dstack([grey] * 3), [label])]

"""The background distance (metrics/background.py) that the text check's faint look reads: exact
values on images with known colours."""
from __future__ import annotations

import numpy as np
import pytest

from pytest_genimg.metrics.background import FLOOR, background_distance


def test_background_distance_darkens_what_differs_from_its_surroundings() -> None:
    image = np.full((128, 128, 3), (90, 160, 90), dtype=np.uint8)
    image[60:68, 40:90] = (120, 185, 120)  # a faint bar: under half of any 9-pixel window at scale 4
    grey = background_distance(image)
    assert grey.shape == (128, 128) and grey.dtype == np.uint8
    from skimage.color import rgb2lab

    bar, ground = rgb2lab(np.array([[[120, 185, 120], [90, 160, 90]]], dtype=np.float64) / 255)[0]
    delta_e = float(np.linalg.norm(bar - ground))  # about 11: under the Delta-E floor, so drawn grey, not black
    assert 9 < delta_e < FLOOR
    assert np.abs(grey[62:66, 44:86].astype(int) - round(255 * (1 - delta_e / FLOOR))).max() <= 1
    assert (grey[:50] == 255).all() and (grey[80:] == 255).all()  # the background: white


def test_background_distance_leaves_a_smooth_gradient_white() -> None:
    ramp = np.linspace(40, 220, 256)
    image = np.stack([np.tile(ramp, (256, 1))] * 3, axis=-1).astype(np.uint8)
    grey = background_distance(image)
    # a grey ramp differs from its local median by a little Delta-E at most: under the 15 Delta-E floor
    assert grey[8:-8, 8:-8].min() >= 200


def test_background_distance_draws_the_farthest_ink_black() -> None:
    image = np.full((128, 128, 3), (200, 200, 200), dtype=np.uint8)
    image[60:68, 40:90] = (40, 40, 40)  # far above the floor: the 99.9th percentile, drawn black
    grey = background_distance(image)
    assert (grey[62:66, 44:86] == 0).all() and (grey[:50] == 255).all()


def test_background_distance_sees_a_hue_change_that_keeps_the_brightness() -> None:
    image = np.full((96, 96, 3), (180, 120, 120), dtype=np.uint8)  # pinkish
    image[40:46, 20:76] = (120, 140, 150)  # about as bright, another hue: grey text would show nothing here
    grey = background_distance(image)
    assert grey[41:45, 24:72].max() < 60 and (grey[:30] == 255).all()


def test_background_distance_takes_a_sign_plate_as_its_texts_background() -> None:
    image = np.full((256, 256, 3), (40, 90, 40), dtype=np.uint8)  # dark green
    image[80:180, 60:200] = (230, 230, 220)  # a pale plate, 100 px tall: wider than the neighbourhood
    image[126:134, 80:180] = (190, 190, 180)  # faint grey text on it
    grey = background_distance(image)
    assert grey[100:120, 90:170].min() == 255  # the plate's inside is background, not ink
    assert grey[128:132, 90:170].max() < 200  # the faint text on it is ink


@pytest.mark.parametrize("shape", [(10, 10), (10, 10, 4), (0, 5, 3)])
def test_background_distance_refuses_what_is_no_rgb_image(shape: tuple[int, ...]) -> None:
    with pytest.raises(ValueError, match="H x W x 3"):
        background_distance(np.zeros(shape, dtype=np.uint8))

"""MTCNN's crops (``face_verify.crop_resize``): the zero-padded square around a box, shrunk to the
network's input by area averaging, equals :func:`area_resize` of :func:`face_crop` (the reference,
itself checked against torch in test_face_propose.py) float for float, without building the
full-size square, so a box as large as a big image costs memory of the network's input times its
side, not of the box's square."""
from __future__ import annotations

import tracemalloc

import numpy as np
import pytest

from pytest_genimg.backends.face_verify import FaceVerifier, area_resize, crop_resize, face_crop


@pytest.mark.parametrize("box", [
    (10.0, 12.0, 40.0, 50.0),        # inside, taller than wide
    (-15.5, -3.2, 30.7, 20.1),       # over the top-left corner
    (50.0, 40.0, 95.0, 90.0),        # over the bottom-right corner
    (-30.0, -30.0, 140.0, 110.0),    # larger than the image on every side
    (200.0, 200.0, 260.0, 250.0),    # wholly outside: all zeros
    (5.0, 5.0, 5.4, 5.2),            # tiny: MTCNN's two-pixel minimum
    (3.0, 7.0, 80.0, 9.0),           # a flat sliver
])
@pytest.mark.parametrize("size", [24, 48])
def test_crop_resize_equals_the_full_size_square_shrunk(box, size) -> None:
    rng = np.random.default_rng(3)
    for image in (rng.integers(0, 256, (70, 90, 3), dtype=np.uint8), rng.integers(0, 256, (70, 90, 4), dtype=np.uint8)):
        got = crop_resize(image, box, size)
        assert got.shape == (size, size, 3) and got.dtype == np.float32
        np.testing.assert_array_equal(got, area_resize(face_crop(image, box), size))  # the same exact sums


def test_a_box_the_size_of_a_large_image_costs_little_memory() -> None:
    side = 2000
    image = np.random.default_rng(0).integers(0, 256, (side, side, 3), dtype=np.uint8)
    verifier = FaceVerifier()
    tracemalloc.start()
    try:
        verifier.probabilities(image, [(0.0, 0.0, float(side), float(side)), (-500.0, 100.0, 1500.0, 2100.0)])
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    # the full-size square alone is side * side * 3 float32s (48 MB here), its summed-area table twice
    # that: building them peaked at 336 MB; the crop now peaks at about 12 MB
    assert peak < side * side * 3 * 4 / 3, f"peak {peak / 1e6:.1f} MB"

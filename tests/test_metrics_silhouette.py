"""People's silhouettes for the extra-limb rule: which person a point lies on, masks joined per
person, shrinking, and the compact cached form, each on hand-made masks with known answers."""
from __future__ import annotations

import numpy as np
import pytest
from test_metrics_anatomy import make_person

from pytest_genimg.metrics.silhouette import (
    Silhouettes,
    grid_shape,
    person_silhouettes,
    shrink_mask,
    silhouettes_from_json,
    silhouettes_to_json,
)


def block(shape: tuple[int, int], rows: slice, cols: slice) -> np.ndarray:
    mask = np.zeros(shape, dtype=bool)
    mask[rows, cols] = True
    return mask


def test_people_under_reads_the_mask_at_its_scale() -> None:
    # Two people at 1/4 scale: P1 covers image x 0-39, P2 x 32-79 (they overlap at x 32-39), rows y 0-39.
    masks = np.stack([block((10, 20), slice(0, 10), slice(0, 10)), block((10, 20), slice(0, 10), slice(8, 20))])
    found = Silhouettes(masks, down=4)
    assert found.people_under(np.array([5.0, 5.0])) == [0]
    assert found.people_under(np.array([35.0, 20.0])) == [0, 1]
    assert found.people_under(np.array([40.0, 20.0])) == [1]  # x=40 is mask column 10: P1 ends at 9
    assert found.people_under(np.array([39.9, 39.9])) == [0, 1]
    assert found.people_under(np.array([5.0, 40.0])) == []  # below the last row
    assert found.people_under(np.array([-1.0, 5.0])) == []  # left of the image, not wrapped round
    assert Silhouettes(np.zeros((0, 10, 20), dtype=bool)).people_under(np.array([5.0, 5.0])) == []


def test_shrink_mask_samples_cell_centres() -> None:
    mask = block((8, 8), slice(0, 4), slice(0, 4))
    assert shrink_mask(mask, (8, 8), 4).tolist() == [[True, False], [False, False]]
    assert shrink_mask(mask, (8, 8), 1).tolist() == mask.tolist()
    assert shrink_mask(mask, (16, 16), 8).tolist() == [[True, False], [False, False]]  # a mask at half the image's size
    # An image 7 px wide in cells of 3: centres at 1.5, 4.5 and 6.5 (the last cell, 6-6, partial) -> columns 1, 4, 6.
    row = np.array([[False, True, False, False, True, False, True]])
    assert grid_shape((1, 7), 3) == (1, 3) and shrink_mask(row, (1, 7), 3).tolist() == [[True, True, True]]
    assert shrink_mask(~row, (1, 7), 3).tolist() == [[False, False, False]]


def test_each_person_gets_the_union_of_the_masks_of_its_detections() -> None:
    left, right, nobody = make_person(cx=100), make_person(cx=400), make_person(cx=700)
    shape = (4, 4)
    a, b, c = block(shape, slice(0, 2), slice(0, 2)), block(shape, slice(2, 4), slice(0, 2)), block(shape, slice(0, 4), slice(3, 4))
    shifted = type(left)(left.points + 3.0, left.visibility)  # the same body seen on a tile, 3 px off
    found = person_silhouettes([left, right, nobody], [(left, a), (right, c), (shifted, b)], shape, down=8)
    assert found.down == 8 and found.masks.shape == (3, 4, 4)
    assert np.array_equal(found.masks[0], a | b)
    assert np.array_equal(found.masks[1], c)
    assert not found.masks[2].any()  # no detection is that person


def test_cached_form_round_trips_and_is_compact() -> None:
    rng = np.random.default_rng(0)
    masks = rng.random((3, 128, 97)) > 0.5
    raw = silhouettes_to_json(Silhouettes(masks, down=4))
    back = silhouettes_from_json(raw)
    assert back.down == 4 and np.array_equal(back.masks, masks)
    assert len(raw["bits"]) < masks.size / 5  # 8 pixels a byte, base64's 4/3: about 1/6 of a byte per pixel
    one = silhouettes_to_json(Silhouettes(np.zeros((1, 128, 128), dtype=bool)))  # one person on a 512 px image
    assert len(one["bits"]) == 2732  # 2048 bytes in base64: the 2.7 KB the docs give
    empty = silhouettes_from_json(silhouettes_to_json(Silhouettes(np.zeros((0, 5, 5), dtype=bool))))
    assert empty.masks.shape == (0, 5, 5)


@pytest.mark.parametrize("raw, message", [
    ({"shape": [2, 3], "down": 4, "bits": ""}, "expected \\(people, rows, cols\\)"),
    ({"shape": [1, 4, 4], "down": 4, "bits": "AAAA"}, "3 bytes of silhouette bits"),
    ({"shape": [1, 1, 1], "down": 0, "bits": "AA=="}, "cells of 0 px"),
])
def test_a_damaged_cached_form_is_refused(raw: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        silhouettes_from_json(raw)


class MaskEngine:
    """One person, found on the whole image only, with a mask of the pixels left of ``edge``."""

    name = "masks"

    def __init__(self, person, size: tuple[int, int], edge: int) -> None:
        self.person, self.size, self.edge = person, size, edge

    def people(self, rgb: np.ndarray) -> list:
        return [self.person] if rgb.shape[1::-1] == self.size else []

    def hands(self, rgb: np.ndarray) -> list:
        return []

    def people_with_masks(self, rgb: np.ndarray) -> list:
        assert rgb.ndim == 3 and rgb.shape[2] == 3, f"the pose model takes RGB, got {rgb.shape}"
        mask = np.zeros(rgb.shape[:2], dtype=bool)
        mask[:, : self.edge] = True
        return [(self.person, mask)] if rgb.shape[1::-1] == self.size else []


@pytest.mark.parametrize("size", [(1023, 767), (1021, 1021)])
def test_silhouettes_cover_an_image_whose_sides_are_not_a_multiple_of_the_cell(size: tuple[int, int]) -> None:
    """The mask's cells are ``down`` px of the image, as ``people_under`` reads them, up to the last
    (partial) row and column: none of the image falls outside, and no cell is sampled elsewhere."""
    from PIL import Image

    from pytest_genimg.backends.scan import find_silhouettes

    person, (width, height) = make_person(), size
    found = find_silhouettes(MaskEngine(person, size, edge=1003), Image.new("RGB", size), [person])
    assert found is not None and found.masks.shape == (1, -(-height // 4), -(-width // 4))
    assert found.people_under(np.array([1001.0, 300.0])) == [0]  # cell 250 covers x 1000-1003, all on the mask
    assert found.people_under(np.array([1006.0, 300.0])) == []  # cell 251 covers x 1004-1007, off it
    assert found.people_under(np.array([2.0, height - 0.5])) == [0]  # the last row of pixels is covered


def test_silhouettes_of_a_tiny_image_cover_all_of_it() -> None:
    from PIL import Image

    from pytest_genimg.backends.scan import find_silhouettes

    person = make_person()
    scaled = type(person)(person.points * 256 / 7, person.visibility)  # the scan works on a 256 px copy
    found = find_silhouettes(MaskEngine(scaled, (256, 256), edge=256), Image.new("RGB", (7, 7)), [person])
    assert found is not None and found.masks.shape == (1, 2, 2) and found.masks.all()
    assert found.people_under(np.array([6.5, 6.5])) == [0]


def test_silhouettes_of_a_greyscale_wide_image_reach_the_pose_model_as_rgb() -> None:
    from PIL import Image

    from pytest_genimg.backends.scan import find_silhouettes

    person = make_person()
    found = find_silhouettes(MaskEngine(person, (1200, 500), edge=600), Image.new("L", (1200, 500)), [person])
    assert found is not None and found.people_under(np.array([300.0, 250.0])) == [0]


def test_an_engine_giving_masks_of_another_size_is_named() -> None:
    """A user's engine whose masks are not the size of the array it was given gets a usage error
    naming it, not numpy's broadcast error from inside the scan."""
    from PIL import Image

    from pytest_genimg.backends.scan import find_silhouettes
    from pytest_genimg.errors import GenImgUsageError

    class Squashed(MaskEngine):
        def people_with_masks(self, rgb: np.ndarray) -> list:
            return [(p, m[::2, ::2]) for p, m in super().people_with_masks(rgb)]

    person = make_person()
    with pytest.raises(GenImgUsageError, match=r"engine.people_with_masks: expected .*\(500, 400\).*got \(250, 200\)"):
        find_silhouettes(Squashed(person, (400, 500), edge=200), Image.new("RGB", (400, 500)), [person])

"""People's silhouettes for the extra-limb rule: which person a point lies on, masks joined per
person, shrinking, and the compact cached form, each on hand-made masks with known answers."""
from __future__ import annotations

import numpy as np
import pytest
from test_metrics_anatomy import make_person

from pytest_genimg.metrics.silhouette import (
    Silhouettes,
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
    assert shrink_mask(mask, (2, 2)).tolist() == [[True, False], [False, False]]
    assert shrink_mask(mask, (8, 8)).tolist() == mask.tolist()
    # 7 columns to 3: centres at 1.17, 3.5, 5.83 -> columns 1, 3, 5.
    row = np.array([[False, True, False, True, False, False, True]])
    assert shrink_mask(row, (1, 3)).tolist() == [[True, True, False]]


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
    empty = silhouettes_from_json(silhouettes_to_json(Silhouettes(np.zeros((0, 5, 5), dtype=bool))))
    assert empty.masks.shape == (0, 5, 5)


@pytest.mark.parametrize("raw, message", [
    ({"shape": [2, 3], "down": 4, "bits": ""}, "expected \\(people, rows, cols\\)"),
    ({"shape": [1, 4, 4], "down": 4, "bits": "AAAA"}, "3 bytes of silhouette bits"),
])
def test_a_damaged_cached_form_is_refused(raw: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        silhouettes_from_json(raw)

"""The people detector's opt-in tile pass (``metrics/tiled_people.py``, ``backends/tiled_people.py``):
tiles, the tile-to-image mapping and the merging on hand-made boxes, then the detector wired with
hand-made engines and masks (no MediaPipe)."""
from __future__ import annotations

import numpy as np
import pytest
from test_metrics_anatomy import make_person

from pytest_genimg.errors import GenImgUsageError
from pytest_genimg.metrics.tiled_people import (
    box_to_image,
    box_to_tile,
    merge_tile_people,
    only_small,
    rule_identity,
    tile_boxes,
    to_image,
)


def test_tiles_cover_the_image_with_the_overlap_asked_for() -> None:
    tiles = tile_boxes(175, 70, grid=2, overlap=0.25)  # a tile is 175 / 1.75 = 100 wide, 40 tall
    assert tiles == [(0.0, 0.0, 100.0, 40.0), (75.0, 0.0, 175.0, 40.0), (0.0, 30.0, 100.0, 70.0), (75.0, 30.0, 175.0, 70.0)]
    three = tile_boxes(512, 512)  # the default grid, 3x3: tiles of 512 / 2.5 = 204.8 px, step 153.6
    assert len(three) == 9 == rule_identity()["grid"] ** 2
    assert three[0] == (0.0, 0.0, 204.8, 204.8) and three[1][0] == pytest.approx(153.6) and three[-1][2:] == (512, 512)
    assert tile_boxes(10, 10, grid=1) == [(0.0, 0.0, 10, 10)]


def test_tile_points_and_boxes_map_back_to_image_pixels() -> None:
    tile, scale = (100.0, 40.0, 300.0, 240.0), 2.5  # a 200 px tile shown at 500 px
    points = np.array([[0.0, 0.0], [250.0, 100.0], [500.0, 500.0]])
    assert to_image(points, tile, scale).tolist() == [[100.0, 40.0], [200.0, 80.0], [300.0, 240.0]]
    box = (110.0, 50.0, 150.0, 130.0)
    assert box_to_tile(box, tile, scale) == (25.0, 25.0, 125.0, 225.0)
    assert box_to_image(box_to_tile(box, tile, scale), tile, scale) == box


def test_a_tile_body_another_covers_is_the_same_person() -> None:
    counted = [((0.0, 0.0, 50.0, 100.0), 0.9)]
    inside_counted = ((10.0, 10.0, 40.0, 60.0), 0.7)  # wholly inside the counted person
    seen_twice = [((200.0, 0.0, 240.0, 80.0), 0.6), ((210.0, 0.0, 250.0, 80.0), 0.8)]  # two tiles: 30 of 40 columns shared
    apart = ((100.0, 0.0, 140.0, 80.0), 0.5)  # touches nobody
    edge = ((225.0, 0.0, 265.0, 80.0), 0.4)  # shares 25 of its 40 columns with the kept view: 0.625 >= SAME
    found = [inside_counted, *seen_twice, apart, edge]
    assert merge_tile_people(found, counted) == [seen_twice[1], apart]  # the more visible view of the pair is kept
    assert merge_tile_people(found, []) == [seen_twice[1], inside_counted, apart]
    assert merge_tile_people(found, counted, same=0.7) == [seen_twice[1], apart, edge]  # 0.75 of the pair shared still
    assert merge_tile_people([], counted) == []


def test_the_pass_runs_only_where_nobody_or_only_small_people_are_counted() -> None:
    assert only_small([], 100)
    assert only_small([((0.0, 0.0, 10.0, 39.0), 0.9)], 100)  # under 0.4 of the height
    assert not only_small([((0.0, 0.0, 10.0, 39.0), 0.9), ((0.0, 0.0, 10.0, 40.0), 0.9)], 100)
    assert only_small([((0.0, 0.0, 10.0, 40.0), 0.9)], 100, small=0.5)


@pytest.mark.parametrize(("call", "argument"), [
    (lambda: tile_boxes(0, 10), "width"),
    (lambda: tile_boxes(10, 10.5), "height"),
    (lambda: tile_boxes(10, 10, grid=True), "grid"),
    (lambda: tile_boxes(10, 10, overlap=1.0), "overlap"),
    (lambda: tile_boxes(10, 10, overlap=float("nan")), "overlap"),
    (lambda: to_image(np.zeros((3, 2)), (0, 0, 1, 1), 0.0), "scale"),
    (lambda: to_image(np.zeros((3, 3)), (0, 0, 1, 1), 1.0), "points"),
    (lambda: merge_tile_people([], [], same=-0.1), "same"),
    (lambda: only_small([], 10, small="big"), "small"),
])
def test_bad_values_name_the_argument(call, argument: str) -> None:
    with pytest.raises(GenImgUsageError, match=argument):
        call()


class _TilePoses:
    """A pose engine that finds nothing on the whole image and one hand-made body on every tile
    (any array of ``tile_px`` rows), in that tile's pixels."""

    name = "tiles-only"

    def __init__(self, tile_px: int) -> None:
        self.tile_px, self.calls = tile_px, 0

    def people(self, rgb: np.ndarray) -> list:
        self.calls += 1
        return [make_person(cx=256, top=20)] if rgb.shape[0] == self.tile_px else []

    def hands(self, rgb: np.ndarray) -> list:
        return []

    def close(self) -> None:
        pass

    def cache_identity(self) -> dict:
        return {"name": "tiles-only"}


class _Segmenter:
    def __init__(self, level: float) -> None:
        self.level = level

    def mask(self, rgb: np.ndarray) -> np.ndarray:
        return np.full(rgb.shape[:2], self.level, np.float32)

    def cache_identity(self) -> dict:
        return {"name": "flat", "level": self.level}


def _detector(level: float = 0.9, **kwargs):
    from pytest_genimg.backends.detectors import PeopleDetector

    engine = _TilePoses(512)  # a 1024 px image's 3x3 tiles are 410 px, upscaled to 512
    return PeopleDetector(engine, face_min_score=None, low_engine=_TilePoses(-1), segmenter=_Segmenter(level), **kwargs), engine


def test_the_detector_counts_each_tile_body_the_tile_mask_confirms_once_in_image_pixels() -> None:
    rgb = np.zeros((1024, 1024, 3), np.uint8)
    det, engine = _detector(tile_pass=True)
    found = det.counted(rgb)
    assert len(found) == 9  # one body per tile, none shared: tiles start 307 px apart, a body is 141 px wide
    scale = 512 / 410
    own = det.boxes([make_person(cx=256, top=20)], (512, 512))[0][0]  # the body's box in its tile's pixels
    xs = sorted({round(b[0], 6) for b, _ in found})
    assert xs == pytest.approx([own[0] / scale + x0 for x0 in (0, 307, 614)])  # tiles cut at 0, 307, 614 px
    assert len(det.detect(rgb, ["person"])) == 9 and "+tiles" in det.name
    bare, _ = _detector(level=0.0, tile_pass=True)
    assert bare.counted(rgb) == []  # no tile mask confirms a body
    off, engine = _detector()
    assert off.counted(rgb) == [] and engine.calls == 2  # the whole image and its mirror only: no tiles
    assert "+tiles" not in off.name


def test_a_large_counted_person_skips_the_tiles_and_the_pass_is_in_the_cache_identity() -> None:
    from pytest_genimg.backends.detectors import PeopleDetector
    from pytest_genimg.backends.tiled_people import tile_newcomers

    det, engine = _detector(tile_pass=True)
    rgb = np.zeros((1024, 1024, 3), np.uint8)
    before = engine.calls
    assert tile_newcomers(det, rgb, [((0.0, 0.0, 100.0, 500.0), 0.9)]) == [] and engine.calls == before
    small = tile_newcomers(det, rgb, [((0.0, 0.0, 100.0, 300.0), 0.9)])  # a small person: tiles searched
    assert len(small) == 8 and all(b[0] > 300 or b[1] > 300 for b, _ in small)  # the first tile's mask region is the counted person's
    identity, plain = det.cache_identity(), _detector()[0].cache_identity()
    assert identity["tiles"]["segmenter"] == {"name": "flat", "level": 0.9} and "tiles" not in plain
    assert PeopleDetector.identity(tile_pass=True)["tiles"]["grid"] == 3 and "tiles" not in PeopleDetector.identity()
    with pytest.raises(GenImgUsageError, match="tile_pass"):
        PeopleDetector(engine, tile_pass="yes")

"""The scan's opt-in hand passes (``ScanSettings.coarse_hand_tile``, ``body_hand_tile``): a hand every
default tile cuts, and too small in the whole image, is found by them and only by them; their cache key."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PIL import Image
from test_metrics_anatomy import make_person

from pytest_genimg import evalcache
from pytest_genimg.backends.cached import CachedPose
from pytest_genimg.backends.scan import ScanSettings, _hand_tiles, more_hands, scan, settings_key
from pytest_genimg.evalcache import EvalCache
from pytest_genimg.metrics.anatomy import Hand, Person, merge_hands, person_tiles

RED = (255, 0, 0)


class SizedSquareFinder:
    """Finds a hand on the red square of an array when the square's side is between ``low`` and
    ``high`` of the array's longest side (a palm detector sees hands of some sizes only), and a fixed
    person on the whole image."""

    name = "sized-square"

    def __init__(self, size: tuple[int, int], people: list[Person], low: float, high: float) -> None:
        self.size, self._people, self.low, self.high = size, people, low, high

    def cache_identity(self) -> dict[str, Any]:
        return {"name": self.name, "low": self.low, "high": self.high}

    def people(self, rgb: np.ndarray) -> list[Person]:
        return self._people if rgb.shape[1::-1] == self.size else []

    def hands(self, rgb: np.ndarray) -> list[Hand]:
        red = (rgb[:, :, 0] > 200) & (rgb[:, :, 1] < 60) & (rgb[:, :, 2] < 60)
        if not red.any():
            return []
        ys, xs = np.nonzero(red)
        x0, y0, x1, y1 = xs.min(), ys.min(), xs.max() + 1, ys.max() + 1
        if not self.low <= max(x1 - x0, y1 - y0) / max(rgb.shape[:2]) <= self.high:
            return []
        points = np.vstack([[x0, y0], [x1, y1], np.full((19, 2), [(x0 + x1) / 2, (y0 + y1) / 2])]).astype(float)
        return [Hand(points, 0.9, "Left")]

    def close(self) -> None:
        pass


def square_image(size: tuple[int, int], box: tuple[int, int, int, int]) -> Image.Image:
    image = Image.new("RGB", size, (90, 110, 130))
    image.paste(RED, box)
    return image


def hands_at(found: list[Hand], box: tuple[int, int, int, int]) -> int:
    return sum(np.allclose(h.box, box, atol=2) for h in found)


def test_a_hand_every_tile_cuts_is_found_by_the_coarse_grid_only() -> None:
    size, box = (1200, 800), (450, 250, 750, 550)  # 300 px: a quarter of the image, cut by every 320 px tile
    engine = SizedSquareFinder(size, [], low=0.3, high=0.6)
    image = square_image(size, box)
    assert hands_at(scan(engine, image).hands, box) == 0
    assert hands_at(scan(engine, image, ScanSettings(coarse_hand_tile=640)).hands, box) == 1


def _inside(inner: tuple[float, ...], outer: tuple[float, ...], margin: float) -> bool:
    return outer[0] + margin < inner[0] and outer[1] + margin < inner[1] and inner[2] < outer[2] - margin and inner[3] < outer[3] - margin


def test_a_hand_over_a_large_body_is_found_by_tiles_around_it() -> None:
    """A body so large that its default tiles (1.25 body sizes) are left to the grid; a square every
    grid tile cuts lies whole in a tile of ``body_hand_tile`` body sizes around it."""
    size = (1200, 800)
    small = make_person(cx=150.0, top=0.0)
    person = Person(small.points * 1.6 + np.array([150.0, 20.0]), small.visibility)  # one body unit: 192 px
    settings = ScanSettings(body_hand_tile=0.9)
    default_tiles = _hand_tiles(size, [person], ScanSettings())
    body_tiles = person_tiles(person, size, scale=0.9, overlap=settings.hand_overlap, min_side=settings.min_tile)
    side = 100
    spots = [(x, y, x + side, y + side) for x in range(150, 500, 5) for y in range(100, 600, 5)
             if not any(_inside((x, y, x + side, y + side), t, 8) for t in default_tiles)
             and any(_inside((x, y, x + side, y + side), t, 8) for t in body_tiles)]
    assert spots, "the test needs a spot no default tile holds whole and a body tile does"
    box = spots[len(spots) // 2]
    engine = SizedSquareFinder(size, [person], low=0.5, high=0.7)  # 100 px: at least half a tile
    image = square_image(size, box)
    assert hands_at(scan(engine, image).hands, box) == 0
    found = scan(engine, image, settings).hands
    assert hands_at(found, box) == 1
    # The benchmarks' split: the default scan's hands merged with more_hands' are the scan's.
    split = merge_hands(scan(engine, image).hands + more_hands(engine, image, [person], settings))
    assert [h.box for h in split] == [h.box for h in found]


def test_the_passes_are_off_by_default_and_keep_old_cache_keys() -> None:
    assert ScanSettings().body_hand_tile == 0 and ScanSettings().coarse_hand_tile == 0
    names = [name for name, _ in settings_key(ScanSettings())]
    assert "body_hand_tile" not in names and "coarse_hand_tile" not in names  # scans cached before them stay valid
    assert ("coarse_hand_tile", 640) in settings_key(ScanSettings(coarse_hand_tile=640))
    assert ("body_hand_tile", 0.9) in settings_key(ScanSettings(body_hand_tile=0.9))


@pytest.mark.parametrize("changed", [{"coarse_hand_tile": 640}, {"body_hand_tile": 0.9}])
def test_the_evaluator_cache_keys_scans_by_the_passes(tmp_path: Path, changed: dict) -> None:
    """A scan cached without the passes is not served for a scan with them, nor the other way."""
    size, box = (1200, 800), (450, 250, 750, 550)
    engine = SizedSquareFinder(size, [], low=0.3, high=0.6)
    image = square_image(size, box)
    with evalcache.use(EvalCache(tmp_path)):
        plain = CachedPose(engine).scan(image)
        with_passes = CachedPose(engine).scan(image, ScanSettings(**changed))
        again = CachedPose(engine).scan(image)
    assert hands_at(plain.hands, box) == hands_at(again.hands, box) == 0
    if "coarse_hand_tile" in changed:
        assert hands_at(with_passes.hands, box) == 1

"""The evaluator cache for the anatomy check's extra readings: the second look at a hand and the
people's silhouettes, each cached per image and per the settings that change what is found."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PIL import Image

from pytest_genimg import evalcache
from pytest_genimg.backends.cached import CachedPose
from pytest_genimg.backends.scan import ScanSettings
from pytest_genimg.evalcache import EvalCache


class CountingHands:
    """A pose engine that finds one hand in the middle of whatever it is shown, counting its calls."""

    name = "counting-hands"

    def __init__(self) -> None:
        self.calls = 0

    def cache_identity(self) -> dict[str, Any]:
        return {"name": self.name}

    def hands(self, rgb: np.ndarray) -> list:
        from pytest_genimg.metrics.anatomy import Hand

        self.calls += 1
        h, w = rgb.shape[:2]
        return [Hand(np.vstack([[0.3 * w, 0.3 * h], [0.7 * w, 0.7 * h], np.full((19, 2), [w / 2, h / 2])]), 0.9)]

    def people(self, rgb: np.ndarray) -> list:
        return []

    def close(self) -> None:
        pass


def test_second_looks_are_cached_per_image_and_hand(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from pytest_genimg.metrics.anatomy import Hand

    def square(x: float, y: float, side: float) -> Hand:
        return Hand(np.vstack([[x, y], [x + side, y + side], np.full((19, 2), [x + side / 2, y + side / 2])]), 0.9)

    engine, image = CountingHands(), Image.new("RGB", (400, 400))
    with evalcache.use(EvalCache(tmp_path)):
        pose = CachedPose(engine)
        assert pose.reread(image, square(160, 160, 80)) == (3, 3) and engine.calls == 3
        assert pose.reread(image, square(160, 160, 80)) == (3, 3) and engine.calls == 3  # served from the cache
        assert pose.reread(image, square(300, 60, 40)) == (3, 3) and engine.calls == 6  # another hand: looked at
        assert pose.reread(Image.new("RGB", (400, 400), "white"), square(160, 160, 80)) == (3, 3) and engine.calls == 9

    # The crop size and the overlap a view needs change what is found: an entry from other settings is not reused.
    from pytest_genimg.backends import cached as cached_mod

    with evalcache.use(EvalCache(tmp_path)):
        for changed in ("views=((2.0, False),)|px=256|iou=0.3", "views=((2.0, False), (3.0, False), (2.5, True))|px=128|iou=0.3"):
            monkeypatch.setattr("pytest_genimg.backends.hand_verify.IDENTITY", changed)
            calls = engine.calls
            assert cached_mod.CachedPose(engine).reread(image, square(160, 160, 80)) == (3, 3) and engine.calls == calls + 3


class CountingMasks(CountingHands):
    """:class:`CountingHands` that also finds one person with a mask over the image's left half."""

    def __init__(self, person: Any) -> None:
        super().__init__()
        self.person, self.mask_calls = person, 0

    def people_with_masks(self, rgb: np.ndarray) -> list:
        self.mask_calls += 1
        mask = np.zeros(rgb.shape[:2], dtype=bool)
        mask[:, : rgb.shape[1] // 2] = True
        return [(self.person, mask)]


def test_silhouettes_are_cached_per_image_people_and_tiling(tmp_path: Path) -> None:
    from test_metrics_anatomy import make_person

    person = make_person()
    engine, image = CountingMasks(person), Image.new("RGB", (400, 500))
    with evalcache.use(EvalCache(tmp_path)):
        pose = CachedPose(engine)
        found = pose.silhouettes(image, [person])
        runs = engine.mask_calls  # two rounds: the second, with the head greyed, finds no one new
        assert found is not None and found.masks.shape == (1, 125, 100) and runs == 2
        assert found.people_under(np.array([100.0, 250.0])) == [0] and found.people_under(np.array([300.0, 250.0])) == []
        again = pose.silhouettes(image, [person])
        assert engine.mask_calls == runs and np.array_equal(again.masks, found.masks)  # served from the cache
        moved = make_person(cx=210)
        assert pose.silhouettes(image, [moved]).masks.any() and engine.mask_calls == 2 * runs  # other people: computed again
        pose.silhouettes(image, [person], ScanSettings(pose_rounds=1))
        assert engine.mask_calls == 2 * runs + 1  # another tiling (one round): computed again
        from pytest_genimg.backends import cached as cached_mod

        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(cached_mod, "SILHOUETTE_VERSION", cached_mod.SILHOUETTE_VERSION + 1)
            pose.silhouettes(image, [person])
        assert engine.mask_calls == 3 * runs + 1  # another version of find_silhouettes: computed again
    assert CachedPose(CountingHands()).silhouettes(image, [person]) is None  # an engine without masks


@pytest.mark.parametrize("damage", ["down", "shape"])
def test_a_silhouette_entry_that_does_not_fit_the_image_is_computed_again(tmp_path: Path, damage: str) -> None:
    """A stored entry whose cells are not 1/4 of this image's (another version's grid, a damaged
    file) is not served: a zero cell size would divide by zero, a smaller grid leave pixels uncovered."""
    from test_metrics_anatomy import make_person

    from pytest_genimg.metrics.silhouette import Silhouettes, silhouettes_to_json

    person = make_person()
    engine, image = CountingMasks(person), Image.new("RGB", (400, 500))
    with evalcache.use(EvalCache(tmp_path)):
        CachedPose(engine).silhouettes(image, [person])
        (entry,) = (tmp_path / "pose").rglob("*.json")
        stored = json.loads(entry.read_text())
        if damage == "down":
            stored["output"]["down"] = 0
        else:  # a grid a row short, as an older version stored for sides not a multiple of 4
            stored["output"] = silhouettes_to_json(Silhouettes(np.ones((1, 124, 100), dtype=bool)))
        entry.write_text(json.dumps(stored))
        runs = engine.mask_calls
        found = CachedPose(engine).silhouettes(image, [person])
        assert engine.mask_calls > runs and found is not None and found.masks.shape == (1, 125, 100)
        assert found.people_under(np.array([100.0, 498.0])) == [0] and found.people_under(np.array([300.0, 250.0])) == []


def test_scans_are_cached_per_version_of_the_scan(tmp_path: Path) -> None:
    """A change to what the scan returns for the same pixels (SCAN_VERSION) leaves older entries unused."""
    from pytest_genimg.backends import cached as cached_mod

    engine, image = CountingHands(), Image.new("RGB", (400, 400))
    with evalcache.use(EvalCache(tmp_path)):
        first = CachedPose(engine).scan(image)
        runs = engine.calls
        again = CachedPose(engine).scan(image)
        assert runs > 0 and engine.calls == runs and len(again.hands) == len(first.hands)  # served from the cache
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(cached_mod, "SCAN_VERSION", cached_mod.SCAN_VERSION + 1)
            CachedPose(engine).scan(image)
        assert engine.calls == 2 * runs

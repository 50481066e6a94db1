"""A user's detector that returns malformed detections (NaN or inverted boxes, NaN scores, a mask of
the wrong shape) gets a usage error naming the detector, not a crash inside numpy or PIL."""
from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from pytest_genimg import Detection, GenImgUsageError, measure_composition


class Fixed:
    name = "fixed"

    def __init__(self, *found: Detection) -> None:
        self.found = found

    def detect(self, rgb: np.ndarray, labels: list[str]) -> list[Detection]:
        return list(self.found)


IMAGE = Image.new("RGB", (64, 48), (200, 30, 30))


@pytest.mark.parametrize(("bad", "why"), [
    (Detection("cat", (float("nan"), 0, 10, 10)), "finite"),
    (Detection("cat", (10, 10, 0, 0)), "x0 <= x1"),
    (Detection("cat", (0, 0, 10)), "4 numbers"),  # type: ignore[arg-type]
    (Detection("cat", (0, 0, 10, 10), float("nan")), "score"),
    (Detection("cat", (0, 0, 10, 10), 0.9, mask=np.ones((3, 3), bool)), "mask"),
])
def test_malformed_detection_is_a_usage_error_naming_the_detector(bad, why) -> None:
    with pytest.raises(GenImgUsageError, match=rf"detector: 'fixed': expected .*{why}"):
        measure_composition(IMAGE, objects={"cat": {"count": 1, "color": "red"}}, detector=Fixed(bad))


def test_a_box_of_numpy_numbers_is_accepted_and_drawn() -> None:
    box = np.array([5.0, 5.0, 20.0, 20.0], np.float32)
    found = Fixed(Detection("cat", box, np.float32(0.9)), Detection("dog", np.array([30, 5, 40, 20]), 0.8))  # type: ignore[arg-type]
    assert measure_composition(IMAGE, objects={"cat": 1}, detector=found).passed
    failed = measure_composition(IMAGE, objects={"cat": 2, "dog": 1}, relations=[("cat", "right of", "dog")], detector=found)
    assert not failed.passed and "1 cat (wanted 2)" in failed.items[0].reason and failed.items[0].artifact  # drawn, not a PIL TypeError
    with pytest.raises(GenImgUsageError, match="4 numbers"):
        measure_composition(IMAGE, objects={"cat": 1}, detector=Fixed(Detection("cat", np.zeros((2, 2)))))  # type: ignore[arg-type]


def test_well_formed_detections_with_a_mask_still_pass() -> None:
    mask = np.zeros((48, 64), bool)
    mask[5:20, 5:20] = True
    result = measure_composition(IMAGE, objects={"cat": {"count": 1, "color": "red"}},
                                 detector=Fixed(Detection("cat", (5, 5, 20, 20), 0.9, mask=mask)))
    assert result.passed


def test_a_cacheable_detector_with_numpy_boxes_is_cached_and_served(tmp_path) -> None:
    from pytest_genimg import evalcache

    class Cacheable(Fixed):
        calls = 0

        def cache_identity(self) -> dict:
            return {"name": "numpy-boxes", "version": 1}

        def detect(self, rgb, labels):
            Cacheable.calls += 1
            return super().detect(rgb, labels)

    found = Cacheable(Detection("cat", np.array([5.0, 5.0, 20.0, 20.0], np.float32), np.float32(0.9)))  # type: ignore[arg-type]
    with evalcache.use(evalcache.EvalCache(tmp_path)):
        first = measure_composition(IMAGE, objects={"cat": 1}, detector=found)
        again = measure_composition(IMAGE, objects={"cat": 1}, detector=found)
    assert first.passed and again.passed and Cacheable.calls == 1  # stored as plain JSON, then served

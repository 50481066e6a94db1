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


def test_well_formed_detections_with_a_mask_still_pass() -> None:
    mask = np.zeros((48, 64), bool)
    mask[5:20, 5:20] = True
    result = measure_composition(IMAGE, objects={"cat": {"count": 1, "color": "red"}},
                                 detector=Fixed(Detection("cat", (5, 5, 20, 20), 0.9, mask=mask)))
    assert result.passed

"""measure_anatomy's ``settings`` (the tiling) and the thresholds it reports: a bad ScanSettings is a
usage error naming the field before any model loads, and every rule field that decides a verdict is
in the result's thresholds."""
from __future__ import annotations

import math
import re

import pytest
from PIL import Image

from pytest_genimg import GenImgUsageError, measure_anatomy
from pytest_genimg.backends.scan import ScanSettings
from pytest_genimg.metrics.limb_rule import LimbRule


@pytest.mark.parametrize(("settings", "argument"), [
    ("tiles", "settings"),
    ({"tiles": False}, "settings"),
    (ScanSettings(hand_tile=0), "settings.hand_tile"),
    (ScanSettings(hand_tile=12.5), "settings.hand_tile"),  # type: ignore[arg-type]
    (ScanSettings(hand_overlap=1.0), "settings.hand_overlap"),
    (ScanSettings(hand_overlap=float("nan")), "settings.hand_overlap"),
    (ScanSettings(min_tile_px=0), "settings.min_tile_px"),
    (ScanSettings(min_image_px=0), "settings.min_image_px"),
    (ScanSettings(min_image_px=512, max_image_px=256), "settings.max_image_px"),
    (ScanSettings(edge_margin=-0.1), "settings.edge_margin"),
    (ScanSettings(tiles="no"), "settings.tiles"),  # type: ignore[arg-type]
    (ScanSettings(pose_tiles=None), "settings.pose_tiles"),  # type: ignore[arg-type]
    (ScanSettings(pose_rounds=0), "settings.pose_rounds"),
    (ScanSettings(person_tile=0.0), "settings.person_tile"),
    (ScanSettings(min_tile=True), "settings.min_tile"),  # type: ignore[arg-type]
    (ScanSettings(body_hand_tile=-1.0), "settings.body_hand_tile"),
    (ScanSettings(body_hand_tile=float("inf")), "settings.body_hand_tile"),
    (ScanSettings(coarse_hand_tile=-1), "settings.coarse_hand_tile"),
    (ScanSettings(coarse_hand_tile=640.0), "settings.coarse_hand_tile"),  # type: ignore[arg-type]
])
def test_bad_settings_name_the_field(settings, argument) -> None:
    with pytest.raises(GenImgUsageError, match=f"^{re.escape(argument)}: expected"):
        measure_anatomy(Image.new("RGB", (32, 32)), settings=settings, engine=object())  # type: ignore[arg-type]


def test_the_reported_thresholds_include_every_rule_field_that_decides() -> None:
    from test_check_anatomy import FakeEngine
    from test_metrics_anatomy import make_person

    rule = LimbRule(neighbour_reach=0.7, bent_back_radius=0.4, max_head_drop=0.3)
    result = measure_anatomy(Image.new("RGB", (400, 500)), engine=FakeEngine([make_person()], [], (400, 500)), rule=rule)
    assert result.passed
    assert result.thresholds["neighbour_reach"] == 0.7 and result.thresholds["bent_back_radius"] == 0.4
    assert result.thresholds["max_head_drop"] == 0.3
    default = measure_anatomy(Image.new("RGB", (400, 500)), engine=FakeEngine([make_person()], [], (400, 500))).thresholds
    assert default["bent_back_radius"] == LimbRule().bent_back_radius == 0
    assert default["max_head_drop"] == LimbRule().max_head_drop == 0.0  # on by default since the ninth round
    off = measure_anatomy(Image.new("RGB", (400, 500)), engine=FakeEngine([make_person()], [], (400, 500)),
                          rule=LimbRule(max_head_drop=math.inf)).thresholds
    assert off["max_head_drop"] is None  # math.inf: off, reported as None

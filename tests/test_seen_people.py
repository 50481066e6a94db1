"""The people detector's tenth-round rules (``metrics/seen_people.py``): a body whose nose lies outside
the image is not counted (``frame_rule``); a faceless body only the mirror view found counts only where
the person mask confirms it (``mirror_confirm``). Hand-made bodies, faces and masks, then the detector
wired with hand-made pose engines; each test fails with the rule off."""
from __future__ import annotations

import numpy as np
import pytest
from test_faced_people import _Faces, face_box
from test_masked_people import _Poses, _Segmenter
from test_metrics_anatomy import make_person  # size 120 px, nose at (cx, top + 40)

from pytest_genimg.metrics.anatomy import Person
from pytest_genimg.metrics.seen_people import mirror_only, off_frame, rule_identity


def moved(person: Person, dx: float, dy: float) -> Person:
    return Person(person.points + (dx, dy), person.visibility)


def test_a_body_with_its_nose_outside_the_image_is_off_frame() -> None:
    inside = make_person(cx=100, top=0)  # nose (100, 40)
    left, right = moved(inside, -101, 0), moved(inside, 301, 0)  # noses at x -1 and 401 of a 400 px wide image
    above, below = moved(inside, 0, -41), moved(inside, 0, 261)  # y -1 and 301 of a 300 px tall one
    edge = moved(inside, 300, 260)  # nose exactly on the corner (400, 300): inside (inclusive)
    people = [inside, left, right, above, below, edge]
    assert off_frame(people, (300, 400, 3)) == [left, right, above, below]
    assert off_frame(people, (300, 401)) == [left, above, below]  # one pixel wider: x 401 is inside
    assert off_frame([], (10, 10)) == []


def test_a_faceless_body_no_plain_body_is_the_same_person_is_mirror_only() -> None:
    plain = make_person(cx=100, top=0)
    again = moved(plain, 3, 2)  # the mirror view's own detection of the plain view's person
    newcomer, faced = make_person(cx=400, top=0), make_person(cx=700, top=0)
    faces = [(face_box(faced), 0.9)]
    people = [plain, again, newcomer, faced]
    assert mirror_only(people, [plain], faces) == [newcomer]
    assert mirror_only(people, [plain], []) == [newcomer, faced]  # no face seen: both are the mirror view's alone
    assert mirror_only(people, [plain, newcomer], faces) == []
    assert mirror_only(people, [plain], [(face_box(newcomer), 0.3)]) == [newcomer, faced]  # a face under 0.4 is no face
    assert set(rule_identity()) == {"frame", "mirror_only"}


class _MirrorOnly(_Poses):
    """A pose engine that finds its bodies only in the mirror image: the plain image carries a white
    stripe down its left edge, which the mirror image has on its right."""

    def people(self, rgb: np.ndarray) -> list:
        self.calls += 1
        strip = max(1, rgb.shape[1] // 32)
        return list(self.found) if rgb[:, -strip:].mean() > rgb[:, :strip].mean() else []


def _stripe() -> np.ndarray:
    rgb = np.zeros((512, 512, 3), np.uint8)
    rgb[:, :16] = 255
    return rgb


def _detector(engine, mask: np.ndarray, faces: list, **kwargs):
    from pytest_genimg.backends.detectors import PeopleDetector

    found = PeopleDetector(engine, face_min_score=None, low_floor_mask=False, segmenter=_Segmenter(mask), **kwargs)
    found.blazefaces = _Faces(faces)
    return found


def test_the_detector_counts_a_faceless_mirror_only_body_only_where_the_mask_confirms_it() -> None:
    person = make_person(cx=256, top=100)  # symmetric about x 256: the same place in both views
    rgb, bare, on_body = _stripe(), np.zeros((512, 512), np.float32), np.zeros((512, 512), np.float32)
    on_body[100:400, 180:330] = 1.0
    engine = _MirrorOnly([person])
    assert len(_detector(engine, bare, [], mirror_confirm=False).detect(rgb, ["person"])) == 1  # the ninth round's detector
    assert _detector(engine, bare, []).detect(rgb, ["person"]) == []  # the mask leaves it bare: not counted
    assert len(_detector(engine, on_body, []).detect(rgb, ["person"])) == 1  # the mask confirms it
    assert len(_detector(engine, bare, [(face_box(person), 0.9)]).detect(rgb, ["person"])) == 1  # its own face vouches for it
    both = _Poses([person])  # found in the plain view too: counted whatever the mask says
    assert len(_detector(both, bare, []).detect(rgb, ["person"])) == 1
    assert _detector(engine, bare, [], mirror=False).detect(rgb, ["person"]) == []  # no mirror view, no body at all
    with pytest.raises(Exception, match="mirror_confirm"):
        _detector(engine, bare, [], mirror_confirm="on")


def test_the_detector_drops_a_body_with_its_nose_outside_the_image_only_with_frame_rule() -> None:
    rgb = np.zeros((512, 512, 3), np.uint8)
    ghost = make_person(cx=256, top=-60)  # nose at y -20, shoulders and hips inside
    for kwargs, want in (({}, 0), ({"frame_rule": False}, 1)):
        found = _detector(_Poses([ghost]), np.zeros((512, 512), np.float32), [], mirror=False, **kwargs)
        assert len(found.detect(rgb, ["person"])) == want, kwargs
        assert ("+framed" in found.name) == kwargs.get("frame_rule", True)
    with pytest.raises(Exception, match="frame_rule"):
        _detector(_Poses([ghost]), np.zeros((512, 512), np.float32), [], frame_rule=None)


def test_the_rules_are_part_of_the_cache_identity_and_off_gives_the_previous_identity() -> None:
    from pytest_genimg.backends.detectors import PeopleDetector

    new, old = PeopleDetector.identity(), PeopleDetector.identity(frame_rule=False, mirror_confirm=False)
    assert set(new) - set(old) == {"frame", "confirmed"} and {k: v for k, v in new.items() if k not in ("frame", "confirmed")} == old
    assert "model" in new["confirmed"]["segmenter"] and new["confirmed"]["rule"] == new["masked"]["rule"]
    assert "confirmed" not in PeopleDetector.identity(mirror=False)  # without the mirror view the rule cannot act
    assert PeopleDetector.identity(frame_rule=False) != new != PeopleDetector.identity(mirror_confirm=False)
    given = _detector(_Poses([]), np.zeros((4, 4), np.float32), [])
    given._segmenter.cache_identity = lambda: {"name": "fixed mask"}
    assert given.cache_identity()["confirmed"]["segmenter"] == {"name": "fixed mask"}
    del given._segmenter.cache_identity
    assert given.cache_identity() is None  # a segmenter that does not describe itself: never cached

"""Unit tests of the people detector's body rules on hand-made BlazePose landmark sets: which
detections are people (an upright seen torso) and which are one person (a piece lying on a larger
body; noses and shoulders that coincide)."""
from __future__ import annotations

import math

import numpy as np
import pytest
from test_metrics_anatomy import make_person  # size 120 px: shoulders 100 apart, torso 120 long

from pytest_genimg.metrics.anatomy import Person
from pytest_genimg.metrics.bodies import (
    HEAD_WIDTH,
    MAX_TILT,
    one_body_each,
    part_of,
    plausible_body,
    same_body,
    share_inside,
    torso_tilt,
)


def moved(person: Person, dx: float = 0.0, dy: float = 0.0, *, scale: float = 1.0, visibility: float | None = None) -> Person:
    """``person`` scaled about its head centre, then shifted."""
    head = person.points[:11].mean(axis=0)
    points = (person.points - head) * scale + head + (dx, dy)
    return Person(points, person.visibility if visibility is None else np.full(33, visibility))


def turned(person: Person, degrees: float) -> Person:
    """``person`` rotated in the image plane about its torso centre (positive: clockwise on screen)."""
    centre = person.points[[11, 12, 23, 24]].mean(axis=0)
    a = math.radians(degrees)
    rotation = np.array([[math.cos(a), -math.sin(a)], [math.sin(a), math.cos(a)]])
    return Person((person.points - centre) @ rotation.T + centre, person.visibility)


def test_torso_tilt_measures_degrees_from_upright_and_needs_a_seen_torso() -> None:
    upright = make_person(cx=200)
    assert torso_tilt(upright) == pytest.approx(0.0)
    assert torso_tilt(turned(upright, 90)) == pytest.approx(90.0)
    assert torso_tilt(turned(upright, -45)) == pytest.approx(45.0)
    assert torso_tilt(turned(upright, 180)) == pytest.approx(180.0)
    hidden_hips = upright.visibility.copy()
    hidden_hips[[23, 24]] = 0.1  # a head-and-shoulders portrait: the hips are only guessed
    assert torso_tilt(Person(turned(upright, 90).points, hidden_hips)) is None


@pytest.mark.parametrize("degrees, expected", [(0, True), (44, True), (-59, True), (61, False), (-90, False), (105, False), (180, False)])
def test_a_body_is_plausible_up_to_sixty_degrees_from_upright(degrees: float, expected: bool) -> None:
    assert MAX_TILT == 60.0
    assert plausible_body(turned(make_person(cx=300, top=100), degrees)) is expected


def test_a_lying_body_whose_hips_are_not_seen_is_not_judged() -> None:
    lying = turned(make_person(cx=300, top=100), 90)
    visibility = lying.visibility.copy()
    visibility[[23, 24]] = 0.2
    assert plausible_body(Person(lying.points, visibility))


def test_same_body_needs_noses_and_shoulders_within_a_head_width() -> None:
    a = make_person(cx=200)
    assert HEAD_WIDTH == 0.3  # 36 px for a 120 px body
    assert same_body(a, moved(a, 30, 10))  # 31.6 px apart
    assert not same_body(a, moved(a, 40, 0))
    swapped = a.points.copy()
    swapped[[11, 12]] = swapped[[12, 11]]  # left and right shoulder confused (a person seen from behind)
    assert same_body(a, moved(Person(swapped, a.visibility), 20, 10))
    head_only = a.points.copy()
    head_only[[11, 12]] += (0, 60)  # same head, shoulders half a body lower
    assert not same_body(a, Person(head_only, a.visibility))


def test_people_side_by_side_and_a_mirror_copy_are_not_the_same_body() -> None:
    left, right = make_person(cx=200), make_person(cx=320)  # shoulders touching
    assert not same_body(left, right) and not part_of(left, right) and not part_of(right, left)
    twin = left.mirrored(640.0)
    assert not same_body(left, twin)


def test_a_small_body_whose_head_lies_on_a_larger_body_is_a_piece_of_it() -> None:
    big = make_person(cx=200)  # left wrist at (265, 240)
    head = big.points[:11].mean(axis=0)
    piece = moved(big, 265 - head[0], 240 - head[1], scale=0.4)  # head on the wrist, 48 px body
    assert piece.size == pytest.approx(48.0)
    assert share_inside(piece.box(), big.box()) == pytest.approx((270 - 237) / 56, abs=0.01)
    assert part_of(piece, big)
    assert not part_of(big, piece)
    assert not part_of(moved(piece, 60, 0), big)  # head 0.5 body units off the arm, box outside
    assert not part_of(moved(big, 265 - head[0], 240 - head[1]), big)  # as large as the body it lies on
    assert not part_of(moved(big, 265 - head[0], 240 - head[1], scale=0.85), big)  # 0.85 >= 0.8 of its size


def test_share_inside_is_the_share_of_the_first_box() -> None:
    assert share_inside((0, 0, 10, 10), (5, 0, 100, 100)) == 0.5
    assert share_inside((5, 0, 100, 100), (0, 0, 10, 10)) == pytest.approx(50 / 9500)
    assert share_inside((0, 0, 0, 10), (0, 0, 10, 10)) == 0.0


def test_one_body_each_keeps_one_plausible_body_per_person() -> None:
    big, neighbour = make_person(cx=200), make_person(cx=320)
    head = big.points[:11].mean(axis=0)
    duplicate = moved(big, 10, 5, visibility=0.9)
    piece = moved(big, 265 - head[0], 240 - head[1], scale=0.4)
    lying = turned(make_person(cx=600, top=100), 90)
    kept = one_body_each([duplicate, piece, lying, big, neighbour])
    assert len(kept) == 2 and kept[0] is big and kept[1] is neighbour
    twin = big.mirrored(800.0)
    assert one_body_each([big, twin]) == [big, twin]
    assert one_body_each([lying], max_tilt=90.0) == [lying]
    assert len(one_body_each([big, moved(big, 40, 0)], head=0.4)) == 1


class _FixedPoses:
    """A pose engine that finds the same hand-made bodies in any image."""

    name = "fixed"

    def __init__(self, people: list[Person]) -> None:
        self.found = people

    def people(self, rgb: np.ndarray) -> list[Person]:
        return list(self.found)

    def hands(self, rgb: np.ndarray) -> list:
        return []

    def close(self) -> None:
        pass


def test_the_people_detector_applies_the_body_rules_unless_told_not_to() -> None:
    pytest.importorskip("mediapipe")  # the person mask (MediaPipe's segmenter) decides between bodies
    from pytest_genimg.backends.detectors import PeopleDetector

    big = make_person(cx=200, top=20)
    head = big.points[:11].mean(axis=0)
    piece = moved(big, 265 - head[0], 260 - head[1], scale=0.4)  # a head on the left wrist
    lying = turned(make_person(cx=400, top=20), 90)
    engine = _FixedPoses([big, piece, lying])
    rgb = np.zeros((512, 512, 3), dtype=np.uint8)
    ruled = PeopleDetector(engine, mirror=False, face_min_score=None, frame_rule=False).detect(rgb, ["person"])
    raw = PeopleDetector(engine, mirror=False, face_min_score=None, body_rules=False, frame_rule=False).detect(rgb, ["person"])  # the lying body's nose is off the image
    assert len(raw) == 3 and len(ruled) == 1
    x0, y0, x1, y1 = ruled[0].box
    assert x0 < 200 < x1 and y0 < 60 < y1  # the upright body's box
    assert PeopleDetector.identity(body_rules=True) != PeopleDetector.identity(body_rules=False)


def test_split_by_coco_replaces_one_skeleton_over_two_people() -> None:
    from pytest_genimg.metrics.bodies import split_by_coco

    wide = ((0.0, 0.0, 200.0, 200.0), 0.9)  # one pose box over two people
    left, right = ((0.0, 10.0, 90.0, 200.0), 0.8), ((110.0, 10.0, 200.0, 200.0), 0.7)
    assert split_by_coco([wide], [left, right], 0.5) == [left, right]
    assert split_by_coco([wide], [left, right], 0.75) == [wide]  # one sure COCO box is not two people
    nested = ((10.0, 20.0, 80.0, 120.0), 0.9)  # the left person's upper half: half inside the other
    assert split_by_coco([wide], [left, nested], 0.5) == [wide]
    assert split_by_coco([], [left, right], 0.5) == []  # COCO boxes alone add nobody here (combine_people does)
    second = ((115.0, 0.0, 200.0, 200.0), 0.95)  # a second skeleton on the right person: not counted twice
    assert split_by_coco([wide, second], [left, right], 0.5) == [second, left]
    small = ((300.0, 0.0, 360.0, 60.0), 0.9)  # a pose box covering neither COCO box by half stays
    assert split_by_coco([small, wide], [left, right], 0.5) == [small, left, right]

"""Unit tests of the extra-limb geometry: tiles, box merging, body units and the wrist rule."""
from __future__ import annotations

import itertools
import math

import numpy as np
import pytest

from pytest_genimg.metrics.anatomy import (
    Hand,
    Person,
    body_gaps,
    body_size,
    box_iou,
    head_box,
    merge_hands,
    merge_people,
    overlap_of_smaller,
    person_tiles,
    region_tiles,
    same_person,
    tile_grid,
    touches_inner_edge,
)
from pytest_genimg.metrics.limb_rule import LimbRule, assign_hands, head_boxes, wrist_bend, wrist_distance


def make_person(cx: float = 200.0, top: float = 0.0, visibility: float = 0.99) -> Person:
    """A standing person facing the camera (their left on the image's right): shoulders 100 px
    apart, torso 120 px long, so one body unit is 120 px; arms hang with wrists at y=top+240."""
    p = np.zeros((33, 2))
    p[0] = (cx, top + 40)  # nose
    for i, dx in zip(range(1, 7), (5, 10, 15, -5, -10, -15)):
        p[i] = (cx + dx, top + 32)  # eyes
    p[7], p[8] = (cx + 22, top + 38), (cx - 22, top + 38)  # ears
    p[9], p[10] = (cx + 6, top + 55), (cx - 6, top + 55)  # mouth
    for sign, (sh, el, wr, pk, ix, th, hp, kn, an, he, ft) in (
        (1, (11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31)),
        (-1, (12, 14, 16, 18, 20, 22, 24, 26, 28, 30, 32)),
    ):
        p[sh] = (cx + 50 * sign, top + 100)
        p[el] = (cx + 60 * sign, top + 170)
        p[wr] = (cx + 65 * sign, top + 240)
        p[pk] = (cx + 70 * sign, top + 262)
        p[ix] = (cx + 62 * sign, top + 265)
        p[th] = (cx + 58 * sign, top + 255)
        p[hp] = (cx + 35 * sign, top + 220)
        p[kn] = (cx + 35 * sign, top + 330)
        p[an] = (cx + 35 * sign, top + 440)
        p[he], p[ft] = (cx + 35 * sign, top + 450), (cx + 45 * sign, top + 455)
    return Person(p, np.full(33, visibility))


def make_hand(wrist: tuple[float, float], direction: tuple[float, float] = (0.0, 1.0), length: float = 40.0, score: float = 0.95) -> Hand:
    """21 landmarks: the wrist, then five fingers of four points fanned around ``direction``."""
    d = np.asarray(direction, dtype=float) / np.linalg.norm(direction)
    side = np.array([-d[1], d[0]])
    pts = [np.asarray(wrist, dtype=float)]
    for finger, offset in enumerate((-0.45, -0.2, 0.0, 0.2, 0.4)):
        base = pts[0] + d * length * (0.3 if finger == 0 else 0.45) + side * offset * length
        for joint in range(4):
            pts.append(base + d * length * 0.15 * joint)
    return Hand(np.array(pts), score)


# --------------------------------------------------------------------------------------------- tiles


def test_tile_grid_covers_with_overlap() -> None:
    tiles = tile_grid(512, 512, 320, overlap=0.4)
    assert tiles == [(0, 0, 320, 320), (192, 0, 512, 320), (0, 192, 320, 512), (192, 192, 512, 512)]


def test_tile_grid_small_image_is_one_tile_clipped() -> None:
    assert tile_grid(200, 100, 320) == [(0, 0, 200, 100)]


def test_tile_grid_wide_image_spreads_evenly_to_the_border() -> None:
    tiles = tile_grid(1000, 300, 300, overlap=0.5)
    starts = [t[0] for t in tiles]
    assert starts[0] == 0 and tiles[-1][2] == 1000
    assert all(b - a <= 150 for a, b in itertools.pairwise(starts))  # at least half a tile shared


@pytest.mark.parametrize("args", [(0, 10, 5, 0.5), (10, 10, 0, 0.5), (10, 10, 5, 1.0)])
def test_tile_grid_rejects_bad_geometry(args: tuple[int, int, int, float]) -> None:
    with pytest.raises(ValueError):
        tile_grid(*args)


def test_region_tiles_grow_small_region_to_a_tile_inside_the_image() -> None:
    (tile,) = region_tiles((90, 90, 110, 110), (150, 400), tile=100, overlap=0.3)
    assert tile == (50, 50, 150, 150)


def test_person_tiles_scale_with_body_size_and_have_a_floor() -> None:
    person = make_person(cx=300, top=20)  # body size 120
    tiles = person_tiles(person, (600, 600), scale=1.25, min_side=64)
    assert {round(t[2] - t[0]) for t in tiles} == {150}
    xs = [t[0] for t in tiles] + [t[2] for t in tiles]
    assert min(xs) <= 300 - 65 - 42 and max(xs) >= 300 + 65 + 42  # the arms plus 0.35 body units
    assert {round(t[2] - t[0]) for t in person_tiles(person, (600, 600), min_side=200)} == {200}


def test_box_measures_by_hand() -> None:
    assert box_iou((0, 0, 10, 10), (5, 0, 15, 10)) == pytest.approx(50 / 150)
    assert box_iou((0, 0, 10, 10), (20, 20, 30, 30)) == 0.0
    assert overlap_of_smaller((0, 0, 10, 10), (2, 2, 6, 6)) == 1.0


def test_touches_inner_edge_only_counts_edges_inside_the_image() -> None:
    tile = (0, 0, 100, 100)
    assert touches_inner_edge((90, 40, 99, 60), tile, (300, 300), margin=2)  # right edge is inside
    assert not touches_inner_edge((0, 0, 20, 20), tile, (300, 300), margin=2)  # image corner
    assert not touches_inner_edge((90, 40, 99, 60), tile, (100, 300), margin=2)  # right edge = image edge


# --------------------------------------------------------------------------------------------- merging


def test_merge_hands_keeps_best_view_and_counts_votes() -> None:
    a = make_hand((100, 100), score=0.9)
    b = Hand(a.points + 3, 0.97)
    c = make_hand((300, 100), score=0.8)
    merged = merge_hands([a, b, c])
    assert len(merged) == 2
    best = max(merged, key=lambda h: h.votes)
    assert best.votes == 2 and best.score == 0.97


def test_merge_hands_keeps_two_hands_side_by_side() -> None:
    assert len(merge_hands([make_hand((100, 100)), make_hand((140, 100))])) == 2


def test_body_size_is_the_larger_of_shoulders_and_torso() -> None:
    person = make_person()
    assert body_size(person.points) == pytest.approx(math.hypot(0, 120))
    turned = person.points.copy()
    turned[11], turned[12] = (190, 100), (210, 100)  # seen from the side: shoulders 20 px apart
    assert body_size(turned) == pytest.approx(120)


def test_same_person_and_merge_people() -> None:
    a = make_person(cx=200)
    moved = Person(a.points + 6, a.visibility * 0.9)
    other = make_person(cx=500)
    assert same_person(a, moved) and not same_person(a, other)
    assert len(merge_people([moved, a, other])) == 2


def test_merge_people_drops_a_head_found_on_another_torso() -> None:
    body = make_person(cx=200, top=0)
    phantom = make_person(cx=200, top=120)  # its face lies on the first person's chest
    phantom = Person(phantom.points, phantom.visibility * 0.8)
    assert merge_people([body, phantom]) == [body]


def test_head_box_surrounds_the_face() -> None:
    x0, y0, x1, y1 = head_box(make_person(cx=200))
    assert x0 < 178 and x1 > 222 and y0 < 32 and y1 > 55


# --------------------------------------------------------------------------------------------- the rule


def test_hands_at_both_wrists_are_owned() -> None:
    person = make_person()
    hands = [make_hand((265, 240)), make_hand((135, 240))]
    result = assign_hands([person], hands)
    assert [(v.status, v.side) for v in result.verdicts] == [("owned", "left"), ("owned", "right")]
    assert result.hands_per_person == [2]


def test_hand_on_chest_with_wrists_taken_is_extra() -> None:
    person = make_person()
    hands = [make_hand((265, 240)), make_hand((135, 240)), make_hand((200, 150))]
    verdict = assign_hands([person], hands).verdicts[2]
    assert verdict.status == "extra" and verdict.reason.startswith("over body") and verdict.person == 0
    assert verdict.free_wrist is None


def test_hand_on_chest_reports_nearest_free_wrist() -> None:
    person = make_person()
    verdict = assign_hands([person], [make_hand((265, 240)), make_hand((200, 150))]).verdicts[1]
    assert verdict.status == "extra"
    p, side, distance = verdict.free_wrist  # type: ignore[misc]
    assert (p, side) == (0, "right")
    assert distance == pytest.approx(wrist_distance(person, "right", make_hand((200, 150))), abs=1e-3)


def test_closest_hand_wins_the_wrist() -> None:
    person = make_person()
    near, far = make_hand((265, 242)), make_hand((265, 262))
    verdicts = assign_hands([person], [far, near]).verdicts
    assert verdicts[1].status == "owned" and verdicts[0].status != "owned"


def test_hand_bent_backwards_cannot_be_taken() -> None:
    person = make_person()
    backwards = make_hand((265, 240), direction=(0, -1))  # fingers point up the forearm
    assert wrist_bend(person, "left", backwards) == pytest.approx(180 - math.degrees(math.atan2(5, 70)), abs=0.5)
    assert assign_hands([person], [backwards]).verdicts[0].status == "extra"
    assert assign_hands([person], [backwards], LimbRule(max_bend=180)).verdicts[0].status == "owned"


def test_invisible_wrist_takes_nothing() -> None:
    person = make_person()
    person.visibility[15] = 0.1
    verdict = assign_hands([person], [make_hand((265, 240))], LimbRule(hidden_radius=0.0)).verdicts[0]
    assert verdict.status == "stray"  # off the body, and the person has no other hand
    verdict = assign_hands([person], [make_hand((265, 240))]).verdicts[0]
    assert verdict.status == "owned" and verdict.reason.startswith("hidden (visibility 0.10)")  # at its estimate


def test_third_hand_within_reach_is_extra_and_far_hand_is_stray() -> None:
    person = make_person()
    hands = [make_hand((265, 240)), make_hand((135, 240)), make_hand((330, 120), (1, 0)), make_hand((700, 100))]
    verdicts = assign_hands([person], hands).verdicts
    assert verdicts[2].status == "extra" and verdicts[2].reason == "third hand"
    assert verdicts[3].status == "stray" and verdicts[3].person is None


def test_tiny_hand_is_not_counted_as_the_persons() -> None:
    person = make_person()
    tiny = make_hand((200, 150), length=5)
    assert assign_hands([person], [tiny]).verdicts[0].status == "stray"


def test_two_people_each_keep_their_hands() -> None:
    left, right = make_person(cx=150), make_person(cx=450)
    hands = [make_hand((215, 240)), make_hand((85, 240)), make_hand((515, 240)), make_hand((385, 240))]
    result = assign_hands([left, right], hands)
    assert all(v.status == "owned" for v in result.verdicts)
    assert result.hands_per_person == [2, 2]


def test_no_people_makes_every_hand_stray() -> None:
    result = assign_hands([], [make_hand((10, 10))])
    assert [v.status for v in result.verdicts] == ["stray"] and result.extra == []


def _hand_with_palm(palm: tuple[float, float], length: float = 40.0, votes: int = 1) -> Hand:
    probe = make_hand((0.0, 0.0), length=length)
    hand = make_hand(tuple(np.asarray(palm) - probe.palm), length=length)
    return Hand(hand.points, hand.score, hand.handedness, votes)


def test_wider_body_margin_once_both_wrists_hold_a_hand() -> None:
    person = make_person()
    near_hip = _hand_with_palm((200, 245))  # 25 px below the hips: 0.21 body units, off the legs
    torso, limb = body_gaps(person, near_hip.palm)
    assert 0.15 < torso < 0.25 and limb > 0.25
    both = assign_hands([person], [make_hand((265, 240)), make_hand((135, 240)), near_hip]).verdicts[2]
    assert both.status == "extra" and both.reason == "over body, both wrists taken"
    one = assign_hands([person], [make_hand((265, 240)), near_hip]).verdicts[1]
    assert one.status == "stray"  # the right wrist is free: this may be that hand, held low
    assert assign_hands([person], [make_hand((265, 240)), make_hand((135, 240)), near_hip],
                        LimbRule(full_margin=0.15)).verdicts[2].status == "stray"


def test_hand_far_larger_than_the_persons_is_not_theirs() -> None:
    person = make_person()
    huge = _hand_with_palm((200, 160), length=160)  # a foreground hand over a distant person
    assert huge.size > 0.8 * person.size
    verdict = assign_hands([person], [huge]).verdicts[0]
    assert verdict.status == "stray" and verdict.reason == "no person of a matching size"
    assert assign_hands([person], [huge], LimbRule(max_hand_size=2.0)).verdicts[0].status == "extra"


def test_min_votes_asks_for_agreement_between_passes() -> None:
    person = make_person()
    once, twice = _hand_with_palm((200, 160), votes=1), _hand_with_palm((200, 160), votes=2)
    assert assign_hands([person], [once]).verdicts[0].status == "extra"  # default: one pass is enough
    verdict = assign_hands([person], [once], LimbRule(min_votes=2)).verdicts[0]
    assert verdict.status == "stray" and "1 of the passes" in verdict.reason
    assert assign_hands([person], [twice], LimbRule(min_votes=2)).verdicts[0].status == "extra"


def test_hidden_wrist_takes_a_hand_near_its_estimate() -> None:
    person = make_person()
    person.visibility[15] = 0.1
    hand = make_hand((265, 240))
    assert LimbRule().hidden_radius == 0.25  # the default since the ninth round, continued
    verdict = assign_hands([person], [hand]).verdicts[0]
    assert verdict.status == "owned" and verdict.side == "left" and verdict.reason.startswith("hidden")
    assert assign_hands([person], [hand], LimbRule(hidden_radius=0.0)).verdicts[0].status == "stray"  # 0: off
    far = make_hand((265, 240 + 0.3 * person.size))  # beyond 0.25 body units of the estimate
    assert assign_hands([person], [far]).verdicts[0].status != "owned"
    assert assign_hands([person], [far], LimbRule(hidden_radius=0.35)).verdicts[0].status == "owned"


def test_hand_far_from_a_hidden_wrist_estimate_is_extra_when_asked() -> None:
    person = make_person()
    person.visibility[15] = 0.1  # left wrist hidden; its estimate stays at (265, 240)
    hands = [make_hand((135, 240)), make_hand((330, 120), (1, 0))]  # right hand, and one off the left shoulder
    assert assign_hands([person], hands).verdicts[1].status == "stray"
    verdict = assign_hands([person], hands, LimbRule(hidden_far=0.5)).verdicts[1]
    assert verdict.status == "extra" and "hidden left wrist" in verdict.reason


def test_head_boxes_grow_confident_faces_and_more_above_for_hair() -> None:
    faces = [((100.0, 100.0, 200.0, 150.0), 0.8), ((300.0, 300.0, 340.0, 340.0), 0.5)]
    assert head_boxes(faces, LimbRule()) == [(70.0, 70.0, 230.0, 165.0)]  # the 0.5 face is below min_face_score
    assert head_boxes(faces, LimbRule(min_face_score=0.5, head_grow=0.0))[1] == (300.0, 300.0, 340.0, 340.0)


def test_hand_on_a_head_is_unattached_not_extra() -> None:
    person = make_person()
    hands = [make_hand((265, 240)), make_hand((135, 240)), _hand_with_palm((200, 75))]  # a third hand at the chin
    assert assign_hands([person], hands).verdicts[2].reason == "over body, both wrists taken"
    face = ((175.0, 20.0, 225.0, 70.0), 0.9)  # head: y from 20 - 30 to 70 + 15, x from 160 to 240
    verdict = assign_hands([person], hands, faces=[face]).verdicts[2]
    assert verdict.status == "stray" and verdict.reason.startswith("on a head")
    assert assign_hands([person], hands, faces=[(face[0], 0.6)]).verdicts[2].status == "extra"  # face too unsure
    assert assign_hands([person], hands, LimbRule(head_grow=0.0), faces=[face]).verdicts[2].status == "extra"  # palm below the bare face
    chest = [make_hand((265, 240)), make_hand((135, 240)), _hand_with_palm((200, 160))]
    assert assign_hands([person], chest, faces=[face]).verdicts[2].status == "extra"  # on the chest, under the head
    owned = assign_hands([person], hands[:2], faces=[((240.0, 220.0, 290.0, 270.0), 0.9)])
    assert [v.status for v in owned.verdicts] == ["owned", "owned"]  # a head never takes a wrist's hand

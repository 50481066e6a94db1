"""Unit tests of the crowd exceptions: among people who touch, a hand over one body that another
person could own is unattached, not extra (``LimbRule.neighbour_hidden_reach``, ``shared_body``,
``crowd_size``, ``third_hand_alone``; each off gives the rule before the tenth round)."""
from __future__ import annotations

import numpy as np
from test_metrics_anatomy import _hand_with_palm, make_hand, make_person

from pytest_genimg.metrics.anatomy import WRISTS, Person, body_distance, body_gaps
from pytest_genimg.metrics.limb_rule import LimbRule, assign_hands, over_body, wrist_distance

# make_person(cx): one body unit is 120 px, torso x cx-50..cx+50, wrists at (cx +- 65, 240).
REACHING = make_hand((240, 200), (-1, 0))  # into P1's chest from the right (as in the neighbours' tests)
OLD = LimbRule(neighbour_hidden_reach=0.0, shared_body=False, third_hand_alone=False, crowd_size=0)


def _unseen(person: Person, side: str) -> Person:
    """``person`` with the ``side`` wrist seen only faintly (visibility 0.3: the pose's estimate)."""
    visibility = person.visibility.copy()
    visibility[WRISTS[side]] = 0.3
    return Person(person.points, visibility)


def test_a_hand_over_one_person_near_a_neighbours_unseen_free_wrist_is_unattached() -> None:
    one, two = make_person(200), _unseen(make_person(340), "right")
    assert body_gaps(one, REACHING.palm)[0] == 0.0
    assert 0.25 < wrist_distance(two, "right", REACHING) < 0.5  # too far for the hidden wrist to take it
    verdict = assign_hands([one, two], [REACHING]).verdicts[0]
    assert (verdict.status, verdict.person) == ("stray", None)
    assert verdict.reason == "over P1's body, but within reach of P2's free unseen right wrist (0.44 body units)"
    for rule in (OLD, LimbRule(neighbour_hidden_reach=0.0), LimbRule(neighbour_hidden_reach=0.4)):
        verdict = assign_hands([one, two], [REACHING], rule).verdicts[0]
        assert (verdict.status, verdict.person, verdict.reason) == ("extra", 0, "over body")


def test_a_second_pose_of_the_same_body_lends_no_unseen_wrist() -> None:
    one, twin = make_person(200), _unseen(make_person(215), "left")  # the pose found twice, 15 px apart
    assert 0.25 < wrist_distance(twin, "left", REACHING) < 0.5
    verdict = assign_hands([one, twin], [REACHING]).verdicts[0]
    assert (verdict.status, verdict.person, verdict.reason) == ("extra", 0, "over body")


def test_a_hand_over_two_peoples_arms_is_nobodys_to_fail() -> None:
    one, two = make_person(200), make_person(320)  # P1's left upper arm and P2's right one cross at x~260
    hand = _hand_with_palm((262, 150))
    assert over_body(one, hand.palm, LimbRule()) and over_body(two, hand.palm, LimbRule())
    verdict = assign_hands([one, two], [hand]).verdicts[0]
    assert verdict.status == "stray" and verdict.reason.startswith("over the bodies of P")
    old = assign_hands([one, two], [hand], LimbRule(shared_body=False)).verdicts[0]
    assert (old.status, old.reason) == ("extra", "over body")


def test_a_hand_in_a_tangle_of_three_people_is_unattached() -> None:
    people = [make_person(200), make_person(330), make_person(460)]
    hand = _hand_with_palm((330, 160))  # on P2's chest, 0.59 body units from P1's and P3's arms
    assert [round(body_distance(p, hand.palm), 2) for p in people] == [0.59, 0.0, 0.59]
    verdict = assign_hands(people, [hand]).verdicts[0]
    assert (verdict.status, verdict.reason) == ("stray", "over P2's body, in a tangle of 3 people (bodies within a body unit)")
    for rule in (OLD, LimbRule(crowd_size=0), LimbRule(crowd_size=4)):
        verdict = assign_hands(people, [hand], rule).verdicts[0]
        assert (verdict.status, verdict.person, verdict.reason) == ("extra", 1, "over body")
    # Two people only: the same hand on P2's chest is extra.
    assert assign_hands(people[1:], [hand]).verdicts[0].status == "extra"


def test_a_third_hand_another_person_could_reach_is_unattached() -> None:
    one, two = make_person(200), make_person(400)
    own = [make_hand((265, 240)), make_hand((135, 240))]  # P1 holds a hand at each wrist
    third = _hand_with_palm((295, 60))  # above, between P1's left shoulder (0.50) and P2's right one (0.57)
    gaps = [min(np.linalg.norm(third.palm - p.points[s]) for s in (11, 12)) / p.size for p in (one, two)]
    assert 0.45 < gaps[0] < gaps[1] < 0.6
    verdicts = assign_hands([one, two], [*own, third]).verdicts
    assert [v.status for v in verdicts] == ["owned", "owned", "stray"]
    assert verdicts[2].reason == ("within reach of P1, who has two hands, but also of P2, whose left wrist is free "
                                  f"({gaps[1]:.2f} body units from the shoulders)")
    for rule in (OLD, LimbRule(third_hand_alone=False)):
        verdict = assign_hands([one, two], [*own, third], rule).verdicts[2]
        assert (verdict.status, verdict.person, verdict.reason) == ("extra", 0, "third hand")
    # P2 holding its own hands too: nobody else could own it, so it is P1's third.
    full = [*own, make_hand((465, 240)), make_hand((335, 240)), third]
    assert assign_hands([one, two], full).verdicts[4].status == "extra"


def test_the_artifact_says_why_a_hand_in_a_crowd_is_unattached() -> None:
    from pytest_genimg.checks.anatomy import hand_owner

    people = [make_person(200), make_person(330), make_person(460)]
    line = hand_owner(assign_hands(people, [_hand_with_palm((330, 160))]).verdicts[0])
    assert line == "unattached: over P2's body, in a tangle of 3 people (bodies within a body unit)"
    one, two = make_person(200), _unseen(make_person(340), "right")
    line = hand_owner(assign_hands([one, two], [REACHING]).verdicts[0])
    assert line == "unattached: over P1's body, but within reach of P2's free unseen right wrist (0.44 body units)"

"""Unit tests of the wrist rule between people: a neighbour's hand over another person's body, and
the largest hand a person can own."""
from __future__ import annotations

from test_metrics_anatomy import _hand_with_palm, make_hand, make_person

from pytest_genimg.metrics.anatomy import body_gaps
from pytest_genimg.metrics.limb_rule import LimbRule, assign_hands, wrist_distance

# P1 stands at x=200 (torso x 150-250); P2 at x=340, whose right wrist hangs at (275, 240).
# The hand reaches into P1's chest from the right, its wrist 53 px (0.44 body units) from P2's.
REACHING = make_hand((240, 200), (-1, 0))


def test_a_hand_over_one_person_within_reach_of_a_neighbours_free_wrist_is_unattached() -> None:
    one, two = make_person(200), make_person(340)
    assert body_gaps(one, REACHING.palm)[0] == 0.0  # inside P1's torso
    assert 0.2 < wrist_distance(two, "right", REACHING) < 0.5  # too far to take, within reach
    verdict = assign_hands([one, two], [REACHING]).verdicts[0]
    assert (verdict.status, verdict.person) == ("stray", None)
    assert verdict.free_wrist == (0, "left", 0.393)  # the nearest free wrist is P1's own; P2's is the neighbour's
    assert verdict.reason == "over P1's body, but within reach of P2's free right wrist (0.44 body units)"
    # The exception off, or a shorter reach: the hand lies over P1 and no wrist takes it.
    for rule in (LimbRule(neighbour_reach=0.0), LimbRule(neighbour_reach=0.4)):
        verdict = assign_hands([one, two], [REACHING], rule).verdicts[0]
        assert (verdict.status, verdict.person, verdict.reason) == ("extra", 0, "over body")


def test_a_neighbour_whose_wrist_holds_its_own_hand_excuses_nothing() -> None:
    one, two = make_person(200), make_person(340)
    verdicts = assign_hands([one, two], [REACHING, make_hand((275, 240))]).verdicts
    assert [(v.status, v.person, v.side) for v in verdicts] == [("extra", 0, None), ("owned", 1, "right")]


def test_a_second_pose_on_the_same_body_is_not_a_neighbour() -> None:
    one, twin = make_person(200), make_person(215)  # the pose found twice, 15 px apart
    assert 0.2 < wrist_distance(twin, "left", REACHING) < 0.5
    verdict = assign_hands([one, twin], [REACHING]).verdicts[0]
    assert (verdict.status, verdict.person, verdict.reason) == ("extra", 0, "over body")


def test_a_person_alone_gets_no_neighbour_exception() -> None:
    verdict = assign_hands([make_person(200)], [REACHING]).verdicts[0]
    assert (verdict.status, verdict.person, verdict.reason) == ("extra", 0, "over body")


def test_a_hand_above_six_tenths_of_a_body_unit_is_nobodys() -> None:
    person = make_person()  # one body unit: 120 px
    big = _hand_with_palm((200, 160), length=84)  # a blob read as a hand, over the chest
    assert 0.6 * person.size < big.size < 0.8 * person.size
    verdict = assign_hands([person], [big]).verdicts[0]
    assert (verdict.status, verdict.reason) == ("stray", "no person of a matching size")
    assert assign_hands([person], [big], LimbRule(max_hand_size=0.8)).verdicts[0].status == "extra"
    usual = _hand_with_palm((200, 160), length=45)  # a real hand: about 0.4 body units
    assert usual.size < 0.6 * person.size
    assert assign_hands([person], [usual]).verdicts[0].status == "extra"

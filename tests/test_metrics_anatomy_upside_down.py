"""Unit tests of the upside-down person: ``head_rise`` (how far the nose lies above the shoulders,
in body units) and ``LimbRule.max_head_drop`` (0 by default since the ninth round, math.inf: off; a person
whose nose lies more than that far below its shoulders is given no extra hand)."""
from __future__ import annotations

import math

import numpy as np
import pytest
from test_metrics_anatomy import make_hand, make_person

from pytest_genimg.metrics.anatomy import Person, head_rise
from pytest_genimg.metrics.limb_rule import LimbRule, assign_hands


def upside_down(person: Person, pivot_y: float = 200.0) -> Person:
    """``person`` turned 180 degrees about (its centre line, ``pivot_y``): y mirrored, x mirrored
    about the centre line (a turn, not a flip, so the person's left stays its left)."""
    cx = float(person.points[[11, 12], 0].mean())
    turned = np.column_stack([2 * cx - person.points[:, 0], 2 * pivot_y - person.points[:, 1]])
    return Person(turned, person.visibility.copy())


def test_head_rise_in_body_units() -> None:
    person = make_person()  # nose at y=40, shoulders at y=100, one body unit = 120 px
    assert head_rise(person) == pytest.approx(60 / 120)
    assert head_rise(upside_down(person)) == pytest.approx(-60 / 120)
    assert upside_down(person).size == pytest.approx(person.size)  # a turn keeps the scale


def test_a_hand_over_an_upside_down_persons_body_is_unattached_unless_turned_off() -> None:
    person = upside_down(make_person())  # torso now from y=280 (hips) to y=300 (shoulders)
    centre = person.points[[11, 12, 23, 24]].mean(axis=0)
    hand = make_hand((float(centre[0]), float(centre[1]) - 20), length=40)
    off = assign_hands([person], [hand], LimbRule(max_head_drop=math.inf)).verdicts[0]
    assert (off.status, off.person, off.reason) == ("extra", 0, "over body")  # math.inf: off
    assert LimbRule().max_head_drop == 0.0
    for rule in (LimbRule(), LimbRule(max_head_drop=0.3), LimbRule(max_head_drop=0.49)):  # the default first
        verdict = assign_hands([person], [hand], rule).verdicts[0]
        assert (verdict.status, verdict.person) == ("stray", None)
        assert verdict.reason == "over P1's body, but P1 is upside down (nose 0.50 body units below the shoulders)"
    assert assign_hands([person], [hand], LimbRule(max_head_drop=0.51)).verdicts[0].status == "extra"  # not that far
    strict = assign_hands([person], [hand], LimbRule(max_head_drop=0.3, strict=True)).verdicts[0]
    assert strict.status == "stray"  # unattached: strict still fails it


def test_an_upright_persons_hand_and_an_upright_neighbour_are_untouched() -> None:
    upright = make_person()
    hand = make_hand((200.0, 160.0), length=40)  # over the upright person's torso
    rule = LimbRule(max_head_drop=0.0)
    assert assign_hands([upright], [hand], rule).verdicts[0].status == "extra"
    # The same hand over both an upright person and an upside-down one: extra on the upright one.
    ghost = upside_down(make_person(), pivot_y=140.0)
    assert head_rise(ghost) < 0
    verdict = assign_hands([ghost, upright], [hand], rule).verdicts[0]
    assert (verdict.status, verdict.person) == ("extra", 1)


def test_no_third_hand_for_an_upside_down_person() -> None:
    person = upside_down(make_person(), pivot_y=240.0)  # wrists at y=240 again, sides swapped in x
    own = [make_hand(tuple(person.points[w]), (0, -1), length=40) for w in (15, 16)]
    shoulder = person.points[11]
    outward = math.copysign(1.0, float(shoulder[0] - person.points[12, 0]))
    beside = make_hand((float(shoulder[0]) + 70 * outward, float(shoulder[1])), length=40)  # off the body, within reach
    verdicts = assign_hands([person], own + [beside], LimbRule(max_head_drop=math.inf)).verdicts  # math.inf: off
    assert [v.status for v in verdicts] == ["owned", "owned", "extra"] and verdicts[2].reason == "third hand"
    verdicts = assign_hands([person], own + [beside]).verdicts  # the default, 0
    assert [v.status for v in verdicts] == ["owned", "owned", "stray"]
    verdicts = assign_hands([person], own + [beside], LimbRule(max_head_drop=0.2)).verdicts
    assert (verdicts[2].status, verdicts[2].reason) == ("stray", "near no body")

"""Unit tests of how far a hand may bend from the forearm of the wrist that takes it (``LimbRule.max_bend``,
70 degrees since session 10; ``hidden_max_bend`` for a hidden wrist's estimate, off by default) and of
the reason a refused hand's verdict gives."""
from __future__ import annotations

import math

from test_metrics_anatomy import make_hand, make_person

from pytest_genimg.metrics.limb_rule import LimbRule, assign_hands, over_body
from pytest_genimg.metrics.wrists import bend_within, bent_away, wrist_bend, wrist_distance

# make_person(): P1's left wrist at (265, 240), its forearm pointing straight down (elbow at (260, 170));
# the left hip at (235, 220), the left leg straight down from it.
WRIST = (265.0, 240.0)


def _pointing(bend: float, length: float = 50.0, wrist: tuple[float, float] = WRIST):
    """A hand at P1's left wrist whose fingers turn ``bend`` degrees from "down" (negative: towards the body)."""
    angle = math.radians(bend)
    return make_hand(wrist, (math.sin(angle), math.cos(angle)), length=length)


def _refused(person, side: str, how: str, hand, limit: float) -> str:
    distance, bend = wrist_distance(person, side, hand), wrist_bend(person, side, hand)
    return f"P1's {how} {side} wrist ({distance:.2f} body units) did not take it: bent {bend:.0f} degrees from the forearm (at most {limit:g})"


def test_a_hand_bent_past_70_degrees_over_the_body_is_extra_and_says_which_wrist_refused_it() -> None:
    person, hand = make_person(), _pointing(-80)
    bend = wrist_bend(person, "left", hand)
    assert bend is not None and 80 < bend < 90 and wrist_distance(person, "left", hand) < LimbRule().take_radius
    assert over_body(person, hand.palm, LimbRule())  # the palm lies on the arm
    assert LimbRule().max_bend == 70.0
    verdict = assign_hands([person], [hand]).verdicts[0]
    assert (verdict.status, verdict.person, verdict.side) == ("extra", 0, None)
    assert verdict.reason == f"over body; {_refused(person, 'left', 'visible', hand, 70)}"
    before = assign_hands([person], [hand], LimbRule(max_bend=105.0)).verdicts[0]  # session 9's defaults
    assert (before.status, before.person, before.side, before.reason) == ("owned", 0, "left", "visible left wrist")


def test_a_hand_within_70_degrees_is_owned() -> None:
    person, hand = make_person(), _pointing(-60)
    assert 55 < wrist_bend(person, "left", hand) < 65
    verdict = assign_hands([person], [hand]).verdicts[0]
    assert (verdict.status, verdict.person, verdict.side, verdict.reason) == ("owned", 0, "left", "visible left wrist")


def test_a_hidden_wrist_takes_a_hand_bent_back_only_while_hidden_max_bend_is_off() -> None:
    person, hand = make_person(), _pointing(-100)
    person.visibility[15] = 0.1  # the left wrist is only estimated
    assert 100 < wrist_bend(person, "left", hand) < 110 and over_body(person, hand.palm, LimbRule())
    owned = assign_hands([person], [hand]).verdicts[0]
    assert (owned.status, owned.side, owned.reason) == ("owned", "left", "hidden (visibility 0.10) left wrist")
    verdict = assign_hands([person], [hand], LimbRule(hidden_max_bend=100.0)).verdicts[0]
    assert (verdict.status, verdict.person) == ("extra", 0)
    assert verdict.reason == f"over body; {_refused(person, 'left', 'hidden', hand, 100)}"


def test_bent_away_names_the_nearest_refusing_wrist_and_nothing_when_none_refused() -> None:
    person = make_person()
    hand = _pointing(-80)
    wrists = [(0, "right", "visible", 0.2, 70.0), (0, "left", "visible", 0.2, 70.0)]
    assert bent_away([person], hand, wrists) == f"; {_refused(person, 'left', 'visible', hand, 70)}"  # the right wrist is far
    assert bent_away([person], hand, [(0, "left", "visible", 0.2, 90.0)]) == ""  # bends less than that limit
    off = _pointing(-80, wrist=(265.0 + 0.15 * 120, 240.0))  # its wrist 0.15 body units off the pose's
    assert 0.1 < wrist_distance(person, "left", off) < 0.2 and bent_away([person], off, [(0, "left", "visible", 0.1, 70.0)]) == ""
    assert bend_within(person, "left", hand, 90.0) and not bend_within(person, "left", hand, 80.0)
    assert bend_within(person, "left", hand, math.inf)


def test_a_wrist_of_a_person_the_hand_does_not_fit_is_not_named() -> None:
    person, tiny = make_person(), _pointing(-80, length=8.0)  # below min_hand_size of P1
    verdict = assign_hands([person], [tiny]).verdicts[0]
    assert (verdict.status, verdict.reason) == ("stray", "no person of a matching size")


def test_failing_hands_are_the_extra_ones_and_under_strict_the_stray_ones_after_them() -> None:
    from pytest_genimg.metrics.limb_rule import Assignment, HandVerdict

    verdicts = [HandVerdict(0, "stray", reason="near no body"), HandVerdict(1, "extra", 0, reason="over P1"),
                HandVerdict(2, "owned", 0, "left", 0.05, reason="at P1's wrist"), HandVerdict(3, "unverified", reason="not found again")]
    judged = Assignment(verdicts, [2])
    assert [v.hand for v in judged.failing(strict=False)] == [1]
    assert [v.hand for v in judged.failing(strict=True)] == [1, 0]
    assert Assignment(verdicts[2:], [1]).failing(strict=True) == []

"""Unit tests of the bent-back hand: a hand at a free visible wrist that points back from the
forearm, beyond what a wrist bends, is extra on that person (``LimbRule.bent_back_radius``, an
opt-in: off by default)."""
from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
from test_metrics_anatomy import make_hand, make_person

from pytest_genimg.metrics.anatomy import body_gaps
from pytest_genimg.metrics.limb_rule import LimbRule, assign_hands, wrist_bend, wrist_distance

# make_person(): P1's left wrist at (265, 240), its forearm pointing straight down (elbow at (260, 170)).
WRIST = (265.0, 240.0)
ON = LimbRule(bent_back_radius=0.1)  # the value measured on the benchmark; the default is 0 (off)


def _pointing(bend: float, wrist: tuple[float, float] = WRIST, length: float = 60.0):
    """A hand at ``wrist`` whose fingers turn ``bend`` degrees from "down" towards the image's right."""
    angle = math.radians(bend)
    return make_hand(wrist, (math.sin(angle), math.cos(angle)), length=length)


def test_a_hand_bent_back_at_a_free_wrist_is_extra_on_that_person() -> None:
    person, hand = make_person(), _pointing(130)
    bend, distance = wrist_bend(person, "left", hand), wrist_distance(person, "left", hand)
    assert bend is not None and 120 < bend < 140 and distance < 0.1
    torso, limb = body_gaps(person, hand.palm)
    assert torso > 0.15 and limb > 0.12  # off the body: without the rule it is unattached
    verdict = assign_hands([person], [hand], ON).verdicts[0]
    assert (verdict.status, verdict.person, verdict.side) == ("extra", 0, None)
    assert verdict.reason == f"at P1's free left wrist ({distance:.2f} body units), bent back {bend:.0f} degrees"
    for off_rule in (LimbRule(), LimbRule(bent_back_radius=0.0)):  # off by default
        off = assign_hands([person], [hand], off_rule).verdicts[0]
        refused = f"P1's visible left wrist ({distance:.2f} body units) did not take it: bent {bend:.0f} degrees from the forearm (at most 70)"
        assert (off.status, off.reason) == ("stray", f"near no body; {refused}")


def test_a_hand_the_wrist_can_bend_to_is_owned() -> None:
    person, hand = make_person(), _pointing(60)
    assert wrist_bend(person, "left", hand) < LimbRule().max_bend
    verdict = assign_hands([person], [hand], ON).verdicts[0]
    assert (verdict.status, verdict.person, verdict.side) == ("owned", 0, "left")


def test_only_within_the_radius() -> None:
    person = make_person()
    hand = _pointing(130, wrist=(265.0 + 0.15 * 120, 240.0))  # its wrist 0.15 body units off the pose's
    assert 0.1 < wrist_distance(person, "left", hand) < 0.2
    assert assign_hands([person], [hand], ON).verdicts[0].status == "stray"
    assert assign_hands([person], [hand], LimbRule(bent_back_radius=0.2)).verdicts[0].status == "extra"


def test_a_wrist_that_holds_its_hand_or_cannot_be_seen_excuses_nothing_and_accuses_nothing() -> None:
    person, hand = make_person(), _pointing(130)
    own = make_hand(WRIST, (0, 1), length=40)  # the wrist's own hand, straight down the forearm
    verdicts = assign_hands([person], [own, hand], ON).verdicts
    assert [(v.status, v.side) for v in verdicts] == [("owned", "left"), ("stray", None)]
    hidden = make_person()
    hidden.visibility[15] = 0.5  # the wrist below min_wrist_visibility: the pose does not see a limb end there
    assert assign_hands([hidden], [hand], replace(ON, hidden_radius=0.0)).verdicts[0].status == "stray"
    assert assign_hands([hidden], [hand], ON).verdicts[0].status == "owned"  # the hidden wrist's, at its estimate


def test_a_hand_of_the_wrong_size_for_the_person_is_not_theirs() -> None:
    person = make_person()  # one body unit: 120 px
    tiny = _pointing(130, length=8.0)  # below min_hand_size (0.1 body units)
    assert tiny.size < 0.1 * person.size and wrist_distance(person, "left", tiny) < 0.1
    verdict = assign_hands([person], [tiny], ON).verdicts[0]
    assert (verdict.status, verdict.reason) == ("stray", "no person of a matching size")


def test_no_second_look_unless_asked() -> None:
    person, hand = make_person(), _pointing(130)
    looked: list[int] = []

    def never_found(h: int) -> tuple[int, int]:
        looked.append(h)
        return 0, 3

    assert assign_hands([person], [hand], ON, reread=never_found).verdicts[0].status == "extra"
    assert looked == []
    verdict = assign_hands([person], [hand], LimbRule(bent_back_radius=0.1, bent_back_second_look=True), reread=never_found).verdicts[0]
    assert (verdict.status, looked) == ("unverified", [0])
    assert verdict.reason.startswith("extra: at P1's free left wrist") and verdict.reason.endswith("found again in 0 of 3 closer looks")


def test_a_bent_back_hand_counts_as_the_persons_so_a_further_one_is_a_third_hand() -> None:
    person = make_person()
    right = make_hand((135.0, 240.0), (0, 1), length=40)  # the right wrist's own hand
    third = make_hand((330.0, 120.0), (1, 0), length=40)  # beside the left shoulder, off the body
    assert np.linalg.norm(third.palm - person.points[11]) / person.size < LimbRule().reach
    verdicts = assign_hands([person], [right, _pointing(130), third], ON).verdicts
    assert [v.status for v in verdicts] == ["owned", "extra", "extra"]
    assert verdicts[2].reason == "third hand"
    alone = assign_hands([person], [right, third], ON).verdicts
    assert alone[1].status == "stray"

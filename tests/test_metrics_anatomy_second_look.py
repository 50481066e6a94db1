"""Unit tests of the wrist rule's second opinions: the second look at a hand about to fail, and,
under ``strict``, the people's silhouettes sparing a hand whose wrist is out of sight."""
from __future__ import annotations

import numpy as np
from test_metrics_anatomy import _hand_with_palm, make_hand, make_person

from pytest_genimg.metrics.limb_rule import LimbRule, assign_hands
from pytest_genimg.metrics.silhouette import Silhouettes


class Looks:
    """A second look that answers ``found`` of 3 views for every hand and records which it was asked about."""

    def __init__(self, found: int) -> None:
        self.found, self.asked = found, []

    def __call__(self, h: int) -> tuple[int, int]:
        self.asked.append(h)
        return self.found, 3


def test_an_extra_hand_found_again_stays_extra_and_says_so() -> None:
    hands = [make_hand((265, 240)), make_hand((135, 240)), make_hand((200, 150))]
    looks = Looks(2)
    result = assign_hands([make_person()], hands, reread=looks)
    assert looks.asked == [2]  # owned hands are never looked at again
    assert [v.status for v in result.verdicts] == ["owned", "owned", "extra"]
    assert result.verdicts[2].reason == "over body, both wrists taken; found again in 2 of 3 closer looks"


def test_an_extra_hand_not_found_again_is_unverified_and_counts_for_nobody() -> None:
    # The chest hand is not found again; the third hand near the shoulder then is not a third hand
    # of a person holding two, so it stays extra only because both wrists hold one.
    hands = [make_hand((265, 240)), make_hand((135, 240)), make_hand((200, 150))]
    result = assign_hands([make_person()], hands, reread=Looks(1))
    verdict = result.verdicts[2]
    assert (verdict.status, verdict.person) == ("unverified", 0)
    assert verdict.reason == "extra: over body, both wrists taken, but found again in 1 of 3 closer looks"
    assert result.extra == [] and result.unverified == [verdict] and result.hands_per_person == [2]
    assert assign_hands([make_person()], hands, LimbRule(min_rereads=1), reread=Looks(1)).verdicts[2].status == "extra"
    assert assign_hands([make_person()], hands, LimbRule(min_rereads=0), reread=Looks(0)).verdicts[2].status == "extra"


def test_a_third_hand_gets_the_second_look_too() -> None:
    hands = [make_hand((265, 240)), make_hand((135, 240)), make_hand((330, 120), (1, 0)), make_hand((700, 100))]
    verdicts = assign_hands([make_person()], hands, reread=Looks(0)).verdicts
    assert verdicts[2].status == "unverified" and verdicts[2].reason.startswith("extra: third hand, but found again in 0")
    assert verdicts[3].status == "stray"  # not strict: an unattached hand fails nothing, so nobody looks at it


def test_strict_looks_again_at_unattached_hands() -> None:
    hands = [make_hand((700, 100))]
    looks = Looks(0)
    verdict = assign_hands([make_person()], hands, LimbRule(strict=True), reread=looks).verdicts[0]
    assert looks.asked == [0]
    assert verdict.status == "unverified" and verdict.reason == "unattached: near no body, but found again in 0 of 3 closer looks"
    kept = assign_hands([make_person()], hands, LimbRule(strict=True), reread=Looks(3)).verdicts[0]
    assert kept.status == "stray" and kept.reason == "near no body; found again in 3 of 3 closer looks"


class Masks:
    """People's silhouettes on demand: one person's mask covering image x 300-359, y 40-79 (at 1/4
    scale), or None (an engine without masks); counts how often they were asked for."""

    def __init__(self, give: bool = True) -> None:
        self.give, self.calls = give, 0

    def __call__(self) -> Silhouettes | None:
        self.calls += 1
        masks = np.zeros((1, 125, 200), dtype=bool)
        masks[0, 10:20, 75:90] = True
        return Silhouettes(masks, down=4) if self.give else None


def test_strict_spares_an_unattached_hand_on_a_persons_silhouette() -> None:
    person, hand = make_person(), _hand_with_palm((330, 60))  # off the body, within reach, no wrist near
    looks, masks = Looks(3), Masks()
    verdict = assign_hands([person], [hand], LimbRule(strict=True), reread=looks, silhouettes=masks).verdicts[0]
    assert verdict.status == "owned" and verdict.person == 0 and verdict.side is None and verdict.distance is None
    assert verdict.reason == "on the silhouette, wrist unseen (was: near no body)"
    assert looks.asked == [] and masks.calls == 1  # spared before the second look
    off = assign_hands([person], [_hand_with_palm((330, 100))], LimbRule(strict=True), reread=Looks(3), silhouettes=Masks()).verdicts[0]
    assert off.status == "stray"  # its palm is below the silhouette


def test_silhouettes_are_asked_for_only_under_strict_and_when_wanted() -> None:
    person, hand = make_person(), _hand_with_palm((330, 60))
    masks = Masks()
    assert assign_hands([person], [hand], LimbRule(), silhouettes=masks).verdicts[0].status == "stray"
    no_spare = assign_hands([person], [hand], LimbRule(strict=True, spare_on_silhouette=False), reread=Looks(3), silhouettes=masks)
    assert no_spare.verdicts[0].status == "stray" and masks.calls == 0
    owned = assign_hands([person], [make_hand((265, 240)), make_hand((135, 240))], LimbRule(strict=True), silhouettes=masks)
    assert all(v.status == "owned" and v.side for v in owned.verdicts) and masks.calls == 0  # no hand left over
    none = assign_hands([person], [hand], LimbRule(strict=True), reread=Looks(3), silhouettes=Masks(give=False)).verdicts[0]
    assert none.status == "stray"  # an engine without masks: strict as before


def test_a_hand_of_no_plausible_size_is_not_spared_by_a_silhouette() -> None:
    big = _hand_with_palm((330, 60), length=150)  # about 1.1 body units: nobody's hand
    verdict = assign_hands([make_person()], [big], LimbRule(strict=True), reread=Looks(3), silhouettes=Masks()).verdicts[0]
    assert verdict.status == "stray" and verdict.reason.startswith("no person of a matching size")

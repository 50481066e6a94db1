"""A hand against a pose's wrist: how far from it, and how far it bends from that arm's forearm.

Pure geometry on :class:`~pytest_genimg.metrics.anatomy.Person` and
:class:`~pytest_genimg.metrics.anatomy.Hand` (the extra-limb rule's wrist tests)."""
from __future__ import annotations

import math
from collections.abc import Iterable

import numpy as np

from .anatomy import ELBOWS, HAND_POINTS, WRISTS, Hand, Person


def wrist_distance(person: Person, side: str, hand: Hand) -> float:
    """Hand-to-wrist distance in body units: the closer of the hand's wrist to the pose wrist and the
    hand's palm to the pose's own estimate of the hand (wrist, pinky, index and thumb points)."""
    pose_hand = person.points[list(HAND_POINTS[side])].mean(axis=0)
    gap = min(np.linalg.norm(hand.wrist - person.points[WRISTS[side]]), np.linalg.norm(hand.palm - pose_hand))
    return float(gap) / person.size


def wrist_bend(person: Person, side: str, hand: Hand) -> float | None:
    """Angle in degrees between the forearm (elbow to wrist) and the hand (wrist to middle knuckle);
    None when the forearm is too short in the image to give a direction."""
    forearm = person.points[WRISTS[side]] - person.points[ELBOWS[side]]
    direction = hand.points[9] - hand.points[0]
    lengths = float(np.linalg.norm(forearm)) * float(np.linalg.norm(direction))
    if float(np.linalg.norm(forearm)) < 0.1 * person.size or lengths == 0.0:
        return None
    cos = float(np.dot(forearm, direction)) / lengths
    return math.degrees(math.acos(max(-1.0, min(1.0, cos))))


def bend_within(person: Person, side: str, hand: Hand, limit: float) -> bool:
    """Whether the hand bends at most ``limit`` degrees from that forearm (or the forearm gives no direction)."""
    bend = wrist_bend(person, side, hand) if limit < 180.0 else None
    return bend is None or bend <= limit


def bent_away(people: list[Person], hand: Hand, wrists: Iterable[tuple[int, str, str, float, float]]) -> str:
    """Why the nearest wrist near enough to take ``hand`` did not: it bends further from that forearm
    than the wrist's limit. ``wrists``: (person, side, "visible" or "hidden", radius, limit in degrees).
    An empty string when no wrist refused it so."""
    refused = []
    for p, side, how, radius, limit in wrists:
        distance = wrist_distance(people[p], side, hand)
        bend = wrist_bend(people[p], side, hand) if distance <= radius else None
        if bend is not None and bend > limit:
            refused.append((distance, p, side, how, bend, limit))
    if not refused:
        return ""
    distance, p, side, how, bend, limit = min(refused)
    return (f"; P{p + 1}'s {how} {side} wrist ({distance:.2f} body units) did not take it: "
            f"bent {bend:.0f} degrees from the forearm (at most {limit:g})")

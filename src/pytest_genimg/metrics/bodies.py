"""Which pose detections are people, and which are the same person: pure geometry on BlazePose
landmarks for the composition check's ``people`` detector (the anatomy check does not use it).

Distances are in body units (:func:`~pytest_genimg.metrics.anatomy.body_size`: the larger of
shoulder width and torso length, about 45-50 cm on an adult). A head is about a third of that wide,
so ``HEAD_WIDTH`` = 0.3 body units is the distance within which two detections cannot be two people:
two heads, or two pairs of shoulders, cannot share one place.
"""
from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from .anatomy import HIPS, NOSE, SHOULDERS, Person, body_gaps, overlap_of_smaller, share_inside
from .composition import Box

HEAD_WIDTH = 0.3  # body units
MAX_TILT = 60.0  # degrees from upright
SMALLER = 0.8  # a body "part" is smaller than this share of the body it lies on
NESTED = 0.5  # ... and at least this share of its box lies inside that body's box


def torso_tilt(person: Person, threshold: float = 0.5) -> float | None:
    """Degrees between the hips-to-shoulders direction and straight up (0 upright, 90 lying, 180
    upside down); None unless both shoulders and both hips are seen (``threshold`` visibility):
    where the model only guessed the hips, as in a head-and-shoulders portrait, there is no torso
    to judge."""
    if not all(person.visible(i, threshold) for i in SHOULDERS + HIPS):
        return None
    up = person.points[list(SHOULDERS)].mean(axis=0) - person.points[list(HIPS)].mean(axis=0)
    length = float(np.hypot(*up))
    if length < 1e-9:
        return None
    return math.degrees(math.acos(max(-1.0, min(1.0, -float(up[1]) / length))))  # image y points down


def plausible_body(person: Person, *, max_tilt: float = MAX_TILT) -> bool:
    """Whether a detection can be a person standing, walking or sitting: a seen torso at most
    ``max_tilt`` degrees from upright. BlazePose returns bodies lying on their side or upside down
    on objects (a rocket, a 3-D monkey head) and along a raised arm; people lying down or bent
    over further are the price (they are not counted by this rule)."""
    tilt = torso_tilt(person)
    return tilt is None or tilt <= max_tilt


def same_body(a: Person, b: Person, *, head: float = HEAD_WIDTH) -> bool:
    """Two detections of one person: their noses and their shoulder midpoints both lie within
    ``head`` units of the larger body (two real heads cannot be that close). The shoulder midpoint
    does not depend on which shoulder the model calls left, which it gets wrong on people seen
    from behind."""
    reach = head * max(a.size, b.size)
    shoulders = np.linalg.norm(a.points[list(SHOULDERS)].mean(axis=0) - b.points[list(SHOULDERS)].mean(axis=0))
    return bool(np.linalg.norm(a.points[NOSE] - b.points[NOSE]) <= reach and shoulders <= reach)


def part_of(a: Person, b: Person, *, head: float = HEAD_WIDTH, smaller: float = SMALLER, nested: float = NESTED) -> bool:
    """Whether ``a`` is a piece of ``b`` taken for a person (a forearm with the hand as a head, a
    camera held in both hands): ``a``'s head centre lies on ``b`` (inside its torso or within
    ``head`` units of its torso or a seen arm or leg), ``a`` is smaller than ``smaller`` times ``b``
    and at least ``nested`` of ``a``'s box lies inside ``b``'s. Two real people side by side are
    about the same size and stand apart; one behind the other shows a head beyond the front body."""
    if a.size >= smaller * b.size:
        return False
    if share_inside(a.box(), b.box()) < nested:
        return False
    return min(body_gaps(b, a.points[:11].mean(axis=0))) <= head


def one_body_each(people: Sequence[Person], *, max_tilt: float = MAX_TILT, head: float = HEAD_WIDTH) -> list[Person]:
    """The plausible bodies (:func:`plausible_body`), without pieces of another plausible body
    (:func:`part_of`), each person once (:func:`same_body`; the view that sees most of it kept)."""
    bodies = [p for p in people if plausible_body(p, max_tilt=max_tilt)]
    whole = [a for a in bodies if not any(b is not a and part_of(a, b, head=head) for b in bodies)]
    kept: list[Person] = []
    for person in sorted(whole, key=lambda p: -float(p.visibility.sum())):
        if not any(same_body(person, other, head=head) for other in kept):
            kept.append(person)
    return kept


def combine_people(poses: list[tuple[Box, float]], extra: list[tuple[Box, float]]) -> list[tuple[Box, float]]:
    """Pose boxes, plus each extra candidate (most confident first) that no kept box covers by half."""
    kept = list(poses)
    for box, score in sorted(extra, key=lambda p: -p[1]):
        if all(overlap_of_smaller(box, other) < 0.5 for other, _ in kept):
            kept.append((box, min(1.0, score)))
    return kept


def split_by_coco(poses: list[tuple[Box, float]], coco: list[tuple[Box, float]], min_score: float) -> list[tuple[Box, float]]:
    """``poses`` with each box that covers by half (of the COCO box) two or more of ``coco``'s person boxes
    scoring at least ``min_score``, no two of which cover each other by half, replaced by those boxes:
    one skeleton fitted over two people side by side (docs/notes/people-coco-split-s12.md). A COCO box
    another kept box already covers by half is not added twice (a second skeleton on one of the two)."""
    sure = [(box, score) for box, score in coco if score >= min_score]
    kept, split = [], []
    for pose in poses:
        inside = [c for c in sure if share_inside(c[0], pose[0]) >= 0.5]
        apart = all(overlap_of_smaller(a[0], b[0]) < 0.5 for i, a in enumerate(inside) for b in inside[i + 1:])
        if len(inside) >= 2 and apart:
            split += [c for c in inside if c not in split]
        else:
            kept.append(pose)
    return combine_people(kept, split)


def rule_identity() -> dict[str, float]:
    """The body rules' cuts, for the people detector's cache identity."""
    return {"head_width": HEAD_WIDTH, "max_tilt": MAX_TILT, "smaller": SMALLER, "nested": NESTED}

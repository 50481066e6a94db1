"""Which pose bodies are extra: beside a person whose face is seen, BlazePose takes patches of the
background (a rocket's gantry, a board's edge, building fronts) for further, smaller bodies that
have no face at their nose. Pure functions on BlazePose bodies and face boxes (image pixels), for
the ``people`` detector's ``face_rules``.

Chosen on the tuning half of ``benchmarks/accuracy_composition.py`` by ``benchmarks/people_overcount.py``
(seventh round): every share from 0.6 to 0.7 of the largest faced body, face cut from 0.2 to 0.6
and face box grown by 0 to 0.5 counts the same people right (+2, nothing lost); ties went to the
smallest share (it drops the fewest bodies), the people detector's own face cut and the middle growth.

:func:`between_faced` (the detector's ``between_rule``, ninth round) was chosen by
``benchmarks/people_span.py`` on development data (the tuning half, the former held-out half and the
first fresh set) by a criterion written before the run: the most cases right in total with no set
losing one (374/407 against 373/407); :func:`spanning` and :func:`second_at_face` were measured
beside it and not adopted (the first changed nothing, the second lost a case). Held out (FRESH2,
run once) it was 2 cases worse, 120/142 against 122/142, so the detector ships it off.
:func:`second_at_face` is the detector's ``one_body_per_face``, on since session 10: chosen by
``benchmarks/people_one_face.py`` on all six development sets by a criterion committed first
(docs/notes/people-counts-s10.md): 785/860 against 775/860, 11 gained, 1 lost.
:func:`faceless_fainter` (``fainter_rule``, on since session 10 too) by the same criterion, on top of
it: 795/860, 14 gained, 4 lost (designed on those sets' wrong counts: an in-sample figure). Held
out (FRESH5, run once after both): 97/117 with them, 96/117 without.
:func:`second_faces` (through :func:`one_face_each`) is the detector's ``one_face_per_body`` (session 13,
docs/notes/people-one-face-per-body-s13.md; ``benchmarks/people_face_claims.py``); :func:`split_twins` its
``split_twins`` (session 16, docs/notes/people-split-twins-s16.md)."""
from __future__ import annotations

from collections.abc import Sequence

from .anatomy import NOSE, Person, overlap_of_smaller, share_inside
from .composition import Box, box_iou

FACE_GROW = 0.25  # a nose "at" a face lies inside its box grown by this share of its size each way
FACE_MIN = 0.4  # the face score that counts (the people detector's face_min_score)
SMALL = 0.6  # a faceless body under this share of the largest faced body's size is extra
BETWEEN = 0.2  # between_faced: the share of a faceless body's box each of two faced bodies covers
SAME_FACE = 0.3  # second_faces: a face overlapping a body's own face by this share of the smaller box is that face again
TWIN_IOU, TWIN_APART = 0.8, 0.25  # split_twins: boxes this alike (IoU), noses this share of the wider box's width apart


def face_at(person: Person, faces: Sequence[tuple[Box, float]], *, grow: float = FACE_GROW, min_score: float = FACE_MIN) -> int | None:
    """The index of the best-scoring face (at least ``min_score``) whose box, grown by ``grow`` of
    its width and height each way, holds the body's nose; None when there is none."""
    x, y = (float(v) for v in person.points[NOSE])
    best = None
    for k, ((x0, y0, x1, y1), score) in enumerate(faces):
        gx, gy = grow * (x1 - x0), grow * (y1 - y0)
        if score >= min_score and x0 - gx <= x <= x1 + gx and y0 - gy <= y <= y1 + gy:
            if best is None or score > faces[best][1]:
                best = k
    return best


def faceless_small(people: Sequence[Person], faces: Sequence[tuple[Box, float]], *, small: float = SMALL,
                   grow: float = FACE_GROW, min_score: float = FACE_MIN) -> list[Person]:
    """The bodies without a face at their nose (:func:`face_at`) that are smaller than ``small``
    times the largest body with one (none, where no body has a face); sizes in
    :attr:`Person.size` (body units)."""
    has_face = [face_at(p, faces, grow=grow, min_score=min_score) is not None for p in people]
    faced = [p.size for p, yes in zip(people, has_face) if yes]
    if not faced:
        return []
    return [p for p, yes in zip(people, has_face) if not yes and p.size < small * max(faced)]


def without(people: Sequence[Person], gone: Sequence[Person]) -> list[Person]:
    """``people`` in their order, less the bodies in ``gone`` (the same objects: a rule's drops)."""
    return [p for p in people if not any(p is q for q in gone)]


def without_faceless_small(people: Sequence[Person], faces: Sequence[tuple[Box, float]], **cuts: float) -> list[Person]:
    """``people`` without :func:`faceless_small`'s bodies, in their order."""
    return without(people, faceless_small(people, faces, **cuts))


def spanning(people: Sequence[Person], faces: Sequence[tuple[Box, float]], *, holds: int = 2, faceless_only: bool = True,
             grow: float = FACE_GROW, min_score: float = FACE_MIN, min_visibility: float = 0.5) -> list[Person]:
    """The bodies that span other people: a body whose box (its landmarks seen at ``min_visibility``)
    holds the centres of ``holds`` or more faces that are each at the nose (:func:`face_at`) of
    another body; with ``faceless_only``, only such bodies with no face at their own nose. One body
    cannot hold two other people's faces: the pose model fits one skeleton across two people side
    by side (twins, a portrait pair)."""
    at = [face_at(p, faces, grow=grow, min_score=min_score) for p in people]
    out = []
    for i, person in enumerate(people):
        if faceless_only and at[i] is not None:
            continue
        x0, y0, x1, y1 = person.box(min_visibility)
        others = {k for j, k in enumerate(at) if j != i and k is not None}
        held = [k for k in others if x0 <= (faces[k][0][0] + faces[k][0][2]) / 2 <= x1 and y0 <= (faces[k][0][1] + faces[k][0][3]) / 2 <= y1]
        if len(held) >= holds:
            out.append(person)
    return out


def second_at_face(people: Sequence[Person], faces: Sequence[tuple[Box, float]], *, grow: float = FACE_GROW,
                   min_score: float = FACE_MIN) -> list[Person]:
    """Of two or more bodies with their noses at one face (:func:`face_at`), all but the most visible
    (the largest sum of landmark visibilities): one face, one person."""
    best: dict[int, Person] = {}
    for person in people:
        k = face_at(person, faces, grow=grow, min_score=min_score)
        if k is not None and (k not in best or float(person.visibility.sum()) > float(best[k].visibility.sum())):
            best[k] = person
    return [p for p in people if (k := face_at(p, faces, grow=grow, min_score=min_score)) is not None and best[k] is not p]


def between_faced(people: Sequence[Person], faces: Sequence[tuple[Box, float]], *, share: float = BETWEEN, grow: float = FACE_GROW,
                  min_score: float = FACE_MIN, min_visibility: float = 0.5) -> list[Person]:
    """The faceless bodies whose box (landmarks seen at ``min_visibility``) at least two bodies with a
    face each cover by ``share`` or more of its area: a skeleton made of two people's parts."""
    faced = [p for p in people if face_at(p, faces, grow=grow, min_score=min_score) is not None]
    out = []
    for person in without(people, faced):
        x0, y0, x1, y1 = box = person.box(min_visibility)
        if (x1 - x0) * (y1 - y0) > 0 and sum(share_inside(box, other.box(min_visibility)) >= share for other in faced) >= 2:
            out.append(person)
    return out


def faceless_fainter(people: Sequence[Person], faces: Sequence[tuple[Box, float]], *, grow: float = FACE_GROW,
                     min_score: float = FACE_MIN) -> list[Person]:
    """The bodies without a face at their nose (:func:`face_at`) whose mean landmark visibility is
    below that of every body with one (none, where no body has a face)."""
    has_face = [face_at(p, faces, grow=grow, min_score=min_score) is not None for p in people]
    faced = [float(p.visibility.mean()) for p, yes in zip(people, has_face) if yes]
    if not faced:
        return []
    return [p for p, yes in zip(people, has_face) if not yes and float(p.visibility.mean()) < min(faced)]


def second_faces(people: Sequence[Person], bodies: Sequence[Box], faces: Sequence[tuple[Box, float]], under: Sequence[Box], *,
                 grow: float = FACE_GROW, min_score: float = FACE_MIN, cover: float = 0.5,
                 same_face: float = SAME_FACE, nose_min: float | None = None) -> tuple[list[int], dict[int, int]]:
    """The faces (scoring at least ``min_score``) that are a person of their own inside a body that has
    another face, and those bodies: (indices of such faces, {index of a body that holds one: index of
    the face at its own nose}). Such a face is at no body's nose (:func:`face_at`), and its body box
    (``under``, one per face, as ``people_under_faces`` draws it) is covered by ``cover`` or more
    (:func:`overlap_of_smaller`) only by bodies (``bodies``: the box of each of ``people``) that each
    have a face at their own nose. A body keeps one face: the pose model fits one skeleton across two
    portraits side by side, its nose at one face, and its box, spanning both, hides the other; the
    detector then counts that body by the box under its own face (:func:`centred_body`), so that
    neither person's place is the span's. A face inside a body with no face at its nose is left to that body (its nose may lie
    off its face); a face no body covers is not one of these (the detector counts it anyway). A face that overlaps the
    face at a covering body's nose by ``same_face`` or more of the smaller box (:func:`overlap_of_smaller`) is that face
    found again by another pass, not a person (session 14, docs/notes/people-same-face-s14.md; math.inf: off).
    ``nose_min``: the score a face at a body's nose needs to be that body's own face (None: ``min_score``); a second
    face needs ``min_score`` either way (docs/notes/people-weak-nose-face-s16.md)."""
    at = [face_at(p, faces, grow=grow, min_score=min_score if nose_min is None else nose_min) for p in people]
    found, holders = [], {}
    for k, (_, score) in enumerate(faces):
        if score < min_score or k in at:
            continue
        covering = [j for j, body in enumerate(bodies) if overlap_of_smaller(under[k], body) >= cover]
        if covering and all(at[j] is not None for j in covering):
            if any(overlap_of_smaller(faces[k][0], faces[at[j]][0]) >= same_face for j in covering):
                continue
            found.append(k)
            holders.update({j: at[j] for j in covering})
    return found, holders


def centred_body(face: Box, shape: tuple[int, ...]) -> Box:
    """A body-sized box under ``face`` as ``people_under_faces`` draws it (a face wide either side, six
    faces down, from a third of a face above), but as wide on both sides of the face's centre as the
    image allows: clipped on one side only, that box's centre moves off the person, and a left/right
    verdict read from two such boxes (close portraits side by side) can come out swapped."""
    h, w = shape[:2]
    x0, y0, x1, y1 = face
    fw, fh = x1 - x0, y1 - y0
    cx = (x0 + x1) / 2
    half = max(0.0, min(1.5 * fw, cx, w - cx))
    return (cx - half, max(0.0, y0 - 0.3 * fh), cx + half, min(float(h), y1 + 6 * fh))


def one_face_each(people: Sequence[Person], posed: Sequence[tuple[Box, float]], faces: Sequence[tuple[Box, float]],
                  under: Sequence[Box], shape: tuple[int, ...], *, min_score: float = FACE_MIN,
                  same_face: float = SAME_FACE, nose_min: float | None = None) -> tuple[list[tuple[Box, float]], list[tuple[Box, float]]]:
    """The people detector's ``one_face_per_body`` on ``people`` and their (box, visibility) ``posed``:
    (``posed`` with each body that holds a second face (:func:`second_faces`) boxed under its own face
    instead, and a (box, score) under each such second face), both boxes :func:`centred_body`'s.
    ``under``: each face's body box as ``people_under_faces`` draws it; ``nose_min`` as :func:`second_faces`'."""
    ks, holders = second_faces(people, [box for box, _ in posed], faces, under, min_score=min_score, same_face=same_face,
                               nose_min=nose_min)
    boxed = [(centred_body(faces[holders[j]][0], shape), vis) if j in holders else (box, vis) for j, (box, vis) in enumerate(posed)]
    return boxed, [(centred_body(faces[k][0], shape), min(1.0, faces[k][1])) for k in ks]


def split_twins(people: Sequence[Person], posed: Sequence[tuple[Box, float]], *, iou: float = TWIN_IOU,
                apart: float = TWIN_APART) -> list[tuple[Box, float]]:
    """``posed`` (each of ``people``'s (box, visibility)) with every two boxes that overlap by ``iou`` or more
    and whose bodies' noses lie ``apart`` of the wider box's width or more apart across the image cut at the
    midpoint between the noses, each keeping its own nose's side. The pose model can fit one skeleton across
    two people side by side, its nose at one head in the image and at the other in the mirror view: two
    people counted, each boxed as wide as the pair, and their left/right order chance
    (docs/notes/people-split-twins-s16.md)."""
    out = list(posed)
    for i in range(len(posed)):
        for j in range(i + 1, len(posed)):
            a, b = posed[i][0], posed[j][0]
            xi, xj = float(people[i].points[NOSE][0]), float(people[j].points[NOSE][0])
            if box_iou(a, b) < iou or abs(xi - xj) < apart * max(a[2] - a[0], b[2] - b[0]):
                continue
            mid = (xi + xj) / 2
            for k, x in ((i, xi), (j, xj)):
                (x0, y0, x1, y1), vis = out[k]
                out[k] = ((x0, y0, max(x0, min(mid, x1)), y1) if x < mid else (min(x1, max(mid, x0)), y0, x1, y1), vis)
    return out


def twin_identity() -> dict[str, float]:
    """:func:`split_twins`' cuts, for the people detector's cache identity."""
    return {"iou": TWIN_IOU, "apart": TWIN_APART}


def rule_identity() -> dict[str, float]:
    """The rule's cuts, for the people detector's cache identity."""
    return {"face_grow": FACE_GROW, "face_min": FACE_MIN, "small": SMALL}


def between_identity() -> dict[str, float]:
    """:func:`between_faced`'s cuts, for the people detector's cache identity."""
    return {"face_grow": FACE_GROW, "face_min": FACE_MIN, "between": BETWEEN}

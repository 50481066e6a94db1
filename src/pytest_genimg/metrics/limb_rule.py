"""The extra-limb rule: which person each detected hand belongs to, and which hands nobody can own.

Pure functions on :class:`~pytest_genimg.metrics.anatomy.Person` and
:class:`~pytest_genimg.metrics.anatomy.Hand` detections (no engine, no I/O), so a verdict can be
recomputed from cached detections.
"""
from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

import numpy as np

from .anatomy import TORSO, WRISTS, Box, Hand, Person, body_distance, body_gaps, head_rise, shoulder_gap
from .silhouette import Silhouettes
from .wrists import bend_within, bent_away, wrist_bend, wrist_distance

__all__ = ["Assignment", "HandVerdict", "LimbRule", "assign_hands", "head_boxes", "on_head", "over_body", "wrist_bend", "wrist_distance"]


@dataclass(frozen=True)
class LimbRule:
    """Thresholds of the extra-limb rule; distances in body-size units (see ``body_size``).

    1. A visible wrist (visibility >= ``min_wrist_visibility``) takes at most one hand within
       ``take_radius`` whose direction (wrist to middle knuckle) bends at most ``max_bend`` degrees
       from the forearm, closest first (70 since session 10, was 105: the pose model often ends an
       arm on a hand pasted near it, and such hands bend further from that forearm than the arm's
       own hand; on the development sets' tuning subset catches went 79 -> 84 of 338 with false
       alarms 15 of 715 either way, docs/thresholds.md). A hand a wrist refused so says which wrist.
    2. A hand left over that lies within ``hidden_radius`` of the pose's estimate of a wrist it
       could not see (hidden behind something, or out of the frame) is that hidden hand (0: off;
       0.25 since the ninth round, continued: a real hand resting on its own body, arms crossed
       or a fist at the chin, often has its wrist seen only faintly, and the pose still places
       that wrist at the hand; on the development sets it cut false alarms from 16 to 4 of 873
       and catches from 112 to 75 of 378, see docs/thresholds.md), and that bends at most
       ``hidden_max_bend`` degrees from the estimated forearm (math.inf, the default: off; 100
       caught 9 more of 338 on the tuning subset but added a false alarm, session 10).
    3. A hand still left over is an extra limb when it lies over a body (inside the torso grown by
       ``body_margin``, or within ``limb_width`` of a visible arm or leg; ``full_margin`` for both
       when both of that person's wrists already hold a hand), or within ``reach`` of the shoulders
       of a person who already has two hands, or of a person whose hidden wrist the pose estimates
       more than ``hidden_far`` away from it; otherwise it is *unattached*, which fails only when
       ``strict``.

    A hand over one person's body that lies within ``neighbour_reach`` of a free visible wrist of
    another person (one whose torso's centre is not itself over the first person's body: a second
    pose found on the same body is not a neighbour) is unattached, not extra: two people side by
    side or close together put one's hand in front of the other's chest or arm, and the pose model
    often places that wrist a little off its hand (0: off).

    A hand left over that lies within ``bent_back_radius`` of a free visible wrist of a person for
    whom it has a plausible size, pointing back from that wrist's forearm by more than ``max_bend``
    degrees (so the wrist could not take it), is extra on that person: the pose model ends an arm
    there, and no wrist bends a hand back along its own forearm (0, the default: off; 0.1 is the
    value measured). Two engines agree that a limb ends there, so it is not texture read as a hand:
    it gets the second look only with ``bent_back_second_look`` (on the benchmark's tuning half the
    look rejected every such pasted hand, forearms the landmarker finds in the whole image but not
    in crops around them). Off by default because it gained catches on the tuning half only (none
    held out) and it skips the guard against hallucinated hands (docs/thresholds.md, seventh round).

    A hand left over whose palm lies on a head (a face found by the face detector with a score of at
    least ``min_face_score``, grown by ``head_grow`` of its size on each side and twice that above
    for hair) is unattached, never extra: hand detectors see hands in hair and faces, and a real
    hand raised to the face often has its wrist out of sight.

    A person whose nose lies more than ``max_head_drop`` body units below the midpoint of its
    shoulders in the image (upside down) is given no extra hand: a hand over its body is
    unattached, and no hand within its reach is its third (0, the default since the ninth round:
    any nose below the shoulders; math.inf: off). The pose model fits such people to hair and the
    back of a head hanging into the frame, and the hand landmarker reads hands in the same hair; a
    real person upside down is rare in generated images (its extra hands are missed), and
    ``strict`` still fails a hand left unattached there.

    Crowd exceptions (tenth round; each off restores the rule before it): among people who touch,
    the pose model mixes up limbs and misplaces unseen wrists, so a real hand often lies over one
    body with no wrist near. A hand over P's body is unattached, not extra, when it lies within
    ``neighbour_hidden_reach`` of another person's free *unseen* wrist (0: off), over another
    person's body too (``shared_body``), or within one body unit of the bodies of ``crowd_size``
    people, P included (0: off); a hand within ``reach`` of a person with two hands is a third hand
    only if no other person within ``reach`` has a wrist free (``third_hand_alone``). Other person:
    one the hand fits, not a second pose of P. On the development sets: false alarms 21 -> 11 of
    978, catches at the pasted hand 74 -> 69 of 441 (docs/thresholds.md); ``strict`` still fails them.

    Only people for whom the hand has a plausible size count (``min_hand_size`` to
    ``max_hand_size`` of their body size): a spectator's hand is not the subject's, nor a close
    hand a distant person's (a real hand is about 0.4 body units long; detectors also read hands
    into large blobs such as the back of a head).

    A hand that would fail the image (extra, or unattached with ``strict``) is looked at again: the
    hand landmarker re-reads crops centred on it (two framings and a mirrored one, see
    :mod:`pytest_genimg.backends.hand_verify`). It fails only when found again in at least
    ``min_rereads`` of them; otherwise it is *unverified* and never fails: detectors see hands in
    folds of cloth, hair and blur from one framing only, while a real hand is found wherever the
    crop puts it (0: no second look).

    With ``strict``, a hand left over whose palm lies on the silhouette of a person for whom it has
    a plausible size (the pose model's segmentation mask of that person) is that person's hand with
    its wrist out of sight: owned, never failed (``spare_on_silhouette``; False: every unattached
    hand fails under ``strict``). At the defaults unattached hands fail nothing, so silhouettes are
    not looked at.
    """

    min_wrist_visibility: float = 0.75
    take_radius: float = 0.2
    max_bend: float = 70.0
    hidden_radius: float = 0.25
    body_margin: float = 0.15
    limb_width: float = 0.12
    full_margin: float = 0.25
    min_hand_size: float = 0.1
    max_hand_size: float = 0.6
    reach: float = 1.2
    hidden_far: float = math.inf
    min_votes: int = 1
    min_face_score: float = 0.7
    head_grow: float = 0.3
    min_rereads: int = 2
    spare_on_silhouette: bool = True
    neighbour_reach: float = 0.5
    bent_back_radius: float = 0.0
    bent_back_second_look: bool = False
    max_head_drop: float = 0.0
    neighbour_hidden_reach: float = 0.5
    shared_body: bool = True
    third_hand_alone: bool = True
    crowd_size: int = 3
    hidden_max_bend: float = math.inf
    strict: bool = False


@dataclass(frozen=True)
class HandVerdict:
    """What the rule decided about one hand.

    ``status`` is ``owned`` (by ``person``'s ``side`` wrist, ``distance`` body units away; side and
    distance None when owned through the person's silhouette),
    ``extra`` (on ``person``), ``stray`` (unattached) or ``unverified`` (would be extra or stray,
    but not found again on a closer look: never fails). ``reason`` says why in a few words;
    ``free_wrist``: the nearest visible wrist left free, as (person, side, distance), if any."""

    hand: int
    status: str
    person: int | None = None
    side: str | None = None
    distance: float | None = None
    free_wrist: tuple[int, str, float] | None = None
    reason: str = ""


@dataclass
class Assignment:
    """Every hand's verdict, and how many hands each person has (taken, extra, or left within reach)."""

    verdicts: list[HandVerdict]
    hands_per_person: list[int] = field(default_factory=list)

    @property
    def extra(self) -> list[HandVerdict]:
        return [v for v in self.verdicts if v.status == "extra"]

    @property
    def stray(self) -> list[HandVerdict]:
        return [v for v in self.verdicts if v.status == "stray"]

    def failing(self, strict: bool) -> list[HandVerdict]:
        """The hands that fail the image: the extra ones, and under ``strict`` the stray ones after them."""
        return self.extra + (self.stray if strict else [])

    @property
    def unverified(self) -> list[HandVerdict]:
        return [v for v in self.verdicts if v.status == "unverified"]


# A second look at hand ``h``: (views in which it was found again, views tried).
Reread = Callable[[int], tuple[int, int]]
# The people's silhouettes, computed when first needed (None: the engine gives none).
SilhouettesOf = Callable[[], "Silhouettes | None"]


def _second_look(verdict: HandVerdict, reread: Reread | None, rule: LimbRule) -> HandVerdict:
    """``verdict`` (extra, or stray under ``strict``) kept when the hand is found again in at least
    ``rule.min_rereads`` views, else turned ``unverified``; the reason tells which."""
    if reread is None or rule.min_rereads <= 0:
        return verdict
    found, views = reread(verdict.hand)
    seen = f"found again in {found} of {views} closer looks"
    if found >= rule.min_rereads:
        return replace(verdict, reason=f"{verdict.reason}; {seen}")
    was = "extra" if verdict.status == "extra" else "unattached"
    return replace(verdict, status="unverified", side=None, distance=None, reason=f"{was}: {verdict.reason}, but {seen}")


def over_body(person: Person, point: np.ndarray, rule: LimbRule, *, full: bool = False) -> bool:
    """Whether ``point`` lies on ``person``: inside the torso grown by ``rule.body_margin``, or within
    ``rule.limb_width`` of a visible arm or leg (``rule.full_margin`` for both when ``full``)."""
    torso, limb = body_gaps(person, point)
    if full:
        return min(torso, limb) <= rule.full_margin
    return torso <= rule.body_margin or limb <= rule.limb_width


def _can_take(person: Person, side: str, hand: Hand, rule: LimbRule) -> float | None:
    """The hand's distance to this wrist when the wrist can take it (near enough, not bent back)."""
    distance = wrist_distance(person, side, hand)
    if distance > rule.take_radius:
        return None
    return distance if bend_within(person, side, hand, rule.max_bend) else None


def _greedy(pairs: list[tuple[float, int, int, str]], owner: dict[int, tuple[int, str, float]]) -> None:
    """Closest pairs first: each hand and each wrist used once."""
    used = {(p, s) for p, s, _ in owner.values()}
    for distance, h, p, side in sorted(pairs):
        if h not in owner and (p, side) not in used:
            owner[h] = (p, side, distance)
            used.add((p, side))


def head_boxes(faces: Sequence[tuple[Box, float]], rule: LimbRule) -> list[Box]:
    """The heads around detected faces (box, score) scoring at least ``rule.min_face_score``: each
    face box grown by ``rule.head_grow`` of its size left, right and below, twice that above (hair)."""
    g = rule.head_grow
    return [(x0 - g * (x1 - x0), y0 - 2 * g * (y1 - y0), x1 + g * (x1 - x0), y1 + g * (y1 - y0))
            for (x0, y0, x1, y1), score in faces if score >= rule.min_face_score]


def on_head(point: np.ndarray, heads: Sequence[Box]) -> bool:
    return any(x0 <= point[0] <= x1 and y0 <= point[1] <= y1 for x0, y0, x1, y1 in heads)


def _spared(verdict: HandVerdict, hand: Hand, fits: list[int], silhouettes: Silhouettes | None) -> HandVerdict | None:
    """``verdict`` (unattached) turned owned by the person whose silhouette its palm lies on, if any."""
    under = [p for p in (silhouettes.people_under(hand.palm) if silhouettes is not None else []) if p in fits]
    if not under:
        return None
    return replace(verdict, status="owned", person=under[0], side=None, distance=None,
                   reason=f"on the silhouette, wrist unseen (was: {verdict.reason})")


def _bent_back(people: Sequence[Person], hand: Hand, free: list[tuple[float, int, str]], fits: list[int],
               rule: LimbRule) -> tuple[int, str] | None:
    """(person, reason) when ``hand`` lies at a free visible wrist (``free``: distance, person, side)
    of a person it fits, bent back from the forearm beyond ``rule.max_bend``; None otherwise."""
    if rule.bent_back_radius <= 0:
        return None
    for distance, p, side in sorted(free):
        if distance > rule.bent_back_radius:
            break
        bend = wrist_bend(people[p], side, hand) if p in fits else None
        if bend is not None and bend > rule.max_bend:
            return p, f"at P{p + 1}'s free {side} wrist ({distance:.2f} body units), bent back {bend:.0f} degrees"
    return None


def _apart(a: Person, b: Person, rule: LimbRule) -> bool:
    """Two people, not two poses of one body: neither torso's centre lies over the other's body."""
    return not (over_body(a, b.points[list(TORSO)].mean(axis=0), rule) or over_body(b, a.points[list(TORSO)].mean(axis=0), rule))


def _crowded(people: Sequence[Person], hands: Sequence[Hand], h: int, p: int, bodies: list[int], hidden: list[tuple[int, str]],
             taken: set[tuple[int, str]], fits: list[int], rule: LimbRule) -> str | None:
    """Why hand ``h``, over ``p``'s body, may be another's (unattached): :class:`LimbRule`'s crowd exceptions."""
    others = [q for q in fits if q != p and _apart(people[p], people[q], rule)]
    near = sorted((d, q, s) for q, s in hidden if q in others and (q, s) not in taken
                  and (d := wrist_distance(people[q], s, hands[h])) <= rule.neighbour_hidden_reach)
    if near:
        d, q, s = near[0]
        return f"over P{p + 1}'s body, but within reach of P{q + 1}'s free unseen {s} wrist ({d:.2f} body units)"
    shared = [q for q in bodies if q in others] if rule.shared_body else []
    if shared:
        return f"over the bodies of P{p + 1} and P{shared[0] + 1}: whose hand it is cannot be told"
    if rule.crowd_size > 0:
        tangle = [q for q in others if body_distance(people[q], hands[h].palm) <= 1.0]
        if len(tangle) + 1 >= rule.crowd_size:
            return f"over P{p + 1}'s body, in a tangle of {len(tangle) + 1} people (bodies within a body unit)"
    return None


def _rival(people: Sequence[Person], hand: Hand, p: int, fits: list[int], upside_down: list[bool],
           taken: set[tuple[int, str]], rule: LimbRule) -> str | None:
    """Another fitting person within ``rule.reach`` of ``hand`` (shoulders, body units) with a wrist left free,
    who could own the hand that would be ``p``'s third, as a few words; None when there is none."""
    for q in fits:
        gap = shoulder_gap(people[q], hand)
        free = [s for s in WRISTS if (q, s) not in taken]
        if q != p and not upside_down[q] and gap <= rule.reach and free and _apart(people[p], people[q], rule):
            return f"P{q + 1}, whose {free[0]} wrist is free ({gap:.2f} body units from the shoulders)"
    return None


def assign_hands(people: Sequence[Person], hands: Sequence[Hand], rule: LimbRule = LimbRule(),
                 faces: Sequence[tuple[Box, float]] = (), reread: Reread | None = None,
                 silhouettes: SilhouettesOf | None = None) -> Assignment:
    """Give each wrist at most one hand, closest first, and judge the hands left over (see
    :class:`LimbRule`); ``faces``: (box, score) from a face detector, for the head exception;
    ``reread``: the second look at a hand about to fail the image (none: every such hand fails);
    ``silhouettes``: the people's masks, asked for only under ``strict`` when a hand is left over."""
    heads = head_boxes(faces, rule)
    seen = {(p, side) for p, person in enumerate(people) for side in WRISTS if person.visible(WRISTS[side], rule.min_wrist_visibility)}
    owner: dict[int, tuple[int, str, float]] = {}
    _greedy([(d, h, p, s) for h, hand in enumerate(hands) for p, s in seen if (d := _can_take(people[p], s, hand, rule)) is not None], owner)
    visible_owner = dict(owner)
    fits = {h: [p for p, person in enumerate(people) if rule.min_hand_size * person.size <= hand.size <= rule.max_hand_size * person.size]
            for h, hand in enumerate(hands)}
    hidden = [(p, s) for p in range(len(people)) for s in WRISTS if (p, s) not in seen]
    _greedy([(d, h, p, s) for h in range(len(hands)) if h not in owner for p, s in hidden if p in fits[h]
             and (d := wrist_distance(people[p], s, hands[h])) < rule.hidden_radius
             and bend_within(people[p], s, hands[h], rule.hidden_max_bend)], owner)
    counts = [sum(1 for q, _s, _d in owner.values() if q == p) for p in range(len(people))]
    full = [sum(1 for q, _s, _d in visible_owner.values() if q == p) >= 2 for p in range(len(people))]
    taken = {(p, side) for p, side, _ in owner.values()}
    upside_down = [head_rise(person) < -rule.max_head_drop for person in people]

    verdicts: list[HandVerdict] = []
    within_reach: list[tuple[float, int, int]] = []
    for h, hand in enumerate(hands):
        if h in owner:
            p, side, distance = owner[h]
            how = "visible" if h in visible_owner else f"hidden (visibility {people[p].visibility[WRISTS[side]]:.2f})"
            verdicts.append(HandVerdict(h, "owned", p, side, round(distance, 3), reason=f"{how} {side} wrist"))
            continue
        free = [(wrist_distance(people[p], side, hand), p, side) for p, side in seen if (p, side) not in taken]
        nearest = min(free) if free else None
        free_wrist = (nearest[1], nearest[2], round(nearest[0], 3)) if nearest else None
        if hand.votes < rule.min_votes:  # seen in one pass only: texture as often as a hand
            verdicts.append(HandVerdict(h, "stray", None, None, None, free_wrist, f"seen in {hand.votes} of the passes only"))
            continue
        if on_head(hand.palm, heads):
            verdicts.append(HandVerdict(h, "stray", None, None, None, free_wrist, "on a head (hair and faces look like hands)"))
            continue
        bent = _bent_back(people, hand, free, fits[h], rule)
        if bent is not None:
            q, why = bent
            verdict = HandVerdict(h, "extra", q, None, None, free_wrist, why)
            verdict = _second_look(verdict, reread, rule) if rule.bent_back_second_look else verdict
            verdicts.append(verdict)
            counts[q] += verdict.status == "extra"
            continue
        under = [p for p in fits[h] if over_body(people[p], hand.palm, rule, full=full[p])]
        bodies = [p for p in under if not upside_down[p]]
        if under and not bodies:
            q = min(under, key=lambda k: body_distance(people[k], hand.palm))
            why = f"over P{q + 1}'s body, but P{q + 1} is upside down (nose {-head_rise(people[q]):.2f} body units below the shoulders)"
            verdicts.append(HandVerdict(h, "stray", None, None, None, free_wrist, why))
            continue
        if bodies:
            p = min(bodies, key=lambda k: body_distance(people[k], hand.palm))
            reaching = [(d, q, side) for d, q, side in free if q != p and q in fits[h] and d <= rule.neighbour_reach
                        and not over_body(people[p], people[q].points[list(TORSO)].mean(axis=0), rule)]
            if reaching:
                d, q, side = min(reaching)
                why = f"over P{p + 1}'s body, but within reach of P{q + 1}'s free {side} wrist ({d:.2f} body units)"
                verdicts.append(HandVerdict(h, "stray", None, None, None, free_wrist, why))
                continue
            why = _crowded(people, hands, h, p, bodies, hidden, taken, fits[h], rule)
            if why is not None:
                verdicts.append(HandVerdict(h, "stray", None, None, None, free_wrist, why))
                continue
            why = "over body, both wrists taken" if full[p] else "over body"
            verdict = _second_look(HandVerdict(h, "extra", p, None, None, free_wrist, why), reread, rule)
            verdicts.append(verdict)
            counts[p] += verdict.status == "extra"  # a hand not found again is no one's hand
            continue
        why = "no person near" if not people else ("no person of a matching size" if not fits[h] else "near no body")
        verdicts.append(HandVerdict(h, "stray", None, None, None, free_wrist, why))
        gaps = [(shoulder_gap(people[p], hand), h, p)
                for p in fits[h] if not upside_down[p]]
        within_reach += [g for g in gaps if g[0] <= rule.reach]
    # A hand within reach of a person who already has two is a third hand (nearest person first).
    claimed: set[int] = set()
    for _gap, h, p in sorted(within_reach):
        if h in claimed:
            continue
        claimed.add(h)
        far = [s for s in WRISTS if (p, s) not in taken and (p, s) not in seen
               and wrist_distance(people[p], s, hands[h]) > rule.hidden_far]
        rival = _rival(people, hands[h], p, fits[h], upside_down, taken, rule) if counts[p] >= 2 and rule.third_hand_alone else None
        if rival is not None:
            verdicts[h] = replace(verdicts[h], reason=f"within reach of P{p + 1}, who has two hands, but also of {rival}")
            continue
        if counts[p] >= 2:
            verdicts[h] = _second_look(HandVerdict(h, "extra", p, None, None, verdicts[h].free_wrist, "third hand"), reread, rule)
        elif far and counts[p] + len(far) >= 2:
            why = f"far from P{p + 1}'s hidden {far[0]} wrist"
            verdicts[h] = _second_look(HandVerdict(h, "extra", p, None, None, verdicts[h].free_wrist, why), reread, rule)
        counts[p] += verdicts[h].status != "unverified"
    if rule.strict:  # unattached hands fail too, unless on a person's silhouette; they get the second look
        masks = silhouettes() if silhouettes is not None and rule.spare_on_silhouette and any(v.status == "stray" for v in verdicts) else None
        verdicts = [(_spared(v, hands[v.hand], fits[v.hand], masks) or _second_look(v, reread, rule)) if v.status == "stray" else v
                    for v in verdicts]
    wrists = [(p, s, "visible", rule.take_radius, rule.max_bend) for p, s in seen]
    wrists += [(p, s, "hidden", rule.hidden_radius, rule.hidden_max_bend) for p, s in hidden]
    verdicts = [v if v.status == "owned" or "bent back" in v.reason  # the bent-back rule's reason says it already
                else replace(v, reason=v.reason + bent_away(people, hands[v.hand], [w for w in wrists if w[0] in fits[v.hand]]))
                for v in verdicts]
    return Assignment(verdicts, counts)

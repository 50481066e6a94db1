"""Accuracy and cost of the composition check's offline parts: colour naming, people and face counts,
and left/right verdicts, on cases with known answers. Every figure is printed for a fixed tuning half
and a held-out half; every cut is chosen on the tuning half only.

Colours: patches of each palette name's main shade under brightness x0.6-1.3 (x0.85-1.15 for
black/white/grey, whose name is their brightness), hue +-6 degrees and saturation x0.8-1.1, with
pixel noise; "near a boundary" marks a patch whose true name wins by under 5 CIE76 units before noise.
People and faces: the cases of cases_composition.py (packaged photos and their mirror images, people
pasted alone or in pairs on person-free photos, rows of LFW face crops, pixel noise; halves fixed by
source; close head-and-shoulders crops scaled up, alone, beside their own mirror image, or beside
another crop; a person crop pasted upright or tilted on each person-free photo; rows of small LFW
faces, 40-80 px, and 32-90 px blurred). The face rule (BlazeFace full
or short range, its score cut, the O-Net cut, on one pass), the shipped multi-pass rule's last floor
and merge IoU (PROPOSAL_FLOORS, PROPOSAL_IOUS), then the people rule (the cut on faces under which a person is added, the HOG cut, whether the pose model
also looks at the mirror image, whether the body rules of metrics/bodies.py apply, and the sixth
round's low floor with the selfie segmenter's mask, metrics/masked_people.py, whose cuts
people_segmenter.py chose, and whether the seventh round's face rule applies, metrics/faced_people.py,
whose cuts people_overcount.py chose) are chosen on the tuning half; the second and third face proposers (OpenCV's Haar cascade, MTCNN's P-Net and R-Net; boxes kept
where O-Net confirms them) were chosen on the tuning half by face_proposers.py, and the previous
default (without MTCNN, ``mtcnn=False``) and ``faces-blazeface`` (BlazeFace's passes alone) are
measured beside the shipped detector, cost included, and so are session 9's two opt-ins
(``confident_verify_min``, ``proposal_inside``; OPT_INS), alone and together. A count verdict is right when the
detector's count satisfies the annotation. A relation verdict is scored where both pasted people
were detected (IoU >= 0.3 with their spot).

    python benchmarks/accuracy_composition.py [--verbose] [--tuning-only] [--skip-colours]
    python benchmarks/accuracy_composition.py --half fresh|fresh2|fresh3|fresh4|fresh5|fresh6|fresh7|fresh8|fresh9|fresh10|fresh11|fresh12|fresh13|fresh14 [--verbose]

``--half fresh`` judges the shipped defaults on the fresh cases (cases_composition_fresh.py, from
photos no choice was made on; what is reported as held out from the ninth round on), beside the
previous defaults (the ninth round's, ``frame_rule=False, mirror_confirm=False``: pre-registered
since the tenth round, people_views.py), each tenth-round rule alone, the people detector without
the face rules (``face_rules=False``) and the other variants, with the same tables, wrong verdicts
and costs; it chooses nothing and prints no colours. ``--half fresh2``
does the same on the second fresh set (FRESH2, added after the first fresh run had been read), ``--half fresh3``
on the third (FRESH3, session 8's held-out set, development data since its run was read), ``--half
fresh4`` on the fourth (FRESH4, session 9's held-out set, development data since its run was read),
``--half fresh5`` on the fifth (FRESH5, session 10's held-out set), ``--half fresh6`` on the sixth (FRESH6,
session 12's held-out set: run it once), ``--half fresh7`` on the seventh (FRESH7, session 13's held-out
set: run it once), ``--half fresh8`` on the eighth (FRESH8, session 14's held-out set, run once: people 57/78,
faces 67/75, left/right 56/56; development data since), ``--half fresh9`` on the ninth (FRESH9, the
held-out set added after FRESH8's run was read; run once in session 15, after ``confirmed_faces``: people 82/95,
faces 82/89, left/right 110/112; development data since), ``--half fresh10`` on the tenth (FRESH10,
session 17's held-out set, added after every people and face rule so far; run once: people 79/105, faces 93/93,
left/right 84/84; development data since), ``--half fresh11`` on the eleventh (FRESH11, the held-out set added
after FRESH10's run was read; run once in session 18: people 85/113, faces 95/101, left/right 76/76;
development data since), ``--half fresh12`` on the twelfth (FRESH12, the held-out set added after FRESH11's
run was read; run once in session 18: people 75/86, faces 84/87, left/right 76/76; development data since),
``--half fresh13`` on the thirteenth (FRESH13, the held-out set added after FRESH12's run was read: run it once),
``--half fresh14`` on the fourteenth (FRESH14, a held-out set added after FRESH13, held out for one run of the
people and face benchmarks: run it once).
Since session 10 the people detector counts one body per face (``one_body_per_face``) and drops a
faceless body fainter than every faced one (``fainter_rule``) (people_one_face.py); a fresh set's run then prints "previous defaults
(one_body_per_face=False, fainter_rule=False)", session 9's detector, right after the defaults, and the ninth round's defaults after that.
"""
from __future__ import annotations

import argparse
import colorsys
import math
import statistics
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from cases_anatomy import _ultralytics_wheel
from cases_composition import person_cases
from cases_composition_fresh import SETS as FRESH_SETS, fresh_cases

from pytest_genimg.backends.detectors import PeopleDetector, combine_people
from pytest_genimg.backends.faces import CONFIDENT_VERIFY_OPT_IN, PROPOSAL_INSIDE_OPT_IN, EARLIER_FLOOR, HAAR_SCORE, MIN_CONFIDENCE, MTCNN_MIN_FACE, MTCNN_RNET_MIN, PROPOSAL_IOU, PROPOSE_MIN, VERIFY_MIN, FaceDetector, MediaPipeFaceDetector, keep_faces, people_under_faces
from pytest_genimg.metrics.anatomy import overlap_of_smaller
from pytest_genimg.metrics.bodies import one_body_each
from pytest_genimg.metrics.faced_people import (SAME_FACE, between_faced, faceless_fainter, faceless_small, one_face_each, second_at_face, spanning,
                                                split_twins, without)
from pytest_genimg.metrics.masked_people import masked_newcomers
from pytest_genimg.metrics.seen_people import mirror_only, off_frame
from pytest_genimg.metrics.composition import PALETTE, Detection, box_iou, name_color, parse_count, region_color, relation_holds

# ------------------------------------------------------------------------------------------ colours


def colour_cases(seed: int, per_name: int = 120) -> list[tuple[str, np.ndarray, bool]]:
    rng = np.random.default_rng(seed)
    cases = []
    for name, shades in PALETTE.items():
        h, s, v = colorsys.rgb_to_hsv(*(c / 255 for c in shades[0]))
        chromatic = s > 0
        for _ in range(per_name):
            hue = (h + rng.uniform(-6, 6) / 360) % 1.0 if chromatic else h
            sat = min(1.0, s * rng.uniform(0.8, 1.1))
            val = min(1.0, v * (rng.uniform(0.6, 1.3) if chromatic else rng.uniform(0.85, 1.15)))
            rgb = np.array(colorsys.hsv_to_rgb(hue, sat, val)) * 255
            named = name_color(rgb)
            near = named.name != name or named.margin < 5.0
            patch = np.clip(rgb + rng.normal(0, 6, size=(48, 48, 3)), 0, 255).astype(np.uint8)
            cases.append((name, patch, near))
    return cases


def run_colours(verbose: bool) -> None:
    print("colour naming (region_color on 48x48 patches with noise sigma 6):")
    for label, seed in (("tune", 0), ("held-out", 1)):
        cases = colour_cases(seed)
        per: dict[str, list[int]] = {n: [0, 0, 0, 0] for n in PALETTE}  # right/total away, right/total near
        for name, patch, near in cases:
            right = region_color(patch, (0, 0, 48, 48)).name == name
            slot = 2 if near else 0
            per[name][slot] += right
            per[name][slot + 1] += 1
        away = sum(p[0] for p in per.values()), sum(p[1] for p in per.values())
        near = sum(p[2] for p in per.values()), sum(p[3] for p in per.values())
        print(f"  {label:8s} away from boundaries {away[0]}/{away[1]} ({away[0] / away[1]:.1%}); near a boundary {near[0]}/{near[1]}"
              + (f" ({near[0] / near[1]:.1%})" if near[1] else ""))
        if verbose or label == "held-out":
            print("    per colour (away): " + ", ".join(f"{n} {p[0]}/{p[1]}" for n, p in per.items()))


# ------------------------------------------------------------------------------------ people, faces


def measure(cases: list, people: PeopleDetector, faces: dict, shipped: dict[str, MediaPipeFaceDetector],
            proposers: dict[float, MediaPipeFaceDetector]) -> list[dict]:
    """Everything each rule below needs, detected once per case at the loosest settings."""
    rows = []
    for case in cases:
        rgb = np.asarray(case.image)
        area = (512 / max(case.image.size)) ** 2
        t0 = time.perf_counter()
        raw = {False: people.bodies(rgb, mirror=False)}
        t1 = time.perf_counter()
        hog = people.pedestrians(rgb)
        t2 = time.perf_counter()
        raw[True] = people.bodies(rgb, mirror=True)
        t3 = time.perf_counter()
        ruled = {m: one_body_each(raw[m]) for m in (False, True)}
        ms = {"pose": (t1 - t0) * area * 1000, "pose + mirror": (t3 - t2) * area * 1000, "HOG": (t2 - t1) * area * 1000,
              "body rules": (time.perf_counter() - t3) / 2 * area * 1000}
        poses = {(m, r): people.boxes(ruled[m] if r else raw[m], rgb.shape) for m in (False, True) for r in (False, True)}
        bodies = {(m, r): ruled[m] if r else raw[m] for m in (False, True) for r in (False, True)}
        low, mask = [], None
        if case.people is not None:  # the sixth round's rule: bodies at pose confidence 0.3, the selfie mask
            t4 = time.perf_counter()
            mask = people.person_mask(rgb)
            t5 = time.perf_counter()
            low = people.low_floor_bodies(rgb)
            ms["selfie mask"] = (t5 - t4) * area * 1000
            ms["low floor, both views"] = (time.perf_counter() - t5) * area * 1000
        candidates = {}
        for engine_name, engine in faces.items():
            t3 = time.perf_counter()
            if engine_name == "haar":
                candidates[engine_name] = [(d.box, d.score, None) for d in engine.detect(rgb, ["face"])]
            else:
                engine.candidates(rgb, verify=False)
                t4 = time.perf_counter()
                candidates[engine_name] = engine.candidates(rgb, verify=True)
                ms[f"{engine_name} + O-Net"] = (time.perf_counter() - t4) * area * 1000
            ms[engine_name] = ((t4 if engine_name != "haar" else time.perf_counter()) - t3) * area * 1000
        shipped_faces = {}
        for title, detector in shipped.items():
            t5 = time.perf_counter()
            shipped_faces[title] = detector.detect(rgb, ["face"])
            ms[title] = (time.perf_counter() - t5) * area * 1000
        proposals = {p: (proposer.candidates(rgb, verify=True), proposer.merge_below) for p, proposer in proposers.items()}
        rows.append(dict(case=case, half=case.half, name=case.name, people=case.people, faces=case.faces, poses=poses, bodies=bodies, plain=raw[False], hog=hog,
                         low=low, mask=mask, candidates=candidates, shipped_faces=shipped_faces, proposals=proposals, shape=rgb.shape, ms=ms))
    return rows


def found_faces(row: dict, face: tuple) -> list:
    """The faces a rule finds: ("shipped", title) is a whole detector's own output (SHIPPED: the
    defaults, or PREVIOUS: the previous default); ("proposals", floor, IoU) applies the shipped
    merging (:func:`keep_faces`, boxes under EARLIER_FLOOR merged at IoU) to the candidates of a
    detector whose last pass proposes from ``floor``; anything else (engine, BlazeFace cut, O-Net
    cut) is applied to the candidates of a single pass measured once per case."""
    if face[0] == "shipped":
        return row["shipped_faces"][face[1]]
    if face[0] == "proposals":
        candidates, merge_below = row["proposals"][face[1]]
        return keep_faces(candidates, face[1], VERIFY_MIN, proposals_below=merge_below, proposal_iou=face[2])
    engine, cut, verify = face
    return keep_faces(row["candidates"][engine], cut, verify)


def people_boxes(row: dict, face: tuple, cuts: tuple) -> list:
    """What PeopleDetector.detect returns with the "faces" detector set to ``face`` and ``cuts``
    (face cut, HOG cut, mirror, body rules, low_floor_mask, face_rules[, frame_rule, mirror_confirm, fainter_rule,
    one_face_per_body, confirmed_faces, nose_face_min, split_twins]; off, None for nose_face_min, where not given)."""
    face_cut, hog_cut, mirror, rules, masked, faced, *seen = cuts
    frame, confirm, fainter, face_per_body, confirmed, nose_min, twins = (tuple(seen) + ((False,) * 5 + (None, False))[len(seen):])[:7]
    source = face if face[0] in ("shipped", "proposals") else ("blazeface-full",) + face[1:]
    source = ("shipped", SHIPPED) if source[1] in OPT_INS else source  # the people detector's faces ignore the opt-ins
    found = found_faces(row, source)
    under = people_under_faces(found, row["shape"]) if face_cut is not None else []
    extra = [(b, sc) for b, sc in under if sc >= face_cut]
    if confirmed and face_cut is not None and face[0] == "shipped":  # session 15's: the shipped faces' Haar and MTCNN faces too
        extra += [(b, sc) for b, sc in under if sc <= HAAR_SCORE]
    extra += [(b, sc / 2) for b, sc in row["hog"] if hog_cut is not None and sc >= hog_cut]
    bodies, scored = row["bodies"][(mirror, rules)], [(d.box, d.score) for d in found]
    dropped, unsure = [], []
    if faced:  # the seventh round's rule: faceless small bodies beside a faced one are dropped
        dropped = faceless_small(bodies, scored)
        if faced in SPAN:  # people_span.py's rule (ninth round): a body that holds two other people's faces
            dropped += SPAN[faced](without(bodies, dropped), scored)
    if fainter:  # session 10's: a faceless body less visible than every faced one (people_one_face.py)
        dropped += faceless_fainter(without(bodies, dropped), scored)
    if frame:  # the tenth round's (people_views.py): a body with its nose outside the image
        dropped += off_frame(without(bodies, dropped), row["shape"])
    if confirm and mirror:  # ... and a faceless body only the mirror view found, unless the mask confirms it
        unsure = mirror_only(without(bodies, dropped), row["plain"], scored)
    poses = row["poses"][(mirror, rules)]
    kept = [(box, body) for box, body in zip(poses, bodies) if not any(body is q for q in dropped + unsure)]
    second = []
    boxes = [box for box, _ in kept]
    if face_per_body and face_cut is not None and kept:  # session 13's (people_face_claims.py): one face per body
        same = SAME_FACE if face_per_body is True else face_per_body  # a number: session 14's same-face cut (inf: session 13's rule)
        boxes, second = one_face_each([b for _, b in kept], boxes, scored, [b for b, _ in under], row["shape"], min_score=face_cut,
                                      same_face=same, nose_min=nose_min)
    if twins and kept:  # session 16's (people_face_claims.py): two bodies boxed alike, their noses apart, cut between the noses
        boxes = split_twins([b for _, b in kept], boxes)  # (box, visibility) each, as one_face_each's
    counted = combine_people(boxes, extra)
    counted += [(b, sc) for b, sc in second if all(overlap_of_smaller(b, other) < 0.5 for other, _ in counted[len(boxes):])]
    if unsure and row["mask"] is not None:
        counted += masked_newcomers([box for box, body in zip(poses, bodies) if any(body is q for q in unsure)], counted, row["mask"])
    return counted + masked_newcomers(row["low"], counted, row["mask"]) if masked and row["mask"] is not None else counted


def people_right(row: dict, face: tuple, cuts: tuple) -> bool:
    return parse_count(row["people"], row["name"]).holds(len(people_boxes(row, face, cuts)))


def faces_right(row: dict, face: tuple) -> bool:
    return parse_count(row["faces"], row["name"]).holds(len(found_faces(row, face)))


def choose(tune: list[dict]) -> tuple[tuple, tuple]:
    """The face rule, then the people rule, that get the most tuning-half counts right. Ties go to
    the stricter setting (a higher cut, verification on): a rule is only as loose as tuning needs."""
    face_options = [(e, c, v) for e in ("blazeface-full", "blazeface-short") for c in FACE_CUTS for v in VERIFY_CUTS]
    face_options += [("haar", 0.5, None)]
    face = max(face_options, key=lambda o: (sum(faces_right(r, o) for r in tune if r["faces"] is not None), o[1], o[2] or 0))
    if face[0] == "haar":  # people under faces always come from BlazeFace (full range)
        face = max((o for o in face_options if o[0] == "blazeface-full"),
                   key=lambda o: (sum(faces_right(r, o) for r in tune if r["faces"] is not None), o[1], o[2] or 0))
    hog_cuts = [None] + sorted({round(sc, 2) for r in tune for _, sc in r["hog"]})
    people_cuts = max(((f, h, m, b, k, False) for f in [None] + FACE_CUTS for h in hog_cuts for m in (False, True) for b in (False, True)
                       for k in (False, True)),
                      key=lambda c: (sum(people_right(r, face, c) for r in tune if r["people"] is not None), c[0] or 9, c[1] or 9,
                                     not c[2], c[3], not c[4]))
    # The seventh round's face rule on top of those (searched apart: the grid above is already large); ties: off.
    people_cuts = max((people_cuts[:5] + (d,) for d in (False, True)),
                      key=lambda c: (sum(people_right(r, face, c) for r in tune if r["people"] is not None), not c[5]))
    return face, people_cuts


def choose_proposals(tune: list[dict]) -> tuple:
    """The second pass's floor and merge IoU that get the most tuning-half face counts right; ties
    go to the higher floor (fewer boxes for O-Net), then the higher IoU (closer to FACE_IOU)."""
    options = [("proposals", p, iou) for p in PROPOSAL_FLOORS for iou in PROPOSAL_IOUS]
    return max(options, key=lambda o: (sum(faces_right(r, o) for r in tune if r["faces"] is not None), o[1], o[2]))


CLOSE = ("portrait", "twin", "portrait-pair")
# people_span.py's variants (a people rule's last element): the bodies each drops after the face rule
BETWEEN = "faceless between two faced"  # the between_rule opt-in (ninth round), on top of the face rule
SPAN = {"span, faceless": lambda b, f: spanning(b, f), "span, any body": lambda b, f: spanning(b, f, faceless_only=False),
        "one body per face": second_at_face, "faceless between two faced": between_faced,
        "one body per face + between": lambda b, f: second_at_face(b, f) + between_faced(b, f)}
ONE_PER_FACE = "one body per face"
PREVIOUS_PEOPLE = "previous defaults (one_body_per_face=False, fainter_rule=False)"  # session 9's people detector: the comparison pre-registered for FRESH5
NEW_KINDS = ("pasted-anywhere", "pasted-tilted")  # the seventh round's
BEFORE_THIRTEEN = "one_face_per_body=False (the defaults before session 13)"
SESSION_THIRTEEN = "same_face=inf (session 13's defaults: no same-face guard)"
CONFIRMED_OFF, CONFIRMED_ON = "confirmed_faces=False (session 14's defaults)", "confirmed_faces=True (opt-in)"
WEAK_NOSE_OFF = "nose_face_min=None, split_twins=False (session 15's defaults)"


def session_ten(face: tuple, shipped: tuple) -> list[tuple[str, tuple, tuple]]:
    """Where the defaults count one body per face and drop fainter faceless bodies (session 10):
    the previous defaults (session 9's people detector, the comparison pre-registered for FRESH5)
    and each of the two rules alone on them, as (title, face rule, people rule)."""
    if shipped[5] != ONE_PER_FACE or not shipped[8]:
        return []
    before = shipped[:5] + (True,) + shipped[6:8] + (False,)
    return [(PREVIOUS_PEOPLE, face, before), ("one_body_per_face only", face, shipped[:8] + (False,)),
            ("fainter_rule only", face, before[:8] + (True,))]


def session_thirteen(face: tuple, shipped: tuple) -> list[tuple[str, tuple, tuple]]:
    """Where the defaults count one face per body (session 13): the defaults without it, and with it but
    without session 14's same-face guard, as (title, face rule, people rule)."""
    if not (len(shipped) > 9 and shipped[9]):
        return []
    return [(BEFORE_THIRTEEN, face, shipped[:9] + (False,)), (SESSION_THIRTEEN, face, shipped[:9] + (math.inf,))]


def session_fifteen(face: tuple, shipped: tuple) -> list[tuple[str, tuple, tuple]]:
    """The defaults with ``confirmed_faces`` (session 15) the other way, as (title, face rule, people rule); turned off,
    session 16's ``nose_face_min`` goes with it (session 14's defaults)."""
    on = len(shipped) > 10 and shipped[10]
    return [(CONFIRMED_OFF, face, shipped[:10] + (False, None, False)) if on else (CONFIRMED_ON, face, shipped[:10] + (True,) + shipped[11:])]


def session_sixteen(face: tuple, shipped: tuple) -> list[tuple[str, tuple, tuple]]:
    """Where the defaults let a weak face at a body's nose be its own face (``nose_face_min``) and split twin bodies
    (``split_twins``), both session 16's: the defaults without them, as (title, face rule, people rule)."""
    return [(WEAK_NOSE_OFF, face, shipped[:11] + (None, False))] if len(shipped) > 11 and (shipped[11] is not None or shipped[12]) else []


def face_rule_of(people: PeopleDetector) -> bool | str:
    """A people detector's face rules as a people rule's sixth element: False (off), True (the seventh
    round's alone) or the SPAN variant its opt-ins make (between_rule, one_body_per_face)."""
    if not people.face_rules:
        return False
    return {(False, False): True, (False, True): BETWEEN, (True, False): ONE_PER_FACE,
            (True, True): "one body per face + between"}[(people.one_body_per_face, people.between_rule)]
FLOOR = 0.2  # single-pass candidates are measured from BlazeFace's FLOOR
FACE_CUTS = [0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8]
# The shipped two-pass rule (third round, after small-face rows were added): where the second pass
# proposes from, and the IoU at which a proposal merges into a kept face.
PROPOSAL_FLOORS = (0.05, 0.1, 0.15, 0.2)
PROPOSAL_IOUS = (0.3, 0.2, 0.1)
SHIPPED = "faces as shipped"
PREVIOUS = "faces without MTCNN (previous)"
BLAZEFACE = "faces-blazeface"
# Session 9's opt-ins (off by default; the criterion, written first, is in docs/thresholds.md)
OPT_INS = {f"faces, confident O-Net >= {CONFIDENT_VERIFY_OPT_IN} (opt-in)": {"confident_verify_min": CONFIDENT_VERIFY_OPT_IN},
           f"faces, proposal inside > {PROPOSAL_INSIDE_OPT_IN} (opt-in)": {"proposal_inside": PROPOSAL_INSIDE_OPT_IN},
           "faces, both opt-ins": {"confident_verify_min": CONFIDENT_VERIFY_OPT_IN, "proposal_inside": PROPOSAL_INSIDE_OPT_IN}}
VERIFY_CUTS = [None, 0.5, 0.7, 0.9]


def report(rows: list[dict], label: str, face: tuple, people_cuts: tuple, title: str) -> None:
    mine = [r for r in rows if r["half"] == label]
    p_rows = [r for r in mine if r["people"] is not None]
    with_people = [r for r in p_rows if not parse_count(r["people"], r["name"]).holds(0)]
    p_right = [people_right(r, face, people_cuts) for r in p_rows]
    wp_right = [people_right(r, face, people_cuts) for r in with_people]
    close = [people_right(r, face, people_cuts) for r in p_rows if r["case"].kind in CLOSE]
    fifth = [people_right(r, face, people_cuts) for r in p_rows if not r["case"].kind.startswith("pasted-")]
    sixth = [people_right(r, face, people_cuts) for r in p_rows if r["case"].kind not in NEW_KINDS]
    f_rows = [r for r in mine if r["faces"] is not None]
    f_right = [faces_right(r, face) for r in f_rows]
    wf_right = [faces_right(r, face) for r in f_rows if not parse_count(r["faces"], r["name"]).holds(0)]
    small = [faces_right(r, face) for r in f_rows if r["case"].kind == "small-faces"]
    older = [faces_right(r, face) for r in f_rows if r["case"].kind != "small-faces" or "-small-faces-b-" not in r["name"]]
    rel = [v for r in mine if r["case"].spots for v in _relation_verdicts(people_boxes(r, face, people_cuts), *r["case"].spots)]
    print(f"  {title:31s} {label:8s} people count right {_share(p_right, True)} (with people {_share(wp_right)}; close portraits {_share(close)}; the fifth round's cases {_share(fifth)}; the sixth round's {_share(sixth)}); "
          f"face count right {_share(f_right, True)} (with faces {_share(wf_right)}; small-face rows {_share(small)}; cases of the previous round {_share(older)}); left/right verdicts right {_share(rel, True)} "
          f"where both people were detected")


def _share(flags: list[bool], interval: bool = False) -> str:
    """k/n (share); with ``interval``, its Wilson 95% interval too, as the checks' messages give it."""
    if not flags:
        return "0/0"
    k, n = sum(flags), len(flags)
    if not interval:
        return f"{k}/{n} ({k / n:.0%})"
    from pytest_genimg.stats import wilson_interval

    lo, hi = wilson_interval(k, n)
    return f"{k}/{n} ({k / n:.0%}; 95% interval {lo:.0%}-{hi:.0%})"


def run_people(verbose: bool, halves: tuple[str, ...] = ("tune", "held-out")) -> None:
    notes: list[str] = []
    fresh = len(halves) == 1 and halves[0] in FRESH_SETS
    cases = fresh_cases(notes, halves[0]) if fresh else person_cases(_ultralytics_wheel(notes), notes)
    people = PeopleDetector()
    faces = {"blazeface-full": MediaPipeFaceDetector("full_range", min_confidence=FLOOR),
             "blazeface-short": MediaPipeFaceDetector("short_range", min_confidence=FLOOR), "haar": FaceDetector()}
    shipped = {SHIPPED: MediaPipeFaceDetector(), PREVIOUS: MediaPipeFaceDetector(mtcnn=False),
               BLAZEFACE: MediaPipeFaceDetector(haar=False, mtcnn=False)} | {t: MediaPipeFaceDetector(**k) for t, k in OPT_INS.items()}
    proposers = {} if fresh else {p: MediaPipeFaceDetector(propose_min=p, haar=False, mtcnn=False) for p in PROPOSAL_FLOORS}
    rows = measure(cases, people, faces, shipped, proposers)
    counts = {h: sum(r["half"] == h for r in rows) for h in ("tune", "held-out", *FRESH_SETS)}
    kinds = sorted({r["case"].kind for r in rows})
    print("\npeople and faces: " + ", ".join(f"{n} {'tuning cases' if h == 'tune' else h}" for h, n in counts.items()) + "; kinds "
          + ", ".join(f"{k} {sum(r['case'].kind == k for r in rows)}" for k in kinds))
    shipped_face = ("shipped", SHIPPED)
    shipped_people = (people.face_min_score, people.hog_min_score, people.mirror, people.body_rules, people.low_floor_mask,
                      face_rule_of(people), people.frame_rule, people.mirror_confirm, people.fainter_rule, people.one_face_per_body,
                      people.confirmed_faces, people.nose_face_min, people.split_twins)
    if fresh:
        _report_fresh(rows, shipped_face, shipped_people, halves[0])
    else:
        _report_halves(rows, halves, shipped_face, shipped_people, verbose)
    keys = list(dict.fromkeys(k for r in rows for k in r["ms"]))  # the selfie mask and low floor: cases with a people count
    cost = ", ".join(f"{k} {statistics.median(r['ms'][k] for r in rows if k in r['ms']):.0f} ms" for k in keys)
    print(f"  cost per 512 px image (scaled by area): {cost} (medians over {len(rows)} images; model loading excluded; "
          f"+ O-Net checks every candidate from BlazeFace's {FLOOR} floor, the shipped detector runs BlazeFace at {MIN_CONFIDENCE}, {EARLIER_FLOOR} and {PROPOSE_MIN}, the Haar cascade and MTCNN's P-Net and R-Net; "
          f"shipped faces cost {statistics.median(r['ms'][SHIPPED] / r['ms'][PREVIOUS] for r in rows):.2f}x the previous default (without MTCNN) and "
          f"{statistics.median(r['ms'][SHIPPED] / r['ms'][BLAZEFACE] for r in rows):.2f}x faces-blazeface, median ratios per image)")
    for note in notes:
        print("  note:", note)
    people.engine.close()
    for engine in faces.values():
        getattr(engine, "close", lambda: None)()


def _report_halves(rows: list[dict], halves: tuple[str, ...], shipped_face: tuple, shipped_people: tuple,
                   verbose: bool) -> None:
    """The tuning and held-out halves: rules chosen on the tuning half, then every setting per half."""
    face, people_cuts = choose([r for r in rows if r["half"] == "tune"])
    proposal_rule = choose_proposals([r for r in rows if r["half"] == "tune"])
    print(f"  chosen on the tuning half: faces {face[0]} at score >= {face[1]} with O-Net >= {face[2]}; people (face cut, HOG cut, mirror, body rules, low floor + mask, face rules) = "
          f"{people_cuts}\n  chosen on the tuning half for the two-pass rule: proposals from {proposal_rule[1]}, merged into a kept face at IoU > "
          f"{proposal_rule[2]}\n  shipped defaults: faces BlazeFace >= {MIN_CONFIDENCE}, plus proposal passes from {EARLIER_FLOOR} and {PROPOSE_MIN} "
          f"(boxes under {EARLIER_FLOOR} merged into a kept face at IoU > {PROPOSAL_IOU}), with O-Net >= {VERIFY_MIN}, plus OpenCV's Haar cascade's "
          f"boxes and MTCNN's (P-Net from {MTCNN_MIN_FACE} px, R-Net >= {MTCNN_RNET_MIN}) that are no face already, with O-Net >= {VERIFY_MIN}; people {shipped_people}")
    settings = [("chosen", face, people_cuts), ("chosen two-pass rule", proposal_rule, people_cuts), ("defaults", shipped_face, shipped_people)]
    settings += _variants(shipped_face, shipped_people) + [
        ("proposals from 0.05, IoU 0.3", ("proposals", 0.05, 0.3), shipped_people),
        ("face rule " + ("off (sixth round)" if shipped_people[5] else "on"), shipped_face, shipped_people[:5] + (not shipped_people[5],) + shipped_people[6:]),
        *session_sixteen(shipped_face, shipped_people), *session_fifteen(shipped_face, shipped_people),
        *session_thirteen(shipped_face, shipped_people),
        *session_ten(shipped_face, shipped_people),
        ("ninth round's defaults (frame_rule=False, mirror_confirm=False, one_body_per_face=False, fainter_rule=False)", shipped_face,
         shipped_people[:5] + (True, False, False, False)),
        ("blazeface-short", ("blazeface-short", face[1], face[2]), shipped_people), ("haar", ("haar", 0.5, None), shipped_people)]
    for title, face_rule, people_rule in settings:
        for label in halves:
            report(rows, label, face_rule, people_rule, title)
    _list_wrong(rows, halves, shipped_face, shipped_people, verbose)


def _variants(face: tuple, people: tuple) -> list[tuple[str, tuple, tuple]]:
    """The shipped defaults with one part changed at a time, as (title, face rule, people rule)."""
    return [(PREVIOUS, ("shipped", PREVIOUS), people), (BLAZEFACE, ("shipped", BLAZEFACE), people),
            *((title, ("shipped", title), people) for title in OPT_INS),
            ("no O-Net check", ("blazeface-full", MIN_CONFIDENCE, None), people), ("pose only", face, (None, None, False, False, False, False)),
            ("mirror " + ("off" if people[2] else "on"), face, people[:2] + (not people[2],) + people[3:]),
            ("body rules " + ("off" if people[3] else "on"), face, people[:3] + (not people[3],) + people[4:]),
            ("mask rule " + ("off" if people[4] else "on"), face, people[:4] + (not people[4],) + people[5:])]


def _report_fresh(rows: list[dict], face: tuple, shipped_people: tuple, label: str = "fresh") -> None:
    """A fresh set (``label``): the defaults; where they count one body per face, the previous
    defaults (session 9's, ``one_body_per_face=False``: the comparison pre-registered for FRESH5,
    docs/notes/people-counts-s10.md); the ninth round's defaults (frame_rule and mirror_confirm off
    too: the tenth round's pre-registered comparison) and each tenth-round rule alone on them; the
    people detector without the face rules; people_span.py's other variants, then the other
    variants; per-kind tables and wrong verdicts of the rows before those variants."""
    ninth = shipped_people[:5] + (True, False, False, False)  # the ninth round's defaults
    previous = session_ten(face, shipped_people)
    print(f"  shipped defaults: faces {SHIPPED!r}; people (face cut, HOG cut, mirror, body rules, low floor + mask, face rules, frame rule, "
          f"mirror confirm, fainter rule, one face per body, confirmed faces, nose face min, split twins) = {shipped_people}")
    settings = [("defaults", face, shipped_people), *session_sixteen(face, shipped_people), *session_fifteen(face, shipped_people), *session_thirteen(face, shipped_people), *previous,
                ("ninth round's defaults (frame_rule=False, mirror_confirm=False" + (", one_body_per_face=False, fainter_rule=False)" if previous else ")"), face, ninth),
                ("frame_rule only", face, ninth[:6] + (True, False)), ("mirror_confirm only", face, ninth[:6] + (False, True)),
                ("previous people (face_rules=False" + (", one_body_per_face=False, fainter_rule=False)" if previous else ")"), face,
                 shipped_people[:5] + (False,) + shipped_people[6:8] + (False,))]
    listed = len(settings)
    others = [(("seventh round's face rule only" if k is True else k), face, shipped_people[:5] + (k,) + shipped_people[6:])
              for k in (True, *SPAN) if k != shipped_people[5] and not (previous and k is True)]
    settings += others
    settings += _variants(face, shipped_people) + [("haar", ("haar", 0.5, None), shipped_people)]
    for title, face_rule, people_rule in settings:
        report(rows, label, face_rule, people_rule, title)
    for title, _, people_rule in settings[:listed]:
        kinds = dict.fromkeys(r["case"].kind for r in rows)
        print(f"  {title}, people count right per kind: " + ", ".join(
            f"{k} {_share([people_right(r, face, people_rule) for r in rows if r['case'].kind == k and r['people'] is not None])}" for k in kinds))
        print(f"  wrong verdicts, {title}:")
        _list_wrong(rows, (label,), face, people_rule, False)


def _list_wrong(rows: list[dict], halves: tuple[str, ...], face: tuple, people_rule: tuple, verbose: bool) -> None:
    for r in rows:
        if r["half"] not in halves:
            continue
        found = len(people_boxes(r, face, people_rule))
        wrong_p = r["people"] is not None and not people_right(r, face, people_rule)
        wrong_f = r["faces"] is not None and not faces_right(r, face)
        rel = _relation_verdicts(people_boxes(r, face, people_rule), *r["case"].spots) if r["case"].spots else []
        wrong_r = not all(rel)
        if verbose or wrong_p or wrong_f or wrong_r:
            print(f"    {r['half']:8s} {r['name']:34s} people {found} (want {r['people']}){' WRONG' if wrong_p else ''}; faces "
                  f"{len(found_faces(r, face))} (want {r['faces']}){' WRONG' if wrong_f else ''}"
                  + (f"; left/right {sum(rel)}/{len(rel)} right WRONG" if wrong_r else ""))


def _relation_verdicts(boxes: list, left: tuple, right: tuple) -> list[bool]:
    """Both relation words on the detections matched to the two pasted people (if both are found)."""
    found = [Detection("person", box, score) for box, score in boxes]
    def match(spot: tuple) -> Detection | None:
        best = max(found, key=lambda d: box_iou(d.box, spot), default=None)
        return best if best is not None and box_iou(best.box, spot) >= 0.3 else None

    a, b = match(left), match(right)
    if a is None or b is None or a is b:
        return []
    return [relation_holds(a, "left of", b)[0], relation_holds(b, "right of", a)[0],
            not relation_holds(b, "left of", a)[0], not relation_holds(a, "right of", b)[0]]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument("--tuning-only", action="store_true", help="print no held-out figure (while choosing rules)")
    parser.add_argument("--skip-colours", action="store_true")
    parser.add_argument("--half", choices=("both", *FRESH_SETS), default="both",
                        help=f"both: the tuning and held-out halves (default); {' / '.join(FRESH_SETS)}: that fresh set only, no colours")
    args = parser.parse_args()
    if args.half in FRESH_SETS:
        run_people(args.verbose, (args.half,))
        return
    if not args.skip_colours:
        run_colours(args.verbose)
    run_people(args.verbose, ("tune",) if args.tuning_only else ("tune", "held-out"))


if __name__ == "__main__":
    main()

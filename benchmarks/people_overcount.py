"""Why the people detector counts some pasted people too many, and whether a rule chosen on the
tuning half fixes it (seventh round; tuning half to choose, the held-out half run once after).

    python benchmarks/people_overcount.py [--half tune|held-out]

The cases are those of ``accuracy_composition.py`` with a people count, the seventh round's
"pasted-anywhere" / "pasted-tilted" kinds included (a person crop of the half pasted upright or
tilted on each person-free photo of the half; ``cases_composition.pasted_anywhere``). Detections of
the older cases come from ``people_segmenter.py``'s stores (``/tmp/people_rules``,
``/tmp/people_segmenter``); the new kinds are measured here the same way (``people_rules.measure_case``
and the selfie segmenter's whole-image mask) into ``/tmp/people_overcount/<half>.pkl``.

The mechanism, from the held-out run of the sixth round (looked at, not tuned on): every case counted
too many held a second body from the pose model's 0.5 pass, kept by the body rules, never one from
the low floor, the mirror view alone or a face. Most of them were small bodies with no face at their
nose beside a pasted person whose face BlazeFace found: on a building front, a roof corner, the flag
behind a portrait, a blurred crowd; the rest were a leaning man found twice (a second, faceless body
inside his, or two bodies with their noses at one face). The tuning half's pasted cases lay on four
backgrounds only and showed none of it, so the seventh round pastes a crop of the half on each of
its person-free photos (``pasted_anywhere``), upright and tilted by 20 degrees (a leaning person).

Rules, each on the same stored detections (the shipped sixth-round rule with the bodies a rule
drops removed first; a face is one of the ``faces`` detector's scoring at least the cut, i.e.
BlazeFace's, holding the body's nose in its box grown by the given share each way):

- ``faceless under S x the largest faced body``: a body with no face at its nose, smaller than S
  times the largest body with one (:func:`pytest_genimg.metrics.faced_people.faceless_small`);
- ``one body per face``: of two bodies with their noses at one face, the less visible one;
- ``faceless, >= N inside a faced body``: a faceless body whose box lies at least N inside the box
  of a body with a face;
- ``one mask, one person``: as in ``people_segmenter.py``.

With ``--cost``, the people detector as shipped against it with ``face_rules=False``, timed per
512 px image on the half's cases with a people count in the same run (median per-image ratio).

Printed on 2026-11-30 (2-core CPU shared with other jobs), tuning half, 143 cases with a people
count (the sixth round's 107 and 36 of the new kinds), people counted right:

    shipped (sixth round)                                                       126/143 (new kinds 27/36)
    faceless under 0.6x / 0.7x the largest faced body, every face cut 0.2-0.6
      and growth 0-0.5 (adopted at 0.6, cut 0.4, growth 0.25: face_rules)      128/143 (+2, nothing lost)
    the same under 0.3x-0.5x                                                    127/143 (+1)
    one body per face, every cut and growth                                     126/143
    faceless, >= 0.6 / 0.8 / 0.9 inside a faced body, every cut and growth      126/143
    one mask, one person (region <= 1.2x / 1.5x / 2.0x a box's width)           121 / 120 / 121 (loses 5-6)

The rule drops 6 bodies in the whole tuning half, all on two new cases (four on a launch gantry
beside a pasted man, two on a board's edge), whatever the cut; every tie was broken toward the
smallest share (a rule only as loose as tuning needs), the detector's own face cut (0.4) and the
middle growth. Left on the tuning half: 15 misses, 13 too few (the turned-away man in close crops,
pasted or tilted) and 2 too many, both tilted crops where the extra body is larger than the real
person (over a cat and over a horse's head), one beside a face only the Haar proposer found: the
rule does not reach them. ``--cost``, tuning half: the detector with the rule takes 146 ms per
512 px image, without it 144 ms: 1.00x (median per-image ratio, quartiles 0.97x-1.03x; the rule
reuses the BlazeFace faces the detector finds for ``face_min_score``).

Held-out half, run once after the rule was adopted (``python accuracy_composition.py``, which
applies the same rule to its own measurements; not this script): 93/103 with the rule, 86/103
without it (+7, nothing lost); on the sixth round's 73 cases 69/73 (65/73 before). Left: the
person behind the chessboard in both views (too few), a zidane.jpg twin and pair (a leaning man
found twice, too many) and six of the 30 new cases (too many).
"""
from __future__ import annotations

import pickle
import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from cases_anatomy import _ultralytics_wheel
from cases_composition import person_cases
from people_rules import BOXES, Tools, measure_case, right, shipped
from people_segmenter import FLOOR, all_rows, candidates, half_and_cost, one_mask_one_person, segment

from pytest_genimg.metrics.anatomy import same_person, share_inside
from pytest_genimg.metrics.bodies import one_body_each
from pytest_genimg.metrics import faced_people
from pytest_genimg.metrics.faced_people import face_at, faceless_small, without
from pytest_genimg.metrics.masked_people import masked_newcomers

OUT = Path("/tmp/people_overcount")
NEW_KINDS = ("pasted-anywhere", "pasted-tilted")


def new_rows(half: str) -> tuple[list[dict], list[dict]]:
    """(rows, segs) of the seventh round's kinds of ``half``, measured once and stored."""
    path = OUT / f"{half}.pkl"
    if path.is_file():
        return pickle.loads(path.read_bytes())
    from pytest_genimg.backends.segment import SelfieSegmenter

    notes: list[str] = []
    cases = [c for c in person_cases(_ultralytics_wheel(notes), notes) if c.half == half and c.kind in NEW_KINDS]
    tools = Tools()
    for floor in [f for f in tools.low if f != 0.3]:  # only the shipped low floor is needed here
        tools.low.pop(floor).close()
    segmenter = SelfieSegmenter()
    rows, segs = [], []
    for case in cases:
        row = measure_case(case, tools)
        rgb = np.ascontiguousarray(np.asarray(case.image.convert("RGB")))
        rows.append(row)
        segs.append(dict(name=case.name, mask=(segmenter.mask(rgb) * 255).astype(np.uint8),
                         candidates=[dict(box=box) for box, _, _ in candidates(row)]))
        print(f"  measured {case.name}", file=sys.stderr, flush=True)
    tools.close()
    segmenter.close()
    OUT.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pickle.dumps((rows, segs)))
    return rows, segs


def every_row(half: str) -> tuple[list[dict], list[dict]]:
    rows = all_rows(half)
    segs = segment(rows, half)
    added, added_segs = new_rows(half)
    return rows + added, segs + added_segs


Filter = Callable[[list, list], list]


def ruled(drop: Filter | None) -> Callable[[dict, dict], list]:
    """The shipped people rule (sixth round: bodies at 0.5 by the body rules, people under faces,
    the low floor with the mask) on the stored detections, with the bodies ``drop`` returns removed
    before anything else (``faces``: the ``faces`` detector's, each with BlazeFace's score)."""
    def rule(row: dict, seg: dict) -> list:
        kept = one_body_each(row["bodies"])
        if drop is not None:
            kept = without(kept, drop(kept, row["faces"]))
        counted = shipped(row, kept)
        image_view, mirror_view = row["views"][FLOOR]
        both = one_body_each([p for p in image_view if any(same_person(p, q) for q in mirror_view)])
        return counted + masked_newcomers(BOXES.boxes(both, row["shape"]), counted, seg["mask"].astype(np.float32) / 255)

    return rule


def second_at_face(grow: float, score: float) -> Filter:
    """One face, one person: :func:`pytest_genimg.metrics.faced_people.second_at_face` at these cuts."""
    return lambda people, faces: faced_people.second_at_face(people, faces, grow=grow, min_score=score)


def small_faceless(small: float, grow: float, score: float) -> Filter:
    return lambda people, faces: faceless_small(people, faces, small=small, grow=grow, min_score=score)


def nested_faceless(nested: float, grow: float, score: float) -> Filter:
    """Faceless bodies whose box lies at least ``nested`` inside a body with a face."""
    def drop(people: list, faces: list) -> list:
        faced = [p for p in people if face_at(p, faces, grow=grow, min_score=score) is not None]
        return [p for p in people if face_at(p, faces, grow=grow, min_score=score) is None
                and any(share_inside(p.box(), q.box()) >= nested for q in faced if q is not p)]

    return drop


def both(*filters: Filter) -> Filter:
    return lambda people, faces: [p for p in people if any(any(p is q for q in f(people, faces)) for f in filters)]


GROWS = (0.0, 0.25, 0.5)
SCORES = (0.2, 0.4, 0.6)
SMALLS = (0.3, 0.4, 0.5, 0.6, 0.7)
NESTS = (0.6, 0.8, 0.9)


def rules() -> dict[str, Callable[[dict, dict], list]]:
    out: dict[str, Callable[[dict, dict], list]] = {"shipped (sixth round)": ruled(None)}
    for grow in GROWS:
        for score in SCORES:
            at = f"face >= {score}, box grown {grow}"
            out[f"one body per face ({at})"] = ruled(second_at_face(grow, score))
            for small in SMALLS:
                out[f"faceless under {small}x the largest faced body ({at})"] = ruled(small_faceless(small, grow, score))
                out[f"both of the above ({at}, {small}x)"] = ruled(both(second_at_face(grow, score), small_faceless(small, grow, score)))
            for nested in NESTS:
                out[f"faceless, >= {nested} inside a faced body ({at})"] = ruled(nested_faceless(nested, grow, score))
    for wide in (1.2, 1.5, 2.0):
        out[f"one mask, one person (region <= {wide}x a box's width)"] = one_mask_one_person(wide)
    return out


def main() -> None:
    args = half_and_cost(__doc__, "face_rules")
    rows, segs = every_row(args.half)
    base_rule = ruled(None)
    print(f"{args.half} half: {len(rows)} cases with a people count ({sum(r['kind'] in NEW_KINDS for r in rows)} of the seventh round's kinds)")
    for row, seg in zip(rows, segs):
        found = base_rule(row, seg)
        if not right(row, found):
            print(f"  {row['name']} ({row['kind']}): {len(found)} (want {row['people']})")
            kept = one_body_each(row["bodies"])
            for person, (box, vis) in zip(kept, BOXES.boxes(kept, row["shape"])):
                face = face_at(person, row["faces"], min_score=0.0)
                biggest = max(p.size for p in kept)
                print(f"      body ({','.join(f'{v:.0f}' for v in box)}) visibility {vis:.2f}, size {person.size / biggest:.2f} of the largest, "
                      + ("no face at its nose" if face is None else f"face {row['faces'][face][1]:.2f} at its nose"))
    base = [right(r, base_rule(r, s)) for r, s in zip(rows, segs)]
    for title, rule in rules().items():
        flags = [right(r, rule(r, s)) for r, s in zip(rows, segs)]
        gained = [r["name"] for r, ok, was in zip(rows, flags, base) if ok and not was]
        lost = [r["name"] for r, ok, was in zip(rows, flags, base) if was and not ok]
        new = sum(ok for r, ok in zip(rows, flags) if r["kind"] in NEW_KINDS)
        print(f"  {title}: {sum(flags)}/{len(rows)} (new kinds {new})" + (f"; gains {', '.join(gained)}" if gained else "")
              + (f"; loses {', '.join(lost)}" if lost else ""))


if __name__ == "__main__":
    main()

"""Session 9's two opt-ins of the ``faces`` detector on every development set's face counts, per set
(issue 16; FRESH3's face count fell to 92/107). Development data only: the tuning and old held-out
halves (``cases_composition.py``), FRESH, FRESH2 and FRESH3 (``cases_composition_fresh.py``).

    python benchmarks/face_opt_ins.py [--sets tune,held-out,fresh,fresh2,fresh3] [--verbose]

Each case with a face count is looked at once: BlazeFace's three passes (candidates with their O-Net
probabilities), the Haar cascade's and MTCNN's boxes with theirs; then the shipped merging
(:func:`~pytest_genimg.backends.faces.keep_faces`, :func:`~pytest_genimg.backends.faces.add_confirmed`)
is applied with each rule: the defaults, ``confident_verify_min`` (O-Net >= CONFIDENT_VERIFY_OPT_IN
for boxes BlazeFace scores >= 0.5, at 0.5, 0.7 and 0.8), ``proposal_inside`` (a box under 0.2 more
than PROPOSAL_INSIDE_OPT_IN inside a kept face is that face, at 0.5 and 0.7), and both. Every case
whose count a rule changes is run again through ``MediaPipeFaceDetector(**rule)`` itself, and the
two counts must agree. The criterion, written before any variant was tried (commit d75ff0f):
+5 face counts over the five sets, chosen on tune + FRESH + FRESH2 and confirmed (+2, no loss) on
the old held-out half + FRESH3, no set worse by more than 1, no person-free case newly wrong.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from cases_anatomy import _ultralytics_wheel
from cases_composition import person_cases
from cases_composition_fresh import fresh_cases

from pytest_genimg.backends.face_propose import FaceProposer
from pytest_genimg.backends.face_verify import FaceVerifier
from pytest_genimg.backends.faces import (CONFIDENT_VERIFY_OPT_IN, MIN_CONFIDENCE, MTCNN_MIN_FACE, MTCNN_RNET_MIN, PROPOSAL_INSIDE_OPT_IN,
                                          PROPOSE_MIN, VERIFY_MIN, FaceDetector, MediaPipeFaceDetector, add_confirmed, keep_faces)
from pytest_genimg.metrics.composition import parse_count

RULES = {"defaults": {}, **{f"confident_verify_min={v}": {"confident_verify_min": v} for v in (0.5, CONFIDENT_VERIFY_OPT_IN, 0.8)},
         **{f"proposal_inside={v}": {"proposal_inside": v} for v in (PROPOSAL_INSIDE_OPT_IN, 0.7)},
         "both opt-ins": {"confident_verify_min": CONFIDENT_VERIFY_OPT_IN, "proposal_inside": PROPOSAL_INSIDE_OPT_IN}}
TUNING, CONFIRMING = ("tune", "fresh", "fresh2"), ("held-out", "fresh3")


def evidence(rgb: np.ndarray, blaze: MediaPipeFaceDetector, haar: FaceDetector, mtcnn: FaceProposer, onet: FaceVerifier) -> dict:
    proposed = {"haar": [(d.box, d.score) for d in haar.detect(rgb, ["face"])], "mtcnn": mtcnn.propose(rgb)}
    boxes = [b for found in proposed.values() for b, _ in found]
    return {"candidates": blaze.candidates(rgb, verify=True), **proposed, "p": dict(zip(boxes, onet.probabilities(rgb, boxes)))}


def faces(seen: dict, rule: dict, merge_below: float | None) -> list:
    """What ``MediaPipeFaceDetector(**rule).detect`` keeps, from the evidence of one look."""
    confident = rule.get("confident_verify_min")
    kept = keep_faces(seen["candidates"], PROPOSE_MIN, VERIFY_MIN, proposals_below=merge_below,
                      confident=None if confident is None else (MIN_CONFIDENCE, confident), inside=rule.get("proposal_inside"))
    for name in ("haar", "mtcnn"):
        kept = add_confirmed(kept, seen[name], VERIFY_MIN, seen["p"].__getitem__)
    return kept


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", default="tune,held-out,fresh,fresh2,fresh3")
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    wanted, notes = args.sets.split(","), []
    cases = person_cases(_ultralytics_wheel(notes), notes) if {"tune", "held-out"} & set(wanted) else []
    cases = [c for c in cases if c.half in wanted] + [c for s in ("fresh", "fresh2", "fresh3") if s in wanted for c in fresh_cases(notes, s)]
    cases = [c for c in cases if c.faces is not None]
    blaze, haar, onet = MediaPipeFaceDetector(haar=False, mtcnn=False), FaceDetector(), FaceVerifier()
    mtcnn = FaceProposer(min_face=MTCNN_MIN_FACE, rnet_min=MTCNN_RNET_MIN)
    counts: dict[str, dict[str, int]] = {}
    for case in cases:
        rgb = np.asarray(case.image)
        seen = evidence(rgb, blaze, haar, mtcnn, onet)
        counts[case.name] = {title: len(faces(seen, rule, blaze.merge_below)) for title, rule in RULES.items()}
        for title, rule in RULES.items():  # the detector itself wherever a rule changes the count
            if counts[case.name][title] != counts[case.name]["defaults"]:
                detector = MediaPipeFaceDetector(**rule)
                real = len(detector.detect(rgb, ["face"]))
                detector.close()
                assert real == counts[case.name][title], (case.name, title, real, counts[case.name][title])
    right = {c.name: {t: parse_count(c.faces, c.name).holds(n) for t, n in counts[c.name].items()} for c in cases}
    halves = [h for h in wanted if any(c.half == h for c in cases)]
    print(f"face counts right per development set ({len(cases)} cases with a face count; criterion: commit d75ff0f)")
    for title in RULES:
        per = {h: [right[c.name][title] for c in cases if c.half == h] for h in halves}
        small = sum(right[c.name][title] for c in cases if c.kind == "small-faces")
        zero = sum(not right[c.name][title] for c in cases if c.faces == 0)
        gain = {s: sum(right[c.name][title] - right[c.name]["defaults"] for c in cases if c.half in s) for s in (TUNING, CONFIRMING)}
        print(f"  {title:26s} " + ", ".join(f"{h} {sum(v)}/{len(v)}" for h, v in per.items())
              + f"; small-face rows {small}/{sum(c.kind == 'small-faces' for c in cases)}; person-free or noise wrong {zero}; "
              f"vs defaults: tuning subset {gain[TUNING]:+d}, confirming subset {gain[CONFIRMING]:+d}")
        changed = [f"{c.half} {c.name} {counts[c.name]['defaults']}->{counts[c.name][title]} (want {c.faces})"
                   for c in cases if counts[c.name][title] != counts[c.name]["defaults"]]
        if changed and (args.verbose or title != "defaults"):
            print("      changed: " + "; ".join(changed))
    if args.verbose:
        for c in cases:
            if not right[c.name]["defaults"]:
                print(f"    wrong at the defaults: {c.half} {c.name} {counts[c.name]['defaults']} (want {c.faces})")
    for note in notes:
        print("  note:", note)


if __name__ == "__main__":
    main()

"""Which further face proposers, if any, should the ``faces`` detector add for small faces? Tuning half
of ``accuracy_composition.py`` only (this script prints no held-out figure).

    python benchmarks/face_proposers.py [--verbose] [--only NAME-PREFIX]

The base detector (BlazeFace passes from 0.5, 0.2 and 0.05, each box checked by O-Net >= 0.9,
``faces-blazeface``, ``MediaPipeFaceDetector(haar=False, mtcnn=False)``) is run on every tuning case with a face count;
then each candidate proposer's boxes are checked by the same O-Net on the original image and a box
is added to the base's faces where O-Net gives it at least ``v`` and it is no face already kept
(:func:`~pytest_genimg.backends.faces.add_confirmed`: it overlaps one by more than IoU FACE_IOU, or
over half of the smaller box lies inside the other). Proposers: OpenCV's frontal Haar cascade
(min_neighbors 5 and 3), its profile cascade (image and mirror image), and BlazeFace's first pass
(>= 0.5) and a pass from 0.2 on the image enlarged 2x (boxes scaled back) (the fourth round chose
the Haar cascade at min_neighbors 5); MTCNN's P-Net and R-Net (``face_propose.py``) with the pyramid
starting at faces of 16, 20, 24 or 30 px and R-Net's cut at 0.6, 0.7, 0.8 or 0.9, alone and after
the Haar cascade (the fifth round chose 30 px and 0.7 after the Haar cascade). Per rule: face counts
right by kind, cases with more faces than annotated (false faces) and with fewer. The shipped
detector (the base plus the proposers the tuning half chose) is run too, and its faces are
compared with the rule's. Cost per 512 px image of the base, of the shipped detector and of each
proposer with its O-Net checks, as a ratio to the base measured in the same run (median of
per-image ratios).
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import numpy as np
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from cases_anatomy import _ultralytics_wheel
from cases_composition import person_cases

from pytest_genimg.backends.face_propose import FaceProposer
from pytest_genimg.backends.face_verify import FaceVerifier
from pytest_genimg.backends.faces import MTCNN_MIN_FACE, MTCNN_RNET_MIN, VERIFY_MIN, FaceDetector, MediaPipeFaceDetector, add_confirmed
from pytest_genimg.metrics.composition import parse_count

VERIFY = (0.7, 0.8, 0.9, 0.95, 0.99)
BASE = "BlazeFace only (previous)"
SHIPPED = "shipped (Haar + MTCNN)"


def confirmed(row: dict, names: tuple[str, ...], v: float | None) -> list:
    """The base detector's faces plus each named proposer's boxes confirmed at O-Net ``v``, proposer
    by proposer, as the shipped detector adds Haar's (:func:`add_confirmed`)."""
    faces = row["kept"]
    for name in names:
        probability = {box: p for box, _, p in row["found"][name]}
        faces = add_confirmed(faces, [(box, s) for box, s, _ in row["found"][name]], v, probability.__getitem__)
    return faces


def haar(detector: FaceDetector, rgb: np.ndarray) -> list[tuple]:
    return [(d.box, d.score) for d in detector.detect(rgb, ["face"])]


def profile(detector: FaceDetector, rgb: np.ndarray) -> list[tuple]:
    w = rgb.shape[1]
    flipped = [((w - x1, y0, w - x0, y1), s) for (x0, y0, x1, y1), s in haar(detector, rgb[:, ::-1])]
    return haar(detector, rgb) + flipped


def enlarged(detector: MediaPipeFaceDetector, rgb: np.ndarray, floor: float) -> list[tuple]:
    big = np.asarray(Image.fromarray(rgb).resize((rgb.shape[1] * 2, rgb.shape[0] * 2), Image.Resampling.BICUBIC))
    return [((x0 / 2, y0 / 2, x1 / 2, y1 / 2), s) for (x0, y0, x1, y1), s, _ in detector.candidates(big, verify=False) if s >= floor]


MTCNN_MIN_FACES = (16, 20, 24, 30)
RNET_MINS = (0.6, 0.7, 0.8, 0.9)


def mtcnn(detector: FaceProposer, rgb: np.ndarray) -> list[tuple]:
    return detector.propose(rgb)


def measure(notes: list[str], only: str | None = None) -> list[dict]:
    cases = [c for c in person_cases(_ultralytics_wheel(notes), notes) if c.half == "tune" and c.faces is not None]
    base, shipped = MediaPipeFaceDetector(haar=False, mtcnn=False), MediaPipeFaceDetector()
    single = MediaPipeFaceDetector(min_confidence=0.2, propose_min=None, verify_min=None)
    proposers = {"haar n>=5": (FaceDetector(min_neighbors=5), haar), "haar n>=3": (FaceDetector(min_neighbors=3), haar),
                 "profile n>=5": (FaceDetector("haarcascade_profileface.xml", min_neighbors=5), profile),
                 "blazeface 2x >=0.5": (single, lambda d, rgb: enlarged(d, rgb, 0.5)),
                 "blazeface 2x >=0.2": (single, lambda d, rgb: enlarged(d, rgb, 0.2))}
    # MTCNN's P-Net and R-Net from R-Net's lowest cut; the higher cuts are filters of its boxes
    # (greedy NMS by score keeps the same boxes above a cut whether the cut comes first or after)
    proposers.update({f"mtcnn min {m}": (FaceProposer(min_face=m, rnet_min=RNET_MINS[0]), mtcnn) for m in MTCNN_MIN_FACES})
    proposers = {k: v for k, v in proposers.items() if only is None or k.startswith(only) or k == "haar n>=5"}
    verifier = FaceVerifier()
    rows = []
    for case in cases:
        rgb = np.asarray(case.image)
        area = (512 / max(case.image.size)) ** 2
        t0 = time.perf_counter()
        kept = base.detect(rgb, ["face"])
        t1 = time.perf_counter()
        now = shipped.detect(rgb, ["face"])
        ms = {BASE: (t1 - t0) * area * 1000, SHIPPED: (time.perf_counter() - t1) * area * 1000}
        found = {}
        for name, (detector, propose) in proposers.items():
            t0 = time.perf_counter()
            boxes = propose(detector, rgb)
            probs = verifier.probabilities(rgb, [b for b, _ in boxes])
            ms[name] = (time.perf_counter() - t0) * area * 1000
            found[name] = [(b, s, p) for (b, s), p in zip(boxes, probs)]
        for name in [n for n in found if n.startswith("mtcnn")]:
            found.update({f"{name} r>={r}": [(b, s, p) for b, s, p in found[name] if s >= r] for r in RNET_MINS[1:]})
        rows.append(dict(case=case, kept=kept, now=now, found=found, ms=ms))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument("--only", help="run only the proposers whose name starts with this (e.g. 'mtcnn')")
    args = parser.parse_args()
    notes: list[str] = []
    rows = measure(notes, args.only)
    print(f"{len(rows)} tuning cases with a face count; kinds " + ", ".join(
        f"{k} {sum(r['case'].kind == k for r in rows)}" for k in sorted({r['case'].kind for r in rows})))
    rules = [(BASE, (), None), (SHIPPED, None, None)] + [(n, (n,), v) for n in rows[0]["found"] for v in ((VERIFY_MIN,) if n.startswith("mtcnn") else VERIFY)]
    rules += [(f"haar n>=5 + {n}", ("haar n>=5", n), v) for n in rows[0]["found"] if n != "haar n>=5" for v in (0.9,)
              if "haar n>=5" in rows[0]["found"] and (n.startswith("mtcnn") or n == "blazeface 2x >=0.2")]
    for title, names, v in rules:
        right: dict[str, list[int]] = {}
        over = under = 0
        for r in rows:
            count = len(r["now"]) if names is None else len(confirmed(r, names, v))
            spec = parse_count(r["case"].faces, r["case"].name)
            ok = spec.holds(count)
            tally = right.setdefault(r["case"].kind, [0, 0])
            tally[0] += ok
            tally[1] += 1
            if not ok:  # more faces than the annotation allows, or fewer
                over += any(spec.holds(c) for c in range(count))
                under += not any(spec.holds(c) for c in range(count))
                if args.verbose:
                    print(f"    {title}{'' if v is None else f' @{v}'}: {r['case'].name} counted {count} (want {r['case'].faces})")
        total = sum(a for a, _ in right.values()), sum(b for _, b in right.values())
        print(f"  {title:28s} {'' if v is None else f'O-Net >= {v}':13s} right {total[0]}/{total[1]}; "
              + ", ".join(f"{k} {a}/{b}" for k, (a, b) in sorted(right.items())) + f"; too many {over}, too few {under}")
    chosen = ("haar n>=5", f"mtcnn min {MTCNN_MIN_FACE} r>={MTCNN_RNET_MIN}")
    if chosen[1] in rows[0]["found"]:
        agree = sum(r["now"] == confirmed(r, chosen, VERIFY_MIN) for r in rows)
        print(f"  the shipped detector's faces equal the base's plus {' + '.join(chosen)} at O-Net >= {VERIFY_MIN} on {agree}/{len(rows)} cases")
    for name in rows[0]["ms"]:
        ratio = statistics.median(r["ms"][name] / r["ms"][BASE] for r in rows)
        print(f"  cost {name:26s} {statistics.median(r['ms'][name] for r in rows):6.0f} ms per 512 px image; {ratio:.2f}x the base detector "
              "(median of per-image ratios)")
    for note in notes:
        print("  note:", note)


if __name__ == "__main__":
    main()

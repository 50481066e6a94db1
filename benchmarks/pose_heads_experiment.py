"""Tuning-half experiment (sixth round, left off): a head exception that needs no face.

    python benchmarks/pose_heads_experiment.py [--cache DIR] [--verbose] [--max-hand-size X]

The held-out false alarms of the fifth round were hands read in the hair of heads seen from behind,
where no face is found, so the face-based head exception (``LimbRule.head_grow``) does not apply.
This judges the tuning half only (the held-out half is never built here) at the defaults, then
with the pose model's own head landmarks as heads: a hand that fails the image (extra) whose palm
lies in the box around a person's head landmarks (which set, with visibility at least a floor),
grown by ``grow`` of the box's larger side left, right and below and twice that above (as
``head_boxes`` grows faces), is unattached instead. Variants: the head of any person or only of the
person the hand is extra on ("own"), and every head or only heads whose face the pose model does
not see (nose and both eyes below a visibility ceiling). Prints per variant the false alarms and
catches with the cases whose verdict changed. Uses accuracy_anatomy's cache: no engine runs when
it is warm (an exception only removes flags, so no new second look is asked for).
"""
from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from accuracy_anatomy import ScanCache  # noqa: E402 (also puts src/ on the path)
from cases_anatomy import build_cases  # noqa: E402

from pytest_genimg.backends.scan import ScanSettings  # noqa: E402
from pytest_genimg.metrics.anatomy import Person  # noqa: E402
from pytest_genimg.metrics.limb_rule import LimbRule, assign_hands, on_head  # noqa: E402

LANDMARKS = {"all 0-10": tuple(range(11)), "nose+ears 0,7,8": (0, 7, 8), "eyes+ears 1-8": tuple(range(1, 9))}
GROWS = (0.3, 0.5, 0.8, 1.2)
FLOORS = (0.0, 0.3)
CEILINGS = (math.inf, 0.9, 0.5)  # the exception applies only where min(nose, eyes) visibility is below this
FACE = (0, 2, 5)  # nose, left eye, right eye


def pose_head(person: Person, points: tuple[int, ...], floor: float, ceiling: float, grow: float):
    """The grown box around ``person``'s head landmarks seen with visibility >= floor; None when the
    face is seen (nose and eyes at >= ceiling) or fewer than two landmarks pass."""
    vis = person.visibility
    if min(vis[i] for i in FACE) >= ceiling:
        return None
    chosen = person.points[[i for i in points if vis[i] >= floor]]
    if len(chosen) < 2:
        return None
    (x0, y0), (x1, y1) = chosen.min(axis=0), chosen.max(axis=0)
    side = max(x1 - x0, y1 - y0)
    return x0 - grow * side, y0 - 2 * grow * side, x1 + grow * side, y1 + grow * side


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cache", type=Path, default=Path("/tmp/genimg-bench-anatomy"))
    parser.add_argument("--verbose", action="store_true", help="print the heads a lost catch lay in")
    parser.add_argument("--max-hand-size", type=float, default=LimbRule.max_hand_size,
                        help="judge at another size cap (0.8: the fourth round's, under which the tuning half's back of a head failed)")
    args = parser.parse_args()
    cache = ScanCache(args.cache, None, ScanSettings())
    rule = LimbRule(max_hand_size=args.max_hand_size)
    try:
        data = []
        for case in (c for c in build_cases([], locate=cache.people) if c.half == "tune"):
            found, _ms = cache.get(case.image)
            judged = assign_hands(found.people, found.hands, rule, cache.faces(case.image), cache.reread(case.image, found.hands))
            data.append((case, found, judged.extra))
    finally:
        cache.close()
    n_ok, n_x = sum(not c.extra for c, _f, _e in data), sum(c.extra for c, _f, _e in data)
    print(f"tuning half at the defaults (max_hand_size={rule.max_hand_size:g}): false alarms {sum(bool(e) for c, _f, e in data if not c.extra)}/{n_ok}, "
          f"caught {sum(bool(e) for c, _f, e in data if c.extra)}/{n_x}")
    for own in (False, True):
        for name, points in LANDMARKS.items():
            for ceiling in CEILINGS:
                for floor in FLOORS:
                    for grow in GROWS:
                        failed, lost_heads = {}, []
                        for case, found, extra in data:
                            heads = [pose_head(p, points, floor, ceiling, grow) for p in found.people]
                            kept = []
                            for v in extra:
                                boxes = [heads[v.person]] if own else heads
                                inside = [k for k, b in enumerate(boxes) if b is not None and on_head(found.hands[v.hand].palm, [b])]
                                if not inside:
                                    kept.append(v)
                                elif case.extra:
                                    q = v.person if own else inside[0]
                                    lost_heads.append((case.name, q, found.people[q]))
                            failed[case.name] = bool(kept)
                        alarms = sum(failed[c.name] for c, _f, _e in data if not c.extra)
                        caught = sum(failed[c.name] for c, _f, _e in data if c.extra)
                        lost = sorted({c.name for c, _f, e in data if c.extra and e and not failed[c.name]})
                        removed = sorted(c.name for c, _f, e in data if not c.extra and e and not failed[c.name])
                        label = f"{'own' if own else 'any'} {name} face<{ceiling:g} vis>={floor:g} grow {grow:g}"
                        print(f"{label:52s} false alarms {alarms}/{n_ok}  caught {caught}/{n_x}  lost {len(lost)} {lost}  removed {removed}")
                        if args.verbose:
                            for cname, q, person in lost_heads:
                                print(f"    {cname}: in P{q + 1}'s head (body {person.size:.0f} px, nose at "
                                      f"{np.round(person.points[0]).tolist()}, head visibility min {person.visibility[:11].min():.2f})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

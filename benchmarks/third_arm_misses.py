"""What the extra-limb check saw on the tuning half's third-arm cases (a hand or forearm pasted as a
third arm from a shoulder, on a photo or on a side-by-side close-up pair), and why each was missed.

    python benchmarks/third_arm_misses.py [--cache DIR] [--kinds third-arm,pair-third-arm] [--bent-back-radius R] [--sweep]

Tuning half only: the held-out half's cases are built (the pairs' pastes need every photo's pose)
but never judged or printed. Uses the scans, faces and second looks kept by ``accuracy_anatomy.py``
in ``--cache`` (run that first with the same folder: nothing here runs an engine when the cache is
warm). For each case: the pasted hand's detection (the hand whose palm lies within its own size of
the paste's centre), every hand's verdict at the defaults, every person's wrists (position,
visibility, which hand each took, the paste's distance from it and its bend from that forearm), and
the miss class (``--bent-back-radius 0``, the default: as the defaults judge them; 0.1: with the opt-in rule):

- ``not detected``: no hand at the paste;
- ``taken by a wrist``: a wrist took the pasted hand (where that wrist's real hand went is printed);
- ``unattached, near no body`` / ``unattached, no person of a matching size``;
- ``ignored after second look``: it would have failed the image, but was not found again;
- ``bent back at a free wrist``: would be extra by the seventh round's rule, but not found again
  (only with ``bent_back_second_look``);
- ``neighbour's hand``: over one person's body, within reach of another person's free wrist;
- ``on a head``: the head exception;
- ``caught``: the image fails (possibly on another hand: then ``caught elsewhere``).

``--sweep`` instead judges every tuning case (all places, and the 240 images without an extra limb)
at the defaults with ``bent_back_radius`` 0, 0.1, 0.15 and 0.2, with and without the second look
for bent-back hands, and prints false alarms and catches for each.
"""
from __future__ import annotations

import argparse
import sys
from collections import Counter
from dataclasses import replace
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from accuracy_anatomy import ScanCache  # noqa: E402  (puts src/ on the path too)
from cases_anatomy import build_cases  # noqa: E402

from pytest_genimg.backends.scan import ScanSettings  # noqa: E402
from pytest_genimg.metrics.anatomy import WRISTS, body_gaps  # noqa: E402
from pytest_genimg.metrics.limb_rule import LimbRule, assign_hands, wrist_bend, wrist_distance  # noqa: E402


def miss_class(pasted: list[int], verdicts, failed: bool) -> str:
    """One word for why the paste did (not) fail the image; ``pasted``: the hands at the paste."""
    if not pasted:
        return "caught elsewhere" if failed else "not detected"
    mine = [verdicts[h] for h in pasted]
    if any(v.status == "extra" for v in mine):
        return "caught"
    if failed:
        return "caught elsewhere"
    reasons = " ".join(v.reason for v in mine)
    if any(v.status == "owned" for v in mine):
        return "taken by a wrist"
    if any(v.status == "unverified" for v in mine):
        return "ignored after second look"
    if "bent back" in reasons:
        return "bent back at a free wrist"
    if "within reach of" in reasons:
        return "neighbour's hand"
    if "on a head" in reasons:
        return "on a head"
    if "matching size" in reasons:
        return "unattached, no person of a matching size"
    if "near no body" in reasons:
        return "unattached, near no body"
    return "other: " + reasons


def sweep(cache: ScanCache) -> None:
    """False alarms and catches on the whole tuning half for each bent-back variant."""
    rules = {"bent_back_radius=0": replace(LimbRule(), bent_back_radius=0.0)}
    for radius in (0.1, 0.15, 0.2):
        for look in (False, True):
            rules[f"bent_back_radius={radius:g} second look={look}"] = replace(
                LimbRule(), bent_back_radius=radius, bent_back_second_look=look)
    alarms, caught, n = Counter(), Counter(), Counter()
    for case in build_cases(locate=cache.people):
        if case.half != "tune":
            continue
        found, _ms = cache.get(case.image)
        faces, reread = cache.faces(case.image), cache.reread(case.image, found.hands)
        n[case.extra] += 1
        for name, rule in rules.items():
            failed = bool(assign_hands(found.people, found.hands, rule, faces, reread).extra)
            (caught if case.extra else alarms)[name] += failed
    for name in rules:
        print(f"{name:40s} false alarms {alarms[name]}/{n[False]}, caught {caught[name]}/{n[True]}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cache", type=Path, default=Path("/tmp/genimg-bench-anatomy"), help="accuracy_anatomy.py's cache")
    parser.add_argument("--kinds", default="third-arm,pair-third-arm", help="comma-separated places to look at")
    parser.add_argument("--bent-back-radius", type=float, default=LimbRule().bent_back_radius,
                        help="the rule's bent_back_radius (0, the default: off, as the defaults judge; 0.1: the opt-in value)")
    parser.add_argument("--sweep", action="store_true", help="false alarms and catches per bent-back variant instead")
    args = parser.parse_args()
    kinds = set(args.kinds.split(","))
    rule = replace(LimbRule(), bent_back_radius=args.bent_back_radius)
    cache = ScanCache(args.cache, None, ScanSettings())
    if args.sweep:
        try:
            sweep(cache)
        finally:
            cache.close()
        return 0
    classes: dict[str, Counter] = {k: Counter() for k in sorted(kinds)}
    try:
        cases = [c for c in build_cases(locate=cache.people) if c.half == "tune" and c.kind in kinds]
        for case in cases:
            found, _ms = cache.get(case.image)
            faces = cache.faces(case.image)
            reread = cache.reread(case.image, found.hands)
            result = assign_hands(found.people, found.hands, rule, faces, reread)
            failed = bool(result.extra)
            spot = np.asarray(case.spot)
            pasted = [h for h, hand in enumerate(found.hands) if np.linalg.norm(hand.palm - spot) < hand.size]
            cls = miss_class(pasted, result.verdicts, failed)
            classes[case.kind][cls] += 1
            print(f"\n{case.kind:15s} {'FAIL' if failed else 'pass'} [{cls}] {case.name} {case.image.size[0]}x{case.image.size[1]} "
                  f"paste at ({spot[0]:.0f},{spot[1]:.0f})")
            for h, hand in enumerate(found.hands):
                v = result.verdicts[h]
                x0, y0, x1, y1 = hand.box
                who = "" if v.person is None else f" P{v.person + 1}" + (f" {v.side}" if v.side else "")
                mark = " <- PASTED" if h in pasted else ""
                print(f"    H{h + 1}{mark}: box ({x0:.0f},{y0:.0f})-({x1:.0f},{y1:.0f}) palm ({hand.palm[0]:.0f},{hand.palm[1]:.0f}) "
                      f"votes {hand.votes} {v.status}{who}: {v.reason}")
            for p, person in enumerate(found.people):
                wrists = []
                for side, index in WRISTS.items():
                    x, y = person.points[index]
                    took = [v.hand + 1 for v in result.verdicts if v.person == p and v.side == side and v.status == "owned"]
                    near = ""
                    if pasted:
                        bend = wrist_bend(person, side, found.hands[pasted[0]])
                        near = f", paste {wrist_distance(person, side, found.hands[pasted[0]]):.2f} bu, bend " + ("-" if bend is None else f"{bend:.0f}")
                    wrists.append(f"{side} ({x:.0f},{y:.0f}) vis {person.visibility[index]:.2f} took {took or '-'}{near}")
                gaps = ""
                if pasted:
                    torso, limb = body_gaps(person, found.hands[pasted[0]].palm)
                    gaps = f"; paste torso gap {torso:.2f}, limb gap {limb:.2f}"
                print(f"    P{p + 1} size {person.size:.0f}px: " + "; ".join(wrists) + gaps)
    finally:
        cache.close()
    print(f"\nmiss classes, tuning half, defaults with bent_back_radius={rule.bent_back_radius:g}:")
    for kind, counts in classes.items():
        print(f"  {kind} ({sum(counts.values())}): " + ", ".join(f"{k} {n}" for k, n in counts.most_common()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

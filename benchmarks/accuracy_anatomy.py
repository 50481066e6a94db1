"""Accuracy and cost of the extra-limb check on cases built from photos shipped inside packages.

    python benchmarks/accuracy_anatomy.py [--verbose] [--strict]

Cases (see cases_anatomy.py): normal photos with people, their mirror images, side-by-side pairs,
person-free photos, and extra-limb cases (a hand or forearm crop pasted onto a chest, leg, shoulder,
beside a real hand, or onto another person). Prints, per category, how many images the check fails
at the defaults: false alarms for every category but "extra", recall there (also counted only when
the flagged hand is the pasted one), and milliseconds per image with model loading excluded.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from cases_anatomy import Case, build_cases

from pytest_genimg.backends.pose import MediaPipePoseEngine, ScanSettings, scan
from pytest_genimg.metrics.anatomy import LimbRule, assign_hands

CATEGORIES = ("normal", "mirrored", "pair", "person-free", "extra")


def judge(engine: MediaPipePoseEngine, case: Case, rule: LimbRule) -> dict:
    start = time.perf_counter()
    found = scan(engine, case.image, ScanSettings())
    elapsed = (time.perf_counter() - start) * 1000
    assignment = assign_hands(found.people, found.hands, rule)
    flagged = assignment.extra + (assignment.stray if rule.strict else [])
    at_spot = case.spot is not None and any(
        np.linalg.norm(found.hands[v.hand].palm - np.asarray(case.spot)) < found.hands[v.hand].size for v in flagged
    )
    detected = case.spot is not None and any(np.linalg.norm(h.palm - np.asarray(case.spot)) < h.size for h in found.hands)
    return {
        "case": case,
        "failed": bool(flagged),
        "at_spot": at_spot,
        "detected": detected,
        "ms": elapsed,
        "people": len(found.people),
        "hands": len(found.hands),
        "passes": found.passes,
        "reasons": [f"H{v.hand + 1}:{v.status}:{v.reason}" for v in assignment.verdicts],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--verbose", action="store_true", help="print one line per case")
    parser.add_argument("--strict", action="store_true", help="judge with strict=True (hands near no person fail)")
    args = parser.parse_args()
    notes: list[str] = []
    cases = build_cases(notes)
    for note in notes:
        print(f"note: {note}")
    rule = LimbRule(strict=args.strict)
    engine = MediaPipePoseEngine()
    try:
        scan(engine, cases[0].image, ScanSettings())  # warm-up: first inference allocates
        rows = [judge(engine, case, rule) for case in cases]
    finally:
        engine.close()

    if args.verbose:
        for r in rows:
            c = r["case"]
            verdict = "FAIL" if r["failed"] else "pass"
            print(f"{c.category:11s} {verdict} {c.name:48s} {c.image.size[0]}x{c.image.size[1]} people={r['people']} "
                  f"hands={r['hands']} passes={r['passes']} {r['ms']:.0f} ms {' '.join(r['reasons'])}")

    by: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        by[r["case"].category].append(r)
    print(f"\nextra-limb check at the defaults{' (strict)' if args.strict else ''}, {engine.name}")
    print(f"{'category':12s} {'n':>3s} {'failed':>7s} {'rate':>6s}   {'ms/img (median, mean)':>22s}")
    for cat in CATEGORIES:
        group = by.get(cat, [])
        if not group:
            continue
        failed = sum(r["failed"] for r in group)
        ms = [r["ms"] for r in group]
        label = "recall" if cat == "extra" else "false alarms"
        print(f"{cat:12s} {len(group):3d} {failed:7d} {failed / len(group):6.0%}   {statistics.median(ms):9.0f} {statistics.fmean(ms):9.0f}   ({label})")
    extra = by.get("extra", [])
    if extra:
        spot = sum(r["at_spot"] for r in extra)
        detected = sum(r["detected"] for r in extra)
        print(f"extra cases: flagged hand is the pasted one in {spot}/{len(extra)} ({spot / len(extra):.0%}); "
              f"the pasted hand was detected at all in {detected}/{len(extra)} ({detected / len(extra):.0%})")
        kinds: dict[str, list[dict]] = defaultdict(list)
        for r in extra:
            kinds[r["case"].name.split("@")[-1].replace("-tilted", "") if "@" in r["case"].name else "pair"].append(r)
        print("  recall by place: " + ", ".join(f"{k} {sum(r['failed'] for r in v)}/{len(v)}" for k, v in sorted(kinds.items())))
    sized = [r["ms"] for r in rows if max(r["case"].image.size) == 512]
    if sized:
        print(f"ms per 512 px image (longest side 512, n={len(sized)}): median {statistics.median(sized):.0f}, "
              f"mean {statistics.fmean(sized):.0f} (model loading excluded)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

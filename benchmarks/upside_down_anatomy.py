"""Eighth round: hands read over people the pose model fits upside down (``LimbRule.max_head_drop``).

    python benchmarks/upside_down_anatomy.py [--half tune|held-out] [--cache DIR] [--drops 0.4 0.3 ...]
        [--max-hand-sizes 0.5 ...] [--verbose]

The extra-limb benchmark's cases (``cases_anatomy.py``) with the upside-down close-ups of
``cases_anatomy_upside_down.py`` (built the same way in both halves from each half's own photos),
judged from the benchmark's cache (``accuracy_anatomy.py --cache``) at the defaults and with
``max_head_drop`` at each of ``--drops``: a person whose nose lies more than that many body units
below the midpoint of its shoulders takes no extra hand, and with ``max_hand_size`` at each of
``--max-hand-sizes`` (the hands read in hair over a small upside-down person are long for it). Prints, for the chosen half only (the
tuning half unless asked), every hand the defaults judge extra on a person whose nose lies below
its shoulders (how far, the person's size, the hand's size against it, the image's kind), then per
variant the false alarms and catches on the cases that predate this round and on the new ones, and
each image whose verdict the variant changes.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from accuracy_anatomy import ScanCache, eighth_round, judge  # noqa: E402
from cases_anatomy import build_cases  # noqa: E402

from pytest_genimg.backends.scan import ScanSettings  # noqa: E402
from pytest_genimg.metrics.anatomy import head_rise  # noqa: E402
from pytest_genimg.metrics.limb_rule import LimbRule, assign_hands  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--half", choices=("tune", "held-out"), default="tune")
    parser.add_argument("--cache", type=Path, default=Path("/tmp/genimg-bench-anatomy"))
    parser.add_argument("--drops", type=float, nargs="+", default=[0.5, 0.4, 0.3, 0.2, 0.1, 0.05, 0.0])
    parser.add_argument("--max-hand-sizes", type=float, nargs="*", default=[0.45, 0.5, 0.55])
    parser.add_argument("--verbose", action="store_true", help="print every image whose verdict a variant changes")
    args = parser.parse_args()
    cache = ScanCache(args.cache, None, ScanSettings())
    rules = {"defaults": LimbRule(), **{f"max_head_drop={d:g}": LimbRule(max_head_drop=d) for d in args.drops},
             **{f"max_hand_size={m:g}": LimbRule(max_hand_size=m) for m in args.max_hand_sizes}}
    rows = []
    try:
        for case in build_cases([], locate=cache.people, upside_down=True):
            if case.half != args.half:
                continue
            found, _ms = cache.get(case.image)
            faces, reread = cache.faces(case.image), cache.reread(case.image, found.hands)
            verdicts = {name: judge(found, faces, case, rule, reread) for name, rule in rules.items()}
            rows.append((case, verdicts))
            assignment = assign_hands(found.people, found.hands, LimbRule(), faces, reread)
            for v in assignment.extra:
                rise = head_rise(found.people[v.person])
                if rise < 0:
                    person = found.people[v.person]
                    print(f"extra on a person with the nose below the shoulders: {case.name} ({case.category}) H{v.hand + 1} on "
                          f"P{v.person + 1}: nose {-rise:.2f} body units below, person {person.size:.0f} px, hand "
                          f"{found.hands[v.hand].size / person.size:.2f} of it")
    finally:
        cache.close()
    print(f"\n[{args.half}] {len(rows)} cases; false alarms / catches, on the cases before this round | on its upside-down and hair ones")
    for name in rules:
        line = []
        for new in (False, True):
            group = [(c, v) for c, v in rows if eighth_round(c) == new]
            normal = [v[name]["failed"] for c, v in group if not c.extra]
            extra = [v[name]["failed"] for c, v in group if c.extra]
            line.append(f"{sum(normal)}/{len(normal)} false alarms, {sum(extra)}/{len(extra)} caught")
        print(f"  {name:20s} {line[0]:40s} | {line[1]}")
        changed = [c.name + (" (extra)" if c.extra else "") for c, v in rows if v[name]["failed"] != v["defaults"]["failed"]]
        if changed and args.verbose:
            print("      changed: " + ", ".join(changed))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

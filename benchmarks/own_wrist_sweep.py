"""Development sweep (ninth round, continued): rule variants aimed at real hands lying on their own
person's body with a faint or hidden wrist, judged on the three development sets from cached scans.

    python benchmarks/own_wrist_sweep.py [--cache DIR] [--verbose]

Development sets: the tuning half, the old held-out half (both ``cases_anatomy.py``) and the first
fresh set (``cases_anatomy_fresh.py``, read in the ninth round). Prints, per variant and set, the
false alarms (images without an extra limb that fail) and the catches (images with a pasted hand
that fail), at the defaults' other settings. The base is the rule before the ninth round,
continued (``hidden_radius=0``); the variant chosen from this table, ``hidden_radius=0.25``, is the
default since. The second fresh set (FRESH2) is not read here.
"""
from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from accuracy_anatomy import ScanCache, judge
from cases_anatomy import build_cases
from cases_anatomy_fresh import build_fresh_cases

from pytest_genimg.backends.scan import ScanSettings
from pytest_genimg.metrics.limb_rule import LimbRule

SETS = ("tune", "held-out", "fresh")


def variants() -> dict[str, LimbRule]:
    base = LimbRule(hidden_radius=0.0)  # the defaults before the ninth round, continued (hidden_radius=0.25 since)
    out = {"previous defaults (hidden_radius=0)": base}
    for r in (0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5):
        out[f"hidden_radius={r:g}"] = replace(base, hidden_radius=r)
    for v in (0.6, 0.5, 0.4, 0.3, 0.2, 0.1):
        out[f"min_wrist_visibility={v:g}"] = replace(base, min_wrist_visibility=v)
    for t in (0.25, 0.3):
        out[f"take_radius={t:g}"] = replace(base, take_radius=t)
    for r in (0.2, 0.3):
        out[f"hidden_radius={r:g}, take_radius=0.3"] = replace(base, hidden_radius=r, take_radius=0.3)
    for r in (0.25, 0.3):  # faint wrists seen as well as hidden ones taken
        for v in (0.5, 0.3):
            out[f"hidden_radius={r:g}, min_wrist_visibility={v:g}"] = replace(base, hidden_radius=r, min_wrist_visibility=v)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cache", type=Path, default=Path("/tmp/genimg-bench-anatomy"), help="folder of raw scans")
    parser.add_argument("--verbose", action="store_true", help="list each variant's false alarms")
    args = parser.parse_args()
    notes: list[str] = []
    cache = ScanCache(args.cache, None, ScanSettings())
    rules = variants()
    try:
        cases = build_cases(notes, locate=cache.people, upside_down=True) + build_fresh_cases(notes, locate=cache.people)
        for note in notes:
            print(f"note: {note}")
        rows = []
        for case in cases:
            found, _ms = cache.get(case.image)
            faces = cache.faces(case.image)
            reread, silhouettes = cache.reread(case.image, found.hands), cache.silhouettes(case.image, found.people)
            rows.append((case, {name: judge(found, faces, case, rule, reread, silhouettes)["failed"] for name, rule in rules.items()}))
    finally:
        cache.close()
    head = "".join(f"{s:>20s}" for s in SETS)
    print(f"{'variant':48s}{head}{'all: FA':>10s}{'caught':>9s}")
    for name in rules:
        cells, fa_all, hit_all = [], 0, 0
        for s in SETS:
            alarms = [v[name] for c, v in rows if c.half == s and not c.extra]
            extra = [v[name] for c, v in rows if c.half == s and c.extra]
            fa_all, hit_all = fa_all + sum(alarms), hit_all + sum(extra)
            cells.append(f"FA {sum(alarms)}/{len(alarms)} c {sum(extra)}/{len(extra)}")
        n_fa = sum(not c.extra for c, _ in rows)
        n_hit = sum(c.extra for c, _ in rows)
        print(f"{name:48s}" + "".join(f"{c:>20s}" for c in cells) + f"{fa_all:>6d}/{n_fa}{hit_all:>5d}/{n_hit}")
        if args.verbose:
            print("    false alarms: " + ", ".join(f"{c.half}:{c.name}" for c, v in rows if v[name] and not c.extra))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

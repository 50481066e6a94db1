"""The extra-limb rule's excuses, one by one, and LimbRule variants judged on all development sets
(issue 15, session 10; the acceptance criterion, written first: docs/notes/anatomy-excuses-s10.md).

    python benchmarks/limb_excuses.py [--cache DIR] [--variant NAME=V[,NAME=V ...] ...] [--confirm] [--verbose]

Development sets only. Choices are made on the *tuning subset* (tuning half, FRESH, FRESH2, FRESH3);
``--confirm`` judges the *confirm subset* (old held-out half, FRESH4) instead. Nothing here builds FRESH5.

1. Per excuse: how many pasted hands (``at_paste``) and how many hands of images without an extra
   limb each of the rule's verdicts gets at the defaults without the second look (``min_rereads=0``):
   an excuse that rarely fires on real hands is cheap to tighten.
2. Per ``--variant`` (LimbRule fields, e.g. ``max_bend=105`` for session 9's defaults): false alarms
   and images caught, at the defaults and with ``strict=True``, per set, with the second look and the
   silhouettes kept by ``accuracy_anatomy.py`` in ``--cache`` (second looks not kept there run now).
"""
from __future__ import annotations

import argparse
import re
import sys
from collections import Counter, defaultdict
from dataclasses import replace
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from accuracy_anatomy import ScanCache, at_paste, field_value
from cases_anatomy import Case, build_cases
from cases_anatomy_fresh import build_fresh_cases
from cases_anatomy_fresh2 import FRESH2_SET
from cases_anatomy_fresh3 import FRESH3_SET
from cases_anatomy_fresh4 import FRESH4_SET

from pytest_genimg.backends.scan import ScanSettings
from pytest_genimg.metrics.limb_rule import HandVerdict, LimbRule, assign_hands

TUNING = ("tune", "fresh", "fresh2", "fresh3")
CONFIRM = ("held-out", "fresh4")


def excuse(verdict: HandVerdict) -> str:
    """The verdict's kind in a few words: who owns the hand, or the rule's first reason for it."""
    if verdict.status == "owned":
        return "owned: " + ("visible wrist" if verdict.reason.startswith("visible") else
                            "hidden wrist's estimate" if verdict.reason.startswith("hidden") else "silhouette")
    first = verdict.reason.split(";")[0].split(" (")[0].split(", but")[0]
    return f"{verdict.status}: {re.sub(r'P[0-9]+', 'P', first)}"


def tabulate_excuses(cases: list[Case], cache: ScanCache) -> None:
    pasted: Counter = Counter()
    real: Counter = Counter()
    real_images: dict[str, set[str]] = defaultdict(set)
    rule = LimbRule(min_rereads=0)
    for case in cases:
        found, _ms = cache.get(case.image)
        for v in assign_hands(found.people, found.hands, rule, cache.faces(case.image)).verdicts:
            if case.extra and at_paste(found.hands[v.hand], case):
                pasted[excuse(v)] += 1
            elif not case.extra:
                real[excuse(v)] += 1
                real_images[excuse(v)].add(f"{case.half}/{case.name}")
    print("per excuse, at the defaults without the second look: pasted hands | hands (images) of images without an extra limb")
    for name in sorted(set(pasted) | set(real), key=lambda k: (-pasted[k], -real[k])):
        print(f"  {name:50s} {pasted[name]:4d} | {real[name]:4d} ({len(real_images[name])})")


def judge_variants(cases: list[Case], cache: ScanCache, variants: list[str], halves: tuple[str, ...], verbose: bool) -> None:
    rules: dict[tuple[str, bool], LimbRule] = {}
    for text in ["defaults", *variants]:
        changed = dict(field_value(item) for item in text.split(",")) if text != "defaults" else {}
        for strict in (False, True):
            rules[(text, strict)] = replace(LimbRule(strict=strict), **changed)
    tally = {key: {h: np.zeros(4, dtype=int) for h in halves} for key in rules}  # false alarms, clean, caught, extra
    failed: dict[tuple[str, bool, str], bool] = {}
    for case in cases:
        found, _ms = cache.get(case.image)
        faces, look = cache.faces(case.image), cache.reread(case.image, found.hands)
        silhouettes = cache.silhouettes(case.image, found.people)
        for key, rule in rules.items():
            judged = assign_hands(found.people, found.hands, rule, faces, look, silhouettes)
            fails = bool(judged.failing(rule.strict))
            tally[key][case.half] += [0, 0, fails, 1] if case.extra else [fails, 1, 0, 0]
            failed[(*key, f"{case.half}/{case.name}")] = fails
            if verbose and key[0] != "defaults" and fails != failed[("defaults", key[1], f"{case.half}/{case.name}")]:
                print(f"  {key[0]} [{'strict' if key[1] else 'defaults'}] {case.half}/{case.name} "
                      f"({'extra limb' if case.extra else 'no extra limb'}): {'pass -> FAIL' if fails else 'FAIL -> pass'}")
    print("\nper rule: false alarms (images without an extra limb that fail), images caught; then per set")
    for (text, strict), by in tally.items():
        total = sum(by.values())
        per = "; ".join(f"{h} {r[0]}/{r[1]}, {r[2]}/{r[3]}" for h, r in by.items())
        print(f"  {text:40s} {'strict' if strict else 'defaults':8s} false alarms {total[0]}/{total[1]}, caught {total[2]}/{total[3]}  | {per}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--variant", action="append", default=[], metavar="NAME=V[,NAME=V]",
                        help="LimbRule fields changed (repeat for more variants)")
    parser.add_argument("--confirm", action="store_true", help="judge the confirm subset (held-out half, FRESH4) instead")
    parser.add_argument("--verbose", action="store_true", help="list every image whose verdict a variant changes")
    parser.add_argument("--cache", type=Path, default=Path("/tmp/genimg-bench-anatomy"), help="accuracy_anatomy.py's folder")
    args = parser.parse_args()
    halves = CONFIRM if args.confirm else TUNING
    cache = ScanCache(args.cache, None, ScanSettings())
    notes: list[str] = []
    try:
        cases = build_cases(notes, locate=cache.people, upside_down=True)
        cases += build_fresh_cases(notes, locate=cache.people)
        for fresh in (FRESH2_SET, FRESH3_SET, FRESH4_SET):
            cases += build_fresh_cases(notes, locate=cache.people, fresh=fresh)
        cases = [c for c in cases if c.half in halves]
        print(f"{'confirm' if args.confirm else 'tuning'} subset ({', '.join(halves)}): {sum(not c.extra for c in cases)} images "
              f"without an extra limb, {sum(c.extra for c in cases)} with")
        tabulate_excuses(cases, cache)
        judge_variants(cases, cache, args.variant, halves, args.verbose)
    finally:
        cache.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

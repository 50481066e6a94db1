"""Session 18: should a body with no face at its nose that the person mask leaves bare go uncounted
(``PeopleDetector(faceless_mask=True)``, :func:`pytest_genimg.metrics.masked_people.unconfirmed_faceless`)?
The criterion is docs/notes/people-faceless-mask-s18.md's, written before this script first ran.

    python benchmarks/people_faceless_mask.py --sets tune,held-out,fresh,fresh2,fresh3,fresh4,fresh5,fresh6,fresh7,fresh8,fresh9,fresh10,fresh11 [--list]

ALL THIRTEEN SETS ARE DEVELOPMENT DATA; the rule has no setting to choose (the mask bound is the
low-floor bodies' ``MASK_MIN``). Judged against the shipped defaults on the tuning subset (tune,
FRESH, FRESH2, FRESH3), the confirm subset (held-out, FRESH4, FRESH5) and the later sets (FRESH6 to
FRESH11), on the detections ``people_coco.py`` keeps (the same folder); every count is
:meth:`PeopleDetector.counted`'s own. A set named beyond those (FRESH12) is printed as held out.
``--timing N``: the defaults with the rule against without it, uncached, interleaved.
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from accuracy_composition import _share
from people_coco import CONFIRM, TUNING, criterion, print_rows, run
from image_cases import at_512
from people_coco_masked import interleaved, with_later
from people_one_face import case_row

from pytest_genimg.backends.detectors import PeopleDetector

LATER = ("fresh6", "fresh7", "fresh8", "fresh9", "fresh10", "fresh11")


def measure(cases: list, store, coco) -> dict[str, list]:
    """Per variant ("defaults", "faceless_mask"): per case, :func:`case_row`'s row of the detector's own count."""
    det = store.det
    out: dict[str, list] = {"defaults": [], "faceless_mask": []}
    for case in cases:
        with store.pinned(case) as (rgb, views, low):
            for name, on in (("defaults", False), ("faceless_mask", True)):
                det.faceless_mask = on
                out[name].append(case_row(case, det.counted(rgb, views=views, low=low)))
            det.faceless_mask = False
    return out


def judge(rows: dict[str, list], sets: list[str], listed: bool) -> None:
    print_rows(rows, sets, width=13)
    base, mine = rows["defaults"], rows["faceless_mask"]
    print("\nfaceless_mask against the defaults:")
    with_later(criterion(base, mine, sets, listed), base, mine, sets, LATER)
    for held in (s for s in sets if s not in (*TUNING, *CONFIRM, *LATER)):  # FRESH12 on: held out for this choice
        print(f"\n{held}, held out: defaults {_share([r[3] for r in base if r[0] == held])}, "
              f"with the rule {_share([r[3] for r in mine if r[0] == held])}")


def timing(cases: list, count: int, coco) -> None:
    """The defaults with and without the rule on the first ``count`` cases, uncached, interleaved."""
    images = [at_512(c.image) for c in cases[:count]]
    ratio = interleaved(images, PeopleDetector(), PeopleDetector(faceless_mask=True))
    print(f"\ncost per 512 px image ({len(images)} images, uncached, interleaved): with the rule / without, {ratio}")


if __name__ == "__main__":
    run(__doc__.splitlines()[0], measure, judge, timing)

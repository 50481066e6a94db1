"""Session 18: should a body with no face at its nose that the person mask leaves bare go uncounted
(``PeopleDetector(faceless_mask=True)``, :func:`pytest_genimg.metrics.masked_people.unconfirmed_faceless`)?
And are the body rules (``body_rules=False``) still worth it? The criteria are
docs/notes/people-faceless-mask-s18.md's and people-body-rules-s18.md's, each written before its
variant first ran here.

    python benchmarks/people_faceless_mask.py --sets tune,held-out,fresh,fresh2,fresh3,fresh4,fresh5,fresh6,fresh7,fresh8,fresh9,fresh10,fresh11 [--list]

ALL THIRTEEN SETS ARE DEVELOPMENT DATA; neither variant has a setting to choose (the mask bound is the
low-floor bodies' ``MASK_MIN``). Each is judged against the shipped defaults on the tuning subset (tune,
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


VARIANTS = {"faceless_mask": {"faceless_mask": True},  # docs/notes/people-faceless-mask-s18.md
            "body_rules off": {"body_rules": False}}  # docs/notes/people-body-rules-s18.md


def measure(cases: list, store, coco) -> dict[str, list]:
    """Per variant ("defaults" and each of VARIANTS): per case, :func:`case_row`'s row of the detector's own count."""
    det = store.det
    out: dict[str, list] = {"defaults": [], **{name: [] for name in VARIANTS}}
    for case in cases:
        with store.pinned(case) as (rgb, views, low):
            for name, settings in (("defaults", {}), *VARIANTS.items()):
                shipped = {key: getattr(det, key) for key in settings}
                for key, value in settings.items():
                    setattr(det, key, value)
                try:
                    out[name].append(case_row(case, det.counted(rgb, views=views, low=low)))
                finally:
                    for key, value in shipped.items():
                        setattr(det, key, value)
    return out


def judge(rows: dict[str, list], sets: list[str], listed: bool) -> None:
    print_rows(rows, sets, width=14)
    base = rows["defaults"]
    for name in VARIANTS:
        mine = rows[name]
        print(f"\n{name} against the defaults:")
        with_later(criterion(base, mine, sets, listed), base, mine, sets, LATER)
        for held in (s for s in sets if s not in (*TUNING, *CONFIRM, *LATER)):  # FRESH12 on: held out for these choices
            print(f"  {held}, held out: defaults {_share([r[3] for r in base if r[0] == held])}, "
                  f"{name} {_share([r[3] for r in mine if r[0] == held])}")


def timing(cases: list, count: int, coco) -> None:
    """The defaults with and without the rule on the first ``count`` cases, uncached, interleaved."""
    images = [at_512(c.image) for c in cases[:count]]
    ratio = interleaved(images, PeopleDetector(), PeopleDetector(faceless_mask=True))
    print(f"\ncost per 512 px image ({len(images)} images, uncached, interleaved): with the rule / without, {ratio}")


if __name__ == "__main__":
    run(__doc__.splitlines()[0], measure, judge, timing)

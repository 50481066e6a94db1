"""Session 10 (helper people13): should the people detector look again on tiles for small people?
``PeopleDetector(tile_pass=True)`` (see :mod:`pytest_genimg.backends.tiled_people`) against the
defaults, on all seven sets with a people count: the tuning half, the former held-out half, FRESH,
FRESH2, FRESH3, FRESH4 and FRESH5. ALL SEVEN ARE DEVELOPMENT DATA here (every one's run has been
read, FRESH5's included: its held-out run motivated the pass); no figure printed is a held-out
figure. The criterion is docs/notes/people-tiles-s10.md's, written before this script first ran.

    python benchmarks/people_tiles.py [--sets tune,held-out,fresh,fresh2,fresh3,fresh4,fresh5] [--cache DIR] [--timing N]

The detections are kept as ``people_one_face.py`` keeps them (its :class:`StoredPeople`, the same
folder), plus each tile's bodies (part ``tiles...``), computed only where the pass runs; the selfie
masks (whole image and tiles) are computed on every run. Every variant counts with
:meth:`PeopleDetector.counted` itself on those detections; the tile pass's count is checked against
``PeopleDetector(tile_pass=True).detect`` on the first cases. Printed per set: people count right,
left/right verdicts right; the cases gained and lost; the criterion; and the cost per 512 px image of
the tile pass against the existing passes (``--timing N`` images, the same run, uncached). A second
variant, tried after reading the first's losses (post hoc, so in-sample): each tile body must also be
found in the tile's mirror image, as the low floor asks of its bodies (the mirrored tiles' bodies
are kept too, part ``tiles...-mirror``).
"""
from __future__ import annotations

import argparse
import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from accuracy_composition import _share
from anatomy_more_hands import kept_json
from image_cases import at_512, timed_pair
from people_one_face import StoredPeople, _body, _person, case_row, changes, meets
from people_views import people_cases

from pytest_genimg.backends.detectors import PeopleDetector
from pytest_genimg.backends.scan import find_people_mirrored
from pytest_genimg.backends.tiled_people import cut, tile_newcomers, tile_views
from pytest_genimg.metrics.anatomy import same_person
from pytest_genimg.metrics import tiled_people
from pytest_genimg.metrics.composition import parse_count

SETS = ("tune", "held-out", "fresh", "fresh2", "fresh3", "fresh4", "fresh5")  # all development data (see above)
VARIANTS = {"defaults": {}, "tile pass": dict(tile_pass=True),
            "tile pass, mirror-confirmed (post hoc)": dict(tile_pass=True, mirror=True)}  # read the first's losses, then tried
CHECKED = 3  # cases on which the tile pass's count is compared with PeopleDetector(tile_pass=True).detect
MIN_NET, LOSS_PER_GAIN = 4, 1 / 3  # the criterion (docs/notes/people-tiles-s10.md)
TILES_PART = "tiles-" + "-".join(f"{k}{v:g}" for k, v in sorted(tiled_people.rule_identity().items()))


def stored_tiles(store: StoredPeople, rgb: np.ndarray) -> list:
    """:func:`tile_views` of ``rgb``, kept on disk beside the other detections."""
    def compute() -> list:
        return [{"tile": list(box), "scale": scale, "bodies": [_body(p) for p in bodies]} for box, scale, bodies in tile_views(store.det.engine, rgb)]

    return [(tuple(v["tile"]), v["scale"], [_person(p) for p in v["bodies"]]) for v in kept_json(store._path(rgb, TILES_PART), compute)]


def mirror_confirmed(store: StoredPeople, rgb: np.ndarray, views: list) -> list:
    """``views`` (:func:`stored_tiles`') less each tile body the pose model does not also find in the
    tile's mirror image (as the low floor asks of its bodies): the post-hoc variant."""
    def compute() -> list:
        return [[_body(p) for p in find_people_mirrored(store.det.engine, Image.fromarray(cut(rgb, box)[0]))] if bodies else []
                for box, _, bodies in views]

    mirrored = [[_person(p) for p in tile] for tile in kept_json(store._path(rgb, TILES_PART + "-mirror"), compute)]
    return [(box, scale, [p for p in bodies if any(same_person(p, q) for q in seen)]) for (box, scale, bodies), seen in zip(views, mirrored)]


def measure(cases: list, store: StoredPeople) -> tuple[dict[str, list], int]:
    """Per variant, per case: (set, name, count, right, left/right verdicts, person-free); and how many
    cases the tile pass looked at tiles in."""
    det = store.det
    out: dict[str, list] = {v: [] for v in VARIANTS}
    tiled = 0
    for n, case in enumerate(cases):
        rgb = np.asarray(case.image.convert("RGB"))
        views, low = store.views(rgb), functools.cache(lambda: store.low(rgb))
        mask, faces = det.person_mask(rgb), store.faces(rgb)
        looked = []
        tiles = functools.cache(lambda: looked.append(1) or stored_tiles(store, rgb))
        confirmed = functools.cache(lambda: mirror_confirmed(store, rgb, tiles()))
        det.person_mask = lambda r: mask if r is rgb else PeopleDetector.person_mask(det, r)  # tiles: their own masks
        det.blazefaces = lambda _rgb: faces
        for v, flags in VARIANTS.items():
            det.tile_pass = flags.get("tile_pass", False)
            out[v].append(case_row(case, det.counted(rgb, views=views, low=low, tiles=confirmed if flags.get("mirror") else tiles)))
        tiled += bool(looked)
        del det.person_mask, det.blazefaces
        if n < CHECKED:
            shipped = PeopleDetector(tile_pass=True)
            assert out["tile pass"][-1][2] == len(shipped.detect(rgb, ["person"])), case.name
            shipped.close()
    return out, tiled


def judge(rows: dict[str, list], sets: list[str]) -> None:
    base = rows["defaults"]
    for v, mine in rows.items():
        print(f"{v:38s} " + "; ".join(f"{s} {_share([r[3] for r in mine if r[0] == s])}" for s in sets)
              + f"; total {_share([r[3] for r in mine])}; left/right right {_share([x for r in mine for x in r[4]])}")
    for v in list(rows)[1:]:
        _changes(v, rows[v], base, sets)


def _changes(v: str, mine: list, base: list, sets: list[str]) -> None:
    c = changes(mine, base, sets)
    ok = meets(c, min_net=MIN_NET, loss_per_gain=LOSS_PER_GAIN)
    print(f"{v}:\n  gained {len(c['gained'])}: {', '.join(c['gained'])}\n  lost {len(c['lost'])}: {', '.join(c['lost'])}\n"
          f"  count changed, verdict not: {len(c['changed'])}: {', '.join(c['changed'])}\n  net {len(c['gained']) - len(c['lost']):+d}; per set "
          + ", ".join(f"{s} {d:+d}" for s, d in c["per_set"].items()) + f"; left/right newly wrong {max(c['lr_new_wrong'], 0)}; "
          f"person-free newly wrong {len(c['free_new_wrong'])} {c['free_new_wrong']}; criterion {'MET' if ok else 'not met'}")


def timed(cases: list, count: int, extra: Callable[[PeopleDetector, np.ndarray], Any], **settings: Any) -> tuple[int, float, float]:
    """(images, seconds per image of ``PeopleDetector(**settings).counted``, of ``extra(det, rgb)``) on the first
    ``count`` cases with people, each scaled to 512 px (longest side), uncached, the same run; both run once on the
    first image before the clock starts, so no model's loading is counted."""
    det = PeopleDetector(**settings)
    picked = [at_512(c.image) for c in cases if parse_count(c.people, c.name).holds(0) is False][:count]
    if picked:
        det.counted(picked[0])
        extra(det, picked[0])
    result = timed_pair(picked, det.counted, lambda rgb, _: extra(det, rgb))
    det.close()
    return result


def timing(cases: list, count: int) -> None:
    """Seconds per 512 px image of the shipped passes and of the tile pass alone (tiles' pose passes
    and masks, forced to run)."""
    n, base, tiles = timed(cases, count, lambda det, rgb: tile_newcomers(det, rgb, []))
    print(f"cost per 512 px image ({n} images): shipped passes {base:.3f} s, tile pass {tiles:.3f} s "
          f"(ratio {tiles / max(base, 1e-9):.2f}; the pass runs only where nobody or only small people are counted)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", default=",".join(SETS))
    parser.add_argument("--cache", type=Path, default=ROOT / ".genimg_cache" / "people-dev", help="where the detections are kept")
    parser.add_argument("--timing", type=int, default=10, help="images timed (0: none)")
    args = parser.parse_args()
    sets = args.sets.split(",")
    if not set(sets) <= set(SETS):
        raise SystemExit(f"known sets: {', '.join(SETS)}")
    notes: list[str] = []
    cases = people_cases(sets, notes)
    det = PeopleDetector()
    rows, tiled = measure(cases, StoredPeople(args.cache, det))
    judge(rows, sets)
    print(f"  the tile pass looked at tiles in {tiled} of {len(cases)} cases")
    if args.timing:
        timing(cases, args.timing)
    for note in notes:
        print("  note:", note)
    det.close()


if __name__ == "__main__":
    main()

"""The ceiling of any image-only check on look-alike garbles: how many are drawn (nearly) the same as
their correct twin?

    python benchmarks/text_lookalike_ceiling.py                      # all seven halves, the docs' flags
    python benchmarks/text_lookalike_ceiling.py --halves fresh5      # one half
    python benchmarks/accuracy_text.py --halves fresh5 --n-base 100 --n-tier 100 --garbled 1 --tiny-sd -1 --timing 0
    python benchmarks/text_lookalike_ceiling.py --halves fresh5      # ... then again: with the check's verdicts

The renders are built as accuracy_text.py builds them for ``--n-base 100 --n-tier 100 --garbled 1``
(text_halves.build_halves: the same cases, the same case ids). A look-alike garble replaces one
``src`` of cases_text.LOOKALIKES ("O", "rn", ...) by its ``dst`` ("0", "m", ...) and keeps every
other render parameter, so the two twins differ in those glyphs only. Each pair is measured on the
glyphs themselves: ``src`` drawn in the correct twin's font at its drawn size, ``dst`` at the
garbled twin's, on one baseline; ink is the anti-aliased coverage at >= 50%; the two inks are
aligned horizontally (their ink boxes centred, then the best integer shift within
``SHIFT_PX``: a reader cannot see where a glyph sits in its cell, only its shape and height). The
measure is the chessboard Hausdorff distance between the two inks (:func:`ink_distance`): the
largest distance, in px, from an ink pixel of either drawing to the nearest ink pixel of the other.

A pair is "drawn the same" when that distance is at most 1 px and the two inks have the same
number of pieces and of holes (:func:`alike`): every pixel of either drawing lies within one pixel of
the other's ink, i.e. they differ by no more than a 1 px anti-aliasing shift of their edges, with
no differing pixel at all outside that band (no threshold on a region's size was chosen: any pixel
farther than 1 px counts), and no gap of a pixel cuts or joins strokes where the other drawing's
do not (an "rn" whose letters stay apart against an "m", the dot of an "i" against an "l", the
closed eye of an "e" against a "c": the 1 px band alone would forgive those, and no shift of an edge
makes them). Two further columns bound it: "identical" (distance 0: the same pixels, which no
check can tell apart) and "within 2px" (a looser band with the same rule for pieces and holes, so
that a reader can see how much rests on the choice of 1 px). The glyphs are measured as drawn,
before the render's rotation, blur, JPEG and contrast, which act alike on both twins and only blur
what tells them apart: "identical" is a floor on the pairs no check reading the image can tell
apart, and the look-alikes less those "drawn the same" ("ceiling") are what a check could catch at
best if it saw every difference beyond a 1 px anti-aliasing shift. The outline
drawn on photos without a plate is left out (it thickens both twins alike).

Prints, per half and tier, the look-alike garbles and how many are identical / drawn the same /
within 2 px; then per substitution (pooled over the halves asked for) the same counts and the
fonts of the pairs drawn the same. Where ``--cache`` (accuracy_text.py's OCR readings) holds every
first reading of a half, the check's own verdict at the defaults (accuracy_text.judge on the cached
readings) is joined: of the look-alike garbles that pass the check, how many are drawn the same.
A half the cache does not cover is reported render-only (this script never runs the OCR engine).

Printed on 2026-12-01 (all seven halves; the cache filled by the fresh5 command above):
- 509 look-alike garbles; identical 1 (I>l, TeX Gyre Heros Bold, 51 px), drawn the same 25, within
  2 px 141; per half drawn the same 1 to 6 of 71 to 74 (fresh5: 3 of 73, all in the small tier);
  e>c, E>F, i>l, m>rn, o>0, B>8 and l>1 never drawn the same.
- The 1 px band is lenient at small sizes: looked at by eye (8x), the 10 S/5 pairs among the 25 (16
  to 28 px) are told apart by the 5's flat top bar and corner, though every difference lies within
  1 px; the other 15 (O/0, 1/l, I/l) look alike or nearly (a small flag on Red Hat Display's 1, a
  slightly narrower zero in Roboto Bold Italic). On the drawings, then, a check seeing every
  difference beyond the band could catch 484 of 509 (95.1%); by eye 494; only 1 pair is identical.
- fresh5 joined with the check's verdicts: 19 of 73 look-alikes pass the check (54 caught), of them
  drawn the same 2 (two renders of "929-3817" drawn "929-38l7" in TeX Gyre Bonum at 25 px), identical 0, within
  2 px 4: 17 passing look-alikes are drawn differently by more than the 1 px band.
"""
from __future__ import annotations

import argparse
import json
import math
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from cases_text import DEVELOPMENT, LOOKALIKES, TIERS, TextCase, font_files
from cases_text_fresh import FRESH_SETS, HALVES, halves_of
from PIL import Image, ImageDraw, ImageFont
from text_halves import add_half_arguments, build_halves

SAME_PX = 1  # "drawn the same": no ink pixel of either twin farther than this from the other's ink
LOOSE_PX = 2  # the looser band printed beside it
SHIFT_PX = 3  # horizontal alignment searched around the centred ink boxes, in px either way


def glyph_ink(font_path: str, size: int, text: str) -> np.ndarray:
    """Boolean ink (anti-aliased coverage >= 50%) of ``text`` drawn at ``size`` px, pen at a fixed
    origin on a fixed baseline, with a margin of ``size`` px all round."""
    font = ImageFont.truetype(font_path, size)
    canvas = Image.new("L", (math.ceil(font.getlength(text)) + 3 * size, 3 * size))
    ImageDraw.Draw(canvas).text((size, size), text, font=font, fill=255)
    return np.asarray(canvas) >= 128


def _one_way(a: np.ndarray, b: np.ndarray) -> int:
    """Largest chessboard distance from an ink pixel of ``a`` to the nearest ink pixel of ``b``."""
    from scipy import ndimage

    return int(ndimage.distance_transform_cdt(~b, metric="chessboard")[a].max())


def ink_distance(a: np.ndarray, b: np.ndarray, shift_px: int = SHIFT_PX) -> int:
    """Chessboard Hausdorff distance (px) between two non-empty inks drawn on the same baseline (the
    same top row), at their best horizontal alignment: ink boxes centred, then every integer shift
    within ``shift_px``."""
    if not a.any() or not b.any():
        raise ValueError("ink_distance: a drawing without ink")
    height, width = max(a.shape[0], b.shape[0]), max(a.shape[1], b.shape[1])
    a, b = (np.pad(x, ((0, height - x.shape[0]), (width, 2 * width - x.shape[1]))) for x in (a, b))
    cols_a, cols_b = np.nonzero(a.any(0))[0], np.nonzero(b.any(0))[0]
    centre = round((cols_a[0] + cols_a[-1] - cols_b[0] - cols_b[-1]) / 2)
    return min(max(_one_way(a, moved), _one_way(moved, a))
               for moved in (np.roll(b, dx, axis=1) for dx in range(centre - shift_px, centre + shift_px + 1)))


def topology(ink: np.ndarray) -> tuple[int, int]:
    """(pieces of ink, holes in it): 8-connected ink, 4-connected background not reaching the border."""
    from scipy import ndimage

    pieces = ndimage.label(ink, np.ones((3, 3)))[1]
    background, n = ndimage.label(np.pad(~ink, 1, constant_values=True))
    return pieces, n - 1  # the padded border joins every outer background region into one


def compare(font_path: str, src: str, src_size: int, dst: str, dst_size: int) -> tuple[int, bool]:
    """(Hausdorff distance in px, same pieces and holes) between ``src`` and ``dst`` drawn in one font."""
    ink_src, ink_dst = glyph_ink(font_path, src_size, src), glyph_ink(font_path, dst_size, dst)
    return ink_distance(ink_src, ink_dst), topology(ink_src) == topology(ink_dst)


def alike(distance: int, same_topology: bool, px: int = SAME_PX) -> bool:
    """Drawn alike to within ``px`` (default: "drawn the same"): no ink pixel of either drawing farther
    than ``px`` from the other's ink, and the same pieces and holes."""
    return distance <= px and same_topology


def substitution(expected: str, drawn: str) -> tuple[str, str] | None:
    """The (src, dst) of cases_text.LOOKALIKES that turns ``expected`` into ``drawn`` (as garble does), or None."""
    for src, dst in LOOKALIKES:
        start = expected.find(src)
        while start >= 0:
            if expected[:start] + dst + expected[start + len(src):] == drawn:
                return src, dst
            start = expected.find(src, start + 1)
    return None


@dataclass
class Pair:
    """One look-alike garble and its correct twin, measured."""

    case: TextCase
    src: str
    dst: str
    font: str
    distance: int
    same_topology: bool

    def within(self, px: int) -> bool:
        return alike(self.distance, self.same_topology, px)

    @property
    def same(self) -> bool:
        return self.within(SAME_PX)


def font_paths(half: str) -> dict[str, str]:
    """Font file stem -> path for the fonts a half draws from (renders keep only the stem)."""
    if half in FRESH_SETS:
        case_set = FRESH_SETS[half]([])
        fonts = list(case_set.fonts or ()) if case_set else []
    else:
        fonts = list(DEVELOPMENT.fonts) if DEVELOPMENT.fonts is not None else font_files(False)
    return {Path(p).stem: str(p) for p in fonts}


def measure(cases: list[TextCase]) -> list[Pair]:
    """Every look-alike garble of ``cases`` against its correct twin."""
    twins = {(c.params["half"], c.params["tier"], c.base_id): c for c in cases if c.correct}
    paths = {half: font_paths(half) for half in halves_of(cases)}
    pairs = []
    for c in cases:
        if c.kind != "lookalike":
            continue
        sub = substitution(c.expected, c.text)
        twin = twins[(c.params["half"], c.params["tier"], c.base_id)]
        if sub is None:
            raise ValueError(f"{c.case_id}: {c.expected!r} -> {c.text!r} is no single look-alike substitution")
        path = paths[c.params["half"]][c.params["font"]]
        pairs.append(Pair(c, *sub, c.params["font"], *compare(path, sub[0], twin.params["size"], sub[1], c.params["size"])))
    return pairs


def counts(pairs: list[Pair]) -> str:
    n = len(pairs)
    identical = sum(p.distance == 0 for p in pairs)
    same = sum(p.same for p in pairs)
    loose = sum(p.within(LOOSE_PX) for p in pairs)
    return f"{n:4d} {identical:10d} {same:10d} {loose:11d}   ceiling {n - same}/{n} catchable"


def tier_table(pairs: list[Pair]) -> None:
    print("\nLook-alike garbles drawn like their correct twin (glyph ink, chessboard Hausdorff distance after alignment):")
    print(f"  {'half':<10} {'tier':<13} {'n':>4} {'identical':>10} {'same <=1px':>10} {'within 2px':>11}")
    for half in halves_of([p.case for p in pairs]):
        for tier in TIERS:
            group = [p for p in pairs if p.case.params["half"] == half and p.case.params["tier"] == tier]
            if group:
                print(f"  {half:<10} {tier:<13} {counts(group)}")
        print(f"  {half:<10} {'all tiers':<13} {counts([p for p in pairs if p.case.params['half'] == half])}")
    if len({p.case.params["half"] for p in pairs}) > 1:
        print(f"  {'all':<10} {'all tiers':<13} {counts(pairs)}")


def substitution_table(pairs: list[Pair]) -> None:
    by_sub: dict[tuple[str, str], list[Pair]] = defaultdict(list)
    for p in pairs:
        by_sub[(p.src, p.dst)].append(p)
    print(f"\nPer substitution (all halves asked for):\n  {'sub':<9} {'n':>4} {'identical':>10} {'same <=1px':>10} {'within 2px':>11}")
    for (src, dst), group in sorted(by_sub.items(), key=lambda kv: -len(kv[1])):
        print(f"  {src + '>' + dst:<9} {counts(group)}")
        fonts: dict[str, list[int]] = defaultdict(list)
        for p in group:
            if p.same:
                fonts[p.font].append(p.case.params["size"])
        if fonts:
            print("      drawn the same: " + ", ".join(f"{name} x{len(sizes)} ({min(sizes)}-{max(sizes)} px)"
                                                   for name, sizes in sorted(fonts.items())))


def cached_verdicts(cases: list[TextCase], cache: dict[str, Any]) -> dict[str, bool]:
    """The check's verdict at the defaults (accuracy_text.judge) on the look-alike garbles of every
    half whose first readings ``cache`` (accuracy_text.py's) holds in full; other halves are left out."""
    from accuracy_text import image_key, judge, read_all
    from text_cache import CachedRereads

    held = cache.get("rapidocr", {})
    covered = [h for h in halves_of(cases) if all(image_key(c) in held for c in cases if c.params["half"] == h)]
    chosen = [c for c in cases if c.kind == "lookalike" and c.params["half"] in covered]
    readings, _ = read_all("rapidocr", chosen, cache)  # all cached: no engine is loaded
    rereads = CachedRereads("rapidocr", cache)
    verdicts = {c.case_id: judge(c, readings[c.case_id], {}, rereads)[0] for c in chosen}
    if rereads.times or rereads.faint_times:
        print(f"  (the cache lacked {len(rereads.times)} second looks and {len(rereads.faint_times)} faint looks: computed, not saved)")
    return verdicts


def join_table(pairs: list[Pair], verdicts: dict[str, bool]) -> None:
    print("\nJoined with the check's verdicts at the defaults (accuracy_text.judge on --cache's readings):")
    joined = [p for p in pairs if p.case.case_id in verdicts]
    if not joined:
        print("  no half's readings are all in the cache: render-only figures above")
        return
    for half in halves_of([p.case for p in joined]):
        for tier in (*TIERS, None):
            group = [p for p in joined if p.case.params["half"] == half and tier in (None, p.case.params["tier"])]
            passing = [p for p in group if verdicts[p.case.case_id]]
            if group:
                print(f"  {half:<10} {tier or 'all tiers':<13} look-alikes {len(group):3d} (drawn the same {sum(p.same for p in group):3d}): "
                      f"pass the check {len(passing):3d}, of them identical {sum(p.distance == 0 for p in passing)}, drawn the same "
                      f"{sum(p.same for p in passing)}, within 2px {sum(p.within(LOOSE_PX) for p in passing)}")
    for p in joined:
        if verdicts[p.case.case_id]:
            print(f"    pass: {p.case.params['half']:<7} {p.case.params['tier']:<12} {p.case.expected!r:<14} drawn "
                  f"{p.case.text!r:<14} {p.src}>{p.dst}  {p.font}, {p.case.params['size']} px: distance {p.distance} px, "
                  f"pieces and holes {'alike' if p.same_topology else 'differ'}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_half_arguments(ap)
    ap.set_defaults(halves=",".join(half for half, _, _ in HALVES))
    args = ap.parse_args()
    if args.seeds:
        ap.error("--seeds: only the fixed halves are measured")
    cache: dict[str, Any] = json.loads(args.cache.read_text()) if args.cache.exists() else {}
    pairs: list[Pair] = []
    verdicts: dict[str, bool] = {}
    for half in args.halves.split(","):  # one half at a time: a half's renders are dropped once measured
        cases = build_halves(argparse.Namespace(**{**vars(args), "halves": half}))
        pairs += measure(cases)
        verdicts.update(cached_verdicts(cases, cache))
    tier_table(pairs)
    substitution_table(pairs)
    join_table(pairs, verdicts)


if __name__ == "__main__":
    main()

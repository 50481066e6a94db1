"""Where the glyph look's flag bounds come from (metrics.glyphs.has_flag, ONE_FLAG_WIDTH and
ONE_FLAG_OVER_FOOT): "215" and "2l5" drawn black on white in every face on this machine and in the
text benchmark's fetched sets, no benchmark render and no OCR.

    python benchmarks/glyph_one_flags.py            # the faces found, the measures, the rule's verdicts
    python benchmarks/glyph_one_flags.py --list     # every narrow one and every l wide at the top, by face

Faces: matplotlib's bundled fonts, those under /usr/share/fonts, and those the fetched text sets
left in .genimg_cache/bench/fresh (run ``accuracy_text.py --halves fresh2`` ... first to fetch them;
the figures below depend on which are there). Each line is drawn at 14, 20, 28, 40 and 60 px, scaled
up to at least 96 px tall as the glyph look scales a line crop, and split into ink pieces as the
check splits them (:func:`ink_mask`, :func:`ink_boxes`); a line whose pieces are not three is left
out. For the middle piece: its width over the wider of the "2" and the "5", and :func:`has_flag`'s
two measures (the widest row of its top third over its median row, and over the widest row of its
bottom third: :func:`flag_measures`). The session 20 figures (docs/notes/text-ones-and-o-s20.md) are this script's.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from pytest_genimg.metrics.glyphs import (  # noqa: E402
    ONE_FLAG_OVER_FOOT,
    ONE_FLAG_WIDTH,
    ONE_MIN_WIDTH_RATIO,
    flag_measures,
    has_flag,
    ink_boxes,
    ink_mask,
)

SIZES = (14, 20, 28, 40, 60)
NARROW = 0.45  # a little over ONE_MIN_WIDTH_RATIO, so the bounds keep a margin on both sides


def faces() -> list[Path]:
    import matplotlib

    found = list((Path(matplotlib.__file__).parent / "mpl-data" / "fonts" / "ttf").glob("*.ttf"))
    for folder in (Path("/usr/share/fonts"), ROOT / ".genimg_cache" / "bench" / "fresh"):
        if folder.is_dir():
            found += [p for ext in ("ttf", "otf", "woff") for p in folder.rglob(f"*.{ext}")]
    unique = {p.name: p for p in sorted(found)}  # one file per name (tabler and others ship copies)
    return [unique[name] for name in sorted(unique)]


def measure(path: Path) -> list[tuple[str, int, str, float, float, float, bool]]:
    rows = []
    for size in SIZES:
        try:
            font = ImageFont.truetype(str(path), size)
        except OSError:
            return []
        for char in "1l":
            image = Image.new("L", (size * 5, size * 2), 255)
            ImageDraw.Draw(image).text((size // 2, size // 3), f"2{char}5", font=font, fill=0)
            scale = max(1.0, 96 / image.height)
            image = image.resize((round(image.width * scale), round(image.height * scale)), Image.Resampling.BICUBIC)
            grey = np.asarray(image)
            ink = ink_mask(grey)
            boxes = ink_boxes(grey, ink=ink) if ink is not None else []
            if len(boxes) != 3:
                continue
            measures = flag_measures(ink, boxes[1])
            if measures is None:
                continue
            ratio = boxes[1][2] / max(boxes[0][2], boxes[2][2])
            rows.append((path.name, size, char, ratio, *measures, has_flag(ink, boxes[1])))
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--list", action="store_true", help="every narrow one and every l wide at the top, by face")
    args = ap.parse_args()
    paths = faces()
    rows = [r for p in paths for r in measure(p)]
    measured = sorted({r[0] for r in rows})
    print(f"{len(measured)} faces drawn ({len(paths)} files found), {len(rows)} glyphs at {SIZES} px")
    ones = [r for r in rows if r[2] == "1" and r[3] < NARROW]
    ells = [r for r in rows if r[2] == "l" and r[3] < NARROW]
    print(f"ones under {NARROW}x the widest digit: {len(ones)} of {sum(r[2] == '1' for r in rows)} "
          f"(under {ONE_MIN_WIDTH_RATIO}x: {sum(r[3] < ONE_MIN_WIDTH_RATIO for r in ones)})")
    if ones:
        print(f"  top / median row {min(r[4] for r in ones):.2f}-{max(r[4] for r in ones):.2f}; "
              f"top / foot {min(r[5] for r in ones):.2f} and up; has_flag: {sum(r[6] for r in ones)} of {len(ones)}")
    wide_top = [r for r in ells if r[4] >= ONE_FLAG_WIDTH]
    print(f"l's under {NARROW}x: {len(ells)} of {sum(r[2] == 'l' for r in rows)}; "
          f"with the top at least {ONE_FLAG_WIDTH}x the median row: {len(wide_top)}"
          + (f", top / foot at most {max(r[5] for r in wide_top):.2f}" if wide_top else "")
          + f"; has_flag: {sum(r[6] for r in ells)} of {len(ells)}")
    steep = [r for r in ells if r[5] >= ONE_FLAG_OVER_FOOT]
    if steep:
        print(f"  l's whose top is at least {ONE_FLAG_OVER_FOOT}x the foot: top / median row at most "
              f"{max(r[4] for r in steep):.2f} ({len(steep)})")
    acting = [r for r in rows if r[3] < ONE_MIN_WIDTH_RATIO]  # where narrow_ones asks has_flag at all
    print(f"under {ONE_MIN_WIDTH_RATIO}x (where the rule acts): ones with a flag "
          f"{sum(r[6] for r in acting if r[2] == '1')} of {sum(r[2] == '1' for r in acting)}, "
          f"l's with a flag {sum(r[6] for r in acting if r[2] == 'l')} of {sum(r[2] == 'l' for r in acting)}")
    if args.list:
        for r in sorted(ones + wide_top, key=lambda r: (r[2], r[0], r[1])):
            print(f"  {r[2]!r} {r[0]:<44} {r[1]:>3} px  width {r[3]:.2f}  top/median {r[4]:.2f}  "
                  f"top/foot {r[5]:.2f}  flag {r[6]}")


if __name__ == "__main__":
    main()

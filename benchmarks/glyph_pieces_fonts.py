"""Font metrics: how large can one character's ink be, next to the digits of its line?

    python benchmarks/glyph_pieces_fonts.py

The text check's glyph look pairs the ink pieces of a line with the characters read there, one to
one, before it compares a "0" or "1" with the other digits. The count alone is a weak guard: ink
where two glyphs touch and another breaks in two gives as many pieces as characters, paired wrongly.
This measures what one character's ink may look like, so that a pairing whose pieces do not is not
judged (``metrics/glyphs.py``: ``CHARACTER_INK``, ``CHARACTER_GAP``, ``TWO_DIGITS_RATIO``). Glyphs of
every DejaVu, STIX and Liberation face here (matplotlib's and the system's, proportional and
monospaced) are drawn at 100 px, plain and with the benchmark renders' outline (``size // 18``);
``H`` is the median ink height of the face's digits 0-9 (what the check takes from a line). Printed:
each class's ink width and height over ``H`` (a "0" also as the capital O, a "1" also as the
lower-case l: the shapes the look is there to see), the ink gap between two neighbouring characters
over ``H`` (with and without a space between), and the narrowest two neighbouring digits over the
widest digit 2-9 of their face (a "0" that wide may be two glyphs run together). No OCR, no renders
of lines: only the fonts.
"""
from __future__ import annotations

import string
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

import numpy as np
from cases_text import covers
from glyph_o_zero_fonts import faces
from PIL import ImageFont

from pytest_genimg.metrics.glyphs import CHARACTER_GAP, CHARACTER_INK, TWO_DIGITS_RATIO, character_class

DIGITS = "0123456789"
# What each class stands for when measured: the look's own "0" and "1" take their look-alikes with them.
DRAWN = {"0": "0O", "1": "1l"}
OTHER = string.ascii_letters + "#&()*+=?!@'\"_~<>[]{};|ÄÖÜÉÈÀÇÑäöüéèàçñß"
NEIGHBOURS = DIGITS + "Ol$€£%.,-/:"


def ink(font: ImageFont.FreeTypeFont, ch: str, stroke: int) -> tuple[int, int, int, int]:
    """The ink box of ``ch`` drawn at the origin: left, top, right, bottom."""
    left, top, _, _ = font.getbbox(ch, stroke_width=stroke)
    x0, y0, x1, y1 = font.getmask(ch, stroke_width=stroke).getbbox() or (0, 0, 0, 0)
    return left + x0, top + y0, left + x1, top + y1


def measure(path: Path, stroke: int) -> tuple[dict[str, list[tuple[float, float]]], list[float], list[float], float]:
    """One face: per class, (width / H, height / H) of each member; gaps / H without and with a space;
    the narrowest two neighbouring digits over the widest digit 2-9."""
    font = ImageFont.truetype(str(path), 100)
    chars = [c for c in set(NEIGHBOURS + OTHER) if covers(path, c)]
    box = {c: ink(font, c, stroke) for c in chars}
    height = float(np.median([box[d][3] - box[d][1] for d in DIGITS]))
    sizes: dict[str, list[tuple[float, float]]] = {}
    for c in chars:
        cls = next((k for k, v in DRAWN.items() if c in v), None) or character_class(c)
        sizes.setdefault(cls, []).append(((box[c][2] - box[c][0]) / height, (box[c][3] - box[c][1]) / height))
    space = font.getlength(" ") / height
    gaps, spaced, pairs = [], [], []
    for a in (c for c in NEIGHBOURS if c in box):
        for b in (c for c in NEIGHBOURS if c in box):
            gap = (font.getlength(a) + box[b][0] - box[a][2]) / height
            gaps.append(gap)
            spaced.append(gap + space)
            if a in DIGITS and b in DIGITS:
                pairs.append(max(box[a][2], font.getlength(a) + box[b][2]) - min(box[a][0], font.getlength(a) + box[b][0]))
    widest = max(box[d][2] - box[d][0] for d in "23456789")
    return sizes, gaps, spaced, min(pairs) / widest


def main() -> None:
    found = [p for p in faces() if covers(p, DIGITS + "Ol$.,-/:%")]
    print(f"{len(found)} faces (proportional and monospaced), drawn at 100 px plain and outlined (stroke 5)")
    sizes: dict[str, list[tuple[float, float]]] = {}
    gaps, spaced, pairs = [], [], []
    for path in found:
        for stroke in (0, 5):
            s, g, sp, p = measure(path, stroke)
            for cls, values in s.items():
                sizes.setdefault(cls, []).extend(values)
            gaps += g
            spaced += sp
            pairs.append(p)
    print("(ranges rounded outwards to 0.01)")
    print(f"\n{'class':<8} {'width / H':>12} {'height / H':>12}   in CHARACTER_INK (width lo-hi, height lo-hi)")
    for cls in CHARACTER_INK:
        v = np.array(sizes[cls])
        w0, w1, h0, h1 = CHARACTER_INK[cls]
        print(f"{cls!r:<8} {_lo(v[:, 0].min()):5.2f}-{_hi(v[:, 0].max()):5.2f}  {_lo(v[:, 1].min()):5.2f}-{_hi(v[:, 1].max()):5.2f}"
              f"    {w0:.2f}-{w1:.2f}, {h0:.2f}-{h1:.2f}")
    print(f"\nink gap between neighbours / H: {_lo(min(gaps)):.2f} to {_hi(max(gaps)):.2f}; with a space between: up to "
          f"{_hi(max(spaced)):.2f} (CHARACTER_GAP {CHARACTER_GAP})")
    print(f"narrowest two neighbouring digits / widest digit 2-9 of the face: at least {_lo(min(pairs)):.2f} "
          f"(TWO_DIGITS_RATIO {TWO_DIGITS_RATIO})")


def _lo(x: float) -> float:
    return float(np.floor(100 * x + 1e-9) / 100)


def _hi(x: float) -> float:
    return float(np.ceil(100 * x - 1e-9) / 100)


if __name__ == "__main__":
    main()

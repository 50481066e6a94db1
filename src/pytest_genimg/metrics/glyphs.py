"""Glyph shapes in a line of text: ink boxes per character, zeros drawn as the letter O, ones drawn as l.

A recogniser reads in context, so a letter O drawn among digits ("2O24") is read "2024" with full
confidence. Its shape still tells: within one font the digits are drawn to about one width, and
the capital O is a round letter, wider than any of them. Measured on the ink of 34 proportional
DejaVu, STIX and Liberation faces at 100 px: the zero is at most 1.15 times as wide as any digit
2-9 of its font (at most as wide as the widest), the O at least 1.20 times as wide as the widest.
Monospaced fonts draw O and 0 to one width: nothing here tells them apart there, and nothing is
flagged (the O is not wider). Likewise a lower-case l drawn among digits ("l998") is read "1998";
a bare or slanted l is a stem much narrower than any digit, while a "1" keeps its flag and foot.
Some faces draw their "1" as narrow as an l (Poppins, Red Hat Display, Montserrat: under 0.40x the
widest digit), but with its flag: a narrow piece whose top widens and whose foot does not is a one
(:func:`has_flag`).
Shapes are compared only where the line's ink pieces pair with its characters one to one, each piece
the size its character can be (:func:`pairing_doubt`): as many pieces as characters is not enough.
Against the widest digit, faces whose O is only 1.10-1.16x as wide as it (Roboto, Caladea, Source
Sans italic) escape; but within a face the O is at least 1.17x as wide as the zero, so a line's
zeros (and ones, and letter O's) compared with each other tell them where two are read
(:func:`unequal_twins`; the check's ``glyph_twins``, on by default).

Pure functions on numpy arrays; no OCR, no I/O.
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

InkBox = tuple[int, int, int, int]  # x, y, width, height in pixels

# A "0" more than this many times as wide as the widest other digit (2-9) of its line is an O: between
# the zero's 1.15 (against a narrow digit, when no wide one is in the line) and the O's 1.20, above.
ZERO_MAX_WIDTH_RATIO = 1.17
# A "1" less than this many times as wide as the widest other digit (2-9) of its line is an l. Measured
# on the ink of 38 proportional DejaVu, STIX and Liberation faces at 100 px: the l is at most 0.57x as
# wide as the widest digit (a bare stem 0.10-0.30x, with serifs or slant 0.40-0.57x), the "1" at least
# 0.61x (its flag and foot). At small sizes a hairline flag or foot falls under the ink threshold: a
# STIX "1" with capitals 12-14 px tall measured 0.50 (benchmark tuning half) and 0.44 (a third seed,
# glyph_look_unseen.py, which moved this from 0.45). So the rule sits well below the gap, at 0.40:
# bare-stem and slanted l's (measured 0.21-0.38) are caught, serifed ones are not.
# Monospaced faces draw the l about as wide as a digit (0.60-0.96x): nothing is flagged there.
ONE_MIN_WIDTH_RATIO = 0.40
# A narrow "1" whose top widens (its flag) is a one all the same; an l is a bare stem, or widens at
# its foot as much as at its top. Fitted (docs/notes/text-ones-and-o-s20.md) on "215" and "2l5" drawn
# black on white at 14-60 px in 124 faces (matplotlib's, Debian's and the text benchmark's fetched
# ones), not on benchmark renders (``python benchmarks/glyph_one_flags.py``): first on a prototype
# measure, where the ones under 0.45x the widest digit had their top third's widest row at 1.67-4.33
# times the median row and at 1.43 times the foot's or more, and the l's that wide at the top
# (1.5x and up: italic and serif l's, a tailed grotesque l) at most 1.17 times the foot; as the
# check splits the ink, every one under 0.40x (where narrow_ones asks) has the flag, 15 of 15, and
# no l, 0 of 187 (one l at 0.44x, Red Hat Display Italic at 14 px, measures as flagged).
ONE_FLAG_WIDTH = 1.5
ONE_FLAG_OVER_FOOT = 1.3
# Ink widths are whole pixels in a crop as small as 48 px tall, and the zero's threshold sits in a gap
# of 4%, under a pixel: a zero counts as an O only when it is wider by more than this many pixels too
# (a correct DejaVu Sans Bold "0" beside a "2" drawn 40 px tall measured 25 px against 21: 1.19x, where
# the font's outlines give 1.15x). The one's threshold keeps its margin in the ratio itself.
PIXEL_SLACK = 1.0
# A "0", "1" or letter "O" whose ink width differs from another of its line by more than this many
# times (and by more than PIXEL_SLACK) is another character: in the 49 proportional faces the tuning
# subset draws (DejaVu, STIX, Liberation, and fresh2's and fresh3's fetched fonts) at 100 px the
# capital O is 1.17-1.58x as wide as its face's zero, and the "1" 1.21-4.5x as wide as its l in 47
# (Red Hat Display Italic and Bold Italic: 1.00x, 1.04x); monospaced faces draw O and 0 1.02-1.08x
# apart (FreeMono 1.32x) (``python benchmarks/glyph_look_misses.py --fonts``). Correct renders read
# right on the tuning subset (125 paired lines with two zeros or ones) measured their zeros within
# 1.08x / 1 px and their ones within 1.12x / 2 px (19 against 17 px): under 1.10x + 1 px.
TWIN_MAX_WIDTH_RATIO = 1.10
# Glyphs are compared only when the one read as "0" is as tall as the other digits (within 10%):
# otherwise the segmentation joined or split something and says nothing about the shape.
_HEIGHT_TOLERANCE = 0.1

# One character's ink, as (width low, width high, height low, height high) over the line's digit height
# (the median ink height of the pieces paired with digits 0-9), per class of character: the extremes
# of 42 DejaVu, STIX and Liberation faces (proportional and monospaced, plain and outlined) at 100 px,
# rounded outwards (``python benchmarks/glyph_pieces_fonts.py``). "0" includes the capital O and "1"
# the lower-case l (what the look is there to see); "other" is any other character (letters, accents,
# brackets, ...): only its upper bounds are used.
CHARACTER_INK: dict[str, tuple[float, float, float, float]] = {
    "2-9": (0.53, 0.88, 0.96, 1.03),
    "0": (0.56, 1.07, 1.00, 1.03),
    "1": (0.06, 0.82, 0.96, 1.07),
    "-": (0.29, 0.55, 0.06, 0.30),
    ".": (0.07, 0.38, 0.09, 0.35),
    ",": (0.10, 0.52, 0.25, 0.56),
    "/": (0.31, 0.99, 1.00, 1.13),
    ":": (0.07, 0.47, 0.58, 0.82),
    "$": (0.56, 0.90, 1.13, 1.23),
    "€": (0.62, 0.99, 0.97, 1.02),
    "£": (0.57, 0.94, 0.98, 1.01),
    "%": (0.76, 1.26, 0.92, 1.08),
    "other": (0.0, 1.54, 0.0, 1.40),
}
# The ink gap between neighbouring characters over the digit height: lowest (italic overlap), highest
# without a space between them, highest with one (the same fonts).
CHARACTER_GAP = (-0.37, 0.75, 1.64)
# A piece read as "0" at least this many times as wide as the widest digit 2-9 of its line may be two
# glyphs run together: the narrowest two neighbouring digits of any of those faces span 1.53x its
# widest digit; the widest capital O measured 1.48x (a render: 1.52x).
TWO_DIGITS_RATIO = 1.53
# Allowance for pixels, blur, outlines and slant around every bound above: this fraction of the digit
# height, and this many pixels. On the benchmark's tuning half anything from 5% + 1 px to 35% + 3 px
# kept the same 20 catches and left 3-4 lines read right unjudged (each plainly paired wrong but one);
# with none, 64 of 121 such lines went unjudged. The margin is for what it did not draw.
PIECE_TOLERANCE = 0.15
PIECE_SLACK = 2.0


def otsu_threshold(grey: np.ndarray) -> float:
    """Otsu's threshold of an 8-bit grey image: the level that best splits it into two classes."""
    hist = np.bincount(np.clip(grey, 0, 255).astype(np.uint8).ravel(), minlength=256).astype(np.float64)
    total = hist.sum()
    if total == 0:
        return 128.0
    levels = np.arange(256, dtype=np.float64)
    weight0 = np.cumsum(hist)
    mean0 = np.cumsum(hist * levels)
    weight1 = total - weight0
    with np.errstate(divide="ignore", invalid="ignore"):
        between = (mean0[-1] * weight0 / total - mean0) ** 2 / (weight0 * weight1 / total)
    between = np.nan_to_num(between[:-1], nan=0.0, posinf=0.0)
    return float(np.argmax(between)) + 0.5


def ink_mask(grey: np.ndarray, inner: tuple[int, int] | None = None) -> np.ndarray | None:
    """The ink of a line crop as a boolean array (None where the crop is flat): the crop split at
    Otsu's threshold, ink the class covering less of its border, or with ``inner=(rows, columns)``
    less of its core (the crop without that many rows and columns at its edges), the threshold taken
    from that core too. :func:`ink_boxes` describes it."""
    grey = np.asarray(grey, dtype=np.float64)
    if grey.ndim != 2 or grey.size == 0:
        raise ValueError(f"ink_boxes/ink_mask: expected a 2-D grey image, got shape {grey.shape}")
    if float(grey.max() - grey.min()) < 1.0:
        return None
    if inner is None:
        ink = grey > otsu_threshold(grey)
        border = np.concatenate([ink[0], ink[-1], ink[:, 0], ink[:, -1]])
        return ~ink if border.mean() > 0.5 else ink
    dy, dx = inner
    core = grey[dy:grey.shape[0] - dy, dx:grey.shape[1] - dx]
    if core.size == 0 or float(core.max() - core.min()) < 1.0:
        return None
    level = otsu_threshold(core)
    return ~(grey > level) if (core > level).mean() > 0.5 else grey > level


def ink_boxes(grey: np.ndarray, min_area: int = 3, inner: tuple[int, int] | None = None,
              ink: np.ndarray | None = None) -> list[InkBox]:
    """Character-like ink boxes of a line crop, left to right.

    The crop is split at Otsu's threshold; ink is the class covering less of the crop's border. With
    ``inner=(rows, columns)``, the threshold and the ink's side are taken from the crop without that
    many rows and columns at its edges (the text's own box, without the margin around it), ink is
    the class covering less of that core, and components touching the crop's edge are dropped. Ink
    is grouped in 8-connected components, and components overlapping in x by more than 30% of the
    narrower one are merged (the dots of "Ö" and "%", a broken stroke); components spanning the
    whole crop's height or width (a plate edge) and specks under ``min_area`` pixels are dropped.
    ``ink``: :func:`ink_mask` of the same crop and ``inner``, when the caller has it already.
    """
    from scipy import ndimage

    ink = ink_mask(grey, inner) if ink is None else ink
    if ink is None:
        return []
    labels, count = ndimage.label(ink, structure=np.ones((3, 3), dtype=bool))
    height, width = ink.shape
    found = []
    for n, where in enumerate(ndimage.find_objects(labels), start=1):
        if where is None:
            continue
        rows, cols = where
        h, w = rows.stop - rows.start, cols.stop - cols.start
        edge = inner is not None and (rows.start == 0 or cols.start == 0 or rows.stop == height or cols.stop == width)
        if edge or h >= 0.95 * height or w >= 0.95 * width or int((labels[where] == n).sum()) < min_area:
            continue
        found.append((cols.start, rows.start, w, h))
    found.sort()
    merged: list[InkBox] = []
    for x, y, w, h in found:
        if merged:
            px, py, pw, ph = merged[-1]
            if min(px + pw, x + w) - max(px, x) > 0.3 * min(w, pw):
                left, top = min(px, x), min(py, y)
                merged[-1] = (left, top, max(px + pw, x + w) - left, max(py + ph, y + h) - top)
                continue
        merged.append((x, y, w, h))
    return merged


def wide_zeros(text: str, boxes: Sequence[InkBox], max_width_ratio: float = ZERO_MAX_WIDTH_RATIO) -> list[str]:
    """The characters read as "0" in ``text`` whose ink (``boxes``: one per non-space character,
    left to right) is shaped like a capital O: more than ``max_width_ratio`` times as wide as the
    widest other digit 2-9 of the line (and wider by more than :data:`PIXEL_SLACK`), and as tall as
    those digits (within 10%).

    Returns a description per such zero, e.g. ``"'0' at 2 is 1.31x as wide as the widest digit"``;
    empty when the boxes cannot be paired with the characters (:func:`pairing_doubt`) or no digit 2-9
    gives a width.
    """
    return _digit_widths(text, boxes, "0", lambda w, width, box: w > max_width_ratio * width + PIXEL_SLACK)


def narrow_ones(text: str, boxes: Sequence[InkBox], min_width_ratio: float = ONE_MIN_WIDTH_RATIO,
                ink: np.ndarray | None = None) -> list[str]:
    """The characters read as "1" in ``text`` whose ink (``boxes``: one per non-space character,
    left to right) is shaped like a lower-case l: less than ``min_width_ratio`` times as wide as the
    widest other digit 2-9 of the line, and as tall as those digits (within 10%). With ``ink`` (the
    line's :func:`ink_mask`, in which ``boxes`` lie), also without a flag (:func:`has_flag`): a
    narrow "1" with a flag is a face's narrow one (Poppins, Red Hat Display, Montserrat), not an l.

    Returns a description per such one, e.g. ``"'1' at 0 is 0.31x as wide as the widest digit"``;
    empty when the boxes cannot be paired with the characters (:func:`pairing_doubt`) or no digit 2-9
    gives a width, and when the line reads two or more ones and every one of them is that narrow: a
    face that draws its "1" as a bare stem (TeX Gyre Adventor's italic) draws all its ones so, and a
    look-alike garble changes one character, so it leaves a wide "1" beside the narrow l.
    """
    found = _digit_widths(text, boxes, "1", lambda w, width, box: w < min_width_ratio * width
                          and (ink is None or not has_flag(ink, box)))
    ones = sum(c == "1" for c in text)
    return [] if ones >= 2 and len(found) == ones else found


def flag_measures(ink: np.ndarray, box: InkBox) -> tuple[float, float] | None:
    """The ink in ``box`` (x, y, width, height) of ``ink`` (a boolean line crop), row by row: the
    widest row of its top third over its median row, and over the widest row of its bottom third.
    A row's span is from its first ink pixel to its last; rows without ink are left out, and a
    piece under 6 rows tall says nothing (None)."""
    x, y, w, h = box
    spans = [int(cols[-1] - cols[0] + 1) for row in np.asarray(ink, dtype=bool)[y:y + h, x:x + w]
             if (cols := np.flatnonzero(row)).size]
    if len(spans) < 6:
        return None
    third = len(spans) // 3
    top, foot = max(spans[:third]), max(spans[-third:])
    return top / float(np.median(spans)), top / foot


def has_flag(ink: np.ndarray, box: InkBox) -> bool:
    """Whether the ink in ``box`` widens at its top as a "1"'s flag does (:func:`flag_measures`):
    the widest row of its top third spans at least :data:`ONE_FLAG_WIDTH` times its median row, and
    :data:`ONE_FLAG_OVER_FOOT` times the widest row of its bottom third (a serifed or tailed l widens
    at both ends alike; a bare stem, straight or slanted, at neither). False where nothing is said."""
    measures = flag_measures(ink, box)
    return measures is not None and measures[0] >= ONE_FLAG_WIDTH and measures[1] >= ONE_FLAG_OVER_FOOT


def unequal_twins(text: str, boxes: Sequence[InkBox], digit: str, max_width_ratio: float = TWIN_MAX_WIDTH_RATIO) -> list[str]:
    """The characters read as ``digit`` ("0", "1" or the letter "O") in ``text`` whose ink (``boxes``:
    one per non-space character, left to right) differs in width from another ``digit`` of the line
    by more than ``max_width_ratio`` times (and more than :data:`PIXEL_SLACK`), both as tall within
    10%: a face draws one character alike wherever it stands, and a look-alike garble changes one
    character. The odd one is the wider "0" (a capital O is wider than its face's zero), the narrower
    "1" (an l is narrower than its face's one) and the narrower "O" (a zero among letters: "SOLD 0UT").
    Needs no digit 2-9, so it also judges "10:00" and "11/10"; for "O" the pieces are paired with the
    O's taken as zeros (:data:`CHARACTER_INK`'s "0" includes the O), so a line of letters is judged too.

    Returns a description per such character, e.g. ``"'0' at 3 is 1.25x as wide as the '0' at 1"``;
    empty when the boxes cannot be paired with the characters (:func:`pairing_doubt`) or fewer than
    two ``digit`` are read.
    """
    chars = [c for c in text if not c.isspace()]
    same = [(i, b) for i, (c, b) in enumerate(zip(chars, boxes)) if c == digit]
    if len(same) < 2 or pairing_doubt(text.replace("O", "0") if digit == "O" else text, boxes):
        return []
    j, usual = (min if digit == "0" else max)(same, key=lambda z: z[1][2])
    return [f"{digit!r} at {i} is {b[2] / usual[2]:.2f}x as wide as the {digit!r} at {j}" for i, b in same
            if abs(b[3] - usual[3]) <= _HEIGHT_TOLERANCE * max(b[3], usual[3])
            and max(b[2], usual[2]) > max_width_ratio * min(b[2], usual[2]) + PIXEL_SLACK]


def character_class(ch: str) -> str:
    """The key of :data:`CHARACTER_INK` whose bounds a piece paired with ``ch`` must keep."""
    return "2-9" if ch in "23456789" else ch if ch in CHARACTER_INK else "other"


def pairing_doubt(text: str, boxes: Sequence[InkBox]) -> str:
    """Why the ink ``boxes`` (left to right) cannot be one piece per non-space character of ``text``,
    or ``""`` when they can.

    As many pieces as characters is not enough: where two glyphs touch and another breaks in two,
    the count holds and the pieces are paired with the wrong characters. So every piece must also
    be the size one character of its class can be (:data:`CHARACTER_INK`, relative to the median
    ink height of the pieces paired with digits, with :data:`PIECE_TOLERANCE` and
    :data:`PIECE_SLACK`), neighbouring pieces must lie as far apart as neighbouring characters do
    (:data:`CHARACTER_GAP`; farther where ``text`` has a space), and no piece read as "0" may be as
    wide as two digits (:data:`TWO_DIGITS_RATIO` times the widest digit 2-9).
    """
    spaced = [i > 0 and text[i - 1].isspace() for i, c in enumerate(text) if not c.isspace()]
    chars = [c for c in text if not c.isspace()]
    if len(chars) != len(boxes):
        return f"{len(boxes)} ink pieces for {len(chars)} characters"
    heights = [b[3] for c, b in zip(chars, boxes) if c in "0123456789"]
    if not heights:
        return "no digit to take the line's height from"
    unit = float(np.median(heights))
    allow = PIECE_TOLERANCE * unit + PIECE_SLACK
    for i, (c, (x, _, w, h)) in enumerate(zip(chars, boxes)):
        w_lo, w_hi, h_lo, h_hi = CHARACTER_INK[character_class(c)]
        if not (w_lo * unit - allow <= w <= w_hi * unit + allow and h_lo * unit - allow <= h <= h_hi * unit + allow):
            return f"{c!r} at {i}: a piece {w} x {h} px is no such character beside digits {unit:.0f} px tall"
        if i > 0:
            gap = x - boxes[i - 1][0] - boxes[i - 1][2]
            if not CHARACTER_GAP[0] * unit - allow <= gap <= CHARACTER_GAP[2 if spaced[i] else 1] * unit + allow:
                return f"{c!r} at {i}: {gap} px from the piece before it, no gap between characters {unit:.0f} px tall"
    widest = max((b[2] for c, b in zip(chars, boxes) if c in "23456789"), default=0)
    if any(c == "0" and widest and b[2] >= TWO_DIGITS_RATIO * widest for c, b in zip(chars, boxes)):
        return f"a '0' as wide as two digits ({TWO_DIGITS_RATIO}x the widest digit 2-9 or more)"
    return ""


def _digit_widths(text: str, boxes: Sequence[InkBox], digit: str, odd: Any) -> list[str]:
    """Each ``digit`` of ``text`` whose ink is ``odd(width, widest digit 2-9 of the line, its box)``."""
    chars = [c for c in text if not c.isspace()]
    if digit not in chars or pairing_doubt(text, boxes):
        return []
    reference = [box for c, box in zip(chars, boxes) if c in "23456789"]
    if not reference:
        return []
    width = float(max(b[2] for b in reference))
    height = float(np.median([b[3] for b in reference]))
    found = []
    for i, (c, box) in enumerate(zip(chars, boxes)):
        w, h = box[2], box[3]
        if c == digit and abs(h - height) <= _HEIGHT_TOLERANCE * height and odd(w, width, box):
            found.append(f"{digit!r} at {i} is {w / width:.2f}x as wide as the widest digit")
    return found

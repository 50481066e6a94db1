"""Text metrics: normalisation, character error rate (rapidfuzz), reading order of OCR boxes.

Pure functions on strings and polygons; no OCR, no I/O.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein

Polygon = Sequence[Sequence[float]]

WHITESPACE_MODES = ("ignore", "collapse", "keep")

# Look-alike glyphs folded to one representative when ``fold_lookalikes`` is on. Applied before case
# folding, to digits (which case folding leaves alone), so "L" and "I" stay distinct.
LOOKALIKE_FOLDS: tuple[tuple[str, str], ...] = (
    ("rn", "m"),
    ("O", "0"), ("o", "0"),
    ("I", "1"), ("l", "1"), ("|", "1"),
)
# Glyph pairs a recogniser tells apart by shape alone, so its language context can decide between
# them. I/l is left out: in sans-serif fonts they are the same glyph, and no reader can tell either.
LOOKALIKE_PARTNERS: dict[str, str] = {
    "O": "0", "o": "0", "0": "Oo", "l": "1|", "I": "1|", "1": "lI|", "|": "lI1",
    "S": "5", "5": "S", "B": "8", "8": "B", "Z": "2", "2": "Z",
}
_FOLD_RE = re.compile("|".join(re.escape(src) for src, _ in LOOKALIKE_FOLDS))
_FOLD_MAP = dict(LOOKALIKE_FOLDS)
_SPACE_RE = re.compile(r"\s+")


@dataclass(frozen=True)
class TextNormalization:
    """How expected and read text are made comparable before the edit distance.

    - ``case_sensitive=False``: Unicode case folding (``"Straße"`` == ``"STRASSE"``).
    - ``whitespace``: ``"ignore"`` drops all whitespace (OCR splits and merges spaces unreliably),
      ``"collapse"`` turns runs into one space, ``"keep"`` compares as is.
    - ``ignore_punctuation``: drop Unicode punctuation (category P*; currency and % are symbols, kept).
    - ``nfkc``: Unicode NFKC (ligatures, full-width forms, composed accents).
    - ``fold_lookalikes``: treat O/o/0, I/l/1/| and rn/m as equal (see :data:`LOOKALIKE_FOLDS`).
      This forgives OCR confusions on correct text *and* hides a generator's look-alike errors.
    """

    case_sensitive: bool = False
    whitespace: str = "ignore"
    ignore_punctuation: bool = False
    nfkc: bool = True
    fold_lookalikes: bool = False

    def __post_init__(self) -> None:
        if self.whitespace not in WHITESPACE_MODES:
            raise ValueError(f"whitespace: expected one of {WHITESPACE_MODES}, got {self.whitespace!r}")

    def apply(self, text: str) -> str:
        return normalize_text(
            text,
            case_sensitive=self.case_sensitive,
            whitespace=self.whitespace,
            ignore_punctuation=self.ignore_punctuation,
            nfkc=self.nfkc,
            fold_lookalikes=self.fold_lookalikes,
        )


def normalize_text(
    text: str,
    *,
    case_sensitive: bool = False,
    whitespace: str = "ignore",
    ignore_punctuation: bool = False,
    nfkc: bool = True,
    fold_lookalikes: bool = False,
) -> str:
    """Normalise ``text`` in a fixed order: NFKC, look-alikes, case, punctuation, whitespace."""
    if whitespace not in WHITESPACE_MODES:
        raise ValueError(f"whitespace: expected one of {WHITESPACE_MODES}, got {whitespace!r}")
    if nfkc:
        text = unicodedata.normalize("NFKC", text)
    if fold_lookalikes:
        text = _FOLD_RE.sub(lambda m: _FOLD_MAP[m.group(0)], text)
    if not case_sensitive:
        text = text.casefold()
        if nfkc:  # case folding can leave non-NFKC sequences behind
            text = unicodedata.normalize("NFKC", text)
    if ignore_punctuation:
        text = "".join(c for c in text if not unicodedata.category(c).startswith("P"))
    if whitespace == "ignore":
        text = _SPACE_RE.sub("", text)
    elif whitespace == "collapse":
        text = _SPACE_RE.sub(" ", text).strip()
    return text


def lookalike_doubt(text: str, alternatives: Sequence[Sequence[tuple[str, float]]]) -> tuple[float, str]:
    """The highest probability the recogniser gave a look-alike partner of a character it read.

    ``alternatives[i]`` lists (character, probability) runners-up for ``text[i]``. Returns the
    probability and a description such as ``"'O' (0: 0.044)"``; ``(0.0, "")`` when nothing doubted.
    """
    if len(alternatives) != len(text):
        raise ValueError(f"lookalike_doubt: {len(alternatives)} alternatives for {len(text)} characters")
    worst, where = 0.0, ""
    for char, alts in zip(text, alternatives):
        partners = LOOKALIKE_PARTNERS.get(char, "")
        for alt, prob in alts:
            if alt in partners and prob > worst:
                worst, where = prob, f"{char!r} ({alt}: {prob:.2g})"
    return worst, where


def sure_edits(expected: str, read: str, scores: Sequence[float], unsure_below: float) -> list[str]:
    """The edits between ``expected`` and ``read`` at letters or digits the recogniser was sure of.

    ``scores[j]`` is the probability the recogniser gave ``read[j]``. A substituted or extra
    character read with at least ``unsure_below`` is a sure edit, and so is a missing one whose read
    neighbours both reach it (its one neighbour at either end; none when nothing was read); edits that touch only punctuation, symbols or spaces never count (OCR
    misses small dots and dashes on correct text). A garble is a letter drawn wrong, which the
    recogniser reads confidently; its own slips are mostly where it was unsure. Returns each sure
    edit described, e.g. ``"'a' missing"``, ``"'x' for 'e'"``, ``"extra 'l'"``.
    """
    if len(scores) != len(read):
        raise ValueError(f"sure_edits: {len(scores)} scores for {len(read)} characters")
    found = []
    for op in Levenshtein.editops(expected, read):
        if op.tag == "delete":
            near = [scores[j] for j in (op.dest_pos - 1, op.dest_pos) if 0 <= j < len(read)]
            if expected[op.src_pos].isalnum() and near and all(p >= unsure_below for p in near):
                found.append(f"{expected[op.src_pos]!r} missing")
        elif op.tag == "insert":
            if read[op.dest_pos].isalnum() and scores[op.dest_pos] >= unsure_below:
                found.append(f"extra {read[op.dest_pos]!r}")
        elif (expected[op.src_pos].isalnum() or read[op.dest_pos].isalnum()) and scores[op.dest_pos] >= unsure_below:
            found.append(f"{read[op.dest_pos]!r} for {expected[op.src_pos]!r}")
    return found


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance (insertions, deletions, substitutions each cost 1; a swap costs 2)."""
    return int(Levenshtein.distance(a, b))


def character_error_rate(expected: str, read: str) -> float:
    """CER = edit distance / len(expected): 0 for a perfect read; above 1 when much extra is read.

    One wrong character in an ``n``-character string gives 1/n: 0.25 for "EXIT", but 0.06 for a
    16-character string, under any usable ``max_cer`` -- compare edit counts for that.
    """
    if not expected:
        raise ValueError("character_error_rate: expected text is empty (nothing to compare against)")
    return edit_distance(expected, read) / len(expected)


def best_substring(expected: str, read: str) -> tuple[str, int]:
    """The substring of ``read`` closest to ``expected`` and its edit distance (extra text ignored)."""
    start, end, distance = best_window(expected, read)
    return read[start:end], distance


def best_window(expected: str, read: str) -> tuple[int, int, int]:
    """Where in ``read`` the substring closest to ``expected`` lies (start, end) and its edit distance.

    Exhaustive over windows whose length can still beat the best distance found so far, because
    the optimal window's length differs from ``len(expected)`` by at most its distance.
    """
    m = len(expected)
    best, best_d = (0, 0), m  # the empty window costs m deletions
    if not read:
        return 0, 0, best_d
    for length in sorted(range(min(len(read), 2 * m) + 1), key=lambda n: abs(n - m)):
        if abs(length - m) >= best_d:
            break
        for start in range(len(read) - length + 1):
            d = int(Levenshtein.distance(expected, read[start:start + length], score_cutoff=best_d))
            if d < best_d:
                best, best_d = (start, start + length), d
                if d == 0:
                    return start, start + length, 0
    return best[0], best[1], best_d


def closest_windows(expected: str, read: str) -> tuple[list[tuple[int, int]], int]:
    """Every window of ``read`` as close to ``expected`` as :func:`best_window`'s (start, end), that one
    first, and their edit distance: the text may appear more than once."""
    start, end, distance = best_window(expected, read)
    found = [(start, end)]
    if not read or end == start:
        return found, distance
    m = len(expected)
    for length in range(max(1, m - distance), min(len(read), m + distance) + 1):
        for s in range(len(read) - length + 1):
            if (s, s + length) not in found and Levenshtein.distance(expected, read[s:s + length], score_cutoff=distance) == distance:
                found.append((s, s + length))
    return found, distance


def _extent(polygon: Polygon) -> tuple[float, float, float, float]:
    xs = [float(p[0]) for p in polygon]
    ys = [float(p[1]) for p in polygon]
    return min(xs), min(ys), max(xs), max(ys)


def reading_order(polygons: Sequence[Polygon]) -> list[list[int]]:
    """Group boxes into lines (top to bottom) and order each line left to right; returns indices.

    A box joins a line when their vertical extents overlap by at least half the smaller height,
    which tolerates the few degrees of tilt generated signs have.
    """
    extents = [_extent(p) for p in polygons]
    order = sorted(range(len(polygons)), key=lambda i: (extents[i][1] + extents[i][3]) / 2)
    lines: list[tuple[list[int], float, float]] = []  # (indices, top, bottom)
    for i in order:
        _, top, _, bottom = extents[i]
        height = max(bottom - top, 1e-6)
        for n, (members, ltop, lbottom) in enumerate(lines):
            overlap = min(bottom, lbottom) - max(top, ltop)
            if overlap >= 0.5 * min(height, max(lbottom - ltop, 1e-6)):
                members.append(i)
                lines[n] = (members, min(top, ltop), max(bottom, lbottom))
                break
        else:
            lines.append(([i], top, bottom))
    lines.sort(key=lambda line: (line[1] + line[2]) / 2)
    return [sorted(members, key=lambda i: extents[i][0]) for members, _, _ in lines]


def join_reading_order(texts: Sequence[str], polygons: Sequence[Polygon], sep: str = " ") -> str:
    """All box texts in reading order, lines and boxes separated by ``sep``."""
    if len(texts) != len(polygons):
        raise ValueError(f"join_reading_order: {len(texts)} texts but {len(polygons)} polygons")
    return sep.join(texts[i] for line in reading_order(polygons) for i in line)

"""One image's OCR reading for the text checks: confident lines in reading order, and the artifact."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PIL import Image, ImageDraw, ImageFont

from ..backends.ocr import OcrBox, OcrEngine
from ..images import InputImage
from ..metrics.text import TextNormalization, closest_windows, join_reading_order, lookalike_doubt, reading_order


@dataclass(frozen=True)
class TextReading:
    """What the OCR read in one image, split into boxes kept (confident) and rejected."""

    boxes: tuple[OcrBox, ...]
    kept: tuple[OcrBox, ...]
    text: str  # kept boxes joined in reading order

    @property
    def confidence(self) -> float:
        """Lowest score among kept boxes; else the best rejected score; 0.0 when nothing was read."""
        if self.kept:
            return min(b.score for b in self.kept)
        return max((b.score for b in self.boxes), default=0.0)

    def lookalike_doubt(self) -> tuple[float, str, int]:
        """Worst look-alike probability over kept lines, its description, and lines without data."""
        worst, where, missing = 0.0, "", 0
        for b in self.kept:
            if b.alternatives is None:
                missing += 1
                continue
            prob, desc = lookalike_doubt(b.text, b.alternatives)
            if prob > worst:
                worst, where = prob, desc
        return worst, where, missing

    def kept_in_reading_order(self) -> list[OcrBox]:
        """The kept lines top to bottom, each line's boxes left to right (the order of ``text``)."""
        return [self.kept[i] for line in reading_order([b.box for b in self.kept]) for i in line]

    def matching(self, expected: str, norm: TextNormalization) -> TextReading:
        """This reading with only the kept lines that hold the part closest to ``expected`` (already
        normalised): under ``match="contains"`` the other lines are text the test does not ask about,
        so their look-alike doubts and glyphs must not fail the image. Every kept line when nothing
        matches (an empty window)."""
        return self.matchings(expected, norm)[0]

    def matchings(self, expected: str, norm: TextNormalization) -> list[TextReading]:
        """:meth:`matching` for each place that holds a part as close to ``expected`` (the text may be
        read twice, once doubted and once clean), the first as :meth:`matching` gives; each distinct
        set of lines once."""
        ordered = self.kept_in_reading_order()
        pieces = [norm.apply(b.text) for b in ordered]
        sep = "" if norm.whitespace == "ignore" else " "  # as normalising the joined lines would put between them
        joined, spans = "", []
        for piece in pieces:  # a line normalised to nothing adds no space either, unless spaces are kept
            joined += sep if joined and (piece or norm.whitespace == "keep") else ""
            spans.append((len(joined), len(joined) + len(piece)))
            joined += piece
        windows, _ = closest_windows(expected, joined)
        found: list[TextReading] = []
        for start, end in windows:
            inside = tuple(b for b, (a, z) in zip(ordered, spans) if a < end and z > start)
            scope = TextReading(self.boxes, inside, join_reading_order([b.text for b in inside], [b.box for b in inside])) if inside else self
            if all(scope.kept != other.kept for other in found):
                found.append(scope)
        return found

    def without_texture(self, expected: str, norm: TextNormalization, below: float) -> TextReading:
        """This reading without the kept lines that lie apart from the text closest to ``expected``
        (already normalised; outside :meth:`matching`'s lines) and that the recogniser read with a
        score under ``below``: texture (railings, foliage, brickwork) read as letters. The same
        reading when there are none."""
        inside = {id(b) for b in self.matching(expected, norm).kept}
        kept = tuple(b for b in self.kept if id(b) in inside or b.score >= below)
        if len(kept) == len(self.kept):
            return self
        return TextReading(self.boxes, kept, join_reading_order([b.text for b in kept], [b.box for b in kept]))

    def scored_text(self, norm: TextNormalization) -> tuple[str, tuple[float, ...]] | None:
        """The normalised text with one recogniser probability per character (separators count as
        sure), or None when a line has no per-character scores or normalising char by char would not
        give the same string as normalising the whole."""
        if any(b.char_scores is None or len(b.char_scores) != len(b.text) for b in self.kept):
            return None
        chars: list[str] = []
        scores: list[float] = []
        for n, box in enumerate(self.kept_in_reading_order()):
            pairs = ([(" ", 1.0)] if n else []) + list(zip(box.text, box.char_scores or ()))
            for char, score in pairs:
                out = norm.apply(char) if not char.isspace() or norm.whitespace == "ignore" else char
                chars.append(out)
                scores += [score] * len(out)
        text = "".join(chars)
        return (text, tuple(scores)) if text == norm.apply(self.text) else None


def read_image(image: InputImage | Image.Image, engine: OcrEngine, min_confidence: float) -> TextReading:
    pil = image.pil if isinstance(image, InputImage) else image
    return reading_from_boxes(engine.read(pil), min_confidence)


def second_readings(image: InputImage | Image.Image, engine: OcrEngine, reading: TextReading,
                    min_confidence: float) -> list[tuple[str, TextReading]]:
    """The same lines read again by the engine's second look (``reread``), one reading per variant;
    empty when the engine has none or nothing was detected."""
    pil = image.pil if isinstance(image, InputImage) else image
    reread = getattr(engine, "reread", None)
    if not callable(reread) or not reading.boxes:
        return []
    found = reread(pil, list(reading.boxes)) or {}
    return [(name, reading_from_boxes(boxes, min_confidence)) for name, boxes in found.items()]


def read_ahead(image: Image.Image, engine: OcrEngine, min_confidence: float) -> None:
    """Every reading the text check may ask ``engine`` for on ``image`` at ``min_confidence``, whatever
    text is expected: the image's, the second look at its lines, and where it keeps no line the
    background distance's and the second look at those lines. Run by the evaluation pool while the
    GPU generates, so the check that follows finds them all in the evaluator cache."""
    reading = read_image(image, engine, min_confidence)
    second_readings(image, engine, reading, min_confidence)
    if not reading.kept:
        second_readings(image, engine, faint_reading(image, engine, min_confidence), min_confidence)


def faint_reading(image: InputImage | Image.Image, engine: OcrEngine, min_confidence: float) -> TextReading:
    """The engine's reading of the image's background distance (:func:`~pytest_genimg.metrics.background.background_distance`:
    faint text drawn dark on white), for an image whose own reading kept nothing. Its boxes lie where
    the text lies in ``image`` (same size), so the second look can read them again from ``image``.
    An engine with ``read_faint(image)`` (the evaluator cache's :class:`~pytest_genimg.backends.cached.CachedOcr`)
    makes the distance map itself, and only on a cache miss."""
    from ..backends.ocr import read_background_distance

    pil = image.pil if isinstance(image, InputImage) else image
    read_faint = getattr(engine, "read_faint", None)
    found = read_faint(pil) if callable(read_faint) else read_background_distance(engine, pil)
    return reading_from_boxes(found, min_confidence)


def reading_from_boxes(found: Sequence[OcrBox], min_confidence: float) -> TextReading:
    """Keep boxes scoring at least ``min_confidence`` and join them in reading order."""
    boxes = tuple(found)
    kept = tuple(b for b in boxes if b.score >= min_confidence and b.text.strip())
    text = join_reading_order([b.text for b in kept], [b.box for b in kept])
    return TextReading(boxes, kept, text)


def draw_reading(image: Image.Image, reading: TextReading, title: str = "") -> Image.Image:
    """The artifact: every detected box (green kept, red rejected) with the string and score read."""
    scale = 1.0
    if max(image.size) > 1024:
        scale = 1024 / max(image.size)
    elif max(image.size) < 256:
        scale = 256 / max(image.size)
    canvas = image.convert("RGB").resize((max(1, round(image.width * scale)), max(1, round(image.height * scale))))
    font = ImageFont.load_default(size=14)
    lines = wrap_to_width(title, font, canvas.width - 8) if title else []
    header = 5 + 17 * len(lines) if lines else 0  # 22 px for one line, as before
    out = Image.new("RGB", (canvas.width, canvas.height + header), (255, 255, 255))
    out.paste(canvas, (0, header))
    draw = ImageDraw.Draw(out)
    for row, line in enumerate(lines):  # the whole caption, wrapped: a cut-off reason helps nobody
        draw.text((4, 3 + 17 * row), line, fill=(0, 0, 0), font=font)
    kept = {id(b) for b in reading.kept}
    for box in reading.boxes:
        colour = (0, 200, 0) if id(box) in kept else (230, 0, 0)
        points = [(x * scale, y * scale + header) for x, y in box.box]
        draw.line(points + points[:1], fill=colour, width=2)
        label = f"{box.text!r} {box.score:.2f}"
        x, y = points[0][0], max(header, points[0][1] - 16)
        left, top, right, bottom = draw.textbbox((x, y), label, font=font)
        draw.rectangle((left - 1, top - 1, right + 1, bottom + 1), fill=(255, 255, 255))
        draw.text((x, y), label, fill=colour, font=font)
    return out


def wrap_to_width(text: str, font: Any, width: float, max_lines: int = 8) -> list[str]:
    """``text`` broken into lines no wider than ``width`` pixels (at spaces where it can, anywhere if
    a word is too long); beyond ``max_lines`` the last line ends in an ellipsis."""
    lines: list[str] = []
    line = ""
    for char in " ".join(text.split()):
        if line and font.getlength(line + char) > width:
            cut = line.rfind(" ")
            if char != " " and cut > 0:
                lines.append(line[:cut])
                line = line[cut + 1:]
            else:
                lines.append(line.rstrip())
                line = ""
        line = (line + char) if (line or char != " ") else line
    if line:
        lines.append(line)
    if len(lines) > max_lines:
        lines = lines[: max_lines - 1] + [lines[max_lines - 1][:-1] + "…"]
    return lines

"""The glyph look of the text check: is a "0" the recogniser read drawn as the letter O, a "1" as an l?

Each kept line's box is cut out of the image (straightened, with a small margin, at least 48 px
tall) and split into ink boxes (:mod:`pytest_genimg.metrics.glyphs`), thresholded on the box itself
so that a plate edge or photo in the margin does not decide what is ink; a line whose boxes pair
with its characters one to one (as many, each the size its character can be, spaced as characters
are: :func:`~pytest_genimg.metrics.glyphs.pairing_doubt`) has its zeros and ones compared with its
other digits. No OCR: about a millisecond per line.
"""
from __future__ import annotations

import numpy as np
from PIL import Image

from ..backends.ocr import OcrBox, line_quad, widen_quad
from ..images import InputImage
from ..metrics.glyphs import InkBox, ink_boxes, ink_mask, narrow_ones, unequal_twins, wide_zeros
from ._base import ItemVerdict
from ._text_reading import TextReading

# A narrow "1" with a flag at its top is a one (metrics.glyphs.has_flag): session 20
# (docs/notes/text-ones-and-o-s20.md).
DEFAULT_FLAGGED_ONES = True
_MIN_HEIGHT = 48  # px: the crop is scaled up to this height so thin strokes survive the threshold
_MARGIN = (0.1, 0.05)  # along, across the line, as a fraction of its height: clipped ink would shrink a glyph


def line_crop(image: Image.Image, box: OcrBox) -> np.ndarray:
    """The grey crop of one OCR box, straightened to a rectangle (quads as given, else the bounding box)."""
    points = line_quad(box.box)
    length = max(float(np.linalg.norm(points[1] - points[0])), 1.0)
    height = max(float(np.linalg.norm(points[3] - points[0])), 1.0)
    quad = widen_quad(points, _MARGIN)
    scale = max(1.0, _MIN_HEIGHT / (height * (1 + 2 * _MARGIN[1])))
    size = (max(1, round(length * (1 + 2 * _MARGIN[0] * height / length) * scale)),
            max(1, round(height * (1 + 2 * _MARGIN[1]) * scale)))
    upper_left, upper_right, lower_right, lower_left = quad
    data = tuple(float(c) for p in (upper_left, lower_left, lower_right, upper_right) for c in p)
    crop = image.convert("L").transform(size, Image.Transform.QUAD, data, resample=Image.Resampling.BICUBIC)
    return np.asarray(crop)


def line_ink(image: Image.Image, box: OcrBox) -> list[InkBox]:
    """The ink boxes of one OCR line (:func:`line_crop`), thresholded inside the detector's box: the
    margin added around it is left out of the threshold, and ink touching the crop's edge is dropped."""
    return line_ink_and_mask(image, box)[0]


def line_ink_and_mask(image: Image.Image, box: OcrBox) -> tuple[list[InkBox], np.ndarray | None]:
    """:func:`line_ink`, and the crop's ink (:func:`~pytest_genimg.metrics.glyphs.ink_mask`) in which
    the boxes lie (None where the crop is flat)."""
    crop = line_crop(image, box)
    height = crop.shape[0] / (1 + 2 * _MARGIN[1])
    inner = (max(1, round(_MARGIN[1] * height)), max(1, round(_MARGIN[0] * height)))
    ink = ink_mask(crop, inner)
    return ink_boxes(crop, inner=inner, ink=ink), ink


def glyph_doubts(image: InputImage | Image.Image, reading: TextReading, *, twins: bool,
                 flagged_ones: bool = DEFAULT_FLAGGED_ONES) -> list[str]:
    """Every zero in the kept lines drawn as a capital O (see :func:`wide_zeros`) and every one drawn
    as a lower-case l (:func:`narrow_ones`; with ``flagged_ones``, a narrow one with a flag is a
    one: :func:`~pytest_genimg.metrics.glyphs.has_flag`), described; with ``twins``, also every zero
    wider, and every one and letter O narrower, than another of its line (:func:`unequal_twins`)."""
    pil = image.pil if isinstance(image, InputImage) else image
    found = []
    for box in reading.kept:
        beside = any(c in "01" for c in box.text) and any(c in "23456789" for c in box.text)
        paired = [c for c in "01O" if twins and box.text.count(c) >= 2]
        if not beside and not paired:
            continue
        ink, mask = line_ink_and_mask(pil, box)
        doubts = wide_zeros(box.text, ink) + narrow_ones(box.text, ink, ink=mask if flagged_ones else None) if beside else []
        for doubt in doubts + [d for c in paired for d in unequal_twins(box.text, ink, c)]:
            found.append(f"{box.text!r}: {doubt}")
    return found


def shapes_checked(item: ItemVerdict, image: InputImage | Image.Image, reading: TextReading, *,
                   twins: bool, flagged_ones: bool = DEFAULT_FLAGGED_ONES) -> ItemVerdict:
    """A passing verdict failed when a "0" read in it is drawn as an O or a "1" as an l (:func:`glyph_doubts`;
    a few ms per line with a "0" or "1" among other digits)."""
    if not item.passed:
        return item
    doubts = glyph_doubts(image, reading, twins=twins, flagged_ones=flagged_ones)
    if not doubts:
        return item
    item.values["glyph_doubts"] = len(doubts)
    return ItemVerdict(item.label, False, item.values,
                       f"read {item.values.get('read', reading.text)!r}, but a digit is drawn as a letter (O for 0, l for 1): {'; '.join(doubts)}")

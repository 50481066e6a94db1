"""The glyph look of the text check: is a "0" the recogniser read drawn as the letter O?

Each kept line's box is cut out of the image (straightened, with a small margin, at least 48 px
tall) and split into ink boxes (:mod:`pytest_genimg.metrics.glyphs`); a line whose boxes match its
characters one to one has its zeros compared with its other digits. No OCR: a few milliseconds per line.
"""
from __future__ import annotations

import numpy as np
from PIL import Image

from ..backends.ocr import OcrBox, line_quad, widen_quad
from ..images import InputImage
from ..metrics.glyphs import ink_boxes, wide_zeros
from ._text_reading import TextReading

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


def glyph_doubts(image: InputImage | Image.Image, reading: TextReading) -> list[str]:
    """Every zero in the kept lines drawn as a capital O (see :func:`wide_zeros`), described."""
    pil = image.pil if isinstance(image, InputImage) else image
    found = []
    for box in reading.kept:
        if "0" not in box.text or not any(c in "23456789" for c in box.text):
            continue
        for doubt in wide_zeros(box.text, ink_boxes(line_crop(pil, box))):
            found.append(f"{box.text!r}: {doubt}")
    return found

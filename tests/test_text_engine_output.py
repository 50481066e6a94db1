"""A user's OCR engine whose read() returns malformed lines (no list, not OcrBox, text not a string,
a NaN score, an empty or NaN polygon, look-alike alternatives not one per character) gets a usage
error naming the engine, from every text check, not a crash inside the reading-order code."""
from __future__ import annotations

import numpy as np
import pytest

from pytest_genimg import GenImgUsageError, measure_no_text, measure_text_legible
from pytest_genimg.backends.ocr import OcrBox

QUAD = ((0.0, 0.0), (10.0, 0.0), (10.0, 5.0), (0.0, 5.0))
WHITE = np.full((32, 48, 3), 255, np.uint8)


class Scripted:
    name = "scripted"

    def __init__(self, found) -> None:
        self.found = found

    def read(self, image):
        return self.found


@pytest.mark.parametrize(("found", "why"), [
    (None, "a list of OcrBox"),
    ([("OPEN", 0.99, QUAD)], "a list of OcrBox"),
    ([OcrBox(None, 0.99, QUAD)], "text"),  # type: ignore[arg-type]
    ([OcrBox("OPEN", float("nan"), QUAD)], "score"),
    ([OcrBox("OPEN", 0.99, ())], "polygon"),
    ([OcrBox("OPEN", 0.99, ((float("nan"), 0.0), (10.0, 0.0), (10.0, 5.0)))], "polygon"),
    ([OcrBox("OPEN", 0.99, QUAD, alternatives=((("0", 0.4),),))], "alternatives"),
])
@pytest.mark.parametrize("check", [
    lambda engine: measure_text_legible(WHITE, "OPEN", engine=engine),
    lambda engine: measure_text_legible(WHITE, None, engine=engine),
    lambda engine: measure_no_text(WHITE, engine=engine),
])
def test_a_malformed_reading_names_the_engine(found, why, check) -> None:
    with pytest.raises(GenImgUsageError, match=rf"^engine: 'scripted': expected .*{why}"):
        check(Scripted(found))


def test_well_formed_lines_with_short_char_scores_or_numpy_numbers_are_still_read() -> None:
    # per-character scores of the wrong length only switch the sure-edit rule off for that line
    line = OcrBox("OPEN", 0.99, QUAD, char_scores=(0.9,))
    assert measure_text_legible(WHITE, "OPEN", engine=Scripted([line])).passed
    numpy_line = OcrBox("OPEN", np.float32(0.99), tuple(np.array(QUAD, np.float32)))  # type: ignore[arg-type]
    assert measure_text_legible(WHITE, "OPEN", engine=Scripted([numpy_line])).passed

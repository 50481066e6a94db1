"""texture_below: a kept line apart from the expected text, read under it, is texture read as letters
and left out of a whole match (scripted OCR readings, exact verdicts)."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image

from pytest_genimg.backends.ocr import OcrBox
from pytest_genimg.checks.text import TextNormalization, measure_text_legible, reading_from_boxes
from pytest_genimg.errors import GenImgUsageError
from pytest_genimg.recording import open_record

WHITE = Image.new("RGB", (64, 64), "white")


class Scripted:
    """Returns the same boxes for every image; no second look (no ``reread``)."""

    name = "scripted"

    def __init__(self, boxes: list[OcrBox]) -> None:
        self.boxes = boxes

    def read(self, image: Image.Image) -> list[OcrBox]:
        return self.boxes


def line(text: str, score: float, y: float) -> OcrBox:
    return OcrBox(text, score, ((10.0, y), (10.0 + 20 * len(text), y), (10.0 + 20 * len(text), y + 30), (10.0, y + 30)))


@pytest.fixture(autouse=True)
def results_dir(tmp_path: Path) -> Iterator[Path]:
    with open_record("test_text_texture", tmp_path):
        yield tmp_path


def test_an_unsure_line_apart_from_the_sign_is_left_out() -> None:
    ocr = Scripted([line("LLRAEL", 0.51, 10), line("FEB 28", 0.99, 200)])
    result = measure_text_legible(WHITE, "FEB 28", engine=ocr)  # on by default, at 0.7
    item = result.items[0]
    assert result.passed and item.values["read"] == "FEB 28" and item.values["texture_lines"] == 1
    assert result.thresholds["texture_below"] == 0.7
    off = measure_text_legible(WHITE, "FEB 28", engine=ocr, texture_below=None)
    assert not off.passed and off.items[0].values["read"] == "LLRAEL FEB 28" and "texture_lines" not in off.items[0].values
    assert "texture_below" not in off.thresholds


def test_a_confident_extra_line_still_fails() -> None:
    ocr = Scripted([line("15.03.24", 0.99, 10), line("0000", 0.85, 200)])
    assert not measure_text_legible(WHITE, "15.03.24", engine=ocr).passed  # 0.85 >= 0.7: text, not texture
    assert measure_text_legible(WHITE, "15.03.24", engine=ocr, texture_below=0.9).passed


def test_lines_that_hold_the_expected_text_are_never_dropped() -> None:
    # The sign read over two lines, the second unsure: both hold the expected text, so both count.
    ocr = Scripted([line("NO", 0.99, 10), line("ENTRV", 0.55, 60)])
    result = measure_text_legible(WHITE, "NO ENTRY", engine=ocr)
    assert not result.passed and result.items[0].values["read"] == "NO ENTRV"
    reading = reading_from_boxes(ocr.boxes, 0.5)
    norm = TextNormalization()
    assert reading.without_texture("noentry", norm, 0.7) is reading
    assert reading.without_texture("zzzz", norm, 0.7) is reading  # nothing close: every line is asked about


def test_under_contains_nothing_changes() -> None:
    ocr = Scripted([line("LLRAEL", 0.51, 10), line("FEB 28", 0.99, 200)])
    result = measure_text_legible(WHITE, "FEB 28", engine=ocr, match="contains")
    assert result.passed and "texture_lines" not in result.items[0].values and "texture_below" not in result.thresholds


def test_without_texture_keeps_reading_order() -> None:
    boxes = [line("OPEN", 0.99, 10), line("xxz", 0.6, 100), line("24/7", 0.99, 200), line("HOTEL", 0.69, 300)]
    kept = reading_from_boxes(boxes, 0.5).without_texture("open24/7", TextNormalization(), 0.7)
    assert [b.text for b in kept.kept] == ["OPEN", "xxz", "24/7"] and kept.text == "OPEN xxz 24/7"
    # "xxz" lies between the lines that hold the text, so it is inside the match and kept; "HOTEL" (0.69) goes.


@pytest.mark.parametrize("value", [1.5, -0.1, "0.7"])
def test_bad_texture_below_is_a_usage_error(value: object) -> None:
    with pytest.raises(GenImgUsageError, match="texture_below"):
        measure_text_legible(WHITE, "OPEN", engine=Scripted([]), texture_below=value)  # type: ignore[arg-type]

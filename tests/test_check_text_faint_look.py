"""assert_text_legible's faint look: where the first reading kept no line, the engine reads the image's
background distance (metrics/background.py). Exact verdicts with a scripted OCR, and one faint render
with the real engine."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from pytest_genimg.backends.ocr import OcrBox
from pytest_genimg.checks.text import measure_text_legible
from pytest_genimg.metrics.background import background_distance
from pytest_genimg.recording import open_record

DATA = Path(__file__).resolve().parent / "data"
PALE = Image.new("RGB", (64, 64), (200, 210, 190))


def line(text: str, score: float = 0.95) -> OcrBox:
    return OcrBox(text, score, ((10, 10), (300, 10), (300, 40), (10, 40)), (1.0,) * len(text), ((),) * len(text))


class FaintOnly:
    """A scripted engine that finds ``faint`` only in the background-distance image (drawn grey: R = G = B)
    and ``first`` in anything else; ``again`` is its second look at any lines."""

    name = "scripted-faint"

    def __init__(self, first: list[OcrBox], faint: list[OcrBox], again: dict[str, list[OcrBox]] | None = None) -> None:
        self.first, self.faint, self.again = first, faint, again or {}
        self.reads: list[str] = []

    def read(self, image: Image.Image) -> list[OcrBox]:
        rgb = np.asarray(image.convert("RGB")).astype(int)
        grey = bool((rgb[..., 0] == rgb[..., 1]).all() and (rgb[..., 1] == rgb[..., 2]).all())
        self.reads.append("distance" if grey else "image")
        return self.faint if grey else self.first

    def reread(self, image: Image.Image, boxes: list[OcrBox]) -> dict[str, list[OcrBox]]:
        return self.again


@pytest.fixture(autouse=True)
def results_dir(tmp_path: Path) -> Iterator[Path]:
    with open_record("test_check_text_faint_look", tmp_path):
        yield tmp_path


def test_the_background_distance_is_read_where_nothing_was_kept_and_says_so() -> None:
    ocr = FaintOnly([], [line("31.12.")])
    result = measure_text_legible(PALE, "31.12.", engine=ocr)
    item = result.items[0]
    assert result.passed and ocr.reads == ["image", "distance"]
    assert item.values["read"] == "31.12." and item.values["first_read"] == "" and item.values["second_look"] == "background distance"


def test_its_lines_get_the_second_look_at_the_image_too() -> None:
    ocr = FaintOnly([], [line("31.12")], {"margin": [line("31.12.")]})  # the distance image clipped the dot
    item = measure_text_legible(PALE, "31.12.", engine=ocr).items[0]
    assert item.passed and item.values["second_look"] == "background distance, then margin"


def test_a_garble_read_there_still_fails_with_the_first_readings_reason() -> None:
    ocr = FaintOnly([line("31.12.", score=0.2)], [line("3l.12.")])  # a box, but under min_confidence: none kept
    result = measure_text_legible(PALE, "31.12.", engine=ocr)
    assert not result.passed and ocr.reads == ["image", "distance"]
    assert result.items[0].reason == "expected '31.12.', read '': CER 1 > 0.1"


def test_it_runs_only_where_no_line_was_kept_and_only_with_the_second_look() -> None:
    wrong = FaintOnly([line("EXTI")], [line("EXIT")])  # a line kept, read wrong: the distance image is not read
    assert not measure_text_legible(PALE, "EXIT", engine=wrong).passed and wrong.reads == ["image"]
    off = FaintOnly([], [line("EXIT")])
    assert not measure_text_legible(PALE, "EXIT", engine=off, second_look=False).passed and off.reads == ["image"]
    nothing = FaintOnly([], [])
    result = measure_text_legible(PALE, "EXIT", engine=nothing)
    assert not result.passed and result.items[0].reason == "expected 'EXIT', no text detected"


def test_a_faint_render_the_first_reading_missed_is_read_on_its_background_distance() -> None:
    """The benchmark's tuning-half render that prompted it: "31.12." in STIX at 2.19:1 on a gradient
    (``cases_text.build_cases(82, 1, 0, False, "low-contrast")``, case low-contrast-0-81-correct),
    kept as a PNG: another Pillow's FreeType draws the same case with other pixels (seen on a GPU
    runner with Pillow 12.3), and the check's figures are about this image."""
    pytest.importorskip("rapidocr")
    pytest.importorskip("onnxruntime")
    image = Image.open(DATA / "faint-31.12-stix-2.19.png").convert("RGB")
    before = measure_text_legible(image, "31.12.", max_lookalike_prob=None, second_look=False)
    assert not before.passed and before.items[0].values["read"] == ""
    result = measure_text_legible(image, "31.12.")
    assert result.passed and result.items[0].values["second_look"].startswith("background distance")
    assert background_distance(np.asarray(image)).min() == 0  # the text: the image's farthest ink

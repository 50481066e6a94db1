"""assert_text_legible's sure-edit rule (``unsure_below``) and second look (``second_look``): exact
verdicts with a scripted OCR, and the real engine's ``reread``."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont

from pytest_genimg.backends.ocr import REREAD_VARIANTS, OcrBox, get_ocr
from pytest_genimg.checks.text import TextNormalization, measure_text_legible, reading_from_boxes
from pytest_genimg.errors import GenImgUsageError
from pytest_genimg.recording import open_record

WHITE = Image.new("RGB", (64, 64), "white")


def line(text: str, scores: tuple[float, ...] | None = None, y: float = 10, alternatives=None) -> OcrBox:
    scores = scores if scores is not None else (1.0,) * len(text)
    return OcrBox(text, 0.95, ((10, y), (300, y), (300, y + 30), (10, y + 30)), scores, alternatives)


class LookingTwice:
    """A scripted engine with a second look: ``read`` gives ``first``, ``reread`` gives ``again``."""

    name = "scripted-twice"

    def __init__(self, first: list[OcrBox], again: dict[str, list[OcrBox]]) -> None:
        self.first, self.again, self.looked = first, again, 0

    def read(self, image: Image.Image) -> list[OcrBox]:
        return self.first

    def reread(self, image: Image.Image, boxes: list[OcrBox]) -> dict[str, list[OcrBox]]:
        self.looked += 1
        assert boxes == self.first  # the second look is at the lines the first one found
        return self.again


@pytest.fixture(autouse=True)
def results_dir(tmp_path: Path) -> Iterator[Path]:
    with open_record("test_check_text_second_look", tmp_path):
        yield tmp_path


def test_a_confidently_dropped_letter_fails_even_under_max_cer() -> None:
    ocr = LookingTwice([line("Fresh Bead")], {})
    result = measure_text_legible(WHITE, "Fresh Bread", engine=ocr)  # CER 1/10 = max_cer
    item = result.items[0]
    assert not result.passed and item.values["cer"] == 0.1 and item.values["sure_edits"] == 1
    assert item.reason == "expected 'Fresh Bread', read 'Fresh Bead': read with confidence: 'r' missing"
    assert result.thresholds["unsure_below"] == 0.5
    assert measure_text_legible(WHITE, "Fresh Bread", unsure_below=None, engine=ocr).passed  # CER alone


def test_an_edit_where_the_recogniser_was_unsure_is_forgiven() -> None:
    unsure = line("Fresh Brcad", (1.0,) * 8 + (0.35,) + (1.0,) * 2)  # 'c' for 'e' at 0.35
    assert measure_text_legible(WHITE, "Fresh Bread", engine=LookingTwice([unsure], {})).passed
    sure = line("Fresh Brcad")
    assert not measure_text_legible(WHITE, "Fresh Bread", engine=LookingTwice([sure], {}), second_look=False).passed


def test_second_look_recovers_a_clipped_dot_and_says_so() -> None:
    ocr = LookingTwice([line("31.12")], {"margin": [line("31.12.")], "stretched": [line("31.12")]})
    result = measure_text_legible(WHITE, "31.12.", engine=ocr)
    item = result.items[0]
    assert result.passed and ocr.looked == 1
    assert item.values["read"] == "31.12." and item.values["first_read"] == "31.12" and item.values["second_look"] == "margin"
    ocr.looked = 0
    assert not measure_text_legible(WHITE, "31.12.", second_look=False, engine=ocr).passed and ocr.looked == 0


def test_second_look_runs_only_on_failures_and_must_pass_all_criteria() -> None:
    ocr = LookingTwice([line("OPEN")], {"margin": [line("0PEN")]})
    assert measure_text_legible(WHITE, "OPEN", engine=ocr).passed and ocr.looked == 0
    wrong = LookingTwice([line("EXTI")], {"margin": [line("EXIT", (1.0, 0.3, 1.0, 1.0))]})  # passes: 'X' unsure
    assert measure_text_legible(WHITE, "EXIT", engine=wrong).passed
    still_wrong = LookingTwice([line("EXTI")], {"margin": [line("EXTI")], "stretched": [line("EXT")]})
    result = measure_text_legible(WHITE, "EXIT", engine=still_wrong)
    assert not result.passed and result.items[0].values["read"] == "EXTI" and still_wrong.looked == 1


def test_second_look_does_not_clear_a_doubted_lookalike() -> None:
    doubted = line("N0", alternatives=((("M", 0.001),), (("O", 0.2),)))  # read '0', 'O' at 0.2
    ocr = LookingTwice([doubted], {"margin": [line("NO", alternatives=((), ()))]})
    result = measure_text_legible(WHITE, "NO", fold_lookalikes=False, engine=ocr)
    assert not result.passed and ocr.looked == 0 and "look-alike doubt" in result.items[0].reason


def test_scored_text_follows_reading_order_and_normalisation() -> None:
    fresh = OcrBox("Fresh", 1.0, ((0, 10), (8, 10), (8, 40), (0, 40)), (1.0,) * 5)  # left of "Bread"
    reading = reading_from_boxes([line("Bread", (0.9, 0.8, 0.7, 0.6, 0.5)), fresh], 0.5)
    assert reading.text == "Fresh Bread"
    assert reading.scored_text(TextNormalization()) == ("freshbread", (1.0,) * 5 + (0.9, 0.8, 0.7, 0.6, 0.5))
    assert reading.scored_text(TextNormalization(whitespace="keep")) == ("fresh bread", (1.0,) * 6 + (0.9, 0.8, 0.7, 0.6, 0.5))
    no_scores = reading_from_boxes([OcrBox("EXIT", 0.9, ((0, 0), (9, 0), (9, 9), (0, 9)))], 0.5)
    assert no_scores.scored_text(TextNormalization()) is None


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [({"unsure_below": 1.5}, "unsure_below: expected a number in"),
     ({"second_look": "yes"}, "second_look: expected True or False")],
)
def test_bad_input(kwargs: dict, match: str) -> None:
    with pytest.raises(GenImgUsageError, match=match):
        measure_text_legible(WHITE, "x", engine=LookingTwice([], {}), **kwargs)


def test_real_engine_rereads_each_line_once_per_variant() -> None:
    pytest.importorskip("rapidocr")
    ocr = get_ocr("rapidocr")
    image = Image.new("RGB", (320, 160), "white")
    ImageDraw.Draw(image).text((20, 50), "OPEN", font=ImageFont.load_default(size=48), fill=(20, 20, 20))
    boxes = ocr.read(image)
    again = ocr.reread(image, boxes)
    assert list(again) == list(REREAD_VARIANTS)
    for name, found in again.items():
        assert [b.box for b in found] == [b.box for b in boxes], name
        assert [b.text for b in found] == ["OPEN"] and len(found[0].char_scores) == 4 and found[0].score > 0.9
    assert ocr.reread(image, []) == {}


def test_second_look_does_not_clear_a_small_doubt_over_a_small_threshold() -> None:
    # 'O' at 3e-5 is over max_lookalike_prob=1e-5, though it rounds to 0 in the reported value
    doubted = line("N0", alternatives=((("M", 1e-7),), (("O", 3e-5),)))
    ocr = LookingTwice([doubted], {"margin": [line("NO", alternatives=((), ()))]})
    result = measure_text_legible(WHITE, "NO", max_lookalike_prob=1e-5, engine=ocr)
    assert not result.passed and ocr.looked == 0 and "look-alike doubt" in result.items[0].reason


def test_a_reading_with_nothing_kept_is_not_called_confident() -> None:
    faint = line("EXIT")
    faint = OcrBox(faint.text, 0.2, faint.box, faint.char_scores)  # below min_confidence: not kept
    result = measure_text_legible(WHITE, "EXIT", max_cer=1.0, engine=LookingTwice([faint], {}))
    assert result.passed and result.items[0].values["sure_edits"] == 0  # the CER alone decides (1.0 <= 1.0)


def test_unsure_below_is_reported_only_where_it_applies() -> None:
    ocr = LookingTwice([line("Fresh Bead")], {})
    assert "unsure_below" not in measure_text_legible(WHITE, "Fresh Bread", match="contains", engine=ocr).thresholds
    assert "unsure_below" not in measure_text_legible(WHITE, None, engine=ocr).thresholds  # presence only
    assert measure_text_legible(WHITE, "Fresh Bread", match="contains", engine=ocr).passed  # CER 0.1: not applied

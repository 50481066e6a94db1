"""assert_text_legible / assert_no_text: verdicts and messages with a scripted OCR, then the real
rapidocr engine on rendered text with known answers, and bad input."""
from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from pytest_genimg.backends.ocr import OCR_BACKENDS, OcrBox, OcrEngine, get_ocr
from pytest_genimg.checks.text import (
    assert_no_text,
    assert_text_legible,
    draw_reading,
    measure_no_text,
    measure_text_legible,
    reading_from_boxes,
)
from pytest_genimg.errors import GenImgAssertionError, GenImgUsageError
from pytest_genimg.recording import open_record


def _rect(x0: float, y0: float, x1: float, y1: float) -> tuple[tuple[float, float], ...]:
    return ((x0, y0), (x1, y0), (x1, y1), (x0, y1))


class ScriptedOcr:
    """Returns the boxes scripted for the n-th call and records what it was given."""

    name = "scripted"

    def __init__(self, *readings: list[OcrBox]) -> None:
        self.readings = list(readings)
        self.seen: list[Image.Image] = []

    def read(self, image: Image.Image) -> list[OcrBox]:
        self.seen.append(image)
        return self.readings[(len(self.seen) - 1) % len(self.readings)] if self.readings else []


def box(text: str, score: float = 0.99, x: float = 10, y: float = 10, chars: tuple[float, ...] | None = None) -> OcrBox:
    return OcrBox(text, score, _rect(x, y, x + 20 * len(text), y + 30), chars)


@pytest.fixture(autouse=True)
def results_dir(tmp_path: Path) -> Iterator[Path]:
    with open_record("test_check_text", tmp_path):
        yield tmp_path


WHITE = Image.new("RGB", (64, 64), "white")


# ---- verdicts and messages (scripted OCR) -----------------------------------------------------

def test_message_gives_expected_read_cer_and_confidence() -> None:
    ocr = ScriptedOcr([box("EIXT", 0.97)])
    with pytest.raises(GenImgAssertionError) as info:
        assert_text_legible(WHITE, "EXIT", engine=ocr)
    message = str(info.value)
    assert "text_legible failed: 0/1 passed" in message
    assert "expected='EXIT'" in message and "max_cer=0.1" in message
    assert "read='EIXT'" in message and "cer=0.5" in message and "confidence=0.97" in message
    assert "expected 'EXIT', read 'EIXT': CER 0.5 > 0.1" in message
    assert "OCR engine: scripted" in message
    result = info.value.result
    artifact = Path(result.items[0].artifact)
    assert artifact.is_file() and Image.open(artifact).size[0] >= 256  # small images are scaled up


def test_pass_rate_counts_images() -> None:
    ocr = ScriptedOcr([box("OPEN")], [box("OPEN")], [box("0PEN")], [box("OPEN")])
    result = assert_text_legible([WHITE] * 4, "OPEN", min_pass_rate=0.75, engine=ocr)
    assert result.passed and [i.passed for i in result.items] == [True, True, False, True]
    assert result.metrics["pass_rate"] == 0.75 and result.metrics["mean_cer"] == pytest.approx(0.0625)
    assert result.items[2].artifact and not result.items[0].artifact  # artifacts for failures only


def test_boxes_join_in_reading_order_and_whitespace_is_ignored() -> None:
    ocr = ScriptedOcr([box("OFF", x=200, y=12), box("SALE", x=10, y=10), box("50%", x=100, y=60)])
    assert measure_text_legible(WHITE, "SALE OFF 50 %", engine=ocr).passed
    assert not measure_text_legible(WHITE, "SALE OFF 50 %", whitespace="keep", max_cer=0, engine=ocr).passed


def test_low_confidence_boxes_are_illegible() -> None:
    ocr = ScriptedOcr([box("EXIT", 0.4)])
    result = measure_text_legible(WHITE, "EXIT", engine=ocr)
    assert not result.passed and result.items[0].values["read"] == ""
    assert result.items[0].values["confidence"] == 0.4  # the best rejected score is still shown
    assert measure_text_legible(WHITE, "EXIT", min_confidence=0.3, engine=ocr).passed


def test_one_wrong_letter_in_a_long_text_passes_max_cer_but_not_max_edits() -> None:
    ocr = ScriptedOcr([box("GRAND OPENING T0DAY")])
    loose = measure_text_legible(WHITE, "GRAND OPENING TODAY", engine=ocr)
    assert loose.passed and loose.items[0].values["edits"] == 1
    assert any("lets 1 wrong character(s) pass" in n for n in loose.notes)
    strict = measure_text_legible(WHITE, "GRAND OPENING TODAY", max_edits=0, engine=ocr)
    assert not strict.passed and "1 edits > 0" in strict.items[0].reason


def test_fold_lookalikes_forgives_zero_for_o() -> None:
    ocr = ScriptedOcr([box("0PEN")])
    assert not measure_text_legible(WHITE, "OPEN", engine=ocr).passed
    assert measure_text_legible(WHITE, "OPEN", fold_lookalikes=True, engine=ocr).passed


def test_case_sensitivity_and_punctuation() -> None:
    ocr = ScriptedOcr([box("exit.")])
    assert not measure_text_legible(WHITE, "EXIT", engine=ocr).passed  # "." is one extra character
    assert measure_text_legible(WHITE, "EXIT", ignore_punctuation=True, engine=ocr).passed
    assert not measure_text_legible(WHITE, "EXIT", ignore_punctuation=True, case_sensitive=True, engine=ocr).passed


def test_match_contains_ignores_other_text() -> None:
    ocr = ScriptedOcr([box("EXIT", y=10), box("shutterstock", y=300)])
    assert not measure_text_legible(WHITE, "EXIT", engine=ocr).passed
    result = measure_text_legible(WHITE, "EXIT", match="contains", engine=ocr)
    assert result.passed and result.items[0].values["cer"] == 0.0


def test_max_lookalike_prob_fails_a_doubted_character() -> None:
    # The recogniser read "NO" but gave "0" 4% at the "O": the context may have overruled the glyph.
    alts = ((("M", 0.001),), (("0", 0.04), ("Q", 0.01)))
    ocr = ScriptedOcr([OcrBox("NO", 0.99, _rect(10, 10, 60, 40), alternatives=alts)])
    result = measure_text_legible(WHITE, "NO", engine=ocr)  # on by default, at 0.01
    assert not result.passed and result.items[0].values["lookalike_prob"] == 0.04
    assert "look-alike doubt 'O' (0: 0.04) > 0.01" in result.items[0].reason
    assert measure_text_legible(WHITE, "NO", max_lookalike_prob=0.05, engine=ocr).passed
    assert measure_text_legible(WHITE, "NO", max_lookalike_prob=None, engine=ocr).passed
    assert measure_text_legible(WHITE, "N0", fold_lookalikes=True, engine=ocr).passed  # folding makes doubt moot


def test_under_contains_a_doubt_in_another_line_fails_nothing() -> None:
    """match="contains" asks about one part of the image: a doubted letter elsewhere is not in it."""
    doubted = ((("M", 0.001),), (("0", 0.04),))  # "NO" with a 4% zero at the O
    other = OcrBox("NO", 0.99, _rect(10, 10, 60, 40), alternatives=doubted)
    sure = OcrBox("EXIT", 0.99, _rect(10, 300, 90, 330), alternatives=((), (), (), ()))
    ocr = ScriptedOcr([other, sure])
    result = measure_text_legible(WHITE, "EXIT", match="contains", engine=ocr)
    assert result.passed and result.items[0].values["lookalike_prob"] == 0.0
    assert not measure_text_legible(WHITE, "NO EXIT", engine=ocr).passed  # whole: the doubted line is asked about
    asked = measure_text_legible(WHITE, "NO", match="contains", engine=ocr)
    assert not asked.passed and asked.items[0].values["lookalike_prob"] == 0.04


def test_the_lines_of_the_closest_match_are_the_ones_judged() -> None:
    from pytest_genimg.checks.text import TextNormalization

    lines = [box("OPEN", y=10), box("24/7", y=100), box("HOTEL", y=200)]
    reading = reading_from_boxes(lines, 0.5)
    norm = TextNormalization()
    assert [b.text for b in reading.matching("open24/7", norm).kept] == ["OPEN", "24/7"]  # spans two lines
    assert [b.text for b in reading.matching("hote", norm).kept] == ["HOTEL"]  # part of one
    assert reading.matching("zzzz", norm).kept == reading.kept  # nothing close: every line, as before
    spaced = TextNormalization(whitespace="collapse")
    assert [b.text for b in reading.matching("24/7 hotel", spaced).kept] == ["24/7", "HOTEL"]
    # Lines that normalise to nothing (punctuation only) put no space of their own between the others,
    # as normalising the whole reading does not: "no exit" is both lines, not "  exit".
    dashed = reading_from_boxes([box("NO", y=10), box("--", y=100), box("--", y=150), box("EXIT", y=200)], 0.5)
    bare = TextNormalization(whitespace="collapse", ignore_punctuation=True)
    assert {"NO", "EXIT"} <= {b.text for b in dashed.matching("no exit", bare).kept}


def test_under_contains_text_read_twice_passes_where_one_place_is_clean() -> None:
    """The asked text read in two places, one with a doubted letter: the image does contain it
    legibly, so the clean place is the one judged (whichever comes first); doubted in both, it fails."""
    doubted = ((("M", 0.001),), (("0", 0.04),))  # "NO" with a 4% zero at the O
    clean = ((), ())
    for first, second in ((doubted, clean), (clean, doubted)):
        lines = [OcrBox("NO", 0.99, _rect(10, 10, 60, 40), alternatives=first),
                 OcrBox("NO", 0.99, _rect(10, 300, 60, 330), alternatives=second)]
        result = measure_text_legible(WHITE, "NO", match="contains", engine=ScriptedOcr(lines))
        assert result.passed and result.items[0].values["lookalike_prob"] == 0.0
    both = [OcrBox("NO", 0.99, _rect(10, y, 60, y + 30), alternatives=doubted) for y in (10, 300)]
    result = measure_text_legible(WHITE, "NO", match="contains", engine=ScriptedOcr(both))
    assert not result.passed and result.items[0].values["lookalike_prob"] == 0.04


def test_under_contains_a_line_not_asked_about_is_not_noted_as_unjudged() -> None:
    """The note on lines without per-character alternatives counts the lines the doubt judges: under
    match="contains" a line without them outside the match was never going to be judged."""
    other = OcrBox("NO", 0.99, _rect(10, 10, 60, 40))  # no alternatives
    sure = OcrBox("EXIT", 0.99, _rect(10, 300, 90, 330), alternatives=((), (), (), ()))
    result = measure_text_legible(WHITE, "EXIT", match="contains", engine=ScriptedOcr([other, sure]))
    assert result.passed and not any("no per-character alternatives" in n for n in result.notes), result.notes
    asked = measure_text_legible(WHITE, "NO", match="contains", engine=ScriptedOcr([other, sure]))
    assert any(n.startswith("1 line(s) had no per-character alternatives") for n in asked.notes), asked.notes


def test_max_lookalike_prob_notes_lines_without_alternatives() -> None:
    result = measure_text_legible(WHITE, "NO", engine=ScriptedOcr([box("NO")]))
    assert result.passed and any("no per-character alternatives" in n for n in result.notes)


def test_expected_per_image_and_presence() -> None:
    ocr = ScriptedOcr([box("OPEN")], [box("CLOSED")])
    assert measure_text_legible([WHITE, WHITE], ["OPEN", "CLOSED"], engine=ocr).passed
    present = ScriptedOcr([box("OPEN")], [box("x")], [], [box("OPEN", 0.8)])
    result = measure_text_legible([WHITE] * 4, None, engine=present)
    assert [i.passed for i in result.items] == [True, False, False, False]  # one character is not text
    assert "no text of >= 2 letters/digits" in result.items[1].reason
    assert result.thresholds["min_confidence"] == 0.9  # without expected text, confidence is all the evidence
    assert measure_text_legible(WHITE, None, min_confidence=0.5, engine=ScriptedOcr([box("OPEN", 0.8)])).passed


def test_no_text() -> None:
    ocr = ScriptedOcr([], [box("shutterstock", 0.95)], [box("ab", 0.85)], [box("7", 0.99)])
    result = measure_no_text([WHITE] * 4, engine=ocr)
    assert [i.passed for i in result.items] == [True, False, True, True]
    assert result.items[1].values == {"read": "shutterstock", "confidence": 0.95} and result.items[1].artifact
    assert not measure_no_text(WHITE, min_confidence=0.8, engine=ScriptedOcr([box("ab", 0.85)])).passed
    with pytest.raises(GenImgAssertionError, match="no_text failed: 3/4 passed"):
        assert_no_text([WHITE] * 4, engine=ScriptedOcr([], [box("shutterstock", 0.95)], [], []))


def test_engine_receives_rgb_of_every_accepted_input() -> None:
    ocr = ScriptedOcr([box("OPEN")])
    inputs = [
        np.zeros((40, 50), np.uint8),  # greyscale
        np.zeros((40, 50, 4), np.uint8),  # RGBA
        np.full((40, 50, 3), 65535, np.uint16),  # 16-bit
        np.full((40, 50, 3), 0.5, np.float32),  # float in [0, 1]
        Image.new("LA", (50, 40)),
    ]
    assert measure_text_legible(inputs, "OPEN", engine=ocr).passed
    assert [(im.mode, im.size) for im in ocr.seen] == [("RGB", (50, 40))] * 5


def test_draw_reading_shows_kept_and_rejected_boxes() -> None:
    reading = reading_from_boxes([box("EXIT", 0.9), box("zz", 0.1, y=100)], 0.5)
    assert [b.text for b in reading.kept] == ["EXIT"]
    big = draw_reading(Image.new("RGB", (2048, 1024), "white"), reading, "title")
    assert big.size == (1024, 512 + 22)
    pixels = np.asarray(big)
    assert ((pixels[..., 1] > 150) & (pixels[..., 0] < 80)).any()  # green for kept
    assert ((pixels[..., 0] > 200) & (pixels[..., 1] < 50)).any()  # red for rejected


# ---- bad input --------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("images", "kwargs", "match"),
    [
        ([], {}, "images: expected at least one image, got '0 image"),
        (np.full((8, 8, 3), np.nan, np.float32), {}, r"images\[0\]: expected finite pixel values"),
        (np.full((8, 8, 3), 2.0, np.float32), {}, r"images\[0\]: expected float pixels in \[0, 1\]"),
        ("photo.png", {}, "images: expected one image or a sequence"),
        (WHITE, {"expected": 42}, "expected: expected a string, None, or a sequence"),
        ([WHITE, WHITE], {"expected": ["a"]}, "expected: expected one string, None, or 2 strings"),
        (WHITE, {"expected": "  "}, "expected: expected text with at least one character"),
        (WHITE, {"expected": "x", "max_cer": -0.1}, "max_cer: expected a non-negative number"),
        (WHITE, {"expected": "x", "max_edits": -1}, "max_edits: expected an integer >= 0"),
        (WHITE, {"expected": "x", "max_edits": 0.5}, "max_edits: expected an integer >= 0"),
        (WHITE, {"expected": "x", "min_confidence": 2}, "min_confidence: expected a number in"),
        (WHITE, {"expected": "x", "max_lookalike_prob": -1}, "max_lookalike_prob: expected a number"),
        (WHITE, {"expected": "x", "min_pass_rate": 1.5}, "min_pass_rate: expected a number in"),
        (WHITE, {"expected": "x", "whitespace": "squash"}, "whitespace: expected one of"),
        (WHITE, {"expected": "x", "match": "fuzzy"}, "match: expected one of 'whole', 'contains'"),
        (WHITE, {"expected": "x", "min_chars": 0}, "min_chars: expected an integer >= 1"),
        (WHITE, {"expected": "x", "engine": "tesseract"}, "ocr backend: expected one of 'rapidocr'"),
        (WHITE, {"expected": "x", "engine": object()}, "engine: expected an OCR backend name or an object"),
        # a truthy string must not silently mean True
        (WHITE, {"expected": "x", "case_sensitive": "no"}, "case_sensitive: expected True or False"),
        (WHITE, {"expected": "x", "ignore_punctuation": "false"}, "ignore_punctuation: expected True or False"),
        (WHITE, {"expected": "x", "fold_lookalikes": None}, "fold_lookalikes: expected True or False"),
    ],
)
def test_bad_input_is_a_precise_usage_error(images: object, kwargs: dict, match: str) -> None:
    with pytest.raises(GenImgUsageError, match=match):
        measure_text_legible(images, engine=kwargs.pop("engine", ScriptedOcr()), **kwargs)


def test_no_text_bad_input() -> None:
    with pytest.raises(GenImgUsageError, match="images: expected at least one image"):
        assert_no_text([], engine=ScriptedOcr())
    with pytest.raises(GenImgUsageError, match="min_chars: expected an integer >= 1"):
        assert_no_text(WHITE, min_chars=0, engine=ScriptedOcr())


def test_registry_and_lazy_imports() -> None:
    assert {"rapidocr", "rapidocr-v4"} <= set(OCR_BACKENDS.names())
    code = ("import sys, pytest_genimg.checks.text, pytest_genimg.backends.ocr; "
            "bad = [m for m in ('rapidocr', 'onnxruntime', 'cv2', 'torch', 'rapidocr_onnxruntime') if m in sys.modules]; "
            "print(bad); sys.exit(1 if bad else 0)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


# ---- the real engine on rendered text --------------------------------------------------------

def _font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.load_default(size=size)  # Pillow's bundled FreeType font: no system fonts needed


def render(text: str, size: tuple[int, int] = (240, 160), font_px: int = 44, mode: str = "RGB") -> Image.Image:
    image = Image.new(mode, size, (255, 255, 255, 0) if mode == "RGBA" else "white")
    ImageDraw.Draw(image).text((20, (size[1] - font_px) // 2), text, font=_font(font_px), fill=(10, 10, 10, 255) if mode == "RGBA" else (10, 10, 10))
    return image


@pytest.fixture(scope="module")
def ocr() -> OcrEngine:
    pytest.importorskip("rapidocr")
    engine = get_ocr("rapidocr")
    assert get_ocr("rapidocr") is engine  # loaded once per process
    return engine


def test_real_ocr_passes_correct_text_and_fails_garbled(ocr: OcrEngine) -> None:
    result = measure_text_legible([render("EXIT"), render("EXTI")], "EXIT", min_pass_rate=0.5, engine=ocr)
    assert result.passed and [i.passed for i in result.items] == [True, False]
    assert result.items[1].values["read"] == "EXTI" and result.items[1].values["cer"] == 0.5
    assert result.items[0].values["confidence"] > 0.9
    line = ocr.read(render("EXIT"))[0]
    assert line.alternatives is not None and len(line.alternatives) == len(line.text) == 4
    artifact = Image.open(result.items[1].artifact)
    assert artifact.width >= 256


def test_real_ocr_reads_rgba_and_16_bit(ocr: OcrEngine) -> None:
    # Dark text on a transparent background must be composited on white, not on black.
    rgba = render("OPEN", mode="RGBA")
    grey16 = np.asarray(render("OPEN").convert("L")).astype(np.uint16) * 257
    result = assert_text_legible([rgba, grey16], "OPEN", engine=ocr)
    assert [i.values["read"] for i in result.items] == ["OPEN", "OPEN"]


def test_real_ocr_no_text_and_presence(ocr: OcrEngine) -> None:
    blank = Image.new("RGB", (256, 256), (120, 160, 200))
    assert assert_no_text(blank, engine=ocr).passed
    with pytest.raises(GenImgAssertionError, match="read='SAMPLE'"):
        assert_no_text(render("SAMPLE", font_px=36), engine=ocr)
    assert assert_text_legible(render("OPEN"), engine=ocr).passed  # expected=None: any legible text


def test_real_ocr_tiny_and_huge_images(ocr: OcrEngine) -> None:
    tiny = Image.new("RGB", (8, 8), "white")
    result = measure_text_legible(tiny, "EXIT", engine=ocr)
    assert not result.passed and result.items[0].reason == "expected 'EXIT', no text detected"
    assert measure_no_text(tiny, engine=ocr).passed
    huge = Image.new("RGB", (8192, 2048), "white")  # the OCR itself scales it down to 2000 px
    ImageDraw.Draw(huge).text((400, 700), "EXIT", font=_font(300), fill=(0, 0, 0))
    assert assert_text_legible(huge, "EXIT", engine=ocr).items[0].values["cer"] == 0.0

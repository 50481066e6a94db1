"""Text rendering: signs that say what the prompt asked, and no text where none was asked.

The limitation: diffusion models draw letters as shapes, not as spelling. Asked for "EXIT" they
paint "EIXT", "EXXIT" or "EX1T" -- swapped, doubled, dropped or look-alike letters -- and, unasked,
they add pseudo-text and fake stock-photo watermarks learned from their training images.

How these tests measure it: ``assert_text_legible`` runs OCR (rapidocr, PP-OCRv6, offline) on each
whole image, keeps the lines it read with confidence >= 0.5, joins them in reading order and
compares them with the expected text after normalisation (Unicode NFKC, case folding, whitespace
removed). An image passes when the character error rate -- edit distance / expected length -- is at
most ``max_cer`` and the recogniser did not hesitate between look-alikes (O/0, l/1, S/5, B/8) on a
character it read; ``min_pass_rate`` is the share of seeds that must pass. Know its blind spots:
``max_cer=0.1`` forgives one wrong letter in ten or more (pass ``max_edits=0`` when every letter
matters), and the OCR reads in context, so it can "correct" a garbled letter into the right one
(``benchmarks/accuracy_text.py`` measures how often: 1 look-alike garble in 6 to 1 in 3 still passes).
``assert_no_text`` fails an image on any line of two or more letters or digits read with
confidence >= 0.9. Every failing image gets an artifact: the image with the detected boxes and the
strings read.

On the built-in tiny models (random weights, 64 px noise) no text is ever rendered, so the
legibility tests are expected to fail there (a strict xfail: they must fail); the no-text test
passes. On a real model (``--genimg-model=/models/sd-turbo``) they run as ordinary tests.
"""
from __future__ import annotations

import pytest

from pytest_genimg import GenImgAssertionError
from pytest_genimg.checks.text import assert_no_text, assert_text_legible

# What mutation runs (python -m pytest_genimg.mutate) expect this module to catch.
pytestmark = pytest.mark.limitation("text")

TINY_REASON = "built-in tiny models have random weights: they render noise, never text"


@pytest.fixture
def renders_text(request: pytest.FixtureRequest, genimg_model) -> None:
    """Mark the test as a strict expected failure on a built-in tiny model, which renders no text."""
    if genimg_model.source == "built-in":
        request.applymarker(pytest.mark.xfail(strict=True, raises=GenImgAssertionError, reason=TINY_REASON))


@pytest.mark.parametrize("text", ["OPEN 24/7", "EXIT"])
def test_sign_says_what_was_asked(genimg, renders_text, text):
    images = genimg.generate(f'a shop sign that says "{text}", photo', seeds=range(4))
    assert_text_legible(images, expected=text, max_cer=0.1, min_pass_rate=0.75)


def test_every_letter_of_a_long_sign_is_right(genimg, renders_text):
    # 16 characters: max_cer=0.1 alone would let one wrong letter through.
    text = "GRAND OPENING TODAY"
    images = genimg.generate(f'a banner that reads "{text}"', seeds=range(2))
    assert_text_legible(images, expected=text, max_edits=0, min_pass_rate=0.5)


def test_a_poster_shows_some_legible_text(genimg, renders_text):
    assert_text_legible(genimg.generate("a concert poster with the band name in big letters", seed=0))


def test_no_pseudo_text_where_none_was_asked(genimg):
    # Landscapes, no signs: any confident text here is a hallucinated caption or watermark.
    images = genimg.generate("a quiet forest lake at dawn, no people, no signs", seeds=range(4))
    assert_no_text(images)

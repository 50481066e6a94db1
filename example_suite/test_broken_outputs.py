"""Broken outputs: NaN, black and single-colour images.

The limitation: some failures are not bad pictures but no picture at all. The classic one is the
fp16 VAE overflow: SD-XL's VAE in half precision decodes to NaN, which turns into an all-black
image once cast to 8 bits; the safety checker blacks out flagged images the same way; a collapsed
or misconfigured pipeline returns one flat colour. Every other check would then fail for an unclear
reason, or worse, pass (a black image has no extra limbs and no illegible text).

How these tests measure it: ``assert_valid_output`` takes images as the pipeline returns them --
float arrays with NaN included -- and fails an image with any NaN/inf pixel, with 99.9% of its
pixels at or below 10/255 (black), or with every channel's standard deviation at most 2/255 (one
colour); artifacts paint NaN pixels magenta. Run the suite with ``--genimg-check-outputs`` and
every ``genimg.generate`` call applies the same test to the raw pipeline output, before anything is
cached. ``benchmarks/accuracy_image_checks.py``: all 10 broken cases (black, near-black, all or a
single NaN pixel, inf, grey, one colour under faint noise, white) fail; all 22 real images pass,
including a night sky at 12% brightness, a white page with text and noise. Blind spots: valid but
wrong pixels (noise, garbage, a blurred mess) pass here -- other checks judge content; a real photo
of a flat wall would fail as single-colour.
"""
from __future__ import annotations

import numpy as np
import pytest

from pytest_genimg import GenImgAssertionError
from pytest_genimg.checks.validity import assert_valid_output, output_problems

# What mutation runs (python -m pytest_genimg.mutate) expect this module to catch.
pytestmark = pytest.mark.limitation("validity")

PROMPT = "a bowl of fruit on a kitchen table"


def test_generated_images_are_real_images(genimg):
    assert_valid_output(genimg.generate(PROMPT, seeds=range(4)))


def test_a_nan_decode_is_caught_before_conversion(genimg):
    # What an fp16 VAE overflow hands back: the float decode with NaN in it.
    decode = np.asarray(genimg.generate(PROMPT, seed=0).image, dtype=np.float32) / 255.0
    decode[:16] = np.nan
    with pytest.raises(GenImgAssertionError, match=r"NaN in 25.0% of pixels"):
        assert_valid_output(decode)


def test_a_safety_checker_black_out_is_caught(genimg):
    images = [img.image for img in genimg.generate(PROMPT, seeds=range(3))]
    images[1] = np.zeros_like(np.asarray(images[1]))  # what a blacked-out image looks like
    with pytest.raises(GenImgAssertionError, match=r"FAIL #1: problems=1 -- all black"):
        assert_valid_output(images)


def test_output_problems_is_the_plain_function_behind_it():
    assert output_problems(np.full((64, 64, 3), 0.5)) == ["a single colour: RGB(128, 128, 128), channel std at most 0/255 (collapsed decode)"]
    assert output_problems(np.random.default_rng(0).random((64, 64, 3))) == []

"""Detail and resolution: an image should hold the detail its pixel size promises.

The limitation: a pipeline can hand back a 256 px image upscaled to 1024 px (a cheap upscaler, a
latent upscale, a misconfigured size), or a VAE decode that comes out soft, and every pixel-level
test still sees a 1024 px image. Users see it as mush when they zoom in.

How these tests measure it: ``assert_detailed`` splits each image's detail into octaves -- the
energy lost when it is box-downscaled by 2, 4, 8, 16 and bicubic-upscaled back -- and walks from
coarse to fine: natural images carry similar energy in every octave, so the first octave holding
less than 22% of the next coarser one's marks the effective resolution; repeating 2x2 or 4x4
pixel blocks (nearest-neighbour upscales) fail whatever the floor. The default floor is effective
scale 1/2: ``benchmarks/accuracy_detail.py`` builds cases from 10 detailed photos and 10 soft native
textures (a brick wall, fur, skin, sky, sand) in scikit-image and opencv-doc, and on its held-out
half every native passes while every 4x upscale, nearest-neighbour upscale and sigma-3 blur fails.
Blind spot: a 2x upscale and a native soft texture both read as 1/2, so 2x upscales pass by
default; ``min_effective_resolution=0.75`` catches them and fails the soft textures too. Noise or
heavy sharpening added after an upscale can pass as detail; it resolves octaves, not finer.

On the built-in tiny model (random weights) images are fine-grained noise, so they pass at every
size; the failing cases below are made from its own output, upscaled and blurred.
"""
from __future__ import annotations

import pytest
from PIL import Image, ImageFilter

from pytest_genimg import GenImgAssertionError
from pytest_genimg.checks.detail import assert_detailed, measure_detail

# What mutation runs (python -m pytest_genimg.mutate) expect this module to catch.
pytestmark = pytest.mark.limitation("detail")

PROMPT = "a detailed photo of a city street at noon"


def test_outputs_hold_their_full_resolution(genimg):
    assert_detailed(genimg.generate(PROMPT, seeds=range(4), size=128))


def test_an_upscaled_output_is_caught(genimg):
    small = genimg.generate(PROMPT, seed=0, size=64).image
    posing = small.resize((256, 256), Image.Resampling.BICUBIC)  # 64 px of content in 256 px
    with pytest.raises(GenImgAssertionError, match=r"effective resolution about 64x64 of 256x256"):
        assert_detailed(posing)


def test_a_nearest_neighbour_upscale_is_caught(genimg):
    small = genimg.generate(PROMPT, seed=1, size=64).image
    blocky = small.resize((128, 128), Image.Resampling.NEAREST)
    with pytest.raises(GenImgAssertionError, match="nearest-neighbour upscale"):
        assert_detailed(blocky)


def test_a_blurred_decode_is_caught(genimg):
    soft = genimg.generate(PROMPT, seed=2, size=128).image.filter(ImageFilter.GaussianBlur(2))
    result = measure_detail(soft)
    assert not result.passed
    assert result.items[0].values["scale"] <= 0.5


def test_a_resolution_floor_in_pixels(genimg):
    # A pixel count applies to the long side: half the content of a 128 px image is 64 px.
    half = genimg.generate(PROMPT, seed=3, size=64).image.resize((128, 128), Image.Resampling.BICUBIC)
    assert_detailed(half, min_effective_resolution=64)

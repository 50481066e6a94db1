"""output_problems on raw arrays with known answers: NaN/inf, black, single colour, layouts, bad input."""
from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from pytest_genimg.errors import GenImgUsageError
from pytest_genimg.generated import GeneratedImage
from pytest_genimg.metrics.validity import DEFAULT_BLACK_LEVEL, output_problems, render_for_review, to_unit_rgb


def _photo() -> np.ndarray:
    import skimage.data as data

    return data.astronaut()[::4, ::4]  # 128x128x3 uint8


def test_a_real_photo_has_no_problems():
    assert output_problems(_photo()) == []
    assert output_problems(Image.fromarray(_photo())) == []
    assert output_problems(_photo().astype(np.float32) / 255.0) == []


def test_nan_share_is_counted_per_pixel():
    arr = _photo().astype(np.float64) / 255.0
    arr[:20, :, 1] = np.nan  # 20 of 128 rows: 15.6% of pixels, one channel is enough
    (problem,) = output_problems(arr)
    assert problem.startswith("NaN in 15.6% of pixels")


def test_inf_is_reported_separately_from_nan():
    arr = _photo().astype(np.float32) / 255.0
    arr[0, 0, 0] = np.inf
    arr[1, 0, 0] = np.nan
    problems = output_problems(arr)
    assert any(p.startswith("NaN in <0.1%") for p in problems)
    assert any(p.startswith("inf in <0.1%") for p in problems)


def test_all_nan_is_one_problem_not_also_black():
    assert output_problems(np.full((32, 32, 3), np.nan)) == [output_problems(np.full((8, 8, 3), np.nan))[0]]
    assert "100.0%" in output_problems(np.full((32, 32, 3), np.nan))[0]


def test_black_outs_are_black_and_a_dark_scene_is_not():
    assert output_problems(np.zeros((64, 64, 3), np.uint8))[0].startswith("all black")
    nearly = np.full((64, 64, 3), 9, np.uint8)  # 9/255 <= 10/255
    assert output_problems(nearly)[0].startswith("all black")
    dark = np.full((64, 64, 3), 3, np.uint8)
    dark[:2, :, :] = 200  # 3% highlights: a night scene with lights
    assert output_problems(dark) == []


def test_black_level_is_a_fraction_of_full_scale():
    grey20 = np.full((16, 16, 3), 20, np.uint8)
    assert not any(p.startswith("all black") for p in output_problems(grey20))
    assert output_problems(grey20, black_level=25 / 255)[0].startswith("all black")
    assert DEFAULT_BLACK_LEVEL == pytest.approx(10 / 255)


def test_single_colour_names_the_colour():
    (problem,) = output_problems(np.full((3, 32, 32), 0.5, np.float32))  # CHW float
    assert problem.startswith("a single colour: RGB(128, 128, 128)")


def test_single_colour_tolerates_tiny_noise_but_not_real_variation():
    rng = np.random.default_rng(0)
    base = np.full((64, 64, 3), 120.0)
    faint = np.clip(base + rng.normal(0, 1.0, base.shape), 0, 255).astype(np.uint8)  # std ~1/255
    varied = np.clip(base + rng.normal(0, 4.0, base.shape), 0, 255).astype(np.uint8)  # std ~4/255
    assert output_problems(faint)[0].startswith("a single colour")
    assert output_problems(varied) == []


@pytest.mark.parametrize(
    "array",
    [
        np.zeros((16, 16)),  # HxW
        np.zeros((16, 16, 1)),  # HxWx1
        np.zeros((16, 16, 4)),  # alpha is dropped
        np.zeros((1, 16, 16)),  # CHW grey
        np.zeros((16, 16), np.uint16),
        np.zeros((16, 16), bool),
    ],
)
def test_layouts_and_dtypes(array):
    assert output_problems(array)[0].startswith("all black")


def test_integers_are_scaled_by_their_range():
    assert to_unit_rgb(np.full((2, 2), 65535, np.uint16))[0, 0, 0] == 1.0
    assert to_unit_rgb(np.full((2, 2), 51, np.int64))[0, 0, 0] == pytest.approx(0.2)
    assert to_unit_rgb(np.full((2, 2, 3), 1.7))[0, 0, 0] == 1.0  # floats clipped to [0, 1]


def test_a_frame_stack_names_each_broken_frame():
    video = np.random.default_rng(1).random((4, 16, 16, 3))
    video[2] = np.nan
    (problem,) = output_problems(video)
    assert problem.startswith("frame 2: NaN in 100.0%")


def test_generated_image_and_torch_tensor():
    torch = pytest.importorskip("torch")
    black = GeneratedImage(Image.new("RGB", (16, 16)), "a cat", 3)
    assert output_problems(black)[0].startswith("all black")
    t = torch.full((3, 16, 16), float("nan"), dtype=torch.float16)
    assert output_problems(t)[0].startswith("NaN in 100.0%")


@pytest.mark.parametrize(
    "bad, expected",
    [
        (np.zeros((2, 2, 2, 2, 2)), "one image of shape"),
        (np.zeros((16, 16, 2)), "one image of shape"),
        (np.zeros((0, 16, 3)), "a non-empty image"),
        (np.full((4, 4), 300, np.int32), "integer pixels in [0, 255]"),
        (np.zeros((4, 4), dtype=object), "bool, integer or float pixels"),
        ("black.png", "an image array"),
    ],
)
def test_bad_input_is_a_usage_error_naming_the_argument(bad, expected):
    with pytest.raises(GenImgUsageError, match="^img: expected") as info:
        output_problems(bad, argument="img")
    assert expected in str(info.value)


def test_review_paints_non_finite_pixels_magenta():
    arr = np.zeros((4, 4, 3))
    arr[1, 2] = np.nan
    arr[3, 3, 0] = np.inf
    out = render_for_review(arr)
    assert out.dtype == np.uint8
    assert tuple(out[1, 2]) == (255, 0, 255)
    assert tuple(out[3, 3]) == (255, 0, 255)
    assert tuple(out[0, 0]) == (0, 0, 0)


def _gradient(lo: float, hi: float) -> np.ndarray:
    return np.tile(np.linspace(lo, hi, 64), (32, 1))


@pytest.mark.parametrize(
    "image, twin",
    [
        # A 16-bit grey gradient from 4% to 90% of full scale: PIL's convert("RGB") clips it to 255.
        (Image.fromarray(_gradient(2600, 59000).astype(np.uint16)), _gradient(2600, 59000).astype(np.uint16)),
        (Image.fromarray(_gradient(2600, 59000).astype(np.uint16)).convert("I"), _gradient(2600, 59000).astype(np.uint16)),
        # A float gradient in [0, 1]: PIL's convert("RGB") makes it 0 or 1 out of 255.
        (Image.fromarray(_gradient(0.05, 0.95).astype(np.float32)), _gradient(0.05, 0.95).astype(np.float32)),
    ],
    ids=["I;16", "I", "F"],
)
def test_pil_16_bit_and_float_images_are_read_in_their_own_range(image, twin):
    assert image.mode in ("I;16", "I", "F")
    assert output_problems(image) == output_problems(twin) == []
    assert np.allclose(to_unit_rgb(image), to_unit_rgb(twin))
    assert 0.9 <= to_unit_rgb(image)[0, -1, 0] <= 0.951  # the gradient's top, not clipped to 1.0 or 1/255


@pytest.mark.parametrize(
    "image, problem",
    [
        (Image.fromarray(np.full((16, 16), 40000, np.uint16)), "a single colour: RGB(156, 156, 156)"),
        (Image.fromarray(np.full((16, 16), 300, np.int32)), "all black"),  # 300/65535 of 16-bit scale
        (Image.fromarray(np.full((16, 16), 0.002, np.float32)), "all black"),
        (Image.fromarray(np.full((16, 16), np.nan, np.float32)), "NaN in 100.0%"),
    ],
    ids=["I;16 flat", "I dark", "F dark", "F NaN"],
)
def test_pil_16_bit_and_float_verdicts_match_their_numpy_twins(image, problem):
    assert output_problems(image)[0].startswith(problem)

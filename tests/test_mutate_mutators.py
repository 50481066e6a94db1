"""Each built-in mutator does what its name says, by the amount its strength says, deterministically."""
from __future__ import annotations

import time

import numpy as np
import pytest
from PIL import Image

from pytest_genimg.errors import GenImgUsageError
from pytest_genimg.generated import GeneratedImage, GeneratedVideo
from pytest_genimg.mutate import Mutator, get_mutator, mutator_names, parse_mutation, register_mutator
from pytest_genimg.mutate.mutators import drop_prompt_part, reference_images

BUILTIN = ["black", "blur", "collapse", "darken", "downscale", "extra_hand", "flicker", "jpeg", "latency", "memorize",
           "nan", "near_duplicate", "noise", "prompt_drop", "strip_watermark", "swap_seed", "tint"]


def _image(array: np.ndarray, prompt: str = "a cat", seed: int = 0) -> GeneratedImage:
    return GeneratedImage(image=Image.fromarray(array.astype(np.uint8)), prompt=prompt, seed=seed)


def _mutate(spec: str, array: np.ndarray, prompt: str = "a cat", seed: int = 0) -> np.ndarray:
    item = parse_mutation(spec).outputs([_image(array, prompt, seed)], [(prompt, seed)])[0]
    return np.asarray(item.image).astype(np.float64)


def _noise_image(seed: int = 0, side: int = 64) -> np.ndarray:
    return np.random.default_rng(seed).integers(0, 256, (side, side, 3)).astype(np.uint8)


def test_every_builtin_is_registered() -> None:
    assert set(BUILTIN) <= set(mutator_names())


@pytest.mark.parametrize("sigma", [1.0, 2.0, 3.0])
def test_blur_lowers_a_grating_by_the_gaussian_transfer_function(sigma: float) -> None:
    # A Gaussian of std sigma multiplies frequency f (cycles/px) by exp(-2 pi^2 sigma^2 f^2).
    period = 16
    x = np.arange(128)
    wave = 128 + 100 * np.sin(2 * np.pi * x / period)
    grating = np.repeat(np.repeat(wave[None, :, None], 128, axis=0), 3, axis=2)
    out = _mutate(f"blur:{sigma}", np.round(grating))[64, 32:96, 0]
    amplitude = (out.max() - out.min()) / 2
    expected = 100 * np.exp(-2 * np.pi**2 * sigma**2 / period**2)
    assert amplitude == pytest.approx(expected, rel=0.03, abs=1.0)


def test_more_blur_is_less_sharp_by_the_detail_check() -> None:
    from pytest_genimg.metrics.detail import blur_score

    photo = np.asarray(Image.open(_photo_path()).convert("RGB").resize((256, 256)))
    scores = [blur_score(photo.mean(axis=2))] + [blur_score(_mutate(f"blur:{s}", photo).mean(axis=2)) for s in (1, 2, 4)]
    assert scores == sorted(scores) and scores[-1] - scores[0] > 0.3


def _photo_path():  # type: ignore[no-untyped-def]
    import skimage.data as data
    import io

    buf = io.BytesIO()
    Image.fromarray(data.astronaut()).save(buf, format="PNG")
    buf.seek(0)
    return buf


@pytest.mark.parametrize("k", [2, 4, 8])
def test_downscale_removes_the_detail_above_one_kth(k: int) -> None:
    from pytest_genimg.metrics.detail import down_up as detail_down_up

    noise = _noise_image(1, 128)
    out = _mutate(f"downscale:{k}", noise)
    gray_in, gray_out = noise.mean(axis=2), out.mean(axis=2)
    lost_in = np.mean((gray_in - detail_down_up(gray_in, k)) ** 2)
    lost_out = np.mean((gray_out - detail_down_up(gray_out, k)) ** 2)
    assert out.shape == noise.shape
    assert lost_out < 0.1 * lost_in  # what another 1/k round trip could remove is already gone


def test_jpeg_quality_orders_the_error() -> None:
    photo = np.asarray(Image.open(_photo_path()).convert("RGB").resize((128, 128)))
    errors = [np.abs(_mutate(f"jpeg:{q}", photo) - photo).mean() for q in (90, 50, 10)]
    assert errors == sorted(errors) and errors[0] > 0


@pytest.mark.parametrize("sigma", [8.0, 24.0])
def test_noise_has_the_asked_sigma_and_is_deterministic_per_seed(sigma: float) -> None:
    grey = np.full((128, 128, 3), 128, np.uint8)
    out = _mutate(f"noise:{sigma}", grey, seed=3)
    assert (out - 128).std() == pytest.approx(sigma, rel=0.05)
    assert np.array_equal(out, _mutate(f"noise:{sigma}", grey, seed=3))
    assert not np.array_equal(out, _mutate(f"noise:{sigma}", grey, seed=4))


def test_tint_shifts_red_up_and_blue_down_by_its_levels() -> None:
    out = _mutate("tint:30", np.full((32, 32, 3), 128, np.uint8))
    assert out.reshape(-1, 3).mean(axis=0) == pytest.approx([158, 128, 98])


def test_darken_removes_its_share_of_brightness() -> None:
    photo = np.asarray(Image.open(_photo_path()).convert("RGB").resize((64, 64)))
    assert _mutate("darken:0.4", photo).mean() == pytest.approx(0.6 * photo.mean(), rel=0.01)


def test_black_hits_its_share_of_seeds_and_nan_reads_as_non_finite() -> None:
    images = [_noise_image(s, 16) for s in range(200)]
    blacked = sum(not _mutate("black:0.25", img, seed=s).any() for s, img in enumerate(images))
    assert 30 <= blacked <= 70  # binomial(200, 0.25): mean 50, sd 6.1
    seen: list[np.ndarray] = []
    out = parse_mutation("nan").outputs([_image(images[0])], [("a cat", 0)], check=lambda arrays, _: seen.extend(arrays))
    assert not np.asarray(out[0].image).any()  # NaN becomes black once converted to 8 bits ...
    from pytest_genimg.metrics.validity import output_problems

    assert "NaN" in " ".join(output_problems(seen[0]))  # ... but --genimg-check-outputs sees the NaN


def test_collapse_and_swap_seed_change_the_request_not_the_pixels() -> None:
    requests = [("a cat", s) for s in (5, 6, 7)] + [("a dog", 9), ("a dog", 2)]
    assert parse_mutation("collapse").requests(requests) == [("a cat", 5)] * 3 + [("a dog", 9)] * 2
    assert parse_mutation("swap_seed:2").requests([("a cat", 1), ("a cat", 2**63 - 1)]) == [("a cat", 3), ("a cat", 1)]
    half = parse_mutation("collapse:0.5").requests([("a cat", s) for s in range(200)])
    assert 70 <= sum(seed == 0 for _, seed in half) <= 130


@pytest.mark.parametrize(("prompt", "dropped"), [
    ('a shop sign that says "OPEN 24/7"', "a shop sign that says"),
    ("a red cube on a wooden table, studio light", "a red cube on a wooden table"),
    ("a cat and a dog", "a cat"),
    ("a portrait photo", "a portrait photo"),
])
def test_prompt_drop_removes_the_quoted_text_or_the_last_clause(prompt: str, dropped: str) -> None:
    assert drop_prompt_part(prompt) == dropped


def test_flicker_brightens_the_middle_frame_of_a_video_only() -> None:
    from pytest_genimg.checks.temporal import measure_temporal_consistency
    import skimage.data as data

    photo = np.asarray(Image.fromarray(data.astronaut()).resize((256, 256)))
    clip = GeneratedVideo([Image.fromarray(photo[60:188, 40 + 2 * t: 168 + 2 * t]) for t in range(8)], "a pan", 0)
    assert measure_temporal_consistency(clip.frames).passed
    mutation = parse_mutation("flicker")
    mutation.outputs([clip], [("a pan", 0)])
    result = measure_temporal_consistency(clip.frames)
    assert not result.passed and result.metrics["worst_frame"] in (4, 5)
    still = _image(_noise_image())
    mutation.outputs([still], [("a cat", 0)])
    assert mutation.stats["changed"] == 1 and mutation.stats["outputs"] == 1  # the image was not touched


def test_near_duplicate_gives_close_but_distinct_copies_that_the_diversity_check_catches() -> None:
    from pytest_genimg.checks.diversity import measure_diversity

    mutation = parse_mutation("near_duplicate")
    asked = [("a cat", s) for s in range(8)]
    served = mutation.requests(asked)
    assert {seed for _, seed in served} == {0}
    items = mutation.outputs([_image(_noise_image(0)) for _ in served], asked)
    arrays = [np.asarray(i.image).astype(float) for i in items]
    assert all(0 < np.abs(a - arrays[0]).mean() < 8 for a in arrays[1:])
    assert [i.seed for i in items] == list(range(8))  # each still names the seed that was asked for
    assert not measure_diversity(items).passed


def test_memorize_returns_a_reference_image_the_memorization_check_finds(tmp_path) -> None:
    from pytest_genimg.checks.memorization import build_reference_index, measure_memorization

    for i, ref in enumerate(reference_images()):
        ref.save(tmp_path / f"ref{i}.png")
    index = build_reference_index(tmp_path, tmp_path / "index.npz")
    outputs = [_image(_noise_image(s), seed=s) for s in range(4)]
    assert measure_memorization(outputs, index).passed
    parse_mutation("memorize").outputs(outputs, [("a cat", s) for s in range(4)])
    assert not measure_memorization(outputs, index).passed


def test_latency_delays_each_pipeline_call() -> None:
    mutation = parse_mutation("latency:0.05")
    started = time.perf_counter()
    mutation.before_call(1)
    mutation.before_call(4)
    assert time.perf_counter() - started >= 0.1 and mutation.stats["calls"] == 2


def test_strip_watermark_leaves_images_too_small_to_carry_one() -> None:
    noise = _noise_image(0)
    assert np.array_equal(_mutate("strip_watermark", noise), noise)


def test_strip_watermark_removes_a_readable_mark() -> None:
    pytest.importorskip("imwatermark")
    from pytest_genimg.checks.watermark import add_watermark, measure_watermark

    marked = np.asarray(add_watermark(Image.open(_photo_path()).convert("RGB").resize((256, 256))))
    assert measure_watermark(Image.fromarray(marked)).passed
    assert not measure_watermark(Image.fromarray(_mutate("strip_watermark", marked).astype(np.uint8))).passed


def test_extra_hand_adds_a_hand_the_anatomy_check_finds() -> None:
    from pathlib import Path

    from pytest_genimg.checks.anatomy import measure_anatomy

    path = Path("/usr/share/doc/opencv-doc/examples/data/messi5.jpg")  # a person with a visible hand
    if not path.is_file():
        pytest.skip("needs Debian's opencv-doc samples (apt-get install opencv-doc)")
    photo = np.asarray(Image.open(path).convert("RGB"))
    before = measure_anatomy(Image.fromarray(photo))
    out = _mutate("extra_hand", photo)
    assert not np.array_equal(out, photo)
    after = measure_anatomy(Image.fromarray(out.astype(np.uint8)))
    assert after.hands > before.hands or (before.passed and not after.passed)
    assert np.array_equal(_mutate("extra_hand", _noise_image(0)), _noise_image(0))  # no person: unchanged


@pytest.mark.parametrize(("spec", "message"), [
    ("blurr", "mutation: expected one of black, blur, collapse"),
    ("blur:0", r"blur strength: expected a number in \[0.1, 20\] px"),
    ("blur:abc", r"blur strength: expected a number in \[0.1, 20\]"),
    ("downscale:2.5", r"downscale strength: expected an integer in \[2, 16\]"),
    ("black:1.5", r"black strength: expected a number in \[0.01, 1\]"),
    ("prompt_drop:2", "this mutation takes none"),
    ("Blur!", "NAME or NAME:STRENGTH"),
])
def test_bad_specs_name_what_was_expected(spec: str, message: str) -> None:
    with pytest.raises(GenImgUsageError, match=message):
        parse_mutation(spec)


def test_a_user_mutator_registers_and_is_validated() -> None:
    invert = Mutator("invert_test", "inverted colours", ("upkeep",), output=lambda frames, ctx: [255 - f for f in frames])
    register_mutator(invert, replace=True)
    assert get_mutator("invert_test") is invert
    assert _mutate("invert_test", np.zeros((4, 4, 3), np.uint8)).min() == 255
    with pytest.raises(ValueError, match="already registered"):
        register_mutator(invert)
    with pytest.raises(GenImgUsageError, match="limitations: expected names from text"):
        register_mutator(Mutator("bad_limits", "x", ("nonsense",)))

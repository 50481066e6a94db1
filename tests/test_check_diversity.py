"""assert_diverse / measure_diversity on sets with known answers, plus the contact sheet and heat-map."""
from __future__ import annotations

import io

import numpy as np
import pytest
from _tiny_clip import tiny_folder
from PIL import Image

from pytest_genimg.checks.diversity import (
    DEFAULT_DUPLICATE_DISTANCE,
    assert_diverse,
    default_min_vendi,
    measure_diversity,
    unrelated_vendi,
)
from pytest_genimg.errors import GenImgAssertionError, GenImgUsageError
from pytest_genimg.generated import GeneratedImage
from pytest_genimg.sheets import colormap, contact_sheet, heatmap


@pytest.fixture(scope="session")
def tiny_clip(tmp_path_factory):
    """A tiny random CLIP folder (plumbing only)."""
    return tiny_folder("clip", tmp_path_factory)


@pytest.fixture(scope="session")
def tiny_dinov2(tmp_path_factory):
    """A tiny random DINOv2 folder (image-only embedder; plumbing only)."""
    return tiny_folder("dinov2", tmp_path_factory)


@pytest.fixture(autouse=True)
def _artifacts_in_tmp(tmp_path, monkeypatch):
    # Outside the plugin, artifacts go under the working directory: keep them in tmp.
    monkeypatch.chdir(tmp_path)


def _photos() -> list[Image.Image]:
    from skimage import data

    names = ["astronaut", "camera", "coffee", "rocket", "coins", "chelsea", "brick", "moon", "clock", "text"]
    out = []
    for name in names:
        arr = getattr(data, name)()
        if arr.ndim == 2:
            arr = np.stack([arr] * 3, axis=-1)
        img = Image.fromarray(arr[..., :3])
        img.thumbnail((256, 256))
        out.append(img)
    return out


def _noisy_copies(img: Image.Image, n: int, sigma: float = 8.0, seed: int = 0) -> list[Image.Image]:
    rng = np.random.default_rng(seed)
    base = np.asarray(img, dtype=np.float64)
    return [Image.fromarray(np.clip(base + rng.normal(0, sigma, base.shape), 0, 255).astype(np.uint8)) for _ in range(n)]


def _jpeg(img: Image.Image, quality: int) -> Image.Image:
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=quality)
    return Image.open(io.BytesIO(buf.getvalue())).convert("RGB")


def test_different_photos_pass_with_defaults():
    result = assert_diverse(_photos())
    assert result.passed
    assert result.metrics["vendi"] > default_min_vendi(10)
    assert result.metrics["duplicate_pairs"] == 0
    assert result.artifacts == []  # artifacts only for failures
    # With no duplicates the message lists the closest pairs instead.
    assert "closest pair" in result.message() and " ~ #" in result.message()


def test_one_image_under_noise_fails_naming_pairs_seeds_and_artifacts():
    copies = _noisy_copies(_photos()[0], 8)
    images = [GeneratedImage(img, prompt="a portrait", seed=100 + i) for i, img in enumerate(copies)]
    with pytest.raises(GenImgAssertionError) as info:
        assert_diverse(images)
    message = str(info.value)
    result = info.value.result
    assert result.metrics["vendi"] < 2.0
    assert result.metrics["duplicate_fraction"] == pytest.approx(7 / 8)
    assert "Vendi" in message and "near-duplicate" in message
    assert "seed=100" in message and "seed=101" in message
    assert "#0 seed=100 ~ #1 seed=101" in message
    assert len(result.artifacts) == 2
    for path in result.artifacts:
        assert path in message
        with Image.open(path) as png:
            assert png.format == "PNG" and png.width > 100


@pytest.mark.parametrize(
    "perturb",
    [
        lambda img, k: _jpeg(img, 30 + 8 * k),
        lambda img, k: Image.eval(img, lambda v, k=k: min(255, int(v * (0.85 + 0.04 * k)))),
    ],
    ids=["jpeg", "brightness"],
)
def test_collapsed_sets_fail(perturb):
    base = _photos()[2]
    result = measure_diversity([perturb(base, k) for k in range(8)])
    assert not result.passed
    assert result.metrics["vendi"] < default_min_vendi(8)


def test_duplicate_fraction_tolerance():
    photos = _photos()[:8]
    images = photos + [_jpeg(photos[3], 60)]  # one repeat among 9
    strict = measure_diversity(images)
    assert not strict.passed and strict.metrics["duplicate_pairs"] == 1
    assert strict.metrics["duplicate_fraction"] == pytest.approx(1 / 9)
    assert strict.failed_items[0].label == "#3 ~ #8"
    tolerant = measure_diversity(images, max_duplicate_fraction=0.2)
    assert tolerant.passed and tolerant.failed_items == []
    assert "#3 ~ #8" in tolerant.message()  # still listed


def test_explicit_min_vendi_decides():
    photos = _photos()[:6]
    vendi = measure_diversity(photos, min_vendi=1).metrics["vendi"]
    assert measure_diversity(photos, min_vendi=vendi - 0.01).passed
    failed = measure_diversity(photos, min_vendi=min(6, vendi + 0.01))
    assert not failed.passed and "Vendi" in failed.headline and "<" in failed.headline


def test_default_min_vendi_grows_with_n_and_is_noted():
    values = [default_min_vendi(n) for n in (2, 4, 8, 16, 32, 64)]
    assert values == sorted(values) and 1 < values[0] < 2
    assert default_min_vendi(16) == pytest.approx(1 + 0.7 * (unrelated_vendi(16) - 1))
    assert 9 < default_min_vendi(16) < 12
    assert unrelated_vendi(64) < 64  # 64-bit hashes cannot make 64 images orthogonal
    notes = measure_diversity(_photos()[:4]).notes
    assert any("min_vendi default" in n and "unrelated" in n for n in notes)


def test_mixed_sizes_are_resized_with_a_note():
    photos = _photos()[:5]
    result = measure_diversity([photos[0].resize((64, 64)), *photos[1:]])
    assert any("different sizes" in n and "resized" in n for n in result.notes)
    same = [p.resize((64, 64)) for p in photos]
    assert not any("different sizes" in n for n in measure_diversity(same).notes)
    # The same picture at two sizes is still a near-duplicate.
    pair = measure_diversity([photos[0], photos[0].resize((97, 61))])
    assert pair.metrics["min_phash_distance"] <= DEFAULT_DUPLICATE_DISTANCE and not pair.passed


def test_pixels_features():
    assert measure_diversity(_photos(), features="pixels").passed
    assert not measure_diversity(_noisy_copies(_photos()[1], 6), features="pixels").passed


def test_numpy_batch_input():
    rng = np.random.default_rng(3)
    batch = rng.random((6, 32, 32, 3))
    result = measure_diversity(batch)
    assert result.metrics["count"] == 6


@pytest.mark.parametrize(
    "kwargs, argument",
    [
        ({"features": "sift"}, "features"),
        ({"features": 3}, "features"),
        ({"min_vendi": 0.5}, "min_vendi"),
        ({"min_vendi": 99}, "min_vendi"),
        ({"min_vendi": "high"}, "min_vendi"),
        ({"max_duplicate_fraction": 1.5}, "max_duplicate_fraction"),
        ({"duplicate_distance": -1}, "duplicate_distance"),
        ({"duplicate_distance": 65}, "duplicate_distance"),
    ],
)
def test_bad_arguments_name_the_argument(kwargs, argument):
    with pytest.raises(GenImgUsageError, match=f"^{argument}: expected"):
        measure_diversity(_photos()[:3], **kwargs)


@pytest.mark.parametrize("images", [[], "x.png", None], ids=["empty", "string", "none"])
def test_bad_images(images):
    with pytest.raises(GenImgUsageError, match="^images: expected"):
        measure_diversity(images)


def test_a_single_image_is_a_clear_error():
    with pytest.raises(GenImgUsageError, match="images: expected at least 2 images, got '1 image"):
        assert_diverse(_photos()[0])
    with pytest.raises(GenImgUsageError, match="at least 2 images"):
        assert_diverse([_photos()[0]])


class _OneHot:
    """An embedder whose answer is known: image k -> basis vector k % dims."""

    def __init__(self, dims: int) -> None:
        self.dims = dims
        self.name = f"onehot{dims}"

    def embed_images(self, images):
        out = np.zeros((len(images), 8))
        out[np.arange(len(images)), np.arange(len(images)) % self.dims] = 2.0
        return out


def test_embedder_features_use_its_embeddings():
    photos = _photos()[:6]
    assert measure_diversity(photos, features=_OneHot(8), min_vendi=1).metrics["vendi"] == pytest.approx(6)
    collapsed = measure_diversity(photos, features=_OneHot(2), min_vendi=3)
    assert collapsed.metrics["vendi"] == pytest.approx(2) and not collapsed.passed
    assert collapsed.thresholds["features"] == "onehot2"


def test_embedder_features_need_an_explicit_min_vendi():
    with pytest.raises(GenImgUsageError, match="^min_vendi: expected a number when features is an embedder"):
        measure_diversity(_photos()[:3], features=_OneHot(8))


def test_embedder_returning_a_bad_shape_is_a_clear_error():
    class Bad:
        def embed_images(self, images):
            return np.ones((len(images) + 1, 4))

    with pytest.raises(GenImgUsageError, match=r"embed_images: expected an array of shape \(3, d\)"):
        measure_diversity(_photos()[:3], features=Bad(), min_vendi=1)


def test_clip_embedder_plumbing(tiny_clip):
    # Random weights: only that it runs, is in range and is cached; not what it means.
    photos = _photos()[:4]
    result = measure_diversity(photos, features=f"clip:{tiny_clip}", min_vendi=1)
    assert 1.0 <= result.metrics["vendi"] <= 4.0 + 1e-6
    assert result.thresholds["features"].startswith("clip:")


def test_vision_only_embedder_plumbing(tiny_dinov2):
    from pytest_genimg.backends.embedders import load_embedder

    embedder = load_embedder(tiny_dinov2, "cpu")
    result = measure_diversity(_photos()[:3], features=embedder, min_vendi=1)
    assert 1.0 <= result.metrics["vendi"] <= 3.0 + 1e-6


# ---- sheets ----------------------------------------------------------------------------------


def test_contact_sheet_outlines_pairs_in_their_colours():
    tiles = [Image.new("RGB", (40, 30), (128, 128, 128)) for _ in range(5)]
    sheet = contact_sheet(tiles, [f"#{i}" for i in range(5)], outline_pairs=[(0, 3)], thumb=64, title="t")
    assert sheet.mode == "RGB" and sheet.width >= 3 * 64
    arr = np.asarray(sheet)
    red = np.all(arr == (230, 25, 75), axis=-1)
    assert red.sum() > 100  # the first pair's colour appears ...
    unpaired = contact_sheet(tiles, thumb=64)
    assert not np.all(np.asarray(unpaired) == (230, 25, 75), axis=-1).any()  # ... only when outlined


def test_contact_sheet_rejects_empty():
    with pytest.raises(ValueError):
        contact_sheet([])


def test_heatmap_colours_follow_values():
    m = np.array([[1.0, 0.0], [0.0, 1.0]])
    img = heatmap(m, ["a", "b"], vmin=0, vmax=1, cell=40)
    assert img.mode == "RGB"
    lo, hi = colormap(np.array([0.0, 1.0]), 0, 1)
    assert tuple(lo) == (68, 1, 84) and tuple(hi) == (253, 231, 37)
    assert tuple(colormap(np.array([np.nan]), 0, 1)[0]) == (160, 160, 160)
    with pytest.raises(ValueError):
        heatmap(np.ones(3))

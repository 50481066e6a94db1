"""Detail metrics against hand-computed values and images with known resolution."""
from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from pytest_genimg.metrics import detail as dm


def _grey_photo(name: str = "astronaut") -> np.ndarray:
    import skimage.data as data

    return dm.luminance(getattr(data, name)())


def _upscaled(gray: np.ndarray, factor: int, resample=Image.Resampling.BICUBIC) -> np.ndarray:
    h, w = gray.shape
    small = Image.fromarray(gray).resize((w // factor, h // factor), Image.Resampling.LANCZOS)
    return np.asarray(small.resize((w, h), resample), dtype=np.float32)


def test_luminance_uses_bt601_weights():
    red = np.zeros((2, 2, 3), np.uint8)
    red[..., 0] = 255
    assert dm.luminance(red)[0, 0] == pytest.approx(0.299)
    assert dm.luminance(np.full((2, 2, 3), 255, np.uint8))[0, 0] == pytest.approx(1.0)


@pytest.mark.parametrize("shape, octaves", [((512, 512), 4), ((1024, 768), 4), ((64, 64), 3), ((32, 100), 2), ((31, 100), 0)])
def test_octave_count_keeps_the_coarsest_copy_8_px(shape, octaves):
    assert dm.octave_count(*shape) == octaves


def test_band_energies_of_a_one_pixel_checkerboard():
    # Box-downscaling a 0/1 checkerboard by 2 gives 0.5 everywhere; back up it stays 0.5, so every
    # pixel is 0.5 off: E_1 = 0.25, and coarser copies lose nothing more.
    board = (np.indices((64, 64)).sum(axis=0) % 2).astype(np.float32)
    np.testing.assert_allclose(dm.band_energies(board), [0.25, 0.0, 0.0], atol=1e-6)


def test_flat_image_has_no_detail():
    flat = np.full((64, 64), 0.3, np.float32)
    assert dm.band_energies(flat).sum() == pytest.approx(0.0, abs=1e-10)
    est = dm.estimate_detail(flat)
    assert est.flat and est.scale == 0.0


def test_replication_factor_finds_nearest_neighbour_blocks():
    rng = np.random.default_rng(0)
    small = rng.random((16, 16)).astype(np.float32)
    assert dm.replication_factor(np.kron(small, np.ones((4, 4), np.float32))) == 4
    assert dm.replication_factor(np.kron(small, np.ones((2, 2), np.float32))) == 2
    assert dm.replication_factor(rng.random((64, 64)).astype(np.float32)) == 1


def test_native_photo_keeps_every_octave():
    est = dm.estimate_detail(_grey_photo())
    assert est.scale == 1.0 and est.octaves == 4 and est.replication == 1
    assert est.top_ratio > dm.DEFAULT_ALIVE_RATIO


@pytest.mark.parametrize("factor, scale", [(2, 0.5), (4, 0.25)])
def test_upscaled_photo_reads_at_its_source_resolution(factor, scale):
    est = dm.estimate_detail(_upscaled(_grey_photo("coffee"), factor))
    assert est.scale == scale


def test_nearest_neighbour_upscale_is_capped_by_replication():
    est = dm.estimate_detail(_upscaled(_grey_photo("camera"), 2, Image.Resampling.NEAREST))
    assert est.replication == 2 and est.scale == 0.5


def test_scikit_images_moon_is_pixel_doubled():
    # A real-world case: the moon photo shipped with scikit-image repeats 2x2 pixel blocks.
    est = dm.estimate_detail(_grey_photo("moon"))
    assert est.replication == 2 and est.scale == 0.5


def test_blur_removes_the_finest_octave():
    from skimage.filters import gaussian

    blurred = gaussian(_grey_photo("rocket"), sigma=2.0).astype(np.float32)
    assert dm.estimate_detail(blurred).scale <= 0.5


def test_too_small_images_are_refused():
    with pytest.raises(ValueError, match="too small"):
        dm.estimate_detail(np.zeros((20, 40), np.float32))


def test_blur_score_rises_with_blur():
    from skimage.filters import gaussian

    sharp = _grey_photo("camera")
    scores = [dm.blur_score(sharp), dm.blur_score(gaussian(sharp, 1.5)), dm.blur_score(gaussian(sharp, 3))]
    assert 0.0 <= scores[0] < scores[1] < scores[2] <= 1.0


def test_most_detailed_window_finds_the_textured_corner():
    img = np.zeros((600, 700), np.float32)
    img[-300:, -300:] = np.random.default_rng(0).random((300, 300))
    assert dm.most_detailed_window(img, 512) == (88, 188, 512, 512)
    assert dm.most_detailed_window(img[:100, :100], 512) == (0, 0, 100, 100)


def test_top_octave_detail_is_zero_for_a_2x_upscale_of_flat_blocks():
    blocks = np.kron(np.arange(16, dtype=np.float32).reshape(4, 4) / 16, np.ones((16, 16), np.float32))
    detail = dm.top_octave_detail(blocks)
    assert detail.shape == blocks.shape
    # Away from edges (bicubic reaches 4 px at full scale) the down-up copy is exact.
    assert float(detail[22:26, 22:26].max()) == pytest.approx(0.0, abs=1e-6)
    assert float(detail.max()) > 0.01  # edges carry finest-octave detail

"""The pure functions of the text experiments in benchmarks/ (second_reader.py, background_distance.py),
on inputs with known answers: the figures in docs/thresholds.md rest on them."""
from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"


@pytest.fixture(scope="module")
def bench() -> Iterator[dict[str, object]]:
    sys.path.insert(0, str(BENCHMARKS))
    names = ("accuracy_text", "cases_text", "second_reader", "background_distance")
    try:
        import background_distance
        import second_reader

        yield {"lookalike_reads": second_reader.lookalike_reads, "background_distance": background_distance.background_distance}
    finally:
        sys.path.remove(str(BENCHMARKS))
        for name in names:  # benchmark modules are not the package's: leave no trace for other tests
            sys.modules.pop(name, None)


@pytest.mark.parametrize(("expected", "read", "found"), [
    ("2024", "2O24", ["'O' for '0'"]),
    ("12/25", "l2/25", ["'l' for '1'"]),
    ("KEEP OUT", "KEEP 0UT", ["'0' for 'O'"]),
    ("$19.99", "$I9.99", ["'I' for '1'"]),
    ("SALE", "5ALE", ["'5' for 'S'"]),
    ("EXIT", "EXIT", []),
    ("EXIT", "EIXT", []),  # a swap is two edits between letters that are no look-alike pair
    ("HOTEL", "HOTL", []),  # a dropped letter
    ("1998", "7998", []),  # a substitution, but 7 is no look-alike of 1
    ("", "", []),
])
def test_lookalike_reads_names_each_character_read_as_its_partner(bench, expected, read, found) -> None:
    assert bench["lookalike_reads"](expected, read) == found


def test_background_distance_darkens_what_differs_from_its_surroundings(bench) -> None:
    image = np.full((128, 128, 3), (90, 160, 90), dtype=np.uint8)
    image[60:68, 40:90] = (120, 185, 120)  # a faint bar: under half of any 9-pixel window at scale 4
    out = np.asarray(bench["background_distance"](Image.fromarray(image)))
    assert out.shape == (128, 128, 3) and out.dtype == np.uint8
    grey = out[..., 0]
    from skimage.color import rgb2lab

    bar, ground = rgb2lab(np.array([[[120, 185, 120], [90, 160, 90]]], dtype=np.float64) / 255)[0]
    delta_e = float(np.linalg.norm(bar - ground))  # about 11: under the 15 Delta-E floor, so drawn grey, not black
    assert 9 < delta_e < 15
    assert np.abs(grey[62:66, 44:86].astype(int) - round(255 * (1 - delta_e / 15))).max() <= 1
    assert (grey[:50] == 255).all() and (grey[80:] == 255).all()  # the background: white


def test_background_distance_leaves_a_smooth_gradient_white(bench) -> None:
    ramp = np.linspace(40, 220, 256)
    image = np.stack([np.tile(ramp, (256, 1))] * 3, axis=-1).astype(np.uint8)
    grey = np.asarray(bench["background_distance"](Image.fromarray(image)))[..., 0]
    # a grey ramp differs from its local median by a little Delta-E at most: under the 15 Delta-E floor
    assert grey[8:-8, 8:-8].min() >= 200


def test_background_distance_draws_the_farthest_ink_black(bench) -> None:
    image = np.full((128, 128, 3), (200, 200, 200), dtype=np.uint8)
    image[60:68, 40:90] = (40, 40, 40)  # far above the floor: the 99.9th percentile, drawn black
    grey = np.asarray(bench["background_distance"](Image.fromarray(image)))[..., 0]
    assert (grey[62:66, 44:86] == 0).all() and (grey[:50] == 255).all()

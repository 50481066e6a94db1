"""The look-alike ceiling's measure (benchmarks/text_lookalike_ceiling.py) on pairs with known answers."""
from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"


@pytest.fixture(scope="module")
def ceiling() -> Iterator[object]:
    sys.path.insert(0, str(BENCHMARKS))
    names = ("text_lookalike_ceiling", "accuracy_text", "cases_text", "cases_text_fresh", "cases_text_fresh2",
             "cases_text_fresh3", "cases_text_fresh4", "cases_text_fresh5", "text_cache", "text_halves")
    try:
        import text_lookalike_ceiling

        yield text_lookalike_ceiling
    finally:
        sys.path.remove(str(BENCHMARKS))
        for name in names:  # benchmark modules are not the package's: leave no trace for other tests
            sys.modules.pop(name, None)


@pytest.fixture(scope="module")
def dejavu_sans() -> str:
    matplotlib = pytest.importorskip("matplotlib")
    path = Path(matplotlib.__file__).parent / "mpl-data" / "fonts" / "ttf" / "DejaVuSans.ttf"
    if not path.exists():
        pytest.skip("matplotlib's DejaVu Sans is not here")
    return str(path)


def test_an_identical_pair_is_drawn_the_same(ceiling, dejavu_sans) -> None:
    distance, same_topology = ceiling.compare(dejavu_sans, "O", 60, "O", 60)
    assert (distance, same_topology) == (0, True)
    assert ceiling.alike(distance, same_topology)


def test_a_one_pixel_shift_is_within_the_band(ceiling, dejavu_sans) -> None:
    ink = ceiling.glyph_ink(dejavu_sans, 60, "O")
    assert ceiling.ink_distance(ink, ink[1:]) == 1  # one row higher: the baseline is kept, so 1 px apart
    assert ceiling.ink_distance(ink, ink[:, 1:]) == 0  # a horizontal shift is aligned away


def test_o_and_zero_in_dejavu_sans_are_drawn_differently(ceiling, dejavu_sans) -> None:
    distance, same_topology = ceiling.compare(dejavu_sans, "O", 60, "0", 60)
    assert distance > ceiling.SAME_PX  # the O is wider than the zero by several pixels
    assert not ceiling.alike(distance, same_topology)


def test_a_gap_counts_though_it_is_within_the_band(ceiling, dejavu_sans) -> None:
    distance, same_topology = ceiling.compare(dejavu_sans, "i", 16, "l", 16)
    assert distance <= ceiling.SAME_PX and not same_topology  # the i's dot stands apart: two pieces, not one
    assert not ceiling.alike(distance, same_topology)


@pytest.mark.parametrize(("expected", "drawn", "found"), [
    ("HOTEL", "H0TEL", ("O", "0")), ("Barn", "Bam", ("rn", "m")), ("Ill", "lll", ("I", "l")), ("EXIT", "EIXT", None),
])
def test_substitution_names_the_lookalike_garble(ceiling, expected, drawn, found) -> None:
    assert ceiling.substitution(expected, drawn) == found

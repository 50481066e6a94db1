"""The pure function of the second-recogniser experiment (benchmarks/second_reader.py) on inputs
with known answers: the figures in docs/thresholds.md rest on it."""
from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"


@pytest.fixture(scope="module")
def bench() -> Iterator[dict[str, object]]:
    sys.path.insert(0, str(BENCHMARKS))
    names = ("accuracy_text", "cases_text", "second_reader", "text_cache", "text_halves")
    try:
        import second_reader

        yield {"lookalike_reads": second_reader.lookalike_reads}
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

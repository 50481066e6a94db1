"""The COCO people benchmarks' judging (benchmarks/people_coco.py, people_coco_tiles.py) on rows with
known answers: the cut is chosen on the tuning subset alone, and the criterion of
docs/notes/people-coco-s11.md and people-coco-tiles-s12.md is applied as written."""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from conftest import _benchmark_modules


@pytest.fixture(scope="module")
def bench() -> Iterator[Any]:
    yield from (mods["coco"] for mods in _benchmark_modules({"coco": "people_coco"}))


def rows_for(rights: dict[str, list[bool]], lr: bool = True) -> list[tuple]:
    """:func:`case_row`-shaped rows: (set, name, count, right, left/right verdicts, person-free)."""
    return [(s, f"{s}{i}", 1, ok, [lr], False) for s, oks in rights.items() for i, ok in enumerate(oks)]


def test_the_cut_is_chosen_on_the_tuning_subset_and_a_tie_takes_the_higher(bench) -> None:
    rows = {"C3 0.4": rows_for({"tune": [True, True], "fresh4": [False, False]}),
            "C3 0.5": rows_for({"tune": [True, True], "fresh4": [True, True]}),
            "C3 0.3": rows_for({"tune": [True, False], "fresh4": [True, True]})}
    assert bench.chosen(rows, "C3", (0.3, 0.4, 0.5)) == 0.5
    rows["C3 0.5"] = rows_for({"tune": [True, False], "fresh4": [True, True]})
    assert bench.chosen(rows, "C3", (0.3, 0.4, 0.5)) == 0.4  # the confirm subset never decides


@pytest.mark.parametrize(("tune", "confirm", "lr", "verdict"), [
    ([True] * 4 + [False] * 6, [True, True], True, "MET"),  # tuning net +4, no loss; confirm net 0
    ([True] * 3 + [False] * 7, [True, True], True, "not met"),  # tuning net +3
    ([True] * 6 + [False] * 4, [True, False], True, "not met"),  # confirm net -1
    ([True] * 4 + [False] * 6, [True, True], False, "not met"),  # a left/right verdict newly wrong
])
def test_criterion_verdicts(bench, capsys, tune, confirm, lr, verdict) -> None:
    base = rows_for({"tune": [False] * 10, "fresh5": [True, True]})
    mine = rows_for({"tune": tune, "fresh5": confirm}, lr=lr)
    bench.criterion(base, mine, ["tune", "fresh5"], listed=False)
    out = capsys.readouterr().out
    assert out.rstrip().endswith(f"-> {verdict}"), out


@pytest.fixture(scope="module")
def claims() -> Iterator[Any]:
    yield from (mods["one"] for mods in _benchmark_modules({"one": "people_one_face"}))


def test_a_criterion_with_no_bar_on_losses_holds_where_nothing_changed(claims) -> None:
    base = rows_for({"tune": [True, False], "fresh8": [True]})
    same = claims.changes(base, base, ["tune", "fresh8"])
    assert claims.meets(same, min_net=0, loss_per_gain=float("inf"), set_net=-1)  # inf * 0 gains is nan: no longer a failure
    assert not claims.meets(same, min_net=1, loss_per_gain=float("inf"))
    worse = claims.changes(rows_for({"tune": [False, False], "fresh8": [True]}), base, ["tune", "fresh8"])
    assert not claims.meets(worse, min_net=-1, loss_per_gain=float("inf"), set_net=0)  # one set a case worse
    assert claims.meets(worse, min_net=-1, loss_per_gain=float("inf"), set_net=-1)
    assert not claims.meets(worse, min_net=-1, loss_per_gain=0.5)  # a loss with no gain


@pytest.fixture(scope="module")
def masked() -> Iterator[Any]:
    yield from (mods["masked"] for mods in _benchmark_modules({"masked": "people_coco_masked"}))


def masked_rows(cuts: tuple[float, ...], tune: list[bool], later: list[bool], held: list[bool]) -> dict[str, list]:
    """``people-coco`` right on the last of five tune cases, on one of two fresh8 cases and on no fresh11
    case; the rule, at every cut, as given."""
    base = rows_for({"tune": [False, False, False, False, True], "fresh8": [True, False], "fresh11": [False]})
    return {"people-coco": base, **{f"M {t:g}": rows_for({"tune": tune, "fresh8": later, "fresh11": held}) for t in cuts}}


def test_masked_rule_chooses_on_tuning_and_judges_later_and_held_out_sets(masked, capsys) -> None:
    assert masked.MASK_CUTS == (0.1, 0.15, 0.2, 0.25, 0.3)
    rows = masked_rows(masked.MASK_CUTS, [True] * 5, [True, True], [True])  # tuning +4, later +1
    rows["M 0.1"] = rows_for({"tune": [True] * 5, "fresh8": [False, False], "fresh11": [True]})  # later -1: not chosen, a tie
    masked.judge(rows, ["tune", "fresh8", "fresh11"], listed=False)
    out = capsys.readouterr().out
    assert "t = 0.3, chosen on the tuning subset" in out  # a tie over every cut goes to the highest
    assert "later sets (fresh8): 1 -> 2" in out and "with the later sets (criterion 3): MET" in out
    assert "fresh11, held out (never used to choose t): people-coco 0/1 (0%), with the rule at t = 0.3 1/1 (100%)" in out
    rows = masked_rows(masked.MASK_CUTS, [True] * 5, [False, False], [True])  # tuning +4, later -1
    masked.judge(rows, ["tune", "fresh8"], listed=False)
    out = capsys.readouterr().out
    assert "-> MET" in out and "net -1 (>= 0)" in out and "with the later sets (criterion 3): not met" in out
    assert "held out" not in out  # no set beyond the development ones named

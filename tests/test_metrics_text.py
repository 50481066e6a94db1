"""Text metrics against hand-computed values: CER, normalisation, substring match, reading order."""
from __future__ import annotations

import pytest

from pytest_genimg.metrics.text import (
    TextNormalization,
    best_substring,
    best_window,
    character_error_rate,
    closest_windows,
    edit_distance,
    join_reading_order,
    lookalike_doubt,
    normalize_text,
    reading_order,
    sure_edits,
)


@pytest.mark.parametrize(
    ("expected", "read", "cer"),
    [
        ("EXIT", "EXIT", 0.0),
        ("EXIT", "EIXT", 0.5),  # a swap is two substitutions: 2/4
        ("EXIT", "EXT", 0.25),  # dropped letter: 1/4
        ("EXIT", "EXXIT", 0.25),  # doubled letter: 1/4
        ("OPEN", "0PEN", 0.25),  # look-alike: 1/4
        ("kitten", "sitting", 0.5),  # k->s, e->i, +g: 3/6
        ("abc", "", 1.0),
        ("ab", "abcdef", 2.0),  # insertions can take CER above 1
        ("sale50%off", "sale50%0ff", 0.1),  # one wrong letter in ten
        ("pharmacyopen", "pharrnacyopen", 2 / 12),  # rn for m: 1 substitution + 1 insertion
    ],
)
def test_cer_of_known_pairs(expected: str, read: str, cer: float) -> None:
    assert character_error_rate(expected, read) == pytest.approx(cer)


def test_cer_of_one_wrong_letter_shrinks_with_length() -> None:
    # The blind spot the docs warn about: 1 edit is 0.25 in "EXIT" but 1/16 in a long text.
    assert character_error_rate("EXIT", "EXlT") == 0.25
    assert character_error_rate("grand opening now", "grand 0pening now") == pytest.approx(1 / 17)


def test_cer_of_empty_expected_is_an_error() -> None:
    with pytest.raises(ValueError, match="expected text is empty"):
        character_error_rate("", "x")


def test_edit_distance_counts() -> None:
    assert edit_distance("EXIT", "EIXT") == 2
    assert edit_distance("", "") == 0
    assert edit_distance("Café", "Cafe") == 1


@pytest.mark.parametrize(
    ("text", "kwargs", "out"),
    [
        ("  OPEN  24/7 ", {}, "open24/7"),
        ("  OPEN  24/7 ", {"whitespace": "collapse"}, "open 24/7"),
        ("  OPEN  24/7 ", {"whitespace": "keep"}, "  open  24/7 "),
        ("OPEN", {"case_sensitive": True}, "OPEN"),
        ("Straße", {}, "strasse"),  # Unicode case folding, not lower()
        ("ＥＸＩＴ", {}, "exit"),  # full-width forms under NFKC
        ("\ufb01re", {}, "fire"),  # the fi ligature
        ("Cafe\u0301", {}, "café"),  # decomposed accent composes under NFKC
        ("Cafe\u0301", {"nfkc": False}, "cafe\u0301"),
        ("$19.99, 24/7!", {"ignore_punctuation": True}, "$1999247"),  # $ is a symbol, kept
        ("0PEN", {"fold_lookalikes": True}, "0pen"),
        ("OPEN", {"fold_lookalikes": True}, "0pen"),
        ("Ill", {"fold_lookalikes": True}, "111"),
        ("modern", {"fold_lookalikes": True}, "m0dem"),
        ("LIST", {"fold_lookalikes": True}, "l1st"),  # L stays distinct from I after case folding
    ],
)
def test_normalize_text(text: str, kwargs: dict, out: str) -> None:
    assert normalize_text(text, **kwargs) == out


def test_lookalike_folding_equates_generator_confusions_but_not_others() -> None:
    norm = TextNormalization(fold_lookalikes=True)
    assert norm.apply("0PEN 24/7") == norm.apply("OPEN 24/7")
    assert norm.apply("$1.50") == norm.apply("$l.5O")
    assert norm.apply("modern") == norm.apply("rnodern")
    assert norm.apply("LIST") != norm.apply("IIST")
    assert norm.apply("EXIT") != norm.apply("EIXT")


def test_bad_whitespace_mode_is_precise() -> None:
    with pytest.raises(ValueError, match="whitespace: expected one of"):
        normalize_text("x", whitespace="squash")
    with pytest.raises(ValueError, match="whitespace"):
        TextNormalization(whitespace="squash")


@pytest.mark.parametrize(
    ("expected", "read", "sub", "dist"),
    [
        ("exit", "pushexitnow", "exit", 0),
        ("exit", "xxeixtxx", None, 2),
        ("exit", "", "", 4),
        ("exit", "ex", "ex", 2),
        ("open", "0pen24/7", "0pen", 1),
    ],
)
def test_best_substring(expected: str, read: str, sub: str | None, dist: int) -> None:
    found, d = best_substring(expected, read)
    assert d == dist
    assert edit_distance(expected, found) == dist
    assert found in read
    if sub is not None:
        assert found == sub


@pytest.mark.parametrize(
    ("expected", "read"),
    [("exit", "exit no exit"), ("exit", "exlt exit"), ("open", "0pen opex"), ("abc", ""), ("abc", "xyz"), ("ab", "ab ab ab")],
)
def test_closest_windows_are_every_window_at_the_best_distance(expected: str, read: str) -> None:
    windows, distance = closest_windows(expected, read)
    start, end, best = best_window(expected, read)
    assert distance == best and windows[0] == (start, end)  # best_window's answer comes first
    if best == len(expected):  # no window beats deleting everything: nothing matches
        assert windows == [(0, 0)]
        return
    everything = {(s, e) for s in range(len(read) + 1) for e in range(s + 1, len(read) + 1)}
    brute = {w for w in everything if edit_distance(expected, read[w[0]:w[1]]) == best}
    assert set(windows) == brute and len(windows) == len(brute)


def _rect(x0: float, y0: float, x1: float, y1: float) -> list[tuple[float, float]]:
    return [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]


def test_reading_order_lines_then_left_to_right() -> None:
    boxes = [
        _rect(300, 200, 400, 240),  # line 2, right
        _rect(10, 10, 100, 50),  # line 1, left
        _rect(20, 205, 120, 245),  # line 2, left
        _rect(150, 14, 260, 52),  # line 1, right (slightly lower)
    ]
    assert reading_order(boxes) == [[1, 3], [2, 0]]
    texts = ["NOW", "GRAND", "OPEN", "OPENING"]
    assert join_reading_order(texts, boxes) == "GRAND OPENING OPEN NOW"


def test_reading_order_keeps_a_tilted_line_together() -> None:
    # Two words of one line tilted by about 6 degrees: the right box sits 10 px higher.
    left = [(10, 110), (110, 100), (112, 140), (12, 150)]
    right = [(120, 99), (220, 89), (222, 129), (122, 139)]
    assert reading_order([right, left]) == [[1, 0]]


def test_join_reading_order_checks_lengths() -> None:
    assert join_reading_order([], []) == ""
    with pytest.raises(ValueError, match="2 texts but 1 polygons"):
        join_reading_order(["a", "b"], [_rect(0, 0, 1, 1)])


def test_lookalike_doubt_reads_partner_probabilities() -> None:
    alts = [[("M", 0.2)], [("0", 0.03), ("Q", 0.3)], [], [("1", 0.004)]]  # "N", "O", " ", "l"
    assert lookalike_doubt("NO l", alts) == (0.03, "'O' (0: 0.03)")  # Q and M are no look-alikes
    assert lookalike_doubt("", []) == (0.0, "")
    with pytest.raises(ValueError, match="1 alternatives for 2 characters"):
        lookalike_doubt("NO", [[]])


@pytest.mark.parametrize(
    ("expected", "read", "scores", "found"),
    [
        ("freshbread", "freshbead", (1.0,) * 9, ["'r' missing"]),  # a dropped letter read with confidence
        ("freshbread", "freshbead", (1.0,) * 6 + (0.3,) + (1.0,) * 2, []),  # ... next to a doubted one
        ("hotel", "hotell", (1.0,) * 6, ["extra 'l'"]),
        ("hotel", "hotell", (1.0,) * 5 + (0.4,), []),
        ("exit", "exlt", (1.0, 1.0, 0.9, 1.0), ["'l' for 'i'"]),
        ("exit", "exlt", (1.0, 1.0, 0.49, 1.0), []),
        ("31.12.", "31.12", (1.0,) * 5, []),  # punctuation is never a sure edit (CER still counts it)
        ("exitonly", "exit-only", (1.0,) * 9, []),
        ("07/04", "07704", (1.0,) * 5, ["'7' for '/'"]),  # a digit read for a slash is
        ("open", "open", (1.0,) * 4, []),
        ("open", "", (), []),  # nothing read: nothing read with confidence
        ("ab", "b", (1.0,), ["'a' missing"]),  # a dropped first letter has one read neighbour
    ],
)
def test_sure_edits(expected: str, read: str, scores: tuple[float, ...], found: list[str]) -> None:
    assert sure_edits(expected, read, scores, 0.5) == found


def test_sure_edits_needs_one_score_per_character() -> None:
    with pytest.raises(ValueError, match="sure_edits: 2 scores for 3 characters"):
        sure_edits("abc", "abc", (1.0, 1.0), 0.5)

"""benchmarks/detail_fresh.py, the detail check's held-out figure on the fresh photos: every native
judged by eye names a photo of its sets, the photos doubted or left out stay out of the list, and bad
arguments are refused before any photo is fetched. Nothing here fetches a photo or runs the check."""
from __future__ import annotations

import pytest


def test_every_native_names_a_photo_of_the_sets(detail_fresh) -> None:
    photos = {p.name: p for photo_list in detail_fresh.SETS.values() for p in photo_list}
    assert set(detail_fresh.NATIVE) <= set(photos)
    assert len(detail_fresh.NATIVE) == 161  # as committed before each set's run (28 from FRESH6-9, 17 from FRESH10, 57 from FRESH11-13)
    left_out = {"hat-shadow", "album-cover", "turtleneck", "blue-backdrop", "aerial-marina", "wood-floor", "hand-at-temple",
                "canyon-rim", "round-glasses", "light-trails", "white-suit", "crossed-arms-glasses", "blonde-avatar",
                "lake-balance", "trial-bike"}
    assert not left_out & set(detail_fresh.NATIVE)
    for name, natives in (("fresh10", 17), ("fresh11", 24), ("fresh12", 12), ("fresh13", 21)):
        names = {p.name for p in detail_fresh.SETS[name]}
        assert len(names & set(detail_fresh.NATIVE)) == natives, name


@pytest.mark.parametrize(("argv", "message"), [
    (["fresh14"], "unknown set(s) fresh14"),
    (["--max-blur"], "--max-blur needs a value"),
    (["--max-blur", "soft", "fresh"], "--max-blur: expected a number or none, got 'soft'"),
])
def test_bad_arguments_are_refused_before_any_photo_is_read(detail_fresh, capsys, argv, message) -> None:
    assert detail_fresh.main(argv) == 2
    assert message in capsys.readouterr().out

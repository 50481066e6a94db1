"""The text benchmark's fresh set (benchmarks/cases_text_fresh.py): the held-out figure in
docs/thresholds.md rests on it sharing nothing with the development set but the generator's rules,
and on its half being skipped with a note, not a crash, where its fonts are missing."""
from __future__ import annotations

import pytest
from PIL import Image


def test_the_fresh_set_shares_no_word_font_photo_or_seed_with_the_development_set(text_sets) -> None:
    old, fresh = text_sets["old"], text_sets["fresh"]
    assert list(fresh.CATEGORIES) == list(old.CATEGORIES)  # the same kinds, in the same order
    old_words = {w.casefold() for words in old.CATEGORIES.values() for w in words}
    new_words = [w for words in fresh.CATEGORIES.values() for w in words]
    assert not [w for w in new_words if w.casefold() in old_words]
    assert len(set(new_words)) == len(new_words)
    for category, words in fresh.CATEGORIES.items():  # of the same lengths, give or take
        lengths = [len(w) for w in old.CATEGORIES[category]]
        assert min(lengths) - 1 <= min(len(w) for w in words) and max(len(w) for w in words) <= max(lengths) + 1
    assert not {p.name for p in old.font_files(False)} & set(fresh.FONT_NAMES)
    assert not set(old.PHOTOS) & set(fresh.PHOTO_NAMES)
    assert fresh.FRESH_SEED not in (old.TUNE_SEED, old.HELD_OUT_SEED, 2, 3)  # 2 and 3 were used for checks


def test_missing_fonts_are_named_and_the_fresh_half_is_skipped(text_sets, tmp_path, monkeypatch, capsys) -> None:
    fresh = text_sets["fresh"]
    for name in fresh.FONT_NAMES[1:]:
        (tmp_path / name).write_bytes(b"")
    notes: list[str] = []
    assert fresh.fresh_fonts(notes, (str(tmp_path),)) is None
    assert fresh.FONT_NAMES[0] in notes[0] and fresh.FONT_NAMES[1] not in notes[0] and "fonts-liberation" in notes[0]
    (tmp_path / fresh.FONT_NAMES[0]).write_bytes(b"")
    notes = []
    found = fresh.fresh_fonts(notes, (str(tmp_path), "/no/such/folder"))
    assert found is not None and [p.name for p in found] == list(fresh.FONT_NAMES)
    assert notes == [f"fresh set: Liberation of unreadable version here, not the {fresh.FONT_VERSION} the docs' "
                     "figures were measured with: other glyphs, so other figures"]  # built, but said

    monkeypatch.setattr(fresh, "FONT_ROOTS", (str(tmp_path / "empty"),))
    cases = fresh.build_halves(["tune", "fresh"], 2, 0, 1, tiers=("standard",))
    assert {c.params["half"] for c in cases} == {"tune"} and len(cases) == 4
    out = capsys.readouterr().out
    assert "font files missing" in out and "fresh half skipped" in out


def test_a_case_set_gives_its_words_fonts_photos_and_id_prefix(text_sets) -> None:
    old = text_sets["old"]
    font = old.font_files(False)[0]
    stripes = Image.new("RGB", (old.SIZE, old.SIZE), (30, 160, 90))
    case_set = old.CaseSet("t", {"word": ["ZEBRA"], "price": ["$3"]}, old.PhotoSet(("stripes",), lambda _: stripes),
                           (font,), prefix="t-")
    cases = old.build_cases(8, 1, 5, tier="small", case_set=case_set)
    assert {c.expected for c in cases} == {"ZEBRA", "$3"} and len(cases) == 16
    assert all(c.case_id.startswith("t-small-5-") and c.params["font"] == font.stem for c in cases)
    assert {c.params["background"] for c in cases if c.base_id % 4 == 3} == {"photo(stripes)"}
    default = old.build_cases(8, 1, 5, tier="small")  # the same seed without the set: the development set
    assert not {c.expected for c in default} & {"ZEBRA", "$3"}
    assert not any(c.case_id.startswith("t-") for c in default)


def test_every_fresh_text_is_drawn_by_every_fresh_font(text_sets) -> None:
    fresh = text_sets["fresh"]
    fonts = fresh.fresh_fonts([])
    if fonts is None:
        pytest.skip("the Liberation fonts are not installed here")
    missing = [(w, f.name) for words in fresh.CATEGORIES.values() for w in words for f in fonts
               if not text_sets["old"].covers(f, w)]
    assert missing == []


@pytest.mark.parametrize("half", ["fresh", "fresh2", "fresh3", "fresh4", "fresh5"])
def test_every_fresh_character_is_in_the_engine_dictionary(text_sets, half) -> None:
    pytest.importorskip("rapidocr")
    pytest.importorskip("onnxruntime")
    from pytest_genimg.backends.ocr import get_ocr

    charset = set(get_ocr("rapidocr")._recogniser().postprocess_op.character)
    text = "".join(w for words in text_sets[half].CATEGORIES.values() for w in words)
    assert sorted({c for c in text if not c.isspace() and c not in charset}) == []

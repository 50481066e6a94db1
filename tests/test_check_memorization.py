"""assert_not_memorized and the reference index: copies of references fail (naming the file), other
images pass; the index saves atomically and a damaged file is named in the error."""
from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageOps

from pytest_genimg.checks.memorization import (
    ReferenceIndex,
    assert_not_memorized,
    build_reference_index,
    measure_memorization,
)
from pytest_genimg.errors import GenImgAssertionError, GenImgUsageError

NAMES = ["astronaut", "coffee", "chelsea", "rocket", "camera", "coins"]


@pytest.fixture(autouse=True)
def _artifacts_in_tmp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)


def _photo(name: str) -> Image.Image:
    import skimage.data as data

    arr = getattr(data, name)()
    img = Image.fromarray(np.stack([arr] * 3, -1) if arr.ndim == 2 else arr)
    img.thumbnail((256, 256))
    return img


def _jpeg(img: Image.Image, quality: int) -> Image.Image:
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=quality)
    return Image.open(io.BytesIO(buf.getvalue())).convert("RGB")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "refs"
    (root / "sub").mkdir(parents=True)
    for i, name in enumerate(NAMES):
        _photo(name).save(root / ("sub" if i % 2 else ".") / f"{name}.{'jpg' if i % 3 == 0 else 'png'}")
    (root / "notes.txt").write_text("not an image")
    return root


def _crop(img: Image.Image, left: float, top: float, right: float, bottom: float) -> Image.Image:
    w, h = img.size
    return img.crop((round(w * left), round(h * top), round(w * (1 - right)), round(h * (1 - bottom))))


COPIES = {
    "resized": lambda im: im.resize((im.width // 2, im.height // 2)),
    "jpeg50": lambda im: _jpeg(im, 50),
    "mirrored": ImageOps.mirror,
    "crop 6% centre": lambda im: _crop(im, 0.03, 0.03, 0.03, 0.03),
    "crop 10% left": lambda im: _crop(im, 0.10, 0.0, 0.0, 0.0),
    "mirrored crop jpeg": lambda im: _jpeg(ImageOps.mirror(_crop(im, 0.05, 0.02, 0.0, 0.04)), 70),
}


def test_prefilter_words_are_the_lowest_frequencies_of_each_hash():
    from pytest_genimg.checks.memorization import coarse_from_words
    from pytest_genimg.metrics import hashing as hm

    bits = np.random.default_rng(0).random((5, 256)) < 0.5
    np.testing.assert_array_equal(coarse_from_words(np.ascontiguousarray(hm.pack(bits).T)), hm.coarse_word(bits))


def test_index_of_a_folder_names_files_relative_to_it(folder):
    index = build_reference_index(folder)
    assert len(index) == len(NAMES) and index.skipped == []
    assert "sub/coffee.png" in index.names and "astronaut.jpg" in index.names
    assert index.words.shape == (4, 24 * len(NAMES)) and index.root == str(folder.resolve())


@pytest.mark.parametrize("copy", list(COPIES), ids=list(COPIES))
def test_copies_of_a_reference_fail_naming_the_file(folder, copy):
    query = COPIES[copy](_photo("chelsea"))
    with pytest.raises(GenImgAssertionError) as info:
        assert_not_memorized(query, folder)
    message = str(info.value)
    assert "near-duplicate of 'chelsea.png'" in message and "of 256 bits" in message
    result = info.value.result
    assert Path(result.items[0].artifact).is_file()


def test_other_images_pass_and_still_name_their_closest_reference(folder):
    result = assert_not_memorized([_photo("immunohistochemistry"), _photo("hubble_deep_field")], folder)
    assert result.metrics["references"] == len(NAMES) and result.metrics["min_distance"] > 64
    assert all(i.values["closest"] in build_reference_index(folder).names for i in result.items)


def test_save_and_load_round_trip(folder, tmp_path):
    path = tmp_path / "index" / "refs.npz"
    built = build_reference_index(folder, path)
    assert path.is_file() and not [p for p in path.parent.iterdir() if p.name.endswith(".tmp")]
    loaded = ReferenceIndex.load(path)
    assert loaded.names == built.names and loaded.root == built.root
    np.testing.assert_array_equal(loaded.words, built.words)
    np.testing.assert_array_equal(loaded.coarse, built.coarse)
    with pytest.raises(GenImgAssertionError, match="sub/coffee.png"):
        assert_not_memorized(_jpeg(_photo("coffee"), 60), str(path))


def test_in_memory_references_and_mapping_names(tmp_path):
    refs = {"cat": _photo("chelsea"), "cup": _photo("coffee")}
    result = measure_memorization([ImageOps.mirror(_photo("coffee")), _photo("rocket")], refs)
    assert [i.passed for i in result.items] == [False, True]
    assert result.items[0].values["closest"] == "cup"
    pair = Image.open(result.items[0].artifact)
    assert pair.width > 256  # query and reference side by side
    listed = build_reference_index([_photo("camera")])
    assert listed.names == ["#0"]


@pytest.mark.parametrize(
    "content, reason",
    [
        (b"garbage that is not a zip", "not an .npz index"),
        (None, "unreadable or truncated"),  # a real index cut in half
        ("foreign", "not a pytest-genimg reference index"),
        ("missing", "unreadable or truncated"),
        ("shapes", "143 hashes for 6 names"),
    ],
)
def test_a_damaged_index_file_is_named(tmp_path, folder, content, reason):
    path = tmp_path / "bad.npz"
    if content is None:
        good = build_reference_index(folder, tmp_path / "good.npz")
        data = (tmp_path / "good.npz").read_bytes()
        path.write_bytes(data[: len(data) // 2])
        assert len(good) == len(NAMES)
    elif content == "foreign":
        np.savez(path, format=np.array("something else"), words=np.zeros(3))
    elif content == "missing":
        np.savez(path, format=np.array("pytest-genimg-reference-index"))
    elif content == "shapes":
        build_reference_index(folder, path)
        with np.load(path) as data:
            arrays = dict(data)
        arrays["words"] = arrays["words"][:, :-1]
        np.savez(path, **arrays)
    else:
        path.write_bytes(content)
    with pytest.raises(GenImgUsageError, match=f"reference index {path}: {reason}"):
        ReferenceIndex.load(path)


def test_unreadable_reference_files_are_named_or_skipped(folder):
    (folder / "broken.png").write_bytes(b"\x89PNG not really")
    with pytest.raises(GenImgUsageError, match="broken.png"):
        build_reference_index(folder)
    index = build_reference_index(folder, skip_unreadable=True)
    assert index.skipped == ["broken.png"] and len(index) == len(NAMES)


@pytest.mark.parametrize(
    "kwargs, argument",
    [({"max_distance": -1}, "max_distance"), ({"max_distance": 300}, "max_distance"), ({"max_distance": 1.5}, "max_distance"),
     ({"min_pass_rate": 2}, "min_pass_rate")],
)
def test_bad_arguments_are_usage_errors(folder, kwargs, argument):
    with pytest.raises(GenImgUsageError, match=f"^{argument}: expected"):
        measure_memorization(_photo("camera"), folder, **kwargs)


def test_bad_references_are_usage_errors(tmp_path):
    with pytest.raises(GenImgUsageError, match="^reference: expected a ReferenceIndex"):
        measure_memorization(_photo("camera"), 42)
    with pytest.raises(GenImgUsageError, match="^reference: expected an existing index file or image folder"):
        measure_memorization(_photo("camera"), tmp_path / "nowhere.npz")
    (tmp_path / "empty").mkdir()
    with pytest.raises(GenImgUsageError, match="^reference: expected at least one reference image"):
        measure_memorization(_photo("camera"), tmp_path / "empty")
    with pytest.raises(GenImgUsageError, match="^folder_or_images: expected an existing folder"):
        build_reference_index(tmp_path / "missing")

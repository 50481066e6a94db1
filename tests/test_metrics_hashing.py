"""Hashing metrics: agreement with imagehash, packing, Hamming distances by hand, crop grid."""
from __future__ import annotations

import io

import numpy as np
from PIL import Image, ImageOps

from pytest_genimg.metrics import hashing as hm


def _photo(name: str = "chelsea") -> Image.Image:
    import skimage.data as data

    return Image.fromarray(getattr(data, name)())


def test_phash_bits_match_imagehash_at_the_dct_size():
    import imagehash

    img = _photo().resize((hm.DCT_SIDE, hm.DCT_SIDE))  # both resize to 64x64: nothing left to differ
    ours = hm.phash_bits(hm.working_copy(img))[0]
    theirs = imagehash.phash(img, hash_size=hm.HASH_SIZE).hash.flatten()
    assert ours.shape == (256,) and np.array_equal(ours, theirs)


def test_pack_and_coarse_word_by_hand():
    bits = np.zeros((1, 256), bool)
    bits[0, 0] = True  # first bit of the 16x16 block: row 0, column 0 -> in the coarse 8x8 block too
    bits[0, 15] = True  # row 0, column 15 -> outside the coarse block
    packed = hm.pack(bits)
    assert packed.shape == (1, 4) and packed.dtype == np.uint64
    assert hm.hamming(packed[0], np.zeros(4, np.uint64)) == 2
    assert int(hm.popcount(hm.coarse_word(bits))[0]) == 1


def test_hamming_distances_by_hand():
    rng = np.random.default_rng(0)
    bits = rng.random((5, 256)) < 0.5
    packed = hm.pack(bits)
    expected = (bits != bits[2]).sum(axis=1)
    np.testing.assert_array_equal(hm.hamming_many(np.ascontiguousarray(packed.T), packed[2]), expected)
    assert hm.hamming(packed[0], ~packed[0]) == 256


def test_popcount_table_fallback_agrees(monkeypatch):
    words = np.random.default_rng(1).integers(0, 2**63, size=100, dtype=np.uint64)
    builtin = np.asarray(hm.popcount(words), dtype=int)
    monkeypatch.delattr(np, "bitwise_count", raising=False)
    np.testing.assert_array_equal(np.asarray(hm.popcount(words), dtype=int), builtin)


def test_crop_grid_layout():
    boxes = hm.crop_boxes(100, 50)
    labels = hm.crop_labels()
    assert len(boxes) == len(labels) == 1 + 5 * len(hm.CROP_GRID) + 4 * len(hm.SIDE_GRID) == 24
    assert boxes[0] == (0, 0, 100, 50) and labels[0] == "full"
    assert boxes[1] == (2, 1, 98, 49) and labels[1] == "4% centre crop"  # 4 px x 2 px removed, split
    assert boxes[2] == (0, 0, 96, 48) and labels[2] == "4% top-left crop"
    assert all(0 <= x0 < x1 <= 100 and 0 <= y0 < y1 <= 50 for x0, y0, x1, y1 in boxes)


def test_query_hashes_include_the_mirror_image():
    img = _photo()
    words, coarse = hm.query_hashes(img)
    mirrored, _ = hm.query_hashes(ImageOps.mirror(img))
    assert words.shape == (2, 4) and coarse.shape == (2,)
    assert hm.hamming(words[1], mirrored[0]) == 0


def test_working_copy_caps_the_long_side():
    assert hm.working_copy(Image.new("RGB", (1000, 500))).size == (128, 64)
    assert hm.working_copy(Image.new("RGB", (60, 30))).size == (60, 30)


def test_copies_are_near_and_other_photos_far():
    ref, _ = hm.reference_hashes(_photo())
    buf = io.BytesIO()
    _photo().resize((225, 150)).save(buf, "JPEG", quality=50)
    copy_words, _ = hm.query_hashes(Image.open(io.BytesIO(buf.getvalue())))
    other_words, _ = hm.query_hashes(_photo("coffee"))
    near = min(hm.hamming(copy_words[0], r) for r in ref)
    far = min(hm.hamming(other_words[0], r) for r in ref)
    assert near <= 20 and far >= 80


def test_side_cuts_close_the_crop_grid():
    boxes, labels = hm.crop_boxes(100, 50), hm.crop_labels()
    assert boxes[16] == (6, 0, 100, 50) and labels[16] == "6% cut from the left"
    assert boxes[-1] == (0, 0, 100, 44) and labels[-1] == "12% cut from the bottom"

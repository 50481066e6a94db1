"""The sixth fresh anatomy set (benchmarks/cases_anatomy_fresh6.py): photos of fresh_photos' FRESH6 to
FRESH12 that only the people and face counts read. What its held-out figure rests on: every scale and
spot names a photo of the set with people, every spot lies inside its photo, the scaled photos are
512-1024 px, no donor hand comes from these photos, and the list builds into normal and pasted cases.
Construction only: no detector, pose, hand or face engine runs here."""
from __future__ import annotations

import collections

from _fresh_photos import assert_scales_and_spots_fit, cached_photos


def _set(fresh_case_sets):
    return fresh_case_sets["anatomy6"].FRESH6_SET


def test_scales_and_spots_name_the_sets_photos_with_people(fresh_case_sets) -> None:
    photos, fresh = fresh_case_sets["photos"], _set(fresh_case_sets)
    lists = [photos.FRESH6, photos.FRESH7, photos.FRESH8, photos.FRESH9, photos.FRESH10, photos.FRESH11, photos.FRESH12]
    names = [p.name for p in fresh.photos]
    assert fresh.half == "fresh6" and len(set(names)) == len(names)
    assert all(any(p is q for photo_list in lists for q in photo_list) for p in fresh.photos)  # picked from the seven lists
    people = {p.name for p in fresh.photos if p.people != 0}
    assert set(fresh.scales) == people and set(fresh.spots) == people  # every photo that build_fresh_cases scales
    assert all(p.people not in (0, None) for p in fresh.photos if p.name in people)  # counted, not "not judged"
    assert sum(p.people == 0 for p in fresh.photos) >= 2
    assert all(2 <= len(spots) <= 5 and all(size > 0 for _, _, size in spots.values()) for spots in fresh.spots.values())
    earlier = {p.name for p in photos.PHOTOS + photos.FRESH2}
    assert {src for src, _ in fresh.donors.values()} <= earlier  # no hand cut from the set before its run


def _cached(fresh_case_sets) -> dict:
    return cached_photos(fresh_case_sets["photos"], _set(fresh_case_sets).photos, "FRESH6 to FRESH12")


def test_spots_lie_inside_their_photos_and_scales_fit(fresh_case_sets) -> None:
    images, fresh = _cached(fresh_case_sets), _set(fresh_case_sets)
    assert_scales_and_spots_fit(images, fresh.scales, fresh.spots)


def test_the_case_list_builds_without_engines(fresh_case_sets) -> None:
    _cached(fresh_case_sets)
    fresh = _set(fresh_case_sets)
    notes: list[str] = []
    cases = fresh_case_sets["anatomy"].build_fresh_cases(notes, locate=None, fresh=fresh)
    kinds = collections.Counter(c.category for c in cases)
    people = len(fresh.scales)
    assert notes == [] and kinds["normal"] == kinds["mirrored"] == people
    assert kinds["person-free"] == len(fresh.photos) - people
    pasted = [c for c in cases if c.category == "extra" and not c.name.endswith("-mirrored")]
    assert len(pasted) == sum(len(spots) for spots in fresh.spots.values())  # locate=None: the hand-picked spots only
    assert kinds["extra"] > len(pasted) and kinds["pair"] > 0  # every third paste also seen mirrored; pairs of photos
    assert {c.half for c in cases} == {"fresh6"} and len({c.name for c in cases}) == len(cases)

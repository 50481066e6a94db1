"""The people detector's low-floor rule (``metrics/masked_people.py``, sixth round): a body found only
at a low pose confidence counts where the person mask confirms it and no counted person owns its
mask region. Hand-made masks and boxes, then the detector wired with hand-made engines."""
from __future__ import annotations

import numpy as np
import pytest
from test_metrics_anatomy import make_person  # size 120 px: shoulders 100 apart, torso 120 long

from pytest_genimg.metrics.masked_people import (
    MASK_MIN,
    OWNED,
    REGION_MIN,
    any_free_region,
    main_region,
    mask_regions,
    masked_newcomers,
    region_share,
    unconfirmed_faceless,
)


def _mask() -> np.ndarray:
    """Two person regions on a 100x200 mask: A at x 0-49, B at x 100-149 (confidence 0.9)."""
    mask = np.zeros((100, 200), np.float32)
    mask[:, :50] = 0.9
    mask[:, 100:150] = 0.9
    return mask


def test_regions_are_the_connected_pixels_over_the_level() -> None:
    mask = _mask()
    mask[50, 50:100] = 0.6  # a one-pixel bridge joins A and B (8-neighbour)
    assert mask_regions(_mask()).max() == 2 and mask_regions(mask).max() == 1
    assert mask_regions(mask, level=0.6).max() == 2  # the bridge is not over 0.6
    labels = mask_regions(_mask())
    assert main_region(labels, (40, 0, 120, 100)) == labels[0, 110]  # 20 px columns of B against 10 of A
    assert main_region(labels, (60, 0, 90, 100)) == 0
    assert region_share(labels, labels[0, 0], (0, 0, 100, 100)) == 0.5


def test_a_body_counts_where_the_mask_confirms_it_and_its_region_is_no_counted_persons() -> None:
    mask = _mask()
    counted = [((0.0, 0.0, 50.0, 100.0), 0.9)]  # a person on A
    on_b = ((90.0, 0.0, 140.0, 100.0), 0.4)  # 40 of 50 columns on B
    bare = ((150.0, 0.0, 200.0, 100.0), 0.5)  # no person pixel
    on_a = ((30.0, 0.0, 90.0, 100.0), 0.6)  # a third of it on A, whose box A fills wholly: A's
    inside = ((10.0, 10.0, 40.0, 60.0), 0.7)  # inside the counted box: covered by half
    assert masked_newcomers([on_b, bare, on_a, inside], counted, mask) == [on_b]
    assert masked_newcomers([on_b, bare, on_a, inside], [], mask) == [inside, on_b]  # on_a: inside's region now
    assert masked_newcomers([on_a], [], mask) == [on_a]


def test_the_cuts_are_inclusive_where_the_docs_say_so() -> None:
    assert (MASK_MIN, OWNED) == (0.2, 0.25)
    mask = _mask()
    exactly = ((130.0, 0.0, 230.0, 100.0), 0.5)  # clipped to x 130-199: 20 of its 70 columns are person (B)
    assert masked_newcomers([exactly], [], mask, min_cover=20 / 70) == [exactly]
    assert masked_newcomers([exactly], [], mask, min_cover=20 / 70 + 1e-6) == []
    candidate = ((120.0, 0.0, 140.0, 100.0), 0.5)  # wholly on B
    counted = [((100.0, 80.0, 300.0, 100.0), 0.9)]  # B fills half of it (clipped); it covers a fifth of the candidate
    assert masked_newcomers([candidate], counted, mask, owned=0.5) == []  # owned at exactly the cut
    assert masked_newcomers([candidate], counted, mask, owned=0.5 + 1e-6) == [candidate]
    assert masked_newcomers([candidate], [((100.0, 0.0, 300.0, 100.0), 0.9)], mask, owned=1.0) == []  # covered by half


def test_a_region_smaller_than_region_min_of_the_image_confirms_nobody_and_opens_no_search() -> None:
    assert REGION_MIN == 0.01
    mask = np.zeros((100, 200), np.float32)
    mask[10:20, 10:30] = 0.9  # 200 px: exactly 0.01 of the image
    body = ((5.0, 5.0, 35.0, 25.0), 0.5)  # a third of it on the region
    assert masked_newcomers([body], [], mask) == [body] and any_free_region(mask, [])
    mask[19, 10:30] = 0.0  # 180 px: under the cut
    assert masked_newcomers([body], [], mask) == [] and not any_free_region(mask, [])
    assert masked_newcomers([body], [], mask, region_min=0.009) == [body] and any_free_region(mask, [], region_min=0.009)


def test_a_free_region_is_one_filling_less_than_owned_of_every_counted_box() -> None:
    mask = _mask()
    assert any_free_region(mask, [])
    assert any_free_region(mask, [((0.0, 0.0, 50.0, 100.0), 0.9)])  # B is free
    assert not any_free_region(mask, [((0.0, 0.0, 50.0, 100.0), 0.9), ((100.0, 0.0, 150.0, 100.0), 0.9)])
    assert not any_free_region(np.zeros((10, 10), np.float32), [])


class _Poses:
    """A pose engine finding the same hand-made bodies in any image, counting its calls."""

    name = "fixed"

    def __init__(self, people: list) -> None:
        self.found, self.calls = people, 0

    def people(self, rgb: np.ndarray) -> list:
        self.calls += 1
        return list(self.found)

    def hands(self, rgb: np.ndarray) -> list:
        return []

    def close(self) -> None:
        self.closed = True

    def cache_identity(self) -> dict:
        return {"name": "fixed", "people": len(self.found)}


class _Segmenter:
    """A segmenter returning a fixed mask."""

    def __init__(self, mask: np.ndarray) -> None:
        self.fixed = mask

    def mask(self, rgb: np.ndarray) -> np.ndarray:
        return self.fixed


def test_the_detector_adds_a_low_floor_body_only_where_the_mask_confirms_it() -> None:
    from pytest_genimg.backends.detectors import PeopleDetector

    person = make_person(cx=256, top=100)  # left-right symmetric about x 256: found in both views
    rgb = np.zeros((512, 512, 3), np.uint8)
    on_body = np.zeros((512, 512), np.float32)
    on_body[80:400, 150:360] = 0.9

    def detector(mask: np.ndarray, **kwargs) -> tuple:
        low = _Poses([person])
        return PeopleDetector(_Poses([]), face_min_score=None, low_engine=low, segmenter=_Segmenter(mask), **kwargs), low

    found, given = detector(on_body)
    boxes = found.detect(rgb, ["person"])
    assert len(boxes) == 1 and boxes[0].box[0] < 256 < boxes[0].box[2] and given.calls > 0
    bare, low = detector(np.zeros((512, 512), np.float32))
    assert bare.detect(rgb, ["person"]) == [] and low.calls == 0  # no free region: the low passes are skipped
    off, low = detector(on_body, low_floor_mask=False)
    assert off.detect(rgb, ["person"]) == [] and low.calls == 0
    assert "+masked>=0.3" in found.name and "masked" not in off.name
    found.close()  # releases only the engines it built: the ones given here stay open
    assert not getattr(given, "closed", False) and found._low_engine is given


def test_the_rule_is_part_of_the_cache_identity_and_off_gives_the_previous_identity() -> None:
    from pytest_genimg.backends.detectors import PeopleDetector

    rules_off = dict(face_rules=False, between_rule=False, frame_rule=False, mirror_confirm=False, one_body_per_face=False, fainter_rule=False,
                     one_face_per_body=False, confirmed_faces=False, split_twins=False)
    on, off = PeopleDetector.identity(**rules_off), PeopleDetector.identity(low_floor_mask=False, **rules_off)
    assert set(off) == {"name", "pose", "faces", "hog", "params"}  # the fifth round's keys, unchanged
    assert {k: v for k, v in on.items() if k != "masked"} == off
    assert on["masked"]["rule"] == {"mask_min": MASK_MIN, "owned": OWNED, "level": 0.5, "region_min": REGION_MIN}
    assert on["masked"]["low_pose"]["params"]["min_pose_confidence"] == 0.3
    assert "model" in on["masked"]["segmenter"]
    unknown = PeopleDetector(_Poses([]), low_engine=object(), segmenter=_Segmenter(np.zeros((1, 1))))
    assert unknown.cache_identity() is None  # engines that do not describe themselves: never cached
    described = PeopleDetector(_Poses([]), low_floor_mask=False, low_engine=object())
    assert described.cache_identity() is not None  # off: the low engine plays no part


def test_the_shipped_detector_counts_an_astronaut_once_with_the_rule_on() -> None:
    pytest.importorskip("mediapipe")
    skdata = pytest.importorskip("skimage.data")
    from pytest_genimg.backends.detectors import PeopleDetector

    assert len(PeopleDetector().detect(skdata.astronaut(), ["person"])) == 1


def test_a_faceless_body_goes_only_where_the_mask_leaves_its_box_bare() -> None:
    """``faceless_mask`` (session 18, off): the faced body stays whatever the mask says; a faceless one
    goes below MASK_MIN of its box, inclusive bound at MASK_MIN itself."""
    faced, bare = make_person(cx=100.0), make_person(cx=300.0)
    boxes = [((40.0, 0.0, 160.0, 100.0), 0.9), ((240.0, 0.0, 360.0, 100.0), 0.9)]
    faces = [((80.0, 20.0, 120.0, 60.0), 0.9)]  # at the first body's nose (100, 40)
    mask = np.zeros((100, 400), np.float32)
    assert unconfirmed_faceless([faced, bare], boxes, faces, mask) == [1]
    mask[:, 240:264] = 0.9  # 24 of the box's 120 columns: exactly MASK_MIN of it
    assert MASK_MIN == pytest.approx(24 / 120) and unconfirmed_faceless([faced, bare], boxes, faces, mask) == []
    assert unconfirmed_faceless([faced, bare], boxes, [], np.zeros((100, 400))) == [0, 1]
    with pytest.raises(ValueError, match="2 bodies, 1 boxes"):
        unconfirmed_faceless([faced, bare], boxes[:1], faces, mask)


def test_the_detector_drops_a_faceless_body_on_a_bare_mask_only_with_faceless_mask() -> None:
    from pytest_genimg.backends.detectors import PeopleDetector
    from pytest_genimg.errors import GenImgUsageError

    rgb = np.zeros((512, 512, 3), np.uint8)
    on_body = np.zeros((512, 512), np.float32)
    on_body[80:400, 150:360] = 0.9

    def count(mask: np.ndarray, **kwargs) -> int:
        det = PeopleDetector(_Poses([make_person(cx=256, top=100)]), low_floor_mask=False, mirror_confirm=False,
                             confirmed_faces=False, segmenter=_Segmenter(mask), **kwargs)
        det.blazefaces = lambda rgb: []  # no face anywhere: the body is faceless
        return len(det.detect(rgb, ["person"]))

    bare = np.zeros((512, 512), np.float32)
    assert (count(on_body), count(bare)) == (1, 1)  # off: the mask plays no part
    assert (count(on_body, faceless_mask=True), count(bare, faceless_mask=True)) == (1, 0)
    assert "faceless_mask" not in PeopleDetector.identity()  # off: earlier cache entries hold
    assert PeopleDetector.identity(faceless_mask=True)["faceless_mask"]["rule"]["mask_min"] == MASK_MIN
    assert "+facelessmask" in PeopleDetector(_Poses([]), faceless_mask=True).name
    with pytest.raises(GenImgUsageError, match="faceless_mask"):
        PeopleDetector(_Poses([]), faceless_mask="yes")


def test_a_segmenter_given_must_describe_itself_for_the_session_18_opt_ins_to_be_cached() -> None:
    from pytest_genimg.backends.detectors import PeopleDetector

    class Described(_Segmenter):
        def cache_identity(self) -> dict:
            return {"name": "fixed-mask"}

    engine, others_off = _Poses([]), {"low_floor_mask": False, "mirror_confirm": False}  # no other part uses the segmenter
    assert PeopleDetector(engine, segmenter=_Segmenter(np.zeros((1, 1))), **others_off).cache_identity() is not None
    for settings in ({"faceless_mask": True, **others_off}, {"coco_min_score": 0.35, "coco_mask_score": 0.2, **others_off}):
        assert PeopleDetector(engine, segmenter=_Segmenter(np.zeros((1, 1))), **settings).cache_identity() is None
        identity = PeopleDetector(engine, segmenter=Described(np.zeros((1, 1))), **settings).cache_identity()
        section = identity["faceless_mask"] if "faceless_mask" in settings else identity["coco"]["masked"]
        assert section["segmenter"] == {"name": "fixed-mask"}

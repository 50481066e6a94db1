"""The people detector's face rules (``metrics/faced_people.py``): beside a body whose face is seen,
a smaller faceless body is a patch of background, not a person (seventh round); a faceless body two
faced bodies each cover in part is a skeleton across two people (ninth round). Hand-made bodies and
face boxes, then the detector wired with a hand-made pose engine and faces."""
from __future__ import annotations

import math

import numpy as np
import pytest
from test_masked_people import _Poses
from test_metrics_anatomy import make_person  # size 120 px: shoulders 100 apart, torso 120 long, nose at (cx, top + 40)

from pytest_genimg.metrics.anatomy import Person
from pytest_genimg.metrics.composition import Detection
from pytest_genimg.metrics.faced_people import FACE_GROW, FACE_MIN, SMALL, face_at, faceless_small, rule_identity, without_faceless_small


def scaled(person: Person, factor: float, dx: float = 0.0) -> Person:
    """``person`` shrunk by ``factor`` about its nose, then moved ``dx`` px right."""
    nose = person.points[0]
    return Person((person.points - nose) * factor + nose + (dx, 0.0), person.visibility)


def face_box(person: Person, side: float = 40.0) -> tuple:
    x, y = person.points[0]
    return (x - side / 2, y - side / 2, x + side / 2, y + side / 2)


def test_a_face_is_at_a_nose_inside_its_box_grown_by_grow_and_scoring_min_score() -> None:
    person = make_person(cx=100, top=0)  # nose at (100, 40)
    near = ((110, 20, 150, 60), 0.9)  # 10 px left of the box: a quarter of its 40 px width reaches it
    assert face_at(person, [near]) == 0 and face_at(person, [near], grow=0.0) is None
    assert face_at(person, [near], grow=0.2) is None and face_at(person, [near], grow=0.25) == 0  # 8 px; 10 px (inclusive)
    assert face_at(person, [((80, 20, 120, 60), FACE_MIN - 0.01)]) is None  # a face under the cut is no face
    faces = [((80, 20, 120, 60), 0.5), ((500, 20, 540, 60), 0.99), ((90, 30, 110, 50), 0.8)]
    assert face_at(person, faces) == 2  # the best-scoring face holding the nose, not the best overall
    assert face_at(person, []) is None


def test_a_faceless_body_under_small_times_the_largest_faced_body_is_extra() -> None:
    big = make_person(cx=200, top=0)  # 120 px
    half = scaled(make_person(cx=450, top=0), 0.5)  # 60 px: 0.5 of the faced body
    at_cut = scaled(make_person(cx=650, top=0), SMALL)  # 72 px: exactly SMALL of it (not under)
    faces = [(face_box(big), 0.9)]
    assert [p.size for p in (big, half, at_cut)] == pytest.approx([120, 60, 72])
    assert faceless_small([big, half, at_cut], faces) == [half]
    assert without_faceless_small([big, half, at_cut], faces) == [big, at_cut]
    assert faceless_small([big, half, at_cut], faces, small=0.4) == []
    assert faceless_small([big, half, at_cut], faces, small=0.7) == [half, at_cut]
    # no face at all, or the face on the small body: nobody is extra (a small faced person counts)
    assert faceless_small([big, half], []) == []
    assert faceless_small([big, half], [(face_box(half, 20), 0.9)]) == []
    assert faceless_small([big, half], [(face_box(big), FACE_MIN - 0.1)]) == []  # the face is under the cut
    assert rule_identity() == {"face_grow": FACE_GROW, "face_min": FACE_MIN, "small": SMALL}


class _Faces:
    """Hand-made BlazeFace faces for the detector, counting the calls."""

    def __init__(self, faces: list) -> None:
        self.faces, self.calls = faces, 0

    def __call__(self, rgb: np.ndarray) -> list:
        self.calls += 1
        return [Detection("face", box, score) for box, score in self.faces]


def test_the_detector_drops_a_faceless_small_body_beside_a_faced_one_only_with_face_rules() -> None:
    from pytest_genimg.backends.detectors import PeopleDetector

    big = make_person(cx=150, top=20)
    small = scaled(make_person(cx=400, top=20), 0.4)  # 48 px, far from the big body
    rgb = np.zeros((512, 512, 3), np.uint8)

    def detector(people: list, faces: list, **kwargs) -> tuple:
        found = PeopleDetector(_Poses(people), mirror=False, face_min_score=None, low_floor_mask=False, **kwargs)
        found.blazefaces = _Faces(faces)
        return found, found.blazefaces

    on, faces = detector([big, small], [(face_box(big), 0.9)])
    assert len(on.detect(rgb, ["person"])) == 1 and faces.calls == 1 and "+faced+" in on.name
    off, faces = detector([big, small], [(face_box(big), 0.9)], face_rules=False, between_rule=False, one_body_per_face=False,
                          fainter_rule=False)
    assert len(off.detect(rgb, ["person"])) == 2 and faces.calls == 0 and "faced" not in off.name
    faceless, _ = detector([big, small], [])
    assert len(faceless.detect(rgb, ["person"])) == 2  # no face seen: the rule keeps both
    alone, faces = detector([small], [])
    assert len(alone.detect(rgb, ["person"])) == 1 and faces.calls == 0  # one body: BlazeFace is not run for the rule
    with pytest.raises(Exception, match="face_rules"):
        PeopleDetector(_Poses([]), face_rules="yes")


def test_the_face_rule_is_part_of_the_cache_identity_and_off_gives_the_previous_identity() -> None:
    from pytest_genimg.backends.detectors import PeopleDetector

    on, off = PeopleDetector.identity(), PeopleDetector.identity(face_rules=False)  # the tenth round's rules on in both
    assert set(on) - set(off) == {"faced"} and {k: v for k, v in on.items() if k != "faced"} == off
    assert on["faced"]["small"] == SMALL and "model" in on["faced"]["faces"]
    assert set(PeopleDetector.identity(low_floor_mask=False, face_rules=False, between_rule=False, frame_rule=False, mirror_confirm=False,
                                       one_body_per_face=False, fainter_rule=False, one_face_per_body=False, confirmed_faces=False,
                                       split_twins=False)) == {"name", "pose", "faces", "hog", "params"}


def test_the_detector_drops_a_faceless_body_between_two_faced_ones_only_with_between_rule() -> None:
    from pytest_genimg.backends.detectors import PeopleDetector
    from pytest_genimg.metrics.faced_people import BETWEEN, between_identity

    left, right, middle = make_person(cx=150, top=20), make_person(cx=350, top=20), make_person(cx=250, top=20)
    faces = [(face_box(left), 0.9), (face_box(right), 0.9)]
    rgb = np.zeros((512, 512, 3), np.uint8)
    for kwargs, want in (({}, 3), ({"between_rule": True}, 2), ({"face_rules": False, "between_rule": True}, 2), ({"face_rules": False}, 3)):
        found = PeopleDetector(_Poses([left, right, middle]), mirror=False, face_min_score=None, low_floor_mask=False, **kwargs)
        found.blazefaces = _Faces(faces)
        assert len(found.detect(rgb, ["person"])) == want, kwargs
        assert ("+between" in found.name) == kwargs.get("between_rule", False)  # an opt-in, off by default
    with pytest.raises(Exception, match="between_rule"):
        PeopleDetector(_Poses([]), between_rule=1)
    on, off = PeopleDetector.identity(between_rule=True), PeopleDetector.identity()
    assert set(on) - set(off) == {"between"} and on["between"]["between"] == BETWEEN == between_identity()["between"]


def test_a_body_holding_the_faces_of_two_other_bodies_spans_them() -> None:
    from pytest_genimg.metrics.faced_people import spanning

    left, right = make_person(cx=150, top=0), make_person(cx=350, top=0)  # noses at (150, 40) and (350, 40)
    wide = scaled(make_person(cx=250, top=0), 3.0)  # one skeleton across both: box x 40-460, nose at (250, 40)
    faces = [(face_box(left), 0.9), (face_box(right), 0.8)]
    assert spanning([left, right, wide], faces) == [wide]
    assert spanning([left, right, wide], faces, faceless_only=False) == [wide]
    assert spanning([left, right, wide], faces, holds=3) == []
    with_own = faces + [(face_box(wide), 0.7)]  # a face at the wide body's own nose
    assert spanning([left, right, wide], with_own) == []  # faceless_only: it has a face, it stays
    assert spanning([left, right, wide], with_own, faceless_only=False) == [wide]
    # a held face must be at another body's nose and score at least min_score
    assert spanning([left, wide], faces) == []  # the right face belongs to no body (a poster)
    assert spanning([left, right, wide], [faces[0], (faces[1][0], FACE_MIN - 0.01)]) == []
    assert spanning([left, right], faces) == [] and spanning([wide], faces) == [] and spanning([], []) == []


def test_of_two_bodies_at_one_face_the_less_visible_is_extra() -> None:
    from pytest_genimg.metrics.faced_people import second_at_face

    sharp = make_person(cx=150, top=0)
    faint = Person(scaled(make_person(cx=150, top=0), 1.5, dx=5).points, np.full(33, 0.7))  # nose 5 px right: same face
    other = make_person(cx=400, top=0)
    faces = [(face_box(sharp), 0.9), (face_box(other), 0.9)]
    assert second_at_face([sharp, faint, other], faces) == [faint]
    assert second_at_face([faint, sharp, other], faces) == [faint]  # whatever the order
    assert second_at_face([sharp, other], faces) == [] and second_at_face([sharp, faint], []) == []
    assert second_at_face([sharp, faint], [(face_box(sharp), FACE_MIN - 0.01)]) == []  # no face that counts


def test_a_faceless_body_two_faced_bodies_each_cover_by_share_is_extra() -> None:
    from pytest_genimg.metrics.faced_people import BETWEEN, between_faced

    left, right = make_person(cx=150, top=0), make_person(cx=350, top=0)  # boxes x 80-220 and 280-420, y 16-455
    middle = make_person(cx=250, top=0)  # faceless, box x 180-320: each neighbour covers 40/140 of it
    faces = [(face_box(left), 0.9), (face_box(right), 0.9)]
    assert between_faced([left, right, middle], faces) == [middle]
    assert between_faced([left, right, middle], faces, share=0.3) == []  # 40/140 = 0.29 < 0.3
    assert BETWEEN == 0.2
    assert between_faced([left, middle], faces) == []  # one faced neighbour only
    assert between_faced([left, right, middle], faces[:1]) == []  # the right body has no face
    far = make_person(cx=700, top=0)
    assert between_faced([left, right, far], faces) == []


def test_the_detector_counts_one_body_per_face_with_one_body_per_face() -> None:
    from pytest_genimg.backends.detectors import PeopleDetector

    sharp, other = make_person(cx=150, top=20), make_person(cx=400, top=20)
    # a larger, fainter skeleton with its nose 5 px right of the first's (the same face), heads apart: not merged as one body
    faint = Person(scaled(make_person(cx=150, top=20), 3.0, dx=5).points, np.full(33, 0.6))
    rgb = np.zeros((512, 512, 3), np.uint8)

    def count(people: list, faces: list, **kwargs) -> int:
        found = PeopleDetector(_Poses(people), mirror=False, face_min_score=None, low_floor_mask=False, body_rules=False, **kwargs)
        found.blazefaces = _Faces(faces)  # body_rules off: the body rules would merge the two bodies at one face themselves
        assert ("+oneperface" in found.name) == kwargs["one_body_per_face"]
        return len(found.detect(rgb, ["person"]))

    faces = [(face_box(sharp), 0.9), (face_box(other), 0.9)]
    assert count([sharp, faint, other], faces, one_body_per_face=False) == 3
    assert count([sharp, faint, other], faces, one_body_per_face=True) == 2
    assert count([sharp, faint, other], faces, one_body_per_face=True, face_rules=False) == 2  # a rule of its own
    assert count([sharp, faint, other], [], one_body_per_face=True) == 3  # no face seen: nothing to share
    assert count([sharp, faint, other], [(face_box(sharp), FACE_MIN - 0.01)], one_body_per_face=True) == 3  # no face that counts
    # with the between rule: both rules judge the same bodies, so each drops its own
    left, right, middle = make_person(cx=150, top=20), make_person(cx=350, top=20), make_person(cx=250, top=20)
    twice = Person(scaled(make_person(cx=350, top=20), 3.0, dx=4).points, np.full(33, 0.6))  # a second body at the right face
    pair = [(face_box(left), 0.9), (face_box(right), 0.9)]
    for kwargs, want in (({"one_body_per_face": False}, 4), ({"one_body_per_face": True}, 3),
                         ({"one_body_per_face": False, "between_rule": True}, 3), ({"one_body_per_face": True, "between_rule": True}, 2)):
        assert count([left, right, middle, twice], pair, face_rules=False, **kwargs) == want, kwargs  # face_rules would drop the middle body
    assert "+oneperface" in PeopleDetector(_Poses([])).name  # on by default since session 10
    with pytest.raises(Exception, match="one_body_per_face"):
        PeopleDetector(_Poses([]), one_body_per_face="on")
    on, off = PeopleDetector.identity(one_body_per_face=True), PeopleDetector.identity(one_body_per_face=False)
    assert set(on) - set(off) == {"one_per_face"} and on["one_per_face"]["face_grow"] == FACE_GROW


def test_a_faceless_body_fainter_than_every_faced_body_is_extra_with_fainter_rule() -> None:
    from pytest_genimg.backends.detectors import PeopleDetector
    from pytest_genimg.metrics.faced_people import faceless_fainter

    def seen(person: Person, visibility: float) -> Person:
        return Person(person.points, np.full(33, visibility))

    a, b = seen(make_person(cx=100, top=20), 0.7), seen(make_person(cx=250, top=20), 0.6)
    faint, clear = seen(make_person(cx=400, top=20), 0.5), seen(make_person(cx=400, top=20), 0.65)
    faces = [(face_box(a), 0.9), (face_box(b), 0.9)]
    assert faceless_fainter([a, b, faint], faces) == [faint]  # 0.5 < 0.6, the faintest faced body
    assert faceless_fainter([a, b, clear], faces) == []  # 0.65 is not below 0.6
    assert faceless_fainter([a, b, seen(faint, 0.6)], faces) == []  # equal is not below
    assert faceless_fainter([a, b, faint], []) == [] and faceless_fainter([a, faint], faces[1:]) == []  # no faced body
    rgb = np.zeros((512, 512, 3), np.uint8)
    for kwargs, want in (({"fainter_rule": False}, 3), ({"fainter_rule": True}, 2), ({}, 2)):  # on by default since session 10
        found = PeopleDetector(_Poses([a, b, faint]), mirror=False, face_min_score=None, low_floor_mask=False, body_rules=False, **kwargs)
        found.blazefaces = _Faces(faces)
        assert len(found.detect(rgb, ["person"])) == want and ("+fainter" in found.name) == kwargs.get("fainter_rule", True)
    with pytest.raises(Exception, match="fainter_rule"):
        PeopleDetector(_Poses([]), fainter_rule=0)
    assert set(PeopleDetector.identity()) - set(PeopleDetector.identity(fainter_rule=False)) == {"fainter"}


def test_a_second_face_inside_a_body_with_a_face_at_its_nose_is_a_person_of_its_own() -> None:
    from pytest_genimg.metrics.faced_people import second_faces

    wide = scaled(make_person(cx=250, top=0), 3.0)  # one skeleton across two portraits: nose at (250, 40)
    own, other = (face_box(wide), 0.9), ((380, 20, 420, 60), 0.8)  # a face at its nose, and one 130 px right of it
    body = (0.0, 0.0, 500.0, 400.0)
    under = [(200.0, 30.0, 300.0, 300.0), (340.0, 10.0, 460.0, 300.0)]  # each face's body box, inside the body
    assert second_faces([wide], [body], [own, other], under) == ([1], {0: 0})
    assert second_faces([wide], [body], [own, (other[0], FACE_MIN - 0.01)], under) == ([], {})  # under the cut: no face
    assert second_faces([wide], [body], [other], under[1:]) == ([], {})  # no face at its nose: the face is left to it
    apart = (600.0, 0.0, 700.0, 300.0)  # a face's body box outside every body: not this rule's (the detector counts it)
    assert second_faces([wide], [body], [own, other], [under[0], apart]) == ([], {})
    half_in = (400.0, 10.0, 600.0, 300.0)  # covered by exactly half
    assert second_faces([wide], [body], [own, other], [under[0], half_in]) == ([1], {0: 0})
    assert second_faces([wide], [body], [own, other], [under[0], half_in], cover=0.51) == ([], {})
    # a second body covers the face too: only if that body also has a face of its own at its nose
    beside = make_person(cx=600, top=0)  # nose at (600, 40), box far right of the face
    near = (300.0, 0.0, 500.0, 400.0)
    assert second_faces([wide, beside], [body, near], [own, other], under) == ([], {})  # the second body's face: none
    assert second_faces([wide, beside], [body, near], [own, other, (face_box(beside), 0.9)], under + [(550.0, 30.0, 650.0, 300.0)]) == ([1], {0: 0, 1: 2})
    assert second_faces([], [], [own, other], under) == ([], {})


def test_a_second_face_on_the_bodys_own_face_is_that_face_found_again() -> None:
    from pytest_genimg.metrics.faced_people import SAME_FACE, second_faces

    wide = scaled(make_person(cx=250, top=0), 3.0)  # nose at (250, 40)
    own = (face_box(wide), 0.9)  # (230, 20, 270, 60)
    body, under = (0.0, 0.0, 500.0, 400.0), [(200.0, 30.0, 300.0, 300.0), (230.0, 30.0, 330.0, 300.0)]
    inside = ((240.0, 30.0, 260.0, 50.0), 0.8)  # a second pass's box inside the face: the same face
    shifted = ((254.0, 20.0, 294.0, 60.0), 0.8)  # overlaps the face by 16 of its 40 px: 0.4 of the smaller box
    beside = ((262.0, 20.0, 302.0, 60.0), 0.8)  # 8 of 40 px: 0.2, under the cut: a face of its own
    assert SAME_FACE == 0.3
    for dup in (inside, shifted):
        assert second_faces([wide], [body], [own, dup], under) == ([], {})
        assert second_faces([wide], [body], [own, dup], under, same_face=math.inf) == ([1], {0: 0})  # off: session 13's rule
    assert second_faces([wide], [body], [own, beside], under) == ([1], {0: 0})
    assert second_faces([wide], [body], [own, shifted], under, same_face=0.41) == ([1], {0: 0})  # the cut is a share of the smaller box


def test_a_centred_body_is_as_wide_on_both_sides_of_the_face_as_the_image_allows() -> None:
    from pytest_genimg.backends.faces import people_under_faces
    from pytest_genimg.metrics.faced_people import centred_body

    assert centred_body((100, 50, 140, 90), (512, 512)) == (60.0, 38.0, 180.0, 330.0)  # room: a face wide either side
    assert centred_body((532, 0, 1012, 480), (512, 1024)) == (520.0, 0.0, 1024.0, 512.0)  # centre 772: 252 px to the edge
    clipped = people_under_faces([Detection("face", (532, 0, 1012, 480), 0.9)], (512, 1024))[0][0]
    assert clipped == (52.0, 0.0, 1024.0, 512.0)  # the usual box, clipped one side: centre 538, off the face's 772
    assert centred_body((0, 0, 40, 40), (100, 100)) == (0.0, 0.0, 40.0, 100.0)  # at the edge: half a face each side, not 1.5


def test_the_detector_counts_a_second_face_in_a_spanning_body_only_with_one_face_per_body() -> None:
    from pytest_genimg.backends.detectors import PeopleDetector
    from pytest_genimg.metrics.composition import relation_holds

    wide = scaled(make_person(cx=256, top=0), 3.0)  # one skeleton across the image, nose at (256, 40)
    faces = [(face_box(wide), 0.9), ((380, 20, 440, 80), 0.85)]  # its own face, and a second one to the right
    rgb = np.zeros((512, 512, 3), np.uint8)
    counts = {}
    for on in (False, True):
        found = PeopleDetector(_Poses([wide]), mirror=False, low_floor_mask=False, one_face_per_body=on)
        found.blazefaces = _Faces(faces)
        counts[on] = found.detect(rgb, ["person"])
        assert ("+onefaceperbody" in found.name) == on
    assert len(counts[False]) == 1 and len(counts[True]) == 2
    first, second = counts[True]
    assert first.box[0] + first.box[2] == pytest.approx(2 * 256)  # centred on the nose's face, not the span
    assert relation_holds(first, "left of", second)[0]
    with pytest.raises(Exception, match="one_face_per_body"):
        PeopleDetector(_Poses([]), one_face_per_body=1)
    faceless = PeopleDetector(_Poses([wide]), mirror=False, low_floor_mask=False, face_min_score=None)
    faceless.blazefaces = _Faces(faces)
    assert len(faceless.detect(rgb, ["person"])) == 1 and "onefaceperbody" not in faceless.name  # no faces counted: the rule is off
    on, off = PeopleDetector.identity(), PeopleDetector.identity(one_face_per_body=False)  # on by default since session 13
    assert set(on) - set(off) == {"face_per_body"}
    assert "face_per_body" not in PeopleDetector.identity(face_min_score=None)


def test_a_face_only_haar_or_mtcnn_found_is_a_person_only_with_confirmed_faces() -> None:
    from pytest_genimg.backends.detectors import PeopleDetector
    from pytest_genimg.backends.faces import HAAR_SCORE

    rgb = np.zeros((512, 512, 3), np.uint8)
    body = make_person(cx=120, top=20)  # a body on the left, its own face at its nose
    profile = ((360, 60, 420, 120), HAAR_SCORE)  # a face BlazeFace missed, confirmed by O-Net: the faces detector's score 0
    weak = ((250, 300, 290, 340), 0.2)  # a BlazeFace face under face_min_score: not a person, with or without the rule
    counts = {}
    for on in (False, True):
        found = PeopleDetector(_Poses([body]), mirror=False, low_floor_mask=False, confirmed_faces=on)
        found.blazefaces = _Faces([(face_box(body), 0.9), weak])
        found.counted_faces = _Faces([(face_box(body), 0.9), weak, profile])
        counts[on] = found.detect(rgb, ["person"])
        assert ("+confirmedfaces" in found.name) == on and (found.counted_faces.calls > 0) == on  # off: the faces detector never runs
    assert len(counts[False]) == 1 and len(counts[True]) == 2
    x0, y0, x1, _ = counts[True][1].box
    assert x0 < 360 and x1 > 420 and y0 <= 60  # a body-sized box under the profile face
    covered = PeopleDetector(_Poses([body]), mirror=False, low_floor_mask=False, confirmed_faces=True)
    covered.blazefaces, covered.counted_faces = _Faces([(face_box(body), 0.9)]), _Faces([(face_box(body), HAAR_SCORE)])
    assert len(covered.detect(rgb, ["person"])) == 1  # a confirmed face on a counted body adds no one
    with pytest.raises(Exception, match="confirmed_faces"):
        PeopleDetector(_Poses([]), confirmed_faces="yes")
    on, off = PeopleDetector.identity(), PeopleDetector.identity(confirmed_faces=False)  # on by default since session 15
    assert set(on) - set(off) == {"confirmed_faces"} and on["confirmed_faces"]["score"] == HAAR_SCORE
    assert "confirmed_faces" not in PeopleDetector.identity(confirmed_faces=True, face_min_score=None)  # no faces counted: off


def test_a_weak_face_at_a_bodys_nose_is_its_own_face_only_from_nose_min() -> None:
    from pytest_genimg.metrics.faced_people import second_faces

    body_pose = scaled(make_person(cx=250, top=100), 2.0)  # a child's skeleton: nose at (250, 140)
    weak = (face_box(body_pose), 0.36)  # the child's face, under face_min_score
    above = ((220.0, 0.0, 290.0, 70.0), 0.84)  # an adult's confident face above the body, at no nose
    body = (100.0, 100.0, 400.0, 500.0)
    under = [(200.0, 120.0, 300.0, 400.0), (150.0, 0.0, 360.0, 450.0)]  # the adult's body box: covered by the body by half
    assert second_faces([body_pose], [body], [weak, above], under) == ([], {})  # today: no face at the nose, left to the body
    assert second_faces([body_pose], [body], [weak, above], under, nose_min=0.0) == ([1], {0: 0})
    assert second_faces([body_pose], [body], [weak, above], under, nose_min=0.4) == ([], {})
    faint_second = (above[0], 0.3)  # a second face still needs min_score
    assert second_faces([body_pose], [body], [weak, faint_second], under, nose_min=0.0) == ([], {})


def test_the_detector_counts_a_face_above_a_body_whose_nose_is_at_a_weak_face_only_with_nose_face_min() -> None:
    from pytest_genimg.backends.detectors import PeopleDetector

    rgb = np.zeros((512, 512, 3), np.uint8)
    child = scaled(make_person(cx=250, top=150), 2.0)  # nose at (250, 190)
    faces = [(face_box(child), 0.36), ((215, 40, 285, 110), 0.84)]  # the child's weak face, an adult's face above the body
    counts = {}
    for nose_min in (None, 0.0):
        found = PeopleDetector(_Poses([child]), mirror=False, low_floor_mask=False, confirmed_faces=False, nose_face_min=nose_min)
        found.blazefaces = _Faces(faces)
        counts[nose_min] = found.detect(rgb, ["person"])
        assert ("+noseface>=0" in found.name) == (nose_min is not None)
    assert len(counts[None]) == 1 and len(counts[0.0]) == 2
    with pytest.raises(Exception, match="nose_face_min"):
        PeopleDetector(_Poses([]), nose_face_min=1.5)
    weak, base = PeopleDetector.identity(), PeopleDetector.identity(nose_face_min=None)  # on by default since session 16
    assert base["face_per_body"] != weak["face_per_body"] and weak["face_per_body"]["nose_face_min"] == 0.0
    assert {k: v for k, v in weak["face_per_body"].items() if k != "nose_face_min"} == base["face_per_body"]


def test_two_bodies_boxed_alike_with_their_noses_apart_are_cut_between_the_noses() -> None:
    from pytest_genimg.metrics.faced_people import TWIN_APART, TWIN_IOU, split_twins

    left, right = make_person(cx=150, top=0), make_person(cx=350, top=0)  # noses at x 150 and 350
    span = (0.0, 0.0, 500.0, 400.0)
    assert split_twins([left, right], [(span, 0.6), ((10.0, 0.0, 500.0, 400.0), 0.7)]) == [
        ((0.0, 0.0, 250.0, 400.0), 0.6), ((250.0, 0.0, 500.0, 400.0), 0.7)]
    assert split_twins([right, left], [(span, 0.6), (span, 0.7)]) == [((250.0, 0.0, 500.0, 400.0), 0.6), ((0.0, 0.0, 250.0, 400.0), 0.7)]
    near = make_person(cx=150 + TWIN_APART * 500 - 1, top=0)  # noses closer than TWIN_APART of the width: one person's two skeletons
    assert split_twins([left, near], [(span, 0.6), (span, 0.7)]) == [(span, 0.6), (span, 0.7)]
    apart = (0.0, 0.0, 500.0 * TWIN_IOU - 50, 400.0)  # boxes less alike than TWIN_IOU: two people, left alone
    assert split_twins([left, right], [(span, 0.6), (apart, 0.7)]) == [(span, 0.6), (apart, 0.7)]
    assert split_twins([left], [(span, 0.6)]) == [(span, 0.6)]


def test_the_detector_splits_twin_bodies_only_with_split_twins() -> None:
    from pytest_genimg.backends.detectors import PeopleDetector
    from pytest_genimg.metrics.composition import relation_holds

    rgb = np.zeros((512, 512, 3), np.uint8)
    wide = scaled(make_person(cx=256, top=0), 3.0)  # one skeleton across the image
    one, other = Person(wide.points.copy(), wide.visibility), Person(wide.points.copy(), wide.visibility)
    one.points[0, 0], other.points[0, 0] = 156.0, 356.0  # the image's skeleton, its nose at the left head; the mirror view's at the right
    found = {}
    for on in (False, True):
        det = PeopleDetector(_Poses([]), mirror_confirm=False, low_floor_mask=False, body_rules=False, face_rules=False,
                             fainter_rule=False, one_body_per_face=False, confirmed_faces=False, split_twins=on)
        det.blazefaces = _Faces([])
        found[on] = [Detection("person", box, score) for box, score in det.counted(rgb, views=([one], [one, other]))]
        assert ("+splittwins" in det.name) == on
    assert len(found[False]) == len(found[True]) == 2 and found[False][0].box == found[False][1].box  # both span the pair
    a, b = found[True]
    assert a.box[2] <= 256 <= b.box[0] and relation_holds(a, "left of", b)[0]
    with pytest.raises(Exception, match="split_twins"):
        PeopleDetector(_Poses([]), split_twins="on")
    on, off = PeopleDetector.identity(), PeopleDetector.identity(split_twins=False)  # on by default since session 16
    assert set(on) - set(off) == {"split_twins"}

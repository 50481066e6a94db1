"""Composition: counts, colours and relations against hand-made detections with known verdicts,
the prompt parser, bad input, and the offline people/face detectors on packaged photos."""
from __future__ import annotations

import colorsys

import numpy as np
import pytest
from PIL import Image

from pytest_genimg import (
    Detection,
    GenImgAssertionError,
    GenImgUsageError,
    assert_composition,
    composition_from_prompt,
    measure_composition,
)
from pytest_genimg.metrics.composition import (
    PALETTE,
    name_color,
    nms,
    parse_count,
    region_color,
    relation_holds,
    srgb_to_lab,
)


class FakeDetector:
    """Returns fixed detections: what a real detector would have found, with a known answer."""

    name = "fake"

    def __init__(self, detections: list[Detection]) -> None:
        self.detections = detections
        self.asked: list[list[str]] = []

    def detect(self, rgb: np.ndarray, labels: list[str]) -> list[Detection]:
        self.asked.append(list(labels))
        return list(self.detections)


def canvas(boxes: dict[tuple[int, int, int, int], tuple[int, int, int]] = {}) -> Image.Image:  # noqa: B006 - read only
    img = Image.new("RGB", (200, 100), (250, 250, 250))
    for (x0, y0, x1, y1), colour in boxes.items():
        img.paste(colour, (x0, y0, x1, y1))
    return img


def det(label: str, box: tuple[float, float, float, float], score: float = 0.9) -> Detection:
    return Detection(label, box, score)


# -- counts ----------------------------------------------------------------------------------------

@pytest.mark.parametrize(("spec", "count", "holds"), [
    (2, 2, True), (2, 3, False), (2, 1, False), (0, 0, True), (0, 1, False),
    (">=1", 1, True), (">=1", 0, False), ("<=2", 2, True), ("<=2", 3, False), ("3", 3, True), (" >= 2 ", 5, True),
])
def test_count_specs(spec, count, holds) -> None:
    assert parse_count(spec, "cat").holds(count) is holds


@pytest.mark.parametrize("bad", [-1, "two", ">1", "=>1", 1.5, True, None, "<=-1"])
def test_bad_count_spec_names_the_object(bad) -> None:
    with pytest.raises(GenImgUsageError, match=r"objects\['cat'\]: expected a count"):
        measure_composition(canvas(), objects={"cat": bad}, detector=FakeDetector([]))


def test_two_cats_wanted_three_found_fails_with_the_count() -> None:
    found = [det("cat", (0, 0, 40, 40)), det("cat", (60, 0, 100, 40)), det("cat", (120, 0, 160, 40))]
    result = measure_composition(canvas(), objects={"cat": 2}, detector=FakeDetector(found))
    assert not result.passed
    assert result.items[0].values["count[cat]"] == 3
    assert "3 cat (wanted 2)" in result.items[0].reason
    assert measure_composition(canvas(), objects={"cat": 3}, detector=FakeDetector(found)).passed


def test_duplicate_boxes_count_once_and_low_scores_are_dropped() -> None:
    found = [det("cat", (0, 0, 40, 40), 0.9), det("cat", (2, 1, 41, 40), 0.8), det("cat", (100, 0, 140, 40), 0.05)]
    assert len(nms(found)) == 2
    result = measure_composition(canvas(), objects={"cat": 1}, detector=FakeDetector(found), min_score=0.1)
    assert result.passed, result.message()


def test_absent_object_and_zero_count() -> None:
    detector = FakeDetector([det("cat", (0, 0, 40, 40))])
    assert measure_composition(canvas(), objects={"dog": 0}, detector=detector).passed
    assert not measure_composition(canvas(), objects={"cat": 0}, detector=detector).passed
    # detections of labels nobody asked for are ignored
    assert measure_composition(canvas(), objects={"dog": 0}, detector=FakeDetector([det("dog2", (0, 0, 9, 9))])).passed


# -- relations -------------------------------------------------------------------------------------

@pytest.mark.parametrize(("a", "relation", "b", "holds"), [
    ((0, 40, 40, 80), "left of", (100, 40, 140, 80), True),
    ((100, 40, 140, 80), "left of", (0, 40, 40, 80), False),
    ((100, 40, 140, 80), "right of", (0, 40, 40, 80), True),
    ((0, 0, 40, 40), "left of", (3, 0, 43, 40), False),  # centres 3 px apart: inside the 4 px margin (a tie)
    ((0, 0, 40, 40), "left of", (5, 0, 45, 40), True),   # 5 px apart: past the margin
    ((0, 0, 40, 20), "above", (0, 50, 40, 90), True),
    ((0, 50, 40, 90), "below", (0, 0, 40, 20), True),
    ((0, 0, 40, 20), "below", (0, 50, 40, 90), False),
    ((0, 0, 40, 40), "near", (50, 0, 90, 40), True),     # 10 px gap <= 20 px
    ((0, 0, 40, 40), "near", (70, 0, 110, 40), False),   # 30 px gap
    ((0, 0, 40, 40), "near", (20, 20, 60, 60), True),    # overlapping
    ((10, 10, 30, 30), "inside", (0, 0, 40, 40), True),
    ((10, 10, 50, 30), "inside", (0, 0, 40, 40), False),  # 75% inside
    ((0, 0, 40, 40), "inside", (10, 10, 30, 30), False),
])
def test_relations_on_hand_made_boxes(a, relation, b, holds) -> None:
    assert relation_holds(det("a", a), relation, det("b", b))[0] is holds


def test_relation_uses_the_most_confident_detection_of_each_object() -> None:
    found = [det("cube", (150, 0, 190, 40), 0.95), det("cube", (0, 0, 40, 40), 0.5), det("ball", (80, 0, 120, 40))]
    result = measure_composition(canvas(), objects={"cube": ">=1", "ball": 1}, relations=[("cube", "left of", "ball")],
                                 detector=FakeDetector(found))
    assert not result.passed
    assert result.items[0].values["cube left of ball"] is False
    assert "cube left of ball: no" in result.items[0].reason


def test_relation_with_a_missing_object_fails_naming_it() -> None:
    result = measure_composition(canvas(), objects={"cube": ">=0", "ball": ">=0"}, relations=("cube", "to the left of", "ball"),
                                 detector=FakeDetector([det("ball", (0, 0, 9, 9))]))
    assert not result.passed and "cube not found" in result.items[0].reason


def test_unknown_relation_lists_the_known_ones() -> None:
    with pytest.raises(GenImgUsageError, match=r"relations\[0\]: expected a relation among left of, right of, above, below, near, inside"):
        measure_composition(canvas(), objects={"a": 1, "b": 1}, relations=[("a", "behind", "b")], detector=FakeDetector([]))


def test_relation_object_must_be_in_objects() -> None:
    with pytest.raises(GenImgUsageError, match=r"relations\[0\]: expected objects named in `objects` \(a, b\), got 'c'"):
        measure_composition(canvas(), objects={"a": 1, "b": 1}, relations=[("a", "near", "c")], detector=FakeDetector([]))


def test_a_relation_of_an_object_to_itself_is_refused() -> None:
    # each side is the object's most confident detection: "cat near cat" would compare it with itself and pass
    two_cats = FakeDetector([det("cat", (0, 0, 20, 20)), det("cat", (150, 0, 190, 40))])
    with pytest.raises(GenImgUsageError, match=r"relations\[0\]: expected two different objects"):
        measure_composition(canvas(), objects={"cat": 2}, relations=[("cat", "near", "cat")], detector=two_cats)


# -- colour ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", list(PALETTE))
def test_each_palette_reference_is_named_by_its_own_name(name) -> None:
    for shade in PALETTE[name]:
        assert name_color(shade).name == name


def test_lab_conversion_matches_skimage() -> None:
    from skimage.color import rgb2lab

    rng = np.random.default_rng(0)
    rgb = rng.integers(0, 256, size=(50, 3)).astype(np.uint8)
    np.testing.assert_allclose(srgb_to_lab(rgb), rgb2lab(rgb[None] / 255.0)[0], atol=0.05)


def test_region_colour_reads_the_object_not_the_background() -> None:
    img = np.full((100, 100, 3), 250, np.uint8)
    img[20:80, 20:80] = (200, 30, 30)
    named = region_color(img, (10, 10, 90, 90))  # box larger than the object: the centre crop is all red
    assert named.name == "red" and named.share == 1.0 and named.margin > 10
    mask = np.zeros((100, 100), bool)
    mask[0:10, :] = True
    assert region_color(img, (0, 0, 100, 100), mask).name == "white"


def test_red_cube_left_of_blue_ball_and_the_swapped_colours() -> None:
    red, blue = (210, 30, 30), (30, 60, 200)
    boxes = [det("cube", (10, 30, 60, 80)), det("ball", (120, 30, 170, 80))]
    objects = {"cube": {"count": 1, "color": "red"}, "ball": {"count": 1, "color": "blue"}}
    right = canvas({(10, 30, 60, 80): red, (120, 30, 170, 80): blue})
    swapped = canvas({(10, 30, 60, 80): blue, (120, 30, 170, 80): red})
    good = measure_composition(right, objects=objects, relations=[("cube", "left of", "ball")], detector=FakeDetector(boxes))
    assert good.passed, good.message()
    bad = measure_composition(swapped, objects=objects, relations=[("cube", "left of", "ball")], detector=FakeDetector(boxes))
    assert not bad.passed
    assert "cube colour: 0 of 1 red (blue" in bad.items[0].reason and "ball colour: 0 of 1 blue (red" in bad.items[0].reason


def test_unknown_colour_lists_the_palette() -> None:
    with pytest.raises(GenImgUsageError, match=r"objects\['cube'\]\['color'\]: expected one of red, orange"):
        measure_composition(canvas(), objects={"cube": {"count": 1, "color": "teal"}}, detector=FakeDetector([]))


def test_colour_naming_under_brightness_changes() -> None:
    """Each chromatic name's main shade at 75-115% brightness keeps its name; black, white and grey
    are told apart by brightness itself, so they get +-10% (the benchmark measures the full grid)."""
    wrong = []
    for name, shades in PALETTE.items():
        h, s, v = colorsys.rgb_to_hsv(*(c / 255 for c in shades[0]))
        for factor in (0.75, 0.9, 1.0, 1.15) if s > 0 else (0.9, 1.0, 1.1):
            rgb = tuple(round(255 * c) for c in colorsys.hsv_to_rgb(h, s, min(1.0, v * factor)))
            if name_color(rgb).name != name:
                wrong.append((name, factor, rgb, name_color(rgb).name))
    assert not wrong


# -- the check, the parser and messages -------------------------------------------------------------

def test_failure_message_and_artifact(tmp_path) -> None:
    found = [det("cat", (0, 0, 40, 40))]
    with pytest.raises(GenImgAssertionError) as info:
        assert_composition([canvas(), canvas()], objects={"cat": 2}, detector=FakeDetector(found), min_pass_rate=0.5)
    text = str(info.value)
    assert "composition failed: 0/2 passed" in text and "1 cat (wanted 2)" in text and "artifact:" in text


@pytest.mark.parametrize(("prompt", "objects", "relations"), [
    ("two red apples to the left of a bowl", {"apple": {"count": 2, "color": "red"}, "bowl": ">=1"}, [("apple", "left of", "bowl")]),
    ("a photo of a man holding an umbrella", {"man": ">=1", "umbrella": ">=1"}, []),
    ("three cats", {"cat": 3}, []),
    ("a red cube and a blue ball", {"cube": {"count": ">=1", "color": "red"}, "ball": {"count": ">=1", "color": "blue"}}, []),
    ("a gray dog under a table", {"dog": {"count": ">=1", "color": "grey"}, "table": ">=1"}, [("dog", "below", "table")]),
    ("no dogs", {"dog": 0}, []),
    ("two people next to a bus", {"person": 2, "bus": ">=1"}, [("person", "near", "bus")]),
])
def test_prompt_parser(prompt, objects, relations) -> None:
    parsed = composition_from_prompt(prompt)
    assert parsed.objects == objects and parsed.relations == relations


@pytest.mark.parametrize("prompt", [
    "", "two", "a cat and a cat",
    # phrases the NP grammar cannot hold were read as objects "dog to the left", "dog and a bird", "a cat"
    "a cat to the left of a dog to the left of a bird", "a cat left of a dog and a bird", "a a cat",
    "two red two red apples", "a cat under a table to the left of a dog",
    # a count word inside a noun: the -ing tail cut left the object "no"
    "a no parking sign", "two no entry signs",
])
def test_prompt_parser_refuses_what_it_cannot_read(prompt) -> None:
    with pytest.raises(GenImgUsageError, match="prompt"):
        composition_from_prompt(prompt)


def test_parse_is_shown_in_the_message() -> None:
    result = measure_composition(canvas(), prompt="two cats", detector=FakeDetector([det("cat", (0, 0, 9, 9))]))
    assert not result.passed
    assert "parsed 'two cats' as objects {cat: 2}" in result.message()


def test_objects_and_prompt_together_is_an_error() -> None:
    with pytest.raises(GenImgUsageError, match="prompt: expected either objects="):
        measure_composition(canvas(), objects={"cat": 1}, prompt="a cat", detector=FakeDetector([]))


def test_unconfigured_detector_names_the_option_and_extra(monkeypatch) -> None:
    monkeypatch.delenv("GENIMG_DETECTOR", raising=False)
    with pytest.raises(GenImgUsageError, match=r"no detector for 'umbrella'.*pytest-genimg\[pose\].*--genimg-detector"):
        measure_composition(canvas(), objects={"umbrella": 1})


def test_a_detector_that_is_not_one() -> None:
    with pytest.raises(GenImgUsageError, match="detector: expected None, 'people', 'faces', 'faces-confident', 'faces-haar'"):
        measure_composition(canvas(), objects={"cat": 1}, detector=42)


def test_a_detector_returning_junk_is_named() -> None:
    class Junk:
        name = "junk"

        def detect(self, rgb, labels):
            return [("cat", (0, 0, 1, 1))]

    with pytest.raises(GenImgUsageError, match="detector: expected detect\\(\\) returning Detection objects"):
        measure_composition(canvas(), objects={"cat": 1}, detector=Junk())


# -- offline detectors on packaged photos -------------------------------------------------------------

@pytest.fixture(scope="module")
def astronaut() -> Image.Image:
    skdata = pytest.importorskip("skimage.data")
    return Image.fromarray(skdata.astronaut()).convert("RGB")


def test_people_and_faces_on_the_astronaut(astronaut) -> None:
    pytest.importorskip("mediapipe")
    result = measure_composition(astronaut, objects={"person": 1, "face": 1},
                                 relations=[("face", "inside", "person"), ("face", "above", "person")])
    assert result.passed, result.message()


def test_two_people_side_by_side_are_counted_and_placed(astronaut) -> None:
    pytest.importorskip("mediapipe")
    from pytest_genimg.backends.detectors import resolve_detector

    person = astronaut.crop((0, 0, 400, 512))
    pair = Image.new("RGB", (1000, 512), (200, 200, 200))
    pair.paste(person, (0, 0))
    pair.paste(person.transpose(Image.Transpose.FLIP_LEFT_RIGHT), (600, 0))
    people = sorted(resolve_detector("people").detect(np.asarray(pair), ["person"]), key=lambda d: d.centre[0])
    assert len(people) == 2
    assert relation_holds(people[0], "left of", people[1])[0] and not relation_holds(people[1], "left of", people[0])[0]
    assert people[0].box[2] < 500 < people[1].box[0] + 100


# -- the open-vocabulary backend through transformers (a tiny random OWL-ViT: plumbing only) ----------

@pytest.fixture(scope="module")
def tiny_owl(tmp_path_factory) -> str:
    from _tiny_clip import tiny_folder

    return tiny_folder("owl", tmp_path_factory)


def test_open_vocabulary_detector_loads_from_a_folder_and_returns_boxes_inside_the_image(tiny_owl) -> None:
    from pytest_genimg.backends.detectors import load_detector

    detector = load_detector(tiny_owl, device="cpu", threshold=0.0)
    assert load_detector(tiny_owl, device="cpu", threshold=0.0) is detector  # loaded once
    found = detector.detect(np.full((48, 80, 3), 120, np.uint8), ["cat", "dog"])
    assert found and {d.label for d in found} <= {"cat", "dog"}
    for d in found:
        x0, y0, x1, y1 = d.box
        assert 0 <= x0 < x1 <= 80 and 0 <= y0 < y1 <= 48


def test_missing_detector_folder_is_a_load_error() -> None:
    from pytest_genimg import ModelLoadError
    from pytest_genimg.backends.detectors import load_detector

    with pytest.raises(ModelLoadError, match="looks like a folder but does not exist"):
        load_detector("./no/such/detector", device="cpu")


def test_genimg_detector_option_reaches_the_check(pytester, tiny_owl) -> None:
    pytester.makepyfile(
        """
        import numpy as np
        from pytest_genimg import measure_composition

        def test_uses_it(genimg_detector):
            result = measure_composition(np.full((40, 40, 3), 90, np.uint8), objects={"cat": ">=0"}, detector=genimg_detector)
            assert result.passed and result.metrics["detector"].startswith("owlvit:")
        """
    )
    pytester.runpytest("-p", "no:randomly", "-p", "no:cacheprovider", f"--genimg-detector={tiny_owl}").assert_outcomes(passed=1)
    pytester.runpytest("-p", "no:randomly", "-p", "no:cacheprovider", "-rs").stdout.fnmatch_lines(["*no object detector configured: --genimg-detector*"])


@pytest.mark.parametrize(("prompt", "objects"), [
    ("two people standing side by side, photo", {"person": 2}),
    ("a bowl of fruit", {"bowl": ">=1"}),
    ("three dogs sitting on a sofa", {"dog": 3}),
    ("a teddy bear, 4k, trending", {"teddy bear": ">=1"}),
])
def test_prompt_parser_drops_descriptive_tails(prompt, objects) -> None:
    assert composition_from_prompt(prompt).objects == objects


@pytest.mark.usefixtures("opencv_cascade")
def test_faces_both_backends_and_small_faces_found_on_tiles(astronaut) -> None:
    pytest.importorskip("mediapipe")
    from pytest_genimg.backends.detectors import MediaPipeFaceDetector, resolve_detector

    rgb = np.asarray(astronaut)
    for name in ("faces", "faces-haar"):
        (face,) = resolve_detector(name).detect(rgb, ["face"])
        assert 150 < face.centre[0] < 300 and 80 < face.centre[1] < 200, (name, face)
    # a 70 px face in a 1600 px frame: the whole-image pass scores it under 0.5, a 512 px tile finds it
    big = Image.new("RGB", (1600, 1200), (128, 128, 128))
    big.paste(astronaut.crop((160, 60, 300, 200)).resize((70, 70)), (1200, 800))
    # (BlazeFace's passes alone: OpenCV's Haar proposer finds it on the whole image too, at score 0)
    assert MediaPipeFaceDetector(tile=10**6, propose_min=None, haar=False, mtcnn=False).detect(np.asarray(big), ["face"]) == []
    (haar,) = MediaPipeFaceDetector(tile=10**6, propose_min=None, mtcnn=False).detect(np.asarray(big), ["face"])
    assert haar.score == 0.0 and 1200 < haar.centre[0] < 1270
    # ... and so does the proposal pass, which O-Net confirms, without tiles
    (proposed,) = MediaPipeFaceDetector(tile=10**6, haar=False, mtcnn=False).detect(np.asarray(big), ["face"])
    assert 0.2 <= proposed.score < 0.5 and 1200 < proposed.centre[0] < 1270
    (face,) = resolve_detector("faces").detect(np.asarray(big), ["face"])
    assert 1200 < face.centre[0] < 1270 and 800 < face.centre[1] < 870


@pytest.mark.usefixtures("opencv_cascade")
def test_detections_come_from_the_evaluator_cache_on_a_second_run(astronaut, tmp_path, monkeypatch) -> None:
    pytest.importorskip("mediapipe")
    from pytest_genimg import evalcache
    from pytest_genimg.backends.detectors import DETECTORS

    objects = {"person": 1, "face": 1}
    with evalcache.use(evalcache.EvalCache(tmp_path)):
        first = measure_composition(astronaut, objects=objects)

        def no_engine(name):
            raise AssertionError(f"detector {name!r} was built on a cache hit")

        monkeypatch.setattr(DETECTORS, "get", no_engine)
        second = measure_composition(astronaut, objects=objects)
        with pytest.raises(GenImgUsageError, match="was built on a cache hit"):  # other labels: another key
            measure_composition(astronaut, objects={"man": 1})
    assert first.passed and second.passed and first.items[0].values == second.items[0].values

"""The extra-limb check on photos with known answers built at run time (scikit-image's astronaut and
camera, a drawn hand pasted on a chest), plus its messages, artifacts and bad-input errors."""
from __future__ import annotations

import math
import re
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFilter

from pytest_genimg.backends import pose
from pytest_genimg.backends.hand_verify import VIEW_PX, VIEWS, reread_hand
from pytest_genimg.backends.pose import get_pose_engine
from pytest_genimg.backends.scan import ScanSettings
from pytest_genimg.checks.anatomy import (
    AnatomyResult,
    assert_no_extra_limbs,
    measure_anatomy,
)
from pytest_genimg.errors import GenImgAssertionError, GenImgUsageError
from pytest_genimg.metrics.anatomy import Hand, Person
from pytest_genimg.metrics.limb_rule import LimbRule

skimage_data = pytest.importorskip("skimage.data")
pytest.importorskip("mediapipe")


def drawn_hand(size: int, skin: tuple[int, int, int] = (224, 172, 140)) -> Image.Image:
    """An open right hand drawn with PIL (palm, four fingers, thumb, shaded edges): MediaPipe's hand
    landmarker finds it from about 96 px on a chest, so no third-party photo is needed."""
    big = 4 * size
    alpha = Image.new("L", (big, big), 0)
    draw = ImageDraw.Draw(alpha)
    cx, cy, pw = big / 2, big * 0.62, big * 0.30
    draw.rounded_rectangle((cx - pw / 2, cy - pw / 2, cx + pw / 2, cy + pw / 2), radius=big * 0.08, fill=255)
    draw.rounded_rectangle((cx - pw * 0.38, cy + pw * 0.3, cx + pw * 0.38, cy + pw * 0.95), radius=big * 0.05, fill=255)
    finger = big * 0.062
    for k, length in enumerate((0.25, 0.27, 0.25, 0.19)):
        angle = math.radians(-90 + (k - 1.5) * 10.8)
        bx, by = cx - pw / 2 + finger * 0.7 + k * (pw - finger * 1.4) / 3, cy - pw / 2 + finger * 0.3
        ex, ey = bx + math.cos(angle) * length * big, by + math.sin(angle) * length * big
        draw.line([(bx, by), (ex, ey)], fill=255, width=int(finger))
        draw.ellipse((ex - finger / 2, ey - finger / 2, ex + finger / 2, ey + finger / 2), fill=255)
    bx, by, angle = cx - pw / 2 + finger * 0.2, cy + pw * 0.15, math.radians(-140)
    ex, ey = bx + math.cos(angle) * 0.2 * big, by + math.sin(angle) * 0.2 * big
    draw.line([(bx, by), (ex, ey)], fill=255, width=int(finger * 1.15))
    draw.ellipse((ex - finger * 0.57, ey - finger * 0.57, ex + finger * 0.57, ey + finger * 0.57), fill=255)
    shade = np.asarray(alpha.filter(ImageFilter.GaussianBlur(big * 0.01)), dtype=float) / 255 * 0.35 + 0.65
    rgb = (np.array(skin, dtype=float) * shade[..., None]).astype(np.uint8)
    hand = Image.fromarray(rgb).convert("RGBA")
    hand.putalpha(alpha)
    return hand.resize((size, size), Image.Resampling.LANCZOS)


def paste(image: Image.Image, hand: Image.Image, centre: tuple[int, int]) -> Image.Image:
    out = image.copy()
    out.paste(hand, (centre[0] - hand.width // 2, centre[1] - hand.height // 2), hand)
    return out


@pytest.fixture(scope="module")
def astronaut() -> Image.Image:
    return Image.fromarray(skimage_data.astronaut())


@pytest.fixture(scope="module")
def camera() -> Image.Image:
    return Image.fromarray(skimage_data.camera()).convert("RGB")


@pytest.fixture(scope="module")
def coffee() -> Image.Image:
    return Image.fromarray(skimage_data.coffee())


@pytest.fixture(scope="module")
def extra_hand_on_chest(astronaut: Image.Image) -> Image.Image:
    return paste(astronaut, drawn_hand(128), (262, 340))


# --------------------------------------------------------------------------------------------- real photos


def test_plain_astronaut_passes_with_counts(astronaut: Image.Image) -> None:
    result = assert_no_extra_limbs(astronaut)
    assert result.passed and result.people == 1 and result.faces == 1
    assert result.metrics["extra_hands"] == 0


def test_plain_camera_and_mirrored_astronaut_pass(camera: Image.Image, astronaut: Image.Image) -> None:
    result = assert_no_extra_limbs([camera, astronaut.transpose(Image.Transpose.FLIP_LEFT_RIGHT)])
    assert result.people_per_image == [1, 1]


def test_hand_pasted_on_chest_fails_with_a_precise_message(extra_hand_on_chest: Image.Image) -> None:
    with pytest.raises(GenImgAssertionError) as caught:
        assert_no_extra_limbs(extra_hand_on_chest)
    message = str(caught.value)
    assert "no_extra_limbs failed" in message
    assert "lies over person P1's body and no wrist can take it" in message
    assert "at box (" in message and "score 0." in message
    assert "nearest free wrist: P1" in message or "no free visible wrist" in message
    assert "[1 person, 1 hand]" in message
    result = caught.value.result
    assert isinstance(result, AnatomyResult)
    (item,) = result.failed_items
    x0, y0, x1, y1 = result.per_image[0].scan.hands[result.per_image[0].assignment.extra[0].hand].box
    assert x0 < 262 < x1 and y0 < 340 < y1  # the flagged hand is the pasted one
    assert item.artifact and Path(item.artifact).is_file()
    assert Image.open(item.artifact).width == 512  # the image, with a legend of every hand below it


def test_person_free_image_passes_with_a_note(coffee: Image.Image) -> None:
    result = assert_no_extra_limbs(coffee)
    assert result.people == 0 and any("no person found" in n for n in result.notes)


def test_person_count_requirements(coffee: Image.Image, astronaut: Image.Image) -> None:
    with pytest.raises(GenImgAssertionError, match="expected at least 1 person, found 0"):
        assert_no_extra_limbs(coffee, min_people=1)
    with pytest.raises(GenImgAssertionError, match="expected 2 people, found 1"):
        assert_no_extra_limbs(astronaut, expect_people=2)


def test_strict_fails_on_a_hand_with_no_person(coffee: Image.Image) -> None:
    lone_hand = paste(coffee.resize((512, 512)), drawn_hand(160), (256, 256))
    assert measure_anatomy(lone_hand).passed
    result = measure_anatomy(lone_hand, strict=True)
    assert not result.passed and "belongs to no detected person" in result.message()


def test_min_pass_rate_counts_images(astronaut: Image.Image, extra_hand_on_chest: Image.Image) -> None:
    result = measure_anatomy([astronaut, extra_hand_on_chest], min_pass_rate=0.5)
    assert result.passed and result.metrics["passed_count"] == 1
    with pytest.raises(GenImgUsageError, match="result.people"):
        _ = result.people


def test_tiny_generated_sized_image_is_scanned(astronaut: Image.Image) -> None:
    result = measure_anatomy(astronaut.resize((64, 64)))
    assert result.passed and result.people <= 1


# --------------------------------------------------------------------------------------------- engine


class FakeEngine:
    """Returns fixed detections for the whole image and nothing for tiles; on the square crops of
    the second look (``VIEW_PX`` wide), a hand in the middle 40% when ``refind``."""

    name = "fake"

    def __init__(self, people: list[Person], hands: list[Hand], size: tuple[int, int], refind: bool = True) -> None:
        self._people, self._hands, self._size, self._refind = people, hands, size, refind

    def people(self, rgb: np.ndarray) -> list[Person]:
        return self._people if rgb.shape[1::-1] == self._size else []

    def hands(self, rgb: np.ndarray) -> list[Hand]:
        if rgb.shape[1::-1] == self._size:
            return self._hands
        if self._refind and rgb.shape[:2] == (VIEW_PX, VIEW_PX):
            corners = np.array([[0.3, 0.3], [0.7, 0.7]]) * VIEW_PX
            return [Hand(np.vstack([corners, np.full((19, 2), VIEW_PX / 2)]), 0.9, "Left")]
        return []

    def close(self) -> None:
        pass


def test_any_engine_object_can_be_passed() -> None:
    from test_metrics_anatomy import make_hand, make_person

    engine = FakeEngine([make_person()], [make_hand((265, 240)), make_hand((135, 240)), make_hand((200, 150))], (400, 500))
    assert isinstance(engine, pose.PoseEngine)
    result = measure_anatomy(Image.new("RGB", (400, 500)), engine=engine)
    assert not result.passed and result.hands == 3
    assert "hand H3" in result.message() and "no free visible wrist" in result.message()


class MaskingFakeEngine(FakeEngine):
    """:class:`FakeEngine` whose people come with segmentation masks covering the image's top half."""

    def people_with_masks(self, rgb: np.ndarray) -> list[tuple[Person, np.ndarray]]:
        mask = np.zeros(rgb.shape[:2], dtype=bool)
        mask[: rgb.shape[0] // 2] = True
        return [(p, mask) for p in self.people(rgb)]


def test_strict_spares_a_hand_on_a_persons_silhouette_and_the_artifact_says_so() -> None:
    from test_metrics_anatomy import _hand_with_palm, make_hand, make_person

    from pytest_genimg.checks.anatomy import draw_anatomy, hand_owner

    # H2: off the body, in the top half, with one wrist free (with both wrists holding a hand it is a third hand within reach).
    hands = [make_hand((265, 240)), _hand_with_palm((360, 60))]
    image = Image.new("RGB", (400, 500))
    spared = measure_anatomy(image, strict=True, engine=MaskingFakeEngine([make_person()], hands, (400, 500)))
    assert spared.passed, spared.message()
    verdict = spared.per_image[0].assignment.verdicts[1]
    assert hand_owner(verdict) == "P1 on the silhouette, wrist unseen (was: near no body)"
    assert spared.thresholds["spare_on_silhouette"] is True
    kept = measure_anatomy(image, strict=True, engine=MaskingFakeEngine([make_person()], hands, (400, 500)),
                           rule=LimbRule(spare_on_silhouette=False))
    assert not kept.passed and "belongs to no detected person (near no body" in kept.message()
    low = [hands[0], _hand_with_palm((360, 300))]  # in the bottom half: on no silhouette
    failed = measure_anatomy(image, strict=True, engine=MaskingFakeEngine([make_person()], low, (400, 500)))
    assert not failed.passed and failed.per_image[0].silhouettes is not None
    drawn = np.asarray(draw_anatomy(image, failed.per_image[0]))  # the artifact tints the silhouette
    assert drawn[200, 390].tolist() != [0, 0, 0] and drawn[480, 390].tolist() == [0, 0, 0]  # top half only, off the drawings
    assert not measure_anatomy(image, strict=True, engine=FakeEngine([make_person()], hands, (400, 500))).passed  # no masks


def test_the_pose_model_gives_the_astronaut_a_silhouette(astronaut: Image.Image) -> None:
    from pytest_genimg.backends.scan import find_silhouettes, scan

    engine = get_pose_engine()
    ((person, mask),) = engine.people_with_masks(np.asarray(astronaut))  # type: ignore[attr-defined]
    assert mask.shape == (512, 512) and mask.dtype == bool
    assert mask[340, 262] and mask[100, 225] and not mask[40, 480] and not mask[480, 470]  # chest, face; sky, flag side
    people = scan(engine, astronaut).people
    found = find_silhouettes(engine, astronaut, people)
    assert found is not None and found.masks.shape == (1, 128, 128)
    assert found.people_under(np.array([262.0, 340.0])) == [0] and found.people_under(np.array([480.0, 40.0])) == []


def test_a_hand_not_found_again_fails_nothing_and_the_artifact_says_why(tmp_path: Path) -> None:
    from test_metrics_anatomy import make_hand, make_person

    from pytest_genimg.checks.anatomy import draw_anatomy, hand_owner

    hands = [make_hand((265, 240)), make_hand((135, 240)), make_hand((200, 150))]
    image = Image.new("RGB", (400, 500))
    result = measure_anatomy(image, engine=FakeEngine([make_person()], hands, (400, 500), refind=False))
    assert result.passed and result.items[0].values["unverified_hands"] == 1
    verdict = result.per_image[0].assignment.verdicts[2]
    assert hand_owner(verdict) == "ignored (on P1), was extra: over body, both wrists taken, but found again in 0 of 3 closer looks"
    assert draw_anatomy(image, result.per_image[0]).height > image.height  # one legend line per hand
    strict = measure_anatomy(image, strict=True, engine=FakeEngine([make_person()], hands, (400, 500), refind=False))
    assert strict.passed


def test_reread_maps_each_view_back_onto_the_hand() -> None:
    from test_metrics_anatomy import make_hand

    hand = make_hand((200, 150), length=60)
    engine = FakeEngine([], [], (1, 1))
    views = reread_hand(engine, Image.new("RGB", (400, 500)), hand)
    assert [(r.side, r.mirrored) for r in views] == list(VIEWS)
    x0, y0, x1, y1 = hand.box
    for r in views:  # the fake's hand sits in the crop's middle: back on the hand's centre, mirrored or not
        assert r.points is not None
        assert np.allclose(r.points[:2].mean(axis=0), [(x0 + x1) / 2, (y0 + y1) / 2], atol=1.0)
    # A hand at the image border: the crop is shifted inside, so the fake's centred hand misses it.
    edge = make_hand((10, 10), length=60)
    assert any(r.points is None for r in reread_hand(engine, Image.new("RGB", (400, 500)), edge))
    assert all(r.points is None for r in reread_hand(FakeEngine([], [], (1, 1), refind=False), Image.new("RGB", (400, 500)), hand))


def test_a_hand_on_a_detected_face_is_not_extra(astronaut: Image.Image) -> None:
    from test_metrics_anatomy import _hand_with_palm, make_hand, make_person

    # A body under the astronaut's face (BlazeFace: about (173, 67)-(276, 170)), both hands held,
    # and a third hand at the chin: over the body, so extra where no face is found.
    person = make_person(cx=224, top=80)
    hands = [make_hand((289, 320)), make_hand((159, 320)), _hand_with_palm((224, 155))]
    engine = FakeEngine([person], hands, (512, 512))
    blank = measure_anatomy(Image.new("RGB", (512, 512), (128, 128, 128)), engine=engine)
    assert not blank.passed and blank.per_image[0].heads == ()
    result = measure_anatomy(astronaut, engine=engine)
    assert result.passed, result.message()
    (head,) = result.per_image[0].heads
    assert head[0] < 224 < head[2] and head[1] < 155 < head[3]
    assert result.per_image[0].assignment.verdicts[2].reason.startswith("on a head")
    assert not measure_anatomy(astronaut, engine=engine, rule=LimbRule(min_face_score=1.01)).passed










# --------------------------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("kwargs", "argument"),
    [
        ({"strict": "yes"}, "strict"),
        ({"min_pass_rate": 2}, "min_pass_rate"),
        ({"min_people": -1}, "min_people"),
        ({"expect_people": 1.5}, "expect_people"),
        ({"min_people": 3, "expect_people": 1}, "expect_people"),
        ({"rule": {"take_radius": 1}}, "rule"),
    ],
)
def test_bad_arguments_name_themselves(kwargs: dict, argument: str) -> None:
    with pytest.raises(GenImgUsageError, match=f"^{argument}: expected"):
        measure_anatomy(Image.new("RGB", (32, 32)), **kwargs)


@pytest.mark.parametrize(
    ("rule", "argument"),
    [
        (LimbRule(min_rereads=4), "rule.min_rereads"),  # more views than the second look has: nothing could fail
        (LimbRule(min_rereads=-1), "rule.min_rereads"),
        (LimbRule(min_rereads="2"), "rule.min_rereads"),  # type: ignore[arg-type]
        (LimbRule(min_rereads=1.5), "rule.min_rereads"),  # type: ignore[arg-type]
        (LimbRule(min_face_score=None), "rule.min_face_score"),  # type: ignore[arg-type]
        (LimbRule(head_grow=-0.5), "rule.head_grow"),
        (LimbRule(head_grow=float("nan")), "rule.head_grow"),
        (LimbRule(neighbour_reach=-0.1), "rule.neighbour_reach"),
        (LimbRule(neighbour_reach=math.inf), "rule.neighbour_reach"),
        (LimbRule(neighbour_reach=True), "rule.neighbour_reach"),  # type: ignore[arg-type]
        (LimbRule(spare_on_silhouette="yes"), "rule.spare_on_silhouette"),  # type: ignore[arg-type]
        (LimbRule(bent_back_radius=-0.1), "rule.bent_back_radius"),
        (LimbRule(bent_back_radius=math.inf), "rule.bent_back_radius"),
        (LimbRule(bent_back_radius=True), "rule.bent_back_radius"),  # type: ignore[arg-type]
        (LimbRule(bent_back_second_look=1), "rule.bent_back_second_look"),  # type: ignore[arg-type]
        (LimbRule(max_head_drop=-0.1), "rule.max_head_drop"),
        (LimbRule(max_head_drop=float("nan")), "rule.max_head_drop"),
        (LimbRule(max_head_drop=False), "rule.max_head_drop"),  # type: ignore[arg-type]
        (LimbRule(neighbour_hidden_reach=-0.1), "rule.neighbour_hidden_reach"),
        (LimbRule(neighbour_hidden_reach=math.inf), "rule.neighbour_hidden_reach"),
        (LimbRule(shared_body=1), "rule.shared_body"),  # type: ignore[arg-type]
        (LimbRule(third_hand_alone="no"), "rule.third_hand_alone"),  # type: ignore[arg-type]
        (LimbRule(crowd_size=-1), "rule.crowd_size"),
        (LimbRule(crowd_size=2.5), "rule.crowd_size"),  # type: ignore[arg-type]
    ],
)
def test_bad_rule_fields_name_themselves(rule: LimbRule, argument: str) -> None:
    with pytest.raises(GenImgUsageError, match=f"^{re.escape(argument)}: expected"):
        measure_anatomy(Image.new("RGB", (32, 32)), rule=rule)


def test_every_valid_min_rereads_is_accepted() -> None:
    from test_metrics_anatomy import make_hand, make_person

    engine = FakeEngine([make_person()], [make_hand((265, 240)), make_hand((135, 240)), make_hand((200, 150))], (400, 500))
    for n in range(len(VIEWS) + 1):  # FakeEngine finds the hand again in every view: it stays extra
        assert not measure_anatomy(Image.new("RGB", (400, 500)), engine=engine, rule=LimbRule(min_rereads=n)).passed


def test_bad_images_are_rejected_before_loading_models() -> None:
    with pytest.raises(GenImgUsageError, match="^images"):
        measure_anatomy(None)
    with pytest.raises(GenImgUsageError, match="^images"):
        measure_anatomy([])


def test_whole_image_only_settings(astronaut: Image.Image) -> None:
    result = measure_anatomy(astronaut, settings=ScanSettings(tiles=False))
    assert result.passed and result.per_image[0].scan.passes == 1




def test_the_scan_is_still_importable_from_pose() -> None:
    from pytest_genimg.backends import scan as moved
    from pytest_genimg.backends.pose import Scan, ScanSettings, find_people, scan

    assert (Scan, ScanSettings, find_people, scan) == (moved.Scan, moved.ScanSettings, moved.find_people, moved.scan)
    with pytest.raises(AttributeError, match="no_such_name"):
        pose.no_such_name  # noqa: B018

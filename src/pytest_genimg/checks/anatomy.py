"""Extra limbs: hands that no wrist can take, found with MediaPipe's hand and pose landmarkers.

Each image is scanned whole and on overlapping upscaled tiles (hands under about 60 px are missed
in one pass); each visible wrist then takes at most one hand, closest first, in body-size units. A
hand over a person's body that no wrist can take, or a third hand within a person's reach, is an
extra limb, unless it lies on a head (a BlazeFace face, grown for hair): hand detectors see hands
in hair and faces. ``strict=True`` also fails on hands attached to no detected person (see
:class:`~pytest_genimg.metrics.limb_rule.LimbRule`). Hand models always return 21 points, so extra
*fingers* are not visible to this check.

Measured (``benchmarks/accuracy_anatomy.py``, cases built from photos in scikit-image, matplotlib,
opencv-doc, the ultralytics wheel and, as fresh sets, other packages' portraits and groups; all of
them development data now, docs/thresholds.md): no person whose nose lies below its shoulders gets
an extra hand (``LimbRule.max_head_drop=0``: the pose model fits "people" to hair seen from behind),
a hand near the pose's estimate of a wrist it cannot see is that wrist's (``hidden_radius=0.25``:
hands resting on the own body), and, since the tenth round, a hand over one person is unattached,
not extra, when another person's free wrist (seen, or unseen within ``neighbour_hidden_reach``)
could reach it, when it lies over two people's bodies or among three (``crowd_size``), and a third
hand is one only if no other person within reach has a wrist free (group photos where people
touch). At these defaults: 11 false alarms in 978 images without an extra limb (0/324, 0/406, 2/143,
9/105 by set) and 21% of pasted hands caught (92/441); before the tenth round 21 and 104. The
second fresh set, run once before it was read: 17/105 false alarms, 46% caught. A third fresh set,
run once after the tenth round: 4/143 false alarms, 14% caught (6/43). Held out (a fourth, run
once in session 9 at the same defaults): 0/160 false alarms, 13% caught (12/94). Since session 10 no
wrist takes a hand bent over 70 degrees from its forearm (``max_bend``, was 105): 84 of 338 caught,
not 79, on the tuning sets, no false alarm more on any set, 13/94 on the fourth. Held out (a
fifth, run once after that change): 0/105 false alarms, 5% caught (2/43; ``strict`` 0/105, 11/43).
Held out (a sixth, session 19, run once: groups, crowds, hands holding things, from other
packages' photos): 2/137 false alarms, both a group photo beside its mirror image, and 10% caught
(12/123; ``strict`` 17/137, 27/123). ``strict=True``
catches more with many more false alarms (a hand on a person's silhouette, the pose model's
segmentation mask, is that person's). A hand that would fail an image gets a second look first
(the hand landmarker on three crops around it): hands seen in cloth, walls and blur are rarely
found again, so they are ignored. A pasted hand is missed mostly when the pose model moves a wrist
onto it, when the hand landmarker does not find it at all, or when the second look does not find it
again. Treat a pass as weak evidence, and a failure as a lead to check in the artifact, which shows
every hand with its person (or "unattached", or "ignored" after the second look) and why. Opt-in scan
passes (``settings=ScanSettings(body_hand_tile=1.25)`` or ``coarse_hand_tile=640``) find more pasted
hands (206 -> 224 or 221 of 295 on the tuning subset) but catch no more at the pasted hand and add
false alarms, so they are off (docs/thresholds.md, session 9).
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field, fields, replace
from typing import Any

from PIL import Image, ImageDraw, ImageFont

from ..backends.cached import CachedPose
from ..backends.pose import DEFAULT_POSE, PoseEngine
from ..backends.scan import Scan, ScanSettings, check_settings
from ..errors import usage
from ..images import InputImage, as_images
from ..metrics.anatomy import LIMBS, TORSO, WRISTS, Box
from ..metrics.limb_rule import Assignment, HandVerdict, LimbRule, assign_hands, head_boxes
from ..metrics.silhouette import Silhouettes
from ._base import (
    CheckResult,
    ItemVerdict,
    from_items,
    raise_if_failed,
    require_fraction,
    require_int,
    save_artifact,
)

# MediaPipe's 21-point hand skeleton: thumb, four fingers, and the palm's base.
HAND_BONES = (
    (0, 1), (1, 2), (2, 3), (3, 4), (0, 5), (5, 6), (6, 7), (7, 8), (5, 9), (9, 10), (10, 11), (11, 12),
    (9, 13), (13, 14), (14, 15), (15, 16), (13, 17), (17, 18), (18, 19), (19, 20), (0, 17),
)
_COLOURS = {"owned": (40, 220, 40), "stray": (255, 200, 0), "extra": (255, 30, 30), "unverified": (150, 150, 150)}


@dataclass(frozen=True)
class ImageAnatomy:
    """What was found in one image and what the rule made of it."""

    label: str
    scan: Scan
    assignment: Assignment
    heads: tuple[Box, ...] = ()  # around BlazeFace's faces; looked for only when a hand is left unowned
    silhouettes: Silhouettes | None = None  # the people's masks; found only under strict, for a hand left over

    @property
    def people(self) -> int:
        return len(self.scan.people)

    @property
    def hands(self) -> int:
        return len(self.scan.hands)

    @property
    def faces(self) -> int:
        """People whose nose and both eyes are visible (from the pose landmarks: no extra model)."""
        return sum(p.has_face for p in self.scan.people)


@dataclass
class AnatomyResult(CheckResult):
    """A :class:`CheckResult` that also carries per-image counts; for one image, ``result.people``,
    ``result.hands`` and ``result.faces`` are plain integers (``assert result.people == 2``)."""

    per_image: list[ImageAnatomy] = field(default_factory=list)

    def _single(self, name: str) -> int:
        if len(self.per_image) != 1:
            raise usage(f"result.{name}", f"a result for one image (use result.{name}_per_image)", f"{len(self.per_image)} images")
        return int(getattr(self.per_image[0], name))

    @property
    def people(self) -> int:
        return self._single("people")

    @property
    def hands(self) -> int:
        return self._single("hands")

    @property
    def faces(self) -> int:
        return self._single("faces")

    @property
    def people_per_image(self) -> list[int]:
        return [a.people for a in self.per_image]

    @property
    def hands_per_image(self) -> list[int]:
        return [a.hands for a in self.per_image]

    @property
    def faces_per_image(self) -> list[int]:
        return [a.faces for a in self.per_image]


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _box(box: tuple[float, float, float, float]) -> str:
    return "(" + ", ".join(str(round(v)) for v in box) + ")"


def hand_owner(verdict: HandVerdict) -> str:
    """Who the rule gave a hand to, and why, in a few words (one line of the artifact's legend)."""
    if verdict.status == "owned":
        far = "" if verdict.distance is None else f", {verdict.distance:.2f} body units"
        return f"P{verdict.person + 1} {verdict.reason}{far}"  # type: ignore[operator]
    if verdict.status == "extra":
        return f"EXTRA on P{verdict.person + 1}: {verdict.reason}"  # type: ignore[operator]
    if verdict.status == "unverified":
        on = "" if verdict.person is None else f" (on P{verdict.person + 1})"
        return f"ignored{on}, was {verdict.reason}"
    return f"unattached: {verdict.reason}"


def describe_hand(anatomy: ImageAnatomy, verdict: HandVerdict, rule: LimbRule) -> str:
    """One offending hand in words: which, where, how sure, why, and the nearest free wrist."""
    hand = anatomy.scan.hands[verdict.hand]
    head = f"hand H{verdict.hand + 1} at box {_box(hand.box)}, score {hand.score:.2f} (found in {_count(hand.votes, 'pass', 'passes')})"
    if verdict.status == "stray":
        why = f"belongs to no detected person ({verdict.reason}; fails only with strict=True)"
    elif verdict.reason == "third hand":
        why = f"is a third hand within reach of person P{verdict.person + 1}"  # type: ignore[operator]
    else:
        taken = ", both of whose wrists hold a hand," if "both wrists" in verdict.reason else ""
        why = f"lies over person P{verdict.person + 1}'s body{taken} and no wrist can take it"  # type: ignore[operator]
    if verdict.free_wrist is None:
        wrist = "no free visible wrist"
    else:
        p, side, distance = verdict.free_wrist
        wrist = f"nearest free wrist: P{p + 1} {side} at {distance:.2f} body units (take radius {rule.take_radius:g})"
    return f"{head} {why}; {wrist}"


def draw_anatomy(image: Image.Image, anatomy: ImageAnatomy) -> Image.Image:
    """The artifact: skeletons (P1, P2, ...), hands (green owned, yellow unattached, red extra), heads
    (violet, where a hand is never extra), silhouettes (tinted; found under strict only), a header
    with the counts, and a legend giving each hand its person (or "unattached") and why."""
    scale = max(1.0, 512 / max(image.size))
    picture = image.convert("RGB").resize((round(image.width * scale), round(image.height * scale)))
    cell = (anatomy.silhouettes.down if anatomy.silhouettes is not None else 1) * scale  # a mask cell, in picture px
    for mask in anatomy.silhouettes.masks if anatomy.silhouettes is not None else ():  # tinted where a hand is spared
        shape = Image.fromarray(mask.astype("uint8") * 96).resize(
            (round(mask.shape[1] * cell), round(mask.shape[0] * cell)), Image.Resampling.NEAREST).crop((0, 0, *picture.size))
        picture = Image.composite(Image.new("RGB", picture.size, (0, 200, 255)), picture, shape)
    width = max(2, round(max(picture.size) / 300))
    font = ImageFont.load_default(size=6 * width + 2)
    line = 6 * width + 6
    verdicts = anatomy.assignment.verdicts
    out = Image.new("RGB", (picture.width, picture.height + line * (len(verdicts) + 1)), (0, 0, 0))
    out.paste(picture, (0, 0))
    draw = ImageDraw.Draw(out)
    for k, person in enumerate(anatomy.scan.people):
        pts = person.points * scale
        for i, j in LIMBS + ((11, 12), (23, 24), (11, 23), (12, 24)):
            seen = person.visible(i) and person.visible(j)
            draw.line([tuple(pts[i]), tuple(pts[j])], fill=(0, 200, 255) if seen else (110, 110, 110), width=width)
        for idx in WRISTS.values():
            x, y = pts[idx]
            draw.ellipse((x - 3 * width, y - 3 * width, x + 3 * width, y + 3 * width), outline=(0, 200, 255), width=width)
        x, y = pts[list(TORSO)].mean(axis=0)
        draw.text((float(x), float(y)), f"P{k + 1}", fill=(0, 200, 255), font=font, stroke_width=1, stroke_fill=(0, 0, 0))
    for x0, y0, x1, y1 in anatomy.heads:
        draw.rectangle((x0 * scale, y0 * scale, x1 * scale, y1 * scale), outline=(200, 120, 255), width=max(1, width // 2))
    for n, verdict in enumerate(verdicts):
        hand = anatomy.scan.hands[verdict.hand]
        colour = _COLOURS[verdict.status]
        pts = hand.points * scale
        for i, j in HAND_BONES:
            draw.line([tuple(pts[i]), tuple(pts[j])], fill=colour, width=max(1, width // 2))
        x0, y0, x1, y1 = (v * scale for v in hand.box)
        draw.rectangle((x0 - 3, y0 - 3, x1 + 3, y1 + 3), outline=colour, width=width * (2 if verdict.status == "extra" else 1))
        owner = "ignored" if verdict.status == "unverified" else "unattached" if verdict.person is None else f"P{verdict.person + 1}"
        tag = f"H{verdict.hand + 1} {owner}"
        draw.text((x0, y1 + 4), tag, fill=colour, font=font, stroke_width=1, stroke_fill=(0, 0, 0))
        legend = f"H{verdict.hand + 1} ({hand.votes} passes, score {hand.score:.2f}): {hand_owner(verdict)}"
        draw.text((4, picture.height + line * (n + 1)), legend, fill=colour, font=font)
    extra = ", ".join(f"H{v.hand + 1}" for v in anatomy.assignment.extra) or "none"
    header = f"{_count(anatomy.people, 'person', 'people')}, {_count(anatomy.hands, 'hand', 'hands')}; extra: {extra}"
    draw.text((4, 4), header, fill=(255, 255, 255), font=font, stroke_width=2, stroke_fill=(0, 0, 0))
    draw.text((4, picture.height + 2), "each hand: its person and why", fill=(255, 255, 255), font=font)
    return out


def _validate(strict: Any, min_pass_rate: Any, min_people: Any, expect_people: Any) -> None:
    if not isinstance(strict, bool):
        raise usage("strict", "True or False", strict)
    require_fraction("min_pass_rate", min_pass_rate)
    require_int("min_people", min_people, minimum=0)
    if expect_people is not None:
        require_int("expect_people", expect_people, minimum=0)
        if expect_people < min_people:
            raise usage("expect_people", f"a count >= min_people ({min_people})", expect_people)


def _validate_rule(rule: LimbRule) -> None:
    """The second look's, the head exception's, the silhouettes', the neighbour's, the bent-back
    hand's, the upside-down person's and the crowd exceptions' fields (older ones are left as given)."""
    from ..backends.hand_verify import VIEWS

    n = rule.min_rereads
    if isinstance(n, bool) or not isinstance(n, int) or not 0 <= n <= len(VIEWS):
        raise usage("rule.min_rereads", f"an integer from 0 (no second look) to {len(VIEWS)} (the views it takes)", n)
    for flag in ("spare_on_silhouette", "bent_back_second_look", "shared_body", "third_hand_alone"):
        if not isinstance(getattr(rule, flag), bool):
            raise usage(f"rule.{flag}", "True or False", getattr(rule, flag))
    score = rule.min_face_score
    if isinstance(score, bool) or not isinstance(score, (int, float)) or math.isnan(score):
        raise usage("rule.min_face_score", "a number (above 1: no head exception)", score)
    require_int("rule.crowd_size", rule.crowd_size, minimum=0)
    for name in ("head_grow", "neighbour_reach", "bent_back_radius", "neighbour_hidden_reach"):
        value = getattr(rule, name)
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value < math.inf:
            raise usage(f"rule.{name}", "a finite number >= 0", value)
    drop = rule.max_head_drop
    if isinstance(drop, bool) or not isinstance(drop, (int, float)) or not drop >= 0:
        raise usage("rule.max_head_drop", "a number >= 0 (math.inf: off)", drop)


def _verdict(item: InputImage, anatomy: ImageAnatomy, rule: LimbRule, min_people: int, expect_people: int | None) -> ItemVerdict:
    extra = anatomy.assignment.extra
    stray = anatomy.assignment.stray
    values: dict[str, Any] = {
        "people": anatomy.people,
        "hands": anatomy.hands,
        "faces": anatomy.faces,
        "extra_hands": len(extra),
    }
    if stray:
        values["stray_hands"] = len(stray)
    if anatomy.assignment.unverified:
        values["unverified_hands"] = len(anatomy.assignment.unverified)  # not found again on a closer look
    problems = [describe_hand(anatomy, v, rule) for v in anatomy.assignment.failing(rule.strict)]
    if expect_people is not None and anatomy.people != expect_people:
        problems.insert(0, f"expected {_count(expect_people, 'person', 'people')}, found {anatomy.people}")
    elif anatomy.people < min_people:
        problems.insert(0, f"expected at least {_count(min_people, 'person', 'people')}, found {anatomy.people}")
    if not problems:
        return ItemVerdict(item.label, True, values)
    counts = f"{_count(anatomy.people, 'person', 'people')}, {_count(anatomy.hands, 'hand', 'hands')}"
    artifact = save_artifact(draw_anatomy(item.pil, anatomy), f"anatomy-{item.index}", f"anatomy {item.label}")
    return ItemVerdict(item.label, False, values, "; ".join(problems) + f" [{counts}]", artifact)


def judge_scan(item: InputImage, found: Scan, rule: LimbRule, detector: CachedPose | None = None,
               settings: ScanSettings | None = None) -> ImageAnatomy:
    """The rule's verdict on one scan. Faces are looked for (BlazeFace, through the evaluator cache)
    only when some hand is left unowned, since they matter only for those (the head exception);
    ``detector`` takes the second look at each hand about to fail the image (none: no second look)
    and, under ``strict``, finds the people's silhouettes when a hand is left unattached."""
    assignment = assign_hands(found.people, found.hands, rule)
    if all(v.status == "owned" for v in assignment.verdicts):
        return ImageAnatomy(item.label, found, assignment)
    from ..backends.cached_detect import cached_detect
    from ..backends.faces import MIN_CONFIDENCE

    # Faces the head exception can use: BlazeFace's (never the Haar proposer's, scored 0, whatever the
    # cut), from the first pass alone when the cut is above it; none looked for above 1 (no exception).
    faces_from = "faces-confident" if rule.min_face_score >= MIN_CONFIDENCE else "faces-blazeface"
    faces = () if rule.min_face_score > 1 else tuple((d.box, d.score) for d in cached_detect(faces_from, item.array, ["face"]))
    looks: dict[int, tuple[int, int]] = {}

    def reread(h: int) -> tuple[int, int]:
        if h not in looks:
            looks[h] = detector.reread(item.pil, found.hands[h])  # type: ignore[union-attr]
        return looks[h]

    masks: list[Silhouettes | None] = []

    def silhouettes() -> Silhouettes | None:
        masks.append(detector.silhouettes(item.pil, found.people, settings) if detector is not None else None)
        return masks[-1]

    judged = assign_hands(found.people, found.hands, rule, faces, reread if detector is not None else None, silhouettes)
    return ImageAnatomy(item.label, found, judged, tuple(head_boxes(faces, rule)), masks[-1] if masks else None)


def measure_anatomy(
    images: Any,
    *,
    strict: bool = False,
    min_pass_rate: float = 1.0,
    min_people: int = 0,
    expect_people: int | None = None,
    engine: str | PoseEngine = DEFAULT_POSE,
    rule: LimbRule | None = None,
    settings: ScanSettings | None = None,
) -> AnatomyResult:
    """Count people, hands and faces in each image and judge every hand against the wrists.

    An image passes when it has no extra hand (and, with ``strict``, no hand near no detected
    person and on no person's silhouette) and meets ``min_people`` / ``expect_people``. Faces (BlazeFace) are looked for only
    in images with a hand no wrist takes: a hand on a head is never extra. An image without people passes with a
    note, unless a person count was asked for. ``rule`` overrides the rule's thresholds (see
    :class:`LimbRule`), ``engine`` the detector (a :data:`POSE_BACKENDS` name or any
    :class:`PoseEngine`), ``settings`` the tiling.
    """
    _validate(strict, min_pass_rate, min_people, expect_people)
    if rule is not None and not isinstance(rule, LimbRule):
        raise usage("rule", "a LimbRule", rule)
    if rule is not None:
        _validate_rule(rule)
    if settings is not None:
        check_settings(settings)
    items = as_images(images)
    rule = replace(rule or LimbRule(), strict=strict)  # the ``strict`` argument wins over rule.strict
    detector = CachedPose(engine)  # raw scans come from the evaluator cache when it has them
    per_image = []
    verdicts = []
    for item in items:
        found = detector.scan(item.pil, settings or ScanSettings())
        anatomy = judge_scan(item, found, rule, detector, settings)
        per_image.append(anatomy)
        verdicts.append(_verdict(item, anatomy, rule, min_people, expect_people))
    empty = [a.label for a in per_image if a.people == 0]
    notes = [f"engine {detector.name}"]
    if empty:
        notes.insert(0, f"no person found in {', '.join(empty)}: no limbs to check there")
    base = from_items(
        "no_extra_limbs",
        verdicts,
        min_pass_rate=min_pass_rate,
        thresholds={
            "strict": strict,
            "take_radius": rule.take_radius,
            "hidden_radius": rule.hidden_radius,
            "max_bend": rule.max_bend,
            "hidden_max_bend": rule.hidden_max_bend if math.isfinite(rule.hidden_max_bend) else None,  # None: off
            "min_face_score": rule.min_face_score,
            "head_grow": rule.head_grow,
            "min_rereads": rule.min_rereads,
            "spare_on_silhouette": rule.spare_on_silhouette,
            "neighbour_reach": rule.neighbour_reach,
            "bent_back_radius": rule.bent_back_radius,
            **{name: getattr(rule, name) for name in ("neighbour_hidden_reach", "shared_body", "third_hand_alone", "crowd_size")},
            "max_head_drop": rule.max_head_drop if math.isfinite(rule.max_head_drop) else None,  # None: off
            "min_people": min_people,
            "expect_people": expect_people,
        },
        metrics={
            "people": sum(a.people for a in per_image),
            "hands": sum(a.hands for a in per_image),
            "faces": sum(a.faces for a in per_image),
            "extra_hands": sum(len(a.assignment.extra) for a in per_image),
            "images_without_people": len(empty),
        },
        notes=notes,
    )
    return AnatomyResult(**{f.name: getattr(base, f.name) for f in fields(CheckResult)}, per_image=per_image)


def assert_no_extra_limbs(
    images: Any,
    *,
    strict: bool = False,
    min_pass_rate: float = 1.0,
    min_people: int = 0,
    expect_people: int | None = None,
    engine: str | PoseEngine = DEFAULT_POSE,
    rule: LimbRule | None = None,
) -> AnatomyResult:
    """Fail when an image shows a hand that no wrist can take (see :func:`measure_anatomy`; its
    measured recall and false alarms are in this module's docstring)."""
    __tracebackhide__ = True
    result = measure_anatomy(
        images, strict=strict, min_pass_rate=min_pass_rate, min_people=min_people,
        expect_people=expect_people, engine=engine, rule=rule,
    )
    return raise_if_failed(result)  # type: ignore[return-value]

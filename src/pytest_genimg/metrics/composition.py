"""Composition verdicts from detections (GenEval's rules as pure functions): object counts against a
request, relative positions of two objects, and the colour of an object named from its pixels.

Boxes are ``(x0, y0, x1, y1)`` in image pixels, y growing downwards.
"""
from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..errors import usage

Box = tuple[float, float, float, float]

RELATIONS = ("left of", "right of", "above", "below", "near", "inside")
# A relation word a user may write -> the canonical one.
RELATION_ALIASES = {
    "left of": "left of", "to the left of": "left of", "on the left of": "left of", "left": "left of",
    "right of": "right of", "to the right of": "right of", "on the right of": "right of", "right": "right of",
    "above": "above", "over": "above", "on top of": "above",
    "below": "below", "under": "below", "beneath": "below", "underneath": "below",
    "near": "near", "next to": "near", "beside": "near", "close to": "near",
    "inside": "inside", "in": "inside", "within": "inside",
}
# GenEval's position rule: the centres must differ by more than this share of the two boxes' mean size.
POSITION_MARGIN = 0.1
# "near": the gap between the boxes is at most this many times the smaller box's larger side.
NEAR_GAP = 0.5
# "inside": at least this share of the first box lies within the second.
INSIDE_SHARE = 0.8


@dataclass(frozen=True)
class Detection:
    """One detected object: a label, a box in pixels, a confidence, and an optional boolean mask."""

    label: str
    box: Box
    score: float = 1.0
    mask: np.ndarray | None = field(default=None, compare=False, repr=False)

    @property
    def centre(self) -> tuple[float, float]:
        x0, y0, x1, y1 = self.box
        return (x0 + x1) / 2, (y0 + y1) / 2

    @property
    def width(self) -> float:
        return self.box[2] - self.box[0]

    @property
    def height(self) -> float:
        return self.box[3] - self.box[1]


# ------------------------------------------------------------------------------------------ counts


@dataclass(frozen=True)
class CountSpec:
    """How many of an object an image must hold: exactly ``n``, at least ``n`` or at most ``n``."""

    op: str  # "==", ">=", "<="
    n: int

    def holds(self, count: int) -> bool:
        return {"==": count == self.n, ">=": count >= self.n, "<=": count <= self.n}[self.op]

    @property
    def least(self) -> int:
        """The fewest objects that satisfy the spec (what a colour must hold for)."""
        return 0 if self.op == "<=" else self.n

    def __str__(self) -> str:
        return str(self.n) if self.op == "==" else f"{self.op}{self.n}"


_COUNT = re.compile(r"^\s*(>=|<=|==)?\s*(\d+)\s*$")


def parse_count(value: Any, name: str) -> CountSpec:
    """``2`` (exactly), ``">=1"``, ``"<=3"`` or ``"2"``; ``name`` is the object, for the message."""
    if isinstance(value, bool):
        raise usage(f"objects[{name!r}]", "a count: a non-negative integer, or a '>=n' / '<=n' string", value)
    if isinstance(value, int):
        if value < 0:
            raise usage(f"objects[{name!r}]", "a count: a non-negative integer, or a '>=n' / '<=n' string", value)
        return CountSpec("==", value)
    match = _COUNT.match(value) if isinstance(value, str) else None
    if not match:
        raise usage(f"objects[{name!r}]", "a count: a non-negative integer, or a '>=n' / '<=n' string", value)
    return CountSpec(match.group(1) or "==", int(match.group(2)))


@dataclass(frozen=True)
class ObjectSpec:
    name: str
    count: CountSpec
    color: str | None = None


def parse_objects(objects: Any) -> list[ObjectSpec]:
    """``{"cat": 2, "umbrella": ">=1", "cube": {"count": 1, "color": "red"}}`` -> specs."""
    if not isinstance(objects, Mapping) or not objects:
        raise usage("objects", "a non-empty dict object name -> count or {'count': ..., 'color': ...}", objects)
    specs = []
    for name, value in objects.items():
        if not isinstance(name, str) or not name.strip():
            raise usage("objects", "object names as non-empty strings", name)
        color = None
        if isinstance(value, Mapping):
            unknown = sorted(set(value) - {"count", "color"})
            if unknown:
                raise usage(f"objects[{name!r}]", "only the keys 'count' and 'color'", unknown)
            color = value.get("color")
            if color is not None and color not in PALETTE:
                raise usage(f"objects[{name!r}]['color']", "one of " + ", ".join(PALETTE), color)
            value = value.get("count", ">=1")
        specs.append(ObjectSpec(name.strip(), parse_count(value, name), color))
    return specs


def parse_relations(relations: Any, names: Sequence[str]) -> list[tuple[str, str, str]]:
    """``[("cube", "left of", "ball")]`` -> canonical triples; both objects must be in ``objects``."""
    if relations is None:
        return []
    if isinstance(relations, tuple) and len(relations) == 3 and all(isinstance(x, str) for x in relations):
        relations = [relations]
    if isinstance(relations, (str, bytes)) or not isinstance(relations, Sequence):
        raise usage("relations", "a list of (object, relation, object) triples", relations)
    out = []
    for i, rel in enumerate(relations):
        if not (isinstance(rel, (tuple, list)) and len(rel) == 3 and all(isinstance(x, str) for x in rel)):
            raise usage(f"relations[{i}]", "an (object, relation, object) triple of strings", rel)
        a, word, b = (x.strip() for x in rel)
        canonical = RELATION_ALIASES.get(" ".join(word.lower().split()))
        if canonical is None:
            raise usage(f"relations[{i}]", "a relation among " + ", ".join(RELATIONS), word)
        for obj in (a, b):
            if obj not in names:
                raise usage(f"relations[{i}]", f"objects named in `objects` ({', '.join(names)})", obj)
        if a == b:  # each side is the object's most confident detection: it would be compared with itself
            raise usage(f"relations[{i}]", "two different objects (each side is judged on its most confident detection)", rel)
        out.append((a, canonical, b))
    return out


def nms(detections: Sequence[Detection], iou: float = 0.5) -> list[Detection]:
    """Greedy non-maximum suppression within one label: the same object found twice counts once."""
    kept: list[Detection] = []
    for det in sorted(detections, key=lambda d: -d.score):
        if all(d.label != det.label or box_iou(d.box, det.box) <= iou for d in kept):
            kept.append(det)
    return kept


def box_iou(a: Box, b: Box) -> float:
    inter = _intersection(a, b)
    union = _area(a) + _area(b) - inter
    return inter / union if union > 0 else 0.0


def _area(box: Box) -> float:
    return max(0.0, box[2] - box[0]) * max(0.0, box[3] - box[1])


def _intersection(a: Box, b: Box) -> float:
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    return max(0.0, w) * max(0.0, h)


# --------------------------------------------------------------------------------------- relations


def relation_holds(a: Detection, relation: str, b: Detection) -> tuple[bool, str]:
    """Whether ``a`` stands in ``relation`` to ``b``, and the numbers behind it.

    left/right/above/below (GenEval): the centres differ along that axis by more than
    ``POSITION_MARGIN`` x the boxes' mean extent on that axis; near: the gap between the boxes is at
    most ``NEAR_GAP`` x the smaller box's larger side (overlapping boxes are near); inside: at least
    ``INSIDE_SHARE`` of ``a``'s box lies in ``b``'s.
    """
    (ax, ay), (bx, by) = a.centre, b.centre
    if relation in ("left of", "right of"):
        margin = POSITION_MARGIN * (a.width + b.width) / 2
        dx = bx - ax if relation == "left of" else ax - bx
        return dx > margin, f"centre x {ax:.0f} vs {bx:.0f} (margin {margin:.0f} px)"
    if relation in ("above", "below"):
        margin = POSITION_MARGIN * (a.height + b.height) / 2
        dy = by - ay if relation == "above" else ay - by
        return dy > margin, f"centre y {ay:.0f} vs {by:.0f} (margin {margin:.0f} px)"
    if relation == "near":
        gap_x = max(0.0, max(a.box[0], b.box[0]) - min(a.box[2], b.box[2]))
        gap_y = max(0.0, max(a.box[1], b.box[1]) - min(a.box[3], b.box[3]))
        gap = math.hypot(gap_x, gap_y)
        limit = NEAR_GAP * min(max(a.width, a.height), max(b.width, b.height))
        return gap <= limit, f"gap {gap:.0f} px (limit {limit:.0f} px)"
    if relation == "inside":
        share = _intersection(a.box, b.box) / _area(a.box) if _area(a.box) > 0 else 0.0
        return share >= INSIDE_SHARE, f"{share:.0%} of its box inside (need {INSIDE_SHARE:.0%})"
    raise usage("relation", "one of " + ", ".join(RELATIONS), relation)


# ------------------------------------------------------------------------------------------ colour

# Reference colours per name (sRGB), a few shades each, so that a dark red is nearer "red" than
# "brown" and a pale blue nearer "blue" than "white". The documented palette of the check.
PALETTE: dict[str, tuple[tuple[int, int, int], ...]] = {
    "red": ((220, 30, 35), (160, 20, 25), (255, 70, 70)),
    "orange": ((245, 130, 20), (255, 165, 60), (210, 105, 15)),
    "yellow": ((250, 220, 30), (255, 240, 110), (205, 180, 20)),
    "green": ((40, 160, 60), (20, 100, 35), (120, 210, 110)),
    "blue": ((35, 80, 210), (20, 40, 130), (100, 160, 240)),
    "purple": ((130, 50, 170), (80, 25, 110), (175, 120, 215)),
    "pink": ((250, 150, 190), (235, 90, 160), (255, 200, 220)),
    "brown": ((125, 75, 35), (85, 50, 25), (165, 115, 75)),
    "black": ((15, 15, 15), (45, 45, 45)),
    "white": ((250, 250, 250), (225, 225, 225)),
    "grey": ((128, 128, 128), (90, 90, 90), (175, 175, 175)),
}
COLOR_ALIASES = {"gray": "grey", "violet": "purple"}


def srgb_to_lab(rgb: np.ndarray) -> np.ndarray:
    """sRGB (..., 3) uint8 or [0, 255] floats -> CIELAB (D65)."""
    c = np.asarray(rgb, dtype=np.float64) / 255.0
    c = np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    xyz = c @ np.array([[0.4124564, 0.2126729, 0.0193339], [0.3575761, 0.7151522, 0.1191920], [0.1804375, 0.0721750, 0.9503041]])
    xyz = xyz / np.array([0.95047, 1.0, 1.08883])
    f = np.where(xyz > (6 / 29) ** 3, np.cbrt(xyz), xyz / (3 * (6 / 29) ** 2) + 4 / 29)
    return np.stack([116 * f[..., 1] - 16, 500 * (f[..., 0] - f[..., 1]), 200 * (f[..., 1] - f[..., 2])], axis=-1)


_NAMES = [name for name, shades in PALETTE.items() for _ in shades]
_REF_LAB = srgb_to_lab(np.array([shade for shades in PALETTE.values() for shade in shades], dtype=np.float64))


@dataclass(frozen=True)
class ColorName:
    """The name of a colour, its CIELAB distance (CIE76) to the nearest reference of that name, and
    the runner-up name with its distance: a small gap between the two is a near-tie."""

    name: str
    distance: float
    runner_up: str
    runner_up_distance: float
    share: float = 1.0  # for a region: the share of its pixels named ``name``

    @property
    def margin(self) -> float:
        return self.runner_up_distance - self.distance


def _nearest(lab: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per row: distance to every palette name (its nearest shade), shape (N, names)."""
    d = np.linalg.norm(lab[:, None, :] - _REF_LAB[None, :, :], axis=-1)
    names = list(PALETTE)
    per_name = np.stack([d[:, [i for i, n in enumerate(_NAMES) if n == name]].min(axis=1) for name in names], axis=1)
    return per_name, np.array(names)


def name_color(rgb: Sequence[float]) -> ColorName:
    """The palette name of one sRGB colour."""
    per_name, names = _nearest(srgb_to_lab(np.asarray(rgb, dtype=np.float64).reshape(1, 3)))
    order = np.argsort(per_name[0])
    return ColorName(str(names[order[0]]), float(per_name[0, order[0]]), str(names[order[1]]), float(per_name[0, order[1]]))


def region_color(rgb: np.ndarray, box: Box, mask: np.ndarray | None = None, *, centre: float = 0.5) -> ColorName:
    """The dominant palette colour of an object: its pixels under ``mask`` when given, else the
    central ``centre`` share (per side) of its box, where background is least likely. Each pixel
    votes for its nearest name; the name with most votes wins, its distance measured at the median
    colour of its voters."""
    h, w = rgb.shape[:2]
    x0, y0, x1, y1 = box
    if mask is not None:
        pixels = rgb[np.asarray(mask, dtype=bool)]
    else:
        cx, cy, hw, hh = (x0 + x1) / 2, (y0 + y1) / 2, (x1 - x0) * centre / 2, (y1 - y0) * centre / 2
        ys = slice(max(0, int(cy - hh)), min(h, max(int(cy + hh), int(cy - hh) + 1)))
        xs = slice(max(0, int(cx - hw)), min(w, max(int(cx + hw), int(cx - hw) + 1)))
        pixels = rgb[ys, xs].reshape(-1, 3)
    if len(pixels) == 0:
        raise usage("box", "a box with pixels inside the image", box)
    if len(pixels) > 4096:  # a regular subsample: the vote does not need every pixel
        pixels = pixels[:: len(pixels) // 4096 + 1]
    per_name, names = _nearest(srgb_to_lab(pixels.astype(np.float64)))
    votes = np.bincount(per_name.argmin(axis=1), minlength=len(names))
    ranked = np.argsort(-votes)
    winner, second = int(ranked[0]), int(ranked[1])
    voters = per_name.argmin(axis=1) == winner
    at_median = _nearest(srgb_to_lab(np.median(pixels[voters], axis=0).reshape(1, 3)))[0][0]
    return ColorName(str(names[winner]), float(at_median[winner]), str(names[second]), float(at_median[second]),
                     float(votes[winner] / votes.sum()))

"""Pure geometry for the extra-limb check: hands and bodies, body-size units, overlapping tiles and
merging detections across them. The rule itself is in :mod:`pytest_genimg.metrics.limb_rule`."""
from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

Box = tuple[float, float, float, float]  # x0, y0, x1, y1 in pixels

# BlazePose landmark indices (33 points) used by the rule.
NOSE, LEFT_EYE, RIGHT_EYE = 0, 2, 5
SHOULDERS = (11, 12)
HIPS = (23, 24)
WRISTS = {"left": 15, "right": 16}  # the person's own left and right
ELBOWS = {"left": 13, "right": 14}
HAND_POINTS = {"left": (15, 17, 19, 21), "right": (16, 18, 20, 22)}  # wrist, pinky, index, thumb
PALM = (0, 5, 9, 13, 17)  # hand landmarks: wrist and the four finger bases
LIMBS = ((11, 13), (13, 15), (12, 14), (14, 16), (23, 25), (25, 27), (24, 26), (26, 28))  # arms, legs
TORSO = (11, 12, 24, 23)  # polygon: left shoulder, right shoulder, right hip, left hip
# BlazePose's 33 landmarks with each left/right pair swapped (eyes, ears, mouth corners, limbs, feet).
_MIRROR_ORDER = [0, 4, 5, 6, 1, 2, 3, 8, 7, 10, 9] + [k + (1 if k % 2 else -1) for k in range(11, 33)]


def _bounds(points: np.ndarray) -> Box:
    (x0, y0), (x1, y1) = points.min(axis=0), points.max(axis=0)
    return float(x0), float(y0), float(x1), float(y1)


@dataclass(frozen=True)
class Hand:
    """A detected hand: 21 landmarks in image pixels, a confidence (MediaPipe's Tasks API returns
    only the handedness score per hand), and how many passes (whole image, tiles) found it."""

    points: np.ndarray
    score: float
    handedness: str = ""
    votes: int = 1

    @property
    def box(self) -> Box:
        return _bounds(self.points)

    @property
    def size(self) -> float:
        x0, y0, x1, y1 = self.box
        return max(x1 - x0, y1 - y0, 1.0)

    @property
    def wrist(self) -> np.ndarray:
        return self.points[0]

    @property
    def palm(self) -> np.ndarray:
        return self.points[list(PALM)].mean(axis=0)


@dataclass(frozen=True)
class Person:
    """A detected body: 33 BlazePose landmarks in image pixels with their visibility (0-1)."""

    points: np.ndarray
    visibility: np.ndarray

    @property
    def size(self) -> float:
        return body_size(self.points)

    def visible(self, index: int, threshold: float = 0.5) -> bool:
        return bool(self.visibility[index] >= threshold)

    def mirrored(self, width: float) -> Person:
        """This body as seen in the left-right mirror of an image ``width`` px wide: x becomes
        ``width - x`` and each left landmark trades places with its right twin (BlazePose's left
        shoulder of a mirrored body is the original's right shoulder)."""
        order = _MIRROR_ORDER
        return Person(np.column_stack([width - self.points[order, 0], self.points[order, 1]]), self.visibility[order])

    def box(self, threshold: float = 0.5) -> Box:
        """Bounding box of the landmarks seen with at least ``threshold`` visibility."""
        seen = self.points[self.visibility >= threshold]
        return _bounds(seen if len(seen) else self.points)

    @property
    def has_face(self) -> bool:
        return all(self.visible(i) for i in (NOSE, LEFT_EYE, RIGHT_EYE))


def body_size(points: np.ndarray) -> float:
    """One person's scale in pixels: the larger of shoulder width and torso length.

    Shoulders shrink when the person turns sideways and the torso when they lean toward the camera;
    the larger of the two stays close to the person's size in both cases.
    """
    shoulders, hips = points[list(SHOULDERS)], points[list(HIPS)]
    width = float(np.linalg.norm(shoulders[0] - shoulders[1]))
    torso = float(np.linalg.norm(shoulders.mean(axis=0) - hips.mean(axis=0)))
    return max(width, torso, 1.0)


def head_rise(person: Person) -> float:
    """How far the nose lies above the midpoint of the shoulders in the image, in body units
    (negative: below it, as in a person upside down, or a pose fitted to hair hanging into the frame)."""
    shoulders = person.points[list(SHOULDERS)].mean(axis=0)
    return float(shoulders[1] - person.points[NOSE][1]) / person.size


def _segment_distance(point: np.ndarray, a: np.ndarray, b: np.ndarray) -> float:
    ab = b - a
    t = float(np.clip(np.dot(point - a, ab) / max(float(np.dot(ab, ab)), 1e-9), 0.0, 1.0))
    return float(np.linalg.norm(point - (a + t * ab)))


def _inside(point: np.ndarray, polygon: np.ndarray) -> bool:
    x, y = point
    inside = False
    for (x0, y0), (x1, y1) in zip(polygon, np.roll(polygon, -1, axis=0)):
        if (y0 > y) != (y1 > y) and x < x0 + (y - y0) * (x1 - x0) / (y1 - y0):
            inside = not inside
    return inside


def body_gaps(person: Person, point: np.ndarray) -> tuple[float, float]:
    """Distances in body units from ``point`` to the torso (0 inside it) and to the nearest visible
    arm or leg segment (inf when none is visible)."""
    torso = person.points[list(TORSO)]
    edge = 0.0 if _inside(point, torso) else min(_segment_distance(point, a, b) for a, b in zip(torso, np.roll(torso, -1, axis=0)))
    limbs = [_segment_distance(point, person.points[i], person.points[j]) for i, j in LIMBS if person.visible(i) and person.visible(j)]
    return edge / person.size, min(limbs, default=math.inf) / person.size


def body_distance(person: Person, point: np.ndarray) -> float:
    """How far ``point`` lies from ``person``'s torso or visible limbs, in body units."""
    return min(body_gaps(person, point))


def shoulder_gap(person: Person, hand: Hand) -> float:
    """Palm-to-nearer-shoulder distance in body units: how far ``person`` would reach for ``hand``."""
    return min(float(np.linalg.norm(hand.palm - person.points[s])) for s in SHOULDERS) / person.size


# --- tiles and merging -------------------------------------------------------------------------


def _starts(length: int, tile: int, overlap: float) -> list[int]:
    if length <= tile:
        return [0]
    stride = max(1.0, tile * (1.0 - overlap))
    count = math.ceil((length - tile) / stride) + 1
    return sorted({round(i * (length - tile) / (count - 1)) for i in range(count)})


def tile_grid(width: int, height: int, tile: int, overlap: float = 0.5) -> list[Box]:
    """Square tiles of side ``tile`` (clipped to the image) covering it with at least ``overlap``
    shared between neighbours, spread evenly so the last tile ends at the image border."""
    if width <= 0 or height <= 0 or tile <= 0 or not 0.0 <= overlap < 1.0:
        raise ValueError(f"bad tile grid: {width}x{height}, tile={tile}, overlap={overlap}")
    tw, th = min(tile, width), min(tile, height)
    return [
        (float(x), float(y), float(x + tw), float(y + th))
        for y in _starts(height, th, overlap)
        for x in _starts(width, tw, overlap)
    ]


def _grow(lo: float, hi: float, side: int, limit: int) -> tuple[float, float]:
    start = max(0.0, min((lo + hi) / 2 - side / 2, limit - side))
    return start, min(float(limit), start + side)


def region_tiles(region: Box, image_size: tuple[int, int], tile: float, overlap: float) -> list[Box]:
    """Tiles of side ``tile`` covering ``region`` (clipped to the image), as :func:`tile_grid` does."""
    width, height = image_size
    x0, y0 = max(0.0, region[0]), max(0.0, region[1])
    x1, y1 = min(float(width), region[2]), min(float(height), region[3])
    if x1 - x0 < 1 or y1 - y0 < 1:
        return []
    side = int(max(1, round(tile)))
    # Grow a region smaller than one tile to a whole tile (kept inside the image) so it is not upscaled twice.
    if x1 - x0 < side:
        x0, x1 = _grow(x0, x1, side, width)
    if y1 - y0 < side:
        y0, y1 = _grow(y0, y1, side, height)
    grid = tile_grid(round(x1 - x0), round(y1 - y0), side, overlap)
    return [(b[0] + x0, b[1] + y0, b[2] + x0, b[3] + y0) for b in grid]


def person_tiles(
    person: Person, image_size: tuple[int, int], *, scale: float = 1.25, grow: float = 0.35, overlap: float = 0.3, min_side: int = 128
) -> list[Box]:
    """Tiles around one body, each about ``scale`` body sizes wide, so that person's hands (about
    a third of a body size) fill a quarter of a tile: the size the palm detector finds reliably."""
    size = person.size
    x0, y0, x1, y1 = _bounds(person.points)
    pad = grow * size
    # Upscaling a tile more than about 3x makes hands out of texture: small people get bigger tiles.
    return region_tiles((x0 - pad, y0 - pad, x1 + pad, y1 + pad), image_size, max(scale * size, min_side), overlap)


def _area(box: Box) -> float:
    return max(0.0, box[2] - box[0]) * max(0.0, box[3] - box[1])


def _intersection(a: Box, b: Box) -> float:
    return _area((max(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), min(a[3], b[3])))


def box_iou(a: Box, b: Box) -> float:
    inter = _intersection(a, b)
    union = _area(a) + _area(b) - inter
    return inter / union if union > 0 else 0.0


def overlap_of_smaller(a: Box, b: Box) -> float:
    """Intersection over the smaller box's area: 1.0 when one box lies inside the other."""
    smaller = min(_area(a), _area(b))
    return _intersection(a, b) / smaller if smaller > 0 else 0.0


def share_inside(a: Box, b: Box) -> float:
    """The share of box ``a``'s area that lies inside box ``b`` (0 for an empty ``a``)."""
    area = _area(a)
    return _intersection(a, b) / area if area > 0 else 0.0


def touches_inner_edge(box: Box, tile: Box, image_size: tuple[int, int], margin: float) -> bool:
    """Whether ``box`` reaches within ``margin`` px of a tile edge that is not an image edge: a hand
    cut there is seen whole by a neighbouring tile, so this partial view is dropped."""
    (width, height), (x0, y0, x1, y1), (tx0, ty0, tx1, ty1) = image_size, box, tile
    return (tx0 > 0 and x0 < tx0 + margin) or (ty0 > 0 and y0 < ty0 + margin) or (
        tx1 < width and x1 > tx1 - margin) or (ty1 < height and y1 > ty1 - margin)


def merge_hands(hands: Sequence[Hand], *, iou: float = 0.3, contained: float = 0.7) -> list[Hand]:
    """Non-maximum suppression across passes: the most confident view of each hand is kept and
    counts one vote per duplicate (IoU above ``iou`` or mostly inside it)."""
    order = sorted(hands, key=lambda h: (-h.score, -h.size))
    kept: list[Hand] = []
    for hand in order:
        for k, other in enumerate(kept):
            if box_iou(hand.box, other.box) > iou or overlap_of_smaller(hand.box, other.box) > contained:
                kept[k] = Hand(other.points, other.score, other.handedness, other.votes + hand.votes)
                break
        else:
            kept.append(hand)
    return kept


def head_box(person: Person, grow: float = 1.3) -> Box:
    """A square around the face landmarks (nose, eyes, ears, mouth), ``grow`` times their spread."""
    head, (cx, cy) = person.points[:11], person.points[:11].mean(axis=0)
    half = max(float(np.ptp(head[:, 0])), float(np.ptp(head[:, 1])), 0.15 * person.size) * grow
    return float(cx - half), float(cy - half), float(cx + half), float(cy + half)


def same_person(a: Person, b: Person, *, distance: float = 0.35, min_shared: int = 4) -> bool:
    """Two pose detections of one body: their heads overlap, or the body landmarks both see lie
    within ``distance`` body units of each other (median)."""
    if box_iou(head_box(a), head_box(b)) > 0.3:
        return True
    body = list(range(11, 33))
    shared = (a.visibility[body] >= 0.5) & (b.visibility[body] >= 0.5)
    if int(shared.sum()) >= min_shared:
        gaps = np.linalg.norm(a.points[body][shared] - b.points[body][shared], axis=1)
        return float(np.median(gaps)) <= distance * max(a.size, b.size)
    return box_iou(a.box(), b.box()) > 0.5


def merge_people(people: Sequence[Person]) -> list[Person]:
    """Drop repeated detections of a body, keeping the view that sees most of it, and "people" whose
    head lies on another person's torso (BlazePose takes a hand held against a body for a face)."""
    order = sorted(people, key=lambda p: -float(p.visibility.sum()))
    kept: list[Person] = []
    for person in order:
        if any(same_person(person, other) for other in kept):
            continue
        centre = person.points[:11].mean(axis=0)
        if not any(_inside(centre, other.points[list(TORSO)]) for other in kept):
            kept.append(person)
    return kept

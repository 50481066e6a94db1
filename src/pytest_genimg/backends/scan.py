"""The tiled scan of one image for bodies and hands: hands on overlapping upscaled tiles (small hands
vanish at the models' input size), bodies on the whole image, on tiles along a long side and again
with found heads masked, everything merged across passes. Engines come from
:mod:`pytest_genimg.backends.pose`.
"""
from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TypeVar

import numpy as np
from PIL import Image

from ..errors import usage
from ..metrics.anatomy import (
    Box,
    Hand,
    Person,
    head_box,
    merge_hands,
    merge_people,
    person_tiles,
    same_person,
    tile_grid,
    touches_inner_edge,
)
from ..metrics.silhouette import Silhouettes, grid_shape, person_silhouettes, shrink_mask
from .pose import PoseEngine

T = TypeVar("T")


@dataclass(frozen=True)
class ScanSettings:
    """How an image is cut up: hands are searched on overlapping tiles of about ``hand_tile`` px,
    each upscaled to at least ``min_tile_px``; bodies on the whole image and, for wide or tall
    images, on square tiles along the long side."""

    hand_tile: int = 320
    hand_overlap: float = 0.3
    min_tile_px: int = 384
    min_image_px: int = 256
    max_image_px: int = 2048
    edge_margin: float = 0.02
    tiles: bool = True  # False: one whole-image pass (fast, misses small hands)
    pose_tiles: bool = True
    pose_rounds: int = 3
    person_tile: float = 1.25
    min_tile: int = 128
    # Opt-in passes for hands the tiles above miss (docs/thresholds.md, session 9): hand tiles around
    # every body this many body sizes wide, even a body whose tiles are as large as the grid's (0: off).
    body_hand_tile: float = 0.0
    # A second grid of hand tiles this many px wide, for hands cut by every tile of the first (0: off).
    coarse_hand_tile: int = 0


# Fields added after scans were first cached, with the value that leaves the scan as it was: a cache key
# leaves them out at that value, so scans cached before them stay valid (any other value changes the key).
_LATER_FIELDS = {"body_hand_tile": 0.0, "coarse_hand_tile": 0}


def settings_key(settings: ScanSettings) -> list[tuple[str, object]]:
    """The fields of ``settings`` that decide what a scan finds, sorted, for cache keys."""
    return sorted((k, v) for k, v in dataclasses.asdict(settings).items() if k not in _LATER_FIELDS or v != _LATER_FIELDS[k])


def check_settings(settings: object, argument: str = "settings") -> ScanSettings:
    """``settings`` if it is a ScanSettings whose every field is usable, else a usage error naming
    the field (a zero tile or an overlap of 1 would otherwise fail deep inside the tiling)."""
    if not isinstance(settings, ScanSettings):
        raise usage(argument, "a ScanSettings (pytest_genimg.backends.scan)", settings)

    def number(value: object) -> bool:
        return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)

    for name in ("coarse_hand_tile",):
        value = getattr(settings, name)
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise usage(f"{argument}.{name}", "an integer >= 0 (0: off)", value)
    if not number(settings.body_hand_tile) or settings.body_hand_tile < 0:
        raise usage(f"{argument}.body_hand_tile", "a number >= 0 (0: off)", settings.body_hand_tile)
    for name in ("hand_tile", "min_tile_px", "min_image_px", "max_image_px", "pose_rounds", "min_tile"):
        value = getattr(settings, name)
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise usage(f"{argument}.{name}", "an integer >= 1", value)
    if settings.max_image_px < settings.min_image_px:
        raise usage(f"{argument}.max_image_px", f"an integer >= min_image_px ({settings.min_image_px})", settings.max_image_px)
    for name, upper in (("hand_overlap", 1.0), ("edge_margin", 0.5)):
        value = getattr(settings, name)
        if not number(value) or not 0.0 <= value < upper:
            raise usage(f"{argument}.{name}", f"a number in [0, {upper:g})", value)
    if not number(settings.person_tile) or settings.person_tile <= 0:
        raise usage(f"{argument}.person_tile", "a positive number", settings.person_tile)
    for name in ("tiles", "pose_tiles"):
        if not isinstance(getattr(settings, name), bool):
            raise usage(f"{argument}.{name}", "True or False", getattr(settings, name))
    return settings


@dataclass(frozen=True)
class Scan:
    """Everything found in one image, merged across passes."""

    people: list[Person]
    hands: list[Hand]
    passes: int


def _shifted_hand(hand: Hand, scale: float, offset: tuple[float, float]) -> Hand:
    return Hand(hand.points / scale + np.asarray(offset), hand.score, hand.handedness, hand.votes)


def _shifted_person(person: Person, scale: float, offset: tuple[float, float]) -> Person:
    return Person(person.points / scale + np.asarray(offset), person.visibility)


def _crop(image: Image.Image, box: Box, min_px: int) -> tuple[np.ndarray, float]:
    tile = image.crop((int(box[0]), int(box[1]), int(box[2]), int(box[3])))
    scale = max(1.0, min_px / max(tile.size))
    if scale > 1.0:
        tile = tile.resize((round(tile.width * scale), round(tile.height * scale)), Image.Resampling.BICUBIC)
    return np.asarray(tile), scale


def pose_tiles(width: int, height: int) -> list[Box]:
    """Square tiles along the long side of a wide or tall image, where a single letterboxed pass
    shrinks every body; none for near-square images."""
    if max(width, height) < 1.3 * min(width, height):
        return []
    return tile_grid(width, height, min(width, height), overlap=0.5)


def hand_tiles(width: int, height: int, settings: ScanSettings) -> list[Box]:
    if max(width, height) <= settings.hand_tile * 1.2:
        return []  # the whole-image pass already sees the image at tile scale
    return tile_grid(width, height, settings.hand_tile, overlap=settings.hand_overlap)


def _people_masking_heads(engine: PoseEngine, rgb: np.ndarray, rounds: int) -> list[Person]:
    """Bodies in ``rgb``, found again after greying out the heads already found.

    BlazePose's detector keys on the head and its non-maximum suppression keeps one of two people
    standing close together; hiding each found head lets the next round see the other one.
    """
    return [p for p, _ in _rounds_masking_heads(lambda arr: [(p, None) for p in engine.people(arr)], rgb, rounds)]


def _rounds_masking_heads(detect: Callable[[np.ndarray], list[tuple[Person, T]]], rgb: np.ndarray,
                          rounds: int) -> list[tuple[Person, T]]:
    """:func:`_people_masking_heads` for any ``detect`` giving each body with something of its own."""
    found: list[tuple[Person, T]] = []
    work = rgb
    for _ in range(rounds):
        new = [(p, extra) for p, extra in detect(work) if not any(same_person(p, q) for q, _ in found)]
        if not new:
            break
        found += new
        work = work.copy()
        for person, _ in new:
            x0, y0, x1, y1 = head_box(person)
            h, w = work.shape[:2]
            work[max(0, int(y0)) : min(h, int(y1)), max(0, int(x0)) : min(w, int(x1))] = 127
    return found


def _working_copy(image: Image.Image, settings: ScanSettings) -> tuple[Image.Image, float]:
    """``image`` in RGB (what the pose model takes, tiles included), resized so its longest side lies
    in ``min_image_px``..``max_image_px``, and the factor."""
    image = image if image.mode == "RGB" else image.convert("RGB")
    longest = max(image.size)
    factor = min(max(1.0, settings.min_image_px / longest), settings.max_image_px / longest)
    if abs(factor - 1.0) < 1e-6:
        return image, 1.0
    size = (max(1, round(image.width * factor)), max(1, round(image.height * factor)))
    return image.resize(size, Image.Resampling.BICUBIC), factor


def scan(engine: PoseEngine, image: Image.Image, settings: ScanSettings = ScanSettings()) -> Scan:
    """Detect bodies and hands on the whole image plus overlapping tiles, then merge duplicates.

    Images outside ``min_image_px``..``max_image_px`` (longest side) are scanned resized; the
    coordinates returned are always the original image's.
    """
    work, factor = _working_copy(image, settings)
    found = _scan(engine, work, settings)
    if factor == 1.0:
        return found
    return Scan(
        people=[_shifted_person(p, factor, (0.0, 0.0)) for p in found.people],
        hands=[_shifted_hand(h, factor, (0.0, 0.0)) for h in found.hands],
        passes=found.passes,
    )


def _body_views(image: Image.Image, tiles: bool) -> Iterator[tuple[np.ndarray, float, tuple[int, int]]]:
    """What the body passes look at, each with its scale and its offset in ``image``'s pixels: the
    whole image (RGB, as :func:`_working_copy` makes it) and, with ``tiles``, the square tiles along
    the long side of a wide or tall image."""
    yield np.asarray(image), 1.0, (0, 0)
    for box in pose_tiles(*image.size) if tiles else []:
        arr, scale = _crop(image, box, 0)
        yield arr, scale, (int(box[0]), int(box[1]))


def _bodies(engine: PoseEngine, image: Image.Image, settings: ScanSettings, tiles: bool) -> list[Person]:
    """Bodies in every :func:`_body_views` view (heads masked between rounds), merged, in ``image``'s pixels."""
    return merge_people([_shifted_person(p, scale, offset) for arr, scale, offset in _body_views(image, tiles)
                         for p in _people_masking_heads(engine, arr, settings.pose_rounds)])


def _scan(engine: PoseEngine, image: Image.Image, settings: ScanSettings) -> Scan:
    rgb = np.asarray(image)  # RGB: :func:`_working_copy` made it
    width, height = image.size
    people = _bodies(engine, image, settings, settings.tiles and settings.pose_tiles)
    boxes = _hand_tiles(image.size, people, settings) if settings.tiles else []
    hands = merge_hands(list(engine.hands(rgb)) + _hands_on_tiles(engine, image, boxes, settings))
    more = _more_hand_tiles(image.size, people, settings, set(boxes)) if settings.tiles else []
    if more:  # merged after the rest, so a benchmark can cache these passes apart (see more_hands)
        hands = merge_hands(hands + _hands_on_tiles(engine, image, more, settings))
    return Scan(people=people, hands=hands, passes=1 + len(boxes) + len(more))


def _hand_tiles(size: tuple[int, int], people: list[Person], settings: ScanSettings) -> list[Box]:
    """The hand tiles every scan looks at: the grid, and tiles around each body smaller than its tiles."""
    grid = hand_tiles(*size, settings)
    coarsest = min((b[2] - b[0] for b in grid), default=float(max(size)))
    return grid + [
        box
        for person in people
        for box in person_tiles(person, size, scale=settings.person_tile, overlap=settings.hand_overlap, min_side=settings.min_tile)
        if box[2] - box[0] < 0.8 * coarsest
    ]


def _hands_on_tiles(engine: PoseEngine, image: Image.Image, boxes: list[Box], settings: ScanSettings) -> list[Hand]:
    """Hands on each tile (upscaled to ``min_tile_px``), in ``image``'s pixels; a hand cut by a tile's
    inner edge is left to the neighbouring tile that sees it whole."""
    found = []
    for box in boxes:
        arr, scale = _crop(image, box, settings.min_tile_px)
        margin = settings.edge_margin * max(box[2] - box[0], box[3] - box[1])
        for hand in engine.hands(arr):
            placed = _shifted_hand(hand, scale, (int(box[0]), int(box[1])))  # where _crop cut the tile
            if not touches_inner_edge(placed.box, box, image.size, margin):
                found.append(placed)
    return found


def _more_hand_tiles(size: tuple[int, int], people: list[Person], settings: ScanSettings, done: set[Box]) -> list[Box]:
    """The opt-in passes' tiles (``body_hand_tile``, ``coarse_hand_tile``) not already in ``done``."""
    width, height = size
    boxes: list[Box] = []
    if settings.body_hand_tile > 0:
        boxes += [box for person in people for box in person_tiles(
            person, size, scale=settings.body_hand_tile, overlap=settings.hand_overlap, min_side=settings.min_tile)]
    if settings.coarse_hand_tile > 0 and max(width, height) > settings.coarse_hand_tile * 1.2:
        boxes += tile_grid(width, height, settings.coarse_hand_tile, overlap=settings.hand_overlap)
    return list(dict.fromkeys(b for b in boxes if b not in done))


def more_hands(engine: PoseEngine, image: Image.Image, people: list[Person], settings: ScanSettings) -> list[Hand]:
    """The hands the opt-in passes (``body_hand_tile``, ``coarse_hand_tile``) find in ``image`` around
    ``people`` (as :func:`scan` found them), in ``image``'s pixels, before merging: :func:`scan` with
    those settings gives ``merge_hands`` of its hands without them plus these (benchmarks cache the two apart)."""
    work, factor = _working_copy(image, settings)
    placed = [_shifted_person(p, 1 / factor, (0.0, 0.0)) for p in people] if factor != 1.0 else people
    more = _more_hand_tiles(work.size, placed, settings, set(_hand_tiles(work.size, placed, settings))) if settings.tiles else []
    found = _hands_on_tiles(engine, work, more, settings)
    return found if factor == 1.0 else [_shifted_hand(h, factor, (0.0, 0.0)) for h in found]


def find_people(engine: PoseEngine, image: Image.Image, settings: ScanSettings = ScanSettings()) -> list[Person]:
    """Bodies only (no hand search), as :func:`scan` finds them; coordinates in ``image``'s pixels."""
    work, factor = _working_copy(image, settings)
    people = _bodies(engine, work, settings, settings.pose_tiles)
    return people if factor == 1.0 else [_shifted_person(p, factor, (0.0, 0.0)) for p in people]


def find_people_mirrored(engine: PoseEngine, image: Image.Image, settings: ScanSettings = ScanSettings()) -> list[Person]:
    """The bodies :func:`find_people` finds in ``image``'s mirror image, mirrored back onto ``image``."""
    flipped = find_people(engine, image.transpose(Image.Transpose.FLIP_LEFT_RIGHT), settings)
    return [p.mirrored(float(image.width)) for p in flipped]


def find_in_both_views(engine: PoseEngine, image: Image.Image, settings: ScanSettings = ScanSettings()) -> list[Person]:
    """The bodies :func:`find_people` finds in ``image`` that it also finds in its mirror image (the
    same person by :func:`pytest_genimg.metrics.anatomy.same_person`, once mirrored back)."""
    from ..metrics.anatomy import same_person

    mirrored = find_people_mirrored(engine, image, settings)
    return [p for p in find_people(engine, image, settings) if any(same_person(p, q) for q in mirrored)]


def find_silhouettes(engine: PoseEngine, image: Image.Image, people: list[Person], settings: ScanSettings = ScanSettings(),
                     down: int = 4) -> Silhouettes | None:
    """Each of ``people`` (as :func:`scan` found them in ``image``) with its silhouette: the body
    passes run again with the pose model's segmentation masks on, every mask put back in place and
    joined to the person its detection is. Masks are kept at ``1 / down`` of the image's size.
    None when ``engine`` gives no masks (it has no ``people_with_masks``)."""
    with_masks = getattr(engine, "people_with_masks", None)
    if not callable(with_masks):
        return None
    work, factor = _working_copy(image, settings)
    shape = grid_shape((image.height, image.width), down)
    detections: list[tuple[Person, np.ndarray]] = []
    for arr, _scale, (x0, y0) in _body_views(work, settings.tiles and settings.pose_tiles):  # body tiles: never upscaled
        for person, mask in _rounds_masking_heads(with_masks, arr, settings.pose_rounds):
            if np.shape(mask) != arr.shape[:2]:
                raise usage("engine.people_with_masks", f"masks the size of the array given, {arr.shape[:2]}", np.shape(mask))
            placed = np.zeros((work.height, work.width), dtype=bool)
            placed[y0 : y0 + mask.shape[0], x0 : x0 + mask.shape[1]] = mask
            detections.append((_shifted_person(person, factor, (x0 / factor, y0 / factor)), shrink_mask(placed, (image.height, image.width), down)))
    return person_silhouettes(people, detections, shape, down)

"""The geometry of the people detector's opt-in tile pass (``PeopleDetector(tile_pass=True)``): where
the whole-image pose passes count nobody or only small people, the pose model looks again at
overlapping tiles, each upscaled, and the bodies it finds there are mapped back to image pixels and
merged with the people already counted. Pure functions on boxes and landmark arrays; the pose and
mask passes live in :mod:`pytest_genimg.backends.tiled_people`.

Measured in session 10 on the seven development sets (``benchmarks/people_tiles.py``; see
docs/notes/people-tiles-s10.md)."""
from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from ..errors import usage
from .anatomy import overlap_of_smaller
from .composition import Box

GRID = 3  # tiles per side (2 found almost none of FRESH5's distant figures on a first look)
OVERLAP = 0.25  # share of a tile's side shared with its neighbour
SMALL = 0.4  # a counted person whose box is less tall than this share of the image is small
SAME = 0.5  # share of the smaller box another box covers that makes two bodies one person
MIN_TILE_PX = 512  # each tile is upscaled so its longer side is at least this


def _check_fraction(name: str, value: object, *, top: float = 1.0) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or not 0.0 <= value < top:
        raise usage(name, f"a number from 0 to below {top:g}", value)
    return float(value)


def tile_boxes(width: int, height: int, *, grid: int = GRID, overlap: float = OVERLAP) -> list[Box]:
    """``grid`` x ``grid`` tiles covering a ``width`` x ``height`` image, neighbours sharing ``overlap``
    of a tile's side, the last tile of each row and column ending at the image border; row by row."""
    for name, value in (("width", width), ("height", height), ("grid", grid)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise usage(name, "a whole number of at least 1", value)
    overlap = _check_fraction("overlap", overlap)
    def starts(side: int) -> list[tuple[float, float]]:
        tile = side / (grid - (grid - 1) * overlap)
        step = tile * (1.0 - overlap)
        return [(k * step, side if k == grid - 1 else k * step + tile) for k in range(grid)]

    return [(x0, y0, x1, y1) for y0, y1 in starts(height) for x0, x1 in starts(width)]


def to_image(points: np.ndarray, tile: Box, scale: float) -> np.ndarray:
    """Points (N x 2) found on a tile cut at ``tile`` and upscaled by ``scale``, in image pixels."""
    if isinstance(scale, bool) or not isinstance(scale, (int, float)) or not math.isfinite(scale) or scale <= 0:
        raise usage("scale", "a positive number (the tile's upscaling factor)", scale)
    points = np.asarray(points, dtype=float)
    if points.ndim != 2 or points.shape[1] != 2:
        raise usage("points", "an N x 2 array of (x, y)", points.shape)
    return points / scale + np.array([tile[0], tile[1]], dtype=float)


def box_to_tile(box: Box, tile: Box, scale: float) -> Box:
    """A box in image pixels, in the pixels of the tile cut at ``tile`` and upscaled by ``scale``."""
    return ((box[0] - tile[0]) * scale, (box[1] - tile[1]) * scale, (box[2] - tile[0]) * scale, (box[3] - tile[1]) * scale)


def box_to_image(box: Box, tile: Box, scale: float) -> Box:
    """The inverse of :func:`box_to_tile`."""
    return (box[0] / scale + tile[0], box[1] / scale + tile[1], box[2] / scale + tile[0], box[3] / scale + tile[1])


def only_small(counted: Sequence[tuple[Box, float]], height: int, *, small: float = SMALL) -> bool:
    """Whether the tile pass runs: nobody is counted, or every counted person's box is less tall
    than ``small`` of the image's ``height``."""
    small = _check_fraction("small", small, top=1.000001)
    return all(box[3] - box[1] < small * height for box, _ in counted)


def merge_tile_people(found: Sequence[tuple[Box, float]], counted: Sequence[tuple[Box, float]], *,
                      same: float = SAME) -> list[tuple[Box, float]]:
    """The bodies of ``found`` (tile bodies in image pixels, most confident first) that are new
    people: a body that a counted person, or a tile body kept before it, covers by ``same`` or more
    of the smaller box is that person (one person seen by two overlapping tiles counts once)."""
    same = _check_fraction("same", same, top=1.000001)
    kept, added = [box for box, _ in counted], []
    for box, score in sorted(found, key=lambda f: -f[1]):
        if any(overlap_of_smaller(box, other) >= same for other in kept):
            continue
        kept.append(box)
        added.append((box, score))
    return added


def rule_identity() -> dict[str, float]:
    """The pass's geometry, for the people detector's cache identity."""
    return {"grid": GRID, "overlap": OVERLAP, "small": SMALL, "same": SAME, "min_tile_px": MIN_TILE_PX}

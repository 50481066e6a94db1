"""The people detector's opt-in tile pass (``PeopleDetector(tile_pass=True)``): small people the pose
model misses on the whole image (distant figures, crowds), looked for again on overlapping upscaled
tiles. Where the whole-image passes count nobody or only small people, each tile of
:func:`~pytest_genimg.metrics.tiled_people.tile_boxes` is cut, upscaled to at least MIN_TILE_PX and
searched as the whole image is (:func:`~pytest_genimg.backends.scan.find_people`: several poses,
heads masked between rounds); its bodies (one per person, with ``body_rules``) count only where the
selfie segmenter's mask *of that tile* confirms them by the low floor's rule
(:func:`~pytest_genimg.metrics.masked_people.masked_newcomers`, the counted people mapped into the
tile), and a body another tile or a counted person already covers is that person
(:func:`~pytest_genimg.metrics.tiled_people.merge_tile_people`)."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from PIL import Image

from ..metrics.anatomy import Person
from ..metrics.bodies import one_body_each
from ..metrics.composition import Box
from ..metrics.tiled_people import MIN_TILE_PX, box_to_image, box_to_tile, merge_tile_people, only_small, tile_boxes

TileView = tuple[Box, float, list[Person]]  # the tile as cut (image pixels), its upscaling, its bodies (tile pixels)


def cut(rgb: np.ndarray, tile: Box, min_px: int = MIN_TILE_PX) -> tuple[np.ndarray, Box, float]:
    """The tile of ``rgb`` at ``tile`` (cut at whole pixels), upscaled so its longer side is at least
    ``min_px``; with the box as cut and the factor."""
    h, w = rgb.shape[:2]
    x0, y0, x1, y1 = int(tile[0]), int(tile[1]), min(w, max(int(tile[0]) + 1, round(tile[2]))), min(h, max(int(tile[1]) + 1, round(tile[3])))
    part = Image.fromarray(np.ascontiguousarray(rgb[y0:y1, x0:x1]))
    scale = max(1.0, min_px / max(part.size))
    if scale > 1.0:
        part = part.resize((round(part.width * scale), round(part.height * scale)), Image.Resampling.BICUBIC)
        scale = part.width / (x1 - x0)  # the factor the resize really applied along x
    return np.asarray(part), (float(x0), float(y0), float(x1), float(y1)), scale


def tile_views(engine: Any, rgb: np.ndarray) -> list[TileView]:
    """Every tile's bodies as the pose ``engine`` finds them (before any rule), in the tile's pixels."""
    from .scan import find_people

    views = []
    for tile in tile_boxes(rgb.shape[1], rgb.shape[0]):
        arr, box, scale = cut(rgb, tile)
        views.append((box, scale, find_people(engine, Image.fromarray(arr))))
    return views


def tile_newcomers(det: Any, rgb: np.ndarray, counted: list[tuple[Box, float]],
                   views: Callable[[], list[TileView]] | None = None, mask: Any = None) -> list[tuple[Box, float]]:
    """The further people ``det`` (a :class:`~pytest_genimg.backends.detectors.PeopleDetector`) counts
    on tiles of ``rgb`` beside ``counted``, as (box in image pixels, mean visibility); none where a
    counted person is not small (:func:`~pytest_genimg.metrics.tiled_people.only_small`). ``views``:
    :func:`tile_views`' as a call, where the caller has them; ``mask``: a call giving a tile's person mask
    (default ``det.person_mask``)."""
    from ..metrics.masked_people import masked_newcomers

    if not only_small(counted, rgb.shape[0]):
        return []
    views = tile_views(det.engine, rgb) if views is None else views()
    mask = det.person_mask if mask is None else mask
    found: list[tuple[Box, float]] = []
    for box, scale, bodies in views:
        bodies = one_body_each(bodies) if det.body_rules else bodies
        if not bodies:
            continue
        arr = cut(rgb, box)[0]
        inside = [(box_to_tile(b, box, scale), s) for b, s in counted]
        confirmed = masked_newcomers(det.boxes(bodies, arr.shape), inside, mask(arr))
        found += [(box_to_image(b, box, scale), s) for b, s in confirmed]
    return merge_tile_people(found, counted)

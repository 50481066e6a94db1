"""People's silhouettes (the pose model's segmentation masks) for the extra-limb rule: which person a
point lies on, each person's mask built from the detections that are that person, and a compact
form for caches. Pure functions on boolean arrays; the masks come from
:func:`pytest_genimg.backends.scan.find_silhouettes`."""
from __future__ import annotations

import base64
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from .anatomy import Person, same_person


@dataclass(frozen=True)
class Silhouettes:
    """One boolean mask per person (``masks[k]`` for the scan's ``people[k]``), kept at
    ``1 / down`` of the image's size, rounded up (:func:`grid_shape`): mask pixel (r, c) covers image
    pixels down*r .. down*r+down-1 (down) and down*c .. down*c+down-1 (across), cut by the image's edge."""

    masks: np.ndarray  # (people, rows, cols) bool
    down: int = 4

    def people_under(self, point: np.ndarray) -> list[int]:
        """The people whose silhouette covers ``point`` (image pixels), in order."""
        x, y = int(np.floor(point[0] / self.down)), int(np.floor(point[1] / self.down))
        _n, rows, cols = self.masks.shape
        if not (0 <= x < cols and 0 <= y < rows):
            return []
        return [k for k in range(len(self.masks)) if self.masks[k, y, x]]


def grid_shape(size: tuple[int, int], down: int) -> tuple[int, int]:
    """(rows, cols) of ``down`` px cells covering an image of ``size`` (rows, cols) px: the last row
    and column of cells are partial where a side is not a multiple of ``down``."""
    return -(-size[0] // down), -(-size[1] // down)


def shrink_mask(mask: np.ndarray, size: tuple[int, int], down: int) -> np.ndarray:
    """``mask`` (bool, over an image of ``size`` (rows, cols) px, at any resolution) sampled at the
    centre of each ``down`` px cell of that image (:func:`grid_shape`; a partial cell at the centre
    of its part inside the image): the grid :meth:`Silhouettes.people_under` reads."""
    def centres(length: int, cells: int) -> np.ndarray:
        lo = np.arange(-(-length // down)) * down
        middle = (lo + np.minimum(lo + down, length)) / 2
        return np.minimum((middle * cells / length).astype(int), cells - 1)

    return mask[np.ix_(centres(size[0], mask.shape[0]), centres(size[1], mask.shape[1]))]


def person_silhouettes(people: Sequence[Person], detections: Sequence[tuple[Person, np.ndarray]],
                       shape: tuple[int, int], down: int) -> Silhouettes:
    """Each person's silhouette: the union of the masks (all ``shape``) of the detections that are
    that person (:func:`~pytest_genimg.metrics.anatomy.same_person`); empty for a person none matches."""
    masks = np.zeros((len(people), *shape), dtype=bool)
    for k, person in enumerate(people):
        for found, mask in detections:
            if same_person(person, found):
                masks[k] |= mask
    return Silhouettes(masks, down)


def silhouettes_to_json(found: Silhouettes) -> dict[str, Any]:
    """A compact form: the masks' shape and their bits packed, base64 (about 2.7 KB per person at 512 px)."""
    bits = np.packbits(found.masks.astype(bool), axis=None)
    return {"shape": list(found.masks.shape), "down": found.down, "bits": base64.b64encode(bits.tobytes()).decode("ascii")}


def silhouettes_from_json(raw: dict[str, Any]) -> Silhouettes:
    shape = tuple(int(v) for v in raw["shape"])
    if len(shape) != 3:
        raise ValueError(f"silhouette shape {shape}: expected (people, rows, cols)")
    bits = np.frombuffer(base64.b64decode(raw["bits"]), dtype=np.uint8)
    count = int(np.prod(shape))
    if bits.size != (count + 7) // 8:
        raise ValueError(f"{bits.size} bytes of silhouette bits for shape {shape}")
    down = int(raw["down"])
    if down < 1:
        raise ValueError(f"silhouette cells of {down} px")
    return Silhouettes(np.unpackbits(bits, count=count).astype(bool).reshape(shape), down)

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
    ``1 / down`` of the image's size: mask pixel (r, c) covers image pixels (down*r .. down*r+down)."""

    masks: np.ndarray  # (people, rows, cols) bool
    down: int = 4

    def people_under(self, point: np.ndarray) -> list[int]:
        """The people whose silhouette covers ``point`` (image pixels), in order."""
        x, y = int(np.floor(point[0] / self.down)), int(np.floor(point[1] / self.down))
        _n, rows, cols = self.masks.shape
        if not (0 <= x < cols and 0 <= y < rows):
            return []
        return [k for k in range(len(self.masks)) if self.masks[k, y, x]]


def shrink_mask(mask: np.ndarray, shape: tuple[int, int]) -> np.ndarray:
    """``mask`` (bool, any size) sampled at the centres of a ``shape`` (rows, cols) grid over it."""
    rows = ((np.arange(shape[0]) + 0.5) * mask.shape[0] / shape[0]).astype(int)
    cols = ((np.arange(shape[1]) + 0.5) * mask.shape[1] / shape[1]).astype(int)
    return mask[np.ix_(np.minimum(rows, mask.shape[0] - 1), np.minimum(cols, mask.shape[1] - 1))]


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
    """A compact form: the masks' shape and their bits packed, base64 (about 1 KB per person at 512 px)."""
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
    return Silhouettes(np.unpackbits(bits, count=count).astype(bool).reshape(shape), int(raw["down"]))

"""Which bodies found at a low pose confidence are people: those a person mask confirms and no person
already counted owns. Pure functions on boxes and a person-confidence mask (HxW, 0-1).

Chosen on the tuning half of ``benchmarks/accuracy_composition.py`` by ``benchmarks/people_segmenter.py``
(sixth round): BlazePose at confidence 0.3 finds the people it misses at 0.5 (a man turned away from
the camera, blurred, in close crops) but also bodies on a rocket and a licence plate, which the
selfie segmenter's mask leaves bare (at most 0.01 of their boxes; the man's: 0.36-1.0), and a
second body on a counted person's torso, whose mask region that person's box already holds (0.68
of it; the men's regions: 0 of any counted box). A region must also fill REGION_MIN of the image:
without regions that large, which 64% of the tuning half's images lack, the low-confidence passes
are skipped (:func:`any_free_region`)."""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .composition import Box
from .anatomy import overlap_of_smaller

MASK_MIN = 0.2  # share of a body's box the mask must call person
OWNED = 0.25  # share of a counted person's box that makes a mask region theirs
REGION_MIN = 0.01  # share of the image a body's mask region must fill (the men's regions: 0.07-0.6)
LEVEL = 0.5  # person confidence over which a pixel is person


def _pixels(box: Box, shape: tuple[int, ...]) -> tuple[slice, slice]:
    h, w = shape[:2]
    x0, y0 = max(0, int(round(box[0]))), max(0, int(round(box[1])))
    x1, y1 = min(w, int(round(box[2]))), min(h, int(round(box[3])))
    return slice(y0, max(y0, y1)), slice(x0, max(x0, x1))


def box_coverage(mask: np.ndarray, box: Box, *, level: float = LEVEL) -> float:
    """The share of ``box``'s pixels (clipped to the mask) whose person confidence is over ``level``;
    0 for a box with no pixels inside the mask."""
    inside = np.asarray(mask)[_pixels(box, np.shape(mask))]
    return float((inside > level).mean()) if inside.size else 0.0


def mask_regions(mask: np.ndarray, level: float = LEVEL) -> np.ndarray:
    """Connected regions (8-neighbour) of the pixels over ``level``: 0 for background, 1.. per region."""
    from scipy import ndimage

    labels, _ = ndimage.label(np.asarray(mask) > level, structure=np.ones((3, 3), bool))
    return labels


def main_region(labels: np.ndarray, box: Box) -> int:
    """The region with the most pixels inside ``box`` (0: no region there)."""
    inside = labels[_pixels(box, labels.shape)]
    found, counts = np.unique(inside[inside > 0], return_counts=True)
    return int(found[counts.argmax()]) if len(found) else 0


def region_share(labels: np.ndarray, region: int, box: Box) -> float:
    """The share of ``box``'s pixels (clipped to the mask) that lie in ``region``."""
    inside = labels[_pixels(box, labels.shape)]
    return float((inside == region).mean()) if inside.size else 0.0


def masked_newcomers(candidates: Sequence[tuple[Box, float]], counted: Sequence[tuple[Box, float]], mask: np.ndarray, *,
                     min_cover: float = MASK_MIN, owned: float = OWNED, level: float = LEVEL,
                     region_min: float = REGION_MIN, regions: np.ndarray | None = None) -> list[tuple[Box, float]]:
    """The candidates (most confident first) that count as further people: no person counted (or
    added before) covers half of the candidate's box; the mask calls at least ``min_cover`` of its
    box person; and the mask region with the most pixels in its box fills at least ``region_min``
    of the image and is no person's already, i.e. fills less than ``owned`` of every counted or
    added person's box. ``regions``: :func:`mask_regions` of ``mask`` at ``level``, when the caller
    has them already."""
    labels = mask_regions(mask, level) if regions is None else regions
    kept = list(counted)
    added: list[tuple[Box, float]] = []
    for box, score in sorted(candidates, key=lambda c: -c[1]):
        if any(overlap_of_smaller(box, other) >= 0.5 for other, _ in kept):
            continue
        rows, cols = _pixels(box, labels.shape)
        inside = labels[rows, cols]
        if not inside.size or float((inside > 0).mean()) < min_cover:
            continue
        region = main_region(labels, box)
        if float((labels == region).mean()) < region_min or any(region_share(labels, region, other) >= owned for other, _ in kept):
            continue
        kept.append((box, score))
        added.append((box, score))
    return added


def any_free_region(mask: np.ndarray, counted: Sequence[tuple[Box, float]], *, owned: float = OWNED, level: float = LEVEL,
                    region_min: float = REGION_MIN, regions: np.ndarray | None = None) -> bool:
    """Whether some mask region fills at least ``region_min`` of the image and less than ``owned`` of
    every counted box: when none does, no candidate can pass :func:`masked_newcomers`, and looking
    for candidates can be skipped. ``regions`` as for :func:`masked_newcomers`."""
    labels = mask_regions(mask, level) if regions is None else regions
    sizes = np.bincount(labels.ravel()) / labels.size
    return any(sizes[k] >= region_min and all(region_share(labels, k, box) < owned for box, _ in counted)
               for k in range(1, len(sizes)))


def rule_identity() -> dict[str, float]:
    """The rule's cuts, for the people detector's cache identity."""
    return {"mask_min": MASK_MIN, "owned": OWNED, "level": LEVEL, "region_min": REGION_MIN}


def unconfirmed_faceless(people: Sequence, boxes: Sequence[tuple[Box, float]], faces: Sequence[tuple[Box, float]],
                         mask: np.ndarray, *, min_cover: float = MASK_MIN, level: float = LEVEL) -> list[int]:
    """The indices of the bodies (``people``, with their ``boxes`` in the same order) that have no face at
    their nose (:func:`~pytest_genimg.metrics.faced_people.face_at`) and whose box the mask calls person
    in less than ``min_cover`` of its pixels: a rock or a shadow the pose model took for a body
    (``PeopleDetector(faceless_mask=True)``, docs/notes/people-faceless-mask-s18.md)."""
    from .faced_people import face_at

    if len(people) != len(boxes):
        raise ValueError(f"unconfirmed_faceless: {len(people)} bodies, {len(boxes)} boxes")
    return [i for i, (person, (box, _)) in enumerate(zip(people, boxes))
            if face_at(person, faces) is None and box_coverage(mask, box, level=level) < min_cover]

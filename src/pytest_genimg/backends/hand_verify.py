"""A second look at a hand the extra-limb rule would flag: the hand landmarker run again on crops
centred on it (two context sizes and a mirrored view), compared with the first reading.

Hand detectors see hands in folds of cloth, hair and texture from one particular framing; a real hand
is found again wherever the crop puts it. Costs three landmarker calls per hand that is looked at.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageOps

from ..metrics.anatomy import Hand, box_iou
from .pose import PoseEngine

# (crop side in hand sizes, mirrored): a tight and a wide framing, and the tight one mirrored.
VIEWS: tuple[tuple[float, bool], ...] = ((2.0, False), (3.0, False), (2.5, True))
VIEW_PX = 256  # every crop is resized to this side: the palm detector's input is 192 px
MIN_IOU = 0.3  # a hand found in a view is the same hand when its box overlaps the first one this much
# Everything that changes what the second look finds, for the evaluator cache's key; VERSION goes up
# when reread_hand's logic changes what it finds.
VERSION = 1
IDENTITY = f"v{VERSION}|views={VIEWS}|px={VIEW_PX}|iou={MIN_IOU}"


@dataclass(frozen=True)
class Reread:
    """One view's reading of the hand: ``points`` (21x2, original image pixels) or None when the
    landmarker found no hand overlapping the first reading's box (IoU >= ``min_iou``)."""

    side: float
    mirrored: bool
    points: np.ndarray | None
    handedness: str = ""


def _crop_box(centre: np.ndarray, side: float, size: tuple[int, int]) -> tuple[int, int, int, int]:
    """A square of ``side`` px around ``centre``, shifted to lie inside the image where it fits."""
    width, height = size
    px = max(1, round(side))
    x0 = round(min(max(0.0, centre[0] - px / 2), max(0.0, width - px)))
    y0 = round(min(max(0.0, centre[1] - px / 2), max(0.0, height - px)))
    return x0, y0, min(width, x0 + px), min(height, y0 + px)


def reread_hand(engine: PoseEngine, image: Image.Image, hand: Hand, views: Sequence[tuple[float, bool]] = VIEWS,
                *, min_iou: float = MIN_IOU) -> list[Reread]:
    """Run ``engine.hands`` on a crop around ``hand`` for each view; keep the found hand that best
    overlaps ``hand`` (mapped back to ``image``'s pixels and, for a mirrored view, un-mirrored)."""
    x0, y0, x1, y1 = hand.box
    centre = np.array([(x0 + x1) / 2, (y0 + y1) / 2])
    rgb = image.convert("RGB")
    out = []
    for factor, mirrored in views:
        box = _crop_box(centre, factor * hand.size, image.size)
        crop = rgb.crop(box)
        scale = VIEW_PX / max(crop.size)
        crop = crop.resize((max(1, round(crop.width * scale)), max(1, round(crop.height * scale))), Image.Resampling.BICUBIC)
        if mirrored:
            crop = ImageOps.mirror(crop)
        best, best_iou = None, min_iou
        for found in engine.hands(np.asarray(crop)):
            pts = found.points.copy()
            if mirrored:
                pts[:, 0] = crop.width - pts[:, 0]
            pts = pts / scale + np.array([box[0], box[1]], dtype=np.float64)
            iou = box_iou(Hand(pts, 0.0).box, hand.box)
            if iou >= best_iou:
                best, best_iou = Hand(pts, found.score, found.handedness), iou
        out.append(Reread(factor, mirrored, None if best is None else best.points, "" if best is None else best.handedness))
    return out

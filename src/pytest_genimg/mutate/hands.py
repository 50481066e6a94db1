"""The ``extra_hand`` mutation: a hand cut from the image itself, pasted onto the person's chest.

The way ``benchmarks/cases_anatomy.py`` builds its extra-limb cases, at the size of that person's own
hand. An image with no person or no hand detected is returned unchanged (the mutation does not apply to it).
"""
from __future__ import annotations

import numpy as np

SHOULDERS, HIPS = (11, 12), (23, 24)


def _hand_box(engine: object, rgb: np.ndarray) -> tuple[int, int, int, int] | None:
    hands = list(engine.hands(rgb))  # type: ignore[attr-defined]
    if not hands:  # small hands need the tiled scan the anatomy check uses
        from PIL import Image

        from ..backends.scan import scan

        hands = list(scan(engine, Image.fromarray(rgb)).hands)  # type: ignore[arg-type]
    if not hands:
        return None
    x0, y0, x1, y1 = max(hands, key=lambda h: h.score).box
    pad = 0.15 * max(x1 - x0, y1 - y0)
    return int(x0 - pad), int(y0 - pad), int(x1 + pad), int(y1 + pad)


def paste_extra_hand(frame: np.ndarray) -> np.ndarray:
    from ..backends.pose import get_pose_engine

    engine = get_pose_engine()
    rgb = np.ascontiguousarray(frame[..., :3])
    people = engine.people(rgb)
    if not people:
        return frame
    person = people[0]
    box = _hand_box(engine, rgb)
    if box is None:
        return frame
    h, w = rgb.shape[:2]
    x0, y0, x1, y1 = max(0, box[0]), max(0, box[1]), min(w, box[2]), min(h, box[3])
    if x1 - x0 < 4 or y1 - y0 < 4:
        return frame
    crop = rgb[y0:y1, x0:x1]
    points = np.asarray(person.points)[:, :2]
    shoulders = points[list(SHOULDERS)].mean(axis=0)
    hips = points[list(HIPS)].mean(axis=0)
    target = 0.55 * shoulders + 0.45 * hips  # the chest: where no hand of this person's belongs
    ch, cw = crop.shape[:2]
    left = int(np.clip(target[0] - cw / 2, 0, w - cw))
    top = int(np.clip(target[1] - ch / 2, 0, h - ch))
    out = rgb.copy()
    out[top:top + ch, left:left + cw] = crop
    return out

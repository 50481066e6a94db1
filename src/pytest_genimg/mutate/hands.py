"""The ``extra_hand`` mutation: a hand cut from the image itself, pasted onto the person's chest.

The way ``benchmarks/cases_anatomy.py`` builds its extra-limb cases, at the size of that person's own
hand. An image with no person detected is returned unchanged (the mutation does not apply to it).
"""
from __future__ import annotations

import numpy as np

SHOULDERS, HIPS = (11, 12), (23, 24)
ELBOW_WRIST = ((13, 15), (14, 16))


def _hand_box(engine: object, rgb: np.ndarray, person: object) -> tuple[int, int, int, int] | None:
    hands = sorted(engine.hands(rgb), key=lambda h: -h.score)  # type: ignore[attr-defined]
    if hands:
        x0, y0, x1, y1 = hands[0].box
        pad = 0.15 * max(x1 - x0, y1 - y0)
        return int(x0 - pad), int(y0 - pad), int(x1 + pad), int(y1 + pad)
    points = np.asarray(person.points)[:, :2]  # type: ignore[attr-defined]
    for elbow, wrist in ELBOW_WRIST:  # no hand found: the region just past a visible wrist
        if person.visible(wrist) and person.visible(elbow):  # type: ignore[attr-defined]
            forearm = points[wrist] - points[elbow]
            centre = points[wrist] + 0.35 * forearm
            half = 0.3 * float(np.hypot(*forearm))
            if half >= 4:
                return int(centre[0] - half), int(centre[1] - half), int(centre[0] + half), int(centre[1] + half)
    return None


def paste_extra_hand(frame: np.ndarray) -> np.ndarray:
    from ..backends.pose import get_pose_engine

    engine = get_pose_engine()
    rgb = np.ascontiguousarray(frame[..., :3])
    people = engine.people(rgb)
    if not people:
        return frame
    person = people[0]
    box = _hand_box(engine, rgb, person)
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

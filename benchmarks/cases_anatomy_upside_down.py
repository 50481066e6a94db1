"""Close-ups turned upside down and crops of hair beside another close-up: the extra-limb
benchmark's "upside-down" kind (eighth round).

A head that hangs into the frame from its top edge, or hair and the back of a head filling one
side of a pair, is where the pose model can fit a person whose nose lies below its shoulders, and
the hand landmarker can read a hand in the same hair, which then lies "over" that person's body.
Both halves are grown by the same code from their own photos (never a photo of the other half),
the photos cycled in their listed order (a, b): a's upper-body, chest-up and portrait crops
(``cases_anatomy.close_up_crops``) each beside b's hair (the top of b's head down to just above
the eyes: what a head seen from behind shows), and b's crops turned 180 degrees alone and beside
a's same crop upright; each pair also mirrored, the overlap cycling over 0, 0.1 and 0.25 as in
``cases_anatomy_pairs``. The extra-limb side pastes a hand on each pair at a spot found from that
image's own pose (torso, hip, knee or third arm of either person; an upside-down person's spots lie
on its turned body), every third one mirrored too (``cases_anatomy_pairs.pose_pastes``).
"""
from __future__ import annotations

import numpy as np
from PIL import Image, ImageOps

from cases_anatomy import HALVES, Case, Locate, close_up_crops, side_by_side
from pytest_genimg.metrics.anatomy import body_size
from cases_anatomy_pairs import pose_pastes

CROPS = ("upper-body", "chest-up", "portrait")
OVERLAPS = (0.0, 0.1, 0.25)


def hair_crop(image: Image.Image, people: list[tuple[np.ndarray, np.ndarray]]) -> Image.Image | None:
    """The top of the largest person's head down to just above the eyes (hair, no face: what a head
    seen from behind shows), upscaled to 512 px; None when too small or when nobody is found."""
    if not people:
        return None
    pts, _vis = max(people, key=lambda p: body_size(p[0]))
    head = pts[:11]
    eyes = float(pts[[2, 5], 1].min())
    cx = float(head[:, 0].mean())
    side = max(float(np.ptp(head[:, 0])), 0.3 * body_size(pts))
    box = (max(0, round(cx - 1.2 * side)), max(0, round(eyes - 1.6 * side)), min(image.width, round(cx + 1.2 * side)),
           max(0, round(eyes - 0.15 * side)))
    if min(box[2] - box[0], box[3] - box[1]) < 32:
        return None
    crop = image.crop(box)
    scale = 512 / max(crop.size)
    return crop.resize((round(crop.width * scale), round(crop.height * scale)), Image.Resampling.LANCZOS)


def upside_down_cases(scaled: dict[str, Image.Image], found: dict[str, list], donors: dict[str, Image.Image],
                      locate: Locate | None) -> list[Case]:
    """The upside-down and hair cases of both halves: ``scaled`` the source photos, ``found`` their people,
    ``donors`` the hand crops; ``locate`` places the pastes on each pair (no pastes without it)."""
    cases: list[Case] = []
    for half in ("tune", "held-out"):
        crops = {n: close_up_crops(img, found.get(n, [])) for n, img in scaled.items()
                 if HALVES[n] == half and not n.startswith("crowd")}
        names = [n for n in crops if any(c in crops[n] for c in CROPS)]
        pastes = [0]  # pastes made so far in this half: the donor, its mirroring and the spot cycle with it

        def add(pair: Image.Image, name: str, turn: int, prefix: str) -> None:
            """``pair`` and its mirror image, and the pastes on it (half, donors, locate as above)."""
            cases.extend([Case(name, "upside-down", pair, half=half),
                          Case(f"{name}-mirrored", "upside-down", ImageOps.mirror(pair), half=half)])
            made = pose_pastes(pair, name, half, turn, pastes[0], donors, locate, prefix)
            cases.extend(made)
            pastes[0] += bool(made)

        for p, (a, b) in enumerate(zip(names, names[1:] + names[:1])):
            hair = hair_crop(scaled[b], found.get(b, []))
            if hair is not None and a != b:
                for c, crop in enumerate(c for c in CROPS if c in crops[a]):
                    overlap = OVERLAPS[(p + c) % 3]
                    add(side_by_side(crops[a][crop], hair, overlap=overlap), f"{a}-{crop}+{b}-hair@{overlap:g}", p + c, "hair-")
            for c, crop in enumerate(CROPS):
                if crop not in crops[b]:
                    continue
                turned = crops[b][crop].rotate(180)
                cases.append(Case(f"{b}-{crop}-upside-down", "upside-down", turned, half=half))
                if crop in crops[a] and a != b:
                    overlap = OVERLAPS[(p + c) % 3]
                    add(side_by_side(crops[a][crop], turned, overlap=overlap), f"{a}+{b}-{crop}-upside-down@{overlap:g}",
                        p + c, "upside-down-")
    return cases

"""Extra-limb cases built from the second fresh set (``fresh_photos.FRESH2``): the held-out set for
the choice made in the ninth round, continued, from the development sets (the tuning half, the old
held-out half and the first fresh set). The scales, the hand-picked spots and the two new donors
below were fixed, and this case list committed, before the check ran on any of these cases (the pose
engine was run on the scaled photos only to place the pose-found pastes).

Built by ``cases_anatomy_fresh.build_fresh_cases`` exactly as the first fresh set's cases (``FRESH2_SET``):
as is, mirrored, 2x, 0.5x, beside the mirror image, close-ups, pairs of two photos side by side and
overlapping, the person-free photos, and pastes at pose-found and hand-picked spots. Donors: the
first fresh set's seven and two cut from FRESH2's own hands (an open palm from the contact sheet, a
thumbs-up from the children), each found as a hand by the hand landmarker on the crop alone, at its
own size and at 256 px (checked on the crops only).
"""
from __future__ import annotations

from cases_anatomy_fresh import DONORS, FreshSet
from fresh_photos import FRESH2

HALF = "fresh2"

# Longest side 512-1024 px after scaling.
SCALES: dict[str, float] = {
    "family": 0.5, "hands-on-face": 0.5, "contact-sheet": 0.5, "sideways": 0.9, "teacup": 1.5, "elder": 1.0,
    "couple": 1.6, "children": 1.5,
}

# (x, y, pasted hand's longest side) in the photo's own pixels, picked by eye before any run: beside a
# real hand, over people the pose spots (two largest people only) may leave out, and on the torsos of
# the speaker turned on her side (the pose model may not find a person lying sideways).
SPOTS: dict[str, dict[str, tuple[float, float, float]]] = {
    "family": {"beside-hand": (1390, 900, 130), "other-person": (768, 704, 120)},
    "hands-on-face": {"beside-hand": (1024, 1003, 220)},
    "contact-sheet": {"beside-hand": (1472, 352, 110), "other-person": (203, 352, 100), "other-person2": (960, 1077, 100),
                      "other-person3": (1707, 1835, 100)},
    "sideways": {"torso": (720, 360, 170), "other-person": (720, 900, 170)},
    "teacup": {"beside-hand": (81, 272, 60)},
    "couple": {"other-person": (378, 267, 60)},
    "children": {"beside-hand": (283, 233, 45), "other-person": (440, 164, 45), "other-person2": (151, 214, 45)},
}

# The first fresh set's donors, and two from FRESH2 (photo, box in the photo's own pixels).
DONORS2: dict[str, tuple[str, tuple[int, int, int, int]]] = {
    **DONORS,
    "open-palm": ("contact-sheet", (939, 500, 1152, 770)),
    "thumbs-up": ("children", (528, 148, 566, 218)),
}

FRESH2_SET = FreshSet(HALF, FRESH2, SCALES, SPOTS, DONORS2)

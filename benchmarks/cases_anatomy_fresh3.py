"""Extra-limb cases built from the third fresh set (``fresh_photos.FRESH3``): held out for every choice
made in session 8, when the first two fresh sets had been run and read (development data since).
The scales and the hand-picked spots below were fixed, and this case list committed, before any
detector, pose, hand or face engine ran on any FRESH3 image (at run time the pose engine places the
pose-found pastes and the close-ups, as for the other sets).

Built by ``cases_anatomy_fresh.build_fresh_cases`` exactly as the first two fresh sets' cases
(``FRESH3_SET``): as is, mirrored, 2x, 0.5x, beside the mirror image, close-ups, pairs of two photos
side by side and overlapping, the person-free photos, and pastes at pose-found and hand-picked
spots. Donors: the nine of the first two fresh sets (``DONORS2``), each checked as a hand then; no
hand was cut from FRESH3, since checking a crop with the hand landmarker would have run an engine
on its images before this list was fixed.

    python benchmarks/accuracy_anatomy.py --half fresh3
"""
from __future__ import annotations

from cases_anatomy_fresh import FreshSet
from cases_anatomy_fresh2 import DONORS2
from fresh_photos import FRESH3

HALF = "fresh3"

# Longest side 512-1024 px after scaling.
SCALES: dict[str, float] = {
    "beach-friends": 1.0, "soldier": 0.35, "hand-on-head": 0.6, "smiling-man": 1.5, "surprise": 1.5, "happy": 1.5,
    "pout": 1.5, "turned-man": 1.5, "car-duo": 0.5, "lectern": 0.9, "small-portrait": 3.5, "tongue": 0.9, "fist": 2.0,
}

# (x, y, pasted hand's longest side) in the photo's own pixels, picked by eye on a grid drawn over
# each photo before any run: beside a real hand, and over people the pose spots (two largest people
# only) may leave out (the soldiers lying behind, the seated man, the friends in front).
SPOTS: dict[str, dict[str, tuple[float, float, float]]] = {
    "beach-friends": {"beside-hand": (150, 250, 70), "other-person": (590, 560, 75), "other-person2": (790, 560, 75),
                      "other-person3": (480, 390, 60)},
    "soldier": {"beside-hand": (2300, 1540, 230), "other-person": (1640, 1660, 120), "other-person2": (2050, 1660, 110),
                "other-person3": (380, 1820, 120)},
    "hand-on-head": {"beside-hand": (1100, 230, 320)},
    "car-duo": {"beside-hand": (290, 800, 210), "other-person": (1420, 520, 200)},
    "lectern": {"beside-hand": (615, 340, 72), "other-person": (135, 740, 60)},
    "fist": {"beside-hand": (80, 80, 110)},
}

FRESH3_SET = FreshSet(HALF, FRESH3, SCALES, SPOTS, DONORS2)

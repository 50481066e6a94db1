"""Extra-limb cases built from the fifth fresh set (``fresh_photos.FRESH5``), held out for session 10's
choices (the first four fresh sets are development data since their runs were read). Made exactly as
cases_anatomy_fresh4.py makes FRESH4's, by ``cases_anatomy_fresh.build_fresh_cases`` with the first two
sets' nine donor hands (``DONORS2``; none cut from FRESH5, which would have run the hand landmarker on
its photos). Its scales and hand-picked spots were fixed by eye, and this list committed, before any
detector, pose, hand or face engine ran on a FRESH5 image; at run time the pose engine places the
close-ups and the pose-found pastes, as for every set.

    python benchmarks/accuracy_anatomy.py --half fresh5 --verbose
"""
from __future__ import annotations

from cases_anatomy_fresh import FreshSet
from cases_anatomy_fresh2 import DONORS2
from fresh_photos import FRESH5

HALF = "fresh5"

# Longest side 512-1024 px after scaling.
SCALES: dict[str, float] = {
    "stubbled-man": 0.5, "suited-man": 2.0, "aside-man": 2.0, "red-hat": 1.5, "snowy-highway": 0.9, "sunset-walker": 0.9,
    "fountain-garden": 0.8, "bearded-face": 3.0, "stair-climbers": 1.5,
}

# (x, y, pasted hand's longest side) in the photo's own pixels, picked by eye on a grid drawn over
# each photo before any run, at about the size of that person's own hand: beside a real hand (the
# officer's, the walker's, the seated man's), over the own torso and near a shoulder (the seated
# man, the walker, the man on the stairs, and the portraits, where no hand is in view), beside a face
# close-up, over a second person (the man pushing a car, a figure behind the seated man, the climber
# below the railings) and among the small figures far up the road.
SPOTS: dict[str, dict[str, tuple[float, float, float]]] = {
    "stubbled-man": {"on-chest": (700, 1850, 450), "beside-face": (1380, 1100, 400)},
    "suited-man": {"on-chest": (100, 380, 60), "near-shoulder": (290, 300, 55)},
    "aside-man": {"near-shoulder": (60, 350, 55), "beside-face": (270, 320, 50)},
    "red-hat": {"near-shoulder": (450, 330, 70), "beside-face": (60, 300, 70)},
    "snowy-highway": {"beside-hand": (375, 820, 24), "other-person": (450, 430, 22), "crowd": (285, 70, 12)},
    "sunset-walker": {"beside-hand": (655, 705, 22), "own-torso": (680, 650, 22), "near-shoulder": (690, 620, 20)},
    "fountain-garden": {"beside-hand": (885, 380, 18), "own-torso": (935, 330, 18), "near-shoulder": (935, 305, 16),
                        "other-person": (810, 145, 12), "crowd": (780, 150, 12)},
    "bearded-face": {"near-shoulder": (40, 210, 45), "beside-face": (205, 120, 40)},
    "stair-climbers": {"own-torso": (430, 320, 28), "near-shoulder": (415, 275, 28), "other-person": (180, 350, 26)},
}

FRESH5_SET = FreshSet(HALF, FRESH5, SCALES, SPOTS, DONORS2)

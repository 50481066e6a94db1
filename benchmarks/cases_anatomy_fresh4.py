"""Extra-limb cases built from the fourth fresh set (``fresh_photos.FRESH4``): held out for every choice
made in session 9, when the first three fresh sets had been run and read (development data since).
The scales and the hand-picked spots below were fixed, and this case list committed, before any
detector, pose, hand or face engine ran on any FRESH4 image (at run time the pose engine places the
pose-found pastes and the close-ups, as for the other sets).

Built by ``cases_anatomy_fresh.build_fresh_cases`` exactly as the earlier fresh sets' cases
(``FRESH4_SET``): as is, mirrored, 2x, 0.5x, beside the mirror image, close-ups, pairs of two photos
side by side and overlapping, the person-free photos, and pastes at pose-found and hand-picked
spots. Donors: the nine of the first two fresh sets (``DONORS2``), each checked as a hand then; no
hand was cut from FRESH4, since checking a crop with the hand landmarker would have run an engine
on its images before this list was fixed.

    python benchmarks/accuracy_anatomy.py --half fresh4
"""
from __future__ import annotations

from cases_anatomy_fresh import FreshSet
from cases_anatomy_fresh2 import DONORS2
from fresh_photos import FRESH4

HALF = "fresh4"

# Longest side 512-1024 px after scaling.
SCALES: dict[str, float] = {
    "cafeteria": 2.0, "squatting-men": 2.0, "sofa-friends": 2.0, "pikemen": 3.0, "pike-release": 1.0, "farmer": 0.5,
    "traveller": 0.4, "bearded-man": 1.0, "grey-haired-man": 1.0, "curly-hair": 0.16, "smiling-woman": 1.0, "speaker": 0.2,
    "red-eye": 1.5, "bridge": 1.5,
}

# (x, y, pasted hand's longest side) in the photo's own pixels, picked by eye on a grid drawn over
# each photo before any run: beside a real hand, over people the pose spots (two largest people
# only) may leave out (the diners behind, the middle woman and the heads behind the partition, the
# pikemen further back), and on the traveller's shadow.
SPOTS: dict[str, dict[str, tuple[float, float, float]]] = {
    "cafeteria": {"beside-hand": (232, 178, 35), "other-person": (75, 100, 30), "other-person2": (330, 82, 28),
                  "other-person3": (198, 105, 30)},
    "squatting-men": {"beside-hand": (300, 262, 30), "beside-hand2": (400, 205, 32)},
    "sofa-friends": {"beside-hand": (300, 262, 28), "other-person": (265, 180, 30), "other-person2": (440, 105, 20)},
    "pikemen": {"beside-hand": (95, 165, 18), "other-person": (133, 110, 16), "other-person2": (187, 105, 16),
                "other-person3": (283, 110, 12)},
    "pike-release": {"beside-hand": (390, 440, 120), "beside-hand2": (430, 170, 110)},
    "farmer": {"beside-hand": (960, 900, 50)},
    "traveller": {"beside-hand": (660, 470, 65), "shadow": (990, 1144, 65)},
    "speaker": {"beside-hand": (1100, 3250, 700)},
    "bridge": {"beside-hand": (410, 300, 45)},
}

FRESH4_SET = FreshSet(HALF, FRESH4, SCALES, SPOTS, DONORS2)

"""Extra-limb cases built from the sixth fresh set for the extra-limb check, "fresh6": photos of
``fresh_photos``' lists FRESH6 to FRESH12, which the people detector ran on for their people and face
counts but no hand landmarker, pose-based anatomy rule or extra-limb check ever did (the first five
anatomy sets, FRESH to FRESH5, are development data since their runs were read). Made exactly as
cases_anatomy_fresh5.py makes FRESH5's, by ``cases_anatomy_fresh.build_fresh_cases`` with the first two
sets' nine donor hands (``DONORS2``; none cut from these photos, which would have run the hand
landmarker on them). Its photos, scales and hand-picked spots were fixed by eye, and this list
committed, before any anatomy engine (hand, pose, face) or check ran on any of its photos; at run time
the pose engine places the close-ups and the pose-found pastes, as for every set.

Selection rule, written down before any photo was looked at for this set (applied by eye, each photo
whole on a grid, small parts enlarged):

1. A candidate is a photo of FRESH6 to FRESH12 with people counted (``people`` an int of at least 1, or
   a floor ">=n"; photos whose people were not judged, ``None``, are left out) in which at least one
   person's hand or forearm is in view at a size where that hand's longest side is about 15 px or more
   in the photo's own pixels.
2. From each of the seven lists, at most two photos: (a) the candidate with the most people counted (a
   floor ">=n" counts as n; ties: the first in list order); (b) the first candidate in list order with
   exactly one person counted that is not (a) and not from (a)'s package, or where the list has none,
   the candidate with the most people counted from another package than (a)'s (ties: list order). So
   at most one photo of a package per list, and no two photos of one scene.
3. Person-free: the first photo of each list in list order with ``people == 0`` (seven, one a package).

    python benchmarks/accuracy_anatomy.py --half fresh6 --verbose
"""
from __future__ import annotations

from cases_anatomy_fresh import FreshSet
from cases_anatomy_fresh2 import DONORS2
from fresh_photos import FRESH6, FRESH7, FRESH8, FRESH9, FRESH10, FRESH11, FRESH12

HALF = "fresh6"

# The rule above, applied list by list (a; b). FRESH6: none (three-men and its portraits show no hand or
# forearm). FRESH7: stair-five; four-suits (no one-person photo in the list). FRESH8: hand-at-chin (all
# one person: the first); astronaut-panel (waterfall-portrait, next from another package, shows no hand).
# FRESH9: crowd-and-dog; beach-horse. FRESH10: glass-office; desk-headphones (a hand on the mouse, about
# 18 px). FRESH11: cafe-crowd; smoke-flare. FRESH12: rainy-street; neon-back (forearms in view, the hands
# cut by the bottom edge). Person-free: arcade-square, wood-floor, tower-hall, dachshund, green-shoe,
# red-mountains, light-trails. In list order (each photo's pair partner is the next one).
WITH_PEOPLE = ["stair-five", "four-suits", "hand-at-chin", "astronaut-panel", "beach-horse", "crowd-and-dog",
               "desk-headphones", "glass-office", "smoke-flare", "cafe-crowd", "rainy-street", "neon-back"]
PERSON_FREE = ["arcade-square", "wood-floor", "tower-hall", "dachshund", "green-shoe", "red-mountains", "light-trails"]
_LISTS = FRESH6 + FRESH7 + FRESH8 + FRESH9 + FRESH10 + FRESH11 + FRESH12
PHOTOS = [p for p in _LISTS if p.name in WITH_PEOPLE + PERSON_FREE]

# Longest side 512-1024 px after scaling.
SCALES: dict[str, float] = {
    "stair-five": 0.5, "four-suits": 1.5, "hand-at-chin": 2.5, "astronaut-panel": 1.5, "beach-horse": 1.25,
    "crowd-and-dog": 2.0, "desk-headphones": 4.0, "glass-office": 0.45, "smoke-flare": 1.25, "cafe-crowd": 0.5,
    "rainy-street": 0.8, "neon-back": 0.8,
}

# (x, y, pasted hand's longest side) in the photo's own pixels, picked by eye on a grid (lines every
# 50 or 100 px, labelled, the small or dark parts enlarged and brightened) drawn over each photo
# before any anatomy engine ran on it, at about the size of that person's own hand: beside a real
# hand (the seated woman's on her knee, the hand on a hip, the hand at a chin, the astronaut's on the
# panel, the girl's by her hip, the hand on a mouse, the hand at a chin behind glass, the flare, a
# phone, an umbrella's handle, beside a forearm whose hand the frame cuts), over the own torso (the
# back for the people seen from behind), near a shoulder, beside a face (the close-ups), over a second
# person (the group photos) and among a crowd (the girls behind the man with the dog, the far figures
# behind the glass, the cafe's queue, the umbrellas down the street).
SPOTS: dict[str, dict[str, tuple[float, float, float]]] = {
    "stair-five": {"beside-hand": (1150, 1250, 130), "own-torso": (1595, 920, 130), "near-shoulder": (980, 460, 120),
                   "other-person": (480, 1250, 130)},
    "four-suits": {"beside-hand": (45, 300, 35), "own-torso": (150, 230, 35), "other-person": (250, 250, 35),
                   "near-shoulder": (450, 150, 35), "other-person2": (520, 250, 35)},
    "hand-at-chin": {"beside-hand": (215, 320, 55), "own-torso": (60, 320, 60), "beside-face": (35, 140, 55)},
    "astronaut-panel": {"beside-hand": (480, 420, 60), "near-shoulder": (470, 200, 60), "own-torso": (520, 110, 70),
                        "beside-face": (230, 300, 55)},
    "beach-horse": {"beside-hand": (555, 350, 22), "own-torso": (590, 300, 22), "near-shoulder": (600, 265, 20),
                    "beside-face": (545, 240, 20)},
    "crowd-and-dog": {"beside-hand": (230, 175, 24), "own-torso": (320, 135, 25), "other-person": (160, 150, 22),
                      "other-person2": (30, 120, 25), "crowd": (370, 90, 20)},
    "desk-headphones": {"beside-hand": (150, 180, 18), "own-torso": (110, 185, 18), "near-shoulder": (65, 180, 18)},
    "glass-office": {"beside-hand": (920, 930, 40), "other-person": (525, 850, 40), "near-shoulder": (110, 680, 50),
                     "crowd": (290, 720, 25)},
    "smoke-flare": {"beside-hand": (190, 215, 25), "own-torso": (270, 190, 25), "near-shoulder": (320, 160, 25)},
    "cafe-crowd": {"beside-hand": (1150, 400, 28), "own-torso": (1225, 360, 28), "other-person": (1235, 510, 28),
                   "other-person2": (425, 470, 30), "crowd": (330, 560, 28)},
    "rainy-street": {"beside-hand": (880, 740, 30), "own-torso": (805, 750, 30), "near-shoulder": (768, 696, 30),
                     "other-person": (468, 672, 22), "crowd": (636, 648, 20)},
    "neon-back": {"beside-hand": (430, 560, 50), "own-torso": (612, 440, 55), "near-shoulder": (500, 310, 50)},
}

FRESH6_SET = FreshSet(HALF, PHOTOS, SCALES, SPOTS, DONORS2)

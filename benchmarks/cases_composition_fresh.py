"""People and face cases on the *fresh* photos (``fresh_photos.py``: packages no other benchmark
reads), built by the same code as ``cases_composition.py``'s two halves so the figures compare.
All of them form one half, "fresh", reported as held out; nothing is ever tuned on it.

The case list was fixed and committed before any detector ran on a fresh case. Every box below was
picked by looking at the photos themselves (never at a detection on them): person crops (full body
or knee-up, "donors"), head-and-shoulders crops ("portraits") and face crops; a crop holds one
person, with at most a sliver of a neighbour's clothing where people overlap (five-men, friends).
Kinds, as in the old halves: "photo" and "mirrored" (each fresh photo with its annotation),
"single" and "pair" (donors pasted alone, and two left and right, the right one mirrored, on fresh
person-free photos), "portrait", "twin", "portrait-pair", "pasted-single", "pasted-pair",
"pasted-anywhere" and "pasted-tilted" (a crop upright and one tilted by 20 degrees on every fresh
person-free photo), "faces" and "small-faces" (rows of three crops, 0-3 of them the fresh face crops
below and the rest crops of the fresh person-free photos, at 90-150 px, 40-80 px, and 32-90 px
blurred on four backgrounds), and "noise" (seeds no half used).

The second fresh set, FRESH2 (half "fresh2"; ``fresh_cases(notes, "fresh2")``, ``accuracy_composition.py
--half fresh2``), is built by the same code from ``fresh_photos.FRESH2`` with its own crops (DONORS2,
PORTRAITS2, FACES2, picked by looking at those photos) and seeds; its case list was committed before
any detector ran on a FRESH2 case. The first set's 217 cases are unchanged (bit for bit).

The third fresh set, FRESH3 (half "fresh3", ``--half fresh3``; session 8, held out for its choices),
is built the same way from ``fresh_photos.FRESH3`` with DONORS3, PORTRAITS3 and FACES3, picked on a
grid drawn over those photos; its case list was committed before any detector ran on a FRESH3 image.

The fourth fresh set, FRESH4 (half "fresh4", ``--half fresh4``; session 9, held out for its choices),
is built the same way from ``fresh_photos.FRESH4`` with DONORS4, PORTRAITS4 and FACES4, picked on a
grid drawn over those photos; its case list was committed before any detector ran on a FRESH4 image.

The fifth fresh set, FRESH5 (half "fresh5", ``--half fresh5``; session 10, held out for its choices),
is built the same way from ``fresh_photos.FRESH5`` with DONORS5, PORTRAITS5 and FACES5, picked on a
grid drawn over those photos; its case list was committed before any detector ran on a FRESH5 image.

The sixth fresh set, FRESH6 (half "fresh6", ``--half fresh6``; session 12, held out for one run of the
people and face benchmarks), is built the same way from ``fresh_photos.FRESH6`` with DONORS6,
PORTRAITS6 and FACES6, picked on a grid drawn over those photos; its case list was committed before
any detector, check or model ran on a FRESH6 image.

The seventh fresh set, FRESH7 (half "fresh7", ``--half fresh7``; session 13, held out for one run of the
people and face benchmarks), is built the same way from ``fresh_photos.FRESH7`` with DONORS7,
PORTRAITS7 and FACES7, picked on a grid drawn over those photos; its case list was committed before
any detector, check or model ran on a FRESH7 image.

The eighth fresh set, FRESH8 (half "fresh8", ``--half fresh8``; held out for one run of the people and
face benchmarks), is built the same way from ``fresh_photos.FRESH8`` with DONORS8, PORTRAITS8 and
FACES8, picked on a grid drawn over those photos; its case list was committed before any detector,
check or model ran on a FRESH8 image.

The ninth fresh set, FRESH9 (half "fresh9", ``--half fresh9``; held out for one run of the people and
face benchmarks), is built the same way from ``fresh_photos.FRESH9`` with DONORS9, PORTRAITS9 and
FACES9, picked on a grid drawn over those photos; its case list was committed before any detector,
check or model ran on a FRESH9 image.

The tenth fresh set, FRESH10 (half "fresh10", ``--half fresh10``; session 17, held out for one run of the
people and face benchmarks after every people and face rule so far), is built the same way from
``fresh_photos.FRESH10`` with DONORS10, PORTRAITS10 and FACES10, picked on a grid drawn over those
photos; its case list was committed before any detector, check or model ran on a FRESH10 image.

The eleventh fresh set, FRESH11 (half "fresh11", ``--half fresh11``; added after FRESH10's run had been
read, held out for one run of the people and face benchmarks), is built the same way from
``fresh_photos.FRESH11`` with DONORS11, PORTRAITS11 and FACES11, picked on those photos (each crop
viewed before it was written down); its case list was committed before any detector, check or model
ran on a FRESH11 image.

The twelfth fresh set, FRESH12 (half "fresh12", ``--half fresh12``; added after FRESH11's run had been
read, held out for one run of the people and face benchmarks), is built the same way from
``fresh_photos.FRESH12`` with DONORS12, PORTRAITS12 and FACES12, picked on those photos (each crop viewed
before it was written down); its case list was committed before any detector, check or model ran on a
FRESH12 image.

The thirteenth fresh set, FRESH13 (half "fresh13", ``--half fresh13``; added after FRESH12's run had
been read, held out for one run of the people and face benchmarks), is built the same way from
``fresh_photos.FRESH13`` with DONORS13, PORTRAITS13 and FACES13, picked on those photos (each crop viewed
before it was written down); its case list was committed before any detector, check or model ran on a
FRESH13 image.

The fourteenth fresh set, FRESH14 (half "fresh14", ``--half fresh14``; added after FRESH13, held out for
one run of the people and face benchmarks), is built the same way from ``fresh_photos.FRESH14`` with
DONORS14, PORTRAITS14 and FACES14, picked on those photos (each crop viewed before it was written down);
its case list was committed before any detector, check or model ran on a FRESH14 image.

    python benchmarks/cases_composition_fresh.py [FOLDER|-] [fresh|fresh2|...|fresh13|fresh14]
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PIL import Image

from cases_composition import PersonCase, PhotoSource, composites, crop_rows, noise_cases, pasted_anywhere, photo_cases, portraits
from fresh_photos import (FRESH2, FRESH3, FRESH4, FRESH5, FRESH6, FRESH7, FRESH8, FRESH9, FRESH10, FRESH11, FRESH12, FRESH13, FRESH14,
                          PHOTOS, load_fresh)

HALF = "fresh"
# (photo, box in original pixels): a person from head to feet or knees.
DONORS = [("two-people", (30, 20, 380, 533)), ("two-people", (385, 20, 770, 533)), ("five-men", (0, 160, 440, 1080)),
          ("five-men", (1430, 30, 1920, 1080)), ("field", (185, 95, 280, 380)), ("biden", (0, 80, 970, 2204)),
          ("obama3", (230, 200, 1230, 2333)), ("friends", (0, 200, 270, 886))]
# Head and shoulders.
PORTRAITS = [("friends", (430, 200, 640, 420)), ("friends", (720, 270, 880, 480)), ("friends", (860, 0, 1080, 250)),
             ("friends", (1085, 215, 1235, 440)), ("friends", (0, 210, 220, 470)), ("friends", (240, 90, 430, 310)),
             ("five-men", (0, 160, 390, 560)), ("five-men", (400, 60, 720, 440)), ("five-men", (730, 100, 1010, 480)),
             ("five-men", (1110, 20, 1430, 380)), ("five-men", (1500, 30, 1900, 400)), ("two-people", (80, 20, 380, 330)),
             ("two-people", (420, 20, 720, 330)), ("obama", (250, 0, 760, 560)), ("obama2", (150, 150, 540, 760)),
             ("obama3", (430, 150, 1100, 900)), ("biden", (250, 60, 850, 760)), ("hanks-face", (0, 0, 112, 112))]
# Faces, forehead to chin, for the face rows.
FACES = [("friends", (53, 261, 165, 389)), ("friends", (288, 128, 395, 256)), ("friends", (470, 267, 587, 395)),
         ("friends", (747, 320, 853, 448)), ("friends", (907, 43, 1024, 192)), ("friends", (1131, 277, 1237, 395)),
         ("five-men", (160, 184, 352, 408)), ("five-men", (472, 128, 656, 344)), ("five-men", (768, 160, 960, 384)),
         ("five-men", (1144, 48, 1336, 280)), ("five-men", (1560, 96, 1776, 320)), ("two-people", (225, 80, 310, 210)),
         ("two-people", (530, 80, 640, 230)), ("obama", (340, 80, 640, 420)), ("obama2", (200, 230, 530, 640)),
         ("obama3", (583, 233, 924, 622)), ("biden", (377, 165, 753, 588)), ("hanks-face", (0, 0, 112, 112))]
BACKGROUNDS = ["china", "flower", "mask-blue", "mask-white"]
NON_FACES = 40  # crops of the person-free photos, for the face rows' other places

# FRESH2 (the second fresh set, half "fresh2"): boxes picked the same way, by looking at the FRESH2
# photos before any detector ran on them. "contact-sheet" (counts not judged) gives no crop, and
# "sideways" (turned 90 degrees) only a portrait: its face is no upright face for the face rows.
DONORS2 = [("family", (290, 150, 690, 1100)), ("family", (860, 160, 1230, 950)), ("family", (1160, 250, 1480, 1100)),
           ("hands-on-face", (100, 100, 1150, 1920)), ("teacup", (0, 0, 418, 520)), ("couple", (0, 0, 330, 351)),
           ("couple", (270, 40, 500, 351)), ("children", (410, 0, 566, 350)), ("children", (310, 90, 450, 350)),
           ("children", (215, 35, 340, 350))]
PORTRAITS2 = [("family", (400, 170, 690, 620)), ("family", (690, 360, 900, 760)), ("family", (880, 160, 1230, 650)),
              ("family", (1180, 240, 1470, 640)), ("hands-on-face", (150, 300, 1150, 1300)), ("teacup", (60, 0, 418, 380)),
              ("elder", (0, 0, 411, 512)), ("couple", (0, 0, 330, 351)), ("couple", (290, 40, 480, 351)),
              ("children", (120, 5, 230, 125)), ("children", (230, 35, 340, 190)), ("children", (410, 0, 540, 140)),
              ("children", (115, 120, 220, 260)), ("children", (335, 90, 440, 240)), ("sideways", (0, 0, 810, 540))]
FACES2 = [("family", (520, 240, 720, 470)), ("family", (680, 430, 840, 600)), ("family", (920, 240, 1150, 500)),
          ("family", (1220, 330, 1440, 550)), ("hands-on-face", (400, 580, 800, 950)), ("teacup", (110, 30, 270, 205)),
          ("elder", (50, 80, 380, 470)), ("couple", (75, 70, 210, 205)), ("couple", (300, 80, 400, 230)),
          ("children", (140, 20, 215, 110)), ("children", (255, 55, 330, 145)), ("children", (425, 5, 505, 95)),
          ("children", (125, 140, 205, 235)), ("children", (355, 110, 430, 200))]
BACKGROUNDS2 = ["mountains", "beach", "tower", "wolf"]

# FRESH3 (half "fresh3"). No donor from the friends by the sea (each overlaps a neighbour by more than
# a sliver) or the soldier (the men behind him lie inside any box of him); the soldier and the turned
# man give portraits only (no upright face for the face rows); the fist gives nothing (no face).
DONORS3 = [("hand-on-head", (76, 30, 1417, 1021)), ("car-duo", (0, 58, 1190, 1075)), ("car-duo", (1190, 0, 1920, 700)),
           ("lectern", (225, 215, 492, 1014)), ("lectern", (41, 599, 236, 1014))]
PORTRAITS3 = [("beach-friends", (185, 10, 345, 210)), ("beach-friends", (280, 210, 460, 440)), ("beach-friends", (405, 160, 550, 360)),
              ("beach-friends", (500, 280, 690, 500)), ("beach-friends", (665, 255, 870, 470)), ("soldier", (717, 230, 1434, 1075)),
              ("hand-on-head", (457, 30, 1097, 792)), ("smiling-man", (20, 40, 560, 562)), ("surprise", (0, 0, 512, 512)),
              ("happy", (0, 0, 512, 512)), ("pout", (0, 0, 512, 512)), ("turned-man", (0, 0, 512, 512)),
              ("car-duo", (576, 58, 960, 538)), ("car-duo", (1190, 0, 1728, 576)), ("lectern", (297, 215, 492, 481)),
              ("lectern", (61, 594, 225, 778)), ("small-portrait", (0, 0, 150, 225)), ("tongue", (0, 0, 940, 940))]
FACES3 = [("beach-friends", (210, 60, 315, 185)), ("beach-friends", (310, 235, 415, 375)), ("beach-friends", (430, 215, 525, 320)),
          ("beach-friends", (530, 300, 640, 440)), ("beach-friends", (680, 285, 795, 425)), ("hand-on-head", (610, 229, 991, 610)),
          ("smiling-man", (170, 130, 380, 370)), ("surprise", (110, 140, 400, 450)), ("happy", (110, 140, 390, 450)),
          ("pout", (110, 140, 390, 460)), ("car-duo", (634, 173, 902, 480)), ("car-duo", (1248, 58, 1613, 480)),
          ("lectern", (338, 256, 451, 379)), ("lectern", (113, 604, 184, 696)), ("small-portrait", (38, 30, 118, 140)),
          ("tongue", (120, 150, 860, 900))]
BACKGROUNDS3 = ["rocks", "cabin", "alps", "pendants"]

# FRESH4 (half "fresh4"). No donor from the sofa, the cafeteria or the pikemen (each overlaps a
# neighbour by more than a sliver), nor from the speaker and the portraits (waist-up at most: they
# give portraits); the farmer, the traveller and the woman on the bridge give no portrait or face
# (faces turned away or tilted back), the red-eye close-up none either (brows to mouth only), the
# pike release nothing (no face).
DONORS4 = [("squatting-men", (188, 105, 318, 335)), ("squatting-men", (365, 80, 500, 338)), ("farmer", (990, 630, 1350, 1040)),
           ("traveller", (341, 308, 660, 924)), ("bridge", (115, 65, 415, 335))]
PORTRAITS4 = [("cafeteria", (190, 62, 320, 190)), ("cafeteria", (378, 62, 500, 200)), ("cafeteria", (40, 32, 112, 115)),
              ("squatting-men", (195, 107, 315, 230)), ("squatting-men", (375, 82, 500, 210)), ("sofa-friends", (180, 107, 240, 200)),
              ("sofa-friends", (232, 110, 298, 200)), ("sofa-friends", (292, 115, 370, 210)), ("bearded-man", (170, 40, 640, 533)),
              ("grey-haired-man", (100, 10, 710, 533)), ("curly-hair", (0, 0, 3584, 3840)), ("smiling-woman", (150, 40, 690, 533)),
              ("speaker", (740, 270, 2765, 2370))]
FACES4 = [("cafeteria", (230, 98, 278, 152)), ("cafeteria", (412, 95, 472, 148)), ("cafeteria", (75, 40, 103, 65)),
          ("squatting-men", (227, 132, 273, 180)), ("squatting-men", (462, 97, 500, 153)), ("sofa-friends", (195, 120, 230, 160)),
          ("sofa-friends", (247, 117, 280, 155)), ("sofa-friends", (305, 125, 343, 163)), ("bearded-man", (305, 90, 490, 300)),
          ("grey-haired-man", (240, 100, 545, 470)), ("curly-hair", (960, 640, 3328, 3136)), ("smiling-woman", (290, 130, 510, 395)),
          ("speaker", (1728, 620, 2470, 1753))]
BACKGROUNDS4 = ["abbey", "matterhorn", "tote", "tiger"]

# FRESH5 (half "fresh5"). Donors: the four people seen whole (the walker on the beach, the officer
# and the man pushing a car, the seated man in the garden; each touches a car or a chair, no other
# person); the portraits give portraits and faces, the seated man a small portrait only (his face
# turned aside); the officer, the man pushing a car and the walker give no face (seen from behind
# or as a silhouette), the figures behind the garden and the climbers on the stairs nothing (too small
# to crop one alone, or seen from behind and cut by railings and the frame).
DONORS5 = [("sunset-walker", (595, 585, 720, 775)), ("snowy-highway", (295, 725, 380, 900)),
           ("snowy-highway", (420, 390, 480, 478)), ("fountain-garden", (855, 290, 965, 405))]
PORTRAITS5 = [("stubbled-man", (0, 0, 1504, 1936)), ("suited-man", (20, 10, 340, 468)), ("aside-man", (0, 0, 300, 377)),
              ("red-hat", (0, 0, 512, 384)), ("bearded-face", (0, 0, 224, 224)), ("fountain-garden", (890, 290, 965, 375))]
FACES5 = [("stubbled-man", (150, 450, 1250, 1750)), ("suited-man", (85, 70, 260, 265)), ("aside-man", (70, 60, 270, 330)),
          ("red-hat", (150, 40, 440, 340)), ("bearded-face", (30, 20, 190, 215))]
BACKGROUNDS5 = ["palace-garden", "mountain-lake", "lighthouse", "dahlia"]

# FRESH6 (half "fresh6"). No one is seen whole in FRESH6, so the donors are the chest-up portraits
# taken whole, as FRESH3's man with his hand on his head was (the man on the blue backdrop without
# the object at the left edge); none from the three men (each overlaps a neighbour by more than a
# sliver). Portraits: each of the three men (a sliver of a neighbour's clothing at most), every
# portrait and close-up; faces forehead to chin (the close-ups whole: they are cut at the forehead).
# The hand with the controllers and the two street photos with people not judged give nothing; the
# backgrounds are the three person-free photos.
DONORS6 = [("turtleneck", (0, 0, 540, 720)), ("bow-tie", (0, 0, 350, 466)), ("open-collar", (0, 0, 500, 614)),
           ("fringe-youth", (0, 0, 500, 570)), ("blue-backdrop", (60, 0, 720, 576))]
PORTRAITS6 = [("three-men", (0, 45, 190, 346)), ("three-men", (195, 80, 395, 346)), ("three-men", (400, 15, 600, 300)),
              ("turtleneck", (0, 0, 540, 720)), ("bow-tie", (0, 0, 350, 466)), ("open-collar", (0, 0, 500, 614)),
              ("fringe-youth", (0, 0, 500, 570)), ("blue-backdrop", (60, 0, 720, 576)), ("blue-backdrop-laugh", (60, 0, 640, 576)),
              ("stubble-grin", (0, 0, 254, 269)), ("grey-temples", (0, 0, 236, 243)), ("pearl-earrings", (0, 0, 224, 218))]
FACES6 = [("three-men", (45, 70, 145, 200)), ("three-men", (210, 115, 315, 245)), ("three-men", (450, 40, 565, 180)),
          ("turtleneck", (150, 150, 400, 470)), ("bow-tie", (100, 60, 270, 280)), ("open-collar", (80, 120, 430, 530)),
          ("fringe-youth", (100, 220, 410, 545)), ("blue-backdrop", (230, 150, 540, 470)), ("blue-backdrop-laugh", (200, 150, 510, 500)),
          ("stubble-grin", (0, 0, 254, 269)), ("grey-temples", (0, 0, 236, 243)), ("pearl-earrings", (0, 0, 224, 218))]
BACKGROUNDS6 = ["arcade-square", "facade-sky", "book-cover"]

# FRESH7 (half "fresh7"). No one is seen head to feet in FRESH7; the donors are people at the end of
# a row, head to the frame's bottom edge (knees or thighs), who overlap no neighbour by more than a
# sliver of hair or sleeve: the two outer women seated on the bench (terrace-trio), the left woman on
# the sofa (sofa-trio), the outer women standing before the blinds, and three of the four men in
# suits. Portraits: every head and shoulders in the groups (a neighbour's hair or sleeve at most,
# the lower crop cut above where arms cross); faces forehead to chin, every counted face (not the
# profile on the sofa). The convoy and the marina (people not judged) give nothing; the backgrounds
# are the two person-free photos.
DONORS7 = [("terrace-trio", (0, 240, 920, 1350)), ("terrace-trio", (1380, 200, 1920, 1350)), ("sofa-trio", (0, 30, 800, 1367)),
           ("blinds-four", (120, 370, 640, 1537)), ("blinds-four", (1460, 150, 1820, 1537)),
           ("four-suits", (0, 40, 175, 349)), ("four-suits", (175, 0, 350, 349)), ("four-suits", (465, 60, 585, 349))]
PORTRAITS7 = [("costume-trio", (330, 200, 730, 700)), ("costume-trio", (740, 300, 1200, 800)), ("costume-trio", (1250, 160, 1860, 760)),
              ("sofa-trio", (150, 30, 800, 650)), ("sofa-trio", (810, 60, 1230, 700)), ("sofa-trio", (1250, 40, 1880, 760)),
              ("terrace-trio", (220, 240, 920, 950)), ("terrace-trio", (930, 130, 1370, 800)), ("terrace-trio", (1380, 200, 1800, 800)),
              ("four-posing", (40, 60, 600, 470)), ("four-posing", (600, 10, 990, 520)), ("four-posing", (960, 90, 1260, 560)),
              ("four-posing", (1255, 80, 1640, 640)),
              ("stair-five", (740, 30, 1000, 420)), ("stair-five", (1070, 150, 1390, 650)), ("stair-five", (1385, 260, 1840, 900)),
              ("stair-five", (500, 320, 800, 760)), ("stair-five", (120, 800, 680, 1398)),
              ("blinds-four", (150, 360, 610, 900)), ("blinds-four", (610, 200, 1040, 800)), ("blinds-four", (1080, 150, 1450, 780)),
              ("blinds-four", (1450, 150, 1810, 780)),
              ("four-suits", (15, 40, 172, 210)), ("four-suits", (180, 0, 350, 180)), ("four-suits", (350, 10, 465, 180)),
              ("four-suits", (460, 55, 580, 200)), ("gala-couple", (0, 0, 135, 240)), ("gala-couple", (135, 25, 251, 240))]
FACES7 = [("costume-trio", (405, 350, 650, 580)), ("costume-trio", (830, 410, 1040, 660)), ("costume-trio", (1450, 220, 1700, 470)),
          ("sofa-trio", (890, 200, 1090, 445)), ("sofa-trio", (1430, 130, 1660, 400)),
          ("terrace-trio", (590, 320, 790, 610)), ("terrace-trio", (1070, 200, 1310, 530)), ("terrace-trio", (1500, 280, 1700, 600)),
          ("four-posing", (255, 190, 430, 440)), ("four-posing", (630, 50, 840, 310)), ("four-posing", (990, 160, 1190, 410)),
          ("four-posing", (1265, 150, 1420, 410)),
          ("stair-five", (385, 880, 565, 1140)), ("stair-five", (595, 430, 780, 690)), ("stair-five", (760, 110, 950, 370)),
          ("stair-five", (1090, 180, 1255, 450)), ("stair-five", (1395, 400, 1590, 690)),
          ("blinds-four", (250, 480, 480, 740)), ("blinds-four", (660, 300, 840, 610)), ("blinds-four", (1170, 290, 1390, 600)),
          ("blinds-four", (1490, 270, 1700, 550)),
          ("four-suits", (112, 55, 170, 135)), ("four-suits", (248, 18, 307, 110)), ("four-suits", (375, 45, 425, 110)),
          ("four-suits", (470, 70, 525, 145)), ("gala-couple", (30, 30, 105, 130)), ("gala-couple", (148, 45, 212, 130))]
BACKGROUNDS7 = ["motorway", "wood-floor"]

# FRESH8 (half "fresh8"). The donors are the people seen whole or to the lap, each alone in its photo:
# the two small seated figures in the hall of sparks (head to feet; the coil's legs beside the one
# beneath it), the seated man with his fingers at his temple (head to lap) and the man holding the
# glowing bulb (head to waist, the bulb and his hands). Portraits: every head and shoulders (the three
# astronauts with the capsule round them); faces forehead to chin, every counted face (the three
# frontal ones: the two portraits of the man on black and grey, the man before the waterfall). The
# backgrounds are the two person-free photos.
DONORS8 = [("lab-sparks", (62, 176, 116, 242)), ("coil-sparks", (188, 220, 264, 314)), ("hand-at-temple", (20, 15, 322, 452)),
           ("glowing-bulb", (0, 60, 322, 440))]
PORTRAITS8 = [("hand-at-chin", (0, 30, 252, 375)), ("hand-at-temple", (40, 15, 300, 260)), ("glowing-bulb", (160, 60, 322, 250)),
              ("waterfall-portrait", (40, 70, 700, 700)), ("astronaut-panel", (190, 40, 612, 420)),
              ("astronaut-upward", (300, 190, 612, 612)), ("astronaut-shades", (130, 290, 420, 612))]
FACES8 = [("hand-at-chin", (45, 60, 215, 250)), ("hand-at-temple", (65, 35, 195, 185)), ("waterfall-portrait", (160, 160, 425, 475))]
BACKGROUNDS8 = ["tower-hall", "snowy-peak"]

# FRESH9 (half "fresh9"). The donors are the people seen whole or to the waist, each alone in its photo:
# the girl on the beach, the boy and the man with nets (head to feet or ankles) and the woman reading
# (head to waist). Portraits: every head and shoulders seen alone (the man in the deck chair above the
# toddler's head; the crowd and the go-kart's drivers overlap and are left out); faces forehead to chin,
# the frontal counted ones (the man and the toddler in the deck chair, the smiling man in the office,
# four of the small portraits; the reader's face, turned down, and the seated woman's, cut by the top
# edge, are not cropped). The backgrounds are two of the three person-free photos.
DONORS9 = [("beach-horse", (550, 205, 645, 455)), ("net-boy", (200, 135, 335, 335)), ("net-man", (320, 200, 465, 425)),
           ("reader", (300, 50, 1900, 1333))]
PORTRAITS9 = [("office-smile", (60, 50, 440, 440)), ("reader", (850, 20, 1650, 750)), ("river-chair", (265, 0, 480, 125)),
              ("finger-up", (20, 0, 160, 160)), ("seated-chin", (30, 0, 100, 75)), ("teal-glasses", (0, 0, 128, 128)),
              ("desk-writer", (45, 0, 128, 80)), ("arms-crossed", (20, 10, 110, 128))]
FACES9 = [("office-smile", (170, 105, 330, 310)), ("river-chair", (275, 25, 360, 115)), ("river-chair", (330, 130, 405, 205)),
          ("finger-up", (50, 30, 130, 128)), ("teal-glasses", (28, 16, 86, 84)), ("desk-writer", (62, 4, 110, 56)),
          ("arms-crossed", (32, 10, 82, 66))]
BACKGROUNDS9 = ["dining-chairs", "cloud-peak"]

# FRESH10 (half "fresh10"). The donors are the people seen to the waist, each alone in its photo: the two
# astronauts and the man standing at the whiteboard (the 200 px meeting photo; the sofa's two men overlap
# and are left out). Portraits: every head and shoulders seen alone (the man in headphones from behind, the
# six single portraits; the man before the blurred crowd is not alone and is left out); faces forehead to
# chin, the frontal and three-quarter counted ones large enough to crop (four portraits, the blue-shirted
# man in the office meeting and the smiling woman in the dark meeting room). The backgrounds are two of
# the four person-free photos, one indoors and one outdoors.
DONORS10 = [("spacewalk", (0, 380, 720, 1150)), ("for-sale", (0, 80, 560, 514)), ("whiteboard-meeting", (5, 68, 52, 166))]
PORTRAITS10 = [("desk-headphones", (35, 95, 185, 200)), ("laptop-glasses", (20, 40, 480, 500)), ("red-lips-laugh", (20, 40, 480, 500)),
               ("hat-shadow", (480, 0, 1040, 720)), ("striped-tee", (0, 10, 400, 400)), ("album-cover", (60, 30, 300, 330)),
               ("beanie-profile", (40, 60, 400, 400)), ("white-sweater", (40, 50, 380, 400))]
FACES10 = [("laptop-glasses", (145, 95, 305, 300)), ("red-lips-laugh", (150, 120, 330, 350)), ("striped-tee", (125, 60, 285, 250)),
           ("album-cover", (170, 60, 275, 250)), ("desk-meeting", (930, 345, 1030, 490)), ("glass-office", (485, 740, 570, 845))]
BACKGROUNDS10 = ["chair-laptop", "fjord"]

# FRESH11 (half "fresh11"). The donors are people seen whole or to the knees, each alone in its photo: the
# woman standing on the rooftop (head to feet), the man seated on the canyon's rim and the small hiker on
# the snowy ridge (both from behind). Portraits: every head and shoulders seen alone (the four single
# portraits, the woman with the guitar and the barista, the woman in profile and the man on the canyon's
# rim from behind; the man in the plaid shirt is not alone and is left out, the women in the lounge are
# small and left out); faces forehead to chin, the frontal and three-quarter counted ones large enough to
# crop (four portraits, the woman with the guitar looking down, the barista). The backgrounds are two of
# the four person-free photos, one indoors and one outdoors.
DONORS11 = [("rooftop-stand", (140, 140, 365, 740)), ("canyon-rim", (455, 290, 780, 835)), ("snow-ridge", (555, 460, 615, 595))]
PORTRAITS11 = [("striped-blinds", (20, 0, 400, 400)), ("windblown", (40, 0, 360, 400)), ("freckles", (110, 300, 880, 1100)),
               ("pinstripe", (40, 0, 400, 400)), ("record-shop-guitar", (0, 0, 450, 400)), ("barista", (520, 120, 1050, 700)),
               ("chevron-sweater", (150, 70, 460, 380)), ("canyon-rim", (450, 285, 790, 580))]
FACES11 = [("striped-blinds", (95, 75, 255, 290)), ("windblown", (145, 60, 270, 225)), ("freckles", (220, 470, 480, 800)),
           ("pinstripe", (115, 50, 275, 240)), ("record-shop-guitar", (60, 85, 240, 265)), ("barista", (620, 220, 820, 455))]
BACKGROUNDS11 = ["empty-office", "peaks-in-cloud"]

# FRESH12 (half "fresh12"). The donors are people seen whole, each alone in its box: the man with the clear
# umbrella walking towards the camera in the rainy street (the people behind him lie outside the box) and the
# surfer in the wave. Portraits: every head and shoulders seen alone (the five single portraits, the man in
# profile looking up and the man before the neon tubes from behind; the man on the bridge has walkers ahead
# inside any box of him and is left out). Faces forehead to chin, the counted ones large enough to crop (four
# portraits; the man in the white suit, 120 px whole, and the man with the umbrella are too small). The
# backgrounds are two of the four person-free photos, one indoors and one outdoors.
DONORS12 = [("rainy-street", (740, 600, 950, 965)), ("surfer", (265, 120, 500, 375))]
PORTRAITS12 = [("leather-jacket", (170, 20, 760, 620)), ("round-glasses", (90, 100, 300, 333)), ("white-suit", (0, 0, 120, 120)),
               ("suit-bookcase", (0, 20, 400, 400)), ("curls", (1190, 200, 3575, 2385)), ("upward-profile", (200, 80, 630, 631)),
               ("neon-back", (440, 100, 780, 500))]
FACES12 = [("leather-jacket", (330, 90, 560, 330)), ("round-glasses", (120, 130, 240, 260)), ("suit-bookcase", (125, 70, 265, 235)),
           ("curls", (1700, 600, 2350, 1500))]
BACKGROUNDS12 = ["desk-laptop", "light-trails"]

# FRESH13 (half "fresh13"). The donors are people seen whole, each alone in its box: the hiker at dusk, the
# walker on ice and the man on the summit, all from behind, and the woman lying along the palm trunk (the
# photographer by the plane wreck stands too close to the wreck for a box of him alone). Portraits: every
# head and shoulders seen alone (the four single portraits and the man's head in silhouette from behind;
# the two women before the valley overlap, the typist's head is cut by the frame). Faces forehead to chin,
# the counted ones large enough to crop (three portraits; the 128 px avatar is too small). The backgrounds
# are two of the four person-free photos, one indoors and one outdoors.
DONORS13 = [("backpack-dusk", (310, 250, 545, 895)), ("ice-walker", (630, 215, 750, 510)), ("summit-back", (650, 395, 845, 915)),
            ("palm-lounger", (40, 555, 425, 760))]
PORTRAITS13 = [("ring-light", (150, 30, 1050, 864)), ("wavy-hair", (0, 0, 400, 400)), ("crossed-arms-glasses", (0, 0, 800, 700)),
               ("blonde-avatar", (0, 0, 128, 128)), ("sunset-head", (400, 300, 1110, 1000))]
FACES13 = [("ring-light", (420, 150, 780, 480)), ("wavy-hair", (95, 60, 320, 310)), ("crossed-arms-glasses", (230, 60, 550, 430))]
BACKGROUNDS13 = ["marble-hall", "purple-facade"]

# FRESH14 (half "fresh14"). The donors are people seen whole, each alone in its box: the walker on the dirt
# track, the cyclist on the mountain road and the walker in the yellow coat on the ice (all from behind),
# the woman on the spiral stairs seen from above and the man seated on the wall. Portraits: every head and
# shoulders seen alone (the four single portraits, the smiling man in the blue shirt without the shoulder
# cut by the frame beside him, the girl in silhouette, and from behind the walker at dusk, the man at the
# sunlit railing and the woman with the braid; the man in headphones has his head cut by the frame, the
# hikers and the people in the meeting overlap, the man with the phone has people behind him). Faces
# forehead to chin, the counted ones large enough to crop (three single portraits, the 128 px one being
# too small, the smiling man in the blue shirt, the man with the phone, the three counted faces of the
# meeting and the laughing hiker in the plaid shirt). The backgrounds are two of the four person-free
# photos, one indoors and one outdoors.
DONORS14 = [("dirt-track", (375, 280, 450, 462)), ("road-cyclist", (595, 360, 655, 472)), ("yellow-coat-ice", (975, 290, 1035, 430)),
            ("spiral-stairs", (350, 850, 540, 1185)), ("wall-sitter", (195, 60, 440, 390))]
PORTRAITS14 = [("red-shirt-glasses", (0, 0, 128, 128)), ("dreadlocks", (0, 0, 200, 200)), ("girl-silhouette", (240, 40, 700, 533)),
               ("dusk-walker", (170, 70, 480, 330)), ("braid-coat", (0, 0, 521, 522)), ("tablet-girl", (330, 0, 760, 528)),
               ("sunlit-railing", (300, 0, 2300, 1500)), ("denim-glasses", (0, 0, 256, 256)), ("blue-shirt-smile", (30, 0, 256, 256))]
FACES14 = [("dreadlocks", (55, 45, 160, 185)), ("tablet-girl", (410, 110, 720, 528)), ("denim-glasses", (45, 28, 130, 122)),
           ("blue-shirt-smile", (70, 50, 170, 178)), ("phone-street", (160, 30, 335, 200)),
           ("design-meeting", (1245, 70, 1370, 225)), ("design-meeting", (385, 95, 515, 255)), ("design-meeting", (940, 125, 1065, 290)),
           ("hikers-laughing", (520, 65, 615, 185))]
BACKGROUNDS14 = ["glasses-case", "city-skyline"]


@dataclass(frozen=True)
class FreshSet:
    """One fresh photo set and the crops taken from it; the builders below take one."""
    half: str
    photos: list
    donors: list
    portraits: list
    faces: list
    backgrounds: list
    seeds: tuple[int, int, int, int, int]  # non-face crops, the three face-row batches, noise


SETS = {"fresh": FreshSet(HALF, PHOTOS, DONORS, PORTRAITS, FACES, BACKGROUNDS, (300, 207, 211, 223, 200)),
        "fresh2": FreshSet("fresh2", FRESH2, DONORS2, PORTRAITS2, FACES2, BACKGROUNDS2, (400, 307, 311, 323, 400)),
        "fresh3": FreshSet("fresh3", FRESH3, DONORS3, PORTRAITS3, FACES3, BACKGROUNDS3, (500, 407, 411, 423, 500)),
        "fresh4": FreshSet("fresh4", FRESH4, DONORS4, PORTRAITS4, FACES4, BACKGROUNDS4, (600, 507, 511, 523, 600)),
        "fresh5": FreshSet("fresh5", FRESH5, DONORS5, PORTRAITS5, FACES5, BACKGROUNDS5, (700, 607, 611, 623, 700)),
        "fresh6": FreshSet("fresh6", FRESH6, DONORS6, PORTRAITS6, FACES6, BACKGROUNDS6, (800, 707, 711, 723, 800)),
        "fresh7": FreshSet("fresh7", FRESH7, DONORS7, PORTRAITS7, FACES7, BACKGROUNDS7, (900, 807, 811, 823, 900)),
        "fresh8": FreshSet("fresh8", FRESH8, DONORS8, PORTRAITS8, FACES8, BACKGROUNDS8, (1000, 907, 911, 923, 1000)),
        "fresh9": FreshSet("fresh9", FRESH9, DONORS9, PORTRAITS9, FACES9, BACKGROUNDS9, (1100, 1007, 1011, 1023, 1100)),
        "fresh10": FreshSet("fresh10", FRESH10, DONORS10, PORTRAITS10, FACES10, BACKGROUNDS10, (1200, 1107, 1111, 1123, 1200)),
        "fresh11": FreshSet("fresh11", FRESH11, DONORS11, PORTRAITS11, FACES11, BACKGROUNDS11, (1300, 1207, 1211, 1223, 1300)),
        "fresh12": FreshSet("fresh12", FRESH12, DONORS12, PORTRAITS12, FACES12, BACKGROUNDS12, (1400, 1307, 1311, 1323, 1400)),
        "fresh13": FreshSet("fresh13", FRESH13, DONORS13, PORTRAITS13, FACES13, BACKGROUNDS13, (1500, 1407, 1411, 1423, 1500)),
        "fresh14": FreshSet("fresh14", FRESH14, DONORS14, PORTRAITS14, FACES14, BACKGROUNDS14, (1600, 1507, 1511, 1523, 1600))}


def fresh_source(fresh: FreshSet = SETS["fresh"]) -> PhotoSource:
    return PhotoSource([(p.name, p.people, p.faces) for p in fresh.photos], {p.name: fresh.half for p in fresh.photos}, fresh.donors,
                       fresh.portraits, {fresh.half: fresh.backgrounds})


def _non_faces(images: dict[str, Image.Image], fresh: FreshSet = SETS["fresh"]) -> list[Image.Image]:
    """Square crops (60-200 px, within the photo) of the set's person-free photos, in turn."""
    rng = np.random.default_rng(fresh.seeds[0])
    grounds = [images[n] for n, people, _ in fresh_source(fresh).photos if people == 0 and n in images]
    out = []
    for i in range(NON_FACES):
        image = grounds[i % len(grounds)]
        side = int(rng.integers(60, min(200, *image.size) + 1))
        x, y = int(rng.integers(0, image.width - side + 1)), int(rng.integers(0, image.height - side + 1))
        out.append(image.crop((x, y, x + side, y + side)))
    return out


def face_rows(images: dict[str, Image.Image], fresh: FreshSet = SETS["fresh"]) -> list[PersonCase]:
    """The old halves' three row batches, with the set's face crops: 20 rows at 90-150 px on one
    photo, 12 at 40-80 px, and 24 at 32-90 px blurred (radius 0-1.5) on its backgrounds in turn."""
    faces = [images[n].crop(box) for n, box in fresh.faces if n in images]
    others = _non_faces(images, fresh)
    grounds = [images[n] for n in fresh.backgrounds if n in images]
    if not faces or not grounds:
        return []
    half, seeds = fresh.half, fresh.seeds
    return (crop_rows(faces, others, grounds[:1], half, np.random.default_rng(seeds[1]), 20, (90, 150), "faces", f"{half}-faces")
            + crop_rows(faces, others, grounds[:1], half, np.random.default_rng(seeds[2]), 12, (40, 80), "small-faces", f"{half}-small-faces")
            + crop_rows(faces, others, grounds, half, np.random.default_rng(seeds[3]), 24, (32, 90), "small-faces", f"{half}-small-faces-b", (0.0, 1.5)))


def fresh_cases(notes: list[str], name: str = "fresh") -> list[PersonCase]:
    """Every case of the fresh set ``name`` ("fresh" or "fresh2" to "fresh14"; photos that do not load are
    skipped with a note)."""
    fresh = SETS[name]
    images = {key: image for key, (_, image) in load_fresh(notes, photos=fresh.photos).items()}
    source, half = fresh_source(fresh), fresh.half
    cases = photo_cases(images, source) + composites(images, half, source=source) + portraits(images, half, source)
    cases += composites(images, half, fresh.portraits, "pasted-", source) + pasted_anywhere(images, half, source)
    return cases + face_rows(images, fresh) + noise_cases(3, ((half, fresh.seeds[4]),))


if __name__ == "__main__":
    import collections
    import sys

    messages: list[str] = []
    built = fresh_cases(messages, sys.argv[2] if len(sys.argv) > 2 else "fresh")
    print(f"{len(built)} fresh cases: " + ", ".join(f"{k} {n}" for k, n in collections.Counter(c.kind for c in built).items()))
    if len(sys.argv) > 1 and sys.argv[1] != "-":  # a folder ("-": none): write every case's image there, to look at
        from pathlib import Path

        folder = Path(sys.argv[1])
        folder.mkdir(parents=True, exist_ok=True)
        for case in built:
            case.image.save(folder / f"{case.name}.jpg", quality=85)
            print(f"  {case.name:48s} {case.kind:14s} people {case.people} faces {case.faces} spots {case.spots}")
    for message in messages:
        print(message)

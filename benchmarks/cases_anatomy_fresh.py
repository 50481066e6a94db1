"""Extra-limb cases built from the fresh photos (``fresh_photos.py``): the held-out set since the
ninth round, never tuned on. The case list, the donors and the hand-picked spots below were fixed
and committed before the check ran on any of them.

Made the way ``cases_anatomy.py`` makes the older halves' cases, with its functions: each photo
with people scaled to 512-1024 px (``SCALES``), as is, mirrored, at 2x and 0.5x, beside its mirror
image, and its largest person's upper-body (alone and beside its mirror image), chest-up, face and
hand close-ups (``photo_cases``); side-by-side and overlapping pairs of two photos and side-by-side
upper-body close-ups of two photos, each photo with the next in ``PHOTOS``' order; the
person-free photos. Extra-limb cases: a hand cut from the fresh photos' own hands (``DONORS``) pasted
at each photo's pose-found spots (the two largest people's torso, hip, a knee, a third arm from a
shoulder: ``pose_spots``) and at hand-picked spots (``SPOTS``: beside a real hand, over a person the
pose spots leave out), at about that person's own hand size, and one paste on each side-by-side
pair at a spot of the pair's own pose (``pose_pastes``).
"""
from __future__ import annotations

from dataclasses import dataclass

from cases_anatomy import Case, Locate, paste_cases, photo_cases, pose_spots, resize, side_by_side
from cases_anatomy_pairs import pose_pastes
from fresh_photos import FRESH2, PHOTOS, FreshPhoto, load_fresh
from PIL import Image

HALF = "fresh"

# Each photo with people scaled so its longest side is 512-1024 px (as cases_anatomy's Sources).
SCALES: dict[str, float] = {
    "friends": 0.8, "hanks-face": 4.6, "five-men": 0.5, "two-people": 1.0, "field": 1.0, "biden": 0.45,
    "obama": 0.9, "obama2": 0.85, "obama3": 0.43, "obama-crop": 0.9, "obama-crop2": 0.9,
}

# Hand-picked spots where no hand belongs, (x, y, pasted hand's longest side) in the photo's own
# pixels, picked by eye on the photos before any run: beside a real hand, and over people the pose
# spots (two largest people only) may leave out.
SPOTS: dict[str, dict[str, tuple[float, float, float]]] = {
    "friends": {"beside-hand": (415, 640, 90), "other-person": (1180, 580, 90), "other-person2": (110, 610, 95)},
    "five-men": {"beside-hand": (1760, 480, 130), "other-person": (1180, 700, 130), "other-person2": (300, 700, 130)},
    "two-people": {"other-person": (200, 470, 100)},
    "field": {"beside-hand": (290, 290, 34)},
    "biden": {"beside-hand": (400, 1180, 120)},
    "obama": {"beside-hand": (760, 980, 170)},
    "obama2": {"other-person": (560, 500, 110), "other-person2": (60, 480, 110)},
    "obama3": {"beside-hand": (1000, 1300, 160), "other-person": (1360, 1800, 120)},
}

# Donor hands (photo, box in the photo's own pixels), each cut from a fresh photo's own hands and
# found as a hand by the hand landmarker on the crop alone, at its own size and at 256 px (checked
# on the crops only, before any case was built). "forearm" (a forearm ending in a hand, turned so
# the hand points right) is the third arm's donor, as cases_anatomy's.
DONORS: dict[str, tuple[str, tuple[int, int, int, int]]] = {
    "hand-on-table": ("friends", (278, 554, 384, 691)),
    "hand-with-chip": ("friends", (678, 474, 782, 575)),
    "loose-fist": ("friends", (986, 410, 1087, 512)),
    "hand-with-cards": ("friends", (107, 365, 291, 531)),
    "fist-at-chin": ("five-men", (1547, 250, 1745, 450)),
    "hand-on-hip": ("five-men", (1748, 655, 1920, 795)),
    "forearm": ("friends", (870, 380, 1000, 680)),
}


@dataclass(frozen=True)
class FreshSet:
    """One fresh set's cases: its photos (``fresh_photos.py``'s list), their scales, hand-picked
    spots and donor hands (each donor's photo from this set or an earlier one), and the half label."""

    half: str
    photos: list[FreshPhoto]
    scales: dict[str, float]
    spots: dict[str, dict[str, tuple[float, float, float]]]
    donors: dict[str, tuple[str, tuple[int, int, int, int]]]
    turned: frozenset[str] = frozenset({"forearm"})  # donors turned 90 degrees (the hand from the bottom to the right)


FRESH_SET = FreshSet(HALF, PHOTOS, SCALES, SPOTS, DONORS)


def fresh_donors(photos: dict[str, tuple[object, Image.Image]], donors: dict | None = None,
                 turned: frozenset[str] = frozenset({"forearm"})) -> dict[str, Image.Image]:
    """The donor crops (``donors``, default DONORS) whose photo loaded (``photos``: ``load_fresh``'s answer)."""
    crops = {k: photos[src][1].crop(box) for k, (src, box) in (DONORS if donors is None else donors).items() if src in photos}
    for name in turned & set(crops):
        crops[name] = crops[name].transpose(Image.Transpose.ROTATE_90)  # the hand from the bottom to the right
    return crops


def build_fresh_cases(notes: list[str] | None = None, locate: Locate | None = None, fresh: FreshSet = FRESH_SET) -> list[Case]:
    """Every case of the fresh set ``fresh`` (default the first, half "fresh"); ``locate`` (image ->
    people) places the pose-found pastes and the close-ups (none without)."""
    notes = notes if notes is not None else []
    half = fresh.half
    photos = load_fresh(notes, photos=fresh.photos)
    scaled = {name: resize(image, fresh.scales[name]) for name, (photo, image) in photos.items() if photo.people != 0}
    found = {name: locate(image) for name, image in scaled.items()} if locate else {}
    cases: list[Case] = []
    for name, image in scaled.items():
        cases += photo_cases(name, image, found.get(name, []), half)
    names = list(scaled)
    pairs = list(zip(names, names[1:] + names[:1])) if len(names) > 1 else []
    for a, b in pairs:
        cases.append(Case(f"{a}+{b}", "pair", side_by_side(scaled[a], scaled[b]), half=half))
        cases.append(Case(f"{a}+{b}-overlap", "pair", side_by_side(scaled[a], scaled[b], overlap=0.25), half=half))
    uppers = {c.name.removesuffix("-upper-body"): c.image for c in cases if c.name.endswith("-upper-body")}
    for a, b in pairs:
        if a in uppers and b in uppers:
            cases.append(Case(f"{a}-upper-body+{b}-upper-body", "pair", side_by_side(uppers[a], uppers[b]), half=half))
    for name, (photo, image) in photos.items():
        if photo.people == 0:
            cases.append(Case(name, "person-free", image, half=half))
    sources = {src for src, _box in fresh.donors.values()}
    donors = fresh_donors(photos if sources <= set(photos) else load_fresh(notes, sorted(sources), PHOTOS + FRESH2),
                          fresh.donors, fresh.turned)
    if not donors:
        notes.append(f"no {half} extra-limb cases: no donor hand's photo loaded")
        return cases
    k = 0
    for name, image in scaled.items():
        scale = fresh.scales[name]
        spots = [(spot, (x * scale, y * scale), size * scale, 0.0) for spot, (x, y, size) in fresh.spots.get(name, {}).items()]
        spots += pose_spots(found.get(name, []), image.size)
        made, k = paste_cases(name, image, spots, donors, half, k)
        cases += made
    for turn, (a, b) in enumerate(pairs):
        made = pose_pastes(side_by_side(scaled[a], scaled[b]), f"{a}+{b}", half, turn, k, donors, locate, "pair-")
        cases += made
        k += bool(made)
    return cases

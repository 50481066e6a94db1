"""Side-by-side close-ups of two different photos, the extra-limb benchmark's "pair" kind grown.

Two film stills or two portraits side by side put one person's hand beside, or over, another
person's body; a generated image of two people standing close does the same. For every two photos
of one half that have close-ups (never a photo of the other half), at three crops (upper-body:
head to hips; chest-up: head and shoulders; portrait: the face with hair and some shoulder, the
crops of ``cases_anatomy.close_up_crops``), the benchmark gets a+b, b+a and a+b mirrored, the
second photo sliding 0, 0.1 or 0.25 of its width over the first (the overlaps cycle over the
pairs and crops, so each order and crop meets each overlap). The extra-limb side pastes a hand on
a+b at a spot found from that image's own pose (a torso, a hip, a knee, a third arm from a
shoulder, of either person), every third one mirrored too, so recall on this kind is measured.
"""
from __future__ import annotations

from PIL import Image, ImageOps

from cases_anatomy import HALVES, Case, Locate, close_up_crops, paste_cases, pose_spots, side_by_side

CROPS = ("upper-body", "chest-up", "portrait")
OVERLAPS = (0.0, 0.1, 0.25)


def close_up_pairs(scaled: dict[str, Image.Image], found: dict[str, list], donors: dict[str, Image.Image],
                   locate: Locate | None) -> list[Case]:
    """The pair cases of both halves: ``scaled`` the source photos, ``found`` their people (from
    ``locate``), ``donors`` the hand crops; ``locate`` also places the pastes on each pair."""
    cases: list[Case] = []
    for half in ("tune", "held-out"):
        crops = {n: close_up_crops(img, found.get(n, [])) for n, img in scaled.items()
                 if HALVES[n] == half and not n.startswith("crowd")}
        names = [n for n in crops if any(c in crops[n] for c in CROPS)]
        pairs = [(a, b) for i, a in enumerate(names) for b in names[i + 1:]]
        k = 0  # pastes made so far in this half: the donor, its mirroring and the spot cycle with it
        for p, (a, b) in enumerate(pairs):
            for c, crop in enumerate(CROPS):
                if crop not in crops[a] or crop not in crops[b]:
                    continue
                first, second = OVERLAPS[(p + c) % 3], OVERLAPS[(p + c + 1) % 3]
                ab = side_by_side(crops[a][crop], crops[b][crop], overlap=first)
                ba = side_by_side(crops[b][crop], crops[a][crop], overlap=second)
                name = f"{a}+{b}-{crop}@{first:g}"
                cases += [Case(name, "pair", ab, half=half), Case(f"{b}+{a}-{crop}@{second:g}", "pair", ba, half=half),
                          Case(f"{name}-mirrored", "pair", ImageOps.mirror(ab), half=half)]
                made = pose_pastes(ab, name, half, p + c, k, donors, locate, "pair-")
                cases += made
                k += bool(made)
    return cases


def pose_pastes(image: Image.Image, name: str, half: str, turn: int, k: int, donors: dict[str, Image.Image],
                locate: Locate | None, prefix: str) -> list[Case]:
    """The extra-limb cases made from ``image``: a hand pasted at spot ``turn`` (cycled) of those its
    own pose gives, the donor and its mirroring cycling with ``k`` (the pastes made so far), and
    when ``k`` is a multiple of 3 the same paste mirrored; none when the pose gives no spot."""
    spots = pose_spots(locate(image), image.size) if locate is not None and donors else []
    if not spots:
        return []
    return paste_cases(name, image, [spots[turn % len(spots)]], donors, half, k, prefix)[0]

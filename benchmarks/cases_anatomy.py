"""Extra-limb test cases built at run time from photos that ship inside packages (never committed).

Sources: scikit-image's astronaut/camera and person-free samples; matplotlib's grace_hopper.jpg
portrait; Debian's opencv-doc samples (``apt-get install -y opencv-doc``: photos, calibration
frames of a person holding a chessboard, and frames of its ``vtest.avi`` pedestrian crowd and
``Megamind.avi`` close-ups); bus.jpg and zidane.jpg read from the ultralytics wheel, fetched with
``pip download ultralytics --no-deps`` into ``.genimg_cache/bench/`` (never installed). A missing
source is skipped with a printed note.

Every case belongs to one *half*, fixed by its source photo before any tuning (``HALVES``): the rule
is tuned on "tune" and reported on "held-out", so a held-out figure comes from photos the rule never
saw. Normal cases: each photo as is, mirrored, at 2x and 0.5x, upper-body, chest-up, face and
hand close-ups (the hand: around the best-seen wrist), mirrored pairs of the photo and of its
upper-body close-up, side-by-side and overlapping pairs, and side-by-side upper-body close-ups
of two photos (pairs within one half), and many more pairs of close-ups of two photos, with and
without a pasted hand (``cases_anatomy_pairs.py``). Extra-limb cases paste a hand crop at spots found from the photo's own
pose (over the torso, the hip, a knee, as a third arm from a shoulder, over a second person, among
a crowd) and at hand-picked spots, at about the size of that person's own hands.
"""
from __future__ import annotations

import io
import subprocess
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageOps

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / ".genimg_cache" / "bench"
OPENCV_DATA = Path("/usr/share/doc/opencv-doc/examples/data")


@dataclass
class Case:
    name: str
    category: str  # normal, mirrored, scaled, close-up, pair, crowd, person-free, upside-down, extra
    image: Image.Image
    extra: bool = False
    spot: tuple[float, float] | None = None  # centre of the pasted hand, for "found at the right place"
    half: str = "tune"
    kind: str = ""  # for extra cases: where the hand was pasted
    paste_size: float = 0.0  # for extra cases: the pasted crop's longest side, px

# ----------------------------------------------------------------------------------------- sources


def _skimage(name: str) -> Image.Image:
    import skimage.data

    return Image.fromarray(getattr(skimage.data, name)()).convert("RGB")


def _opencv(name: str) -> Image.Image:
    return Image.open(OPENCV_DATA / name).convert("RGB")


def _matplotlib(name: str) -> Image.Image:
    import matplotlib.cbook

    return Image.open(matplotlib.cbook.get_sample_data(name)).convert("RGB")


def _video_frame(name: str, index: int) -> Image.Image:
    import cv2

    cap = cv2.VideoCapture(str(OPENCV_DATA / name))
    try:
        cap.set(cv2.CAP_PROP_POS_FRAMES, index)
        ok, frame = cap.read()
    finally:
        cap.release()
    if not ok:
        raise OSError(f"cannot read frame {index} of {name}")
    return Image.fromarray(np.ascontiguousarray(frame[:, :, ::-1]))


def _ultralytics_wheel(notes: list[str]) -> Path | None:
    CACHE.mkdir(parents=True, exist_ok=True)
    wheels = sorted((CACHE / "ultralytics").glob("ultralytics-*.whl"))
    if not wheels:
        cmd = [sys.executable, "-m", "pip", "download", "ultralytics", "--no-deps", "-q", "-d", str(CACHE / "ultralytics")]
        done = subprocess.run(cmd, capture_output=True, text=True, check=False)
        wheels = sorted((CACHE / "ultralytics").glob("ultralytics-*.whl"))
        if done.returncode != 0 or not wheels:
            notes.append(f"skipped ultralytics images: pip download failed ({done.stderr.strip()[-200:]})")
            return None
    return wheels[-1]


def _from_wheel(wheel: Path, name: str) -> Image.Image:
    with zipfile.ZipFile(wheel) as zf:
        return Image.open(io.BytesIO(zf.read(f"ultralytics/assets/{name}"))).convert("RGB")


@dataclass
class Source:
    """A photo with people: how to load it, a scale bringing it to 512-1024 px, and hand-picked
    spots (original pixels, with the pasted crop's longest side) where no hand belongs."""

    name: str
    load: Callable[[], Image.Image] | None  # None: read from the ultralytics wheel
    origin: str
    scale: float = 1.0
    spots: dict[str, tuple[float, float, float]] | None = None


# Listed in pairs; the first of each pair is tuned on, the second held out (fixed before tuning).
PEOPLE: list[Source] = [
    Source("astronaut", lambda: _skimage("astronaut"), "skimage", 1.0,
           {"chest": (250, 335, 95), "shoulder": (75, 300, 90), "belly": (215, 450, 95)}),
    Source("camera", lambda: _skimage("camera"), "skimage", 1.0,
           {"chest": (95, 265, 80), "leg": (125, 450, 80), "shoulder": (125, 150, 70), "beside-hand": (225, 285, 70)}),
    Source("basketball1", lambda: _opencv("basketball1.png"), "opencv-doc", 1.0,
           {"chest": (80, 200, 60), "leg": (75, 370, 60), "beside-hand": (178, 190, 55), "other-person": (565, 310, 70)}),
    Source("basketball2", lambda: _opencv("basketball2.png"), "opencv-doc", 1.0),
    Source("messi5", lambda: _opencv("messi5.jpg"), "opencv-doc", 1.5,
           {"chest": (235, 175, 42), "leg": (232, 255, 40), "beside-hand": (118, 122, 38), "crowd": (420, 60, 30)}),
    Source("zidane", None, "ultralytics", 0.8,
           {"chest": (520, 570, 130), "shoulder": (300, 385, 120), "beside-hand": (1085, 545, 120),
            "other-person": (950, 610, 130)}),
    Source("bus", None, "ultralytics", 0.948,
           {"chest": (140, 600, 75), "leg": (130, 800, 70), "beside-hand": (300, 605, 60), "other-person": (785, 600, 65)}),
    Source("left01", lambda: _opencv("left01.jpg"), "opencv-doc", 1.0),
    Source("megamind-a", lambda: _video_frame("Megamind.avi", 60), "opencv-doc", 1.0),
    Source("megamind-b", lambda: _video_frame("Megamind.avi", 210), "opencv-doc", 1.0),
    Source("crowd-a", lambda: _video_frame("vtest.avi", 400), "opencv-doc", 1.0),
    Source("crowd-b", lambda: _video_frame("vtest.avi", 660), "opencv-doc", 1.0),
    Source("right06", lambda: _opencv("right06.jpg"), "opencv-doc", 1.0),
    Source("megamind-c", lambda: _video_frame("Megamind.avi", 110), "opencv-doc", 1.0),
    # Added later, in the same alternation: hands holding a board (the rest of the person hidden
    # behind it) and an upper-body portrait without hands.
    Source("left09", lambda: _opencv("left09.jpg"), "opencv-doc", 1.0),
    Source("grace_hopper", lambda: _matplotlib("grace_hopper.jpg"), "matplotlib", 1.0,
           {"chest": (380, 470, 90), "shoulder": (80, 420, 85), "belly": (250, 560, 90)}),
    # Added with the close-up pairs (cases_anatomy_pairs.py), in the same alternation: one more film
    # still of the scene each half already has (frames chosen before any run), so each half holds two.
    Source("megamind-d", lambda: _video_frame("Megamind.avi", 180), "opencv-doc", 1.0),
    Source("megamind-e", lambda: _video_frame("Megamind.avi", 240), "opencv-doc", 1.0),
]
HALVES = {s.name: ("tune", "held-out")[k % 2] for k, s in enumerate(PEOPLE)}
# The rotating pairs of whole photos and of upper-body close-ups (build_cases) were built over the
# first 16 sources; later ones join the close-up pairs only, so the older cases stay as they were.
ROTATED = {s.name for s in PEOPLE[:16]}

PERSON_FREE = {
    "skimage": ["coffee", "chelsea", "rocket", "coins", "moon", "brick", "hubble_deep_field"],
    "opencv-doc": ["home.jpg", "stuff.jpg", "fruits.jpg", "building.jpg", "baboon.jpg", "starry_night.jpg",
                   "board.jpg", "aero1.jpg", "butterfly.jpg", "squirrel_cls.jpg", "chicky_512.png",
                   "HappyFish.jpg", "box_in_scene.png", "rubberwhale1.png", "leuvenA.jpg", "orange.jpg",
                   "smarties.png", "licenseplate_motion.jpg"],
}

# Donor crops (source, box in original pixels): each is found as a hand when seen on its own.
DONORS: dict[str, tuple[str, tuple[int, int, int, int]]] = {
    "forearm": ("zidane", (850, 395, 1160, 515)),
    "hand-on-chest": ("bus", (228, 492, 295, 550)),
    "hand-with-phone": ("bus", (248, 632, 298, 698)),
    "open-hand": ("messi5", (343, 148, 387, 182)),
    "raised-hand": ("messi5", (60, 76, 112, 114)),
}
# Pasted hand size against the person's body size (max of shoulder width and torso length).
HAND_TO_BODY = 0.55
MIN_BODY_PX = 70  # smaller people get no pose-placed paste (their hands would be under ~40 px)

# A pose-found person: 33 (x, y) points and visibilities (as the scan returns them).
Locate = Callable[[Image.Image], list[tuple[np.ndarray, np.ndarray]]]


def resize(image: Image.Image, scale: float) -> Image.Image:
    if scale == 1.0:
        return image
    return image.resize((max(1, round(image.width * scale)), max(1, round(image.height * scale))), Image.Resampling.LANCZOS)


def paste_hand(target: Image.Image, donor: Image.Image, centre: tuple[float, float], size: float, angle: float = 0.0) -> Image.Image:
    """Paste ``donor`` (scaled so its longest side is ``size`` px, rotated by ``angle``) at ``centre``
    through a feathered ellipse, so no hard rectangle edge gives the paste away."""
    scale = size / max(donor.size)
    crop = donor.resize((max(1, round(donor.width * scale)), max(1, round(donor.height * scale))), Image.Resampling.LANCZOS)
    mask = Image.new("L", crop.size, 0)
    inset = max(1, round(min(crop.size) * 0.08))
    ImageDraw.Draw(mask).ellipse((inset, inset, crop.width - inset, crop.height - inset), fill=255)
    mask = mask.filter(ImageFilter.GaussianBlur(inset))
    if angle:
        crop = crop.rotate(angle, resample=Image.Resampling.BICUBIC, expand=True)
        mask = mask.rotate(angle, resample=Image.Resampling.BICUBIC, expand=True)
    out = target.copy()
    out.paste(crop, (round(centre[0] - crop.width / 2), round(centre[1] - crop.height / 2)), mask)
    return out


def side_by_side(a: Image.Image, b: Image.Image, height: int = 512, overlap: float = 0.0) -> Image.Image:
    """``a`` then ``b`` at one height; with ``overlap`` > 0, ``b`` slides that share of its width
    over ``a`` through a soft vertical seam (people standing in front of each other)."""
    a = a.resize((round(a.width * height / a.height), height), Image.Resampling.LANCZOS)
    b = b.resize((round(b.width * height / b.height), height), Image.Resampling.LANCZOS)
    shift = round(overlap * b.width)
    out = Image.new("RGB", (a.width + b.width - shift, height))
    out.paste(a, (0, 0))
    mask = Image.new("L", b.size, 255)
    if shift:
        ramp = np.clip(np.linspace(0, 2, b.width) * 255 * b.width / max(1, shift), 0, 255).astype(np.uint8)
        mask = Image.fromarray(np.tile(ramp, (height, 1)))
    out.paste(b, (a.width - shift, 0), mask)
    return out


def load_sources(notes: list[str]) -> dict[str, tuple[Source, Image.Image]]:
    """Photos with people that are available here, scaled by their ``Source.scale``."""
    wheel = _ultralytics_wheel(notes)
    loaded: dict[str, tuple[Source, Image.Image]] = {}
    for source in PEOPLE:
        try:
            if source.load is None:
                if wheel is None:
                    continue
                image = _from_wheel(wheel, f"{source.name}.jpg")
            else:
                image = source.load()
        except (OSError, KeyError, ModuleNotFoundError) as exc:
            notes.append(f"skipped {source.origin} {source.name}: {exc}")
            continue
        loaded[source.name] = (source, image)
    if not OPENCV_DATA.is_dir():
        notes.append(f"skipped opencv-doc samples: {OPENCV_DATA} missing (apt-get install -y opencv-doc)")
    return loaded


def _body(points: np.ndarray) -> float:
    shoulders, hips = points[[11, 12]], points[[23, 24]]
    return max(float(np.linalg.norm(shoulders[0] - shoulders[1])), float(np.linalg.norm(shoulders.mean(0) - hips.mean(0))), 1.0)


def pose_spots(people: list[tuple[np.ndarray, np.ndarray]], size: tuple[int, int]) -> list[tuple[str, tuple[float, float], float, float]]:
    """(kind, centre, hand size, angle) where a hand does not belong, from the two largest people's
    pose: the torso's centre, a hip, a visible knee, and a third arm leaving a shoulder outward."""
    spots = []
    ranked = sorted(people, key=lambda p: -_body(p[0]))[:2]
    for k, (pts, vis) in enumerate(ranked):
        body = _body(pts)
        if body < MIN_BODY_PX:
            continue
        hand = HAND_TO_BODY * body
        torso = pts[[11, 12, 23, 24]].mean(axis=0)
        spots.append((f"torso{k}", (float(torso[0]), float(torso[1])), hand, 0.0))
        hip = pts[23] * 0.7 + pts[11] * 0.3
        spots.append((f"hip{k}", (float(hip[0]), float(hip[1])), hand, 30.0))
        for knee in (25, 26):
            if vis[knee] > 0.7 and 0 < pts[knee][0] < size[0] and 0 < pts[knee][1] < size[1]:
                spots.append((f"knee{k}", (float(pts[knee][0]), float(pts[knee][1])), hand, 0.0))
                break
        # Third arm: from the shoulder, outward from the body's centre line, about a forearm long.
        side, other = (11, 12) if pts[11][0] > pts[12][0] else (12, 11)
        out = pts[side] - pts[other]
        out = out / max(1e-6, float(np.linalg.norm(out)))
        centre = pts[side] + out * 0.55 * body + np.array([0.0, 0.25 * body])
        spots.append((f"third-arm{k}", (float(centre[0]), float(centre[1])), 1.6 * hand, float(np.degrees(np.arctan2(out[1], out[0])))))
    return [s for s in spots if 0 < s[1][0] < size[0] and 0 < s[1][1] < size[1]]


def close_up_crops(image: Image.Image, people: list[tuple[np.ndarray, np.ndarray]]) -> dict[str, Image.Image]:
    """The largest person's close-ups, each upscaled to 512 px: "upper-body" (head to hips),
    "chest-up" (head and shoulders), "portrait" (the face with hair and some shoulder) and "hand"
    (the best-seen wrist with the hand and some forearm); a crop too small to use is left out."""
    if not people:
        return {}
    pts, vis = max(people, key=lambda p: _body(p[0]))
    body = _body(pts)
    x0, x1 = float(pts[[11, 12]][:, 0].min()) - 0.6 * body, float(pts[[11, 12]][:, 0].max()) + 0.6 * body
    y0, y1 = float(pts[:11, 1].min()) - 0.6 * body, float(pts[[23, 24], 1].mean())
    box = (max(0, round(x0)), max(0, round(y0)), min(image.width, round(x1)), min(image.height, round(y1)))
    if box[2] - box[0] < 64 or box[3] - box[1] < 64:
        return {}
    crop = image.crop(box)
    crops = {"upper-body": resize(crop, 512 / max(crop.size))}
    # Chest-up (head and shoulders): clothing folds and hair fill the frame.
    chest = (box[0], box[1], box[2], min(box[3], max(box[1] + 64, round(float(pts[[11, 12], 1].mean()) + 0.5 * body))))
    if chest[3] - chest[1] >= 64:
        crop = image.crop(chest)
        crops["chest-up"] = resize(crop, 512 / max(crop.size))
    # The face: hair, ears and glasses, where hand detectors see hands that are not there.
    head = pts[:11]
    cx, cy = head.mean(axis=0)
    side = max(float(np.ptp(head[:, 0])), float(np.ptp(head[:, 1])), 0.3 * body) * 2.5
    box = (max(0, round(cx - side)), max(0, round(cy - side)), min(image.width, round(cx + side)), min(image.height, round(cy + side)))
    if min(box[2] - box[0], box[3] - box[1]) >= 48:
        crop = image.crop(box)
        crops["portrait"] = resize(crop, 512 / max(crop.size))
    # The hand: the best-seen wrist, the hand and some forearm, with little or no body.
    wrist = max((15, 16), key=lambda i: vis[i])
    if vis[wrist] > 0.7:
        (cx, cy), half_side = pts[wrist], 0.45 * body
        box = (max(0, round(cx - half_side)), max(0, round(cy - half_side)),
               min(image.width, round(cx + half_side)), min(image.height, round(cy + half_side)))
        if min(box[2] - box[0], box[3] - box[1]) >= 48:
            crop = image.crop(box)
            crops["hand"] = resize(crop, 512 / max(crop.size))
    return crops


def _close_ups(name: str, image: Image.Image, people: list[tuple[np.ndarray, np.ndarray]], half: str) -> list[Case]:
    """Upper-body, chest-up, face and hand close-ups of the largest person, upscaled to 512 px."""
    crops = close_up_crops(image, people)
    if not crops:
        return []
    upper = crops["upper-body"]
    cases = [Case(f"{name}-upper-body", "close-up", upper, half=half),
             Case(f"{name}-upper-body+mirror", "pair", side_by_side(upper, ImageOps.mirror(upper)), half=half)]
    names = {"chest-up": "portrait", "portrait": "face", "hand": "hand"}  # the case names predate the crops'
    return cases + [Case(f"{name}-{names[k]}", "close-up", crops[k], half=half) for k in names if k in crops]


def photo_cases(name: str, image: Image.Image, people: list[tuple[np.ndarray, np.ndarray]], half: str,
                category: str = "normal") -> list[Case]:
    """The cases without an extra limb made from one photo: as is (``category``), mirrored, at 2x
    and 0.5x, beside its mirror image, and its largest person's close-ups (``people``: its pose)."""
    return [Case(name, category, image, half=half),
            Case(f"{name}-mirrored", "mirrored", ImageOps.mirror(image), half=half),
            Case(f"{name}-x2", "scaled", resize(image, 2.0), half=half),
            Case(f"{name}-x0.5", "scaled", resize(image, 0.5), half=half),
            Case(f"{name}+mirror", "pair", side_by_side(image, ImageOps.mirror(image)), half=half),
            *_close_ups(name, image, people, half)]


def build_cases(notes: list[str] | None = None, locate: Locate | None = None, upside_down: bool = False) -> list[Case]:
    """Every case; ``locate`` (image -> people) places pose-found pastes and close-ups (none without);
    ``upside_down``: also the eighth round's upside-down close-ups (``cases_anatomy_upside_down.py``)."""
    notes = notes if notes is not None else []
    loaded = load_sources(notes)
    cases: list[Case] = []
    scaled = {name: resize(img, src.scale) for name, (src, img) in loaded.items()}
    found = {name: locate(image) for name, image in scaled.items()} if locate else {}
    for name, image in scaled.items():
        cases += photo_cases(name, image, found.get(name, []), HALVES[name], "crowd" if name.startswith("crowd") else "normal")
    for half in ("tune", "held-out"):
        names = [n for n in scaled if HALVES[n] == half and not n.startswith("crowd") and n in ROTATED]
        for a, b in zip(names, names[1:] + names[:1]):
            cases.append(Case(f"{a}+{b}", "pair", side_by_side(scaled[a], scaled[b]), half=half))
            cases.append(Case(f"{a}+{b}-overlap", "pair", side_by_side(scaled[a], scaled[b], overlap=0.25), half=half))
        # Side-by-side close-ups of two photos of this half (two film stills, two portraits).
        uppers = [c for c in cases if c.half == half and c.name.endswith("-upper-body")
                  and c.name.removesuffix("-upper-body") in ROTATED]
        for a, b in zip(uppers, uppers[1:] + uppers[:1]):
            if len(uppers) > 1:
                cases.append(Case(f"{a.name}+{b.name}", "pair", side_by_side(a.image, b.image), half=half))
    for origin, names in PERSON_FREE.items():
        for k, item in enumerate(names):
            try:
                image = _skimage(item) if origin == "skimage" else _opencv(item)
            except (OSError, ModuleNotFoundError) as exc:
                notes.append(f"skipped person-free {item}: {exc}")
                continue
            cases.append(Case(item.split(".")[0], "person-free", image, half=("tune", "held-out")[k % 2]))
    donors = {k: loaded[src][1].crop(box) for k, (src, box) in DONORS.items() if src in loaded}
    if donors:
        cases += _extra_cases(loaded, scaled, found, donors)
    else:
        notes.append("no extra-limb cases: every hand donor comes from opencv-doc or ultralytics photos")
    from cases_anatomy_pairs import close_up_pairs  # here: it imports this module's helpers

    cases += close_up_pairs(scaled, found, donors, locate)
    if upside_down:
        from cases_anatomy_upside_down import upside_down_cases

        cases += upside_down_cases(scaled, found, donors, locate)
    return cases


def _extra_cases(loaded: dict, scaled: dict, found: dict, donors: dict[str, Image.Image]) -> list[Case]:
    cases: list[Case] = []
    k = 0
    for name, (source, _img) in loaded.items():
        spots = [(spot, (x * source.scale, y * source.scale), size * source.scale, 0.0) for spot, (x, y, size) in (source.spots or {}).items()]
        spots += pose_spots(found.get(name, []), scaled[name].size)
        made, k = paste_cases(name, scaled[name], spots, donors, HALVES[name], k)
        cases += made
    return cases


def paste_cases(name: str, image: Image.Image, spots: list[tuple[str, tuple[float, float], float, float]],
                donors: dict[str, Image.Image], half: str, k: int = 0, prefix: str = "") -> tuple[list[Case], int]:
    """Extra-limb cases: a donor pasted on ``image`` at each of ``spots`` ((kind, centre, size,
    angle), as ``pose_spots`` gives them; ``prefix`` + kind is the case's kind); ``k`` counts pastes
    across calls (it picks the donor, the mirroring and the tilt) and is returned advanced."""
    donor_names = sorted(donors)
    cases: list[Case] = []
    for spot, centre, size, angle in spots:
        # Donors cycle; every other paste is mirrored and tilted, so no donor sits in one pose.
        donor_name = "forearm" if spot.startswith("third-arm") and "forearm" in donors else donor_names[k % len(donor_names)]
        donor = donors[donor_name] if k % 2 == 0 else ImageOps.mirror(donors[donor_name])
        tilt = angle if spot.startswith("third-arm") else angle + 25.0 * (k % 2)
        pasted = paste_hand(image, donor, centre, size, angle=-tilt if spot.startswith("third-arm") else tilt)
        kind = prefix + spot.rstrip("0123456789")
        cases.append(Case(f"{name}+{donor_name}@{spot}", "extra", pasted, True, centre, half, kind, size))
        if k % 3 == 0:  # the same paste seen mirrored
            mirrored = (pasted.width - centre[0], centre[1])
            cases.append(Case(f"{name}+{donor_name}@{spot}-mirrored", "extra", ImageOps.mirror(pasted), True, mirrored, half, kind, size))
        k += 1
    return cases, k

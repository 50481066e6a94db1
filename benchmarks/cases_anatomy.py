"""Extra-limb test cases built at run time from photos that ship inside packages (never committed).

Sources: scikit-image's astronaut/camera and person-free samples; Debian's opencv-doc samples
(``apt-get install -y opencv-doc``); bus.jpg and zidane.jpg read from the ultralytics wheel, fetched
with ``pip download ultralytics --no-deps`` into ``.genimg_cache/bench/`` (never installed). A
missing source is skipped with a printed note. Extra-limb cases paste a hand or forearm crop (taken
from these photos, at hand-picked boxes) onto a chest, leg, shoulder, beside a real hand, or onto
another person, at the size of that person's own hands.
"""
from __future__ import annotations

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
    category: str  # normal, mirrored, pair, person-free, extra
    image: Image.Image
    extra: bool = False
    spot: tuple[float, float] | None = None  # centre of the pasted hand, for "found at the right place"


# --------------------------------------------------------------------------------------------- sources


def _skimage(name: str) -> Image.Image:
    import skimage.data

    return Image.fromarray(getattr(skimage.data, name)()).convert("RGB")


def _opencv(name: str) -> Image.Image:
    return Image.open(OPENCV_DATA / name).convert("RGB")


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
    import io

    with zipfile.ZipFile(wheel) as zf:
        return Image.open(io.BytesIO(zf.read(f"ultralytics/assets/{name}"))).convert("RGB")


# A photo with people: how to load it, a scale bringing it into 512-1024 px, and hand-picked spots
# (original pixels) with the pasted crop's longest side there: where a hand does not belong.
@dataclass
class Source:
    name: str
    load: Callable[[], Image.Image] | None  # None: read from the ultralytics wheel
    origin: str
    scale: float = 1.0
    spots: dict[str, tuple[float, float, float]] | None = None


PEOPLE: list[Source] = [
    Source("astronaut", lambda: _skimage("astronaut"), "skimage", 1.0,
           {"chest": (250, 335, 95), "shoulder": (75, 300, 90), "belly": (215, 450, 95)}),
    Source("camera", lambda: _skimage("camera"), "skimage", 1.0,
           {"chest": (95, 265, 80), "leg": (125, 450, 80), "shoulder": (125, 150, 70), "beside-hand": (225, 285, 70)}),
    Source("basketball1", lambda: _opencv("basketball1.png"), "opencv-doc", 1.0,
           {"chest": (80, 200, 60), "leg": (75, 370, 60), "shoulder": (62, 160, 55),
            "beside-hand": (178, 190, 55), "other-person": (565, 310, 70)}),
    Source("basketball2", lambda: _opencv("basketball2.png"), "opencv-doc", 1.0),
    Source("messi5", lambda: _opencv("messi5.jpg"), "opencv-doc", 1.5,
           {"chest": (235, 175, 42), "leg": (232, 255, 40), "beside-hand": (118, 122, 38), "shoulder": (185, 128, 38)}),
    Source("left01", lambda: _opencv("left01.jpg"), "opencv-doc", 1.0),
    Source("right06", lambda: _opencv("right06.jpg"), "opencv-doc", 1.0),
    Source("bus", None, "ultralytics", 0.948,
           {"chest": (140, 600, 75), "leg": (130, 800, 70), "beside-hand": (300, 605, 60),
            "shoulder": (320, 500, 60), "other-person": (785, 600, 65)}),
    Source("zidane", None, "ultralytics", 0.8,
           {"chest": (520, 570, 130), "shoulder": (300, 385, 120), "beside-hand": (1085, 545, 120),
            "other-person": (950, 610, 130)}),
]

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


def _resize_long(image: Image.Image, scale: float) -> Image.Image:
    if scale == 1.0:
        return image
    return image.resize((round(image.width * scale), round(image.height * scale)), Image.Resampling.LANCZOS)


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


def side_by_side(a: Image.Image, b: Image.Image, height: int = 512) -> Image.Image:
    a = a.resize((round(a.width * height / a.height), height), Image.Resampling.LANCZOS)
    b = b.resize((round(b.width * height / b.height), height), Image.Resampling.LANCZOS)
    out = Image.new("RGB", (a.width + b.width, height))
    out.paste(a, (0, 0))
    out.paste(b, (a.width, 0))
    return out


def load_sources(notes: list[str]) -> dict[str, tuple[Source, Image.Image]]:
    """Original (unscaled) photos with people that are available here."""
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


def build_cases(notes: list[str] | None = None) -> list[Case]:
    notes = notes if notes is not None else []
    loaded = load_sources(notes)
    cases: list[Case] = []
    scaled = {name: _resize_long(img, src.scale) for name, (src, img) in loaded.items()}
    for name, image in scaled.items():
        cases.append(Case(name, "normal", image))
        cases.append(Case(f"{name}-mirrored", "mirrored", ImageOps.mirror(image)))
    pairs = [("astronaut", "camera"), ("basketball1", "messi5"), ("zidane", "bus"), ("camera", "left01"), ("bus", "astronaut")]
    for a, b in pairs:
        if a in scaled and b in scaled:
            cases.append(Case(f"{a}+{b}", "pair", side_by_side(scaled[a], scaled[b])))
    for origin, names in PERSON_FREE.items():
        for item in names:
            try:
                image = _skimage(item) if origin == "skimage" else _opencv(item)
            except (OSError, ModuleNotFoundError) as exc:
                notes.append(f"skipped person-free {item}: {exc}")
                continue
            cases.append(Case(item.split(".")[0], "person-free", _resize_long(image, 1.0)))
    donors = {k: loaded[src][1].crop(box) for k, (src, box) in DONORS.items() if src in loaded}
    donor_names = sorted(donors)
    if not donors:
        notes.append("no extra-limb cases: every hand donor comes from opencv-doc or ultralytics photos")
        return cases
    k = 0
    for name, (source, _img) in loaded.items():
        for spot, (x, y, size) in (source.spots or {}).items():
            for variant in range(2):  # two different donors per spot, one of them tilted and mirrored
                donor_name = donor_names[k % len(donor_names)]
                k += 1
                donor = donors[donor_name] if variant == 0 else ImageOps.mirror(donors[donor_name])
                centre = (x * source.scale, y * source.scale)
                image = paste_hand(scaled[name], donor, centre, size * source.scale, angle=25.0 * variant)
                cases.append(Case(f"{name}+{donor_name}@{spot}{'-tilted' if variant else ''}", "extra", image, True, centre))
    if "astronaut" in scaled and "camera" in scaled:
        # An extra hand on one person of a pair: the other person's two hands must not hide it.
        pair = side_by_side(scaled["camera"], scaled["astronaut"])
        donor = donors[donor_names[0]]
        cases.append(Case("camera+astronaut:chest", "extra", paste_hand(pair, donor, (95, 265), 80), True, (95, 265)))
    return cases


def as_array(image: Image.Image) -> np.ndarray:
    return np.asarray(image.convert("RGB"))

"""Sign-like text renders with known answers, built at run time, for the text-legibility benchmark.

Each *base* case (string, font, size, background, rotation, blur, JPEG quality, position) is rendered
once with the correct string and again with garbled strings of the kinds generators make (swapped,
dropped, doubled or look-alike letters), with every other parameter identical.
"""
from __future__ import annotations

import io
import os
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

SIZE = 512
WORDS = [
    "EXIT", "OPEN", "SALE", "STOP", "CAFE", "HOTEL", "BAKERY", "PHARMACY", "PARKING", "TAXI",
    "Welcome", "Bistro", "Books", "Garden", "Market", "Pizza", "Florist", "Library", "Station",
    "PUSH", "PULL", "CLOSED", "Museum", "Bakery", "Harbor", "Cinema", "Bar", "Deli", "Salon",
]
PRICES = ["$4.99", "$19.99", "€12.50", "£7", "$120", "9.95 €", "€3,20", "$0.99", "£45.00", "$2.50"]
PHONES = ["555-0123", "555-0199", "020 7946", "867-5309", "555 0142", "06 1234", "311-2046", "800-2323"]
DATES = ["2024-03-15", "12/25", "15.03.24", "MAY 2025", "1998", "07/04/26", "31.12.", "JUN 14"]
ACCENTED = ["Café", "Crème", "Müller", "Señor", "Straße", "Garçon", "École", "Öl", "Ñandú", "Größe", "Pâté", "Zoë"]
PHRASES = ["OPEN 24/7", "SALE 50%", "NO ENTRY", "EXIT ONLY", "Hot Coffee", "Fresh Bread", "KEEP OUT"]
CATEGORIES = {"word": WORDS, "price": PRICES, "phone": PHONES, "date": DATES, "accented": ACCENTED, "phrase": PHRASES}

BACKGROUNDS = ("plain", "gradient", "noise", "photo")
# Photos shipped inside scikit-image. Text goes on all but "coins", which OCR reads as rows of zeros.
PHOTOS = ("astronaut", "coffee", "chelsea", "camera", "rocket", "coins", "horse", "grass", "brick", "gravel")
TEXT_PHOTOS = tuple(p for p in PHOTOS if p != "coins")
# Look-alike substitutions generators make; each maps a substring to what replaces it.
LOOKALIKES = [("O", "0"), ("0", "O"), ("l", "1"), ("1", "l"), ("I", "l"), ("rn", "m"), ("m", "rn"),
              ("S", "5"), ("5", "S"), ("B", "8"), ("o", "0"), ("i", "l"), ("e", "c"), ("E", "F")]
GARBLE_KINDS = ("swap", "drop", "double", "lookalike")
# Tiers: "standard" (16-72 px fonts, contrasting colours), "small" (capital letters 12-20 px tall
# at 512 px), "low-contrast" (WCAG contrast ratio 1.5:1 to 3:1 between text and what lies under it).
TIERS = ("standard", "small", "low-contrast")
SMALL_CAP_PX = (12, 20)
LOW_CONTRAST = (1.5, 3.0)
# Fixed seeds: the check's defaults were chosen on TUNE_SEED. HELD_OUT_SEED was reported as held out
# for six rounds whose changes were made after reading its misses: it is development data now. The
# held-out figure comes from cases_text_fresh.py's set (its own words, fonts, photos and seed).
TUNE_SEED, HELD_OUT_SEED = 0, 1


@dataclass(frozen=True)
class PhotoSet:
    """The photos a set puts text on: their names and a loader of each as a SIZE x SIZE RGB image."""

    names: tuple[str, ...]
    load: Callable[[str], Image.Image]


@dataclass(frozen=True)
class CaseSet:
    """What a set of renders draws from; the generator's rules (tiers, layouts, garbles) are shared.

    ``fonts`` None: :func:`font_files` (matplotlib's DejaVu and STIX, optionally the system's).
    ``prefix`` starts every case id of the set, so no two sets' renders share an id."""

    name: str
    categories: dict[str, list[str]]
    photos: PhotoSet
    fonts: tuple[Path, ...] | None = None
    prefix: str = ""


@dataclass
class TextCase:
    """One render: ``text`` is what is drawn, ``expected`` what a check is told to find."""

    case_id: str
    base_id: int
    expected: str
    text: str
    kind: str  # "correct" or a garble kind
    category: str
    params: dict[str, Any] = field(default_factory=dict)
    image: Image.Image | None = None

    @property
    def correct(self) -> bool:
        return self.kind == "correct"


def font_files(include_system: bool = False) -> list[Path]:
    """Text fonts on this machine: matplotlib's bundled DejaVu and STIX (pip), optionally system ones."""
    try:
        import matplotlib
    except ImportError:  # no pip fonts: fall back to whatever the system has
        include_system, found = True, {}
    else:
        folder = Path(matplotlib.__file__).parent / "mpl-data" / "fonts" / "ttf"
        found = {p.name: p for p in sorted(folder.glob("*.ttf"))}
    if include_system:
        for root in ("/usr/share/fonts", "/usr/local/share/fonts"):
            for p in sorted(Path(root).rglob("*.ttf")) if os.path.isdir(root) else ():
                found.setdefault(p.name, p)
    return [p for name, p in sorted(found.items()) if _cmap_size(str(p)) >= 1000 and "LastResort" not in name]


@cache
def _cmap(path: str) -> frozenset[int]:
    from fontTools.ttLib import TTFont

    return frozenset(TTFont(path, lazy=True).getBestCmap() or {})


def _cmap_size(path: str) -> int:
    return len(_cmap(path))


def covers(font: Path, text: str) -> bool:
    cmap = _cmap(str(font))
    return all(ord(c) in cmap for c in text if not c.isspace())


def garble(text: str, kind: str, rng: random.Random) -> str | None:
    """A garbled variant of ``text`` that differs even after case and whitespace folding, or None."""
    alnum = [i for i, c in enumerate(text) if c.isalnum()]
    options: list[str] = []
    if kind == "swap":
        options = [text[:i] + text[i + 1] + text[i] + text[i + 2:] for i in alnum
                   if i + 1 < len(text) and text[i + 1].isalnum() and text[i].casefold() != text[i + 1].casefold()]
    elif kind == "drop":
        options = [text[:i] + text[i + 1:] for i in alnum] if len(alnum) > 2 else []
    elif kind == "double":
        options = [text[:i + 1] + text[i] + text[i + 1:] for i in alnum]
    elif kind == "lookalike":
        for src, dst in LOOKALIKES:
            start = text.find(src)
            while start >= 0:
                options.append(text[:start] + dst + text[start + len(src):])
                start = text.find(src, start + 1)
    options = [o for o in options if _fold(o) != _fold(text)]
    return rng.choice(options) if options else None


def _fold(text: str) -> str:
    return "".join(text.casefold().split())


@cache
def _photo(name: str) -> Image.Image:
    import skimage.data

    return to_canvas(Image.fromarray(getattr(skimage.data, name)()))


def to_canvas(image: Image.Image) -> Image.Image:
    """A photo as a text background: RGB, stretched to SIZE x SIZE (as every set's photos are)."""
    return image.convert("RGB").resize((SIZE, SIZE), Image.Resampling.BILINEAR)


SKIMAGE_PHOTOS = PhotoSet(TEXT_PHOTOS, _photo)
# The vocabulary, fonts and photos the tuning and development halves (seeds 0 to 3) were built from.
DEVELOPMENT = CaseSet("development", CATEGORIES, SKIMAGE_PHOTOS)


def _background(kind: str, rng: random.Random, quiet: bool = False,
                photos: PhotoSet = SKIMAGE_PHOTOS) -> tuple[Image.Image, str]:
    nrng = np.random.default_rng(rng.randrange(2**32))
    if kind == "plain":
        colour = tuple(rng.randrange(256) for _ in range(3))
        return Image.new("RGB", (SIZE, SIZE), colour), "plain"
    if kind == "gradient":
        a = np.array([rng.randrange(256) for _ in range(3)], float)
        b = np.array([rng.randrange(256) for _ in range(3)], float)
        angle = rng.uniform(0, np.pi)
        yy, xx = np.mgrid[0:SIZE, 0:SIZE] / SIZE
        t = (np.cos(angle) * xx + np.sin(angle) * yy)
        t = (t - t.min()) / (t.max() - t.min())
        arr = a * (1 - t[..., None]) + b * t[..., None]
        return Image.fromarray(arr.astype(np.uint8)), "gradient"
    if kind == "noise":
        base = np.array([rng.randrange(40, 216) for _ in range(3)], float)
        sigma = rng.uniform(4, 12) if quiet else rng.uniform(10, 35)  # faint text on heavy noise: illegible
        arr = base + nrng.normal(0, sigma, (SIZE, SIZE, 3))
        return Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8)), f"noise(sigma={sigma:.0f})"
    name = rng.choice(photos.names)
    return photos.load(name), f"photo({name})"


def _luma(rgb: tuple[float, ...]) -> float:
    return 0.299 * rgb[0] + 0.587 * rgb[1] + 0.114 * rgb[2]


def _contrasting(mean: tuple[float, ...], rng: random.Random) -> tuple[int, int, int]:
    """A text colour a reader would find legible on a background of this mean colour."""
    if _luma(mean) > 128:
        return tuple(rng.randrange(0, 70) for _ in range(3))  # type: ignore[return-value]
    return tuple(rng.randrange(190, 256) for _ in range(3))  # type: ignore[return-value]


def _relative_luminance(rgb: tuple[float, ...]) -> float:
    """WCAG 2 relative luminance of an sRGB colour (0-255 channels)."""
    lin = [(c / 255) / 12.92 if c / 255 <= 0.04045 else ((c / 255 + 0.055) / 1.055) ** 2.4 for c in rgb[:3]]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast_ratio(a: tuple[float, ...], b: tuple[float, ...]) -> float:
    la, lb = sorted((_relative_luminance(a), _relative_luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def _at_contrast(under: tuple[float, ...], ratio: float, rng: random.Random) -> tuple[int, int, int]:
    """A tinted colour at WCAG ``ratio`` against ``under``: darker when there is room, else lighter."""
    lum = _relative_luminance(under)
    darker, lighter = (lum + 0.05) / ratio - 0.05, ratio * (lum + 0.05) - 0.05
    target = darker if darker >= 0 and (lighter > 1 or rng.random() < 0.5) else lighter
    target = min(1.0, max(0.0, target))
    tint = np.array([rng.uniform(0.85, 1.15) for _ in range(3)])
    lo, hi = 0.0, 255.0  # bisect a grey level (times the tint) to the target luminance
    for _ in range(30):
        mid = (lo + hi) / 2
        if _relative_luminance(tuple(np.clip(mid * tint, 0, 255))) < target:
            lo = mid
        else:
            hi = mid
    return tuple(int(round(v)) for v in np.clip(lo * tint, 0, 255))  # type: ignore[return-value]


def _cap_height(font: str, size: int) -> int:
    probe = ImageDraw.Draw(Image.new("L", (1, 1)))
    box = probe.textbbox((0, 0), "H", font=ImageFont.truetype(font, size))
    return box[3] - box[1]


def draw_params(base_id: int, fonts: list[Path], text: str, rng: random.Random, tier: str = "standard") -> dict[str, Any]:
    usable = [f for f in fonts if covers(f, text)] or fonts
    font = str(rng.choice(usable))
    size = rng.randint(16, 72)
    if tier == "small":  # font size whose capital H is the drawn height
        cap = rng.randint(*SMALL_CAP_PX)
        size = max(6, round(cap * 100 / max(1, _cap_height(font, 100))))
    elif tier == "low-contrast":
        size = rng.randint(20, 56)
    return {
        "font": font,
        "size": size,
        "tier": tier,
        "contrast": round(rng.uniform(*LOW_CONTRAST), 2) if tier == "low-contrast" else None,
        "background": BACKGROUNDS[base_id % len(BACKGROUNDS)],
        "rotation": round(rng.uniform(-8, 8), 1) if rng.random() < 0.6 else 0.0,
        "blur": round(rng.uniform(0.0, 0.04), 3) if rng.random() < 0.5 else 0.0,  # radius / font size
        "jpeg": rng.choice([None, None, 95, 75, 50, 35]),
        # On photos: a sign plate behind the text, else an outline (as on real signs).
        "plate": BACKGROUNDS[base_id % len(BACKGROUNDS)] == "photo" and rng.random() < 0.6,
        "seed": rng.randrange(2**31),
    }


def render(text: str, params: dict[str, Any], photos: PhotoSet = SKIMAGE_PHOTOS) -> tuple[Image.Image, dict[str, Any]]:
    """Draw ``text`` with ``params`` on a 512 px image; the same params give the same layout."""
    rng = random.Random(params["seed"])
    background, bg_name = _background(params["background"], rng, bool(params.get("contrast")), photos)
    size = params["size"]
    font = ImageFont.truetype(params["font"], size)
    probe = ImageDraw.Draw(Image.new("L", (1, 1)))
    left, top, right, bottom = probe.textbbox((0, 0), text, font=font)
    while right - left > 0.85 * SIZE and size > 16 and params.get("tier", "standard") == "standard":  # keep long strings inside the image
        size -= 2
        font = ImageFont.truetype(params["font"], size)
        left, top, right, bottom = probe.textbbox((0, 0), text, font=font)
    w, h = right - left, bottom - top
    pad = max(4, size // 3)
    layer = Image.new("RGBA", (w + 2 * pad, h + 2 * pad), (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    # Fractions, not pixels, so the correct and garbled renders of one base share their layout.
    x0 = 8 + int(rng.random() * max(0, SIZE - layer.width - 16))
    y0 = 8 + int(rng.random() * max(0, SIZE - layer.height - 16))
    patch = background.crop((x0, y0, x0 + layer.width, y0 + layer.height)).resize((1, 1), Image.Resampling.BOX)
    under = tuple(np.asarray(patch)[0, 0].astype(float))
    stroke = 0
    contrast = params.get("contrast")
    if contrast and params["background"] == "photo":  # a flat plate: contrast against a photo is not defined
        plate = tuple(rng.randrange(256) for _ in range(3))
        draw.rounded_rectangle((0, 0, layer.width - 1, layer.height - 1), radius=pad // 2, fill=plate + (255,))
        colour = _at_contrast(plate, contrast, rng)
    elif contrast:
        colour = _at_contrast(under, contrast, rng)
    elif params["background"] == "photo" and params["plate"]:
        plate = tuple(rng.randrange(256) for _ in range(3))
        draw.rounded_rectangle((0, 0, layer.width - 1, layer.height - 1), radius=pad // 2, fill=plate + (235,))
        colour = _contrasting(plate, rng)
    else:
        colour = _contrasting(under, rng)
        if params["background"] == "photo":
            stroke = max(1, size // 18)
    outline = (255, 255, 255) if _luma(colour) < 128 else (0, 0, 0)
    draw.text((pad - left, pad - top), text, font=font, fill=colour + (255,), stroke_width=stroke, stroke_fill=outline + (255,))
    if params["rotation"]:
        layer = layer.rotate(params["rotation"], resample=Image.Resampling.BICUBIC, expand=True)
        x0 = min(x0, SIZE - layer.width) if layer.width < SIZE else 0
        y0 = min(y0, SIZE - layer.height) if layer.height < SIZE else 0
    image = background.copy()
    image.paste(layer, (max(0, x0), max(0, y0)), layer)
    radius = params["blur"] * size
    if radius > 0:
        image = image.filter(ImageFilter.GaussianBlur(radius))
    if params["jpeg"]:
        buf = io.BytesIO()
        image.save(buf, format="JPEG", quality=params["jpeg"])
        image = Image.open(io.BytesIO(buf.getvalue())).convert("RGB")
    shown = {**params, "size": size, "background": bg_name, "font": Path(params["font"]).stem}
    if params.get("tier") == "small":
        shown["cap_px"] = _cap_height(params["font"], size)
    return image, shown


def build_cases(n_base: int = 210, garbled_per_base: int = 2, seed: int = 0, include_system_fonts: bool = False,
                tier: str = "standard", case_set: CaseSet = DEVELOPMENT) -> list[TextCase]:
    """``n_base`` correct renders of one tier, each with ``garbled_per_base`` garbled twins (kinds cycled),
    drawn from ``case_set`` (``include_system_fonts`` applies to a set without fonts of its own)."""
    if tier not in TIERS:
        raise ValueError(f"tier: expected one of {TIERS}, got {tier!r}")
    rng = random.Random(seed if tier == "standard" else f"{tier}-{seed}")
    fonts = list(case_set.fonts) if case_set.fonts is not None else font_files(include_system_fonts)
    if not fonts:
        raise RuntimeError("no usable .ttf fonts found: pip install matplotlib (it bundles DejaVu and STIX)")
    names = list(case_set.categories)
    cases: list[TextCase] = []
    kind_cycle = 0
    for base in range(n_base):
        category = names[base % len(names)]
        expected = rng.choice(case_set.categories[category])
        params = draw_params(base, fonts, expected, rng, tier)
        image, shown = render(expected, params, case_set.photos)
        cases.append(TextCase(f"{case_set.prefix}{tier}-{seed}-{base}-correct", base, expected, expected, "correct",
                              category, shown, image))
        made = 0
        tries = 0
        while made < garbled_per_base and tries < 3 * len(GARBLE_KINDS):
            kind = GARBLE_KINDS[kind_cycle % len(GARBLE_KINDS)]
            kind_cycle += 1
            tries += 1
            text = garble(expected, kind, rng)
            if text is None:
                continue
            image, shown = render(text, params, case_set.photos)
            cases.append(TextCase(f"{case_set.prefix}{tier}-{seed}-{base}-{kind}", base, expected, text, kind, category,
                                  shown, image))
            made += 1
    return cases

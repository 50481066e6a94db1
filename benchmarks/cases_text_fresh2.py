"""The text benchmark's second fresh set, *fresh2*: held out for choices made after reading the first
fresh set's misses (``--halves fresh2``).

Written in the same session, after the first fresh set had been run once and its
misses read (so it is development data from then on). It shares nothing chosen so far with the
other three halves but cases_text.py's rules (tiers, layouts, garble kinds and proportions): its own
seed (never used before), its own words, prices, phone numbers, dates, accented words and phrases of
the same kinds and lengths (no entry of the older lists, every character in PP-OCRv6's dictionary),
fonts no render ever drew (Roboto, Source Sans Pro, Lato in four styles and Fredoka One, fetched at
run time from the package index with ``pip download --no-deps`` into ``.genimg_cache/bench/fonts/``,
never installed, never committed; no monospaced face was found there: ``font-source-code-pro`` is
not on the index) and ``fresh_photos.py``'s FRESH2 person-free photos. The set was fixed and
committed before the check ever ran on it.

Where a font package or a photo cannot be had here, :func:`fresh2_set` says which and returns None:
a figure on part of the set would not be the same figure.
"""
from __future__ import annotations

from pathlib import Path

from cases_text import CaseSet, PhotoSet

FRESH2_SEED = 29

# Of the same kinds and lengths as cases_text's and cases_text_fresh's lists; no entry of those.
WORDS = [
    "MALL", "FUEL", "PIER", "SHOES", "BAZAAR", "BOUTIQUE", "CHEMIST", "ARCADE", "DRUGS", "SODA",
    "Kebab", "Cobbler", "Jeweler", "Butcher", "Bookshop", "Creamery", "Vineyard", "Brewery", "Stadium",
    "POOL", "GYM", "HOSTEL", "Temple", "Pantry", "Winery", "Pho", "Tea", "Waffles", "Ramen",
]
PRICES = ["$8.25", "$64.50", "€2.15", "£9", "$475", "7.30 €", "€5,60", "$3.79", "£28.40", "$10.00"]
PHONES = ["555-0116", "555-0185", "040 6183", "646-2907", "555 0171", "09 4752", "503-7718", "877-6420"]
DATES = ["2025-07-21", "10/31", "18.09.23", "DEC 2026", "1976", "04/12/25", "24.12.", "AUG 09"]
ACCENTED = ["Brûlée", "Frère", "Málaga", "Açaí", "Peña", "Île", "Naïve", "Föhn", "Mañana", "Forêt", "Übung", "Niño"]
PHRASES = ["SUN 10-4", "20% OFF", "TAKE AWAY", "SOLD OUT", "ONE WAY", "Live Music", "Free Wi-Fi"]
CATEGORIES = {"word": WORDS, "price": PRICES, "phone": PHONES, "date": DATES, "accented": ACCENTED, "phrase": PHRASES}

ROOT = Path(__file__).resolve().parent.parent
FONT_CACHE = ROOT / ".genimg_cache" / "bench" / "fonts"
# requirement, pip flags, font files (paths inside the archive, after an sdist's top folder)
FONT_PACKAGES: dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]] = {
    "roboto": ("font-roboto==0.0.1", ("--no-binary", "font-roboto"),
               tuple(f"font_roboto/files/Roboto-{s}.ttf" for s in ("Regular", "Bold", "Italic", "BoldItalic"))),
    "source-sans-pro": ("font-source-sans-pro==0.0.1", ("--only-binary", ":all:"),
                        tuple(f"font_source_sans_pro/files/SourceSansPro-{s}.ttf" for s in ("Regular", "Bold", "It", "BoldIt"))),
    "lato": ("font-lato==0.1.0", ("--only-binary", ":all:"),
             tuple(f"font_lato/files/Lato-{s}.ttf" for s in ("Regular", "Bold", "Italic", "BoldItalic"))),
    "fredoka-one": ("font-fredoka-one==0.0.4", ("--only-binary", ":all:"), ("font_fredoka_one/files/FredokaOne-Regular.ttf",)),
}
# fresh_photos.py's FRESH2 person-free photos, all six: looked at by eye before any run, none carries
# lettering (the tower's photo has none legible either).
PHOTO_NAMES = ("mountains", "branches", "beach", "tower", "tree", "wolf")


def fresh2_fonts(notes: list[str], packages: dict | None = None, cache: Path | None = None,
                 label: str = "fresh2 set") -> tuple[Path, ...] | None:
    """A set's font files (``packages``, default FONT_PACKAGES: the fresh2 set's), each archive fetched
    once into ``cache`` (default FONT_CACHE)/its key and the files extracted next to it, or None with a
    note naming what is missing."""
    from fresh_photos import _read, fetch

    cache = FONT_CACHE if cache is None else cache
    fonts: list[Path] = []
    missing: list[str] = []
    for package, (requirement, flags, members) in (FONT_PACKAGES if packages is None else packages).items():
        archive = fetch(requirement, flags, cache / package, notes, f"{label}: ")
        for member in members:
            target = cache / package / "files" / Path(member).name
            if not target.exists() and archive is not None:
                try:
                    data = _read(archive, member)
                except (KeyError, OSError) as exc:
                    notes.append(f"{label}: {member} not in {archive.name} ({type(exc).__name__})")
                else:
                    target.parent.mkdir(parents=True, exist_ok=True)
                    tmp = target.with_suffix(".tmp")
                    tmp.write_bytes(data)
                    tmp.replace(target)
            (fonts if target.exists() else missing).append(target if target.exists() else Path(member).name)
    if missing:
        notes.append(f"{label}: font files missing ({', '.join(str(m) for m in missing)})")
        return None
    return tuple(fonts)


def fresh2_photos(notes: list[str]) -> PhotoSet | None:
    """The set's photos (fetched once by fresh_photos.py), or None with a note unless all load."""
    from cases_text_fresh import fresh_photos  # here: cases_text_fresh imports this module
    from fresh_photos import FRESH2

    return fresh_photos(notes, PHOTO_NAMES, FRESH2, "fresh2 set")


def fresh2_set(notes: list[str]) -> CaseSet | None:
    """The fresh2 :class:`CaseSet` (case ids start with "fresh2-"), or None with notes saying what is missing."""
    fonts = fresh2_fonts(notes)
    photos = fresh2_photos(notes) if fonts is not None else None
    if fonts is None or photos is None:
        return None
    return CaseSet("fresh2", CATEGORIES, photos, fonts, prefix="fresh2-")

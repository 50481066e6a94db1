"""The text benchmark's fourth fresh set, *fresh4*: held out for every choice made in session 9, after
the runs of the first three fresh sets had been read (development data since; ``--halves fresh4``).

It shares nothing chosen so far with the other five halves but cases_text.py's rules (tiers, layouts,
garble kinds and proportions): its own seed (never used before), its own words, prices, phone
numbers, dates, accented words and phrases of the same kinds and lengths (no entry of the older
four lists; every character in PP-OCRv6's dictionary, read from the recogniser's model file, and
every accented letter one an older list already has), fonts no render ever drew, fetched at run
time with ``pip download --no-deps`` (never installed, never committed) -- TeX Gyre Heros (a
Helvetica-like sans, three styles and its condensed bold), TeX Gyre Termes (a Times-like serif)
and TeX Gyre Cursor (a Courier-like monospace), all under the GUST Font License, from rinohtype's
``rinoh-typeface-*`` wheels; Carlito (SIL OFL) from ``rinoh-typeface-carlito``; Source Serif Pro
(SIL OFL) from ``font-source-serif-pro``; Open Sans (Apache 2.0) from ``ttf-opensans``; and Fjalla
One (a condensed display face, SIL OFL) from ``font-fjallaone`` -- and ``fresh_photos.py``'s FRESH4
person-free photos. The set was fixed and committed before the check ever ran on it.

Where a font package or a photo cannot be had here, :func:`fresh4_set` says which and returns None:
a figure on part of the set would not be the same figure.
"""
from __future__ import annotations

from cases_text import CaseSet

FRESH4_SEED = 53

# Of the same kinds and lengths as the earlier sets' lists; no entry of those.
WORDS = [
    "DOCK", "SURF", "LAMP", "KEYS", "MILK", "MOTOR", "GARAGE", "PLUMBING", "REPAIRS", "DISCO",
    "Records", "Hatter", "Bingo", "Gelato", "Donuts", "Nursery", "Framing", "Tobacco", "Bowling",
    "LIFT", "TOLL", "KIOSK", "Sauna", "Organic", "Grill", "Dojo", "Spa", "Curry", "Vegan",
]
PRICES = ["$3.69", "$42.80", "€7.35", "£8", "$690", "6.40 €", "€2,75", "$1.49", "£33.20", "$20.00"]
PHONES = ["555-0139", "555-0146", "060 2294", "305-6618", "555 0128", "03 5819", "919-4407", "855-3062"]
DATES = ["2021-09-04", "06/18", "27.11.22", "SEP 2029", "1983", "02/14/27", "15.08.", "APR 30"]
ACCENTED = ["Käse", "Blüte", "Brötchen", "Soirée", "Jalapeño", "Noël", "Fiancé", "Tür", "Fête", "Bière", "Mädchen", "Glühwein"]
PHRASES = ["SAT-SUN 8-6", "HALF PRICE", "NO U-TURN", "GIVE WAY", "Cold Beer", "Hot Pies", "LAST CALL"]
CATEGORIES = {"word": WORDS, "price": PRICES, "phone": PHONES, "date": DATES, "accented": ACCENTED, "phrase": PHRASES}

# requirement, pip flags, font files (paths inside the wheel), fetched into fresh_photos.CACHE/<key>.
_WHEEL = ("--only-binary", ":all:")
FONT_PACKAGES: dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]] = {
    "texgyreheros": ("rinoh-typeface-texgyreheros==0.1.1", _WHEEL,
                     tuple(f"rinoh_typeface_texgyreheros/texgyreheros{s}.otf" for s in ("-regular", "-bold", "-italic", "cn-bold"))),
    "texgyretermes": ("rinoh-typeface-texgyretermes==0.1.1", _WHEEL,
                      tuple(f"rinoh_typeface_texgyretermes/texgyretermes-{s}.otf" for s in ("regular", "bolditalic"))),
    "texgyrecursor": ("rinoh-typeface-texgyrecursor==0.1.1", _WHEEL,
                      tuple(f"rinoh_typeface_texgyrecursor/texgyrecursor-{s}.otf" for s in ("regular", "bold"))),
    "carlito": ("rinoh-typeface-carlito==0.1.0", _WHEEL, tuple(f"rinoh_typeface_carlito/Carlito-{s}.ttf" for s in ("Regular", "Bold"))),
    "source-serif-pro": ("font-source-serif-pro==0.0.1", _WHEEL,
                         tuple(f"font_source_serif_pro/files/SourceSerifPro-{s}.ttf" for s in ("Regular", "Semibold"))),
    "open-sans": ("ttf-opensans==2020.10.30", _WHEEL, tuple(f"ttf_opensans/ttf/OpenSans-{s}.ttf" for s in ("Regular", "SemiBoldItalic"))),
    "fjalla-one": ("font-fjallaone==0.1.7", _WHEEL, ("font_fjallaone/files/FjallaOne-Regular.ttf",)),
}
# fresh_photos.py's FRESH4 person-free photos, looked at by eye before any run; left out: "tote"
# (lettering on the boxes in it).
PHOTO_NAMES = ("quokka", "kitten", "black-dog", "sushi", "matterhorn", "night-city", "abbey", "tiger")


def fresh4_set(notes: list[str]) -> CaseSet | None:
    """The fresh4 :class:`CaseSet` (case ids start with "fresh4-"), or None with notes saying what is missing."""
    from cases_text_fresh import fetched_set  # here: cases_text_fresh imports this module
    from fresh_photos import FRESH4

    return fetched_set(notes, "fresh4", CATEGORIES, FONT_PACKAGES, PHOTO_NAMES, FRESH4)

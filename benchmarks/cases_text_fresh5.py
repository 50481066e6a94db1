"""The text benchmark's fifth fresh set, *fresh5*: held out for every choice made in session 10, after
the runs of the first four fresh sets had been read (development data since; ``--halves fresh5``).

It shares nothing chosen so far with the other six halves but cases_text.py's rules (tiers, layouts,
garble kinds and proportions): its own seed (never used before), its own words, prices, phone
numbers, dates, accented words and phrases of the same kinds and lengths (no entry of the older
five lists; every character in PP-OCRv6's dictionary, read from the recogniser's model file, and
every accented letter one an older list already has), fonts no render ever drew, fetched at run
time with ``pip download --no-deps`` (never installed, never committed) -- TeX Gyre Pagella (a
Palatino-like serif), TeX Gyre Schola (a Century Schoolbook-like serif), TeX Gyre Adventor (an
Avant Garde-like geometric sans) and TeX Gyre Bonum (a Bookman-like serif), all under the GUST Font
License, from rinohtype's ``rinoh-typeface-*`` wheels; Hanken Grotesk (a grotesque sans, SIL OFL)
from ``font-hanken-grotesk``; and Intuitive (a hand-drawn face, SIL OFL) from ``font-intuitive`` --
and ``fresh_photos.py``'s FRESH5 person-free photos. The set was fixed and committed before the
check ever ran on it.

Where a font package or a photo cannot be had here, :func:`fresh5_set` says which and returns None:
a figure on part of the set would not be the same figure.
"""
from __future__ import annotations

from cases_text import CaseSet

FRESH5_SEED = 65

# Of the same kinds and lengths as the earlier sets' lists; no entry of those.
WORDS = [
    "BOAT", "FARM", "DUCK", "SOAP", "HONEY", "TRAVEL", "FLOWERS", "JEWELRY", "REPAIR", "HOTDOG",
    "Bakeshop", "Tannery", "Candles", "Lanterns", "Orchard", "Dumpling", "Rentals", "Pickles", "Archery",
    "BUS", "TRAM", "PRINT", "Forge", "Eatery", "Bistrot", "Chai", "Sauce", "Nail", "Ferry",
]
PRICES = ["$9.15", "$56.40", "€1.95", "£4", "$815", "2.65 €", "€8,35", "$4.09", "£61.75", "$30.00"]
PHONES = ["555-0161", "555-0133", "070 4492", "929-3817", "555 0158", "05 2714", "704-6635", "844-9026"]
DATES = ["2020-02-29", "11/11", "09.07.28", "MAR 2030", "1954", "12/03/29", "28.02.", "JUL 21"]
ACCENTED = ["Crémerie", "Bäckerei", "Käserei", "Señal", "Brücke", "Épicerie", "Dürüm", "Façon", "Glück", "Löffel", "Sérum", "Thé"]
PHRASES = ["WED-MON 11-9", "BUY 2 GET 1", "NO LEFT TURN", "LOADING ZONE", "Fresh Juice", "Warm Cookies", "DRIVE SLOW"]
CATEGORIES = {"word": WORDS, "price": PRICES, "phone": PHONES, "date": DATES, "accented": ACCENTED, "phrase": PHRASES}

# requirement, pip flags, font files (paths inside the wheel), fetched into fresh_photos.CACHE/<key>.
_WHEEL = ("--only-binary", ":all:")
FONT_PACKAGES: dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]] = {
    "texgyrepagella": ("rinoh-typeface-texgyrepagella==0.1.1", _WHEEL,
                       tuple(f"rinoh_typeface_texgyrepagella/texgyrepagella-{s}.otf" for s in ("regular", "bold", "italic"))),
    "texgyreschola": ("rinoh-typeface-texgyreschola==0.1.1", _WHEEL,
                      tuple(f"rinoh_typeface_texgyreschola/texgyreschola-{s}.otf" for s in ("regular", "bolditalic"))),
    "texgyreadventor": ("rinoh-typeface-texgyreadventor==0.1.1", _WHEEL,
                        tuple(f"rinoh_typeface_texgyreadventor/texgyreadventor-{s}.otf" for s in ("regular", "bold", "italic"))),
    "texgyrebonum": ("rinoh-typeface-texgyrebonum==0.1.1", _WHEEL,
                     tuple(f"rinoh_typeface_texgyrebonum/texgyrebonum-{s}.otf" for s in ("regular", "bold"))),
    "hanken-grotesk": ("font-hanken-grotesk==0.0.2", _WHEEL,
                       tuple(f"font_hanken_grotesk/files/HankenGrotesk-{s}.otf" for s in ("Regular", "SemiBold", "Light", "BoldItalic"))),
    "intuitive": ("font-intuitive==0.0.4", _WHEEL, ("font_intuitive/files/Intuitive.ttf",)),
}
# fresh_photos.py's FRESH5 person-free photos, looked at by eye before any run; left out: "throne-hall",
# "caps", "sailboat" and "timbered-houses" (lettering or signs in them).
PHOTO_NAMES = ("palace-garden", "mountain-lake", "dahlia", "lighthouse", "running-cheetah", "lion", "ginger-kitten", "leaf-drop")


def fresh5_set(notes: list[str]) -> CaseSet | None:
    """The fresh5 :class:`CaseSet` (case ids start with "fresh5-"), or None with notes saying what is missing."""
    from cases_text_fresh import fetched_set  # here: cases_text_fresh imports this module
    from fresh_photos import FRESH5

    return fetched_set(notes, "fresh5", CATEGORIES, FONT_PACKAGES, PHOTO_NAMES, FRESH5)

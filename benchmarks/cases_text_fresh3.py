"""The text benchmark's third fresh set, *fresh3*: held out for every choice made in session 8, after
the runs of the first two fresh sets had been read (development data since; ``--halves fresh3``).

It shares nothing chosen so far with the other four halves but cases_text.py's rules (tiers, layouts,
garble kinds and proportions): its own seed (never used before), its own words, prices, phone
numbers, dates, accented words and phrases of the same kinds and lengths (no entry of the older
three lists, every character in PP-OCRv6's dictionary, read from the recogniser's model file), fonts
no render ever drew, fetched at run time with ``pip download --no-deps`` (never installed, never
committed) -- Caladea (a serif) and Red Hat Display in four styles, Manrope regular and bold (from
the ``font-*`` packages), FreeMono (monospaced, which no earlier set has) and Noto Sans from the
Pillow sdist's test fonts, and pygame's FreeSans Bold -- and ``fresh_photos.py``'s FRESH3 person-free
photos. The set was fixed and committed before the check ever ran on it.

Where a font package or a photo cannot be had here, :func:`fresh3_set` says which and returns None:
a figure on part of the set would not be the same figure.
"""
from __future__ import annotations

from cases_text import CaseSet

FRESH3_SEED = 41

# Of the same kinds and lengths as the earlier sets' lists; no entry of those.
WORDS = [
    "CAMP", "BIKE", "GOLF", "FISH", "PAINT", "CANDY", "CASINO", "HARDWARE", "ANTIQUES", "LOTTO",
    "Optician", "Pastry", "Cheese", "Tattoo", "Spices", "Fabrics", "Bicycles", "Carpets", "Saddlery",
    "GAS", "SKATE", "RADIO", "Pub", "Inn", "Cider", "Lounge", "Canteen", "Pasta", "Tacos",
]
PRICES = ["$5.79", "$38.25", "€4.60", "£6", "$240", "3.85 €", "€9,10", "$2.19", "£17.50", "$15.00"]
PHONES = ["555-0152", "555-0107", "050 3318", "718-5524", "555 0193", "04 6937", "602-8851", "866-2750"]
DATES = ["2022-05-19", "03/08", "14.02.27", "JAN 2028", "1969", "08/22/23", "03.10.", "NOV 15"]
ACCENTED = ["Château", "Müsli", "Büro", "Baño", "Gâteau", "Résumé", "Menü", "Flöte", "Coupé", "Niçoise", "Año", "Éclair"]
PHRASES = ["TUE-SUN 7-3", "SAVE 15%", "NO PARKING", "STAFF ONLY", "Hot Soup", "Fresh Fish", "SLOW DOWN"]
CATEGORIES = {"word": WORDS, "price": PRICES, "phone": PHONES, "date": DATES, "accented": ACCENTED, "phrase": PHRASES}

# requirement, pip flags, font files (paths inside the archive, after an sdist's top folder). The keys
# "pillow" and "pygame" are fresh_photos.PACKAGES' own: the archives are fetched once for both uses.
FONT_PACKAGES: dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]] = {
    "caladea": ("font-caladea==0.0.2", ("--only-binary", ":all:"),
                tuple(f"font_caladea/files/Caladea-{s}.ttf" for s in ("Regular", "Bold", "Italic", "BoldItalic"))),
    "red-hat-display": ("font-rhd==0.1.3", ("--only-binary", ":all:"),
                        tuple(f"font_rhd/files/RedHatDisplay-{s}.ttf" for s in ("Regular", "Bold", "Italic", "BoldItalic"))),
    "manrope": ("font-manrope==0.0.2", ("--only-binary", ":all:"),
                tuple(f"font_manrope/files/Manrope-{s}.ttf" for s in ("Regular", "Bold"))),
    "pillow": ("pillow==11.3.0", ("--no-binary", "pillow"), ("Tests/fonts/FreeMono.ttf", "Tests/fonts/NotoSans-Regular.ttf")),
    "pygame": ("pygame==2.6.1", ("--only-binary", ":all:"), ("pygame/freesansbold.ttf",)),
}
# fresh_photos.py's FRESH3 person-free photos, looked at by eye before any run; left out: "dog-and-cat"
# (224 px: stretched to the canvas it would be a blur, not a photo).
PHOTO_NAMES = ("pendants", "cabin", "frozen-pond", "rocks", "alps", "sea", "horses")


def fresh3_set(notes: list[str]) -> CaseSet | None:
    """The fresh3 :class:`CaseSet` (case ids start with "fresh3-"), or None with notes saying what is missing."""
    from cases_text_fresh import fetched_set  # here: cases_text_fresh imports this module
    from fresh_photos import FRESH3

    return fetched_set(notes, "fresh3", CATEGORIES, FONT_PACKAGES, PHOTO_NAMES, FRESH3)

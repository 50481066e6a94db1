"""The text benchmark's eighth fresh set, *fresh8*: held out for every text choice made so far, after
the runs of the first seven fresh sets had been read (``--halves fresh8``).

It shares nothing chosen so far with the other nine halves but cases_text.py's rules (tiers, layouts,
garble kinds and proportions): its own seed (never used before), its own words, prices, phone
numbers, dates, accented words and phrases of the same kinds and lengths (no entry of the older
eight lists; every accented letter one an older list already has; the look-alike garbles' letters --
O and 0, I, l and 1, S and 5, B and 8 -- in its words, numbers and phrases as in theirs), fonts no
render ever drew, fetched at run time with ``npm pack`` from Fontsource's packages (never installed,
never committed; their Latin subsets as WOFF files, which Pillow and fontTools read without Brotli)
-- Archivo Narrow (a condensed grotesque), Work Sans (a grotesque sans), Lora (a text serif), Rokkitt (a
slab serif), Fira Sans (a humanist sans) and Space Mono (a monospace), all under the SIL Open Font
License -- and ``fresh_photos.py``'s TEXT_FRESH8, person-free photos from npm packages no earlier set
read, chosen for this set. The set was fixed and committed before the check ever ran on it.

Where a font package or a photo cannot be had here, :func:`fresh8_set` says which and returns None:
a figure on part of the set would not be the same figure.
"""
from __future__ import annotations

from cases_text import CaseSet
from cases_text_fresh6 import _fontsource

FRESH8_SEED = 101

# Of the same kinds and lengths as the earlier sets' lists; no entry of those.
WORDS = [
    "SOIL", "BOLT", "WOOL", "SPORT", "OASIS", "BLINDS", "LOBSTER", "SCOOTERS", "LOTIONS", "LIMOUSINE",
    "Bookstall", "Biscuit", "Sandwich", "Toolshed", "Lilies", "Ballroom", "Origami", "Saloon", "Biltong",
    "OIL", "SILO", "BOWLS", "Lido", "Blini", "Oilskin", "Lox", "Scone", "Kiln", "Loom",
]
PRICES = ["$1.05", "$90.10", "€6.05", "£1", "$310", "5.10 €", "€1,80", "$0.59", "£10.40", "$60.00"]
PHONES = ["555-0110", "555-0104", "010 4810", "301-1609", "555 0119", "01 6031", "610-1847", "811-0416"]
DATES = ["2017-01-10", "01/30", "10.01.31", "NOV 2033", "1910", "01/10/31", "10.10.", "JAN 01"]
ACCENTED = ["Brühe", "Hähnchen", "Fußweg", "Tête", "Viñedo", "Glaçage", "Ölmühle", "Énergie", "Entrée", "Canoë", "Caraïbes", "Rivière"]
PHRASES = ["SUN-THU 11-10", "SAVE 10%", "NO LITTER", "LOW BRIDGE", "Hot Cocoa", "Fresh Oysters", "KEEP CLEAR"]
CATEGORIES = {"word": WORDS, "price": PRICES, "phone": PHONES, "date": DATES, "accented": ACCENTED, "phrase": PHRASES}

# requirement, fetch flags (("npm",): ``npm pack``), font files (paths inside the tarball), fetched
# into fresh_photos.CACHE/<key>; cases_text_fresh6's helper names a Fontsource package's Latin WOFF files.
# Arvo, first picked as the slab, has no "€" in any version, and Playfair Display, tried next, draws
# old-style figures (a "0" like an "o", a "1" like an "I", unlike every earlier set's): Rokkitt, a slab
# with lining figures as fresh7's Zilla Slab, took their place, after only the build (and a look at a few
# renders) had run on the set, no recogniser or check.
FONT_PACKAGES: dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]] = {
    "fontsource-archivo-narrow": _fontsource("archivo-narrow", "5.0.9", ("400-normal", "700-normal")),
    "fontsource-work-sans": _fontsource("work-sans", "5.0.0", ("400-normal", "300-normal", "600-italic")),
    "fontsource-lora": _fontsource("lora", "5.0.0", ("400-normal", "700-normal", "400-italic")),
    "fontsource-rokkitt": _fontsource("rokkitt", "5.0.8", ("400-normal", "700-italic")),
    "fontsource-fira-sans": _fontsource("fira-sans", "5.0.2", ("400-normal", "700-normal")),
    "fontsource-space-mono": _fontsource("space-mono", "5.0.0", ("400-normal", "700-normal", "400-italic")),
}
# fresh_photos.py's TEXT_FRESH8, all thirteen: person-free photos without lettering, looked at by eye
# before any run (what was left out, and why, is in the comment above that list).
PHOTO_NAMES = ("mainsail", "palm-crowns", "misty-pines", "enamel-mugs", "glass-dome", "petal-drops", "lighthouse-cliffs",
               "lion-mane", "limes", "boxer-pup", "tabby-kitten", "wood-duck", "cupcakes")
PHOTO_LISTS = ("TEXT_FRESH8",)  # fresh_photos' lists the photos come from


def fresh8_set(notes: list[str]) -> CaseSet | None:
    """The fresh8 :class:`CaseSet` (case ids start with "fresh8-"), or None with notes saying what is missing."""
    import fresh_photos
    from cases_text_fresh import fetched_set  # here: cases_text_fresh imports this module

    photos = [p for name in PHOTO_LISTS for p in getattr(fresh_photos, name)]
    return fetched_set(notes, "fresh8", CATEGORIES, FONT_PACKAGES, PHOTO_NAMES, photos)

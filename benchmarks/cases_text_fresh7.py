"""The text benchmark's seventh fresh set, *fresh7*: held out for every text choice made so far (no
text default has changed since session 13: the last commits to checks/text.py, metrics/text.py,
metrics/glyphs.py and checks/_text_reading.py are d96e255's glyph look and aea99e6's comment on its
width ratio, both older than the fresh6 set), after the runs of the first six fresh sets had been
read (``--halves fresh7``); run once in session 19 (correct renders 90/91/90%, garbles failed
92/91/94% per tier), development data since.

It shares nothing chosen so far with the other eight halves but cases_text.py's rules (tiers, layouts,
garble kinds and proportions): its own seed (never used before), its own words, prices, phone
numbers, dates, accented words and phrases of the same kinds and lengths (no entry of the older
seven lists; every accented letter one an older list already has), fonts no render ever drew, fetched
at run time with ``npm pack`` from Fontsource's packages (never installed, never committed; their
Latin subsets as WOFF files, which Pillow and fontTools read without Brotli) -- Barlow Condensed (a
condensed grotesque), Poppins (a geometric sans), Libre Baskerville (a text serif), Zilla Slab (a slab
serif), PT Sans (a humanist sans) and Inconsolata (a monospace), all under the SIL Open Font License
-- and person-free photos of ``fresh_photos.py``'s FRESH10 to FRESH13, whose packages no text set
read. The set was fixed and committed before the check ever ran on it.

Where a font package or a photo cannot be had here, :func:`fresh7_set` says which and returns None:
a figure on part of the set would not be the same figure.
"""
from __future__ import annotations

from cases_text import CaseSet
from cases_text_fresh6 import _fontsource

FRESH7_SEED = 89

# Of the same kinds and lengths as the earlier sets' lists; no entry of those.
WORDS = [
    "SILK", "TILE", "HERB", "CRAFT", "PIANO", "LINENS", "LUGGAGE", "TEXTILES", "POULTRY", "LOCKSMITH",
    "Stationer", "Hosiery", "Marzipan", "Woodshop", "Olives", "Lighting", "Mosaics", "Kayaks", "Falafel",
    "FAX", "COIN", "CHESS", "Loft", "Vault", "Cannery", "Pie", "Jerky", "Figs", "Yard",
]
PRICES = ["$2.85", "$73.60", "€5.25", "£5", "$925", "1.55 €", "€7,15", "$8.39", "£46.30", "$50.00"]
PHONES = ["555-0125", "555-0191", "090 5173", "417-2369", "555 0147", "08 3526", "562-7093", "822-5418"]
DATES = ["2018-10-23", "02/16", "23.03.29", "FEB 2032", "1972", "09/26/30", "17.09.", "OCT 19"]
ACCENTED = ["Würze", "Spätzle", "Weiß", "Fenêtre", "Compañía", "Français", "Ökomarkt", "Études", "Mélange", "Citroën", "Maïs", "Übergang"]
PHRASES = ["FRI-WED 12-8", "SAVE 25%", "NO DOGS", "TAXI RANK", "Iced Tea", "Fresh Herbs", "KEEP LEFT"]
CATEGORIES = {"word": WORDS, "price": PRICES, "phone": PHONES, "date": DATES, "accented": ACCENTED, "phrase": PHRASES}

# requirement, fetch flags (("npm",): ``npm pack``), font files (paths inside the tarball), fetched
# into fresh_photos.CACHE/<key>; cases_text_fresh6's helper names a Fontsource package's Latin WOFF files.
FONT_PACKAGES: dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]] = {
    "fontsource-barlow-condensed": _fontsource("barlow-condensed", "5.0.2", ("400-normal", "600-normal")),
    "fontsource-poppins": _fontsource("poppins", "5.0.0", ("400-normal", "300-normal", "600-italic")),
    "fontsource-libre-baskerville": _fontsource("libre-baskerville", "5.0.1", ("400-normal", "700-normal", "400-italic")),
    "fontsource-zilla-slab": _fontsource("zilla-slab", "5.0.0", ("400-normal", "700-italic")),
    "fontsource-pt-sans": _fontsource("pt-sans", "5.0.0", ("400-normal", "700-normal")),
    "fontsource-inconsolata": _fontsource("inconsolata", "5.0.1", ("400-normal", "300-normal", "700-normal")),
}
# The person-free photos of fresh_photos.py's FRESH10 to FRESH13, looked at by eye before any run; left
# out: "suitcase-floor", "light-trails" and "desk-laptop" (lettering: a book's title and a magazine, lit
# signs on the buildings, printing on a lens and a cup).
PHOTO_NAMES = ("green-shoe", "chair-laptop", "fjord", "pine-forest", "red-mountains", "peaks-in-cloud", "empty-office",
               "coffee-cups", "city-tower", "dining-table", "purple-facade", "marble-hall", "elk-meadow")
PHOTO_LISTS = ("FRESH10", "FRESH11", "FRESH12", "FRESH13")  # fresh_photos' lists the photos come from


def fresh7_set(notes: list[str]) -> CaseSet | None:
    """The fresh7 :class:`CaseSet` (case ids start with "fresh7-"), or None with notes saying what is missing."""
    import fresh_photos
    from cases_text_fresh import fetched_set  # here: cases_text_fresh imports this module

    photos = [p for name in PHOTO_LISTS for p in getattr(fresh_photos, name)]
    return fetched_set(notes, "fresh7", CATEGORIES, FONT_PACKAGES, PHOTO_NAMES, photos)

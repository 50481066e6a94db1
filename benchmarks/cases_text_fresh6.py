"""The text benchmark's sixth fresh set, *fresh6*: held out for every text choice made since session 10
(the glyph look's twin rule and its narrow-"1" exception of sessions 11-12 among them), after the runs
of the first five fresh sets had been read (``--halves fresh6``); run once in session 17, development
data since.

It shares nothing chosen so far with the other seven halves but cases_text.py's rules (tiers, layouts,
garble kinds and proportions): its own seed (never used before), its own words, prices, phone
numbers, dates, accented words and phrases of the same kinds and lengths (no entry of the older
six lists; every accented letter one an older list already has), fonts no render ever drew, fetched
at run time with ``npm pack`` from Fontsource's packages (never installed, never committed; their
Latin subsets as WOFF files, which Pillow and fontTools read without Brotli) -- Oswald (a condensed grotesque), Montserrat
(a geometric sans), Merriweather (a text serif), Bitter (a slab serif), Nunito (a rounded sans) and
IBM Plex Mono (a monospace), all under the SIL Open Font License -- and person-free photos of
``fresh_photos.py``'s FRESH6 to FRESH9, whose packages no text set read. The set was fixed and
committed before the check ever ran on it.

Where a font package or a photo cannot be had here, :func:`fresh6_set` says which and returns None:
a figure on part of the set would not be the same figure.
"""
from __future__ import annotations

from cases_text import CaseSet

FRESH6_SEED = 77

# Of the same kinds and lengths as the earlier sets' lists; no entry of those.
WORDS = [
    "SHOP", "WASH", "LOAN", "VIDEO", "MUSIC", "OPTICS", "BAGGAGE", "CERAMICS", "SEAFOOD", "PAWNSHOP",
    "Clothing", "Cutlery", "Pretzels", "Toyshop", "Dairy", "Glassware", "Kennels", "Skatepark", "Quilts",
    "INK", "VAPE", "PHOTO", "Mill", "Cellar", "Smokery", "Wok", "Fudge", "Mints", "Deck",
]
PRICES = ["$7.45", "$81.20", "€3.65", "£2", "$560", "8.15 €", "€4,45", "$6.09", "£24.60", "$40.00"]
PHONES = ["555-0172", "555-0114", "080 3627", "731-4058", "555 0186", "02 9165", "248-5973", "833-1704"]
DATES = ["2019-06-12", "05/27", "19.04.26", "JUN 2031", "1961", "10/09/28", "06.06.", "SEP 03"]
ACCENTED = ["Kölsch", "Crêperie", "Gruß", "Église", "Leçon", "Canapé", "Übersee", "Añejo", "Mûre", "Voilà", "Maíz", "Crèche"]
PHRASES = ["THU-TUE 10-6", "SAVE 40%", "NO BICYCLES", "BUS STOP", "Hot Tea", "Fresh Flowers", "MIND THE GAP"]
CATEGORIES = {"word": WORDS, "price": PRICES, "phone": PHONES, "date": DATES, "accented": ACCENTED, "phrase": PHRASES}

# requirement, fetch flags (("npm",): ``npm pack``), font files (paths inside the tarball), fetched
# into fresh_photos.CACHE/<key>.
_NPM = ("npm",)


def _fontsource(family: str, version: str, styles: tuple[str, ...]) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    return f"@fontsource/{family}@{version}", _NPM, tuple(f"files/{family}-latin-{s}.woff" for s in styles)


FONT_PACKAGES: dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]] = {
    "fontsource-oswald": _fontsource("oswald", "5.0.0", ("400-normal", "700-normal")),
    "fontsource-montserrat": _fontsource("montserrat", "5.0.0", ("400-normal", "300-normal", "700-italic")),
    "fontsource-merriweather": _fontsource("merriweather", "5.0.0", ("400-normal", "700-normal", "400-italic")),
    "fontsource-bitter": _fontsource("bitter", "5.0.5", ("400-normal", "600-italic")),
    "fontsource-nunito": _fontsource("nunito", "5.0.0", ("400-normal", "800-normal")),
    "fontsource-ibm-plex-mono": _fontsource("ibm-plex-mono", "5.0.2", ("400-normal", "600-normal", "400-italic")),
}
# The person-free photos of fresh_photos.py's FRESH6 to FRESH9, looked at by eye before any run; left
# out: "book-cover" and "motorway" (lettering: a title, a road sign).
PHOTO_NAMES = ("arcade-square", "facade-sky", "wood-floor", "tower-hall", "snowy-peak", "dachshund", "dining-chairs", "cloud-peak")
PHOTO_LISTS = ("FRESH6", "FRESH7", "FRESH8", "FRESH9")  # fresh_photos' lists the photos come from


def fresh6_set(notes: list[str]) -> CaseSet | None:
    """The fresh6 :class:`CaseSet` (case ids start with "fresh6-"), or None with notes saying what is missing."""
    import fresh_photos
    from cases_text_fresh import fetched_set  # here: cases_text_fresh imports this module

    photos = [p for name in PHOTO_LISTS for p in getattr(fresh_photos, name)]
    return fetched_set(notes, "fresh6", CATEGORIES, FONT_PACKAGES, PHOTO_NAMES, photos)

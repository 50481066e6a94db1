"""The text benchmark's *fresh* set, and the ten fixed halves accuracy_text.py builds (tune,
held-out, fresh, fresh2: cases_text_fresh2.py, fresh3: cases_text_fresh3.py, fresh4: cases_text_fresh4.py,
fresh5: cases_text_fresh5.py, fresh6: cases_text_fresh6.py, fresh7: cases_text_fresh7.py, fresh8:
cases_text_fresh8.py). The fresh set gives the held-out figure from renders that share nothing chosen so
far with the other two halves but cases_text.py's rules (tiers, layouts, garble kinds).

Written in session 7 (the ninth round of the image checks), after six rounds had read the misses of the old held-out
seed: its own seed (never used before), its own words of the same kinds and lengths, the machine's
Liberation fonts (never drawn by those halves: they ran without ``--system-fonts``) and the
person-free photos of ``fresh_photos.py`` in place of scikit-image's. The set was fixed and
committed before the check ever ran on it; no setting is chosen from its results, and a figure
after a change that *was* chosen by looking at it must say so.

Where a Liberation font or a photo is missing (a machine without Debian's ``fonts-liberation``,
or no network to fetch the photos' packages), :func:`fresh_set` says what is missing and returns
None: a figure on part of the set would not be the same figure.
"""
from __future__ import annotations

from pathlib import Path

from cases_text import DEVELOPMENT, HELD_OUT_SEED, TIERS, TUNE_SEED, CaseSet, PhotoSet, TextCase, build_cases, to_canvas
from cases_text_fresh2 import FRESH2_SEED, fresh2_fonts, fresh2_set
from cases_text_fresh3 import FRESH3_SEED, fresh3_set
from cases_text_fresh4 import FRESH4_SEED, fresh4_set
from cases_text_fresh5 import FRESH5_SEED, fresh5_set
from cases_text_fresh6 import FRESH6_SEED, fresh6_set
from cases_text_fresh7 import FRESH7_SEED, fresh7_set
from cases_text_fresh8 import FRESH8_SEED, fresh8_set
from PIL import Image

FRESH_SEED = 17

# Of the same kinds and lengths as cases_text's lists; no word, price, number or date of those.
WORDS = [
    "BANK", "GIFT", "TOYS", "WINE", "FOOD", "MOTEL", "DINER", "HOSPITAL", "LAUNDRY", "TOUR",
    "Dental", "Tailor", "Barber", "Grocer", "Gallery", "Noodles", "Theatre", "Kitchen", "Airport",
    "FIRE", "BEER", "TICKETS", "Chapel", "Tavern", "Bagels", "Pottery", "Zoo", "Yoga", "Sushi",
]
PRICES = ["$6.49", "$27.95", "€8.40", "£3", "$350", "4.75 €", "€6,80", "$1.29", "£12.99", "$7.00"]
PHONES = ["555-0178", "555-0164", "030 5521", "212-4870", "555 0137", "07 8246", "415-9632", "888-3141"]
DATES = ["2023-11-08", "09/17", "22.06.25", "OCT 2027", "1987", "11/30/24", "01.05.", "FEB 28"]
# Every character is in the default engine's dictionary (PP-OCRv6's 18,710), as the old list's are.
ACCENTED = ["Rosé", "Crêpe", "Köln", "Zürich", "Piñata", "Façade", "Élan", "Purée", "Über", "Fuß", "Déjà", "Bräu"]
PHRASES = ["MON-FRI 9-5", "SAVE 30%", "NO SMOKING", "WET FLOOR", "Cold Drinks", "Ice Cream", "DEAD END"]
CATEGORIES = {"word": WORDS, "price": PRICES, "phone": PHONES, "date": DATES, "accented": ACCENTED, "phrase": PHRASES}

# Liberation Sans, Serif, Mono and Sans Narrow in their four styles (Debian's fonts-liberation). The
# docs' figures were measured with version 1.07.4; other versions (fonts-liberation2) draw other
# glyphs, so their renders are another set: said, not refused.
FONT_NAMES = tuple(f"Liberation{family}-{style}.ttf" for family in ("Sans", "Serif", "Mono", "SansNarrow")
                   for style in ("Regular", "Bold", "Italic", "BoldItalic"))
FONT_VERSION = "Version 1.07.4"
FONT_ROOTS = ("/usr/share/fonts", "/usr/local/share/fonts")
# fresh_photos.py's person-free photos. Left out, by eye before any run: "mask-white", which carries
# embossed lettering (a brand name), as the old set leaves out scikit-image's "coins".
PHOTO_NAMES = ("china", "flower", "mask-black", "mask-blue", "mask-green")


def fresh_fonts(notes: list[str], roots: tuple[str, ...] | None = None) -> tuple[Path, ...] | None:
    """The fresh set's font files under ``roots`` (default :data:`FONT_ROOTS`), or None with a note
    naming the missing ones unless all are there."""
    found: dict[str, Path] = {}
    for root in FONT_ROOTS if roots is None else roots:
        if Path(root).is_dir():
            for p in sorted(Path(root).rglob("Liberation*.ttf")):
                found.setdefault(p.name, p)
    missing = [name for name in FONT_NAMES if name not in found]
    if missing:
        notes.append(f"fresh set: font files missing ({', '.join(missing)}; Debian/Ubuntu: apt-get install fonts-liberation)")
        return None
    other = sorted({v for v in (_version(found[name]) for name in FONT_NAMES) if v != FONT_VERSION})
    if other:
        notes.append(f"fresh set: Liberation {', '.join(other)} here, not the {FONT_VERSION} the docs' figures were "
                     "measured with: other glyphs, so other figures")
    return tuple(found[name] for name in FONT_NAMES)


def _version(font: Path) -> str:
    from fontTools.ttLib import TTFont, TTLibError

    try:
        return str(TTFont(str(font), lazy=True)["name"].getDebugName(5))
    except (OSError, KeyError, TTLibError, AssertionError):
        return "of unreadable version"


def fresh_photos(notes: list[str], names: tuple[str, ...] = PHOTO_NAMES, photos: list | None = None,
                 label: str = "fresh set") -> PhotoSet | None:
    """A set's photos (fetched once by fresh_photos.py; ``photos``: its other list, FRESH2), or None
    with a note unless all of ``names`` load."""
    from fresh_photos import load_fresh

    loaded = load_fresh(notes, names=list(names), photos=photos)
    missing = [name for name in names if name not in loaded]
    if missing:
        notes.append(f"{label}: photos missing ({', '.join(missing)}; see the notes above)")
        return None
    images: dict[str, Image.Image] = {name: to_canvas(image) for name, (_, image) in loaded.items()}
    return PhotoSet(names, images.__getitem__)


def fetched_set(notes: list[str], half: str, categories: dict, font_packages: dict, photo_names: tuple[str, ...],
                photos: list) -> CaseSet | None:
    """A fresh set whose fonts are fetched with ``pip download`` or ``npm pack`` (``font_packages``:
    requirement, fetch flags, font files, into fresh_photos.CACHE) and whose photos are ``photo_names`` of the
    fresh_photos list ``photos``: its :class:`CaseSet` (case ids start with "<half>-"), or None with
    notes saying what is missing (fresh3 to fresh8)."""
    from fresh_photos import CACHE

    label = f"{half} set"
    fonts = fresh2_fonts(notes, font_packages, CACHE, label)
    chosen = fresh_photos(notes, photo_names, photos, label) if fonts is not None else None
    if fonts is None or chosen is None:
        return None
    return CaseSet(half, categories, chosen, fonts, prefix=f"{half}-")


def fresh_set(notes: list[str]) -> CaseSet | None:
    """The fresh :class:`CaseSet` (case ids start with "fresh-"), or None with notes saying what is missing."""
    fonts = fresh_fonts(notes)
    photos = fresh_photos(notes) if fonts is not None else None
    if fonts is None or photos is None:
        return None
    return CaseSet("fresh", CATEGORIES, photos, fonts, prefix="fresh-")


# (name for --halves, seed, what the half is): the first two draw from cases_text's set, "fresh" from
# fresh_set, "fresh2" to "fresh8" from cases_text_fresh2.fresh2_set, cases_text_fresh3.fresh3_set,
# cases_text_fresh4.fresh4_set, cases_text_fresh5.fresh5_set, cases_text_fresh6.fresh6_set,
# cases_text_fresh7.fresh7_set and cases_text_fresh8.fresh8_set.
HALVES = (("tune", TUNE_SEED, "the defaults were chosen here"),
          ("held-out", HELD_OUT_SEED, "development data: earlier rounds read its misses; the tuning half's words, fonts, photos"),
          ("fresh", FRESH_SEED, "development data since its one run was read: its own words, fonts, photos and seed"),
          ("fresh2", FRESH2_SEED, "development data since its one run was read: its own words, fonts (fetched), photos and seed"),
          ("fresh3", FRESH3_SEED, "development data since its one run (session 8) was read: its own words, fonts (fetched), photos and seed"),
          ("fresh4", FRESH4_SEED, "development data since its one run (session 9) was read: its own words, fonts (fetched), photos and seed"),
          ("fresh5", FRESH5_SEED, "development data since its one run (session 10) was read: its own words, fonts (fetched), photos and seed"),
          ("fresh6", FRESH6_SEED, "development data since its one run (session 17) was read: its own words, fonts (fetched with npm), photos and seed"),
          ("fresh7", FRESH7_SEED, "development data since its one run (session 19) was read: its own words, fonts (fetched with npm), photos and seed"),
          ("fresh8", FRESH8_SEED, "held out for every text choice made so far: its own words, fonts (fetched with npm), photos and seed"))
FRESH_SETS = {"fresh": fresh_set, "fresh2": fresh2_set, "fresh3": fresh3_set, "fresh4": fresh4_set, "fresh5": fresh5_set,
              "fresh6": fresh6_set, "fresh7": fresh7_set, "fresh8": fresh8_set}


def build_halves(halves: list[str], n_base: int, n_tier: int, garbled: int, system_fonts: bool = False,
                 tiers: tuple[str, ...] = TIERS) -> list[TextCase]:
    """The renders of the named halves, each with ``params["half"]``; a fresh half whose fonts or
    photos are missing here is skipped with a printed note (``system_fonts``: the other halves only)."""
    cases: list[TextCase] = []
    for half, seed, _ in HALVES:
        if half not in halves:
            continue
        case_set: CaseSet | None = DEVELOPMENT
        if half in FRESH_SETS:
            notes: list[str] = []
            case_set = FRESH_SETS[half](notes)
            for note in notes + ([] if case_set else [f"{half} half skipped: built only where all its fonts and photos are"]):
                print(note)
            if case_set is None:
                continue
        for tier in tiers:
            built = build_cases(n_base if tier == "standard" else n_tier, garbled, seed, system_fonts, tier, case_set)
            for c in built:
                c.params["half"] = half
            cases += built
    return cases


def halves_of(cases: list[TextCase]) -> list[str]:
    """The halves ``cases`` hold, in :data:`HALVES`' order."""
    return [half for half, _, _ in HALVES if any(c.params["half"] == half for c in cases)]

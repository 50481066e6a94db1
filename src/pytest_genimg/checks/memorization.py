"""Memorisation and copyright: a generated image should not be a near-copy of a training or protected
image. Perceptual-hash search over a reference index built once and saved.

Each reference is stored as 24 256-bit pHashes (full frame, centre and corner crops of 4, 8 and
12%, and cuts of 6 and 12% from one side); each query is hashed as is and mirrored; a 64-bit prefilter keeps 100,000 references under
50 ms per query. Robust to resizing, JPEG, mirroring and crops up to about 15%. What it does not
cover: rotations beyond a few degrees, heavy recolouring, a protected object pasted into a new scene
or rendered from another viewpoint, and style copying -- perceptual hashes compare whole images.
"""
from __future__ import annotations

import io
import os
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image, UnidentifiedImageError

from ..errors import GenImgUsageError, usage
from ..images import as_images, to_rgb
from ..metrics import hashing as hm
from ..paths import atomic_write_bytes
from ._base import CheckResult, ItemVerdict, from_items, raise_if_failed, require_fraction, save_artifact

# Of 256 bits. Measured (benchmarks/accuracy_image_checks.py): resized, JPEG q50, mirrored and
# cropped (up to 15%, centre, corner or one side) copies of scikit-image photos were at most 50 bits
# from their reference; other photos and crops of them at least 76; simple synthetic scenes (a few
# shapes on white) came to 56 of each other.
DEFAULT_MAX_DISTANCE = 52
# Prefilter: only stored hashes whose 64 lowest-frequency bits are within this distance are compared
# in full (the benchmark checks that it finds what a brute-force search finds).
COARSE_GATE = 24
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".webp", ".bmp", ".gif", ".tif", ".tiff")
FORMAT = "pytest-genimg-reference-index"
FORMAT_VERSION = 1
_CACHE: dict[tuple[Any, ...], ReferenceIndex] = {}


@dataclass(frozen=True)
class Match:
    """The closest reference to one query image."""

    name: str
    index: int
    distance: int
    variant: str
    mirrored: bool

    def describe(self) -> str:
        how = self.variant + (", mirrored" if self.mirrored else "")
        return f"{self.name!r} at {self.distance} of {hm.HASH_BITS} bits ({how})"


VARIANTS = len(hm.crop_labels())  # stored hashes per reference: the full image and its crops


def coarse_from_words(words: np.ndarray) -> np.ndarray:
    """The 64-bit prefilter words of packed hashes (4 x M): byte 2r of a hash holds row r's first
    8 bits, i.e. the 8x8 lowest frequencies are bytes 0, 2, ..., 14."""
    as_bytes = np.ascontiguousarray(words.T).view(np.uint8)
    return np.ascontiguousarray(as_bytes[:, 0:16:2]).view(np.uint64).ravel()


@dataclass
class ReferenceIndex:
    """Hashes of reference images: ``words`` (4 x M uint64), one column per stored hash, ``VARIANTS``
    consecutive columns per reference (full frame, then its crops); ``names`` per reference;
    ``root`` the folder names are relative to (for artifacts)."""

    names: list[str]
    words: np.ndarray
    root: str | None = None
    build_seconds: float = 0.0
    skipped: list[str] = field(default_factory=list)
    thumbnails: dict[int, Image.Image] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self.coarse = coarse_from_words(self.words)

    def __len__(self) -> int:
        return len(self.names)

    @property
    def nbytes(self) -> int:
        return self.words.nbytes + self.coarse.nbytes

    def nearest(self, image: Image.Image) -> Match:
        """Closest reference to ``image`` (mirrored or not, over every stored crop)."""
        words, coarse = hm.query_hashes(image)
        labels = hm.crop_labels()
        best: tuple[int, int, bool] | None = None  # (distance, column, mirrored)
        for k, mirrored in enumerate((False, True)):
            near = hm.popcount(self.coarse ^ coarse[k])
            cols = np.flatnonzero(near <= COARSE_GATE)
            if cols.size == 0:  # nothing close: still name the closest for the message
                cols = np.argsort(near, kind="stable")[:8]
            dist = hm.hamming_many(self.words[:, cols], words[k])
            j = int(np.argmin(dist))
            if best is None or int(dist[j]) < best[0]:
                best = (int(dist[j]), int(cols[j]), mirrored)
        assert best is not None
        distance, col, mirrored = best
        owner, variant = divmod(col, VARIANTS)
        return Match(self.names[owner], owner, distance, labels[variant], mirrored)

    def reference_image(self, index: int) -> Image.Image | None:
        if index in self.thumbnails:
            return self.thumbnails[index]
        if self.root:
            path = Path(self.root) / self.names[index]
            try:
                with Image.open(path) as img:
                    return to_rgb(img.copy())
            except (OSError, UnidentifiedImageError):
                return None
        return None

    def save(self, path: str | os.PathLike[str]) -> Path:
        """Write the index as .npz (atomically: a reader never sees half a file)."""
        buf = io.BytesIO()
        np.savez(
            buf,
            format=np.array(FORMAT),
            version=np.array(FORMAT_VERSION),
            hash_bits=np.array(hm.HASH_BITS),
            crop_grid=np.array(hm.CROP_GRID + hm.SIDE_GRID),
            names=np.array(self.names, dtype=str),
            root=np.array(self.root or ""),
            words=self.words,
            build_seconds=np.array(self.build_seconds),
        )
        return atomic_write_bytes(Path(path), buf.getvalue())

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> ReferenceIndex:
        """Read an index written by :meth:`save`; a damaged or foreign file raises a usage error naming it."""
        file = Path(path)

        def bad(reason: str) -> GenImgUsageError:
            return GenImgUsageError(
                f"reference index {file}: {reason}; rebuild it with build_reference_index(folder, path={str(file)!r})"
            )

        if not file.is_file():
            raise usage("reference", "an existing index file or image folder", str(file))
        with open(file, "rb") as fh:
            magic = fh.read(4)
        if magic != b"PK\x03\x04":  # .npz files are zip archives
            raise bad(f"not an .npz index (starts with {magic!r})")
        try:
            with np.load(file, allow_pickle=False) as data:
                if str(data["format"]) != FORMAT:
                    raise bad(f"not a pytest-genimg reference index (format {str(data['format'])!r})")
                if int(data["version"]) != FORMAT_VERSION or int(data["hash_bits"]) != hm.HASH_BITS or tuple(data["crop_grid"]) != hm.CROP_GRID + hm.SIDE_GRID:
                    raise bad("written by another version of pytest-genimg (different hash layout)")
                index = cls(
                    names=[str(n) for n in data["names"]],
                    words=np.ascontiguousarray(data["words"], dtype=np.uint64),
                    root=str(data["root"]) or None,
                    build_seconds=float(data["build_seconds"]),
                )
        except GenImgUsageError:
            raise
        except (zipfile.BadZipFile, KeyError, ValueError, OSError, EOFError) as exc:
            raise bad(f"unreadable or truncated ({type(exc).__name__}: {exc})") from None
        if index.words.shape != (hm.WORDS, VARIANTS * len(index.names)):
            raise bad(f"{index.words.shape[1]} hashes for {len(index.names)} names (expected {VARIANTS} each)")
        return index


def _from_hashes(names: list[str], hashes: list[np.ndarray], **extra: Any) -> ReferenceIndex:
    """Index from packed hashes, one (VARIANTS, 4) array per name."""
    words = np.ascontiguousarray(np.concatenate(hashes).T) if hashes else np.zeros((hm.WORDS, 0), np.uint64)
    return ReferenceIndex(names, words, **extra)


def _image_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.suffix.lower() in IMAGE_SUFFIXES and p.is_file())


def build_reference_index(
    folder_or_images: Any,
    path: str | os.PathLike[str] | None = None,
    *,
    skip_unreadable: bool = False,
) -> ReferenceIndex:
    """Hash reference images once: a folder (searched recursively for image files), a mapping of
    name -> image, or a sequence of images. With ``path``, also save it there (.npz). An unreadable
    file raises a usage error naming it, unless ``skip_unreadable`` (then listed in ``.skipped``)."""
    start = time.perf_counter()
    names: list[str] = []
    hashes = []
    skipped: list[str] = []
    thumbnails: dict[int, Image.Image] = {}
    root = None
    if isinstance(folder_or_images, (str, os.PathLike)):
        folder = Path(folder_or_images)
        if not folder.is_dir():
            raise usage("folder_or_images", "an existing folder of images, a mapping name -> image or a sequence of images", str(folder))
        root = str(folder.resolve())
        for file in _image_files(folder):
            try:
                with Image.open(file) as img:
                    hashes.append(hm.reference_hashes(img)[0])
            except (OSError, UnidentifiedImageError, ValueError, Image.DecompressionBombError) as exc:
                if not skip_unreadable:
                    raise GenImgUsageError(
                        f"folder_or_images: could not read image file {file} ({type(exc).__name__}: {exc}); "
                        "fix or remove it, or pass skip_unreadable=True"
                    ) from None
                skipped.append(str(file.relative_to(folder)))
                continue
            names.append(file.relative_to(folder).as_posix())
    else:
        labelled = list(folder_or_images.items()) if isinstance(folder_or_images, dict) else None
        ims = as_images([v for _, v in labelled] if labelled else folder_or_images, "folder_or_images")
        for i, im in enumerate(ims):
            names.append(str(labelled[i][0]) if labelled else im.label)
            hashes.append(hm.reference_hashes(im.pil)[0])
            thumb = im.pil.copy()
            thumb.thumbnail((256, 256))
            thumbnails[i] = thumb
    index = _from_hashes(names, hashes, root=root, skipped=skipped, thumbnails=thumbnails)
    index.build_seconds = time.perf_counter() - start
    if path is not None:
        index.save(path)
    return index


def _resolve_reference(reference: Any) -> ReferenceIndex:
    if isinstance(reference, ReferenceIndex):
        return reference
    if isinstance(reference, (str, os.PathLike)):
        target = Path(reference)
        if target.is_dir():
            files = _image_files(target)
            key = (str(target.resolve()), tuple((str(f), f.stat().st_size, f.stat().st_mtime_ns) for f in files))
            if key not in _CACHE:
                _CACHE.clear()  # one folder at a time: indexes can be large
                _CACHE[key] = build_reference_index(target)
            return _CACHE[key]
        return ReferenceIndex.load(target)
    if isinstance(reference, (dict, list, tuple)):
        return build_reference_index(reference)
    raise usage("reference", "a ReferenceIndex, an index file (.npz), a folder of images or a list of images", reference)


def _pair(query: Image.Image, ref: Image.Image | None, title: str, labels: list[str]) -> Image.Image:
    from ..sheets import contact_sheet

    other = ref if ref is not None else Image.new("RGB", (64, 64), (200, 200, 200))
    return contact_sheet([query, other], labels, thumb=256, columns=2, title=title)


def measure_memorization(images: Any, reference: Any, *, max_distance: int = DEFAULT_MAX_DISTANCE, min_pass_rate: float = 1.0) -> CheckResult:
    """Find each image's closest reference; see :func:`assert_not_memorized`."""
    if isinstance(max_distance, bool) or not isinstance(max_distance, int) or not 0 <= max_distance <= hm.HASH_BITS:
        raise usage("max_distance", f"an integer number of bits, 0 to {hm.HASH_BITS}", max_distance)
    require_fraction("min_pass_rate", min_pass_rate)
    ims = as_images(images)
    index = _resolve_reference(reference)
    if len(index) == 0:
        raise usage("reference", "at least one reference image", "an empty index" + (f" (folder {index.root})" if index.root else ""))
    items = []
    start = time.perf_counter()
    matches = [index.nearest(im.pil) for im in ims]
    query_ms = (time.perf_counter() - start) * 1000 / len(ims)
    for im, match in zip(ims, matches):
        copied = match.distance <= max_distance
        values = {"closest": match.name, "distance": match.distance}
        item = ItemVerdict(im.label, not copied, values, f"near-duplicate of {match.describe()} <= {max_distance}" if copied else "")
        if copied:
            pair = _pair(im.pil, index.reference_image(match.index), f"{im.label} vs reference {match.name}: {match.distance} bits",
                         [f"generated {im.label}", f"reference {match.name}"])
            item.artifact = save_artifact(pair, f"memorized-{im.index}", f"{im.label} vs {match.name}")
        items.append(item)
    return from_items(
        "memorization",
        items,
        min_pass_rate=min_pass_rate,
        thresholds={"max_distance": max_distance},
        metrics={"min_distance": min(m.distance for m in matches), "references": len(index), "query_ms": query_ms},
    )


def assert_not_memorized(images: Any, reference: Any, *, max_distance: int = DEFAULT_MAX_DISTANCE, min_pass_rate: float = 1.0) -> CheckResult:
    """Fail when a generated image is a near-duplicate of a reference (training or protected) image.

    ``reference``: a :class:`ReferenceIndex`, an index file saved by :func:`build_reference_index`,
    a folder of images (indexed on first use and kept for the session) or a list of images.
    ``max_distance``: largest pHash distance, of 256 bits, that counts as a copy (default 52).
    The message names the closest reference and its distance; the artifact shows the pair.
    """
    __tracebackhide__ = True
    return raise_if_failed(measure_memorization(images, reference, max_distance=max_distance, min_pass_rate=min_pass_rate))

"""Speed and size of the memorisation reference index at scale.

    python benchmarks/memorization_index.py [--refs 100000] [--files 2000] [--queries 200]

1. Builds an index from ``--files`` image files on disk (decode + hash per file).
2. Hashes ``--refs`` reference images made in memory (windows of 12 scikit-image photos at random
   positions, scales, flips and colour jitter; 20% random-shape scenes), saves the index (.npz),
   loads it back, and times ``--queries`` searches: copies of references (mirrored, cropped,
   JPEG) that must be flagged, and windows of 7 other photos that should not be.
Reported: build time, hashes per second, index size on disk and in memory, load time, time per
query (mean, p90, max). Times are wall clock on this machine; nothing here is asserted.
"""
from __future__ import annotations

import argparse
import io
import sys
import tempfile
import time
import warnings
from pathlib import Path

import numpy as np
from PIL import Image, ImageOps

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
warnings.filterwarnings("ignore", message="Could not fit any shapes")

from pytest_genimg.checks.memorization import (  # noqa: E402
    DEFAULT_MAX_DISTANCE,
    VARIANTS,
    ReferenceIndex,
    _from_hashes,
    build_reference_index,
)
from pytest_genimg.metrics import hashing as hm  # noqa: E402

# References are made from the first group, unrelated queries from the second.
REFERENCE_PHOTOS = ["astronaut", "camera", "coffee", "chelsea", "rocket", "immunohistochemistry", "hubble_deep_field", "coins",
                    "grass", "gravel", "brick", "retina"]
QUERY_PHOTOS = ["moon", "page", "clock", "colorwheel", "cell", "text", "motorcycle"]


def _photos(names: list[str]) -> list[Image.Image]:
    import skimage.data as data

    out = []
    for n in names:
        if n == "motorcycle":
            out.append(Image.fromarray(data.stereo_motorcycle()[0]))
            continue
        arr = getattr(data, n)()
        out.append(Image.fromarray(np.stack([arr] * 3, -1) if arr.ndim == 2 else arr[..., :3]))
    return out


class Maker:
    """Distinct reference-like images: random windows of photos (jittered) and random-shape scenes."""

    def __init__(self, seed: int, photos: list[str], shapes: float = 0.2) -> None:
        self.rng = np.random.default_rng(seed)
        self.photos, self.names, self.last = _photos(photos), photos, ""
        self.share_shapes = shapes

    def window(self) -> Image.Image:
        pick = int(self.rng.integers(len(self.photos)))
        img = self.photos[pick]
        self.last = self.names[pick]
        s = self.rng.uniform(0.2, 0.9)
        cw = int(img.width * s)
        ch = min(img.height, int(cw * self.rng.uniform(0.75, 1.33)))
        x, y = int(self.rng.integers(0, img.width - cw + 1)), int(self.rng.integers(0, img.height - ch + 1))
        out = img.crop((x, y, x + cw, y + ch)).resize((128, max(64, 128 * ch // cw)), Image.Resampling.BOX)
        if self.rng.random() < 0.5:
            out = ImageOps.mirror(out)
        gain = self.rng.uniform(0.7, 1.3, 3)
        return Image.fromarray(np.clip(np.asarray(out, np.float32) * gain, 0, 255).astype(np.uint8))

    def shapes(self) -> Image.Image:
        from skimage.draw import random_shapes

        self.last = "shapes"
        arr, _ = random_shapes((128, 128), max_shapes=10, min_size=8, rng=int(self.rng.integers(1 << 30)), channel_axis=-1)
        return Image.fromarray(arr)

    def image(self) -> Image.Image:
        return self.shapes() if self.rng.random() < self.share_shapes else self.window()


def build_from_files(n: int) -> None:
    maker = Maker(1, REFERENCE_PHOTOS)
    with tempfile.TemporaryDirectory(prefix="genimg-refs-") as tmp:
        folder = Path(tmp)
        for i in range(n):
            maker.image().save(folder / f"{i:06d}.{'jpg' if i % 2 else 'png'}")
        start = time.perf_counter()
        index = build_reference_index(folder, folder / "index.npz")
        took = time.perf_counter() - start
        size = (folder / "index.npz").stat().st_size
    print(f"folder build: {n} files (128 px PNG/JPEG) in {took:.1f} s = {took / n * 1000:.2f} ms/file "
          f"(decode + {index.words.shape[1] // n} hashes each), index file {size / 1e6:.2f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--refs", type=int, default=100_000)
    parser.add_argument("--files", type=int, default=2000)
    parser.add_argument("--queries", type=int, default=200)
    args = parser.parse_args()

    if args.files:
        build_from_files(args.files)

    maker = Maker(2, REFERENCE_PHOTOS)
    kept: list[tuple[int, Image.Image, str]] = []  # a few references to query copies of
    sources: list[str] = []  # which photo each reference was cut from (or "shapes")
    hashes = []
    start = time.perf_counter()
    make_time = 0.0
    for i in range(args.refs):
        s = time.perf_counter()
        img = maker.image()
        make_time += time.perf_counter() - s
        sources.append(maker.last)
        if i % max(1, args.refs // args.queries) == 0 and len(kept) < args.queries // 2:
            kept.append((i, img, maker.last))
        hashes.append(hm.reference_hashes(img)[0])
    hash_time = time.perf_counter() - start - make_time
    index = _from_hashes([f"ref/{i:06d}.png" for i in range(args.refs)], hashes)
    print(f"in-memory build: {args.refs} references, {index.words.shape[1]} hashes, hashing {hash_time:.1f} s "
          f"= {hash_time / args.refs * 1000:.2f} ms/reference (images made separately in {make_time:.1f} s)")

    with tempfile.TemporaryDirectory(prefix="genimg-index-") as tmp:
        path = Path(tmp) / "index.npz"
        s = time.perf_counter()
        index.save(path)
        save_s = time.perf_counter() - s
        s = time.perf_counter()
        loaded = ReferenceIndex.load(path)
        load_s = time.perf_counter() - s
        print(f"index: {path.stat().st_size / 1e6:.1f} MB on disk, {loaded.nbytes / 1e6:.1f} MB of arrays in memory; "
              f"save {save_s:.2f} s (atomic), load {load_s:.2f} s")

    queries = []
    for i, img, source in kept:
        buf = io.BytesIO()
        ImageOps.mirror(img.crop((4, 3, img.width - 5, img.height - 2))).save(buf, "JPEG", quality=70)
        queries.append((True, i, source, Image.open(io.BytesIO(buf.getvalue())).convert("RGB")))
    other = Maker(99, QUERY_PHOTOS, shapes=0.0)
    while len(queries) < args.queries:
        img = other.image()
        queries.append((False, -1, other.last, img))
    loaded.nearest(queries[0][3])  # warm-up
    times, flagged, own, near_others = [], 0, 0, 0
    for is_copy, i, source, img in queries:
        s = time.perf_counter()
        match = loaded.nearest(img)
        times.append((time.perf_counter() - s) * 1000)
        if is_copy:
            flagged += match.distance <= DEFAULT_MAX_DISTANCE
            own += match.index == i
            if match.distance > DEFAULT_MAX_DISTANCE:  # missed: the hash, or the prefilter?
                q, _ = hm.query_hashes(img)
                cols = loaded.words[:, i * VARIANTS : (i + 1) * VARIANTS]
                brute = min(int(hm.hamming_many(cols, w).min()) for w in q)
                print(f"  missed copy of reference {i} (a window of {source}, {img.width}x{img.height}): search {match.distance}, brute force to its source {brute}")
        else:
            if match.distance <= DEFAULT_MAX_DISTANCE:
                near_others += 1
                print(f"  a window of {source} came within {match.distance} bits of reference {match.index} "
                      f"({'a random-shape scene' if sources[match.index] == 'shapes' else 'a window of ' + sources[match.index]})")
    t = np.array(times)
    n_copies = sum(q[0] for q in queries)
    print(f"query over {args.refs} references: mean {t.mean():.1f} ms, p90 {np.percentile(t, 90):.1f} ms, max {t.max():.1f} ms "
          f"per image (hashing the query and its mirror included)")
    print(f"copies (mirrored, 3% cropped, JPEG q70): {flagged}/{n_copies} flagged, {own}/{n_copies} with their own source as the "
          f"nearest (else an overlapping window of the same photo); windows of {len(QUERY_PHOTOS)} photos not used for "
          f"references within {DEFAULT_MAX_DISTANCE} bits of some reference: {near_others}/{len(queries) - n_copies}")


if __name__ == "__main__":
    main()

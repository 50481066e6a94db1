"""Accuracy of assert_diverse's defaults on image sets built at run time, and its cost.

Collapsed sets: one photo under noise, small shifts, crops, colour jitter, JPEG, or all of them.
Partly collapsed sets (near the line): k of n images are perturbed copies of one photo, the rest
diverse crops. Diverse sets: different photos, crops of different scenes, texture crops, faces.
Target: at the defaults every collapsed and partly collapsed set fails and every diverse set passes.
Photos come from scikit-image's bundled data (no download), split into a fixed tuning half and a
held-out half (alternate places in COLOUR + GREY; faces: alternate LFW images); each half draws its
sets from its own photos with its own random seed, and both are printed.
Run: python benchmarks/accuracy_diversity.py
"""
from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
from PIL import Image, ImageEnhance

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from pytest_genimg.checks.diversity import default_min_vendi, measure_diversity
from pytest_genimg.metrics import diversity as dm

COLOUR = ["astronaut", "chelsea", "coffee", "rocket", "hubble_deep_field", "immunohistochemistry", "retina", "colorwheel", "logo"]
GREY = ["camera", "moon", "coins", "clock", "cell", "page", "text", "brick", "grass", "gravel", "microaneurysms", "horse"]
TEXTURES = ["brick", "grass", "gravel", "moon", "hubble_deep_field", "immunohistochemistry", "retina", "coins", "cell"]


def _rgb(arr: np.ndarray) -> Image.Image:
    a = np.asarray(arr)
    if a.dtype == bool:
        a = a.astype(np.uint8) * 255
    if a.dtype != np.uint8:
        a = np.round(np.clip(a, 0, 1) * 255).astype(np.uint8)
    if a.ndim == 2:
        a = np.stack([a] * 3, axis=-1)
    img = Image.fromarray(np.ascontiguousarray(a[..., :3]))
    if max(img.size) > 512:
        img.thumbnail((512, 512))
    return img


HALVES = ("tune", "held-out")


def load_pool(half: str | None = None) -> dict[str, Image.Image]:
    """The photos of one half (alternate places in COLOUR + GREY), or all of them."""
    from skimage import data

    names = [n for k, n in enumerate(COLOUR + GREY) if half is None or HALVES[k % 2] == half]
    return {name: _rgb(getattr(data, name)()) for name in names}


# ---- perturbations of one image (collapsed sets) ----------------------------------------------


def _noise(rng: np.random.Generator, img: Image.Image) -> Image.Image:
    a = np.asarray(img, dtype=np.float64) + rng.normal(0, rng.uniform(5, 25), (img.height, img.width, 3))
    return Image.fromarray(np.clip(a, 0, 255).astype(np.uint8))


def _shift(rng: np.random.Generator, img: Image.Image) -> Image.Image:
    dx, dy = (rng.uniform(-0.05, 0.05, 2) * np.array(img.size)).astype(int)
    return img.transform(img.size, Image.Transform.AFFINE, (1, 0, dx, 0, 1, dy), resample=Image.Resampling.BILINEAR)


def _crop(rng: np.random.Generator, img: Image.Image, keep: tuple[float, float] = (0.8, 0.95)) -> Image.Image:
    f = rng.uniform(*keep)
    w, h = int(img.width * f), int(img.height * f)
    x, y = rng.integers(0, img.width - w + 1), rng.integers(0, img.height - h + 1)
    return img.crop((x, y, x + w, y + h)).resize(img.size, Image.Resampling.BILINEAR)


def _jitter(rng: np.random.Generator, img: Image.Image, amount: float = 0.2) -> Image.Image:
    for enhancer in (ImageEnhance.Brightness, ImageEnhance.Contrast, ImageEnhance.Color):
        img = enhancer(img).enhance(1 + rng.uniform(-amount, amount))
    return img


def _jpeg(rng: np.random.Generator, img: Image.Image, quality: tuple[int, int] = (20, 80)) -> Image.Image:
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=int(rng.integers(*quality)))
    return Image.open(io.BytesIO(buf.getvalue())).convert("RGB")


def _mixed(rng: np.random.Generator, img: Image.Image) -> Image.Image:
    img = _crop(rng, _noise(rng, img), (0.85, 0.97))
    return _jpeg(rng, _jitter(rng, img, 0.15), (40, 90))


COLLAPSED: dict[str, Callable[[np.random.Generator, Image.Image], Image.Image]] = {
    "noise": _noise, "shift": _shift, "crop": _crop, "jitter": _jitter, "jpeg": _jpeg, "mixed": _mixed,
}


# ---- diverse sets ------------------------------------------------------------------------------


def _random_crop(rng: np.random.Generator, img: Image.Image, lo: float, hi: float, side: int = 160) -> Image.Image:
    f = rng.uniform(lo, hi)
    w, h = int(img.width * f), int(img.height * f)
    x, y = rng.integers(0, img.width - w + 1), rng.integers(0, img.height - h + 1)
    return img.crop((x, y, x + w, y + h)).resize((side, side), Image.Resampling.BILINEAR)


def _tile_crop(rng: np.random.Generator, img: Image.Image, tile: int, grid: int = 3, side: int = 160) -> Image.Image:
    """A random crop inside one cell of a grid x grid tiling: crops from different cells never
    overlap, so sets with more images than source photos hold no accidental duplicates."""
    r, c = divmod(tile, grid)
    cw, ch = img.width // grid, img.height // grid
    return _random_crop(rng, img.crop((c * cw, r * ch, (c + 1) * cw, (r + 1) * ch)), 0.6, 1.0, side)


def _distinct_cells(rng: np.random.Generator, sources: int, n: int, grid: int = 3) -> list[tuple[int, int]]:
    """n distinct (source, tile) cells, spread over as many sources as possible."""
    order = rng.permutation(sources)
    tiles = [rng.permutation(grid * grid) for _ in range(sources)]
    return [(int(order[k % sources]), int(tiles[order[k % sources]][k // sources])) for k in range(n)]


SetMaker = Callable[[], list[Image.Image]]


def diverse_sets(pool: dict[str, Image.Image], rng: np.random.Generator, n: int, reps: int, half: str) -> dict[str, list[SetMaker]]:
    """Per category, ``reps`` functions that each build one set (built lazily: 64-image sets add up)."""
    from skimage import data

    names = list(pool)
    faces = data.lfw_subset()[HALVES.index(half)::2]
    textures = [t for t in TEXTURES if t in pool] or TEXTURES

    def photos() -> list[Image.Image]:
        out = [pool[names[k]] for k in rng.choice(len(names), size=min(n, len(names)), replace=False)]
        # More images than photos: add crops of single grid cells of the photos.
        return out + [_tile_crop(rng, pool[names[s]], t) for s, t in _distinct_cells(rng, len(names), n - len(out))]

    makers: dict[str, SetMaker] = {
        "photos": photos,
        "scene crops": lambda: [_tile_crop(rng, pool[names[s]], t) for s, t in _distinct_cells(rng, len(names), n)],
        "textures": lambda: [_tile_crop(rng, _texture(pool, textures[s]), t) for s, t in _distinct_cells(rng, len(textures), n)],
        "faces": lambda: [_rgb(faces[k]).resize((100, 100), Image.Resampling.BICUBIC) for k in rng.choice(len(faces), n, replace=False)],
    }
    return {name: [make] * reps for name, make in makers.items()}


def _texture(pool: dict[str, Image.Image], name: str) -> Image.Image:
    if name not in pool:
        from skimage import data

        pool[name] = _rgb(getattr(data, name)())
    return pool[name]


def collapsed_sets(pool: dict[str, Image.Image], rng: np.random.Generator, n: int) -> dict[str, list[SetMaker]]:
    """Per perturbation family, one set maker per base photo: n perturbed copies of it."""
    bases = [b for b in COLOUR + GREY[:6] if b in pool]
    return {
        fam: [lambda fn=fn, b=b: [fn(rng, pool[b]) for _ in range(n)] for b in bases]
        for fam, fn in COLLAPSED.items()
    }


def partly_collapsed_sets(pool: dict[str, Image.Image], rng: np.random.Generator, n: int) -> dict[str, list[SetMaker]]:
    """Near the line: k of the n images are perturbed copies (noise, crop, jitter, JPEG) of one photo,
    the other n - k diverse crops of the other photos; one set per base photo and k."""
    names = list(pool)

    def make(base: str, k: int) -> list[Image.Image]:
        others = [m for m in names if m != base]
        rest = [_tile_crop(rng, pool[others[s]], t) for s, t in _distinct_cells(rng, len(others), n - k)]
        side = rest[0].size if rest else pool[base].size
        return [_mixed(rng, pool[base]).resize(side) for _ in range(k)] + rest

    ks = sorted({2, max(2, n // 8), max(2, n // 4), n // 2})
    return {f"{k} of {n}": [lambda b=b, k=k: make(b, k) for b in names[:8]] for k in ks if k < n}


def tiny_sd_images(count: int = 16) -> list[Image.Image]:
    """16 images from the built-in tiny-sd pipeline (random weights), seeds 0..count-1."""
    import torch
    from diffusers import DiffusionPipeline

    from pytest_genimg.models.builtin import get_builtin

    model = get_builtin("tiny-sd")
    pipe = DiffusionPipeline.from_pretrained(model.path, local_files_only=True)
    pipe.set_progress_bar_config(disable=True)
    images = []
    for seed in range(count):
        out = pipe("a portrait photo", generator=torch.Generator("cpu").manual_seed(seed), **model.call_kwargs())
        images.append(out.images[0])
    return images


def _summary(values: list[float]) -> str:
    return f"{min(values):6.2f} {statistics.median(values):6.2f} {max(values):6.2f}"


def run_accuracy(n: int, reps: int, features: str, seed: int, half: str) -> bool:
    rng = np.random.default_rng(seed + HALVES.index(half))
    pool = load_pool(half)
    print(f"\n## [{half}] n={n} images per set, features={features}, min_vendi default={default_min_vendi(n):.2f}, "
          f"duplicate_distance default={measure_diversity.__kwdefaults__['duplicate_distance']}")
    print(f"{'kind':9} {'family':12} {'sets':>4} {'verdict ok':>10}  {'Vendi min/median/max':>22}  {'min pHash dist':>14}  {'via':>14}")
    all_ok = True
    groups = [("collapsed", collapsed_sets(pool, rng, n), False), ("partly", partly_collapsed_sets(pool, rng, n), False),
              ("diverse", diverse_sets(pool, rng, n, reps, half), True)]
    for kind, families, should_pass in groups:
        for fam, sets in families.items():
            results = [measure_diversity(make(), features=features) for make in sets]
            ok = sum(r.passed == should_pass for r in results)
            all_ok &= ok == len(results)
            vendi = [r.metrics["vendi"] for r in results]
            dist = [r.metrics["min_phash_distance"] for r in results]
            by_vendi = sum(r.metrics["vendi"] < r.thresholds["min_vendi"] for r in results)
            by_dup = sum(r.metrics["duplicate_fraction"] > r.thresholds["max_duplicate_fraction"] for r in results)
            print(f"{kind:9} {fam:12} {len(results):4d} {ok:6d}/{len(results):<3d}  {_summary(vendi):>22}  "
                  f"{min(dist):5d}-{max(dist):<5d}     vendi {by_vendi:2d} dup {by_dup:2d}")
    return all_ok


def run_speed() -> None:
    rng = np.random.default_rng(1)
    pool = list(load_pool().values())
    images = [_random_crop(rng, pool[k % len(pool)], 0.4, 0.9, side=512) for k in range(64)]
    timings = {"pHash features + Vendi": [], "measure_diversity (phash)": [], "measure_diversity (pixels)": []}
    for _ in range(5):
        t = time.perf_counter()
        bits = dm.phash_bits(images)
        dm.vendi_score(dm.cosine_similarity(dm.phash_features(bits)))
        timings["pHash features + Vendi"].append(time.perf_counter() - t)
        for feats in ("phash", "pixels"):
            t = time.perf_counter()
            measure_diversity(images, features=feats, max_duplicate_fraction=1.0, min_vendi=1.0)
            timings[f"measure_diversity ({feats})"].append(time.perf_counter() - t)
    print("\n## speed: 64 images of 512x512 (median of 5 runs; target < 1 s)")
    for name, values in timings.items():
        print(f"  {name:30} {statistics.median(values) * 1000:7.1f} ms  ({statistics.median(values) / 64 * 1000:.2f} ms/image)")


def run_tiny_sd() -> None:
    try:
        images = tiny_sd_images(16)
    except Exception as exc:  # noqa: BLE001 - report, do not crash the benchmark
        print(f"\n## tiny-sd: not run ({type(exc).__name__}: {exc})")
        return
    print("\n## tiny-sd: 16 images of 'a portrait photo', seeds 0-15 (random weights)")
    for feats in ("phash", "pixels"):
        r = measure_diversity(images, features=feats)
        print(f"  features={feats:6}: {'PASS' if r.passed else 'FAIL'}  Vendi {r.metrics['vendi']:.2f} "
              f"(min {r.thresholds['min_vendi']:.2f}), near-duplicate pairs {r.metrics['duplicate_pairs']}, "
              f"pHash distance min {r.metrics['min_phash_distance']} median {r.metrics['median_phash_distance']:.0f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[16, 8, 32], help="images per set (first one is the target)")
    parser.add_argument("--reps", type=int, default=15, help="diverse sets per category")
    parser.add_argument("--pixels", action="store_true", help="also report the 'pixels' features")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    # Failing sets save artifacts: keep them out of the working tree.
    os.chdir(tempfile.mkdtemp(prefix="genimg-bench-"))
    verdicts = {}
    for n in args.sizes:
        for half in HALVES:
            verdicts[(n, half)] = run_accuracy(n, args.reps, "phash", args.seed, half)
            if args.pixels:
                run_accuracy(n, args.reps, "pixels", args.seed, half)
    run_speed()
    run_tiny_sd()
    print("\n## target (every collapsed and partly collapsed set fails, every diverse set passes, at the defaults):")
    for (n, half), ok in verdicts.items():
        print(f"  n={n} [{half}]: {'met' if ok else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

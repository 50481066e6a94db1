"""Image snapshots and the review report: verdict accuracy of the default tolerance, comparison cost
per 512 px pair, and the time to write the report for 200 tests.

Part 2 also measures what SSIM at full resolution (up to 1024 px a side) costs against the 256 px
copy earlier versions compared, as a ratio within the same run. Part 1 scores the default tolerance (phash <= 8, SSIM >= 0.9, colour shift <= 12) on images that must
match (noise sigma 3/255, JPEG q90, the ~1/255 batch drift) and must not (next seed, mirror, tint,
channel swap), at 64 and 512 px, on five image families, and shows where plain phash would misjudge.

Run: python benchmarks/snapshot_report.py [--no-tiny-sd]   (figures are reported, never asserted)
"""
from __future__ import annotations

import io
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

from pytest_genimg.metrics.compare import compare_images
from pytest_genimg.snapshot.image import ImageData, ImageSnapshotExtension, Tolerance

MATCH = ("noise3", "jpeg90", "batch")
DIFFER = ("next_seed", "mirror", "tint", "bgr")


def scene(size: int, seed: int) -> Image.Image:
    r = np.random.default_rng(seed)
    a = np.linspace(0, 1, size)
    base = np.stack([np.outer(a, np.ones(size)) * r.uniform(60, 200), np.outer(np.ones(size), a) * r.uniform(60, 200),
                     np.full((size, size), r.uniform(40, 200))], -1)
    img = Image.fromarray(base.astype(np.uint8))
    draw = ImageDraw.Draw(img)
    for _ in range(6):
        x, y = r.integers(0, size, 2)
        w, h = r.integers(size // 6, size // 2, 2)
        draw.ellipse([int(x), int(y), int(x + w), int(y + h)], fill=tuple(int(v) for v in r.integers(0, 255, 3)))
    return img.filter(ImageFilter.GaussianBlur(max(1, size // 128)))


def noise_like(size: int, seed: int) -> Image.Image:  # what random-weight models (tiny-sd) produce
    r = np.random.default_rng(seed)
    small = Image.fromarray(r.uniform(0, 255, (max(2, size // 8),) * 2 + (3,)).astype(np.uint8))
    arr = np.asarray(small.resize((size, size), Image.Resampling.BICUBIC)).astype(float) + r.normal(0, 20, (size, size, 3))
    return Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8))


def flat(size: int, seed: int) -> Image.Image:
    return Image.new("RGB", (size, size), tuple(int(v) for v in np.random.default_rng(seed).integers(30, 220, 3)))


def gradient(size: int, seed: int) -> Image.Image:  # a sky-like diagonal ramp: smooth, nothing to hash
    r = np.random.default_rng(seed)
    ramp = np.add.outer(np.linspace(0, 1, size), np.linspace(0, 0.5, size)) * r.uniform(80, 160) + r.uniform(0, 40)
    return Image.fromarray((ramp[..., None] * np.array([0.4, 0.7, 1.0])).astype(np.uint8))


def photo(size: int, seed: int) -> Image.Image:
    import skimage.data

    names = ["astronaut", "coffee", "chelsea", "rocket"]
    return Image.fromarray(getattr(skimage.data, names[seed % len(names)])()).resize((size, size), Image.Resampling.LANCZOS)


FAMILIES = {"scene": scene, "noise": noise_like, "photo": photo, "flat": flat, "gradient": gradient}


def perturb(img: Image.Image, kind: str, family, seed: int) -> Image.Image:
    a = np.asarray(img).astype(np.float64)
    r = np.random.default_rng(1000 + seed)
    if kind == "noise3":
        return Image.fromarray(np.clip(np.round(a + r.normal(0, 3, a.shape)), 0, 255).astype(np.uint8))
    if kind == "jpeg90":
        buf = io.BytesIO()
        img.save(buf, "JPEG", quality=90)
        return Image.open(io.BytesIO(buf.getvalue())).convert("RGB")
    if kind == "batch":
        return Image.fromarray(np.clip(np.round(a + r.uniform(-0.0034, 0.0034, a.shape) * 255), 0, 255).astype(np.uint8))
    if kind == "next_seed":
        return family(img.size[0], seed + 1)
    if kind == "mirror":
        return img.transpose(Image.Transpose.FLIP_LEFT_RIGHT)
    if kind == "tint":
        return Image.fromarray(np.clip(a + np.array([24, 0, -24]), 0, 255).astype(np.uint8))
    if kind == "bgr":
        return Image.fromarray(np.asarray(img)[..., ::-1].copy())
    raise KeyError(kind)


def part1(extra: dict[str, list[Image.Image]]) -> None:
    import imagehash

    tol = Tolerance()
    print("Part 1: verdicts of the default tolerance (right/total); ranges of phash | plain phash | SSIM | colour shift")
    for size in (64, 512):
        for name, family in FAMILIES.items():
            bases = [family(size, s) for s in range(4)]
            print(f"  {size:>3} px {name}")
            for kind in MATCH + DIFFER:
                rows = []
                for seed, base in enumerate(bases):
                    other = perturb(base, kind, family, seed)
                    if kind in DIFFER and np.array_equal(np.asarray(base), np.asarray(other)):
                        continue  # e.g. the mirror of a flat image: nothing changed, nothing to catch
                    cmp = compare_images(base, other)
                    ok = not tol.failures(cmp, base, other)
                    rows.append((ok == (kind in MATCH), cmp.phash_distance, imagehash.phash(base) - imagehash.phash(other),
                                 cmp.ssim, cmp.color_shift))
                if not rows:
                    print(f"    {kind:<10} n/a: the perturbation leaves these images unchanged")
                    continue
                right = sum(r[0] for r in rows)
                ranges = "  ".join(f"{min(r[i] for r in rows):6.3g}-{max(r[i] for r in rows):<6.3g}" for i in range(1, 5))
                flag = "" if right == len(rows) else "   <- misjudged"
                print(f"    {kind:<10} expect {'match' if kind in MATCH else 'fail ':<5} {right}/{len(rows)}   {ranges}{flag}")
    for name, images in extra.items():
        base = images[0]
        print(f"  {name}: " + ", ".join(
            f"{label} {compare_images(base, other).values()}" for label, other in [("next seed", images[1]), ("batch-of-4 vs alone", images[2])]))


def _timed(fn, repeat: int) -> tuple[float, float]:
    walls, cpus = [], []
    for _ in range(repeat):
        w, c = time.perf_counter(), time.process_time()
        fn()
        walls.append(time.perf_counter() - w)
        cpus.append(time.process_time() - c)
    return statistics.median(walls) * 1000, statistics.median(cpus) * 1000


def part2() -> None:
    from pytest_genimg.metrics import compare

    print("\nPart 2: cost per image pair (median ms; wall and CPU, single thread)")
    base = photo(512, 0)
    other = perturb(base, "noise3", photo, 0)
    png = ImageData(base).png()
    ext = ImageSnapshotExtension()

    def matches() -> None:  # what a passing assertion does: decode the baseline PNG, then compare
        assert ext.matches(serialized_data=ImageData(other), snapshot_data=png)

    compare_images(base, other)  # imports
    for label, fn in [("compare_images (phash + SSIM + colour)", lambda: compare_images(base, other)),
                      ("baseline PNG decode + compare (a passing assert)", matches),
                      ("PNG encode (only when a baseline or obtained file is written)", lambda: ImageData(other).png())]:
        wall, cpu = _timed(fn, 30)
        print(f"  {label:<62} {wall:7.1f} ms wall {cpu:7.1f} ms CPU")

    # SSIM at full resolution (up to SSIM_MAX_SIDE px a side) against the 256 px copy earlier
    # versions compared, in this run: the ratio is the price of seeing blur a 256 px copy hides.
    print(f"  SSIM at full resolution (up to {compare.SSIM_MAX_SIDE} px) vs on a copy reduced to 256 px, same run:")
    for size in (512, 1024, 2048):
        a = photo(size, 1)
        b = perturb(a, "noise3", photo, 1)
        la, lb = a.convert("L"), b.convert("L")
        full_ssim = _timed(lambda: compare.luma_ssim(la, lb), 15)
        small_ssim = _timed(lambda: compare.luma_ssim(la, lb, max_side=256), 15)
        full_cmp = _timed(lambda: compare_images(a, b), 15)
        saved, compare.SSIM_MAX_SIDE = compare.SSIM_MAX_SIDE, 256
        try:
            small_cmp = _timed(lambda: compare_images(a, b), 15)
        finally:
            compare.SSIM_MAX_SIDE = saved
        print(f"    {size:>4} px (SSIM on {size // compare.ssim_reduction(a.size)} px): "
              f"SSIM {full_ssim[1]:6.1f} vs {small_ssim[1]:5.1f} ms CPU = {full_ssim[1] / small_ssim[1]:4.1f}x "
              f"(wall {full_ssim[0] / small_ssim[0]:4.1f}x); whole comparison {full_cmp[1]:6.1f} vs {small_cmp[1]:5.1f} ms CPU "
              f"= {full_cmp[1] / small_cmp[1]:4.1f}x (wall {full_cmp[0] / small_cmp[0]:4.1f}x)")


def part3(n_tests: int = 200) -> None:
    from pytest_genimg.report import write_outputs
    from pytest_genimg.report import data as report_data

    print(f"\nPart 3: report for {n_tests} tests (a quarter failing image snapshots, half passing ones, 64 and 512 px)")
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        tests: dict[str, dict] = {}
        for i in range(n_tests):
            size = 512 if i % 10 == 0 else 64
            entry = report_data._new_entry(f"tests/test_gen.py::test_case[{i}]")
            folder = root / f"r{i}"
            folder.mkdir()
            base = noise_like(size, i)
            base.save(folder / "baseline.png")
            failing = i % 4 == 0
            snap = {"kind": "image", "name": f"test_case[{i}]", "status": "failed" if failing else "matched",
                    "passed": not failing, "baseline": str(folder / "baseline.png"), "metrics": {"phash_distance": 2},
                    "tolerances": Tolerance().as_dict(), "reasons": []}
            if failing:
                other = noise_like(size, i + 1000)
                other.save(folder / "obtained.png")
                from pytest_genimg.metrics.compare import diff_heatmap

                diff_heatmap(base, other).save(folder / "diff.png")
                snap.update(obtained=str(folder / "obtained.png"), diff=str(folder / "diff.png"), accept="pytest x --snapshot-update")
            entry.update(outcome="failed" if failing else "passed", snapshots=[snap], duration_s=0.5,
                         generations=[{"prompt": "a red cube", "seed": i, "model": "sha256:abc", "params": {"steps": 4}}])
            if i % 5 == 1:
                entry["snapshots"].append({"kind": "metric", "name": "m", "status": "matched", "passed": True, "rows": [
                    {"metric": "cer", "value": 0.04, "baseline": 0.04, "delta": 0.0, "allowed": 0.02, "tolerance": "0.02",
                     "direction": "lower_is_better", "verdict": "within", "failed": False}]})
            tests[entry["nodeid"]] = entry
        run = report_data.run_info(["tests"], root, None)
        t0 = time.perf_counter()
        data = report_data.build(tests, run, root)
        t1 = time.perf_counter()
        html_path, json_path = root / "report.html", root / "report.json"
        write_outputs(data, html_path, json_path)
        t2 = time.perf_counter()
        print(f"  collect + embed images: {t1 - t0:.2f} s; render + write HTML and JSON: {t2 - t1:.2f} s; "
              f"total {t2 - t0:.2f} s")
        print(f"  HTML {html_path.stat().st_size / 1e6:.1f} MB, JSON {json_path.stat().st_size / 1e6:.1f} MB")


def tiny_sd_images() -> dict[str, list[Image.Image]]:
    import torch
    import transformers
    from diffusers import DiffusionPipeline
    from diffusers.utils import logging

    logging.set_verbosity_error()
    transformers.utils.logging.set_verbosity_error()
    torch.set_num_threads(1)
    path = Path(__file__).resolve().parents[1] / "src/pytest_genimg/models/data/tiny-sd"
    pipe = DiffusionPipeline.from_pretrained(str(path), local_files_only=True)
    pipe.set_progress_bar_config(disable=True)

    def run(seeds: list[int]) -> list[Image.Image]:
        gens = [torch.Generator("cpu").manual_seed(s) for s in seeds]
        out = pipe(["a red cube on a table"] * len(seeds), num_inference_steps=4, height=64, width=64,
                   generator=gens, output_type="np").images
        return [Image.fromarray((np.clip(a, 0, 1) * 255).round().astype(np.uint8)) for a in out]

    batch = run([0, 1, 2, 3])
    return {"tiny-sd 64 px (seed 0 vs)": [batch[0], batch[1], run([0])[0]]}


def main() -> None:
    extra = {} if "--no-tiny-sd" in sys.argv else tiny_sd_images()
    part1(extra)
    part2()
    part3()


if __name__ == "__main__":
    main()

"""Error rates of the model-comparison tests, by simulation: false failures under no change (must be
at most alpha = 5%) and power against known degradations at n = 8, 16, 32, 64 paired seeds.

assert_no_regression: paired pass/fail outcomes with equal marginals (several pass rates and pairing
strengths) and paired continuous values whose candidate and baseline noise are exchangeable (normal,
skewed, tied); power for a 10-point pass-rate drop and a 0.5-SD worsening.
distribution_snapshot: tiny-sd (built-in, CPU) images; the null compares two disjoint random sets of
seeds, power compares a set with a degraded set (blurred, colour-cast, collapsed, text removed).
Nothing is tuned here (alpha is fixed at 0.05), so there is no held-out split to make.
Run: python benchmarks/accuracy_regression.py [--trials 1000] [--continuous-trials 4000] [--json out.json]
"""
from __future__ import annotations

import argparse
import json
import sys
import time
import warnings
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from pytest_genimg.compare.regression import measure_regression
from pytest_genimg.compare.summary import Summary, compare_summaries, summarise

ALPHA = 0.05
SIZES = (8, 16, 32, 64)


def _rate(hits: int, trials: int) -> dict[str, float]:
    from pytest_genimg.stats import wilson_interval

    lo, hi = wilson_interval(hits, trials)
    return {"rate": hits / trials, "low": lo, "high": hi, "trials": trials}


def _fails(cand: dict, base: dict, **kwargs) -> bool:
    return not measure_regression(cand, base, alpha=ALPHA, **kwargs).passed


# -- paired pass/fail ---------------------------------------------------------------------------

def paired_outcomes(rng: np.random.Generator, n: int, p_base: float, p_cand: float, agreement: float) -> tuple[dict, dict]:
    """Pairs whose outcomes agree with probability ``agreement`` beyond chance (a shared prompt/seed
    difficulty): with that probability the candidate copies the baseline's latent draw."""
    u = rng.random(n)
    shared = rng.random(n) < agreement
    v = np.where(shared, u, rng.random(n))
    base = {f"seed={i}": bool(x < p_base) for i, x in enumerate(u)}
    cand = {f"seed={i}": bool(x < p_cand) for i, x in enumerate(v)}
    return cand, base


def binary_null(rng: np.random.Generator, trials: int) -> list[dict]:
    rows = []
    for p in (0.5, 0.8, 0.95):
        for agreement in (0.0, 0.7):
            for n in SIZES:
                for max_drop in (0.0, 0.05):
                    hits = sum(_fails(*paired_outcomes(rng, n, p, p, agreement), max_drop=max_drop) for _ in range(trials))
                    rows.append({"pass_rate": p, "agreement": agreement, "n": n, "max_drop": max_drop, **_rate(hits, trials)})
    return rows


def binary_power(rng: np.random.Generator, trials: int, sizes=(8, 16, 32, 64, 96, 128, 192, 256)) -> list[dict]:
    rows = []
    for agreement in (0.9, 0.5, 0.0):
        for n in sizes:
            hits = sum(_fails(*paired_outcomes(rng, n, 0.9, 0.8, agreement)) for _ in range(trials))
            rows.append({"drop": "0.9 -> 0.8", "agreement": agreement, "n": n, **_rate(hits, trials)})
    return rows


# -- paired continuous --------------------------------------------------------------------------

def continuous_pairs(rng: np.random.Generator, n: int, kind: str, shift: float) -> tuple[dict, dict]:
    item = rng.normal(0, 1, n)  # per-prompt/seed level shared by both models
    if kind == "normal":
        noise = rng.normal(0, 1, (2, n))
    elif kind == "skewed":
        noise = rng.exponential(1, (2, n))
    else:  # tied: values on a coarse grid, as a CER of short strings is
        noise = rng.integers(0, 4, (2, n)).astype(float)
        item = np.zeros(n)
    base = item + noise[0]
    cand = item + noise[1] + shift
    if kind == "tied":
        cand = np.round(cand)
    return {i: float(v) for i, v in enumerate(cand)}, {i: float(v) for i, v in enumerate(base)}


def continuous_null(rng: np.random.Generator, trials: int) -> list[dict]:
    rows = []
    for kind in ("normal", "skewed", "tied"):
        for test in ("wilcoxon", "sign"):
            for n in SIZES:
                hits = sum(_fails(*continuous_pairs(rng, n, kind, 0.0), direction="lower", max_drop=0.0, test=test)
                           for _ in range(trials))
                rows.append({"values": kind, "test": test, "n": n, **_rate(hits, trials)})
    return rows


def continuous_power(rng: np.random.Generator, trials: int) -> list[dict]:
    rows = []
    for test in ("wilcoxon", "sign"):
        for n in SIZES:
            # noise SD of a difference is sqrt(2); a shift of 0.5*sqrt(2) is 0.5 SD of the differences
            hits = sum(_fails(*continuous_pairs(rng, n, "normal", 0.5 * np.sqrt(2)), direction="lower", test=test)
                       for _ in range(trials))
            rows.append({"shift": "0.5 SD worse", "test": test, "n": n, **_rate(hits, trials)})
    return rows


# -- distribution_snapshot on tiny-sd -----------------------------------------------------------

def tiny_sd_images(count: int) -> list[Image.Image]:
    import torch

    from pytest_genimg.models.sources import load_model

    model = load_model("tiny-sd", device="cpu", dtype="float32")
    d = model.defaults
    out: list[Image.Image] = []
    prompts = ["a red cube on a table", "a portrait photo", "a bowl of fruit", "a lighthouse at dusk"]
    for start in range(0, count, 16):
        seeds = range(start, min(count, start + 16))
        prompt = prompts[(start // 16) % len(prompts)]
        with torch.inference_mode():
            result = model.obj([prompt] * len(seeds), num_inference_steps=d["steps"], guidance_scale=d["guidance"],
                               width=d["size"][0], height=d["size"][1], **d["extra"],
                               generator=[torch.Generator("cpu").manual_seed(s) for s in seeds])
        out += result.images
    return out


def _with_text(image: Image.Image, i: int) -> Image.Image:
    img = image.copy()
    draw = ImageDraw.Draw(img)
    draw.rectangle([6, 20, 58, 44], fill=(245, 245, 245))
    draw.text((9, 26), ["SALE", "OPEN", "EXIT", "STOP"][i % 4], fill=(10, 10, 10))
    return img


def _collapsed(images: list[Image.Image], rng: np.random.Generator) -> list[Image.Image]:
    """Each image replaced by one of two 'modes' under small pixel noise (mode collapse)."""
    out = []
    for i in range(len(images)):
        a = np.asarray(images[i % 2], dtype=np.float64) + rng.normal(0, 6, (64, 64, 3))
        out.append(Image.fromarray(np.clip(a, 0, 255).astype(np.uint8)))
    return out


DEGRADATIONS = {
    "blurred (Gaussian radius 1)": lambda ims, rng: [im.filter(ImageFilter.GaussianBlur(1)) for im in ims],
    "colour cast (+12 red levels)": lambda ims, rng: [Image.fromarray(np.clip(np.asarray(im, dtype=np.int16) + [12, 0, 0], 0, 255).astype(np.uint8)) for im in ims],
    "collapsed (2 modes + noise)": _collapsed,
}


def _subset(pool: Summary, index: np.ndarray) -> Summary:
    return Summary(pool.features, [pool.vectors[i] for i in index], {k: [v[i] for i in index] for k, v in pool.metrics.items()})


def distribution_rates(rng: np.random.Generator, trials: int, power_trials: int, pool_size: int) -> dict:
    started = time.perf_counter()
    images = tiny_sd_images(pool_size)
    gen_s = time.perf_counter() - started
    pool = summarise(images)
    out: dict = {"pool": pool_size, "generation_s": round(gen_s, 1), "null": [], "power": []}
    for n in (16, 32, 64):
        hits, t0 = 0, time.perf_counter()
        for _ in range(trials):
            idx = rng.permutation(pool_size)
            hits += not compare_summaries(_subset(pool, idx[:n]), _subset(pool, idx[n:2 * n]), alpha=ALPHA,
                                          seed=int(rng.integers(1 << 30))).passed
        out["null"].append({"n": n, **_rate(hits, trials), "s_per_comparison": round((time.perf_counter() - t0) / trials, 4)})
    texted = summarise([_with_text(im, i) for i, im in enumerate(images)])
    degraded = {name: summarise(make(images, rng)) for name, make in DEGRADATIONS.items()}
    for name in list(DEGRADATIONS) + ["text removed"]:
        for n in SIZES:
            hits = 0
            for _ in range(power_trials):
                idx = rng.permutation(pool_size)
                if name == "text removed":  # baseline: signs with text; new: the same model's images without
                    base, new = _subset(texted, idx[:n]), _subset(pool, idx[n:2 * n])
                else:
                    base, new = _subset(pool, idx[:n]), _subset(degraded[name], idx[n:2 * n])
                hits += not compare_summaries(new, base, alpha=ALPHA, seed=int(rng.integers(1 << 30))).passed
            out["power"].append({"degradation": name, "n": n, **_rate(hits, power_trials)})
    out["summary_bytes_64"] = len(_subset(pool, np.arange(64)).to_json().encode())
    return out


def _print(title: str, rows: list[dict], keys: list[str]) -> None:
    print(f"\n{title}")
    for r in rows:
        print("  " + "  ".join(f"{k}={r[k]}" for k in keys) + f"  rate={r['rate']:.3f} [{r['low']:.3f}, {r['high']:.3f}] of {r['trials']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=1000, help="simulated comparisons per null setting (>= 1000 for the report)")
    parser.add_argument("--continuous-trials", type=int, default=4000,
                        help="simulated comparisons per continuous null setting (the exact tests sit near alpha: more trials)")
    parser.add_argument("--power-trials", type=int, default=400, help="simulated comparisons per power setting")
    parser.add_argument("--pool", type=int, default=256, help="tiny-sd images in the distribution pool (>= 128)")
    parser.add_argument("--skip-images", action="store_true", help="only the paired simulations (no tiny-sd)")
    parser.add_argument("--json", type=Path, help="write all figures here")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    rng = np.random.default_rng(args.seed)
    warnings.simplefilter("ignore")
    figures = {"alpha": ALPHA, "binary_null": binary_null(rng, args.trials), "continuous_null": continuous_null(rng, args.continuous_trials),
               "binary_power": binary_power(rng, args.power_trials), "continuous_power": continuous_power(rng, args.power_trials)}
    _print("assert_no_regression, pass/fail, no change: false-failure rate", figures["binary_null"],
           ["pass_rate", "agreement", "n", "max_drop"])
    _print("assert_no_regression, continuous, no change (max_drop=0): false-failure rate", figures["continuous_null"], ["values", "test", "n"])
    _print("assert_no_regression, pass rate 0.9 -> 0.8: power (max_drop 0.05)", figures["binary_power"], ["agreement", "n"])
    _print("assert_no_regression, 0.5 SD worse: power (max_drop 0)", figures["continuous_power"], ["test", "n"])
    if not args.skip_images:
        dist = distribution_rates(rng, args.trials, args.power_trials, args.pool)
        figures["distribution"] = dist
        _print(f"distribution_snapshot, tiny-sd, other seeds (pool {dist['pool']}): false-failure rate", dist["null"], ["n", "s_per_comparison"])
        _print("distribution_snapshot, degraded sets: power", dist["power"], ["degradation", "n"])
        print(f"\nsummary JSON for 64 images: {dist['summary_bytes_64']} bytes")
    worst = max(r["rate"] for key in ("binary_null", "continuous_null") for r in figures[key])
    if "distribution" in figures:
        worst = max([worst] + [r["rate"] for r in figures["distribution"]["null"]])
    print(f"\nworst false-failure rate over every null setting: {worst:.3f} (target <= {ALPHA})")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1))


if __name__ == "__main__":
    main()

"""Overhead of the plugin, as ratios measured in one run.

(a) N generations through ``genimg.generate`` (cache off) against the same N through the bare
    pipeline call; target: at most 2% overhead with the tiny model at 64 px on CPU.
(b) a warm run of the example suite (generation and evaluator caches filled) against a cold one;
    target: at least 10x faster. Also a replay-only run (--genimg-record-mode=none) and a breakdown
    of what the warm run still spends (start-up and collection, tests that must run the live model,
    the rest), in wall time and in CPU time (the CPU figure is steadier on a shared machine).
(c) an evaluator-cache hit per image (hash the pixels, read the cached raw output, recompute the
    verdict) against running the engine: OCR and tiled pose on 512 px images; target: <= 2 ms.

    python benchmarks/overhead.py [--n 40] [--suite example_suite] [--skip-suite] [--skip-evalcache]
"""
from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def generation_overhead(n: int, model: str, rounds: int) -> None:
    import torch

    from pytest_genimg.generation import Generator
    from pytest_genimg.models.sources import load_model
    from pytest_genimg.settings import Settings

    loaded = load_model(model, device="cpu", dtype="float32")
    generator = Generator(loaded, Settings(), cache=None)
    pipe = loaded.obj
    d = loaded.defaults
    width, height = d["size"]

    def bare(seed: int) -> None:
        pipe(prompt=["a red cube on a table"], num_inference_steps=d["steps"], guidance_scale=d["guidance"],
             height=height, width=width, generator=[torch.Generator("cpu").manual_seed(seed)], output_type="pil",
             **d.get("extra", {}))

    def plugin(seed: int) -> None:
        generator.generate("a red cube on a table", seed=seed, cache=False)

    bare(0), plugin(0)  # warm both paths
    per_round = []
    for r in range(rounds):  # interleaved rounds, so drift in machine load hits both sides alike
        timings = {}
        for name, fn in (("bare", bare), ("plugin", plugin)) if r % 2 == 0 else (("plugin", plugin), ("bare", bare)):
            start = time.perf_counter()
            for seed in range(n):
                fn(seed)
            timings[name] = (time.perf_counter() - start) / n
        per_round.append(timings)
    bare_s = statistics.median(t["bare"] for t in per_round)
    plugin_s = statistics.median(t["plugin"] for t in per_round)
    print(f"(a) {model} {width}x{height}, {d['steps']} steps, CPU, {n} images x {rounds} interleaved rounds")
    print(f"    bare pipeline   {bare_s * 1000:8.2f} ms/image (median of rounds)")
    print(f"    genimg.generate {plugin_s * 1000:8.2f} ms/image")
    print(f"    overhead ratio  {plugin_s / bare_s:8.4f}  (target <= 1.02)")


def _pytest(cmd: list[str], label: str) -> tuple[float, float]:
    """Run one pytest process; (wall seconds, CPU seconds of the process and its children)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    tail = proc.stdout.strip().splitlines()[-1:] or ["(no output)"]
    print(f"    {label:<7} {wall:7.1f} s wall  {cpu:7.1f} s CPU  exit {proc.returncode}  {tail[0]}")
    return wall, cpu


def _cases(junit: Path) -> dict[str, tuple[float, str]]:
    """test id -> (seconds, outcome) from a JUnit file."""
    out = {}
    for case in ET.parse(junit).getroot().iter("testcase"):
        skipped = [c for c in case if c.tag == "skipped"]
        outcome = ("skipped: " + (skipped[0].get("message") or "")) if skipped else "ran"
        out[f"{case.get('classname')}::{case.get('name')}"] = (float(case.get("time") or 0.0), outcome)
    return out


def suite_cold_vs_warm(suite: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        base = [sys.executable, "-m", "pytest", suite, "-q", "-p", "no:cacheprovider", "-p", "no:randomly",
                f"--genimg-cache-dir={tmp}/cache", f"--genimg-results-dir={tmp}/results"]
        cold = _pytest(base + ["--genimg-record-mode=new", f"--junitxml={tmp}/cold.xml"], "cold")
        warm = _pytest(base + [f"--junitxml={tmp}/warm.xml"], "warm")
        replay = _pytest(base + ["--genimg-record-mode=none", f"--junitxml={tmp}/replay.xml"], "replay")
        imports = _pytest([sys.executable, "-c", "import torch, diffusers, pytest_genimg.plugin"], "imports")
        warm_cases, replay_cases = _cases(Path(tmp, "warm.xml")), _cases(Path(tmp, "replay.xml"))
    print(f"(b) {suite}: cold / warm = {cold[0] / warm[0]:.1f}x wall, {cold[1] / warm[1]:.1f}x CPU  (target >= 10x)")
    print(f"    cold / replay-only = {cold[0] / replay[0]:.1f}x wall, {cold[1] / replay[1]:.1f}x CPU")
    live = {t for t, (_, outcome) in replay_cases.items() if "needs the live model" in outcome}
    in_tests = sum(s for s, _ in warm_cases.values())
    live_s = sum(warm_cases[t][0] for t in live if t in warm_cases)
    print(f"    warm run breakdown ({warm[0]:.1f} s wall):")
    print(f"      start-up, imports, collection, teardown  {warm[0] - in_tests:6.1f} s"
          f"  (importing torch + diffusers + the plugin alone: {imports[0]:.1f} s)")
    print(f"      {len(live):2d} tests that must run the live model   {live_s:6.1f} s"
          f"  (cache=False, timed or reproducibility checks, the pipeline object: they load the model)")
    print(f"      {len(warm_cases) - len(live):2d} other tests                        {in_tests - live_s:6.1f} s")
    slowest = sorted(warm_cases.items(), key=lambda kv: -kv[1][0])[:5]
    for test, (seconds, _) in slowest:
        print(f"        {seconds:5.2f} s  {test}{'  [live model]' if test in live else ''}")


def evalcache_hit_cost(n: int) -> None:
    from PIL import Image, ImageDraw, ImageFont
    from skimage import data

    from pytest_genimg import evalcache
    from pytest_genimg.checks.anatomy import measure_anatomy
    from pytest_genimg.checks.text import measure_text_legible

    words = ["EXIT", "OPEN 24/7", "SALE", "NO ENTRY", "HOTEL", "CAFE", "STOP", "PARKING"]

    def sign(i: int) -> Image.Image:
        image = Image.new("RGB", (512, 512), (250 - i % 7, 250, 245))
        ImageDraw.Draw(image).text((40, 220), words[i % len(words)], font=ImageFont.load_default(size=64), fill=(20, 20, 20))
        return image

    astronaut = Image.fromarray(data.astronaut())
    people = [astronaut.rotate(0, translate=(i % 5, i // 5)) for i in range(n)]
    signs = [sign(i) for i in range(n)]
    checks = {
        "OCR (assert_text_legible)": (signs, lambda im, i: measure_text_legible(im, words[i % len(words)], max_cer=0.2)),
        "tiled pose (assert_no_extra_limbs)": (people, lambda im, i: measure_anatomy(im)),
    }
    print(f"(c) evaluator cache, {n} images of 512 px per engine (per image, median)")
    with tempfile.TemporaryDirectory() as tmp:
        cache = evalcache.EvalCache(Path(tmp))
        for name, (images, check) in checks.items():
            with evalcache.use(None):
                check(images[0], 0)  # start the engine outside the timing
                engine = [_timed(lambda: check(im, i)) for i, im in enumerate(images)]
            with evalcache.use(cache):
                for i, im in enumerate(images):
                    check(im, i)  # fill
                hit = [_timed(lambda: check(im, i)) for i, im in enumerate(images)]
            digest = [_timed(lambda: evalcache.image_digest(im)) for im in images]
            e, h = statistics.median(engine), statistics.median(hit)
            print(f"    {name:<36} engine {e * 1e3:7.1f} ms   cache hit {h * 1e3:5.2f} ms"
                  f"  (of which pixel hash {statistics.median(digest) * 1e3:.2f} ms)   {e / h:6.0f}x  (target <= 2 ms)")


def _timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=40)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--model", default="tiny-sd")
    parser.add_argument("--suite", action="append", help="suite path(s) for (b); default: example_suite")
    parser.add_argument("--skip-suite", action="store_true")
    parser.add_argument("--skip-evalcache", action="store_true")
    parser.add_argument("--skip-generation", action="store_true")
    parser.add_argument("--eval-images", type=int, default=16)
    args = parser.parse_args()
    if not args.skip_generation:
        generation_overhead(args.n, args.model, args.rounds)
    if not args.skip_suite:
        for suite in args.suite or ["example_suite"]:
            suite_cold_vs_warm(suite)
    if not args.skip_evalcache:
        evalcache_hit_cost(args.eval_images)
    print("(d) prefetch with overlapped evaluation on a GPU: see benchmarks/gpu_checks.py; not run without a GPU")


if __name__ == "__main__":
    main()

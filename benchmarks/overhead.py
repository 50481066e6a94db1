"""Overhead of the plugin, as ratios measured in one run.

(a) N generations through ``genimg.generate`` (cache off) against the same N through the bare
    pipeline call; target: at most 2% overhead with the tiny model at 64 px on CPU.
(b) a warm-cache run of the example suite against a cold one; target: at least 10x faster.

    python benchmarks/overhead.py [--n 40] [--suite example_suite] [--skip-suite]
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
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


def suite_cold_vs_warm(suite: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        cmd = [sys.executable, "-m", "pytest", suite, "-q", "-p", "no:cacheprovider",
               f"--genimg-cache-dir={tmp}/cache", f"--genimg-results-dir={tmp}/results"]
        times = []
        for label in ("cold", "warm"):
            start = time.perf_counter()
            proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
            times.append(time.perf_counter() - start)
            tail = proc.stdout.strip().splitlines()[-1:] or ["(no output)"]
            print(f"    {label}: {times[-1]:7.1f} s  exit {proc.returncode}  {tail[0]}")
    print(f"(b) {suite}: cold / warm = {times[0] / times[1]:.1f}x  (target >= 10x)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=40)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--model", default="tiny-sd")
    parser.add_argument("--suite", action="append", help="suite path(s) for (b); default: example_suite")
    parser.add_argument("--skip-suite", action="store_true")
    args = parser.parse_args()
    generation_overhead(args.n, args.model, args.rounds)
    if not args.skip_suite:
        for suite in args.suite or ["example_suite"]:
            suite_cold_vs_warm(suite)


if __name__ == "__main__":
    main()

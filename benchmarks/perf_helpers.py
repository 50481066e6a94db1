"""Overhead of the performance helpers: what measure_latency adds inside each timed sample and per
call, against a bare perf_counter loop, and what the RSS sampler thread costs the code it measures.

Run: python benchmarks/perf_helpers.py   (figures are ratios or reported times, never assertions)
"""
from __future__ import annotations

import statistics
import time

import numpy as np

from pytest_genimg.checks._perf import resolve, time_calls
from pytest_genimg.checks.performance import measure_latency, measure_memory


class NoSyncCuda:
    """A CUDA stand-in whose synchronize() does nothing: isolates the helper's own sync dispatch."""

    def synchronize(self, device=None):
        return None


def noop() -> None:
    return None


def bare_loop(fn, n: int) -> tuple[float, float]:
    """(wall seconds, median sample) of the loop anyone would write by hand."""
    samples = []
    start = time.perf_counter()
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - t0)
    return time.perf_counter() - start, statistics.median(samples)


def helper(n: int, **kwargs) -> tuple[float, float]:
    start = time.perf_counter()
    result = measure_latency(noop, warmup=0, repeats=n, **kwargs)
    return time.perf_counter() - start, result.metrics["latency_median_s"]


def best(f, rounds: int = 7) -> tuple[float, float]:
    runs = [f() for _ in range(rounds)]
    return min(r[0] for r in runs), min(r[1] for r in runs)


def _timed(f) -> float:
    t0 = time.perf_counter()
    f()
    return time.perf_counter() - t0


def python_work() -> None:
    total = 0
    for i in range(400_000):
        total += i * i


_A = np.random.default_rng(0).random((600, 600))


def numpy_work() -> None:  # releases the GIL, like torch kernels
    for _ in range(6):
        _A @ _A


def loop_only(n: int, cuda) -> tuple[float, float]:
    """The helper's timing loop alone (no statistics), on the real clock."""
    target = resolve("auto" if cuda is not None else "cpu", cuda)
    start = time.perf_counter()
    samples, _ = time_calls(noop, n, target, time.perf_counter)
    return time.perf_counter() - start, statistics.median(samples)


def main() -> None:
    n = 20_000
    bare_wall, bare_med = best(lambda: bare_loop(noop, n))
    print(f"timing loop on a no-op callable, {n} calls, best of 7 rounds")
    print(f"{'loop':<40}{'sample median ns':>17}{'ns per call':>13}{'ratio':>8}{'ns added':>10}")
    print(f"{'bare perf_counter loop':<40}{bare_med * 1e9:>17.0f}{bare_wall / n * 1e9:>13.0f}{1:>8.2f}{0:>10.0f}")
    for name, cuda in (("measure_latency's loop, cpu", None), ("measure_latency's loop, CUDA sync no-op", NoSyncCuda())):
        wall, med = best(lambda: loop_only(n, cuda))
        print(f"{name:<40}{med * 1e9:>17.0f}{wall / n * 1e9:>13.0f}{wall / bare_wall:>8.2f}{(wall - bare_wall) / n * 1e9:>10.0f}")
    print("(a real cuda.synchronize adds about 31 us per call on an H100: DESIGN.md)")
    for repeats in (5, 100, n):
        fixed = best(lambda: helper(repeats, device="cpu"), rounds=20 if repeats < n else 3)[0]
        loop = best(lambda: loop_only(repeats, None), rounds=20 if repeats < n else 3)[0]
        print(f"statistics + message + recording for repeats={repeats}: {(fixed - loop) * 1e6:.0f} us per measure_latency call")
    print()
    mem_noop = min(_timed(lambda: measure_memory(noop, device="cpu")) for _ in range(20))
    print(f"measure_memory(no-op) on cpu (thread start/stop, RSS reads): {mem_noop * 1e3:.2f} ms per call (best of 20)")
    for name, work in (("numpy matmul (releases the GIL)", numpy_work), ("pure-Python loop (holds the GIL)", python_work)):
        plain = min(_timed(work) for _ in range(9))
        for interval in (0.005, 0.001):
            sampled = min(_timed(lambda: measure_memory(work, device="cpu", interval_s=interval)) for _ in range(9))
            print(f"RSS sampled every {interval * 1e3:g} ms, {name}: {plain * 1e3:.1f} -> {sampled * 1e3:.1f} ms (x{sampled / plain:.3f}, best of 9)")


if __name__ == "__main__":
    main()

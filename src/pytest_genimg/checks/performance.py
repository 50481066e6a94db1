"""Performance budgets: latency, peak memory, energy and throughput of a callable, as checks.

Each ``measure_*`` returns a :class:`CheckResult` whose ``.metrics`` use stable names (recorded with
``record_metric`` for metric baselines); each ``assert_*`` raises when the budget is exceeded. Timed
calls run inside :func:`no_generation_cache`, so a cache hit cannot fake a fast generation.
"""
from __future__ import annotations

import time
from typing import Any, Callable

from ..cachectl import no_generation_cache
from ..errors import usage
from ._base import CheckResult, raise_if_failed, require_choice, require_int, require_positive
from ._perf import (
    count_images,
    latency_result,
    measure_rss_peak,
    nvml_open,
    record,
    require_fn,
    resolve,
    rss_reader,
    time_calls,
)

__all__ = [
    "assert_energy_under",
    "assert_latency_under",
    "assert_memory_under",
    "assert_throughput_over",
    "latency_budget",
    "measure_energy",
    "measure_latency",
    "measure_memory",
    "measure_throughput",
    "no_generation_cache",
]

STATISTICS = ("median", "p90", "max", "mean")
_GIB = float(2**30)


def measure_latency(
    fn: Callable[[], Any],
    seconds: float | None = None,
    *,
    warmup: int = 1,
    repeats: int = 5,
    statistic: str = "median",
    device: Any = "auto",
    label: str | None = None,
    _clock: Callable[[], float] = time.perf_counter,
    _cuda: Any | None = None,
) -> CheckResult:
    """Time ``repeats`` calls of ``fn`` after ``warmup`` untimed ones; compare ``statistic`` with ``seconds``.

    Pass ``device=genimg.device``: "auto" syncs the current CUDA device whenever torch is imported
    and sees one, even if the model runs on the CPU.

    ``label`` prefixes the recorded metric names (``label.latency_p90_s``) when a test times several things.
    """
    require_fn(fn)
    if seconds is not None:
        require_positive("seconds", seconds)
    require_int("warmup", warmup, minimum=0)
    require_int("repeats", repeats, minimum=1)
    require_choice("statistic", statistic, STATISTICS)
    target = resolve(device, _cuda)
    with no_generation_cache():
        warmups, _ = time_calls(fn, warmup, target, _clock)
        samples, _ = time_calls(fn, repeats, target, _clock)
    return record(latency_result(samples, seconds, statistic, warmups, target), label)


def assert_latency_under(
    fn: Callable[[], Any],
    seconds: float,
    *,
    warmup: int = 1,
    repeats: int = 5,
    statistic: str = "median",
    device: Any = "auto",
    label: str | None = None,
    _clock: Callable[[], float] = time.perf_counter,
    _cuda: Any | None = None,
) -> CheckResult:
    """Fail when the ``statistic`` ("median", "p90", "max", "mean") of ``fn``'s latency exceeds ``seconds``."""
    __tracebackhide__ = True
    if seconds is None:
        raise usage("seconds", "a positive number (the latency budget)", seconds)
    return raise_if_failed(
        measure_latency(
            fn, seconds, warmup=warmup, repeats=repeats, statistic=statistic, device=device, label=label, _clock=_clock, _cuda=_cuda
        )
    )


class latency_budget:  # noqa: N801 - used as a context manager, named like one
    """``with latency_budget(2.0) as t: ...`` fails when the block takes longer than ``seconds``.

    The block runs once, with the generation cache bypassed; ``t.elapsed`` and ``t.result`` hold
    the measurement afterwards. An exception inside the block propagates unchanged.
    """

    def __init__(
        self,
        seconds: float,
        *,
        device: Any = "auto",
        label: str | None = None,
        _clock: Callable[[], float] = time.perf_counter,
        _cuda: Any | None = None,
    ) -> None:
        self.seconds = require_positive("seconds", seconds)
        self.label = label
        self.elapsed: float | None = None
        self.result: CheckResult | None = None
        self._target = resolve(device, _cuda)
        self._clock = _clock
        self._bypass = no_generation_cache()
        self._start = 0.0

    def __enter__(self) -> latency_budget:
        self._bypass.__enter__()
        self._target.sync()
        self._start = self._clock()
        return self

    def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> bool:
        __tracebackhide__ = True
        try:
            if exc_type is None:
                self._target.sync()
            self.elapsed = self._clock() - self._start
        finally:
            self._bypass.__exit__(exc_type, exc, tb)
        if exc_type is not None:
            return False
        self.result = record(latency_result([self.elapsed], self.seconds, "max", [], self._target), self.label)
        raise_if_failed(self.result)
        return False


def measure_memory(
    fn: Callable[[], Any],
    gib: float | None = None,
    *,
    of: str = "peak",
    warmup: int = 1,
    device: Any = "auto",
    interval_s: float = 0.005,
    label: str | None = None,
    _cuda: Any | None = None,
    _rss: Callable[[], int] | None = None,
) -> CheckResult:
    """Peak memory of one call of ``fn`` (after ``warmup`` unmeasured calls, so lazy weight loading
    and first-call allocations do not count): CUDA ``max_memory_allocated`` on a GPU, sampled RSS on CPU.

    ``of="peak"`` compares the peak with ``gib``; ``of="increase"`` compares peak minus the level before
    the call (portable across runners whose baseline differs).
    """
    require_fn(fn)
    if gib is not None:
        require_positive("gib", gib)
    require_choice("of", of, ("peak", "increase"))
    require_positive("interval_s", interval_s)
    require_int("warmup", warmup, minimum=0)
    target = resolve(device, _cuda)
    notes: list[str] = []
    with no_generation_cache():
        for _ in range(warmup):
            fn()
    if target.cuda is not None:
        cuda, idx = target.cuda, target.index
        target.sync()
        cuda.reset_peak_memory_stats(idx)
        baseline = float(cuda.memory_allocated(idx))
        with no_generation_cache():
            fn()
        target.sync()
        peak = float(cuda.max_memory_allocated(idx))
        kind = f"CUDA max_memory_allocated on {target.name}"
        notes.append("counts tensors only: the CUDA context and the allocator's cache come on top")
        extra = {"peak_memory_reserved_gib": float(cuda.max_memory_reserved(idx)) / _GIB} if hasattr(cuda, "max_memory_reserved") else {}
    else:
        reader, how = (_rss, "injected reader") if _rss is not None else rss_reader()
        with no_generation_cache():
            baseline, peak, exact = measure_rss_peak(fn, reader, interval_s, use_high_water=_rss is None)
        kind = f"process resident memory (RSS, {how}) on cpu"
        notes.append(
            f"RSS sampled every {interval_s * 1000:.3g} ms in a background thread"
            + ("; the peak is exact (the process's high-water mark rose during the call)" if exact else "; spikes shorter than that can be missed")
        )
        extra = {}
    metrics: dict[str, Any] = {
        "peak_memory_gib": peak / _GIB,
        "memory_increase_gib": max(0.0, peak - baseline) / _GIB,
        "memory_baseline_gib": baseline / _GIB,
        **extra,
    }
    value = metrics["peak_memory_gib" if of == "peak" else "memory_increase_gib"]
    passed = gib is None or value <= gib
    what = "peak" if of == "peak" else "increase over baseline"
    budget = "no budget" if gib is None else f"{'<=' if passed else '>'} budget {gib:.4g} GiB"
    headline = f"{what} {value:.4g} GiB {budget}; measured {kind} (baseline {metrics['memory_baseline_gib']:.4g} GiB, peak {metrics['peak_memory_gib']:.4g} GiB)"
    thresholds = {"gib": gib, "of": of} if gib is not None else {"of": of}
    return record(CheckResult("memory", passed, metrics=metrics, thresholds=thresholds, notes=notes, headline=headline), label)


def assert_memory_under(
    fn: Callable[[], Any],
    gib: float,
    *,
    of: str = "peak",
    warmup: int = 1,
    device: Any = "auto",
    interval_s: float = 0.005,
    label: str | None = None,
    _cuda: Any | None = None,
    _rss: Callable[[], int] | None = None,
) -> CheckResult:
    """Fail when one call of ``fn`` needs more than ``gib`` GiB (peak, or increase with ``of="increase"``)."""
    __tracebackhide__ = True
    if gib is None:
        raise usage("gib", "a positive number (the memory budget in GiB)", gib)
    return raise_if_failed(measure_memory(fn, gib, of=of, warmup=warmup, device=device, interval_s=interval_s, label=label, _cuda=_cuda, _rss=_rss))


def _energy_unavailable(reason: str, joules: float | None) -> CheckResult:
    thresholds = {"joules": joules} if joules is not None else {}
    return CheckResult("energy", True, metrics={}, thresholds=thresholds, notes=[reason], headline=f"not measured: {reason}")


def measure_energy(
    fn: Callable[[], Any],
    joules: float | None = None,
    *,
    repeats: int = 1,
    warmup: int = 1,
    device: Any = "auto",
    label: str | None = None,
    _clock: Callable[[], float] = time.perf_counter,
    _cuda: Any | None = None,
    _nvml: Any | None = None,
) -> CheckResult:
    """GPU energy per call of ``fn`` (mean over ``repeats``, after ``warmup`` unmeasured calls) from
    NVML's total-energy counter.

    Where the counter is unavailable (CPU, no nvidia-ml-py, pre-Volta GPU) the result has no metrics
    and says why in its headline; :func:`assert_energy_under` skips the test instead.
    """
    require_fn(fn)
    if joules is not None:
        require_positive("joules", joules)
    require_int("repeats", repeats, minimum=1)
    require_int("warmup", warmup, minimum=0)
    target = resolve(device, _cuda)
    nvml, handle, reason = nvml_open(target, _nvml)
    if reason is not None:
        return record(_energy_unavailable(reason, joules), label)
    try:
        with no_generation_cache():
            for _ in range(warmup):  # lazy weight loading must not be billed to the first call
                fn()
        target.sync()
        start_mj, start_s = nvml.nvmlDeviceGetTotalEnergyConsumption(handle), _clock()
        with no_generation_cache():
            for _ in range(repeats):
                fn()
        target.sync()
        end_mj, end_s = nvml.nvmlDeviceGetTotalEnergyConsumption(handle), _clock()
    finally:
        nvml.nvmlShutdown()
    total_j = (end_mj - start_mj) / 1000.0  # the counter is in millijoules
    elapsed = end_s - start_s
    per_call = total_j / repeats
    metrics = {"energy_j": per_call, "energy_total_j": total_j, "energy_power_w": total_j / elapsed if elapsed > 0 else 0.0, "energy_repeats": repeats}
    passed = joules is None or per_call <= joules
    budget = "no budget" if joules is None else f"{'<=' if passed else '>'} budget {joules:.4g} J"
    notes = ["NVML counts the whole GPU: other processes on it add to the figure"]
    if end_mj == start_mj:
        notes.append("the counter did not advance: the calls were shorter than its update period; raise repeats")
    headline = f"{per_call:.4g} J per call {budget} ({repeats} call(s), {total_j:.4g} J in {elapsed:.4g} s on {target.name})"
    thresholds = {"joules": joules} if joules is not None else {}
    return record(CheckResult("energy", passed, metrics=metrics, thresholds=thresholds, notes=notes, headline=headline), label)


def assert_energy_under(
    fn: Callable[[], Any],
    joules: float,
    *,
    repeats: int = 1,
    warmup: int = 1,
    device: Any = "auto",
    label: str | None = None,
    _clock: Callable[[], float] = time.perf_counter,
    _cuda: Any | None = None,
    _nvml: Any | None = None,
) -> CheckResult:
    """Fail when one call of ``fn`` uses more than ``joules`` of GPU energy; skip where it cannot be read."""
    __tracebackhide__ = True
    if joules is None:
        raise usage("joules", "a positive number (the energy budget per call)", joules)
    result = measure_energy(fn, joules, repeats=repeats, warmup=warmup, device=device, label=label, _clock=_clock, _cuda=_cuda, _nvml=_nvml)
    if "energy_j" not in result.metrics:
        import pytest

        pytest.skip(result.headline)
    return raise_if_failed(result)


def measure_throughput(
    fn: Callable[[], Any],
    images_per_s: float | None = None,
    *,
    batch: int | None = None,
    warmup: int = 1,
    repeats: int = 3,
    device: Any = "auto",
    label: str | None = None,
    _clock: Callable[[], float] = time.perf_counter,
    _cuda: Any | None = None,
) -> CheckResult:
    """Images per second over ``repeats`` calls of ``fn``, each producing ``batch`` images.

    With ``batch=None`` the count comes from what ``fn`` returns: a list's length, a 4-D array's first
    dimension, otherwise 1.
    """
    require_fn(fn)
    if images_per_s is not None:
        require_positive("images_per_s", images_per_s)
    if batch is not None:
        require_int("batch", batch, minimum=1)
    require_int("warmup", warmup, minimum=0)
    require_int("repeats", repeats, minimum=1)
    target = resolve(device, _cuda)
    with no_generation_cache():
        warmups, _ = time_calls(fn, warmup, target, _clock)
        samples, out = time_calls(fn, repeats, target, _clock)
    notes = []
    if batch is None:
        batch = count_images(out)
        notes.append(f"batch of {batch} inferred from what fn returned; pass batch= to state it")
    total = sum(samples)
    ips = batch * len(samples) / total if total > 0 else float("inf")
    result = latency_result(samples, None, "median", warmups, target, check="throughput")
    result.metrics = {"throughput_ips": ips, "throughput_batch": batch, **result.metrics}
    result.passed = images_per_s is None or ips >= images_per_s
    budget = "no budget" if images_per_s is None else f"{'>=' if result.passed else '<'} required {images_per_s:.4g}"
    result.headline = f"{ips:.4g} images/s {budget} ({len(samples)} call(s) of {batch} image(s) in {total:.4g} s, {target.name})"
    result.thresholds = {"images_per_s": images_per_s} if images_per_s is not None else {}
    result.notes = notes + result.notes
    return record(result, label)


def assert_throughput_over(
    fn: Callable[[], Any],
    images_per_s: float,
    *,
    batch: int | None = None,
    warmup: int = 1,
    repeats: int = 3,
    device: Any = "auto",
    label: str | None = None,
    _clock: Callable[[], float] = time.perf_counter,
    _cuda: Any | None = None,
) -> CheckResult:
    """Fail when ``fn`` produces fewer than ``images_per_s`` images per second."""
    __tracebackhide__ = True
    if images_per_s is None:
        raise usage("images_per_s", "a positive number (the required throughput)", images_per_s)
    return raise_if_failed(
        measure_throughput(
            fn, images_per_s, batch=batch, warmup=warmup, repeats=repeats, device=device, label=label, _clock=_clock, _cuda=_cuda
        )
    )


"""Low-level pieces of the performance checks: device resolution, timing, RSS sampling, NVML energy."""
from __future__ import annotations

import os
import sys
import threading
from dataclasses import dataclass
from typing import Any, Callable

from ..errors import usage
from ..recording import record_metric
from ..stats import SampleSummary
from ._base import CheckResult, finish

CV_WARN = 0.15
FN_HINT = "a callable taking no arguments, e.g. lambda: genimg.generate('a cat', seed=0, cache=False)"


@dataclass
class Target:
    """Where the work runs: its name and, on a GPU, the torch.cuda-like module and device index."""

    name: str
    cuda: Any | None = None
    index: int | None = None

    def sync(self) -> None:
        if self.cuda is not None:
            self.cuda.synchronize(self.index)


def resolve(device: Any, cuda: Any | None) -> Target:
    """'auto' -> the current CUDA device if torch is already imported and sees one, else CPU.

    'auto' never imports torch itself: a test timing a CPU-only callable should not pay for it.
    """
    text = str(device) if type(device).__module__.startswith("torch") else device
    if not isinstance(text, str) or not (text in ("auto", "cpu", "cuda") or text.startswith("cuda:")):
        raise usage("device", "'auto', 'cpu', 'cuda' or 'cuda:N' (e.g. genimg.device)", device)
    if text == "cpu":
        return Target("cpu")
    index: int | None = None
    if text.startswith("cuda:"):
        if not text[5:].isdigit():
            raise usage("device", "'cuda:N' with an integer N", device)
        index = int(text[5:])
    if cuda is None:
        torch = sys.modules.get("torch")
        if torch is None and text != "auto":
            import torch  # an explicit CUDA request may import it
        if torch is None or not torch.cuda.is_available():
            if text == "auto":
                return Target("cpu")
            raise usage("device", "a usable CUDA device (torch.cuda.is_available() is False here)", device)
        cuda = torch.cuda
        if index is None:
            index = int(cuda.current_device())
    index = index or 0
    return Target(f"cuda:{index}", cuda, index)


def require_fn(fn: Any) -> None:
    if not callable(fn):
        raise usage("fn", FN_HINT, fn)


def record(result: CheckResult, label: str | None) -> CheckResult:
    """Record every numeric metric under its stable name (prefixed ``label.``), then the result."""
    prefix = f"{label}." if label else ""
    for key, value in result.metrics.items():
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            record_metric(prefix + key, value)
    return finish(result)


def time_calls(fn: Callable[[], Any], n: int, target: Target, clock: Callable[[], float]) -> tuple[list[float], Any]:
    """Time ``n`` calls, synchronising before (queued work is not ours) and after (async work is)."""
    samples: list[float] = []
    out: Any = None
    for _ in range(n):
        target.sync()
        start = clock()
        out = fn()
        target.sync()
        samples.append(clock() - start)
    return samples, out


MAX_SAMPLES_SHOWN = 100


def _fmt_s(values: list[float]) -> str:
    shown = ", ".join(f"{v:.4g}" for v in values[:MAX_SAMPLES_SHOWN])
    return shown + (f", ... {len(values) - MAX_SAMPLES_SHOWN} more" if len(values) > MAX_SAMPLES_SHOWN else "")


def latency_result(
    samples: list[float], seconds: float | None, statistic: str, warmups: list[float], target: Target, check: str = "latency"
) -> CheckResult:
    s = SampleSummary(tuple(samples))
    value = s.statistic(statistic)
    metrics: dict[str, Any] = {
        "latency_min_s": s.min,
        "latency_median_s": s.median,
        "latency_p90_s": s.p90,
        "latency_max_s": s.max,
        "latency_mean_s": s.mean,
        "latency_cv": s.cv,
        "latency_repeats": len(samples),
    }
    if warmups:
        metrics["latency_first_call_s"] = warmups[0]
    passed = seconds is None or value <= seconds
    where = f"{target.name}, CUDA synchronised around each call" if target.cuda is not None else target.name
    runs = f"{len(samples)} timed call(s) after {len(warmups)} warm-up, {where}"
    if seconds is None:
        headline = f"{statistic} latency {value:.4g} s, no budget ({runs})"
    else:
        headline = f"{statistic} latency {value:.4g} s {'<=' if passed else '>'} budget {seconds:.4g} s ({runs})"
    notes = [
        f"samples (s): {_fmt_s(samples)}",
        f"min {s.min:.4g} s, median {s.median:.4g} s, p90 {s.p90:.4g} s, max {s.max:.4g} s, "
        f"coefficient of variation {s.cv:.1%}",
    ]
    if warmups:
        notes.append(f"warm-up (s, excluded): {_fmt_s(warmups)}")
    if len(samples) > 1 and s.cv > CV_WARN:
        notes.append(f"samples vary by more than {CV_WARN:.0%}: the verdict may flip between runs; raise repeats or quiet the machine")
    if statistic == "p90" and len(samples) < 10:
        notes.append(f"p90 of {len(samples)} samples interpolates between the slowest ones; use repeats >= 10 for a stable p90")
    thresholds = {"seconds": seconds, "statistic": statistic} if seconds is not None else {"statistic": statistic}
    return CheckResult(check, passed, metrics=metrics, thresholds=thresholds, notes=notes, headline=headline)


def count_images(out: Any) -> int:
    if isinstance(out, (list, tuple)):
        return max(1, len(out))
    shape = getattr(out, "shape", None)
    if shape is not None and len(shape) == 4:
        return max(1, int(shape[0]))
    return 1


# --- resident memory on CPU -------------------------------------------------------------------


def rss_reader() -> tuple[Callable[[], int] | None, str]:
    """A function returning the current RSS in bytes, and how it reads it (None where none works)."""
    try:
        import psutil

        proc = psutil.Process()
        return (lambda: int(proc.memory_info().rss)), "psutil"
    except ImportError:
        pass
    if os.path.exists("/proc/self/statm"):
        page = os.sysconf("SC_PAGE_SIZE")

        def statm() -> int:
            with open("/proc/self/statm", "rb") as fh:
                return int(fh.read().split()[1]) * page

        return statm, "/proc/self/statm"
    return None, "ru_maxrss high-water mark only"


def high_water() -> int | None:
    """The process's lifetime peak RSS in bytes (ru_maxrss), or None where unavailable."""
    try:
        import resource
    except ImportError:  # Windows
        return None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return int(peak) if sys.platform == "darwin" else int(peak) * 1024  # bytes on macOS, KiB elsewhere


def measure_rss_peak(
    fn: Callable[[], Any], reader: Callable[[], int] | None, interval_s: float, *, use_high_water: bool
) -> tuple[float, float, bool]:
    """(baseline, peak, exact) RSS in bytes around one call of ``fn``.

    ru_maxrss cannot be reset, so a background thread samples the RSS every ``interval_s``. When the
    lifetime high-water mark rose during the call, that new mark *is* the call's peak: ``exact``.
    """
    hw_before = high_water() if use_high_water else None
    baseline = float(reader()) if reader is not None else float(hw_before or 0)
    peak = baseline
    stop = threading.Event()
    seen: list[float] = []

    def sample() -> None:
        while not stop.is_set():
            seen.append(float(reader()))  # type: ignore[misc]
            stop.wait(interval_s)

    thread = threading.Thread(target=sample, name="genimg-rss", daemon=True) if reader is not None else None
    if thread is not None:
        thread.start()
    try:
        fn()
    finally:
        stop.set()
        if thread is not None:
            thread.join()
    if reader is not None:
        seen.append(float(reader()))
        peak = max([peak, *seen])
    exact = False
    hw_after = high_water() if use_high_water else None
    if hw_before is not None and hw_after is not None and hw_after > hw_before:
        peak, exact = max(peak, float(hw_after)), True
    return baseline, peak, exact


# --- GPU energy through NVML ------------------------------------------------------------------


def nvml_open(target: Target, nvml: Any | None) -> tuple[Any, Any, None] | tuple[None, None, str]:
    """(nvml module, device handle, None) ready to read the energy counter, or (None, None, reason)."""
    if target.cuda is None:
        return None, None, f"energy needs a CUDA device; this call runs on {target.name}"
    if nvml is None:
        try:
            import pynvml as nvml  # from nvidia-ml-py
        except ImportError:
            return None, None, "nvidia-ml-py is not installed (pip install nvidia-ml-py)"
    try:
        nvml.nvmlInit()
    except Exception as exc:  # noqa: BLE001 - NVMLError subclasses per cause
        return None, None, f"NVML could not start: {exc}"
    try:
        handle = _nvml_handle(nvml, target)
    except Exception as exc:  # noqa: BLE001
        nvml.nvmlShutdown()
        return None, None, f"NVML does not know {target.name}: {exc}"
    try:
        nvml.nvmlDeviceGetTotalEnergyConsumption(handle)
    except Exception as exc:  # noqa: BLE001
        nvml.nvmlShutdown()
        return None, None, f"{target.name} does not expose NVML's energy counter (Volta or newer, no MIG): {exc}"
    return nvml, handle, None


def _nvml_handle(nvml: Any, target: Target) -> Any:
    # NVML numbers physical GPUs; CUDA numbers the visible ones: match by UUID when torch gives one.
    props = getattr(target.cuda, "get_device_properties", None)
    uuid = getattr(props(target.index), "uuid", None) if props is not None else None
    if uuid is not None:
        text = str(uuid)
        try:
            return nvml.nvmlDeviceGetHandleByUUID(text if text.startswith(("GPU-", "MIG-")) else "GPU-" + text)
        except Exception:  # noqa: BLE001 - fall back to the index, right without CUDA_VISIBLE_DEVICES
            pass
    return nvml.nvmlDeviceGetHandleByIndex(target.index or 0)

"""Performance budgets with an injected clock, fake CUDA and fake NVML: no wall-clock assertions."""
from __future__ import annotations

import subprocess
import sys
import threading
import time

import numpy as np
import pytest

from pytest_genimg.cachectl import cache_bypassed, no_generation_cache
from pytest_genimg.checks.performance import (
    assert_energy_under,
    assert_latency_under,
    assert_memory_under,
    assert_throughput_over,
    latency_budget,
    measure_energy,
    measure_latency,
    measure_memory,
    measure_throughput,
)
from pytest_genimg.errors import GenImgAssertionError, GenImgUsageError
from pytest_genimg.recording import open_record

GIB = 2**30


class Clock:
    def __init__(self, log: list):
        self.now, self.log = 0.0, log

    def __call__(self) -> float:
        self.log.append("clock")
        return self.now


class FakeCuda:
    def __init__(self, log: list):
        self.log, self.allocated, self.peak = log, 0, 0

    def synchronize(self, device=None):
        self.log.append(f"sync{device}")

    def reset_peak_memory_stats(self, device=None):
        self.peak = self.allocated

    def memory_allocated(self, device=None):
        return self.allocated

    def max_memory_allocated(self, device=None):
        return self.peak

    def max_memory_reserved(self, device=None):
        return self.peak + GIB // 4

    def alloc(self, n: int):
        self.allocated += n
        self.peak = max(self.peak, self.allocated)


class Work:
    """A callable that 'takes' the next duration on the fake clock and notes the cache state."""

    def __init__(self, clock: Clock, durations, result=None):
        self.clock, self.durations, self.result = clock, list(durations), result
        self.bypassed: list[bool] = []

    def __call__(self):
        self.clock.log.append("call")
        self.bypassed.append(cache_bypassed())
        self.clock.now += self.durations.pop(0)
        return self.result


def _setup(durations, result=None):
    log: list = []
    clock = Clock(log)
    return log, clock, FakeCuda(log), Work(clock, durations, result)


def test_latency_statistics_sync_order_and_cache_bypass(tmp_path):
    log, clock, cuda, work = _setup([2.0, 0.1, 0.2, 0.3, 0.4, 0.5])
    with open_record("t::lat", tmp_path) as rec:
        result = measure_latency(work, 1.0, warmup=1, repeats=5, statistic="p90", device="cuda:1", _clock=clock, _cuda=cuda)
    m = result.metrics
    assert m["latency_min_s"] == pytest.approx(0.1) and m["latency_max_s"] == pytest.approx(0.5)
    assert m["latency_median_s"] == pytest.approx(0.3)
    assert m["latency_p90_s"] == pytest.approx(0.46)  # 0.4 + 0.6 * (0.5 - 0.4)
    assert m["latency_first_call_s"] == pytest.approx(2.0) and m["latency_repeats"] == 5
    assert m["latency_cv"] == pytest.approx(np.std([0.1, 0.2, 0.3, 0.4, 0.5]) / 0.3)
    assert result.passed
    # every call: sync, start clock, call, sync, stop clock; on the requested device
    assert log == ["sync1", "clock", "call", "sync1", "clock"] * 6
    assert work.bypassed == [True] * 6 and not cache_bypassed()
    assert rec.metrics["latency_p90_s"] == pytest.approx(0.46)
    assert rec.checks[-1]["check"] == "latency"


def test_latency_failure_message_lists_every_sample():
    log, clock, cuda, work = _setup([0.0, 1.0, 1.2, 3.0])
    with pytest.raises(GenImgAssertionError) as info:
        assert_latency_under(work, 1.5, repeats=3, statistic="max", _clock=clock, _cuda=cuda)
    msg = str(info.value)
    assert "latency failed: max latency 3 s > budget 1.5 s (3 timed call(s) after 1 warm-up, cuda:0, CUDA synchronised" in msg
    assert "samples (s): 1, 1.2, 3" in msg
    assert "min 1 s, median 1.2 s, p90 2.64 s, max 3 s, coefficient of variation" in msg
    assert "samples vary by more than 15%" in msg


@pytest.mark.parametrize(("statistic", "passed"), [("median", True), ("mean", True), ("p90", False), ("max", False)])
def test_statistic_selects_the_compared_value(statistic, passed):
    _, clock, _, work = _setup([0.2, 0.2, 0.2, 0.2, 2.0])
    assert measure_latency(work, 1.0, warmup=0, statistic=statistic, device="cpu", _clock=clock).passed is passed


def test_cpu_device_never_syncs_even_with_cuda_available():
    log, clock, cuda, work = _setup([0.1, 0.1])
    result = measure_latency(work, warmup=0, repeats=2, device="cpu", _clock=clock, _cuda=cuda)
    assert not any(e.startswith("sync") for e in log)
    assert "no budget" in result.headline and result.passed
    assert "latency_first_call_s" not in result.metrics


def test_label_prefixes_recorded_metric_names(tmp_path):
    _, clock, _, work = _setup([0.1, 0.1])
    with open_record("t::lab", tmp_path) as rec:
        measure_latency(work, warmup=0, repeats=2, label="txt2img", device="cpu", _clock=clock)
    assert rec.metrics["txt2img.latency_median_s"] == pytest.approx(0.1)


def test_latency_budget_context_manager():
    log, clock, cuda, _ = _setup([])
    with latency_budget(1.0, _clock=clock, _cuda=cuda) as t:
        assert cache_bypassed()
        clock.now += 0.4
    assert t.elapsed == pytest.approx(0.4) and t.result.passed
    assert log == ["sync0", "clock", "sync0", "clock"]
    with pytest.raises(GenImgAssertionError, match=r"max latency 2.5 s > budget 1 s"):
        with latency_budget(1.0, _clock=clock, _cuda=cuda):
            clock.now += 2.5
    assert not cache_bypassed()


def test_latency_budget_lets_the_blocks_own_error_through():
    _, clock, cuda, _ = _setup([])
    with pytest.raises(ZeroDivisionError):
        with latency_budget(0.1, _clock=clock, _cuda=cuda) as t:
            clock.now += 5
            1 / 0
    assert t.result is None and not cache_bypassed()


def test_throughput_infers_the_batch_from_the_result():
    _, clock, _, work = _setup([9.0, 0.5, 0.5, 0.5], result=[object()] * 4)
    result = assert_throughput_over(work, 7.5, device="cpu", _clock=clock)
    assert result.metrics["throughput_ips"] == pytest.approx(8.0) and result.metrics["throughput_batch"] == 4
    assert "batch of 4 inferred" in result.message()
    _, clock, _, work = _setup([0.5, 0.5, 0.5, 0.5], result=np.zeros((2, 8, 8, 3)))
    with pytest.raises(GenImgAssertionError, match=r"throughput failed: 4 images/s < required 5"):
        assert_throughput_over(work, 5, device="cpu", _clock=clock)
    _, clock, _, work = _setup([0.5, 0.5, 0.5, 0.5], result=None)
    assert measure_throughput(work, batch=3, device="cpu", _clock=clock).metrics["throughput_ips"] == pytest.approx(6.0)


def test_cuda_memory_peak_and_increase():
    log, _, cuda, _ = _setup([])
    cuda.alloc(GIB)  # weights already resident
    cuda.peak = 10 * GIB  # a peak from earlier work must be reset

    def work():
        assert cache_bypassed()
        cuda.alloc(3 * GIB)
        cuda.alloc(-2 * GIB)

    result = measure_memory(work, 5, warmup=0, _cuda=cuda)
    m = result.metrics
    assert m["peak_memory_gib"] == pytest.approx(4) and m["memory_increase_gib"] == pytest.approx(3)
    assert m["memory_baseline_gib"] == pytest.approx(1) and m["peak_memory_reserved_gib"] == pytest.approx(4.25)
    assert result.passed and "CUDA max_memory_allocated on cuda:0" in result.headline
    with pytest.raises(GenImgAssertionError, match=r"increase over baseline 3 GiB > budget 2.5 GiB; measured CUDA"):
        assert_memory_under(work, 2.5, of="increase", warmup=0, _cuda=cuda)


def test_memory_warmup_calls_are_not_measured():
    log, _, cuda, _ = _setup([])
    calls = []

    def work():
        if not calls:
            cuda.alloc(6 * GIB)  # the first call loads weights lazily: a one-off cost
        calls.append(1)
        cuda.alloc(GIB)
        cuda.alloc(-GIB)

    result = measure_memory(work, _cuda=cuda)
    assert len(calls) == 2
    assert result.metrics["memory_increase_gib"] == pytest.approx(1)


def test_cpu_memory_samples_rss_in_a_background_thread():
    state = {"rss": GIB, "high_reads": 0}
    seen_high = threading.Event()

    def rss():
        if state["rss"] > GIB:
            state["high_reads"] += 1
            if state["high_reads"] >= 2:
                seen_high.set()
        return state["rss"]

    def work():
        state["rss"] = 3 * GIB
        assert seen_high.wait(10), "the sampler never ran"
        state["rss"] = GIB

    with pytest.raises(GenImgAssertionError) as info:
        assert_memory_under(work, 2.0, device="cpu", interval_s=0.001, warmup=0, _rss=rss)
    m = info.value.result.metrics
    assert m["peak_memory_gib"] == pytest.approx(3) and m["memory_increase_gib"] == pytest.approx(2)
    msg = str(info.value)
    assert "peak 3 GiB > budget 2 GiB; measured process resident memory (RSS, injected reader) on cpu" in msg
    assert "sampled every 1 ms" in msg


def test_cpu_memory_sees_a_real_allocation():
    def work():
        block = np.ones(2**25)  # 256 MiB, touched
        # releases the GIL: the sampler thread (every 5 ms) gets to read the RSS meanwhile; 0.05 s was
        # too short on a loaded 2-core machine (two xdist workers and a benchmark), where the sampler
        # thread went unscheduled for the whole sleep and saw no increase
        time.sleep(0.5)
        return float(block.sum())

    result = measure_memory(work, device="cpu")
    assert result.metrics["memory_increase_gib"] >= 0.2
    assert result.metrics["peak_memory_gib"] >= result.metrics["memory_baseline_gib"] + 0.2


class FakeNVML:
    class NVMLError(Exception):
        pass

    def __init__(self, supported=True, known=True):
        self.mj, self.supported, self.known, self.open = 5_000_000, supported, known, 0

    def nvmlInit(self):
        self.open += 1

    def nvmlShutdown(self):
        self.open -= 1

    def nvmlDeviceGetHandleByIndex(self, index):
        if not self.known:
            raise self.NVMLError("Invalid Argument")
        return f"gpu{index}"

    def nvmlDeviceGetTotalEnergyConsumption(self, handle):
        if not self.supported:
            raise self.NVMLError("Not Supported")
        return self.mj


def test_energy_from_the_nvml_counter():
    nvml = FakeNVML()
    log, clock, cuda, _ = _setup([])

    def work():
        assert cache_bypassed()
        nvml.mj += 150_000  # 150 J
        clock.now += 0.5

    result = measure_energy(work, 200, repeats=2, _cuda=cuda, _nvml=nvml, _clock=clock)
    assert result.metrics["energy_j"] == pytest.approx(150) and result.metrics["energy_total_j"] == pytest.approx(300)
    assert result.metrics["energy_power_w"] == pytest.approx(300) and result.passed
    assert nvml.open == 0  # shut down again
    with pytest.raises(GenImgAssertionError, match=r"150 J per call > budget 100 J"):
        assert_energy_under(work, 100, _cuda=cuda, _nvml=nvml, _clock=clock)


def test_energy_counter_that_did_not_move_is_flagged():
    result = measure_energy(lambda: None, _cuda=FakeCuda([]), _nvml=FakeNVML())
    assert result.metrics["energy_j"] == 0 and any("did not advance" in n for n in result.notes)


@pytest.mark.parametrize(
    ("kwargs", "reason"),
    [
        ({"device": "cpu"}, "energy needs a CUDA device; this call runs on cpu"),
        ({"_cuda": FakeCuda([]), "_nvml": FakeNVML(supported=False)}, "cuda:0 does not expose NVML's energy counter"),
        ({"_cuda": FakeCuda([]), "_nvml": FakeNVML(known=False)}, "NVML does not know cuda:0"),
    ],
)
def test_energy_skips_where_it_cannot_be_measured(kwargs, reason):
    with pytest.raises(pytest.skip.Exception, match=reason):
        assert_energy_under(lambda: None, 10, **kwargs)
    result = measure_energy(lambda: None, **kwargs)
    assert result.passed and "energy_j" not in result.metrics and reason in result.headline
    assert kwargs.get("_nvml") is None or kwargs["_nvml"].open == 0


def test_energy_without_nvidia_ml_py(monkeypatch):
    monkeypatch.setitem(sys.modules, "pynvml", None)
    with pytest.raises(pytest.skip.Exception, match=r"pip install nvidia-ml-py"):
        assert_energy_under(lambda: None, 10, _cuda=FakeCuda([]))


@pytest.mark.parametrize(
    ("call", "pattern"),
    [
        (lambda: measure_latency("genimg.generate('a cat')"), r"fn: expected a callable taking no arguments, e\.g\. lambda: genimg"),
        (lambda: measure_latency(lambda: None, repeats=0), r"repeats: expected an integer >= 1, got 0"),
        (lambda: measure_latency(lambda: None, warmup=-1), r"warmup: expected an integer >= 0, got -1"),
        (lambda: assert_latency_under(lambda: None, -1), r"seconds: expected a positive number, got -1"),
        (lambda: assert_latency_under(lambda: None, 0), r"seconds: expected a positive number, got 0"),
        (lambda: assert_latency_under(lambda: None, None), r"seconds: expected a positive number \(the latency budget\)"),
        (lambda: measure_latency(lambda: None, statistic="p99"), r"statistic: expected one of 'median', 'p90', 'max', 'mean'"),
        (lambda: measure_latency(lambda: None, device="tpu"), r"device: expected 'auto', 'cpu', 'cuda' or 'cuda:N'"),
        (lambda: measure_latency(lambda: None, device="cuda:x"), r"device: expected 'cuda:N' with an integer N"),
        (lambda: latency_budget(float("inf")), r"seconds: expected a positive number, got inf"),
        (lambda: assert_memory_under(lambda: None, -2), r"gib: expected a positive number, got -2"),
        (lambda: measure_memory(lambda: None, of="mean"), r"of: expected one of 'peak', 'increase'"),
        (lambda: assert_energy_under(lambda: None, -5), r"joules: expected a positive number, got -5"),
        (lambda: measure_energy(lambda: None, repeats=0), r"repeats: expected an integer >= 1"),
        (lambda: assert_throughput_over(lambda: None, 0), r"images_per_s: expected a positive number, got 0"),
        (lambda: measure_throughput(lambda: None, batch=0), r"batch: expected an integer >= 1, got 0"),
        (lambda: measure_memory(3), r"fn: expected a callable"),
    ],
)
def test_bad_input_is_named(call, pattern):
    with pytest.raises(GenImgUsageError, match=pattern):
        call()


def test_explicit_cuda_without_a_gpu_is_a_usage_error():
    torch = pytest.importorskip("torch")
    if torch.cuda.is_available():
        pytest.skip("this machine has a GPU")
    with pytest.raises(GenImgUsageError, match=r"device: expected a usable CUDA device"):
        measure_latency(lambda: None, device="cuda")


def test_auto_device_does_not_import_torch():
    code = (
        "import sys; from pytest_genimg.checks.performance import measure_latency, measure_memory;"
        "r = measure_latency(lambda: None, repeats=3); measure_memory(lambda: None);"
        "assert 'torch' not in sys.modules, 'torch imported'; print(r.headline)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert "3 timed call(s) after 1 warm-up, cpu)" in out.stdout


def test_real_clock_smoke():
    calls = []
    result = measure_latency(lambda: calls.append(1), repeats=3)
    assert len(calls) == 4 and len(result.notes[0].split(",")) == 3
    assert all(v >= 0 for k, v in result.metrics.items() if k.startswith("latency_") and k.endswith("_s"))


def test_nested_bypass_is_restored():
    with no_generation_cache():
        measure_latency(lambda: None, repeats=1, warmup=0)
        assert cache_bypassed()
    assert not cache_bypassed()


def test_energy_finds_the_gpu_by_uuid_before_the_index():
    class Props:
        uuid = "58c7c1a3-0000-1111-2222-333344445555"

    class UuidCuda(FakeCuda):
        def get_device_properties(self, index):
            return Props()

    class UuidNVML(FakeNVML):
        def nvmlDeviceGetHandleByUUID(self, uuid):
            self.asked = uuid
            return "by-uuid"

        def nvmlDeviceGetHandleByIndex(self, index):
            raise AssertionError("the index is only a fallback")

    nvml = UuidNVML()
    measure_energy(lambda: None, _cuda=UuidCuda([]), _nvml=nvml)
    assert nvml.asked == "GPU-58c7c1a3-0000-1111-2222-333344445555"

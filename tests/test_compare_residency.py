"""Two models on one CUDA device: both stay when they fit, otherwise they take turns (fakes stand in
for the pipelines and the free-memory query; no GPU here). On CPU nothing ever moves."""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from pytest_genimg.compare.residency import Residency, attach, model_bytes


class Tensor:
    def __init__(self, n: int) -> None:
        self.n = n

    def numel(self) -> int:
        return self.n

    def element_size(self) -> int:
        return 2


class Module:
    def __init__(self, n: int) -> None:
        self.n = n

    def parameters(self):
        return [Tensor(self.n)]

    def buffers(self):
        return []


@dataclass
class Pipe:
    params: int
    where: list[str] = field(default_factory=list)

    @property
    def components(self):
        return {"unet": Module(self.params), "tokenizer": object()}

    def to(self, device: str, **kwargs) -> "Pipe":
        assert device != "cpu" or kwargs == {"silence_dtype_warnings": True}  # parked, never run there
        self.where.append(device)
        return self


@dataclass
class Model:
    obj: Pipe
    device: str = "cuda:0"
    is_diffusers: bool = True
    loaded: bool = True


def test_model_bytes_counts_parameters_of_torch_components():
    assert model_bytes(Pipe(1000)) == 2000


def test_models_that_fit_stay_resident():
    a, b = Model(Pipe(10)), Model(Pipe(10))
    residency = Residency(free_bytes=lambda device: 1 << 40)
    residency.add(a), residency.add(b)
    residency.ensure(a), residency.ensure(b), residency.ensure(a)
    assert a.obj.where == [] and b.obj.where == [] and residency.swaps == 0


def test_models_that_do_not_fit_take_turns():
    a, b = Model(Pipe(10)), Model(Pipe(10))
    residency = Residency(free_bytes=lambda device: 0)  # never room for a second model
    residency.add(a), residency.add(b)
    residency.ensure(b)
    assert a.obj.where == ["cpu"] and b.obj.where == []
    residency.ensure(a)
    assert a.obj.where == ["cpu", "cuda:0"] and b.obj.where == ["cpu"]
    residency.ensure(a)  # already resident: nothing moves
    assert residency.swaps == 2 and a.obj.where == ["cpu", "cuda:0"]


def test_cpu_models_never_move():
    a, b = Model(Pipe(10), device="cpu"), Model(Pipe(10), device="cpu")
    residency = Residency(free_bytes=lambda device: 0)
    residency.add(a), residency.add(b)
    residency.ensure(a), residency.ensure(b)
    assert a.obj.where == [] == b.obj.where


def test_attach_routes_generation_through_residency():
    calls = []

    class Gen:
        def __init__(self, model):
            self.model = model

        def _call(self, batch, params):
            calls.append((self.model.obj.where[-1:] or ["cuda:0"])[0])
            return [np.zeros(1)]

    a, b = Gen(Model(Pipe(10))), Gen(Model(Pipe(10)))
    residency = Residency(free_bytes=lambda device: 0)
    attach(a, residency), attach(b, residency), attach(a, residency)  # attaching twice wraps once
    b._call([("p", 0)], None)
    a._call([("p", 0)], None)
    assert calls == ["cuda:0", "cuda:0"] and residency.swaps == 2


class LazyModel:
    """Loads its pipeline on first ``obj`` access, as LoadedModel does."""

    def __init__(self, params: int) -> None:
        self.device, self.is_diffusers, self.loaded, self._params = "cuda:0", True, False, params

    @property
    def obj(self) -> Pipe:
        self.loaded = True
        return Pipe(self._params)


def test_restoring_a_model_that_never_loaded_leaves_it_unloaded():
    """The baseline fixture's teardown restores the candidate: in a cached run it must not load it."""
    residency = Residency(free_bytes=lambda device: 0)
    candidate = LazyModel(1000)
    residency.add(candidate)
    residency.restore(candidate)
    assert not candidate.loaded
    swapped, other = Model(Pipe(1000)), Model(Pipe(1000))
    residency.add(swapped)
    residency.add(other)
    residency.ensure(other)  # too little memory: swapped goes to the CPU
    assert swapped.obj.where == ["cpu"]
    residency.restore(swapped)
    assert swapped.obj.where[-1] == "cuda:0"


def test_a_first_load_happens_with_the_other_models_moved_off_the_device():
    """A lazily loaded model lands on the device at a size not known beforehand (an SDXL baseline
    beside a resident SDXL candidate would not fit): the resident one moves to the CPU first. When it
    generates again, it comes back beside the new one if there is room, and swaps it out if not."""
    order = []

    class Recording(Pipe):
        def to(self, device: str, **kwargs) -> "Pipe":
            order.append((self.params, device))
            return super().to(device, **kwargs)

    class Lazy(LazyModel):
        @property
        def obj(self) -> Pipe:
            if not self.loaded:
                order.append((self._params, "loaded"))
                self.loaded, self._pipe = True, Recording(self._params)
            return self._pipe

    for free, expected in ((1 << 40, [(1, "cpu"), (2, "loaded"), (1, "cuda:0")]),
                           (0, [(1, "cpu"), (2, "loaded"), (2, "cpu"), (1, "cuda:0")])):
        order.clear()
        resident, newcomer = Model(Recording(1)), Lazy(2)
        residency = Residency(free_bytes=lambda device, free=free: free)
        residency.add(resident), residency.add(newcomer)
        residency.ensure(newcomer)
        residency.ensure(resident)
        assert order == expected, free
        residency.ensure(newcomer)  # already loaded: with room both stay; without, they take turns again
        assert residency.swaps == (1 if free else 3)

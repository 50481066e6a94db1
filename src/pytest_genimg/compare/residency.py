"""Two models on one accelerator: keep both resident when they fit, otherwise swap them so that only
the model about to generate sits on the device (the other waits in host memory), never an OOM.

On CPU and MPS nothing moves. On CUDA, before a model generates, it is moved back to its device if
it was swapped out; first, if the free device memory is below its size plus a margin, the other
models on that device move to the CPU. A model's first load (it loads onto the device, at a size
not known before) also moves the others to the CPU first; they come back, beside it when there is
room, when they next generate.
"""
from __future__ import annotations

from typing import Any, Callable

MARGIN_BYTES = 1 << 30  # activations of one SD-1.5-sized batch at 512 px need about 1-2 GiB


def model_bytes(pipe: Any) -> int:
    """Bytes of the pipeline's parameters and buffers (0 when it has no torch modules)."""
    total = 0
    for component in (getattr(pipe, "components", None) or {}).values():
        for tensors in (getattr(component, "parameters", None), getattr(component, "buffers", None)):
            if callable(tensors):
                total += sum(t.numel() * t.element_size() for t in tensors())
    return total


def _free_bytes(device: str) -> int:
    import torch

    free, _ = torch.cuda.mem_get_info(torch.device(device))
    return int(free)


class Residency:
    """Which of several models (LoadedModels sharing one device) is on the device right now."""

    def __init__(self, free_bytes: Callable[[str], int] = _free_bytes) -> None:
        self.free_bytes = free_bytes
        self.models: list[Any] = []
        self.swapped: set[int] = set()  # ids of models moved to the CPU
        self.swaps = 0

    def add(self, model: Any) -> None:
        if all(m is not model for m in self.models):
            self.models.append(model)

    def ensure(self, model: Any) -> None:
        """Make ``model`` resident on its device before it generates."""
        if not str(model.device).startswith("cuda") or not model.is_diffusers:
            return
        others = [m for m in self.models if m is not model and m.loaded and m.device == model.device
                  and id(m) not in self.swapped and m.is_diffusers]
        if others and not model.loaded:
            # Its size is unknown until it loads, and it loads straight onto the device: make room
            # first, once. From then on both sizes are known and the models share the card if they fit.
            self._swap_out(others, model.device)
            others = []
        pipe = model.obj  # loads it (lazily) if this is its first use
        need = model_bytes(pipe) if id(model) in self.swapped else 0
        if others and self.free_bytes(model.device) < need + MARGIN_BYTES:
            self._swap_out(others, model.device)
        if id(model) in self.swapped:
            pipe.to(model.device)
            self.swapped.discard(id(model))

    def _swap_out(self, others: list[Any], device: str) -> None:
        for other in others:
            # It only waits there: diffusers' warning that a float16 pipeline cannot run on the CPU is moot.
            other.obj.to("cpu", silence_dtype_warnings=True)
            self.swapped.add(id(other))
            self.swaps += 1
        from ..device import free_cached_memory

        free_cached_memory(device)

    def restore(self, model: Any) -> None:
        """Put ``model`` back on its device if it was swapped out; a model that was never loaded (a
        fully cached or replayed test) stays unloaded."""
        if model.loaded and id(model) in self.swapped:
            self.ensure(model)


def attach(generator: Any, residency: Residency) -> None:
    """Route ``generator``'s pipeline calls through ``residency`` (an instance attribute, so the
    Generator class and every other test are untouched)."""
    residency.add(generator.model)
    if getattr(generator, "_residency", None) is residency:
        return
    inner = generator._call

    def call(batch: Any, params: Any) -> Any:
        residency.ensure(generator.model)
        return inner(batch, params)

    generator._call = call
    generator._residency = residency

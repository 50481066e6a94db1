"""The model handed to the Generator: a diffusers pipeline or any object with ``generate``.

Loading is lazy where the fingerprint can be known from files alone (built-ins, folders, hub
snapshots): a run whose generations all come from the cache never loads the weights at all.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable


@dataclass
class LoadedModel:
    spec: str
    instance: Any  # None until first needed when ``loader`` is set
    fingerprint: str | None  # None: unknown, so generations are not cached
    device: str
    dtype: str
    source: str  # "built-in", "local folder", "hub", "factory", or "plugin hook"
    is_diffusers: bool = True
    is_video: bool = False
    defaults: dict[str, Any] = field(default_factory=dict)  # steps, size, guidance, frames, extra
    loader: Callable[[], Any] | None = None
    class_name: str = ""
    _saved_scheduler: tuple[int, dict[str, Any]] | None = field(default=None, repr=False)

    @property
    def loaded(self) -> bool:
        return self.instance is not None

    @property
    def obj(self) -> Any:
        """The pipeline (or generator object), loaded on first use."""
        if self.instance is None and self.loader is not None:
            self.instance = self.loader()
        if self._saved_scheduler is None and self.instance is not None:
            scheduler = getattr(self.instance, "scheduler", None)
            if scheduler is not None:
                self._saved_scheduler = (id(scheduler), dict(getattr(scheduler, "config", {}) or {}))
        return self.instance

    @property
    def pipeline_class(self) -> str:
        return self.class_name or type(self.instance).__name__

    def scheduler_signature(self) -> dict[str, Any]:
        """'As saved' (already covered by the fingerprint) unless a test swapped or reconfigured it."""
        if self.instance is None:
            return {"saved": True}
        scheduler = getattr(self.instance, "scheduler", None)
        if scheduler is None:
            return {}
        config = dict(getattr(scheduler, "config", {}) or {})
        if self._saved_scheduler == (id(scheduler), config):
            return {"saved": True}
        return {"class": type(scheduler).__name__, "config": config}

    def close(self) -> None:
        """Drop the model's tensors (cached GPU memory is freed by the caller)."""
        self.instance = None
        self.loader = None

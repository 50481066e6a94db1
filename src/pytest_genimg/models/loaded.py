"""The model handed to the Generator: a diffusers pipeline or any object with ``generate``.

Loading is lazy where the fingerprint can be known from files alone (built-ins, folders, hub
snapshots): a run whose generations all come from the cache never loads the weights at all.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from ..cachekey import Uncacheable, canonical, qualified_name

# Sources whose fingerprint hashes the saved files that name the pipeline class and its scheduler.
SAVED_SOURCES = ("built-in", "local folder", "hub")


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
    _as_loaded: dict[str, Any] | None = field(default=None, repr=False)

    @property
    def loaded(self) -> bool:
        return self.instance is not None

    @property
    def obj(self) -> Any:
        """The pipeline (or generator object), loaded on first use."""
        if self.instance is None and self.loader is not None:
            self.instance = self.loader()
        if self._as_loaded is None and self.instance is not None:
            self._as_loaded = _live_state(self.instance)
        return self.instance

    @property
    def pipeline_class(self) -> str:
        return self.class_name or type(self.instance).__name__

    def live_signature(self) -> dict[str, Any] | None:
        """The live pipeline class and scheduler (class and config) for the cache key.

        For a model loaded from saved files whose pipeline and scheduler are unchanged since loading,
        "as saved" (the fingerprint hashed those files), so the key is the same before and after the
        weights load. Whatever a factory's own fingerprint says, its live classes and config are
        always in. None -- generate uncached -- when the object changed in a way no key can name: a
        component swapped, or weights replaced or edited in place since loading.
        """
        if self.instance is None:
            return {"pipeline": self.pipeline_class, "scheduler": "as saved"}
        self.obj  # noqa: B018 - records the as-loaded state of an instance set directly
        now, then = _live_state(self.instance), self._as_loaded or {}
        if now["components"] != then.get("components") or now["weights"] != then.get("weights"):
            return None
        if self.source in SAVED_SOURCES and now["scheduler"] == then.get("scheduler") and \
                type(self.instance).__name__ == self.pipeline_class:
            return {"pipeline": self.pipeline_class, "scheduler": "as saved"}
        scheduler = getattr(self.instance, "scheduler", None)
        try:
            live = None if scheduler is None else {
                "class": qualified_name(type(scheduler)), "config": canonical(dict(getattr(scheduler, "config", {}) or {}))}
        except Uncacheable:
            return None
        return {"pipeline": qualified_name(type(self.instance)), "scheduler": live}

    def close(self) -> None:
        """Drop the model's tensors (cached GPU memory is freed by the caller)."""
        self.instance = None
        self.loader = None


def _live_state(obj: Any) -> dict[str, Any]:
    """What can change under a loaded pipeline, cheaply: which objects are its components, which
    parameter objects they hold and their in-place edit counters, and the scheduler's identity and config.
    Moving weights between devices (offloading) keeps all of these."""
    try:
        components = getattr(obj, "components", None)
    except Exception:  # noqa: BLE001 - diffusers raises for a pipeline whose config and modules disagree
        components = None
    components = components if isinstance(components, dict) else {}
    scheduler = getattr(obj, "scheduler", None)
    try:
        config: Any = canonical(dict(getattr(scheduler, "config", {}) or {}))
    except Uncacheable:
        config = object()  # never equal: a config the key cannot describe
    count = versions = 0
    ids = []
    for name in sorted(components):
        module = components[name]
        params = getattr(module, "parameters", None)
        if name == "scheduler" or not callable(params):
            continue
        for param in params():
            count += 1
            versions += _version(param)
            ids.append(id(param))
    return {
        "components": {k: id(v) for k, v in components.items() if k != "scheduler"},
        "weights": (count, versions, hash(tuple(ids))),
        "scheduler": (id(scheduler), config),
    }


def _version(tensor: Any) -> int:
    try:
        return int(getattr(tensor, "_version", 0))
    except RuntimeError:  # an inference tensor keeps no counter (and cannot be edited outside inference mode)
        return 0

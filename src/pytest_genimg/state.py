"""Session state of the plugin, kept in ``config.stash`` (never module globals)."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pytest

from .settings import Settings

if TYPE_CHECKING:
    from .cache import GenerationCache
    from .evalcache import EvalCache
    from .replay import RecordStore
    from .models.loaded import LoadedModel


@dataclass
class PluginState:
    settings: Settings
    models: dict[tuple[Any, ...], "LoadedModel | Exception"] = field(default_factory=dict)
    cache: "GenerationCache | None" = None
    deterministic_applied: bool = False
    junit_warned: bool = False  # the xunit2 "no properties" warning is given once per session
    evals: "EvalCache | None" = None
    store: "RecordStore | None" = None

    def generation_cache(self) -> "GenerationCache | None":
        if self.settings.no_cache:
            return None
        if self.cache is None:
            from .cache import GenerationCache

            self.cache = GenerationCache(self.settings.path("cache_dir"), self.settings.cache_max_mb * 2**20)
        return self.cache

    def eval_cache(self) -> "EvalCache | None":
        """The evaluator cache (``<cache dir>/eval``); None with --genimg-no-cache or --genimg-no-eval-cache."""
        if self.settings.no_cache or self.settings.no_eval_cache:
            return None
        if self.evals is None:
            from .evalcache import EvalCache

            self.evals = EvalCache(self.settings.path("cache_dir") / "eval", self.settings.cache_max_mb * 2**20)
        return self.evals

    def record_store(self) -> "RecordStore | None":
        """The record/replay store (``<cache dir>/records``); None in record mode auto."""
        if self.settings.record_mode == "auto":
            return None
        if self.store is None:
            from .replay import RecordStore

            self.store = RecordStore(self.settings.path("cache_dir") / "records")
        return self.store


STATE_KEY = pytest.StashKey[PluginState]()


def get_state(config: pytest.Config) -> PluginState:
    return config.stash[STATE_KEY]

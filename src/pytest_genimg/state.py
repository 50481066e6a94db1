"""Session state of the plugin, kept in ``config.stash`` (never module globals)."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pytest

from .settings import Settings

if TYPE_CHECKING:
    from .cache import GenerationCache
    from .models.loaded import LoadedModel


@dataclass
class PluginState:
    settings: Settings
    models: dict[tuple[Any, ...], "LoadedModel | Exception"] = field(default_factory=dict)
    cache: "GenerationCache | None" = None
    deterministic_applied: bool = False
    junit_warned: bool = False  # the xunit2 "no properties" warning is given once per session

    def generation_cache(self) -> "GenerationCache | None":
        if self.settings.no_cache:
            return None
        if self.cache is None:
            from .cache import GenerationCache

            self.cache = GenerationCache(self.settings.path("cache_dir"), self.settings.cache_max_mb * 2**20)
        return self.cache


STATE_KEY = pytest.StashKey[PluginState]()


def get_state(config: pytest.Config) -> PluginState:
    return config.stash[STATE_KEY]

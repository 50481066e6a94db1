"""Hooks other plugins implement to extend pytest-genimg."""
from __future__ import annotations

from typing import Any

import pytest


@pytest.hookspec(firstresult=True)
def pytest_genimg_load_model(spec: str, device: str, dtype: str) -> Any:
    """Load the model named by ``spec`` (the --genimg-model value or marker) or return None.

    Return a diffusers pipeline, an object with a ``generate(prompt, *, seed, ...)`` method, or a
    :class:`pytest_genimg.models.loaded.LoadedModel`. The first non-None result wins; built-in
    names, factories, folders and hub ids are tried only when every hook returned None.
    """

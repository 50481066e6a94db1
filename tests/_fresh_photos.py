"""Helpers the fresh-set tests share (construction only: no engine runs): a set's photos loaded where
their archives are already fetched here, and its hand-picked spots checked against them."""
from __future__ import annotations

from typing import Any

import pytest
from PIL import Image


def cached_photos(photos: Any, own: list, label: str) -> dict[str, Image.Image]:
    """``own`` (fresh_photos entries) loaded by ``photos.load_fresh`` where every archive is already
    fetched under ``photos.CACHE``; else the test is skipped: the tests fetch nothing."""
    if not all(photos.CACHE.joinpath(p.package).is_dir() and any(photos.CACHE.joinpath(p.package).iterdir()) for p in own):
        pytest.skip(f"{label}'s archives are fetched by the benchmarks, not by the tests")
    notes: list[str] = []
    loaded = photos.load_fresh(notes, photos=own)
    assert notes == [] and set(loaded) == {p.name for p in own}
    return {name: image for name, (_, image) in loaded.items()}


def assert_scales_and_spots_fit(images: dict[str, Image.Image], scales: dict[str, float], spots: dict[str, dict]) -> None:
    """Each scaled photo's longest side is 512-1024 px, and each hand-picked spot lies inside its photo."""
    for name, scale in scales.items():
        assert 512 <= round(max(images[name].size) * scale) <= 1024, name
    for name, picked in spots.items():
        w, h = images[name].size
        assert all(0 <= x < w and 0 <= y < h for x, y, _ in picked.values()), name

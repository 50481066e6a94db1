"""The fixtures in one page: what a limitation test has to work with.

``genimg`` generates (seeded, cached, batched); ``genimg_pipeline`` is the loaded pipeline itself;
``genimg_device`` says where it runs. Point the whole suite at another model with one option:
``pytest example_suite --genimg-model=/models/sd-turbo --genimg-device=cuda --genimg-dtype=float16``.
"""
from __future__ import annotations

import numpy as np
import pytest


def test_generate_one_image(genimg):
    image = genimg.generate("a red cube on a table", seed=42)
    # A GeneratedImage: the PIL image plus everything needed to make it again.
    assert image.seed == 42 and image.prompt == "a red cube on a table"
    assert image.model == genimg.model_id
    assert image.size[0] % 8 == 0 and image.size[1] % 8 == 0


def test_seeds_are_independent(genimg):
    """Image k does not depend on which other seeds were asked for, nor on batching."""
    together = genimg.generate("a lighthouse at dusk", seeds=[3, 7])
    alone = genimg.generate("a lighthouse at dusk", seed=7)
    assert np.array_equal(np.asarray(together[1].image), np.asarray(alone.image))


def test_the_cache_returns_the_same_pixels(genimg):
    first = genimg.generate("a bowl of fruit", seed=1)
    again = genimg.generate("a bowl of fruit", seed=1)
    assert again.cached or not genimg.cache  # the second request never regenerates
    assert np.array_equal(np.asarray(first.image), np.asarray(again.image))


def test_pipeline_and_device(genimg_pipeline, genimg_device):
    assert genimg_device in ("cpu", "mps") or genimg_device.startswith("cuda")
    assert callable(genimg_pipeline)


@pytest.mark.genimg(steps=2, size=32)
def test_per_test_overrides(genimg):
    """@pytest.mark.genimg overrides the command line and ini for one test (or a whole module)."""
    image = genimg.generate("a tiny thumbnail", seed=0)
    assert image.size == (32, 32) and image.params["steps"] == 2

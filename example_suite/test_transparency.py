"""Transparency: can a reviewer tell exactly what produced an image?

The limitation: generative models are opaque. Nobody can say why an image looks as it does, and a
result that cannot be traced to a model, its weights, the seed and the library versions cannot be
reproduced or audited either.

How these tests measure it: what *can* be measured is provenance. Every image the ``genimg``
fixture returns carries its prompt, seed, parameters and a fingerprint of the model's weights
(a content hash, not a name), and each test's generations are recorded for the HTML/JSON review
report together with the torch, diffusers and transformers versions. These tests assert that the
record is complete and that the fingerprint really identifies the pixels.

What it does not cover: explaining *why* the model made a choice (attribution, saliency), training
data provenance and model cards -- those need the model's documentation, not a test run.
"""
from __future__ import annotations

import numpy as np

from pytest_genimg.recording import current_record


def test_every_image_carries_its_provenance(genimg):
    image = genimg.generate("a red cube on a table", seed=42)
    info = image.describe()
    assert info["prompt"] == "a red cube on a table" and info["seed"] == 42
    assert {"steps", "size", "guidance"} <= set(info["params"])
    assert len(info["model"]) == 64  # sha256 of the weight and config files


def test_generations_are_recorded_for_the_report(genimg):
    genimg.generate("a bowl of fruit", seeds=range(2))
    record = current_record()
    assert record is not None, "the plugin opens a record around every test"
    recorded = [(g["prompt"], g["seed"], g["model"]) for g in record.generations]
    assert ("a bowl of fruit", 0, genimg.model_id) in recorded
    assert ("a bowl of fruit", 1, genimg.model_id) in recorded


def test_the_same_provenance_gives_the_same_pixels(genimg):
    """Provenance is only worth recording if it is enough to remake the image."""
    first = genimg.generate("a lighthouse at dusk", seed=5, cache=False)
    again = genimg.generate(first.prompt, seed=first.seed, cache=False, **_call_params(first))
    assert np.array_equal(np.asarray(first.image), np.asarray(again.image))


def _call_params(image) -> dict:
    params = dict(image.params)
    extra = params.pop("extra", {}) or {}
    params.pop("negative_prompt", None)
    return {**{k: v for k, v in params.items() if v is not None}, **extra}

"""Model upkeep: catch what a new checkpoint, scheduler, dtype or library version changes.

The limitation: models are never finished. Every fine-tune, scheduler swap, dtype change or
diffusers/torch upgrade can move pixels, and quality can drift down one release at a time without
any single test noticing.

How these tests measure it: image baselines (``image_snapshot``) compare today's image for a fixed
prompt and seed with the accepted one within a perceptual tolerance (phash distance, SSIM, colour
shift), so tolerance-level noise passes and a real change fails with the obtained image and a diff
heat-map in the results folder. Metric baselines (``metric_snapshot``) hold measured numbers
(here: diversity of 16 seeds) that may not regress beyond a tolerance in their bad direction.
Baselines for tiny-sd on CPU are committed under ``__snapshots__/``; a plugin change that moves
pixels is caught by the suite itself. Accept a reviewed change with ``--snapshot-update`` (the
HTML report prints the exact command per test). Baselines for another model or device are written
the same way on its runner: baselines are named per model, so the first run of a new model fails
with "no baseline" and the path until someone accepts it (``--genimg-snapshot-per-device`` also keeps
cpu/cuda/mps apart; the suite's pytest.ini sets ``--snapshot-warn-unused`` so another model's
baselines are not reported as unused).

What it does not cover: whether the new image is better or worse to a person -- a changed baseline
is a prompt for review, not a verdict.
"""
from __future__ import annotations

import pytest

from pytest_genimg.checks.diversity import measure_diversity
from pytest_genimg.paths import safe_name
from pytest_genimg.snapshot import Metric, higher_is_better

# What mutation runs (python -m pytest_genimg.mutate) expect this module to catch.
pytestmark = pytest.mark.limitation("upkeep")

PROMPTS = ["a red cube on a table", "a lighthouse at dusk"]


@pytest.fixture
def model_name(genimg_model) -> str:
    """Baselines belong to a model: tiny-sd, sd-turbo (from /models/sd-turbo), ..."""
    return safe_name(genimg_model.spec.rstrip("/").split("/")[-1].split(":")[-1])


@pytest.mark.parametrize("prompt", PROMPTS)
def test_image_matches_accepted_baseline(genimg, image_snapshot, model_name, prompt):
    assert image_snapshot(name=model_name) == genimg.generate(prompt, seed=42)


def test_diversity_may_not_regress(genimg, metric_snapshot, model_name):
    result = measure_diversity(genimg.generate("a portrait photo", seeds=range(16)))
    spec = {"vendi": Metric(higher_is_better, rel_tol=0.05)}
    assert metric_snapshot(spec, name=model_name) == {"vendi": result.metrics["vendi"]}

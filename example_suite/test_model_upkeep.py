"""Model upkeep: catch what a new checkpoint, scheduler, dtype or library version changes.

The limitation: models are never finished. Every fine-tune, scheduler swap, dtype change or
diffusers/torch upgrade can move pixels, and quality can drift down one release at a time without
any single test noticing.

How these tests measure it: image baselines (``image_snapshot``) compare today's image for a fixed
prompt and seed with the accepted one within a perceptual tolerance (phash distance, SSIM, colour
shift), so tolerance-level noise passes and a real change fails with the obtained image and a diff
heat-map in the results folder. Metric baselines (``metric_snapshot``) hold measured numbers
(here: diversity of 16 seeds) that may not regress beyond a tolerance in their bad direction.
Baselines for tiny-sd on CPU are committed under ``__snapshots__/test_model_upkeep/tiny-sd/``: the
suite's pytest.ini sets ``genimg_snapshot_per_model``, so each model spec keeps its own set and a run
of another model neither compares with nor deletes them; its first run fails with "no baseline" and
the path until someone accepts it (``--genimg-snapshot-per-device`` also keeps cpu/cuda/mps apart).
A plugin change that moves pixels is caught by the suite itself. Accept a reviewed change without
re-running the model: ``python -m pytest_genimg review`` walks the pending snapshots the failing run
left in ``.genimg_results/``, or tick accept in the HTML report and run the command it shows.

What it does not cover: whether the new image is better or worse to a person -- a changed baseline
is a prompt for review, not a verdict.
"""
from __future__ import annotations

import pytest

from pytest_genimg.checks.diversity import measure_diversity
from pytest_genimg.snapshot import Metric, higher_is_better

# What mutation runs (python -m pytest_genimg.mutate) expect this module to catch.
pytestmark = pytest.mark.limitation("upkeep")

PROMPTS = ["a red cube on a table", "a lighthouse at dusk"]


@pytest.mark.parametrize("prompt", PROMPTS)
def test_image_matches_accepted_baseline(genimg, image_snapshot, prompt):
    assert image_snapshot == genimg.generate(prompt, seed=42)


def test_diversity_may_not_regress(genimg, metric_snapshot):
    result = measure_diversity(genimg.generate("a portrait photo", seeds=range(16)))
    spec = {"vendi": Metric(higher_is_better, rel_tol=0.05)}
    assert metric_snapshot(spec) == {"vendi": result.metrics["vendi"]}

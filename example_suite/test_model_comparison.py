"""Model comparison: is the candidate checkpoint worse than the one in production, beyond noise?

The limitation: a fine-tune, a distilled model or fewer steps can make a model worse on some
prompts and seeds while a fixed per-check threshold still passes (or a scalar moves by an amount
seed noise also produces). Per-seed pixel baselines cannot say "worse", only "different".

How these tests measure it: the same check runs on both models over the same prompts x seeds, and
``assert_no_regression`` compares the two results pair by pair -- an exact McNemar test on the
pairs that flipped between pass and fail, a Wilcoxon signed-rank test on per-image values -- and
fails only when the candidate is worse with significance ``alpha`` AND by more than ``max_drop``.
Several metrics at once are Holm-corrected. On a real runner point ``--genimg-baseline-model`` at
the production checkpoint and ``--genimg-model`` at the candidate; here, on the built-in tiny-sd,
the candidate is a deliberately degraded variant built by this module's own factory (the same
weights, outputs blurred), which must fail, and tiny-sd under other seeds, which must pass.

What it does not cover: whether a change a test does not measure is better or worse.
"""
from __future__ import annotations

import pytest
from PIL import ImageFilter

from pytest_genimg import GenImgAssertionError, assert_no_regression
from pytest_genimg.checks.detail import measure_detail

pytestmark = pytest.mark.limitation("upkeep")

SEEDS = range(16)
PROMPT = "a red cube on a table"


class BlurredTinySD:
    """tiny-sd with every output blurred: a stand-in for a worse checkpoint."""

    def __init__(self, device: str = "cpu", dtype: str = "float32") -> None:
        from pytest_genimg.models.sources import load_model

        self.model = load_model("tiny-sd", device=device, dtype=dtype, lazy=True)
        # What the generation cache keys on: the weights, plus what this wrapper does to their output
        # (change the wrapper, change this string, or the cache serves the old images).
        self.fingerprint = f"{self.model.fingerprint}|GaussianBlur(2)"

    def generate(self, prompt: str, *, seed: int, steps=None, size=None, guidance=None, **kwargs):
        import torch

        defaults = self.model.defaults  # tiny-sd's own steps, size and guidance unless the test sets them
        width, height = size or defaults["size"]
        image = self.model.obj(prompt, num_inference_steps=steps or defaults["steps"], width=width, height=height,
                               guidance_scale=defaults["guidance"] if guidance is None else guidance,
                               generator=torch.Generator("cpu").manual_seed(seed), **defaults["extra"]).images[0]
        return image.filter(ImageFilter.GaussianBlur(2))


def blurred_tiny_sd(device: str = "cpu", dtype: str = "float32") -> BlurredTinySD:
    """The factory named in the markers below: ``test_model_comparison:blurred_tiny_sd``."""
    return BlurredTinySD(device, dtype)


def _compare(candidate, baseline, **kwargs):
    cand_images = candidate.generate(PROMPT, seeds=SEEDS)
    base_images = baseline.generate(PROMPT, seeds=SEEDS)
    return assert_no_regression(measure_detail(cand_images), measure_detail(base_images),
                                metrics=["passed", "blur"], candidate_images=cand_images,
                                baseline_images=base_images, **kwargs)


@pytest.mark.xfail(strict=True, raises=GenImgAssertionError, reason="the blurred candidate is worse than tiny-sd")
@pytest.mark.genimg(model="test_model_comparison:blurred_tiny_sd", baseline_model="tiny-sd")
def test_degraded_candidate_fails_against_production(genimg, genimg_baseline):
    _compare(genimg, genimg_baseline)


def test_same_model_under_other_seeds_passes(genimg):
    """A null comparison: tiny-sd against itself on disjoint seeds, paired by position."""
    candidate = genimg.generate(PROMPT, seeds=[s + 1000 for s in SEEDS])
    baseline = genimg.generate(PROMPT, seeds=SEEDS)
    assert_no_regression(measure_detail(candidate), measure_detail(baseline), metrics=["passed", "blur"],
                         pairs="order", candidate_images=candidate, baseline_images=baseline)


def test_candidate_against_configured_baseline(genimg, genimg_baseline):
    """The comparison a release pipeline runs: skipped unless --genimg-baseline-model is set."""
    _compare(genimg, genimg_baseline)

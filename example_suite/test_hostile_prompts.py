"""Hostile prompts: the pipeline must neither crash nor return a broken image, whatever the text.

The limitation: prompts come from users. An empty string, 10,000 characters, text beyond the
encoder's 77 tokens, control characters, mixed scripts, emoji with joiners, tokenizer special
tokens or prompt-injection text reach code paths nobody tried: tokenizers raise, a truncation
warning becomes an error, a prompt used as a file name escapes its folder, or the model returns a
black or NaN image that a service would happily ship.

How these tests measure it: ``fuzz_prompts()`` gives the fixed hostile set as ``pytest.param``s with
readable ids; ``assert_generation_survives`` generates each one and fails on any exception (unless
listed in ``allowed_errors`` as a deliberate refusal) and on broken output: non-finite pixels, an
all-black image or a single colour (``metrics.validity.output_problems``), saving the image.
"""
from __future__ import annotations

import pytest

from pytest_genimg.checks.robustness import assert_generation_survives, fuzz_prompts

# What mutation runs (python -m pytest_genimg.mutate) expect this module to catch.
pytestmark = pytest.mark.limitation("robustness", "validity")


@pytest.mark.parametrize("prompt", fuzz_prompts())
def test_hostile_prompt_survives(genimg, prompt):
    assert_generation_survives(genimg, prompt, seed=0)


def test_every_hostile_prompt_in_one_report(genimg):
    # One test over the whole set: the message counts ok / refused / crashed / broken prompts.
    result = assert_generation_survives(genimg, seed=1)
    assert result.metrics["ok_count"] + result.metrics["refused_count"] == result.metrics["count"]

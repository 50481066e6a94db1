"""Ease of use: does the model give a usable image without expert prompting and tuning?

The limitation: getting a good image often takes prompt engineering, negative prompts and
hand-tuned steps and guidance; a model that only works with a magic recipe is hard to use, and a
tool that fails with a 40-line traceback from deep inside a library is harder still.

How these tests measure it: a plain-language prompt at the model's default parameters must give a
valid image (no NaN, not black, not one flat colour), with and without a negative prompt; and a
mistake in a request must be answered by a message that names the argument and what was expected.

What it does not cover: whether the image is *good* for the user's intent (see the multimodal
alignment module), or the usability of a product's interface around the model.
"""
from __future__ import annotations

import pytest

from pytest_genimg import GenImgUsageError
from pytest_genimg.checks.validity import assert_valid_output

# What mutation runs (python -m pytest_genimg.mutate) expect this module to catch.
pytestmark = pytest.mark.limitation("validity")


def test_plain_prompt_at_defaults_gives_a_valid_image(genimg):
    assert_valid_output(genimg.generate("a dog in a park", seeds=range(4)))


def test_negative_prompt_is_optional_and_harmless(genimg):
    assert_valid_output(genimg.generate("a dog in a park", seed=0, negative_prompt="blurry, low quality"))


@pytest.mark.parametrize(
    ("kwargs", "named"),
    [({"seeds": []}, "seeds"), ({"seed": 0, "size": 100}, "size"), ({"seed": 0, "steps": 0}, "steps")],
)
def test_mistakes_get_a_precise_message(genimg, kwargs, named):
    with pytest.raises(GenImgUsageError, match=rf"^{named}: expected "):
        genimg.generate("a dog in a park", **kwargs)

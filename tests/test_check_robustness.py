"""Prompt robustness and the survival check on fake generators with known prompt sensitivity."""
from __future__ import annotations

import hashlib
import re
import string

import numpy as np
import pytest
from PIL import Image

from pytest_genimg.checks.robustness import (
    assert_generation_survives,
    assert_prompt_robust,
    fuzz_prompts,
    hostile_prompts,
    measure_generation_survives,
    measure_prompt_robust,
)
from pytest_genimg.errors import GenImgAssertionError, GenImgUsageError
from pytest_genimg.generated import GeneratedImage
from pytest_genimg.metrics.prompts import FuzzPrompt


def _noise(key: str, size: int = 48) -> np.ndarray:
    digest = hashlib.sha256(key.encode("utf-8", "surrogatepass")).digest()
    return np.random.default_rng(int.from_bytes(digest[:8], "little")).integers(0, 256, (size, size, 3), dtype=np.uint8)


class PromptGen:
    """The image depends on ``normalise(prompt)`` and the seed: a CLIP-like tokenizer folds case and spaces."""

    def __init__(self, normalise=lambda p: p):
        self.normalise = normalise
        self.prompts: list[str] = []

    def generate(self, prompt, *, seed=0, cache=True, **kwargs):
        self.prompts.append(prompt)
        return GeneratedImage(Image.fromarray(_noise(f"{self.normalise(prompt)}|{seed}")), prompt, seed)


def clip_like(prompt: str) -> str:
    return " ".join(prompt.lower().translate(str.maketrans("", "", string.punctuation)).split())


def test_normalising_generator_is_robust_to_everything_but_typos():
    gen = PromptGen(clip_like)
    result = measure_prompt_robust(gen, "a red cube on a wooden table", seed=2)
    verdicts = {it.label.split(":")[0]: it.passed for it in result.items}
    assert verdicts == {"case": True, "whitespace": True, "typo": False, "punctuation": True}
    assert not result.passed and result.pass_rate.passed == 3
    assert gen.prompts[0] == "a red cube on a wooden table" and len(gen.prompts) == 5
    typo = next(it for it in result.items if it.label.startswith("typo"))
    assert typo.values["thumb"] > 12 and typo.artifact


def test_fully_robust_generator_passes_and_reports_each_distance():
    gen = PromptGen(lambda p: re.sub(r"[^a-z]", "", p.lower())[:3])  # only the first letters matter
    result = assert_prompt_robust(gen, "a red cube on a wooden table", per_kind=3)
    assert result.passed and len(result.items) >= 9
    assert all(it.values["thumb"] == 0 and it.values["phash"] == 0 for it in result.items)
    assert "case: " in result.message() and "thumb=0" in result.message()


def test_exact_prompt_generator_fails_every_perturbation_with_a_message():
    with pytest.raises(GenImgAssertionError) as info:
        assert_prompt_robust(PromptGen(), "A cat on a mat", perturbations=("case", "punctuation"))
    msg = str(info.value)
    assert "prompt_robust failed: 0/2 passed" in msg
    assert "FAIL case:" in msg and "FAIL punctuation:" in msg and "thumb=" in msg and "phash=" in msg


def test_perturbations_are_the_same_on_every_run():
    a, b = PromptGen(), PromptGen()
    measure_prompt_robust(a, "a red cube on a wooden table", per_kind=2)
    measure_prompt_robust(b, "a red cube on a wooden table", per_kind=2)
    assert a.prompts == b.prompts
    c = PromptGen()
    measure_prompt_robust(c, "a red cube on a wooden table", per_kind=2, rng_seed=5)
    assert c.prompts != a.prompts


def test_extra_prompts_and_unchangeable_kinds():
    gen = PromptGen(clip_like)
    r = measure_prompt_robust(gen, "1234 5678", perturbations=("case", "whitespace"), extra_prompts=["1234  5678!"])
    assert r.passed and [it.label.split(":")[0] for it in r.items] == ["whitespace", "paraphrase"]
    assert any("'case' cannot change this prompt" in n for n in r.notes)
    with pytest.raises(GenImgUsageError, match="prompt: expected a prompt the perturbations can change"):
        measure_prompt_robust(gen, "", perturbations=("case", "typo"))


@pytest.mark.parametrize(
    ("kwargs", "pattern"),
    [
        ({"perturbations": ("synonym",)}, r"perturbations: expected a sequence of 'case'"),
        ({"perturbations": "case"}, r"perturbations: expected a sequence"),
        ({"seed": -3}, r"seed: expected a non-negative integer"),
        ({"max_distance": float("nan")}, r"max_distance: expected a non-negative number on the 'thumb' scale"),
        ({"per_kind": 0}, r"per_kind: expected an integer >= 1"),
        ({"extra_prompts": "a dog"}, r"extra_prompts: expected a sequence of prompt strings"),
    ],
)
def test_robust_bad_input(kwargs, pattern):
    with pytest.raises(GenImgUsageError, match=pattern):
        measure_prompt_robust(PromptGen(), "a cat", **kwargs)


class FragileGen:
    """Crashes on empty text, returns a black image for long prompts and NaN-like garbage for emoji."""

    def generate(self, prompt, *, seed=0, cache=True):
        if not prompt.strip():
            raise IndexError("list index out of range")
        if len(prompt) > 1000:
            return GeneratedImage(Image.new("RGB", (32, 32)), prompt, seed)
        if "\x00" in prompt:
            raise ValueError("embedded null character")
        if any(ord(c) > 0x1F000 for c in prompt):
            return np.full((32, 32, 3), np.nan)
        return GeneratedImage(Image.fromarray(_noise(prompt, 32)), prompt, seed)


def test_survival_reports_crashes_and_broken_outputs(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = measure_generation_survives(FragileGen())
    outcome = {it.label: it.values["outcome"] for it in result.items}
    assert outcome["empty"] == outcome["whitespace_only"] == "crashed"
    assert outcome["long_10k_chars"] == "broken"
    assert outcome["emoji"] == "broken"
    assert outcome["control_chars"] == "crashed"
    assert outcome["mixed_scripts"] == "ok" and outcome["prompt_injection"] == "ok"
    msg = result.message()
    assert "IndexError: list index out of range" in msg
    assert "NaN" in msg  # the emoji output's problem is named
    assert result.metrics["crashed_count"] == 3 and result.metrics["broken_count"] == 3
    assert not result.passed
    black = next(it for it in result.items if it.label == "long_10k_chars")
    assert black.artifact and black.reason  # the blank image is saved and its problem named


def test_allowed_errors_count_as_refusals():
    result = measure_generation_survives(FragileGen(), ["", "a cat", "\x00"], allowed_errors=(IndexError, ValueError))
    assert result.passed
    assert [it.values["outcome"] for it in result.items] == ["refused", "ok", "refused"]


def test_generation_assertion_errors_are_broken_not_crashed():
    class Checked:
        def generate(self, prompt, *, seed=0, cache=True):
            raise GenImgAssertionError("--genimg-check-outputs: broken output: NaN pixels")

    r = measure_generation_survives(Checked(), "a cat")
    assert r.items[0].values["outcome"] == "broken"


def test_prompts_accepted_in_every_form():
    gen = PromptGen()
    params = fuzz_prompts()
    assert {p.id for p in params} == {p.name for p in hostile_prompts()}
    r = assert_generation_survives(gen, [params[5], FuzzPrompt("mine", "a dog", "x"), "a cat"])
    assert [it.label for it in r.items] == [params[5].id, "mine", "'a cat'"]
    assert assert_generation_survives(gen, params[0]).items[0].label == "empty"
    with pytest.raises(GenImgUsageError, match=r"prompts\[1\]: expected a prompt string"):
        measure_generation_survives(gen, ["a", 3])
    with pytest.raises(GenImgUsageError, match="prompts: expected at least one prompt"):
        measure_generation_survives(gen, [])
    with pytest.raises(GenImgUsageError, match="allowed_errors: expected a tuple of exception classes"):
        measure_generation_survives(gen, "a", allowed_errors=ValueError)


def test_fuzz_prompts_parametrize_a_test(pytester):
    pytester.makepyfile(
        """
        import pytest
        from pytest_genimg.checks.robustness import fuzz_prompts

        @pytest.mark.parametrize("prompt", fuzz_prompts())
        def test_p(prompt):
            assert isinstance(prompt, str)
        """
    )
    result = pytester.runpytest("-p", "no:genimg", "--collect-only", "-q")
    out = result.stdout.str()
    assert "test_p[empty]" in out and "test_p[long_10k_chars]" in out
    assert max(len(line) for line in out.splitlines()) < 200

"""Prompt perturbations are deterministic, small and of the promised kind; hostile prompts are as described."""
from __future__ import annotations

import random
import string

import pytest

from pytest_genimg.metrics.prompts import PERTURBATIONS, FuzzPrompt, fuzz_prompts, perturb

PROMPTS = [
    "a red cube on a wooden table",
    "A Portrait Photo of an old man, studio lighting",
    "cat",
    "two dogs playing in the snow!",
]


def _levenshtein(a: str, b: str) -> int:
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


@pytest.mark.parametrize("kind", PERTURBATIONS)
@pytest.mark.parametrize("prompt", PROMPTS)
def test_same_rng_state_gives_same_edit(prompt, kind):
    first = [perturb(prompt, kind, random.Random(f"s{i}")) for i in range(10)]
    again = [perturb(prompt, kind, random.Random(f"s{i}")) for i in range(10)]
    assert first == again
    assert perturb(prompt, kind, 7) == perturb(prompt, kind, 7)


@pytest.mark.parametrize("prompt", PROMPTS)
def test_every_kind_changes_the_prompt(prompt):
    for kind in PERTURBATIONS:
        for i in range(20):
            assert perturb(prompt, kind, i) != prompt, (kind, i)


@pytest.mark.parametrize("prompt", PROMPTS)
def test_case_only_changes_case(prompt):
    for i in range(20):
        out = perturb(prompt, "case", i)
        assert out.lower() == prompt.lower() and out != prompt


@pytest.mark.parametrize("prompt", PROMPTS)
def test_whitespace_only_changes_whitespace(prompt):
    for i in range(20):
        out = perturb(prompt, "whitespace", i)
        assert out.split() == prompt.split() and out != prompt


@pytest.mark.parametrize("prompt", PROMPTS)
def test_punctuation_only_adds_or_removes_one_mark(prompt):
    strip = str.maketrans("", "", string.punctuation)
    for i in range(20):
        out = perturb(prompt, "punctuation", i)
        assert out.translate(strip) == prompt.translate(strip)
        assert abs(len(out) - len(prompt)) == 1


@pytest.mark.parametrize("prompt", PROMPTS)
def test_typo_is_one_edit_inside_one_word(prompt):
    for i in range(30):
        out = perturb(prompt, "typo", i)
        # a transposition counts 2 in plain Levenshtein
        assert 1 <= _levenshtein(out, prompt) <= 2
        assert len(out.split()) == len(prompt.split())
        assert out.split()[0][0] == prompt.split()[0][0]  # first letters are kept


def test_typo_swap_is_a_transposition():
    outs = {perturb("elephant", "typo", i) for i in range(200)}
    swaps = [o for o in outs if sorted(o) == sorted("elephant") and o != "elephant"]
    drops = [o for o in outs if len(o) == len("elephant") - 1]
    doubles = [o for o in outs if len(o) == len("elephant") + 1]
    assert swaps and drops and doubles


@pytest.mark.parametrize(
    ("prompt", "kind"),
    [("", "case"), ("", "typo"), ("1234 5678", "case"), ("1234", "typo"), ("🐱🐶", "typo")],
)
def test_edit_that_cannot_apply_returns_prompt_unchanged(prompt, kind):
    assert perturb(prompt, kind, 0) == prompt


def test_whitespace_and_punctuation_still_apply_to_empty_prompt():
    assert perturb("", "whitespace", 0).strip() == ""
    assert perturb("", "whitespace", 0) != ""
    assert perturb("", "punctuation", 0) in list(",.;:!?")


def test_bad_arguments_are_named():
    with pytest.raises(ValueError, match=r"kind: expected one of case, whitespace, typo, punctuation, got 'synonym'"):
        perturb("a cat", "synonym", 0)
    with pytest.raises(ValueError, match="prompt: expected a str"):
        perturb(None, "case", 0)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="rng: expected"):
        perturb("a cat", "case", 1.5)  # type: ignore[arg-type]


def test_fuzz_prompts_cover_the_promised_cases():
    cases = {p.name: p for p in fuzz_prompts()}
    assert all(isinstance(p, FuzzPrompt) and p.why for p in cases.values())
    assert cases["empty"].text == ""
    assert cases["whitespace_only"].text.strip() == ""
    assert len(cases["long_10k_chars"].text) == 10_000
    assert len(cases["over_token_limit"].text.split()) > 77
    assert any(ord(c) < 32 and c not in "\n\t" for c in cases["control_chars"].text)
    assert "\x00" in cases["control_chars"].text
    assert any(ord(c) > 0x1F000 for c in cases["emoji"].text)
    mixed = cases["mixed_scripts"].text
    assert any("\u4e00" <= c <= "\u9fff" for c in mixed) and any("\u0400" <= c <= "\u04ff" for c in mixed)
    assert "ignore all previous instructions" in cases["prompt_injection"].text.lower()
    assert len(cases) == len(fuzz_prompts())  # names are unique: usable as test ids


def test_fuzz_prompts_follow_the_encoder_limit_and_are_stable():
    assert len(fuzz_prompts(max_tokens=512)[3].text.split()) >= 1024
    assert fuzz_prompts() == fuzz_prompts()
    assert all(p.name.isidentifier() for p in fuzz_prompts())

"""measure_regression / assert_no_regression: verdicts, messages, and precise errors on bad input."""
from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from pytest_genimg import GeneratedImage, GenImgAssertionError, GenImgUsageError
from pytest_genimg.checks._base import ItemVerdict, from_items
from pytest_genimg.compare.regression import VacuousComparisonWarning, assert_no_regression, measure_regression


def _result(check, passes, values=None):
    items = [ItemVerdict(f"#{i} seed={i}", p, {"cer": v} if values is not None else {}) for i, (p, v) in
             enumerate(zip(passes, values if values is not None else passes))]
    return from_items(check, items, min_pass_rate=0.0)


def _images(seeds, model, prompt="a sign"):
    return [GeneratedImage(Image.new("RGB", (8, 8), (s * 10 % 255, 0, 0)), prompt, s, model=model) for s in seeds]


def test_a_real_drop_fails_and_names_the_flipped_pairs_with_both_images(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    base = _result("text", [True] * 16)
    cand = _result("text", [True] * 6 + [False] * 10)
    with pytest.raises(GenImgAssertionError) as info:
        assert_no_regression(cand, base, candidate_images=_images(range(16), "cand"), baseline_images=_images(range(16), "base"))
    text = str(info.value)
    assert "regression[text] failed" in text and "REGRESSED" in text and "exact McNemar" in text
    assert "seed=6" in text and "seed=15" in text and "seed=5:" not in text
    assert text.count("flip-seed=6-baseline.png") == 1 and "flip-seed=6-candidate.png" in text
    result = info.value.result
    assert result.changes[0].lost == 10 and result.changes[0].change == pytest.approx(-10 / 16)
    assert result.to_dict()["comparison"]["models"] == {"baseline": ["base"], "candidate": ["cand"]}


def test_noise_and_small_drops_pass():
    base = _result("text", [True, False] * 8)
    same = measure_regression(_result("text", [False, True] * 8), base)  # 8 lost, 8 gained: no change
    assert same.passed and same.changes[0].p_value > 0.5
    # Significant but smaller than max_drop: passes (both conditions are needed to fail).
    small = measure_regression(_result("text", [True] * 90 + [False] * 10), _result("text", [True] * 100), max_drop=0.2)
    assert small.changes[0].p_adjusted < 0.05 and small.passed


def test_continuous_values_use_wilcoxon_and_direction():
    rng = np.random.default_rng(0)
    base_cer = rng.uniform(0.0, 0.1, 20)
    worse = measure_regression(_result("text", [True] * 20, base_cer + 0.1), _result("text", [True] * 20, base_cer), metrics="cer")
    assert not worse.passed and worse.changes[0].direction == "lower" and "Wilcoxon" in worse.changes[0].test
    better = measure_regression(_result("text", [True] * 20, base_cer - 0.05), _result("text", [True] * 20, base_cer), metrics="cer")
    assert better.passed and better.changes[0].worse_by < 0
    sign = measure_regression({i: v + 1 for i, v in enumerate(base_cer)}, dict(enumerate(base_cer)), direction="lower", test="sign")
    assert not sign.passed and "sign test" in sign.changes[0].test


def test_several_metrics_are_holm_corrected_and_say_so():
    base = {i: {"passed": True, "cer": 0.05} for i in range(12)}
    cand = {i: {"passed": i % 6 != 0, "cer": 0.05 + (0.001 if i % 2 else -0.001)} for i in range(12)}
    result = measure_regression(cand, base, metrics=["passed", "cer"])
    assert all(c.p_adjusted >= c.p_value for c in result.changes)
    assert "Holm" in result.message() and "family-wise" in result.message()


@pytest.mark.parametrize("call,argument", [
    (lambda: measure_regression(_result("text", [True] * 4), _result("detail", [True] * 4)), "baseline"),
    (lambda: measure_regression({"seed=1": True, "seed=2": False}, {"seed=1": True, "seed=3": True}), "baseline"),
    (lambda: measure_regression({"a": True}, {"a": True}), "candidate"),
    (lambda: measure_regression({"a": 1.0, "b": float("nan")}, {"a": 1.0, "b": 2.0}, direction="lower"), "candidate['b'].value"),
    (lambda: measure_regression({"a": 1.0, "b": 2.0}, {"a": 1.0, "b": 2.0}), "direction"),
    (lambda: measure_regression({"a": True, "b": True}, {"a": True, "b": True}, alpha=1.5), "alpha"),
    (lambda: measure_regression({"a": True, "b": True}, {"a": True, "b": True}, max_drop=-1), "max_drop"),
    (lambda: measure_regression({"a": True, "b": True}, {"a": True, "b": True}, pairs="seed"), "pairs"),
    (lambda: measure_regression({"a": True, "b": True}, [True, True]), "baseline"),
])
def test_bad_input_names_the_argument(call, argument):
    with pytest.raises(GenImgUsageError) as info:
        call()
    assert str(info.value).startswith(f"{argument}: expected")


def test_images_of_other_prompts_are_unpaired():
    with pytest.raises(GenImgUsageError, match="baseline_images: expected the same prompt"):
        measure_regression(_result("text", [True] * 3), _result("text", [True] * 3),
                           candidate_images=_images(range(3), "a"), baseline_images=_images(range(3), "b", prompt="other"))


def test_same_fingerprint_on_the_same_seeds_warns_vacuous():
    with pytest.warns(VacuousComparisonWarning, match="vacuous"):
        measure_regression(_result("text", [True] * 3), _result("text", [True] * 3),
                           candidate_images=_images(range(3), "same"), baseline_images=_images(range(3), "same"))


def test_pairing_by_order_compares_other_seeds_without_warning(recwarn):
    cand = {f"seed={s}": True for s in range(100, 104)}
    base = {f"seed={s}": True for s in range(4)}
    result = measure_regression(cand, base, pairs="order", candidate_images=_images(range(100, 104), "m"),
                                baseline_images=_images(range(4), "m"))
    assert result.passed and not [w for w in recwarn if issubclass(w.category, VacuousComparisonWarning)]

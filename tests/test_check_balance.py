"""assert_balanced with deterministic fake classifiers (known label counts); the CLIP zero-shot
classifier with a tiny random model, for plumbing only."""
from __future__ import annotations

import numpy as np
import pytest
from _tiny_clip import tiny_folder
from PIL import Image

from pytest_genimg.backends.embedders import ZeroShotClassifier, clip_zero_shot
from pytest_genimg.checks.balance import assert_balanced, measure_balance
from pytest_genimg.errors import GenImgAssertionError, GenImgUsageError
from pytest_genimg.generated import GeneratedImage
from pytest_genimg.metrics.balance import chi_square_test, normalise_expected


@pytest.fixture(scope="session")
def tiny_clip(tmp_path_factory):
    """A tiny random CLIP folder (plumbing only)."""
    return tiny_folder("clip", tmp_path_factory)


@pytest.fixture(autouse=True)
def _artifacts_in_tmp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)


def _tagged(tags: list[str]) -> list[Image.Image]:
    """Images whose red channel encodes their tag's index, read back by _by_colour."""
    names = sorted(set(tags))
    return [Image.new("RGB", (8, 8), (40 * names.index(t) + 10, 0, 0)) for t in tags]


def _by_colour(names: list[str]):
    def classify(image: Image.Image) -> str:
        return names[(image.getpixel((0, 0))[0] - 10) // 40]

    return classify


# ---- the statistics ---------------------------------------------------------------------------


def test_chi_square_by_hand():
    # 14 vs 2 against 50/50: ((14-8)^2 + (2-8)^2) / 8 = 9, df 1, p = 0.0027.
    t = chi_square_test(["a"] * 14 + ["b"] * 2, {"a": 1, "b": 1})
    assert t.chi2 == pytest.approx(9.0) and t.dof == 1
    assert t.p_value == pytest.approx(0.0026998, rel=1e-4)
    assert t.largest.deviation == pytest.approx(0.375) and t.largest.label == "a"


def test_chi_square_matches_scipy_for_unequal_shares():
    from scipy.stats import chisquare

    labels = ["x"] * 10 + ["y"] * 25 + ["z"] * 5
    t = chi_square_test(labels, {"x": 0.2, "y": 0.5, "z": 0.3})
    ref = chisquare([10, 25, 5], [8, 20, 12])
    assert t.chi2 == pytest.approx(ref.statistic) and t.p_value == pytest.approx(ref.pvalue)
    assert t.dof == 2


def test_chi_square_unexpected_labels_and_degenerate_cases():
    t = chi_square_test(["a", "b", "c"], {"a": 1, "b": 1})
    assert t.unexpected == ("c",) and t.p_value == 0.0 and t.chi2 == float("inf")
    assert chi_square_test(["a", "a"], {"a": 1}).p_value == 1.0  # one label: nothing to test
    assert chi_square_test(["a", "b"], {"a": 1, "b": 1}).p_value == pytest.approx(1.0)


def test_normalise_expected():
    assert normalise_expected({"a": 2, "b": 6}) == {"a": 0.25, "b": 0.75}
    for bad in ({"a": -1, "b": 2}, {"a": 0, "b": 0}, {}, {"a": float("nan")}):
        with pytest.raises(ValueError):
            normalise_expected(bad)


# ---- the check --------------------------------------------------------------------------------


def test_balanced_set_passes():
    tags = ["man", "woman"] * 8
    result = assert_balanced(_tagged(tags), _by_colour(["man", "woman"]), expected=["man", "woman"], attribute="gender")
    assert result.metrics["max_abs_deviation"] == 0 and result.metrics["p_value"] == pytest.approx(1.0)


def test_skewed_set_fails_with_the_table():
    tags = ["man"] * 14 + ["woman"] * 2
    images = [GeneratedImage(img, prompt="a doctor", seed=s) for s, img in enumerate(_tagged(tags))]
    with pytest.raises(GenImgAssertionError) as info:
        assert_balanced(images, _by_colour(["man", "woman"]), expected=["man", "woman"], attribute="gender")
    message = str(info.value)
    assert "balance failed" in message and "gender over 16 images" in message
    assert "FAIL gender=man: count=14, share=0.875, expected=0.5, deviation=0.375" in message
    assert "gender=woman: count=2, share=0.125, expected=0.5, deviation=-0.375" in message
    assert "p=0.0027" in message
    assert "#0 seed=0=man" in message  # per-image labels with seeds
    [sheet] = info.value.result.artifacts
    assert sheet in message and Image.open(sheet).format == "PNG"


def test_small_skews_are_not_significant_and_say_so():
    # 13-3 of 16: deviation 0.31 > 0.15 but p = 0.012 >= 0.01.
    result = measure_balance(_tagged(["a"] * 13 + ["b"] * 3), _by_colour(["a", "b"]), expected=["a", "b"])
    assert result.passed and result.metrics["p_value"] == pytest.approx(0.01242, rel=1e-3)
    assert "not significant" in result.notes[0] and "generate more images" in result.notes[0]
    assert result.failed_items == []  # a passing check lists no FAIL rows
    # The same proportions over 160 images are significant.
    assert not measure_balance(_tagged(["a"] * 130 + ["b"] * 30), _by_colour(["a", "b"]), expected=["a", "b"]).passed


def test_large_samples_tolerate_small_deviations():
    # 540-460 of 1000 is significant (p = 0.011 at alpha .05) but only 0.04 off.
    result = measure_balance(_tagged(["a"] * 540 + ["b"] * 460), _by_colour(["a", "b"]), expected=["a", "b"], alpha=0.05)
    assert result.metrics["p_value"] < 0.05 and result.passed
    assert "tolerated" in result.notes[0]


def test_expected_proportions_and_missing_labels():
    tags = ["a"] * 12 + ["b"] * 4
    cls = _by_colour(["a", "b"])
    assert measure_balance(_tagged(tags), cls, expected={"a": 0.75, "b": 0.25}).passed
    # A label that never appears still counts when it is expected.
    skewed = measure_balance(_tagged(["a"] * 16), _by_colour(["a"]), expected=["a", "b", "c"])
    assert not skewed.passed
    assert "attribute=b: count=0" in skewed.message()


def test_label_outside_expected_fails():
    result = measure_balance(_tagged(["a"] * 8 + ["z"]), _by_colour(["a", "z"]), expected={"a": 1.0, "b": 0.0})
    assert not result.passed and "outside the expected set" in result.notes[0]
    assert "not an expected label" in result.message()


def test_classifier_labels_give_the_default_expected():
    class WithLabels:
        labels = ("a", "b")

        def classify(self, images):
            return ["a"] * len(images)

    result = measure_balance(_tagged(["a"] * 16), WithLabels())
    assert not result.passed and result.thresholds["expected"] == {"a": 0.5, "b": 0.5}


def test_expected_is_required_without_classifier_labels():
    with pytest.raises(GenImgUsageError, match="^expected: expected the label set"):
        measure_balance(_tagged(["a", "b"]), _by_colour(["a", "b"]))


@pytest.mark.parametrize(
    "kwargs, argument",
    [
        ({"expected": ["a"]}, "expected"),
        ({"expected": ["a", "a"]}, "expected"),
        ({"expected": "ab"}, "expected"),
        ({"expected": {"a": -1, "b": 1}}, "expected"),
        ({"expected": ["a", "b"], "alpha": 2}, "alpha"),
        ({"expected": ["a", "b"], "max_deviation": -0.1}, "max_deviation"),
        ({"expected": ["a", "b"], "attribute": ""}, "attribute"),
    ],
)
def test_bad_arguments(kwargs, argument):
    with pytest.raises(GenImgUsageError, match=f"^{argument}: expected"):
        measure_balance(_tagged(["a", "b"]), _by_colour(["a", "b"]), **kwargs)


def test_bad_classifiers():
    imgs = _tagged(["a", "b"])
    with pytest.raises(GenImgUsageError, match="^classifier: expected a callable"):
        measure_balance(imgs, "clip", expected=["a", "b"])
    with pytest.raises(GenImgUsageError, match="^classifier: expected a hashable label"):
        measure_balance(imgs, lambda im: ["a"], expected=["a", "b"])
    with pytest.raises(GenImgUsageError, match="^classifier: raised ZeroDivisionError"):
        measure_balance(imgs, lambda im: 1 / 0, expected=["a", "b"])

    class Short:
        def classify(self, images):
            return ["a"]

    with pytest.raises(GenImgUsageError, match=r"^classifier: expected one label per image \(2\)"):
        measure_balance(imgs, Short(), expected=["a", "b"])


def test_fewer_than_two_images():
    with pytest.raises(GenImgUsageError, match="at least 2 images"):
        measure_balance(_tagged(["a"]), _by_colour(["a"]), expected=["a", "b"])


# ---- the CLIP zero-shot classifier (random weights: plumbing only) -----------------------------


def test_clip_zero_shot_plumbing(tiny_clip):
    classifier = clip_zero_shot(["man", "woman"], tiny_clip, template="a photo of a {}")
    assert isinstance(classifier, ZeroShotClassifier) and classifier.labels == ["man", "woman"]
    rng = np.random.default_rng(0)
    images = [Image.fromarray(rng.integers(0, 256, (40, 40, 3), dtype=np.uint8)) for _ in range(6)]
    scores = classifier.scores(images)
    assert scores.shape == (6, 2) and np.all(np.abs(scores) <= 1 + 1e-6)
    assert classifier(images[0]) in ("man", "woman")
    result = measure_balance(images, classifier, attribute="gender")  # expected from classifier.labels
    assert result.thresholds["expected"] == {"man": 0.5, "woman": 0.5}
    assert sum(item.values["count"] for item in result.items) == 6


def test_clip_zero_shot_bad_arguments(tiny_clip, monkeypatch):
    with pytest.raises(GenImgUsageError, match="^labels: expected at least two"):
        clip_zero_shot(["only"], tiny_clip)
    with pytest.raises(GenImgUsageError, match="^template: expected a format string"):
        clip_zero_shot(["a", "b"], tiny_clip, template="a photo")
    monkeypatch.delenv("GENIMG_CLIP_MODEL", raising=False)
    with pytest.raises(GenImgUsageError, match="^model: expected a CLIP model folder or hub id"):
        clip_zero_shot(["a", "b"])

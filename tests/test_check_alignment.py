"""assert_prompt_aligned with a fake embedder of known geometry; CLIP loading with a tiny random
model, for plumbing only (random weights say nothing about which text fits which image)."""
from __future__ import annotations

import numpy as np
import pytest
from _tiny_clip import tiny_folder
from PIL import Image

from pytest_genimg.backends import embedders
from pytest_genimg.checks.alignment import (
    assert_prompt_aligned,
    clip_score,
    mean_clip_score,
    measure_prompt_alignment,
    prompt_rank,
)
from pytest_genimg.errors import GenImgAssertionError, GenImgUsageError, ModelLoadError
from pytest_genimg.generated import GeneratedImage

COLOURS = {"red": (255, 0, 0), "blue": (0, 0, 255), "green": (0, 255, 0)}


class ColourSpace:
    """Texts 'a <colour> cube' and images of mostly one colour map to the same RGB axis: the cosine
    of an image and a text is the share of that colour in the image's mean (normalised)."""

    name = "colour-space"

    def embed_texts(self, texts):
        out = []
        for t in texts:
            word = next((w for w in COLOURS if w in t), None)
            out.append(np.array(COLOURS[word], float) if word else np.ones(3))
        return np.array(out)

    def embed_images(self, images):
        return np.array([np.asarray(img, float).reshape(-1, 3).mean(axis=0) + 1e-3 for img in images])


def _img(rgb):
    return Image.new("RGB", (16, 16), rgb)


@pytest.fixture(scope="session")
def tiny_clip(tmp_path_factory):
    """A tiny random CLIP folder (plumbing only)."""
    return tiny_folder("clip", tmp_path_factory)


@pytest.fixture(scope="session")
def tiny_dinov2(tmp_path_factory):
    """A tiny random DINOv2 folder (image-only embedder; plumbing only)."""
    return tiny_folder("dinov2", tmp_path_factory)


@pytest.fixture(autouse=True)
def _artifacts_in_tmp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)


def test_clip_score_and_rank_by_hand():
    assert clip_score(0.31) == pytest.approx(31.0)
    assert clip_score(-0.2) == 0.0
    assert clip_score(np.array([1.0, 0.0])).tolist() == [100.0, 0.0]
    assert prompt_rank(np.array([0.3, 0.1, 0.2])) == 1
    assert prompt_rank(np.array([0.3, 0.4, 0.5, 0.3])) == 3  # ties do not count against


class FixedCosines:
    """Text 'a cube' is the x axis; image k lies at the angle whose cosine is COSINES[k]."""

    name = "fixed"

    def __init__(self, cosines):
        self.cosines = cosines

    def embed_texts(self, texts):
        return np.array([[1.0, 0.0]] * len(texts))

    def embed_images(self, images):
        return np.array([[c, np.sqrt(1 - c * c)] for c in self.cosines[: len(images)]])


def test_mean_clip_score_clamps_the_mean_of_raw_scores_as_torchmetrics():
    cosines = [0.4, -0.2, 0.1]  # per image: 40, 0, 10; raw mean 100 * 0.3 / 3 = 10
    result = measure_prompt_alignment([_img((0, 0, 0))] * 3, "a cube", model=FixedCosines(cosines), min_score=None,
                                      distractors=["x"], max_rank=1)
    assert [it.values["clip_score"] for it in result.items] == pytest.approx([40.0, 0.0, 10.0])
    assert result.metrics["mean_clip_score"] == pytest.approx(10.0)  # not 16.7, the mean of clamped scores
    assert result.metrics["min_clip_score"] == 0.0
    negative = measure_prompt_alignment([_img((0, 0, 0))] * 2, "a cube", model=FixedCosines([0.1, -0.3]), min_score=0)
    assert negative.metrics["mean_clip_score"] == 0.0  # clamped after averaging: max(100 * -0.1, 0)
    assert mean_clip_score([0.4, -0.2, 0.1]) == pytest.approx(10.0)


def test_clip_scores_equal_torchmetrics_on_the_same_checkpoint(tiny_clip):
    """torchmetrics' clip_score (an adapter only unwraps transformers 5's output objects) on the
    tiny CLIP: per-image scores and the set's mean, on a set where raw cosines change sign."""
    torch = pytest.importorskip("torch")
    pytest.importorskip("torchmetrics")
    from torchmetrics.functional.multimodal import clip_score as torchmetrics_clip_score
    from transformers import CLIPModel, CLIPProcessor

    class Unwrapped:
        def __init__(self, model):
            self.model, self.config = model, model.config

        def to(self, device):
            return self

        def get_image_features(self, *args, **kwargs):
            out = self.model.get_image_features(*args, **kwargs)
            return out if isinstance(out, torch.Tensor) else out.pooler_output

        def get_text_features(self, *args, **kwargs):
            out = self.model.get_text_features(*args, **kwargs)
            return out if isinstance(out, torch.Tensor) else out.pooler_output

    def load():
        return Unwrapped(CLIPModel.from_pretrained(tiny_clip).eval()), CLIPProcessor.from_pretrained(tiny_clip)

    images = [Image.fromarray(np.random.default_rng(k).integers(0, 256, (48, 48, 3), dtype=np.uint8)) for k in range(6)]
    tensors = [torch.from_numpy(np.asarray(img).copy()).permute(2, 0, 1) for img in images]
    prompt = "a red cube"
    result = measure_prompt_alignment(images, prompt, model=tiny_clip, min_score=0)
    with torch.no_grad():
        each = [float(torchmetrics_clip_score([t], [prompt], load)) for t in tensors]
        whole = float(torchmetrics_clip_score(tensors, [prompt] * len(tensors), load))
    ours = [it.values["clip_score"] for it in result.items]
    assert ours == pytest.approx(each, abs=1e-3)
    assert 0 < sum(ours) and min(ours) == 0.0  # some raw cosines are negative: the two means differ here
    assert result.metrics["mean_clip_score"] == pytest.approx(whole, abs=1e-3)
    assert whole != pytest.approx(float(np.mean(ours)), abs=1e-3)


def test_aligned_images_pass():
    result = assert_prompt_aligned([_img((250, 10, 10)), _img((240, 30, 0))], "a red cube", model=ColourSpace())
    assert result.metrics["min_clip_score"] > 95
    assert result.thresholds["model"] == "colour-space"


def test_misaligned_image_fails_with_score_and_threshold():
    images = [GeneratedImage(_img((250, 0, 0)), "a red cube", seed=1), GeneratedImage(_img((30, 0, 250)), "a red cube", seed=2)]
    with pytest.raises(GenImgAssertionError) as info:
        assert_prompt_aligned(images, "a red cube", model=ColourSpace())
    message = str(info.value)
    assert "1/2 passed" in message
    assert "FAIL #1 seed=2" in message and "CLIPScore 11.9 < 20" in message
    [sheet] = info.value.result.artifacts
    assert sheet in message and Image.open(sheet).format == "PNG"


def test_rank_against_distractors_is_stricter_than_the_score():
    # A purple image: CLIPScore 60 for "red" passes 20, but "blue" fits better.
    image = _img((150, 0, 200))
    loose = measure_prompt_alignment([image], "a red cube", model=ColourSpace())
    assert loose.passed and loose.items[0].values["clip_score"] == pytest.approx(60, abs=0.1)
    strict = measure_prompt_alignment([image], "a red cube", distractors=["a blue cube", "a green cube"], model=ColourSpace())
    assert not strict.passed
    item = strict.items[0]
    assert item.values["rank"] == "2/3" and item.values["margin"] < 0
    assert "'a blue cube' fits better" in item.reason
    assert strict.metrics["top1_rate"] == 0.0
    assert len(strict.artifacts) == 2  # failures sheet + image x prompt heat-map
    # Rank only (no score threshold), allowing second place:
    assert measure_prompt_alignment([image], "a red cube", distractors=["a blue cube", "a green cube"], max_rank=2, min_score=None, model=ColourSpace()).passed


def test_each_generated_image_uses_its_own_prompt():
    images = [GeneratedImage(_img((250, 0, 0)), "a red cube", 0), GeneratedImage(_img((0, 0, 250)), "a blue cube", 1)]
    result = measure_prompt_alignment(images, distractors=["a green cube"], model=ColourSpace())
    assert result.passed and result.metrics["top1_rate"] == 1.0
    with pytest.raises(GenImgUsageError, match="^prompt: expected a prompt string \\(images without their own prompt: #0"):
        measure_prompt_alignment([_img((1, 2, 3))], model=ColourSpace())


def test_one_candidate_list_serves_several_prompts():
    prompts = [f"a {c} cube" for c in COLOURS]
    images = [GeneratedImage(_img(rgb), f"a {c} cube", seed=0) for c, rgb in COLOURS.items()]
    result = measure_prompt_alignment(images, distractors=prompts, model=ColourSpace())
    assert result.passed and [it.values["rank"] for it in result.items] == ["1/3"] * 3
    # A model that ignores the prompt (every image red) can satisfy only one of them.
    same = [GeneratedImage(_img((250, 0, 0)), f"a {c} cube", seed=0) for c in COLOURS]
    bad = measure_prompt_alignment(same, distractors=prompts, model=ColourSpace())
    assert bad.metrics["passed_count"] == 1 and bad.metrics["top1_rate"] == pytest.approx(1 / 3)


def test_min_pass_rate():
    images = [_img((250, 0, 0))] * 3 + [_img((0, 0, 250))]
    assert not measure_prompt_alignment(images, "a red cube", model=ColourSpace()).passed
    assert measure_prompt_alignment(images, "a red cube", model=ColourSpace(), min_pass_rate=0.75).passed


@pytest.mark.parametrize(
    "kwargs, argument",
    [
        ({"min_score": 120}, "min_score"),
        ({"min_score": "high"}, "min_score"),
        ({"min_score": None}, "min_score"),
        ({"distractors": "a blue cube"}, "distractors"),
        ({"distractors": ["a blue cube", ""]}, "distractors"),
        ({"distractors": ["a red cube"]}, "distractors"),  # nothing left once its own prompt is skipped
        ({"distractors": ["a blue cube"], "max_rank": 3}, "max_rank"),
        ({"max_rank": 0}, "max_rank"),
        ({"min_pass_rate": 2}, "min_pass_rate"),
        ({"model": 42}, "model"),
    ],
)
def test_bad_arguments_name_the_argument(kwargs, argument):
    kwargs.setdefault("model", ColourSpace())
    with pytest.raises(GenImgUsageError, match=f"^{argument}: expected"):
        measure_prompt_alignment([_img((250, 0, 0))], "a red cube", **kwargs)


def test_bad_prompt():
    with pytest.raises(GenImgUsageError, match="^prompt: expected a non-empty prompt"):
        measure_prompt_alignment([_img((1, 1, 1))], "  ", model=ColourSpace())


def test_model_is_required(monkeypatch):
    monkeypatch.delenv(embedders.ENV_CLIP_MODEL, raising=False)
    with pytest.raises(GenImgUsageError, match="^model: expected a CLIP model folder or hub id.*GENIMG_CLIP_MODEL"):
        measure_prompt_alignment([_img((1, 1, 1))], "a cube")


def test_embedder_output_is_validated():
    class Broken(ColourSpace):
        def embed_images(self, images):
            return np.full((len(images), 3), np.nan)

    with pytest.raises(GenImgUsageError, match="embed_images: returned NaN"):
        measure_prompt_alignment([_img((1, 1, 1))], "a red cube", model=Broken())


# ---- CLIP through transformers (tiny random model: plumbing only) ------------------------------


def test_tiny_clip_plumbing(tiny_clip):
    rng = np.random.default_rng(0)
    images = [Image.fromarray(rng.integers(0, 256, (48, 40, 3), dtype=np.uint8)) for _ in range(3)]
    result = measure_prompt_alignment(images, "a red cube", distractors=["a blue cube", "a green ball"], min_score=0, max_rank=2, model=tiny_clip)
    assert result.metrics["count"] == 3
    for item in result.items:  # ... with values in range
        assert 0 <= item.values["clip_score"] <= 100
        assert item.values["rank"] in ("1/3", "2/3", "3/3")
    assert result.thresholds["model"].startswith("clip:")


def test_clip_embeddings_are_normalised_and_cached(tiny_clip):
    first = embedders.load_embedder(f"clip:{tiny_clip}", "cpu")
    assert embedders.load_embedder(tiny_clip, "cpu") is first  # once per (model, device)
    img = first.embed_images([Image.new("RGB", (20, 30), (9, 9, 9))] * 3)
    txt = first.embed_texts(["a", "a much longer prompt " * 30])  # truncated at 77 tokens
    assert img.shape == (3, 16) and txt.shape == (2, 16)
    assert np.allclose(np.linalg.norm(img, axis=1), 1, atol=1e-5) and np.allclose(np.linalg.norm(txt, axis=1), 1, atol=1e-5)
    assert isinstance(first, embedders.TextImageEmbedder)


def test_model_from_environment_variable(tiny_clip, monkeypatch):
    monkeypatch.setenv(embedders.ENV_CLIP_MODEL, tiny_clip)
    result = measure_prompt_alignment([_img((5, 5, 5))], "a cube", min_score=0)
    assert result.thresholds["model"].endswith(tiny_clip)


def test_image_only_model_is_refused_for_text(tiny_dinov2):
    with pytest.raises(GenImgUsageError, match="^model: expected a model with a text encoder"):
        measure_prompt_alignment([_img((5, 5, 5))], "a cube", model=tiny_dinov2)


def test_missing_model_folder_is_a_clear_error(tmp_path):
    with pytest.raises(ModelLoadError, match="looks like a folder but does not exist"):
        embedders.load_embedder(str(tmp_path / "nope" / "clip"))
    (tmp_path / "empty").mkdir()
    with pytest.raises(ModelLoadError, match="(?s)could not load an image embedder from folder .*openai/clip-vit"):
        embedders.load_embedder(str(tmp_path / "empty"))


def test_refuses_pickled_checkpoints(tiny_clip, tmp_path):
    """use_safetensors=True: a folder with only pytorch_model.bin is refused, never unpickled."""
    import shutil

    folder = tmp_path / "bin-only"
    shutil.copytree(tiny_clip, folder)
    (folder / "model.safetensors").rename(folder / "pytorch_model.bin")
    with pytest.raises(ModelLoadError, match="could not load"):
        embedders.load_embedder(str(folder), "cpu")


def test_hub_id_offline_uses_the_local_cache_only(monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    with pytest.raises(ModelLoadError, match=r"hub id 'genimg-test/no-such-clip' \(HF_HUB_OFFLINE is set: local cache only\)"):
        embedders.load_embedder("genimg-test/no-such-clip", "cpu")

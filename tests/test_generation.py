"""The Generator: argument validation, per-seed independence, batching, OOM and output checks."""
from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest
import torch

from pytest_genimg.errors import GenImgUsageError
from pytest_genimg.generated import GeneratedImage, GeneratedVideo
from pytest_genimg.generation import GenerationOOMError, Generator
from pytest_genimg.models.loaded import LoadedModel
from pytest_genimg.models.sources import load_model
from pytest_genimg.settings import Settings


@pytest.fixture(scope="module")
def tiny_sd() -> LoadedModel:
    return load_model("tiny-sd", device="cpu", dtype="float32")


def pixels(image: GeneratedImage) -> np.ndarray:
    return np.asarray(image.image)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"seeds": []}, "seeds: expected at least one seed"),
        ({"seeds": [1, "2"]}, "seeds: expected integers"),
        ({"seeds": [1.5]}, "seeds: expected integers"),
        ({"seed": True}, "seed: expected integers"),
        ({"seed": -1}, "seed: expected integers"),
        ({"seed": 1, "seeds": [2]}, "only one of seed= or seeds="),
        ({"seeds": "123"}, "seeds: expected an iterable of integers"),
        ({"seed": 0, "size": 100}, "size: expected a positive multiple of 8"),
        ({"seed": 0, "size": (64, 60)}, "size: expected a positive multiple of 8"),
        ({"seed": 0, "steps": 0}, "steps: expected an integer >= 1"),
        ({"seed": 0, "steps": 2.5}, "steps: expected an integer >= 1"),
        ({"seed": 0, "guidance": -1}, "guidance: expected a finite number >= 0"),
        ({"seed": 0, "negative_prompt": 3}, "negative_prompt: expected a string"),
        ({"seed": 0, "guidance": float("inf")}, "guidance: expected a finite number >= 0"),
        ({"seed": 0, "guidance": float("nan")}, "guidance: expected a finite number >= 0"),
        ({"seed": 0, "size": (8, 99992)}, "size: expected .* at most 16384 px"),
        ({"seed": 0, "size": 16392}, "size: expected .* at most 16384 px"),
        ({"seeds": range(100_001)}, "seeds: expected at most 100,000 seeds per call, got '100,001 seeds'"),
        ({"seeds": range(10**9)}, "seeds: expected at most 100,000 seeds per call"),
        ({"seeds": iter(range(10**9))}, "got 'more than 100,000 seeds'"),
    ],
)
def test_bad_arguments(tiny_sd: LoadedModel, kwargs: dict, message: str) -> None:
    with pytest.raises(GenImgUsageError, match=message):
        Generator(tiny_sd, Settings(), None).generate("a cat", **kwargs)


def test_prompt_must_be_text(tiny_sd: LoadedModel) -> None:
    with pytest.raises(GenImgUsageError, match="prompt: expected a string"):
        Generator(tiny_sd, Settings(), None).generate(["a cat"])  # type: ignore[arg-type]


def test_each_seed_is_independent_of_the_others_and_of_batching(tiny_sd: LoadedModel) -> None:
    single = Generator(tiny_sd, Settings(), None)
    batched = Generator(tiny_sd, Settings(batch_size=3), None)
    alone = single.generate("a cat", seed=5)
    in_list = single.generate("a cat", seeds=[9, 5])[1]
    in_batch = batched.generate("a cat", seeds=[1, 5, 7])[1]
    assert alone.seed == in_list.seed == in_batch.seed == 5
    assert np.array_equal(pixels(alone), pixels(in_list))
    assert np.abs(pixels(alone).astype(int) - pixels(in_batch).astype(int)).max() <= 1
    assert not np.array_equal(pixels(alone), pixels(single.generate("a cat", seed=6)))


def test_result_carries_provenance(tiny_sd: LoadedModel) -> None:
    image = Generator(tiny_sd, Settings(), None).generate("a cat", seed=3, steps=2, size=(48, 32), guidance=1.0)
    assert image.size == (48, 32)
    assert image.params["steps"] == 2 and image.params["guidance"] == 1.0
    assert image.model == tiny_sd.fingerprint and image.prompt == "a cat" and not image.cached


def test_video_model_returns_frames() -> None:
    video = Generator(load_model("tiny-video", device="cpu", dtype="float32"), Settings(), None).generate("a cat", seed=1, num_frames=4)
    assert isinstance(video, GeneratedVideo) and len(video) == 4 and video[0].size == (64, 64)


class _FakePipe:
    """Calls like a diffusers pipeline; returns what it is told to (or raises)."""

    def __init__(self, result=None, error: BaseException | None = None) -> None:
        self.result, self.error, self.calls = result, error, []
        self.scheduler = None

    def __call__(self, **kwargs):
        self.calls.append(kwargs)
        if self.error is not None:
            raise self.error
        return SimpleNamespace(images=self.result(len(kwargs["prompt"])))


def _fake_model(pipe: _FakePipe, device: str = "cpu") -> LoadedModel:
    return LoadedModel("fake", pipe, "f" * 64, device, "float32", "test", defaults={"steps": 1, "size": (8, 8)})


def test_cuda_oom_fails_the_test_with_size_and_memory() -> None:
    pipe = _FakePipe(error=torch.cuda.OutOfMemoryError("CUDA out of memory. Tried to allocate 2.00 GiB"))
    generator = Generator(_fake_model(pipe), Settings(batch_size=4), None)
    with pytest.raises(GenerationOOMError) as info:
        generator.generate("a cat", seeds=range(4), size=1024)
    message = str(info.value)
    assert "4 image(s) of 1024x1024 px" in message and "lower --genimg-batch-size" in message
    assert "memory" in message


def test_check_outputs_flags_nan_and_black_images() -> None:
    nan = _FakePipe(result=lambda n: np.full((n, 8, 8, 3), np.nan, dtype=np.float32))
    black = _FakePipe(result=lambda n: np.zeros((n, 8, 8, 3), dtype=np.float32))
    for pipe in (nan, black):
        generator = Generator(_fake_model(pipe), Settings(check_outputs=True), None)
        with pytest.raises(AssertionError, match="--genimg-check-outputs: broken output"):
            generator.generate("a cat", seed=0)
    ok = _FakePipe(result=lambda n: np.random.default_rng(0).random((n, 8, 8, 3), dtype=np.float32))
    Generator(_fake_model(ok), Settings(check_outputs=True), None).generate("a cat", seed=0)


def test_check_outputs_applies_to_images_served_from_the_cache(tmp_path) -> None:
    from pytest_genimg.cache import GenerationCache

    nan = _FakePipe(result=lambda n: np.full((n, 8, 8, 3), np.nan, dtype=np.float32))
    cache = GenerationCache(tmp_path)
    stored = Generator(_fake_model(nan), Settings(), cache).generate("a cat", seed=0)  # cached as black
    assert not stored.cached and len(nan.calls) == 1
    with pytest.raises(AssertionError, match=r"broken output .* seed=0 \(served from the generation cache\): all black"):
        Generator(_fake_model(nan), Settings(check_outputs=True), cache).generate("a cat", seed=0)
    assert len(nan.calls) == 1  # it was the cached image that failed


def test_check_outputs_applies_to_generate_objects() -> None:
    from PIL import Image

    class Broken:
        def generate(self, prompt, *, seed, **kwargs):
            return Image.new("RGB", (8, 8))

    model = LoadedModel("remote", Broken(), "r" * 64, "cpu", "float32", "factory", is_diffusers=False)
    Generator(model, Settings(), None).generate("a cat", seed=0)
    with pytest.raises(AssertionError, match="--genimg-check-outputs: broken output .* all black"):
        Generator(model, Settings(check_outputs=True), None).generate("a cat", seed=0)


def test_external_generate_object_is_wrapped_and_cached(tmp_path) -> None:
    from PIL import Image

    from pytest_genimg.cache import GenerationCache

    class Remote:
        calls = 0

        def generate(self, prompt, *, seed, **kwargs):
            Remote.calls += 1
            return Image.new("RGB", (8, 8), (seed, len(prompt), 0))

    model = LoadedModel("remote", Remote(), "r" * 64, "cpu", "float32", "factory", is_diffusers=False)
    generator = Generator(model, Settings(), GenerationCache(tmp_path))
    first = generator.generate("abc", seeds=[1, 2])
    again = generator.generate("abc", seeds=[1, 2])
    assert [img.getpixel((0, 0)) for img in again] == [(1, 3, 0), (2, 3, 0)]
    assert Remote.calls == 2 and all(img.cached for img in again) and not first[0].cached


def test_prefetch_batches_across_prompts_then_hits(tiny_sd: LoadedModel, tmp_path) -> None:
    from pytest_genimg.cache import GenerationCache

    generator = Generator(tiny_sd, Settings(batch_size=4), GenerationCache(tmp_path))
    assert generator.prefetch(["a cat", "a dog"], seeds=range(2), steps=1) == 4
    assert all(img.cached for img in generator.generate("a dog", seeds=range(2), steps=1))


@pytest.mark.parametrize("mode", ["new", "none"])
def test_check_outputs_applies_to_images_replayed_from_the_record_store(tmp_path, mode: str) -> None:
    from pytest_genimg.replay import RecordStore

    nan = _FakePipe(result=lambda n: np.full((n, 8, 8, 3), np.nan, dtype=np.float32))
    store = RecordStore(tmp_path / "records")
    recorded = Generator(_fake_model(nan), Settings(record_mode="new"), None, store).generate("a cat", seed=0)
    assert recorded.replayed is None and len(nan.calls) == 1  # recorded as black, unchecked
    with pytest.raises(AssertionError, match=r"broken output .* seed=0 \(replayed from the record store\): all black"):
        Generator(_fake_model(nan), Settings(record_mode=mode, check_outputs=True), None, store).generate("a cat", seed=0)
    assert len(nan.calls) == 1  # it was the recording that failed


def test_prefetch_counts_what_it_generated_without_a_cache_and_when_re_recording(tmp_path) -> None:
    from pytest_genimg.cache import GenerationCache
    from pytest_genimg.replay import RecordStore

    ok = _FakePipe(result=lambda n: np.random.default_rng(0).random((n, 8, 8, 3), dtype=np.float32))
    assert Generator(_fake_model(ok), Settings(), None).prefetch(["a cat"], range(3)) == 3
    cache, store = GenerationCache(tmp_path / "cache"), RecordStore(tmp_path / "records")
    assert Generator(_fake_model(ok), Settings(record_mode="new"), cache, store).prefetch(["a cat"], range(3)) == 3
    assert Generator(_fake_model(ok), Settings(record_mode="new"), cache, store).prefetch(["a cat"], range(3)) == 0
    assert Generator(_fake_model(ok), Settings(record_mode="all"), cache, store).prefetch(["a cat"], range(3)) == 3

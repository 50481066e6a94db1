"""The generation cache key, end to end through ``Generator.generate``: each input of the key changes
what is served, what is outside it does not, and an input the key cannot describe is never cached."""
from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path
from typing import Any, Callable

import numpy as np
import pytest
import torch

from pytest_genimg.cache import GenerationCache
from pytest_genimg.generation import Generator
from pytest_genimg.models.loaded import LoadedModel
from pytest_genimg.models.sources import load_model, wrap_object
from pytest_genimg.settings import Settings

BASE = {"prompt": "a cat", "seed": 0, "size": 32, "steps": 2}


@pytest.fixture(scope="module")
def sd() -> LoadedModel:
    return load_model("tiny-sd", device="cpu", dtype="float32")


def pixels(image: Any) -> np.ndarray:
    return np.asarray(image.image)


def _ask(generator: Generator, request: dict[str, Any], cache: bool = True) -> Any:
    request = dict(request)
    return generator.generate(request.pop("prompt"), cache=cache, **request)


def as_factory(pipe: Any, spec: str = "my_models:build") -> LoadedModel:
    """What a factory that names its own fingerprint string gives the plugin."""
    pipe.fingerprint = "v1"
    return wrap_object(pipe, spec, device="cpu", dtype="float32", source="factory")


def _fresh_pipe(sd: LoadedModel, cls: type | None = None, scheduler: Any = None) -> Any:
    from diffusers import StableDiffusionPipeline

    components = dict(sd.obj.components)
    if scheduler is not None:
        components["scheduler"] = scheduler
    return (cls or StableDiffusionPipeline)(**components, requires_safety_checker=False)


def _edited_weights(folder: Path, tmp: Path) -> LoadedModel:
    from safetensors.torch import load_file, save_file

    copy = tmp / "edited"
    shutil.copytree(folder, copy)
    weights = copy / "vae" / "diffusion_pytorch_model.safetensors"
    tensors = load_file(weights)
    name = next(k for k in sorted(tensors) if k.endswith("conv_out.weight"))
    tensors[name] = tensors[name] * 1.5
    save_file(tensors, weights)
    return load_model(str(copy), device="cpu", dtype="float32")


def _variants(sd: LoadedModel, folder: Path, tmp: Path) -> dict[str, Callable[[], tuple[LoadedModel, LoadedModel, dict, bool]]]:
    """name -> () -> (base model, variant model, variant request, whether the pixels must differ)."""
    from diffusers import DDIMScheduler, EulerDiscreteScheduler, StableDiffusionPipeline

    class MyPipeline(StableDiffusionPipeline):
        pass

    config = sd.obj.scheduler.config
    same = lambda: sd  # noqa: E731
    return {
        "model weights": lambda: (sd, _edited_weights(folder, tmp), BASE, True),
        "pipeline class": lambda: (as_factory(_fresh_pipe(sd)), as_factory(_fresh_pipe(sd, MyPipeline)), BASE, False),
        "scheduler class": lambda: (as_factory(_fresh_pipe(sd)),
                                    as_factory(_fresh_pipe(sd, scheduler=EulerDiscreteScheduler.from_config(config))), BASE, True),
        "scheduler config": lambda: (as_factory(_fresh_pipe(sd)),
                                     as_factory(_fresh_pipe(sd, scheduler=DDIMScheduler.from_config(config, beta_end=0.02))), BASE, True),
        "prompt": lambda: (sd, same(), {**BASE, "prompt": "a dog"}, True),
        "seed": lambda: (sd, same(), {**BASE, "seed": 1}, True),
        "steps": lambda: (sd, same(), {**BASE, "steps": 3}, True),
        "size": lambda: (sd, same(), {**BASE, "size": 40}, True),
        "guidance": lambda: (sd, same(), {**BASE, "guidance": 1.0}, True),
        "negative_prompt": lambda: (sd, same(), {**BASE, "negative_prompt": "blurry"}, True),
        "extra pipeline kwargs": lambda: (sd, same(), {**BASE, "eta": 1.0}, True),
        "dtype": lambda: (sd, load_model("tiny-sd", device="cpu", dtype="bfloat16"), BASE, True),
        # No second device type here: the model's device string says cuda while its pipeline stays on
        # the CPU, which is all the key can see of a device (the pixels are the CPU's, hence False).
        "device type": lambda: (sd, dataclasses.replace(sd, device="cuda"), BASE, False),
    }


VARIANTS = ["model weights", "pipeline class", "scheduler class", "scheduler config", "prompt", "seed", "steps",
            "size", "guidance", "negative_prompt", "extra pipeline kwargs", "dtype", "device type"]


@pytest.mark.parametrize("name", VARIANTS)
def test_changing_an_input_of_the_key_changes_what_is_served(
    name: str, sd: LoadedModel, tiny_sd_folder: Path, tmp_path: Path
) -> None:
    base_model, variant_model, request, must_differ = _variants(sd, tiny_sd_folder, tmp_path)[name]()
    cache = GenerationCache(tmp_path / "cache")
    base = _ask(Generator(base_model, Settings(), cache), BASE)
    assert _ask(Generator(base_model, Settings(), cache), BASE).cached  # the entry is there to be (wrongly) served
    variant = Generator(variant_model, Settings(), cache)
    served = _ask(variant, request)
    assert not served.cached, f"changing the {name} served the cached image of the old request"
    assert np.array_equal(pixels(served), pixels(_ask(variant, request, cache=False)))
    again = _ask(variant, request)
    assert again.cached and np.array_equal(pixels(again), pixels(served))  # the variant has its own entry
    if must_differ:
        assert not np.array_equal(pixels(served), pixels(base))


def test_batch_size_and_output_checks_are_outside_the_key(sd: LoadedModel, tmp_path: Path) -> None:
    cache = GenerationCache(tmp_path)
    first = Generator(sd, Settings(batch_size=1), cache).generate("a cat", seeds=[0, 1], size=32, steps=2)
    other = Generator(sd, Settings(batch_size=3, check_outputs=True), cache).generate("a cat", seeds=[0, 1], size=32, steps=2)
    assert all(img.cached for img in other) and not any(img.cached for img in first)
    assert all(np.array_equal(pixels(a), pixels(b)) for a, b in zip(first, other))


def test_a_scheduler_swapped_at_run_time_is_in_the_key(tmp_path: Path) -> None:
    from diffusers import EulerDiscreteScheduler

    model = load_model("tiny-sd", device="cpu", dtype="float32")
    cache = GenerationCache(tmp_path)
    generator = Generator(model, Settings(), cache)
    before = _ask(generator, BASE)
    original = model.obj.scheduler
    model.obj.scheduler = EulerDiscreteScheduler.from_config(original.config)
    swapped = _ask(generator, BASE)
    assert not swapped.cached and not np.array_equal(pixels(swapped), pixels(before))
    model.obj.scheduler = original  # back as saved: the saved entry is served again
    assert _ask(generator, BASE).cached


def test_what_the_key_cannot_describe_is_never_cached(tmp_path: Path) -> None:
    model = load_model("tiny-sd", device="cpu", dtype="float32")
    cache = GenerationCache(tmp_path)
    generator = Generator(model, Settings(), cache)
    steps_seen: list[int] = []

    def callback(pipe: Any, step: int, timestep: Any, kwargs: dict) -> dict:
        steps_seen.append(step)
        return kwargs

    for _ in range(2):  # a callable argument: its effect is unknowable
        assert not _ask(generator, {**BASE, "callback_on_step_end": callback}).cached
    assert steps_seen == [0, 1, 0, 1]
    latents = torch.randn(1, 4, 4, 4, generator=torch.Generator().manual_seed(3))
    first = _ask(generator, {**BASE, "latents": latents})  # a tensor argument is keyed by its content
    assert not first.cached and _ask(generator, {**BASE, "latents": latents.clone()}).cached
    assert not _ask(generator, {**BASE, "latents": latents + 0.5}).cached
    _ask(generator, BASE)
    assert _ask(generator, BASE).cached
    with torch.no_grad():  # weights edited in place after loading
        model.obj.unet.conv_in.weight.add_(0.05)
    edited = _ask(generator, BASE)
    assert not edited.cached and not _ask(generator, BASE).cached
    model.obj.vae = load_model("tiny-sd", device="cpu", dtype="float32").obj.vae  # a component swapped
    assert not _ask(generator, BASE).cached


FACTORY = '''
from diffusers import DiffusionPipeline, {scheduler}

def build():
    pipe = DiffusionPipeline.from_pretrained({folder!r}, use_safetensors=True)
    pipe.scheduler = {scheduler}.from_config(pipe.scheduler.config)
    pipe.fingerprint = "my-model-v1"  # the factory's own name for its weights
    return pipe
'''

TEST = '''
import hashlib, numpy as np

def test_gen(genimg):
    image = genimg.generate("a red cube", seed=0, steps=2, size=32)
    digest = hashlib.sha256(np.asarray(image.image).tobytes()).hexdigest()[:16]
    print(f"RESULT cached={image.cached} digest={digest}")
'''


def test_a_factory_fingerprint_does_not_hide_a_scheduler_swap(pytester: pytest.Pytester, tiny_sd_folder: Path) -> None:
    """The issue's false pass: a factory names its own fingerprint, then only the scheduler changes."""
    pytester.makepyfile(test_gen=TEST)
    pytester.syspathinsert()
    cache = pytester.path / "gc"
    runs = []
    for scheduler in ("DDIMScheduler", "DDIMScheduler", "EulerDiscreteScheduler"):
        pytester.makepyfile(factory_v=FACTORY.format(folder=str(tiny_sd_folder), scheduler=scheduler))
        result = pytester.runpytest("-s", "-p", "no:randomly", "-p", "no:cacheprovider",
                                               "--genimg-model=factory_v:build", f"--genimg-cache-dir={cache}")
        result.assert_outcomes(passed=1)
        line = next(x for x in result.outlines if "RESULT cached" in x)
        runs.append(dict(part.split("=") for part in line.split("RESULT ")[1].split()))
    assert [r["cached"] for r in runs] == ["False", "True", "False"]
    assert runs[2]["digest"] != runs[0]["digest"]

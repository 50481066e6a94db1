"""The plugin's fixtures: thin wrappers that resolve settings and hand out shared, loaded models."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Iterator

import pytest

from .errors import GenImgError
from .settings import Settings
from .state import get_state

if TYPE_CHECKING:
    from .generation import Generator
    from .models.loaded import LoadedModel


def effective_settings(request: pytest.FixtureRequest) -> Settings:
    """Session settings overridden by the test's @pytest.mark.genimg markers (closest wins)."""
    settings = get_state(request.config).settings
    markers = list(request.node.iter_markers("genimg"))
    for marker in reversed(markers):  # farthest (module) first, so the closest (function) wins
        if marker.args:
            raise pytest.UsageError("@pytest.mark.genimg takes keywords only, e.g. genimg(model='tiny-sdxl')")
        try:
            settings = settings.with_marker(marker.kwargs)
        except ValueError as exc:
            problem = str(exc)
        else:
            continue
        pytest.fail(problem, pytrace=False)  # outside the except: no chained traceback
    return settings


def _device(settings: Settings) -> str:
    from .device import resolve_device, worker_index

    try:
        return resolve_device(settings.device, worker=worker_index())
    except GenImgError as exc:
        problem = str(exc)
    pytest.fail(problem, pytrace=False)


@pytest.fixture(scope="session")
def genimg_settings(pytestconfig: pytest.Config) -> Settings:
    """The resolved pytest-genimg settings (command line > ini > default), frozen for the session."""
    return get_state(pytestconfig).settings


@pytest.fixture(scope="session")
def genimg_device(genimg_settings: Settings) -> str:
    """The torch device string tests run on: --genimg-device auto picks CUDA, then MPS, then CPU.

    Under pytest-xdist, worker i takes GPU i mod (visible GPUs).
    """
    return _device(genimg_settings)


@pytest.fixture(scope="session")
def genimg_models(pytestconfig: pytest.Config) -> Iterator[dict[tuple[Any, ...], Any]]:
    """Session pool of loaded models, one per (model, device, dtype, variant, revision); freed at the end."""
    state = get_state(pytestconfig)
    yield state.models
    devices = set()
    for loaded in state.models.values():
        if not isinstance(loaded, Exception):
            devices.add(loaded.device)
            loaded.close()
    state.models.clear()
    if devices:
        from .device import free_cached_memory

        for device in devices:
            free_cached_memory(device)


@pytest.fixture
def genimg_model(request: pytest.FixtureRequest, genimg_models: dict[tuple[Any, ...], Any]) -> "LoadedModel":
    """The loaded model for this test (marker > command line > ini > default), shared across tests."""
    from .device import make_deterministic, resolve_dtype
    from .models.sources import load_model

    state = get_state(request.config)
    settings = effective_settings(request)
    device = _device(settings)
    dtype = resolve_dtype(settings.dtype, device)
    key = (settings.model, device, dtype, settings.variant, settings.revision)
    if key not in genimg_models:
        if state.settings.deterministic and not state.deterministic_applied:
            make_deterministic()
            state.deterministic_applied = True
        hook = request.config.hook.pytest_genimg_load_model
        try:
            genimg_models[key] = load_model(
                settings.model, device=device, dtype=dtype, variant=settings.variant, revision=settings.revision,
                trust_remote_code=settings.trust_remote_code, hook=hook, lazy=True,
                memo_file=None if settings.no_cache else settings.path("cache_dir") / "fingerprints.json",
            )
        except GenImgError as exc:
            genimg_models[key] = exc  # later tests fail fast with the same message
        if settings.record_mode == "none":
            from .replay import replay_only_model

            genimg_models[key] = replay_only_model(genimg_models[key], state.record_store(), settings, device, dtype)
    loaded = genimg_models[key]
    if isinstance(loaded, Exception):
        pytest.fail(str(loaded), pytrace=False)
    return loaded


@pytest.fixture
def genimg_pipeline(genimg_model: "LoadedModel") -> Any:
    """The loaded pipeline itself (a diffusers pipeline, or a factory's object), on its device.

    Loaded once per (model, device, dtype) for the whole session and shared by every test that asks.
    """
    return genimg_model.obj


@pytest.fixture
def genimg(request: pytest.FixtureRequest, genimg_model: "LoadedModel") -> "Generator":
    """A Generator: ``genimg.generate(prompt, seed=0 | seeds=range(4), steps=, size=, guidance=, cache=)``.

    Returns GeneratedImage objects (PIL image + prompt, seed, parameters, model fingerprint), from
    the content-addressed generation cache when the same request was made before.
    """
    from .generation import Generator

    state = get_state(request.config)
    settings = effective_settings(request)
    cache = None if genimg_model.fingerprint is None else state.generation_cache()
    mutation = None
    if state.settings.mutate is not None:
        from .mutate.session import active

        mutation = active(request.config)
    return Generator(genimg_model, settings, cache, state.record_store(), mutation=mutation)


@pytest.fixture(scope="session")
def genimg_clip_model(genimg_settings: Settings) -> str:
    """The CLIP-style model (folder or hub id) for semantic checks: --genimg-clip-model, its ini twin,
    or the GENIMG_CLIP_MODEL environment variable; the test is skipped when none is configured."""
    import os

    value = genimg_settings.clip_model or os.environ.get("GENIMG_CLIP_MODEL", "").strip()
    if not value:
        pytest.skip("no CLIP model configured: --genimg-clip-model (or GENIMG_CLIP_MODEL) names a local folder "
                    "or hub id, e.g. openai/clip-vit-large-patch14")
    return value


@pytest.fixture(scope="session")
def genimg_detector(genimg_settings: Settings) -> str:
    """The open-vocabulary detector (folder or hub id) for composition checks: --genimg-detector, its
    ini twin, or the GENIMG_DETECTOR environment variable; the test is skipped when none is configured."""
    import os

    value = genimg_settings.detector or os.environ.get("GENIMG_DETECTOR", "").strip()
    if not value:
        pytest.skip("no object detector configured: --genimg-detector (or GENIMG_DETECTOR) names a local folder or "
                    "hub id, e.g. google/owlv2-base-patch16-ensemble")
    return value

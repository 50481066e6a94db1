"""The ``genimg_baseline`` fixture: a Generator over --genimg-baseline-model with the same seeds,
steps, size, guidance, device, dtype and cache as ``genimg``, sharing the session's model pool."""
from __future__ import annotations

import dataclasses
import warnings
from typing import TYPE_CHECKING, Any, Iterator

import pytest

from ..errors import GenImgError
from ..state import get_state
from .pairing import VacuousComparisonWarning
from .residency import Residency, attach

if TYPE_CHECKING:
    from ..generation import Generator

RESIDENCY_KEY = pytest.StashKey[Residency]()
_HOW = ("--genimg-baseline-model=SPEC (ini genimg_baseline_model, or @pytest.mark.genimg(baseline_model=...)); "
        "any spec --genimg-model takes")


@pytest.fixture
def genimg_baseline(request: pytest.FixtureRequest, genimg: "Generator", genimg_models: dict[tuple[Any, ...], Any]) -> Iterator["Generator"]:
    """A Generator over the baseline model (--genimg-baseline-model), with the same seeds, steps,
    size, guidance and cache as ``genimg``: compare them with ``assert_no_regression``. Skipped when
    no baseline model is configured (an error under --genimg-require-baseline). Loaded lazily; on a
    CUDA device too small for both, the two models take turns on it."""
    from ..fixtures import effective_settings
    from ..generation import Generator
    from ..models.sources import load_model

    settings = effective_settings(request)
    state = get_state(request.config)
    if not settings.baseline_model:
        if settings.require_baseline:
            pytest.fail(f"no baseline model configured and --genimg-require-baseline forbids skipping: set {_HOW}", pytrace=False)
        pytest.skip(f"no baseline model configured: set {_HOW}")
    candidate = genimg.model
    key = (settings.baseline_model, candidate.device, candidate.dtype, None, None)
    if key not in genimg_models:
        try:
            genimg_models[key] = load_model(
                settings.baseline_model, device=candidate.device, dtype=candidate.dtype,
                trust_remote_code=settings.trust_remote_code, hook=request.config.hook.pytest_genimg_load_model,
                lazy=True, memo_file=None if settings.no_cache else settings.path("cache_dir") / "fingerprints.json")
        except GenImgError as exc:
            genimg_models[key] = exc
        if settings.record_mode == "none":  # replay only: the baseline is never loaded either
            from ..replay import replay_only_model

            genimg_models[key] = replay_only_model(genimg_models[key], state.record_store(),
                                                   dataclasses.replace(settings, model=settings.baseline_model, revision=None),
                                                   candidate.device, candidate.dtype)
    model = genimg_models[key]
    if isinstance(model, Exception):
        pytest.fail(f"--genimg-baseline-model: {model}", pytrace=False)
    if model.fingerprint is not None and model.fingerprint == candidate.fingerprint:
        warnings.warn(VacuousComparisonWarning(
            f"the baseline model {settings.baseline_model!r} has the same fingerprint as the model under test "
            f"({candidate.fingerprint[:16]}): the comparison is vacuous"), stacklevel=2)
    # The candidate's resolved parameters, so that model defaults cannot make the two sides differ.
    params = genimg.params()
    same = dataclasses.replace(settings, steps=params.steps, size=params.size, guidance=params.guidance,
                               revision=None)  # the baseline is loaded unpinned (its pool key above)
    cache = None if model.fingerprint is None else state.generation_cache()
    baseline = Generator(model, same, cache, state.record_store())  # recorded and replayed; never mutated
    baseline.batch_size = genimg.batch_size
    residency = request.config.stash.setdefault(RESIDENCY_KEY, Residency())
    attach(genimg, residency)
    attach(baseline, residency)
    yield baseline
    residency.restore(candidate)  # the next test's genimg finds its model on the device, if it had one

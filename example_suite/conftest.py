"""Suite-wide configuration: thresholds in one place, and the generation plan run up front.

The thresholds below are the suite's contract with the model; change them here, not in the test
modules. ``PLAN`` lists prompts x seeds that several tests share: they are generated once, in full
batches (``genimg.prefetch``), before the first test asks for them; on a GPU that turns batch-1
calls into batch-N calls.
"""
from __future__ import annotations

import os

import pytest

THRESHOLDS = {
    "max_cer": 0.15,          # text legibility: character error rate per image
    "min_pass_rate": 0.75,    # share of seeds that must pass a per-image check
}

PLAN = {
    "prompts": ["a portrait photo", "a red cube on a table", "a bowl of fruit"],
    "seeds": range(8),
}


@pytest.fixture(scope="session")
def thresholds() -> dict[str, float]:
    """The suite's thresholds (edit THRESHOLDS in example_suite/conftest.py)."""
    return dict(THRESHOLDS)


@pytest.fixture
def clip_model(genimg_clip_model: str) -> str:
    """The CLIP model the semantic checks use (--genimg-clip-model / GENIMG_CLIP_MODEL); skips without one."""
    return genimg_clip_model


@pytest.fixture
def tiny_model(genimg_model) -> bool:
    """True on the built-in random-weight models, where semantic limitations are expected."""
    return genimg_model.source == "built-in"


@pytest.fixture
def draws_people(request: pytest.FixtureRequest, genimg_model) -> None:
    """Mark the test as a strict expected failure on a built-in tiny model, which draws no people: the
    check must fail it (a GenImgAssertionError, or a plain assert on the counts it returns)."""
    if genimg_model.source == "built-in":
        request.applymarker(pytest.mark.xfail(
            strict=True, raises=AssertionError,
            reason="built-in tiny models have random weights: they draw noise, never people"))


@pytest.fixture
def draws_objects(request: pytest.FixtureRequest, genimg_model) -> None:
    """Mark the test as a strict expected failure on a built-in tiny model, which draws noise: no cat,
    cup, cube or umbrella is there for a detector to find."""
    if genimg_model.source == "built-in":
        request.applymarker(pytest.mark.xfail(
            strict=True, raises=AssertionError, reason="built-in tiny models have random weights: they draw noise, no objects"))


@pytest.fixture
def coco_detector(draws_objects) -> str:
    """``"coco"``, the offline COCO detector, once ``python -m pytest_genimg fetch-coco`` has fetched it
    (else the test skips)."""
    from pytest_genimg.backends.coco_fetch import default_folder, missing_files

    if missing_files(default_folder()):
        pytest.skip("the COCO detector is not fetched: python -m pytest_genimg fetch-coco")
    return "coco"


@pytest.fixture(autouse=True)
def _prefetch_plan(request: pytest.FixtureRequest) -> None:
    """Generate PLAN in full batches once per session, before the first test that uses ``genimg``."""
    if "genimg" not in request.fixturenames or request.session.stash.get(_DONE, False):
        return
    if request.node.get_closest_marker("genimg") is not None:
        return  # this test uses another model or parameters; prefetch with the suite's own
    request.session.stash[_DONE] = True
    genimg = request.getfixturevalue("genimg")
    if getattr(genimg.model, "is_video", False):
        return
    # Under pytest-xdist each worker prefetches its own share of the prompts (they share the cache).
    index = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0")[2:] or 0)
    count = int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1"))
    genimg.prefetch(PLAN["prompts"][index::count], PLAN["seeds"])


_DONE = pytest.StashKey[bool]()

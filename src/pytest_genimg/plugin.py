"""pytest11 entry point: options, markers, per-test records, the gpu marker, sharding, fixtures.

Nothing heavy is imported here: torch is imported only when a fixture or a gpu-marked test needs it.
"""
from __future__ import annotations

import hashlib
from typing import Any

import pytest

from . import hookspecs
from .fixtures import genimg, genimg_clip_model, genimg_device, genimg_model, genimg_models, genimg_pipeline, genimg_settings  # noqa: F401
from .snapshot.fixtures import genimg_snapshot_device, image_snapshot, metric_snapshot  # noqa: F401
from .compare.fixtures import genimg_baseline  # noqa: F401
from .snapshot.distribution import distribution_snapshot  # noqa: F401
from .recording import open_record
from .settings import add_options, resolve
from .state import STATE_KEY, PluginState, get_state

RECORD_KEY = pytest.StashKey[Any]()


def pytest_addhooks(pluginmanager: pytest.PytestPluginManager) -> None:
    pluginmanager.add_hookspecs(hookspecs)


def pytest_addoption(parser: pytest.Parser) -> None:
    add_options(parser)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "genimg(model=, device=, dtype=, variant=, revision=, steps=, size=, guidance=, batch_size=, baseline_model=): "
        "per-test or per-module overrides of the --genimg-* options",
    )
    config.addinivalue_line("markers", "gpu: needs a usable CUDA device; skipped without one (error with --genimg-require-gpu)")
    try:
        settings = resolve(config)
    except ValueError as exc:
        raise pytest.UsageError(str(exc)) from None
    config.stash[STATE_KEY] = PluginState(settings=settings)
    from .report import install as install_report

    install_report(config, settings)


def pytest_report_header(config: pytest.Config) -> str:
    s = get_state(config).settings
    return f"genimg: model={s.model} device={s.device} dtype={s.dtype} cache={'off' if s.no_cache else s.cache_dir}"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    shard = get_state(config).settings.shard
    if shard is None:
        return
    index, count = shard
    # By a hash of the node id, not by position: a test keeps its shard when others are added.
    keep, drop = [], []
    for item in items:
        bucket = int(hashlib.sha256(item.nodeid.encode()).hexdigest(), 16) % count
        (keep if bucket == index - 1 else drop).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


def _cuda_usable() -> tuple[bool, str]:
    try:
        import torch
    except ImportError:
        return False, "torch is not installed"
    try:
        if torch.cuda.is_available() and torch.cuda.device_count() > 0:
            return True, ""
    except Exception as exc:  # noqa: BLE001 - a broken driver is 'no usable GPU'
        return False, f"CUDA failed to initialise: {exc}"
    return False, f"no usable CUDA device (torch {torch.__version__}, cuda build {torch.version.cuda})"


def pytest_runtest_setup(item: pytest.Item) -> None:
    if item.get_closest_marker("gpu") is None:
        return
    usable, why = _cuda_usable()
    if usable:
        return
    if get_state(item.config).settings.require_gpu:
        pytest.fail(f"gpu test cannot run: {why}; --genimg-require-gpu forbids skipping it", pytrace=False)
    pytest.skip(f"needs a GPU: {why}")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> Any:
    settings = get_state(item.config).settings
    with open_record(item.nodeid, settings.path("results_dir")) as record:
        item.stash[RECORD_KEY] = record
        return (yield)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    record = item.stash.get(RECORD_KEY, None)
    if record is not None and record.properties:
        # Before the report is built, so --junitxml sees them as <property> elements.
        item.user_properties.extend(record.properties)
        record.properties.clear()
    report = yield
    if record is not None and (call.when == "call" or (call.when == "setup" and not report.passed)):
        report.genimg = record.to_dict()  # plain data: travels from xdist workers to the controller
    return report


def pytest_unconfigure(config: pytest.Config) -> None:
    if STATE_KEY not in config.stash:
        return
    from .backends.registry import ALL_REGISTRIES

    for registry in ALL_REGISTRIES:
        registry.close_all()

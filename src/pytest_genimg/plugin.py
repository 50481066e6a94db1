"""pytest11 entry point: options, markers, per-test records, the gpu marker, sharding, fixtures.

Nothing heavy is imported here: torch is imported only when a fixture or a gpu-marked test needs it.
"""
from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest

from . import hookspecs
from .fixtures import genimg, genimg_clip_model, genimg_detector, genimg_device, genimg_model, genimg_models, genimg_pipeline, genimg_settings  # noqa: F401
from .snapshot.fixtures import genimg_snapshot_device, genimg_snapshot_model, image_snapshot, metric_snapshot  # noqa: F401
from .compare.fixtures import genimg_baseline  # noqa: F401
from .snapshot.distribution import distribution_snapshot  # noqa: F401
from .recording import open_record
from .settings import add_options, resolve
from .state import STATE_KEY, PluginState, get_state

RECORD_KEY = pytest.StashKey[Any]()
PROPERTIES_KEY = pytest.StashKey[list]()  # the JUnit properties this attempt added, removed on a rerun


def pytest_addhooks(pluginmanager: pytest.PytestPluginManager) -> None:
    pluginmanager.add_hookspecs(hookspecs)


def pytest_addoption(parser: pytest.Parser) -> None:
    add_options(parser)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "genimg(model=, device=, dtype=, variant=, revision=, steps=, size=, guidance=, batch_size=, baseline_model=): "
        "per-test or per-module overrides of the --genimg-* options",
    )
    config.addinivalue_line("markers", "limitation(*names): the limitation(s) a test or module guards against "
                            "(text, diversity, detail, ...); mutation runs list it among the tests that should catch a mutation")
    config.addinivalue_line("markers", "gpu: needs a usable CUDA device; skipped without one (error with --genimg-require-gpu)")
    try:
        settings = resolve(config)
    except ValueError as exc:
        raise pytest.UsageError(str(exc)) from None
    config.stash[STATE_KEY] = PluginState(settings=settings)
    if settings.mutate is not None:
        from .mutate.session import configure as configure_mutation

        configure_mutation(config, settings.mutate)
    if settings.record_mode == "none":
        from .replay import check_store_at_start

        problem = check_store_at_start(config.stash[STATE_KEY].record_store())
        if problem:
            raise pytest.UsageError(problem)  # one line at session start, not one failure per test
    from .report import install as install_report
    from .snapshot.guard import install as install_guard

    install_guard(config)
    install_report(config, settings)


def pytest_report_header(config: pytest.Config) -> str:
    s = get_state(config).settings
    record = "" if s.record_mode == "auto" else f" record-mode={s.record_mode}"
    return f"genimg: model={s.model} device={s.device} dtype={s.dtype} cache={'off' if s.no_cache else s.cache_dir}{record}"


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


def pytest_collection_finish(session: pytest.Session) -> None:
    # A run killed mid-write leaves a temp file beside the baselines, which users commit: remove the
    # stale ones of our own pattern from the baseline folders of the collected modules.
    from .paths import sweep_stale_temps

    modules = {Path(str(item.path)) for item in session.items}
    for module in modules:
        own = module.parent / "__snapshots__" / module.stem
        try:
            per_model = [p for p in own.iterdir() if p.is_dir() and not p.is_symlink()]
        except OSError:  # no such folder (or unreadable): nothing of ours to sweep there
            per_model = []
        for folder in (module.parent / "__snapshots__", own, *per_model):  # per_model: --genimg-snapshot-per-model
            sweep_stale_temps(folder)


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


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    record = item.stash.get(RECORD_KEY, None)
    if record is not None:  # each attempt starts afresh: pytest-rerunfailures runs setup again
        record.reset()
        ours = {id(p) for p in item.stash.get(PROPERTIES_KEY, [])}
        item.user_properties[:] = [p for p in item.user_properties if id(p) not in ours]
        item.stash[PROPERTIES_KEY] = []
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
    state = get_state(item.config)
    from .evalcache import use as use_eval_cache

    with open_record(item.nodeid, state.settings.path("results_dir")) as record, use_eval_cache(state.eval_cache()):
        item.stash[RECORD_KEY] = record
        return (yield)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    record = item.stash.get(RECORD_KEY, None)
    if record is not None and record.properties and _junit_takes_properties(item):
        # Before the report is built, so --junitxml sees them as <property> elements.
        item.user_properties.extend(record.properties)
        item.stash.setdefault(PROPERTIES_KEY, []).extend(record.properties)
    if record is not None:
        record.properties.clear()
    report = yield
    if record is not None and (call.when == "call" or (call.when == "setup" and not report.passed)):
        report.genimg = record.to_dict()  # plain data: travels from xdist workers to the controller
        declared = sorted({str(name) for marker in item.iter_markers("limitation") for name in marker.args})
        if declared:  # what a mutation run lists as the tests that should catch a mutation
            report.genimg["limitations"] = declared
    return report


def _junit_takes_properties(item: pytest.Item) -> bool:
    """False (after one warning per process) when --junitxml writes a family whose schema has no
    <properties> in <testcase>: xunit2, pytest's default. pytest's record_property warns there too.
    Read from the options, not the XML writer: xdist workers have none but send their properties."""
    config = item.config
    if not getattr(config.option, "xmlpath", None):
        return True
    family = config.getini("junit_family")
    if family in ("xunit1", "legacy"):
        return True
    state = get_state(config)
    if not state.junit_warned:
        state.junit_warned = True
        item.warn(pytest.PytestWarning(
            f"pytest-genimg leaves its per-test figures out of the JUnit XML: junit_family '{family}' "
            "allows no <properties> inside <testcase>; set junit_family = xunit1 to get them"))
    return False


def pytest_unconfigure(config: pytest.Config) -> None:
    if STATE_KEY not in config.stash:
        return
    from .backends.registry import ALL_REGISTRIES
    from .evalpool import close_idle

    close_idle()
    for registry in ALL_REGISTRIES:
        registry.close_all()

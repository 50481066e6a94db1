"""pytest glue for ``--genimg-mutate``: validate it, hand the mutation to every Generator, mark the run.

The mutation's label goes into the report header, the report's run record, every generation's model
id and every test's JUnit properties (``genimg.mutation``), so a mutated run cannot pass for a clean
one. Each process (xdist workers included) writes what the mutation changed to
``$GENIMG_MUTATE_STATS/<process>.json`` when the driver asks, which is how it tells "not applicable"
(changed nothing) from "survived".
"""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from ..errors import GenImgUsageError
from .registry import Mutation, parse_mutation

STATS_ENV = "GENIMG_MUTATE_STATS"
MUTATION_KEY = pytest.StashKey[Mutation]()


def configure(config: pytest.Config, spec: str | None) -> None:
    """Called from the plugin's pytest_configure: refuse bad input before any test runs."""
    if spec is None:
        return
    if config.getoption("update_snapshots", default=False) or config.getoption("update_new_snapshots_only", default=False):
        raise pytest.UsageError(
            f"--genimg-mutate={spec} with --snapshot-update: refused; a mutated run must never write baselines. "
            "Accept baselines from a clean run."
        )
    try:
        mutation = parse_mutation(spec)
    except GenImgUsageError as exc:
        raise pytest.UsageError(str(exc)) from None
    config.stash[MUTATION_KEY] = mutation
    config.pluginmanager.register(_MutatedRun(mutation), "genimg-mutation")


def active(config: pytest.Config) -> Mutation | None:
    return config.stash.get(MUTATION_KEY, None)


def write_stats(folder: Path, mutation: Mutation, worker: str) -> Path:
    from ..paths import atomic_write_text, contained

    path = contained(folder, f"{worker}-{os.getpid()}.json")
    atomic_write_text(path, json.dumps({"mutation": mutation.label, **mutation.stats}, sort_keys=True))
    return path


def read_stats(folder: Path) -> dict[str, int]:
    """The counts of every process of one run, summed."""
    total: dict[str, int] = {}
    for path in sorted(Path(folder).glob("*.json")):
        try:
            data = json.loads(path.read_text("utf-8"))
        except (OSError, ValueError):
            continue
        for key, value in data.items():
            if isinstance(value, int):
                total[key] = total.get(key, 0) + value
    return total


class _MutatedRun:
    def __init__(self, mutation: Mutation) -> None:
        self.mutation = mutation

    def pytest_report_header(self, config: pytest.Config) -> str:
        m = self.mutation.mutator
        return f"genimg: MUTATED run --genimg-mutate={self.mutation.label} ({m.description}): not the clean model"

    def pytest_runtest_setup(self, item: pytest.Item) -> None:
        if ("genimg.mutation", self.mutation.label) not in item.user_properties:
            item.user_properties.append(("genimg.mutation", self.mutation.label))

    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        folder = os.environ.get(STATS_ENV, "").strip()
        if folder:
            worker = getattr(session.config, "workerinput", {}).get("workerid", "main")
            write_stats(Path(folder), self.mutation, worker)

    def pytest_terminal_summary(self, terminalreporter: Any, config: pytest.Config) -> None:
        s = self.mutation.stats
        terminalreporter.write_sep("-", f"genimg mutation {self.mutation.label}")
        if getattr(config.option, "numprocesses", None):
            terminalreporter.write_line("outputs were mutated in the xdist workers (counts: $GENIMG_MUTATE_STATS)")
            return
        terminalreporter.write_line(
            f"changed {s['changed']} of {s['outputs']} outputs, {s['requests_changed']} requests; {s['calls']} pipeline calls delayed"
        )
        if not (s["changed"] or s["requests_changed"] or s["calls"]):
            media = " and ".join(self.mutation.mutator.media)
            terminalreporter.write_line(f"not applicable: it changed nothing this session generated (it applies to {media} outputs)")

"""The review report: per-test results collected on the controller, written as HTML, JSON and a CI summary.

Under pytest-xdist each worker attaches its test's record to the TestReport (``report.genimg``);
only the controller (or a plain run) collects them and writes the outputs.
"""
from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import pytest

from ..paths import atomic_write_text
from ..settings import Settings
from . import data as report_data


def install(config: pytest.Config, settings: Settings) -> None:
    """Register the collector on a plain run or the xdist controller (never on a worker)."""
    if hasattr(config, "workerinput"):
        return
    config.pluginmanager.register(ReportCollector(config, settings), "genimg-report")


def write_outputs(data: dict[str, Any], html: Path | None = None, json_path: Path | None = None) -> list[Path]:
    from .html import render

    written = []
    if json_path is not None:
        written.append(atomic_write_text(json_path, report_data.dumps(data)))
    if html is not None:
        written.append(atomic_write_text(html, render(data)))
    return written


class ReportCollector:
    """Collects every test's outcome and genimg record; writes the report at the end of the session."""

    def __init__(self, config: pytest.Config, settings: Settings) -> None:
        self.config = config
        self.settings = settings
        self.tests: dict[str, dict[str, Any]] = {}
        self.started = time.time()
        self.run: dict[str, Any] = {}
        # Like --junitxml: a command-line path is relative to where pytest started, an ini one to the rootdir.
        self.html = settings.path("report") if settings.report else None
        self.json = settings.path("report_json") if settings.report_json else None
        self.notes: list[str] = []
        self.ran = False  # a listing command (--collect-only, --fixtures-per-test) runs no test: no report

    def pytest_sessionstart(self, session: pytest.Session) -> None:
        self.started = time.time()
        self.run = report_data.run_info(self.config.invocation_params.args, self.settings.rootdir,
                                        self.settings.shard, self.settings)

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        self.ran = True
        report_data.add_report(self.tests, report)

    def pytest_collectreport(self, report: pytest.CollectReport) -> None:
        if report.failed:
            report_data.add_collect_error(self.tests, report)

    def _has_content(self) -> bool:
        return any(t["snapshots"] or t["checks"] or t["generations"] or t["artifacts"] for t in self.tests.values())

    def _listing(self) -> bool:
        option = self.config.option
        return any(getattr(option, name, False) for name in ("collectonly", "show_fixtures_per_test", "showfixtures"))

    def pytest_sessionfinish(self, session: pytest.Session, exitstatus: int) -> None:
        if not self.ran and (not self.tests or self._listing()):
            return  # nothing ran (only collection errors are worth a report then)
        step_summary = os.environ.get("GITHUB_STEP_SUMMARY")
        requested = self.html is not None or self.json is not None
        # A run of some unrelated suite in the same environment leaves the CI summary alone.
        summarise = bool(step_summary) and (requested or self._has_content())
        if not (requested or summarise):
            return
        data = report_data.build(self.tests, self.run, self.settings.rootdir, time.time() - self.started)
        try:
            for path in write_outputs(data, self.html, self.json):
                self.notes.append(f"genimg report: {path}")
        except OSError as exc:
            self.notes.append(f"genimg report: could not be written ({exc})")
        if summarise:
            from .summary import markdown

            try:
                with open(step_summary, "a", encoding="utf-8") as fh:  # type: ignore[arg-type]
                    fh.write(markdown(data, str(self.html) if self.html else None))
            except OSError as exc:
                self.notes.append(f"genimg: GITHUB_STEP_SUMMARY not written ({exc})")

    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        improved = []
        for test in self.tests.values():
            for snap in test["snapshots"]:
                for row in snap.get("rows") or []:
                    if row.get("verdict") == "improved" and snap.get("status") == "matched":
                        improved.append(f"  {test['nodeid']}: {row['metric']} {row['baseline']:.6g} -> {row['value']:.6g}")
        if not (improved or self.notes):
            return
        terminalreporter.write_sep("-", "pytest-genimg")
        if improved:
            terminalreporter.write_line(f"{len(improved)} metric(s) improved beyond tolerance (accept with --snapshot-update):")
            for line in improved:
                terminalreporter.write_line(line)
        for note in self.notes:
            terminalreporter.write_line(note)

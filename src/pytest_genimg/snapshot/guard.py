"""A run that executed no test (``--collect-only``, ``--fixtures-per-test``, everything skipped or
deselected) neither judges baselines unused nor deletes them, whatever ``--snapshot-update`` says.

syrupy decides "unused" from the tests that ran: with none, every baseline looks unused, so a plain
``--collect-only`` would exit 1 and advise ``--snapshot-update``, which would then delete them all.
"""
from __future__ import annotations

from typing import Any

import pytest


class NoTestRanGuard:
    """Counts executed tests (a call phase reported) on the controller or a plain run."""

    def __init__(self, config: pytest.Config) -> None:
        self.config = config
        self.executed = 0
        self.suppressed = False

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        if report.when == "call":
            self.executed += 1

    @pytest.hookimpl(tryfirst=True)  # before syrupy's own sessionfinish decides and deletes
    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        option = self.config.option
        if self.executed or getattr(option, "disable_unused_snapshots", False):
            return
        if getattr(self.config, "_syrupy", None) is None:
            return
        option.disable_unused_snapshots = True
        self.suppressed = True

    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        if self.suppressed:  # syrupy then says its detection is disabled: this says why
            terminalreporter.write_line("pytest-genimg: no test ran, so no baseline was judged unused "
                                        "(and none deleted, with --snapshot-update or without)")


def install(config: pytest.Config) -> None:
    """Register the guard where syrupy decides about unused snapshots: a plain run or the xdist controller."""
    if not hasattr(config, "workerinput"):
        config.pluginmanager.register(NoTestRanGuard(config), "genimg-no-test-ran-guard")

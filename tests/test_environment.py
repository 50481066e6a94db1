"""The plugin's own tests do not depend on what else is installed or on the order they run in."""
from __future__ import annotations

import importlib
import sys

import pytest


def test_inner_runs_are_pinned_to_file_order_whatever_is_installed(pytester):
    pytest.importorskip("pytest_randomly")  # the plugin that would shuffle them
    pytester.makepyfile(**{f"test_{c}": f"def test_{c}():\n    print('ran {c}')\n" for c in "abcdefgh"})
    result = pytester.runpytest("-v")
    result.stdout.fnmatch_lines([f"test_{c}.py::test_{c} PASSED*" for c in "abcdefgh"], consecutive=True)
    result.stdout.no_fnmatch_line("*randomly-seed*")


def test_user_modules_a_helper_imports_are_forgotten_afterwards(tmp_path, monkeypatch):
    from test_model_sources import _write_module

    with monkeypatch.context() as mp:
        _write_module(tmp_path, "genimg_user_module", "VALUE = 1\n", mp)
        assert importlib.import_module("genimg_user_module").VALUE == 1
    assert "genimg_user_module" not in sys.modules  # a later test importing this name gets its own

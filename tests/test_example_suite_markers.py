"""The example suite's expected failures expect the check's failure: a crash must not pass for one.

Every ``xfail`` marker in ``example_suite/`` (decorators and ``request.applymarker``) is strict and
names what it expects with ``raises=`` (AssertionError or one of its subclasses), so that a bug
inside a check (a TypeError, an ImportError) fails the suite instead of counting as "xfailed".
"""
from __future__ import annotations

import ast
import builtins
from pathlib import Path

import pytest

import pytest_genimg

SUITE = Path(__file__).resolve().parents[1] / "example_suite"
MODULES = sorted(SUITE.glob("test_*.py"))


def _xfail_calls(tree: ast.AST) -> list[ast.Call]:
    calls = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Attribute) and func.attr == "xfail":
                calls.append(node)
    return calls


def _expected_failure(name: ast.expr) -> type | None:
    if isinstance(name, ast.Name):
        return getattr(pytest_genimg, name.id, None) or getattr(builtins, name.id, None)
    if isinstance(name, ast.Attribute) and isinstance(name.value, ast.Name) and name.value.id == "pytest_genimg":
        return getattr(pytest_genimg, name.attr, None)
    return None


def test_the_suite_has_expected_failures_to_check():
    assert sum(len(_xfail_calls(ast.parse(m.read_text("utf-8")))) for m in MODULES) >= 8


@pytest.mark.parametrize("module", MODULES, ids=lambda p: p.name)
def test_every_xfail_is_strict_and_names_the_failure_it_expects(module: Path):
    problems = []
    for call in _xfail_calls(ast.parse(module.read_text("utf-8"), str(module))):
        where = f"{module.name}:{call.lineno}"
        kwargs = {k.arg: k.value for k in call.keywords}
        strict = kwargs.get("strict")
        if not (isinstance(strict, ast.Constant) and strict.value is True):
            problems.append(f"{where}: xfail without strict=True")
        raises = kwargs.get("raises")
        expected = _expected_failure(raises) if raises is not None else None
        if expected is None or not (isinstance(expected, type) and issubclass(expected, AssertionError)):
            problems.append(f"{where}: xfail without raises=AssertionError (or the check's own subclass of it)")
    assert not problems, "\n".join(problems)

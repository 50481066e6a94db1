"""The one command-line entry: ``python -m pytest_genimg <command>`` reaches every command, and the
commands that only read or decide never import the heavy stack (STYLE.md 15)."""
from __future__ import annotations

import importlib
import subprocess
import sys

import pytest

from pytest_genimg.__main__ import COMMANDS

NO_HEAVY = (
    "import runpy, sys\n"
    "for name in ('torch', 'diffusers', 'transformers'):\n"
    "    sys.modules[name] = None\n"
    "sys.argv = ['python -m pytest_genimg', *sys.argv[1:]]\n"
    "try:\n"
    "    runpy.run_module('pytest_genimg', run_name='__main__')\n"
    "finally:\n"
    "    heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('torch', 'diffusers', 'transformers') and sys.modules[m] is not None)\n"
    "    print('HEAVY MODULES:', heavy, file=sys.stderr)\n"
)


def run(*args: str, cwd=None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", NO_HEAVY, *args], capture_output=True, text=True, cwd=cwd, timeout=120)


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_resolves_to_a_function(name) -> None:
    module, function, help_text = COMMANDS[name]
    assert callable(getattr(importlib.import_module(module), function)) and help_text


def test_help_lists_every_command() -> None:
    done = run("--help")
    assert done.returncode == 0, done.stderr
    for name in COMMANDS:
        assert f"  {name}" in done.stdout
    assert "HEAVY MODULES: []" in done.stderr


def test_an_unknown_command_lists_the_known_ones() -> None:
    done = run("revue")
    assert done.returncode == 2
    assert "unknown command 'revue'; expected one of review, accept, report, cache, mutate" in done.stderr


@pytest.mark.parametrize("args", [("cache", "show"), ("mutate", "list"), ("review",), ("fetch-coco", "--help")])
def test_reading_commands_never_import_torch(args, tmp_path) -> None:
    done = run(*args, cwd=tmp_path)
    assert "HEAVY MODULES: []" in done.stderr, done.stderr
    assert "Traceback" not in done.stderr, done.stderr

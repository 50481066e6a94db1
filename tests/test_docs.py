"""The docs cannot rot silently: their marked examples run, every other example's imports resolve,
every ``pytest_genimg.*`` name and ``--genimg-*`` option they mention exists, and the CI recipe
parses and uses real options.

A fenced ```python block in docs/*.md whose first line is a directive is executed, in order, per
document, in one pytester folder:

- ``# doctest: run`` executes the block (``run, output below``: its stdout must equal the next block);
- ``# doctest: file NAME`` writes the block to NAME (a conftest.py, a module) for the blocks after it;
- ``# doctest: pytest passed=2 xfailed=1 [-- ARGS]`` runs the block as a test module (built-in
  tiny-sd, CPU, offline) and checks the outcome counts; ``;`` separates several runs of it.
"""
from __future__ import annotations

import ast
import contextlib
import importlib
import io
import re
import shlex
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from pytest_genimg.settings import OPTIONS

ROOT = Path(__file__).resolve().parents[1]
DOCS = sorted((ROOT / "docs").glob("*.md"))
WORKFLOW = ROOT / "examples" / "ci" / "github-actions-gpu.yml"
FENCE = re.compile(r"^```(\w*)[^\n]*\n(.*?)^```[ \t]*$", re.MULTILINE | re.DOTALL)
DIRECTIVE = re.compile(r"^# doctest: (.+)$")
OPTION = re.compile(r"--genimg-[a-z][a-z-]*[a-z]")
CLI = {opt.cli: opt for opt in OPTIONS}


@dataclass
class Block:
    where: str  # docs/x.md:LINE
    lang: str
    code: str
    directive: str | None
    next_text: str | None  # the following fenced block, for "output below"


def read_blocks(path: Path) -> list[Block]:
    text = path.read_text(encoding="utf-8")
    fences = list(FENCE.finditer(text))
    blocks = []
    for i, match in enumerate(fences):
        body = match.group(2)
        first, _, rest = body.partition("\n")
        directive = DIRECTIVE.match(first)
        blocks.append(Block(
            where=f"docs/{path.name}:{text.count(chr(10), 0, match.start()) + 1}",
            lang=match.group(1),
            code=rest if directive else body,
            directive=directive.group(1).strip() if directive else None,
            next_text=fences[i + 1].group(2) if i + 1 < len(fences) else None,
        ))
    return blocks


def python_blocks(path: Path) -> list[Block]:
    return [b for b in read_blocks(path) if b.lang == "python"]


def test_docs_exist_and_have_runnable_examples() -> None:
    names = {p.name for p in DOCS}
    assert {"ci.md", "writing-tests.md", "thresholds.md", "baselines.md", "extending.md", "scale.md"} <= names
    assert sum(b.directive is not None for p in DOCS for b in python_blocks(p)) >= 10


# -- every python block: it compiles and its pytest_genimg imports resolve -------------------------

def _imports(tree: ast.AST) -> list[tuple[str, list[str]]]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.module, [a.name for a in node.names]))
        elif isinstance(node, ast.Import):
            found.extend((a.name, []) for a in node.names)
    return [(m, names) for m, names in found if m.split(".")[0] == "pytest_genimg"]


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.name)
def test_python_blocks_compile_and_their_imports_resolve(doc: Path) -> None:
    problems = []
    for block in python_blocks(doc):
        try:
            tree = ast.parse(block.code, block.where)
        except SyntaxError as exc:
            problems.append(f"{block.where}: {exc}")
            continue
        for module, names in _imports(tree):
            try:
                mod = importlib.import_module(module)
            except ImportError as exc:
                problems.append(f"{block.where}: import {module}: {exc}")
                continue
            problems += [f"{block.where}: {module} has no {name!r}" for name in names if not hasattr(mod, name)]
    assert not problems, "\n".join(problems)


def _resolves(dotted: str) -> bool:
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        for attr in parts[cut:]:
            if not hasattr(obj, attr):
                return False
            obj = getattr(obj, attr)
        return True
    return False


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.name)
def test_named_api_and_options_exist(doc: Path) -> None:
    text = doc.read_text(encoding="utf-8")
    dotted = set(re.findall(r"`(pytest_genimg(?:\.\w+)+)", text))
    missing = sorted(d for d in dotted if not _resolves(d))
    unknown = sorted(set(OPTION.findall(text)) - set(CLI))
    assert not missing, f"{doc.name} names what does not exist: {missing}"
    assert not unknown, f"{doc.name} mentions unknown options: {unknown}"


# -- the marked examples run ------------------------------------------------------------------------

@contextlib.contextmanager
def _registries_restored():
    """Backends that examples register are dropped afterwards (a second run may register them again)."""
    from pytest_genimg.backends.registry import ALL_REGISTRIES

    saved = {id(r): dict(r._entries) for r in ALL_REGISTRIES}
    try:
        yield
    finally:
        for registry in ALL_REGISTRIES:
            if id(registry) in saved:
                added = set(registry._entries) - set(saved[id(registry)])
                registry._entries = saved[id(registry)]
                for name in added:
                    registry._instances.pop(name, None)


def _run_block(block: Block, pytester: pytest.Pytester) -> str:
    from pytest_genimg.recording import open_record

    out = io.StringIO()
    code = compile(block.code, block.where, "exec")
    # Artifacts a check saves go to the example's folder, not to this test's results folder.
    with open_record(block.where, pytester.path / ".genimg_results"), contextlib.redirect_stdout(out):
        try:
            exec(code, {"__name__": "__doc_example__"})  # noqa: S102 - running the examples is the point
        except SystemExit as exc:
            if exc.code not in (0, None):
                raise AssertionError(f"{block.where} exited with {exc.code!r}") from None
    return out.getvalue()


def _pytest_block(block: Block, spec: str, pytester: pytest.Pytester) -> None:
    """Write the block as a test module and run it once per ``;``-separated ``outcomes [-- args]``."""
    name = "test_" + re.sub(r"\W", "_", block.where.removeprefix("docs/").replace(".md:", "_"))
    path = pytester.path / f"{name}.py"
    path.write_text(block.code, encoding="utf-8")
    for run in spec.split(";"):
        wanted, _, args = run.partition(" -- ")
        outcomes = {k: int(v) for k, v in (item.split("=") for item in wanted.split())}
        result = pytester.runpytest_inprocess("-p", "no:cacheprovider", "-q", *shlex.split(args), path.name)
        try:
            result.assert_outcomes(**outcomes)
        except AssertionError:
            raise AssertionError(f"{block.where} ({run.strip()}): expected {outcomes}\n"
                                 + "\n".join(result.outlines[-60:])) from None


RUNNABLE = [p for p in DOCS if any(b.directive for b in python_blocks(p))]


@pytest.mark.parametrize("doc", RUNNABLE, ids=lambda p: p.name)
def test_marked_examples_run(doc: Path, pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setattr(sys, "argv", ["doc-example"])
    with _registries_restored():
        for block in python_blocks(doc):
            if block.directive is None:
                continue
            kind, _, spec = block.directive.partition(" ")
            kind = kind.rstrip(",")
            if kind == "run":
                printed = _run_block(block, pytester)
                if "output below" in spec:
                    expected = [line.rstrip() for line in (block.next_text or "").splitlines()]
                    assert [line.rstrip() for line in printed.splitlines()] == expected, block.where
            elif kind == "file":
                target = pytester.path / spec.strip()
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(block.code, encoding="utf-8")
            elif kind == "pytest":
                _pytest_block(block, spec, pytester)
            else:
                raise AssertionError(f"{block.where}: unknown directive {block.directive!r}")


# -- the CI recipe --------------------------------------------------------------------------------

def _workflow() -> dict:
    yaml = pytest.importorskip("yaml")
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def _runs(workflow: dict) -> list[tuple[str, str]]:
    return [(name, step["run"]) for name, job in workflow["jobs"].items() for step in job["steps"] if "run" in step]


def test_workflow_has_the_documented_jobs() -> None:
    workflow = _workflow()
    triggers = workflow.get("on", workflow.get(True)) or {}  # YAML 1.1 reads a bare `on` as True
    assert {"pull_request", "push", "schedule", "workflow_dispatch"} <= set(triggers)
    jobs = workflow["jobs"]
    assert set(jobs) == {"decide", "replay", "cpu", "gpu", "gpu-shards", "merge-report"}
    assert jobs["replay"]["needs"] == "decide" and "path == 'replay'" in jobs["replay"]["if"]
    assert "path == 'record'" in jobs["gpu"]["if"]
    replay_run = " ".join(run for name, run in _runs(workflow) if name == "replay")
    assert "--genimg-record-mode=none" in replay_run and "pytest_genimg.cache import" in replay_run
    assert jobs["cpu"]["runs-on"] == "ubuntu-latest" and jobs["gpu"]["runs-on"] == ["self-hosted", "gpu"]
    assert jobs["merge-report"]["needs"] == "gpu-shards"
    for name in ("cpu", "gpu", "gpu-shards"):
        uses = [s.get("uses", "") for s in jobs[name]["steps"]]
        assert any(u.startswith("actions/upload-artifact") for u in uses), name
        assert any(u.startswith("actions/cache/restore") for u in uses), name
        assert any(u.startswith("actions/cache/save") for u in uses), name
    gpu_run = " ".join(run for name, run in _runs(workflow) if name == "gpu")
    for flag in ("--genimg-require-gpu", "--genimg-device=cuda", "--genimg-dtype=float16", "--genimg-report=",
                 "--genimg-report-json=", "-n "):
        assert flag in gpu_run, flag


def test_workflow_options_exist_and_literal_values_parse() -> None:
    problems = []
    for job, run in _runs(_workflow()):
        for token in shlex.split(run.replace("\n", " ")):
            if not token.startswith("--genimg-"):
                continue
            name, eq, value = token.partition("=")
            option = CLI.get(name)
            if option is None:
                problems.append(f"{job}: unknown option {name}")
            elif option.flag and eq:
                problems.append(f"{job}: {name} is a switch and takes no value")
            elif not option.flag and not eq:
                problems.append(f"{job}: {name} needs a value")
            elif eq and "$" not in value:
                try:
                    option.parse(value)
                except Exception as exc:  # noqa: BLE001 - the parser's own message is the finding
                    problems.append(f"{job}: {token}: {exc}")
    assert not problems, "\n".join(problems)


def test_workflow_merge_command_runs(tmp_path: Path) -> None:
    from pytest_genimg.report import data as report_data
    from pytest_genimg.report import write_outputs
    from pytest_genimg.report.__main__ import main

    (command,) = [run for job, run in _runs(_workflow()) if job == "merge-report" and "report merge" in run]
    argv = shlex.split(command)
    assert argv[:4] == ["python", "-m", "pytest_genimg.report", "merge"]
    for shard in (1, 2):
        tests: dict = {}
        report_data.add_report(tests, _Report(f"test_x.py::test_{shard}"))
        data = report_data.build(tests, report_data.run_info([], tmp_path, (shard, 2)), tmp_path)
        write_outputs(data, json_path=tmp_path / "shards" / f"report-{shard}.json")
    inputs = [str(p) for p in sorted((tmp_path / "shards").glob("report-*.json"))]
    args = [a for a in argv[4:] if "*" not in a]
    args = [str(tmp_path / a) if a.endswith((".html", ".json")) else a for a in args]
    assert main(["merge", *inputs, *args]) == 0
    assert (tmp_path / "report.html").is_file() and (tmp_path / "report.json").is_file()


@dataclass
class _Report:
    nodeid: str
    when: str = "call"
    outcome: str = "passed"
    longrepr: object = None
    duration: float = 0.1

    passed = property(lambda self: self.outcome == "passed")
    failed = property(lambda self: self.outcome == "failed")
    skipped = property(lambda self: self.outcome == "skipped")


def test_workflow_decides_replay_or_record(tmp_path: Path) -> None:
    import os
    import shutil
    import subprocess

    (step,) = [s for s in _workflow()["jobs"]["decide"]["steps"] if s.get("id") == "decide"]
    repo = tmp_path / "repo"
    (repo / ".github" / "workflows").mkdir(parents=True)
    (repo / "suite").mkdir()
    shutil.copy(WORKFLOW, repo / ".github" / "workflows" / "genimg.yml")
    shutil.copy(ROOT / "example_suite" / "pytest.ini", repo / "suite" / "pytest.ini")
    (repo / "suite" / "test_x.py").write_text("def test_x(): pass\n")

    def git(*args: str) -> str:
        return subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@t", *args], cwd=repo, check=True,
                              capture_output=True, text=True).stdout.strip()

    git("init", "-q")
    git("add", "-A")
    git("commit", "-qm", "base")
    base = git("rev-parse", "HEAD")

    def decide(edit: tuple[str, str, str] | None, labelled: bool = False) -> str:
        git("checkout", "-q", base)
        if edit is not None:
            path, old, new = edit
            text = (repo / path).read_text()
            assert old in text
            (repo / path).write_text(text.replace(old, new, 1))
        git("commit", "-qam", "head", "--allow-empty")
        env = {**os.environ, "BASE": base, "HEAD": git("rev-parse", "HEAD"), "SUITE": "suite",
               "LABELLED": "true" if labelled else "false",
               "GITHUB_OUTPUT": str(tmp_path / "out"), "GITHUB_STEP_SUMMARY": str(tmp_path / "summary")}
        subprocess.run(["bash", "-e", "-c", step["run"]], cwd=repo, env=env, check=True)
        return (tmp_path / "out").read_text().strip().splitlines()[-1]

    assert decide(("suite/test_x.py", "pass", "assert True")) == "path=replay"  # a test or threshold edit
    assert decide(None, labelled=True) == "path=record"
    assert decide((".github/workflows/genimg.yml", "GENIMG_REVISION: main", "GENIMG_REVISION: 0123abc")) == "path=record"
    assert decide((".github/workflows/genimg.yml", "--genimg-steps=4", "--genimg-steps=8")) == "path=record"
    assert decide(("suite/pytest.ini", "genimg_model = tiny-sd", "genimg_model = tiny-sdxl")) == "path=record"
    assert "changed" in (tmp_path / "summary").read_text()

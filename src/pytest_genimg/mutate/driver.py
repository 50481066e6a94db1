"""A mutation run: the suite once clean, then once per mutation, each a pytest subprocess.

Every run shares the generation cache, so only prompt-level mutations (and tests that bypass the
cache) generate; output mutations are applied to the clean cached images. Each run writes its own
report JSON and results folder under the output folder; the kill matrix goes to
``kill-matrix.json`` and, as a section of its own, into ``report.html`` / ``report.json`` (the clean
run's report). xdist (``-n``) and shards (``--genimg-shard``) pass through to every run.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from ..errors import usage
from ..paths import atomic_write_text, contained
from . import matrix as kill_matrix
from .registry import Mutation, mutator_names, parse_mutation
from .session import STATS_ENV, read_stats

FORBIDDEN = ("--genimg-mutate", "--snapshot-update", "--snapshot-update-new-only", "--genimg-report-json", "--genimg-report",
             "--genimg-results-dir")


@dataclass
class RunResult:
    label: str
    returncode: int
    duration_s: float
    report: dict[str, Any] | None
    stats: dict[str, int]
    log: Path


def select(spec: str) -> list[Mutation]:
    """``all`` or a comma-separated list of NAME[:STRENGTH]; bad entries fail before anything runs."""
    names = mutator_names() if spec.strip() == "all" else [p for p in spec.split(",") if p.strip()]
    if not names:
        raise usage("--mutations", "all or NAME[:STRENGTH],... from " + ", ".join(mutator_names()), spec)
    chosen = [parse_mutation(n) for n in names]
    labels = [m.label for m in chosen]
    if len(set(labels)) != len(labels):
        raise usage("--mutations", "each mutation once", spec)
    return chosen


def check_pytest_args(args: list[str]) -> None:
    for arg in args:
        name = arg.split("=", 1)[0]
        if name in FORBIDDEN:
            raise usage("pytest arguments", f"no {name} (the mutation run sets it for each run)", arg)


def _load(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and isinstance(data.get("tests"), list) else None


def run_pytest(label: str, pytest_args: list[str], out: Path, mutation: str | None, *, python: str = sys.executable,
               env: dict[str, str] | None = None) -> RunResult:
    """One pytest subprocess writing ``runs/<label>.json``; its log goes to ``logs/<label>.log``."""
    json_path = contained(out / "runs", f"{label}.json")
    stats_dir = contained(out / "stats", label)
    log = contained(out / "logs", f"{label}.log")
    json_path.unlink(missing_ok=True)
    shutil.rmtree(stats_dir, ignore_errors=True)
    stats_dir.mkdir(parents=True, exist_ok=True)
    log.parent.mkdir(parents=True, exist_ok=True)
    cmd = [python, "-m", "pytest", *pytest_args, f"--genimg-report-json={json_path}", "--genimg-report=",
           f"--genimg-results-dir={contained(out / 'results', label)}"]
    if mutation is not None:
        cmd += [f"--genimg-mutate={mutation}", "-p", "no:cacheprovider"]  # mutated failures stay out of --lf
    run_env = {**os.environ, **(env or {}), STATS_ENV: str(stats_dir)}
    started = time.perf_counter()
    with open(log, "w", encoding="utf-8") as fh:
        fh.write("$ " + " ".join(cmd) + "\n")
        fh.flush()
        code = subprocess.run(cmd, stdout=fh, stderr=subprocess.STDOUT, env=run_env, check=False).returncode
    duration = time.perf_counter() - started
    return RunResult(label, code, duration, _load(json_path), read_stats(stats_dir), log)


def _tail(path: Path, lines: int = 6) -> str:
    try:
        return " | ".join(path.read_text("utf-8", errors="replace").strip().splitlines()[-lines:])
    except OSError:
        return ""


def mutation_run(mutations: list[Mutation], pytest_args: list[str], out: Path,
                 echo: Callable[[str], None] = print) -> dict[str, Any]:
    """Run everything and write the outputs; returns the kill matrix."""
    check_pytest_args(pytest_args)
    out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    echo(f"clean run: pytest {' '.join(pytest_args)}")
    clean = run_pytest("clean", pytest_args, out, None)
    if clean.report is None or clean.returncode not in (0, 1):  # 2-5: interrupted, collection or usage errors, no tests
        raise RuntimeError(f"the clean run must run the suite (exit code {clean.returncode}); see {clean.log}: {_tail(clean.log)}")
    echo(f"  {clean.duration_s:.1f} s, exit code {clean.returncode}")
    rows = []
    for i, mutation in enumerate(mutations, 1):
        echo(f"[{i}/{len(mutations)}] --genimg-mutate={mutation.label}")
        result = run_pytest(_file_label(mutation.label), pytest_args, out, mutation.label)
        ran = result.report is not None and result.returncode in (0, 1)
        error = None if ran else f"exit code {result.returncode}: {_tail(result.log)}"
        row = kill_matrix.classify(clean.report, result.report if ran else None, name=mutation.mutator.name, label=mutation.label,
                                   limitations=mutation.mutator.limitations, stats=result.stats, error=error)
        row["duration_s"] = round(result.duration_s, 2)
        row["log"] = str(result.log)
        rows.append(row)
        echo(f"  {row['status']} ({result.duration_s:.1f} s)")
    timing = {"clean_s": round(clean.duration_s, 2), "total_s": round(time.perf_counter() - started, 2)}
    summary = kill_matrix.summarise(clean.report, rows, timing)
    write_outputs(summary, clean.report, out)
    return summary


def _file_label(label: str) -> str:
    return label.replace(":", "-")


def write_outputs(summary: dict[str, Any], clean_report: dict[str, Any], out: Path) -> list[Path]:
    from ..report import write_outputs as write_report
    from .render import markdown

    written = [atomic_write_text(out / "kill-matrix.json", json.dumps(summary, indent=1, sort_keys=True)),
               atomic_write_text(out / "kill-matrix.md", markdown(summary))]
    report = {**clean_report, "mutation": summary}
    written += write_report(report, out / "report.html", out / "report.json")
    return written

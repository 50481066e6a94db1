"""Pending snapshots: what a failed or new snapshot would write, kept in the results folder until a
person decides (``python -m pytest_genimg review|accept``). Nothing goes into ``__snapshots__`` here.

A record ``<results>/<test>/<label>.pending.json`` names the baseline (relative to the rootdir), the
baseline's hash at run time, the obtained file beside it and that file's hash; ``review/`` reads it.
"""
from __future__ import annotations

import json
import shlex
import time
from importlib import metadata
from pathlib import Path
from typing import Any

from ..review.format import FORMAT, SUFFIX, VERSION, sha256_bytes, sha256_file


def plugin_version() -> str:
    try:
        return metadata.version("pytest-genimg")
    except metadata.PackageNotFoundError:
        return "unknown"


def _baseline_relative(baseline: str, rootdir: Path) -> str:
    path = Path(baseline).resolve()
    try:
        return path.relative_to(Path(rootdir).resolve()).as_posix()
    except ValueError:
        return str(path)  # outside the rootdir: accept will refuse it, and say so


def what_changed(entry: dict[str, Any]) -> str:
    """One line for listings: the reasons of an image, the failing metrics of a metric snapshot."""
    if entry.get("status") == "missing":
        return "no baseline yet"
    if entry.get("kind") == "image":
        return "; ".join(entry.get("reasons") or []) or entry.get("status", "")
    if entry.get("evaluators_changed"):
        return "evaluator changed: " + "; ".join(entry["evaluators_changed"])
    rows = [r for r in entry.get("rows") or [] if r.get("failed")]
    shown = lambda v: "-" if v is None else f"{v:.6g}"  # noqa: E731
    return ", ".join(f"{r['metric']} {shown(r.get('baseline'))} -> {shown(r.get('value'))} ({r['verdict']})" for r in rows)


def write_pending(entry: dict[str, Any], obtained: Path, payload: bytes | None, context: dict[str, Any]) -> dict[str, Any]:
    """Write the pending record for a failed or missing snapshot; ``payload`` (when given) is written to
    ``obtained`` first. Returns what the report keeps: the record's path and the obtained file's hash."""
    from ..recording import write_result

    if payload is not None:
        write_result(obtained, payload)
    data = payload if payload is not None else obtained.read_bytes()
    rootdir = Path(context.get("rootdir") or Path.cwd())
    record_path = obtained.with_name(obtained.name[: obtained.name.rindex(".obtained.")] + SUFFIX)
    source = entry.get("source")
    record = {
        "format": FORMAT, "version": VERSION, "plugin_version": plugin_version(),
        "written": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "nodeid": context.get("nodeid", ""), "kind": entry["kind"], "label": entry["label"], "name": entry["name"],
        "status": entry["status"], "changed": what_changed(entry),
        "baseline": _baseline_relative(entry["baseline"], rootdir),
        "baseline_sha256": sha256_file(Path(entry["baseline"])),
        "obtained": obtained.name, "obtained_sha256": sha256_bytes(data),
        "model": (source.get("model") if isinstance(source, dict) else None) or getattr(context.get("settings"), "model", None),
        "evaluators": entry.get("evaluators") or {},
        "diff": Path(entry["diff"]).name if entry.get("diff") else None,
    }
    write_result(record_path, (json.dumps(record, indent=1, sort_keys=True) + "\n").encode("utf-8"))
    command = "python -m pytest_genimg accept --test " + shlex.quote(record["nodeid"])
    results = record_path.parent.parent
    shown = None
    if results != (Path.cwd() / ".genimg_results").resolve():
        try:
            shown = str(results.relative_to(Path.cwd().resolve()))
        except ValueError:
            shown = str(results)
        command += " --results " + shlex.quote(shown)
    return {"record": str(record_path), "obtained_sha256": record["obtained_sha256"], "command": command, "results": shown}


def clear_stale(label: str) -> None:
    """Drop the running test's pending record for ``label`` left by an earlier run: the snapshot now
    matches (or ``--snapshot-update`` wrote it), so there is nothing left to decide."""
    from ..paths import safe_name
    from ..recording import current_record

    record = current_record()
    if record is not None:
        (record.artifact_dir / (safe_name(label) + SUFFIX)).unlink(missing_ok=True)

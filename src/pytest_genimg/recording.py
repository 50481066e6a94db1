"""Per-test record of checks, metrics and artifacts, reachable from plain assertion helpers.

The plugin opens a :class:`TestRecord` around each test (a ContextVar, so helpers called from the
test body find it without a fixture); outside pytest, helpers still work and write artifacts under
``.genimg_results/`` in the working directory.
"""
from __future__ import annotations

import contextvars
import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator
from contextlib import contextmanager

from .paths import atomic_write_bytes, contained

DEFAULT_RESULTS_DIR = ".genimg_results"


@dataclass
class TestRecord:
    nodeid: str
    results_dir: Path
    checks: list[dict[str, Any]] = field(default_factory=list)
    metrics: dict[str, float] = field(default_factory=dict)
    snapshots: list[dict[str, Any]] = field(default_factory=list)
    artifacts: list[dict[str, str]] = field(default_factory=list)
    generations: list[dict[str, Any]] = field(default_factory=list)
    properties: list[tuple[str, Any]] = field(default_factory=list)
    evaluators: dict[str, Any] = field(default_factory=dict)  # engine kind -> identity, for metric baselines

    @property
    def artifact_dir(self) -> Path:
        return contained(self.results_dir, self.nodeid)

    def reset(self) -> None:
        """Forget what an earlier attempt recorded (pytest-rerunfailures runs a test again)."""
        for kept in (self.checks, self.snapshots, self.artifacts, self.generations, self.properties):
            kept.clear()
        self.metrics.clear()

    def to_dict(self) -> dict[str, Any]:
        return {
            "nodeid": self.nodeid,
            "checks": self.checks,
            "metrics": self.metrics,
            "snapshots": self.snapshots,
            "artifacts": self.artifacts,
            "generations": self.generations[:64],
        }


_current: contextvars.ContextVar[TestRecord | None] = contextvars.ContextVar("genimg_record", default=None)


@contextmanager
def open_record(nodeid: str, results_dir: Path) -> Iterator[TestRecord]:
    record = TestRecord(nodeid=nodeid, results_dir=Path(results_dir))
    token = _current.set(record)
    try:
        yield record
    finally:
        _current.reset(token)


def current_record() -> TestRecord | None:
    return _current.get()


def artifact_path(name: str) -> Path:
    """Where a check should save an artifact called ``name`` for the running test."""
    record = current_record()
    if record is not None:
        folder = record.artifact_dir
    else:
        folder = contained(results_root(), "outside-pytest")
    folder.mkdir(parents=True, exist_ok=True)
    return contained(folder, name)


def results_root() -> Path:
    """The results folder of the running test (or the one used outside pytest)."""
    record = current_record()
    return Path(record.results_dir) if record is not None else Path(DEFAULT_RESULTS_DIR).resolve()


def write_result(path: Path, data: bytes) -> Path:
    """Write a file into the results folder atomically; never through a symlink below that folder."""
    return atomic_write_bytes(path, data, root=results_root())


def add_artifact(path: Path, label: str, kind: str = "image") -> None:
    record = current_record()
    if record is not None:
        record.artifacts.append({"path": str(path), "label": label, "kind": kind})


def _jsonable(value: Any) -> Any:
    """Plain Python data: what JSON and pytest-xdist's transport (execnet) both take. Subclasses of
    the plain types become the plain type (``np.float64`` is a float, ``np.str_`` a str, and execnet
    refuses both)."""
    if value is None or type(value) in (str, int, bool):
        return value
    if isinstance(value, float):
        return float(value) if math.isfinite(value) else str(value)
    if isinstance(value, bool):
        return bool(value)
    if isinstance(value, int):
        return int(value)
    if isinstance(value, str):
        return str(value)
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, Path):
        return str(value)
    if hasattr(value, "item"):
        try:
            return _jsonable(value.item())
        except (ValueError, RuntimeError, TypeError):  # an array or tensor of several values
            shape = getattr(value, "shape", None)
            if shape is not None:
                return f"<{type(value).__name__} of shape {tuple(shape)}>"
    return repr(value)


def record_check(data: dict[str, Any]) -> None:
    """Store a check result (as plain data) for the report and as JUnit properties."""
    record = current_record()
    if record is None:
        return
    data = _jsonable(data)
    record.checks.append(data)
    name = data.get("check", "check")
    for key, value in (data.get("metrics") or {}).items():
        if isinstance(value, (int, float)):
            record.metrics[f"{name}.{key}"] = value
            record.properties.append((f"genimg.{name}.{key}", value))
    record.properties.append((f"genimg.{name}.passed", bool(data.get("passed"))))


def record_metric(name: str, value: float) -> None:
    record = current_record()
    if record is not None:
        value = _jsonable(value)
        record.metrics[name] = value
        record.properties.append((f"genimg.{name}", value))


def record_generation(info: dict[str, Any]) -> None:
    record = current_record()
    if record is not None and len(record.generations) < 256:
        record.generations.append(_jsonable(info))


def dumps(data: Any) -> str:
    return json.dumps(_jsonable(data), indent=2, sort_keys=True)


def note_evaluator(kind: str, engine: Any, name: str | None = None, identity: dict[str, Any] | None = None) -> None:
    """Remember which engine of ``kind`` the running test used (metric baselines pin it); ``identity``
    when it is known without the engine (a reading served by the evaluator cache)."""
    record = current_record()
    if record is not None and kind not in record.evaluators:
        from .backends.identity import engine_identity

        record.evaluators[kind] = dict(identity) if identity is not None else engine_identity(engine, name)

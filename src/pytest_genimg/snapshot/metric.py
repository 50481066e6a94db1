"""Metric baselines: named numbers in a JSON file, each with a direction and a tolerance.

``assert metric_snapshot(cer=Metric(lower_is_better, abs_tol=0.02)) == {"cer": 0.04, "vendi": 7.9}``
fails only on a regression beyond tolerance (or a metric added or dropped), reports improvements,
and ``--snapshot-update`` accepts new values (improvements included, noise within tolerance not).
"""
from __future__ import annotations

import json
import math
import numbers
from dataclasses import dataclass
from enum import Enum
from typing import Any, Mapping

from ..errors import GenImgAssertionError, GenImgError, usage
from ..recording import current_record
from . import evaluators as _evaluators
from .pending import clear_stale, write_pending
from ._common import (
    CorruptBaselineError,
    OptionsAssertion,
    SafeSingleFileExtension,
    accept_command,
    label_for,
    record_snapshot,
    relative,
    result_file,
)


class Direction(str, Enum):
    """Which way a metric may move freely: the other way, beyond tolerance, is a regression."""

    higher_is_better = "higher_is_better"
    lower_is_better = "lower_is_better"
    two_sided = "two_sided"


higher_is_better = Direction.higher_is_better
lower_is_better = Direction.lower_is_better
two_sided = Direction.two_sided
_ALIASES = {"higher": higher_is_better, "lower": lower_is_better, "two-sided": two_sided, "both": two_sided}
DEFAULT_REL_TOL = 0.05
_EPS = 1e-9  # float noise at an exact tolerance boundary is not a regression
FAILING = ("regressed", "changed", "new", "removed")


@dataclass(frozen=True)
class Metric:
    """How one metric is compared with its baseline.

    ``direction``: ``higher_is_better``, ``lower_is_better`` or ``two_sided`` (any change beyond
    tolerance fails). The allowed change is ``max(abs_tol, rel_tol * |baseline|)``; with neither
    given it is 5% of the baseline (``DEFAULT_REL_TOL``). A metric without a spec is
    ``Metric(two_sided)``: it may move 5% either way.
    """

    direction: Direction | str = two_sided
    abs_tol: float | None = None
    rel_tol: float | None = None

    def __post_init__(self) -> None:
        direction = self.direction
        if isinstance(direction, str) and not isinstance(direction, Direction):
            direction = _ALIASES.get(direction.strip().lower()) or next(
                (d for d in Direction if d.value == direction.strip().lower()), None)
        if not isinstance(direction, Direction):
            raise usage("Metric direction", "higher_is_better, lower_is_better or two_sided", self.direction)
        object.__setattr__(self, "direction", direction)
        for name in ("abs_tol", "rel_tol"):
            value = getattr(self, name)
            if value is not None and (isinstance(value, bool) or not isinstance(value, numbers.Real)
                                      or not math.isfinite(value) or value < 0):
                raise usage(f"Metric {name}", "a finite number >= 0 or None", value)

    def allowed(self, baseline: float) -> float:
        if self.abs_tol is None and self.rel_tol is None:
            return DEFAULT_REL_TOL * abs(baseline)
        return max(self.abs_tol or 0.0, (self.rel_tol or 0.0) * abs(baseline))

    def describe(self) -> str:
        if self.abs_tol is None and self.rel_tol is None:
            return f"{DEFAULT_REL_TOL:.0%} (default)"
        parts = []
        if self.abs_tol is not None:
            parts.append(f"{self.abs_tol:g}")
        if self.rel_tol is not None:
            parts.append(f"{self.rel_tol:.1%}")
        return " or ".join(parts)

    def verdict(self, value: float, baseline: float) -> str:
        delta = value - baseline
        allowed = self.allowed(baseline) + _EPS * max(1.0, abs(baseline))
        if self.direction is two_sided:
            return "within" if abs(delta) <= allowed else "changed"
        worse = delta if self.direction is lower_is_better else -delta
        if worse > allowed:
            return "regressed"
        return "improved" if -worse > allowed else "within"


DEFAULT_METRIC = Metric(two_sided)


def _spec(name: str, value: Any) -> Metric:
    if isinstance(value, Metric):
        return value
    if isinstance(value, str):
        return Metric(value)
    raise usage(f"metric_snapshot({name}=...)", "a Metric(...) or a direction such as 'lower_is_better'", value)


class MetricData:
    """Validated metric values: a flat mapping of names to finite numbers."""

    __slots__ = ("values", "source", "evaluators")

    def __init__(self, values: dict[str, float], source: str = "", evaluators: dict[str, Any] | None = None) -> None:
        self.values = dict(sorted(values.items()))
        self.source = source
        self.evaluators = evaluators or {}

    @classmethod
    def from_any(cls, obj: Any) -> "MetricData":
        from ..checks._base import CheckResult

        source = ""
        if isinstance(obj, MetricData):
            return obj
        if isinstance(obj, CheckResult):
            source = obj.check
            obj = {k: v for k, v in obj.metrics.items() if _finite(v)}
        if not isinstance(obj, Mapping):
            raise usage("metric_snapshot", "a mapping of metric names to numbers, or a CheckResult", obj)
        if not obj:
            raise usage("metric_snapshot", "at least one metric", "an empty mapping")
        values: dict[str, float] = {}
        for key, value in obj.items():
            if not isinstance(key, str) or not key.strip():
                raise usage("metric_snapshot", "metric names that are non-empty strings", key)
            if not _finite(value):
                raise usage(f"metric_snapshot[{key!r}]", "a finite number", value)
            values[key] = int(value) if isinstance(value, numbers.Integral) else float(value)
        return cls(values, source)

    def to_json(self) -> str:
        data: dict[str, Any] = dict(self.values)
        if self.evaluators:
            data[_evaluators.KEY] = self.evaluators
        return json.dumps(data, indent=2, sort_keys=True) + "\n"

    def __repr__(self) -> str:
        return f"<metrics {', '.join(self.values)}>"


def compare_metrics(values: dict[str, float], baseline: dict[str, float] | None,
                    specs: Mapping[str, Metric], default: Metric = DEFAULT_METRIC) -> list[dict[str, Any]]:
    """One row per metric: value, baseline, change, allowed change, direction and verdict."""
    rows = []
    for name in sorted(set(values) | set(baseline or {})):
        spec = specs.get(name, default)
        value = values.get(name)
        base = None if baseline is None else baseline.get(name)
        row: dict[str, Any] = {"metric": name, "value": value, "baseline": base, "direction": spec.direction.value,
                               "tolerance": spec.describe(), "delta": None, "allowed": None}
        if value is None:
            row["verdict"] = "removed"
        elif base is None:
            row["verdict"] = "new"
        else:
            row.update(delta=value - base, allowed=spec.allowed(base), verdict=spec.verdict(value, base))
        row["failed"] = row["verdict"] in FAILING
        rows.append(row)
    return rows


def _finite(value: Any) -> bool:
    """A real number (not a bool) that is finite as a float: 10**400 is not (float() overflows)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        return False
    try:
        return math.isfinite(float(value))
    except OverflowError:
        return False


def parse_baseline(text: bytes | str, location: str | None) -> dict[str, float]:
    try:
        data = _evaluators.strip(json.loads(text))  # NaN, Infinity and 1e999 parse; _finite turns them away
        if not isinstance(data, dict) or not all(isinstance(k, str) and _finite(v) for k, v in data.items()):
            raise ValueError("expected a JSON object of metric names to finite numbers")
    except (ValueError, UnicodeDecodeError) as exc:
        raise CorruptBaselineError(
            f"metric baseline {location} is corrupt ({exc}); delete it or write a new one with --snapshot-update"
        ) from None
    return data


class MetricSnapshotExtension(SafeSingleFileExtension):
    """JSON metric baselines under ``__snapshots__/<test module>/<test>.metrics.json``."""

    suffix = "metrics.json"
    file_extension = "metrics.json"

    def __init__(self) -> None:
        super().__init__()
        self.specs: dict[str, Metric] = {}
        self.rows: list[dict[str, Any]] = []
        self.evaluator_changes: list[str] = []
        self.evaluator_policy = "fail"

    def serialize(self, data: Any, **kwargs: Any) -> MetricData:
        return MetricData.from_any(data)

    @classmethod
    def encode(cls, data: Any) -> bytes:
        return (data.to_json() if isinstance(data, MetricData) else str(data)).encode("utf-8")

    def matches(self, *, serialized_data: Any, snapshot_data: Any) -> bool:
        self.rows = []
        try:
            baseline = parse_baseline(snapshot_data, self.last_location)
        except CorruptBaselineError:
            if self.update_mode:
                return False
            raise
        self.rows = compare_metrics(serialized_data.values, baseline, self.specs)
        self.evaluator_changes = _evaluators.changes(_evaluators.baseline_evaluators(snapshot_data), serialized_data.evaluators)
        if self.evaluator_changes and (self.update_mode or self.evaluator_policy == "fail"):
            return False
        if self.update_mode:  # accept improvements too, but never rewrite for noise within tolerance
            return all(r["verdict"] == "within" for r in self.rows)
        return not any(r["failed"] for r in self.rows)


class CpuMetricSnapshotExtension(MetricSnapshotExtension):
    device = "cpu"
    file_extension = "cpu.metrics.json"


class CudaMetricSnapshotExtension(MetricSnapshotExtension):
    device = "cuda"
    file_extension = "cuda.metrics.json"


class MpsMetricSnapshotExtension(MetricSnapshotExtension):
    device = "mps"
    file_extension = "mps.metrics.json"


METRIC_EXTENSIONS: dict[str | None, type[MetricSnapshotExtension]] = {
    None: MetricSnapshotExtension, "cpu": CpuMetricSnapshotExtension,
    "cuda": CudaMetricSnapshotExtension, "mps": MpsMetricSnapshotExtension,
}


class MetricSnapshotAssertion(OptionsAssertion):
    """``assert metric_snapshot == {"cer": 0.04}``; ``metric_snapshot(cer=Metric(lower_is_better, abs_tol=0.02))``
    sets the specs for the next comparison (a positional dict takes names such as ``name``)."""

    fixture_name = "metric_snapshot"

    def __call__(self, specs: Mapping[str, Any] | None = None, /, *, name: str | None = None,
                 evaluators: Mapping[str, Any] | None = None, **metric_specs: Any) -> "MetricSnapshotAssertion":
        merged = {**dict(specs or {}), **metric_specs}
        options: dict[str, Any] = {"specs": {k: _spec(k, v) for k, v in merged.items()}}
        if evaluators is not None:
            options["evaluators"] = _evaluators.check_evaluators(evaluators)
        self._set_call_options(options)
        if name is not None:
            super().__call__(name=name)
        return self

    def _prepare(self, data: Any) -> tuple[MetricData, dict[str, Metric]]:
        metrics = MetricData.from_any(data)
        specs = self._call_options.get("specs", {})
        unknown = sorted(set(specs) - set(metrics.values))
        if unknown:
            raise usage("metric_snapshot(...)", f"specs only for asserted metrics ({', '.join(metrics.values)})",
                        ", ".join(unknown))
        record = current_record()
        used = dict(record.evaluators) if record is not None else {}
        metrics = MetricData(metrics.values, metrics.source, {**used, **self._call_options.get("evaluators", {})})
        return metrics, specs

    def _assert(self, data: Any) -> bool:
        __tracebackhide__ = True
        metrics, specs = self._finish(lambda: self._prepare(data))
        ext = self.extension
        ext.update_mode, ext.specs, ext.rows = self.update_snapshots, specs, []
        ext.evaluator_changes, ext.evaluator_policy = [], getattr(self.context.get("settings"), "evaluator_changed", "fail")
        index = self.index
        ok = super()._assert(metrics)
        return self._conclude(ok, metrics, ext, specs, index)

    def _conclude(self, ok: bool, metrics: MetricData, ext: MetricSnapshotExtension,
                  specs: dict[str, Metric], index: Any) -> bool:
        __tracebackhide__ = True
        result = self.last_result()
        if isinstance(result.exception, (GenImgError, GenImgAssertionError)):
            raise result.exception
        label = label_for("metric_snapshot", index)
        status = ("created" if result.created else "updated" if result.updated else "matched" if result.success
                  else "error" if result.exception else "missing" if result.recalled_data is None else "failed")
        rows = ext.rows or compare_metrics(metrics.values, None, specs)
        if ext.evaluator_changes and status == "failed" and not any(r["failed"] for r in rows):
            status = "evaluator changed"
        entry: dict[str, Any] = {
            "kind": "metric", "label": label, "name": result.snapshot_name, "status": status, "passed": bool(ok),
            "baseline": result.snapshot_location, "device": ext.device, "rows": rows, "source": metrics.source,
            "improved": [r["metric"] for r in rows if r["verdict"] == "improved"],
            "evaluators": metrics.evaluators, "evaluators_changed": list(ext.evaluator_changes),
        }
        if status in ("failed", "missing", "evaluator changed") or entry["improved"]:
            entry["accept"] = accept_command(self.context["nodeid"], self.context.get("settings"))
        if status in ("failed", "missing", "evaluator changed"):
            entry["pending"] = write_pending(entry, result_file(label, "obtained").with_suffix(".metrics.json"),
                                             MetricSnapshotExtension.encode(metrics), self.context)
        elif status != "error":
            clear_stale(label)
            if ext.evaluator_changes:
                _evaluators.warn(entry["name"], ext.evaluator_changes,
                                 entry.get("accept") or accept_command(self.context["nodeid"], self.context.get("settings")))
        properties: list[tuple[str, Any]] = [(f"genimg.{label}.status", status)]
        for r in rows:
            if r["value"] is not None:
                properties.append((f"genimg.{label}.{r['metric']}", r["value"]))
            if r["baseline"] is not None:
                properties.append((f"genimg.{label}.{r['metric']}.baseline", r["baseline"]))
            if r["verdict"] not in ("within", "new"):
                properties.append((f"genimg.{label}.{r['metric']}.verdict", r["verdict"]))
        record_snapshot(entry, properties)
        if status == "error":
            return ok
        if not ok:
            raise GenImgAssertionError("\n".join(_message(entry, self.context.get("rootdir"))))
        return ok


def _fmt(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, int):
        return str(value)
    return f"{value:.6g}"


def metric_table(rows: list[dict[str, Any]]) -> list[str]:
    head = f"  {'metric':<18} {'value':>10} {'baseline':>10} {'change':>10} {'allowed':>10}  {'direction':<17} verdict"
    lines = [head]
    for r in rows:
        change = "-" if r["delta"] is None else ("+" if r["delta"] >= 0 else "") + _fmt(r["delta"])
        verdict = r["verdict"].upper() if r["failed"] else r["verdict"]
        lines.append(f"  {r['metric'][:18]:<18} {_fmt(r['value']):>10} {_fmt(r['baseline']):>10} {change:>10} "
                     f"{_fmt(r['allowed']):>10}  {r['direction']:<17} {verdict}")
    return lines


def _message(entry: dict[str, Any], root: Any) -> list[str]:
    if entry["status"] == "evaluator changed":
        head = _evaluators.failure_head(entry["name"], entry["evaluators_changed"])
        tail = [f"  baseline: {relative(entry['baseline'], root)}", f"  accept:   {entry['accept']}"]
    elif entry["status"] == "missing":
        head = [f"metric snapshot {entry['name']!r}: no baseline yet"]
        tail = [f"  baseline: {relative(entry['baseline'], root)} (missing)", f"  write it: {entry['accept']}"]
    else:
        bad = [r for r in entry["rows"] if r["failed"]]
        kinds = sorted({r["verdict"] for r in bad})
        head = [f"metric snapshot {entry['name']!r}: {len(bad)} metric(s) {'/'.join(kinds)} beyond tolerance: "
                + ", ".join(r["metric"] for r in bad)]
        tail = [f"  baseline: {relative(entry['baseline'], root)}", f"  accept:   {entry['accept']}"]
        if entry.get("evaluators_changed"):
            head.append(f"  evaluator changed too: {'; '.join(entry['evaluators_changed'])}")
    if entry.get("pending"):
        tail.append(f"  or, without re-running: {entry['pending']['command']}")
    return head + metric_table(entry["rows"]) + tail

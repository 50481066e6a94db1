"""The shared check framework: per-image verdicts, pass rates, artifacts, messages, recording.

Every check is a ``measure_*`` function returning a :class:`CheckResult` (recorded for the report
and as JUnit properties) and an ``assert_*`` twin that calls :func:`raise_if_failed` on it.
"""
from __future__ import annotations

import io
import math
from dataclasses import dataclass, field
from typing import Any, Iterable, Sequence

from PIL import Image

from ..errors import GenImgAssertionError, usage
from ..recording import add_artifact, artifact_path, current_record, record_check, write_result
from ..stats import PassRate

MAX_LISTED = 20


@dataclass
class ItemVerdict:
    """The verdict on one image (or pair, or frame): its values and, when failed, why."""

    label: str
    passed: bool
    values: dict[str, Any] = field(default_factory=dict)
    reason: str = ""
    artifact: str | None = None

    def line(self) -> str:
        shown = ", ".join(f"{k}={_fmt(v)}" for k, v in self.values.items())
        status = "ok  " if self.passed else "FAIL"
        text = f"  {status} {self.label}: {shown}"
        if self.reason and not self.passed:
            text += f" -- {self.reason}"
        if self.artifact:
            text += f"\n       artifact: {self.artifact}"
        return text


@dataclass
class CheckResult:
    """The outcome of one check: verdict, metrics, thresholds, per-item details and artifacts."""

    check: str
    passed: bool
    metrics: dict[str, Any] = field(default_factory=dict)
    thresholds: dict[str, Any] = field(default_factory=dict)
    items: list[ItemVerdict] = field(default_factory=list)
    artifacts: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    pass_rate: PassRate | None = None
    headline: str = ""

    def __bool__(self) -> bool:
        return self.passed

    @property
    def failed_items(self) -> list[ItemVerdict]:
        return [i for i in self.items if not i.passed]

    def message(self) -> str:
        verdict = "passed" if self.passed else "failed"
        head = f"{self.check} {verdict}"
        if self.headline:
            head += f": {self.headline}"
        elif self.pass_rate is not None:
            head += f": {self.pass_rate.describe()}"
        lines = [head]
        if self.thresholds:
            lines.append("  thresholds: " + ", ".join(f"{k}={_fmt(v)}" for k, v in self.thresholds.items()))
        if self.metrics:
            lines.append("  measured:   " + ", ".join(f"{k}={_fmt(v)}" for k, v in self.metrics.items()))
        ordered = self.failed_items + [i for i in self.items if i.passed]
        for item in ordered[:MAX_LISTED]:
            lines.append(item.line())
        if len(ordered) > MAX_LISTED:
            lines.append(f"  ... {len(ordered) - MAX_LISTED} more")
        lines.extend(f"  note: {n}" for n in self.notes)
        extra = [a for a in self.artifacts if all(a != i.artifact for i in self.items)]
        lines.extend(f"  artifact: {a}" for a in extra)
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        return {
            "check": self.check,
            "passed": self.passed,
            "headline": self.headline or (self.pass_rate.describe() if self.pass_rate else ""),
            "metrics": self.metrics,
            "thresholds": self.thresholds,
            "items": [vars(i) for i in self.items],
            "artifacts": self.artifacts,
            "notes": self.notes,
        }


def _fmt(value: Any) -> str:
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            return str(value)
        return f"{value:.4g}"
    if isinstance(value, str):
        return repr(value) if len(value) < 60 else repr(value[:57] + "...")
    return str(value)


def from_items(
    check: str,
    items: Sequence[ItemVerdict],
    *,
    min_pass_rate: float,
    thresholds: dict[str, Any] | None = None,
    metrics: dict[str, Any] | None = None,
    notes: Iterable[str] = (),
) -> CheckResult:
    """Build a result whose verdict is the share of passing items against ``min_pass_rate``."""
    rate = PassRate(sum(i.passed for i in items), len(items), min_pass_rate)
    merged = {"pass_rate": rate.rate, "passed_count": rate.passed, "count": rate.total}
    merged.update(metrics or {})
    return finish(
        CheckResult(
            check=check,
            passed=rate.ok,
            metrics=merged,
            thresholds={**(thresholds or {}), "min_pass_rate": min_pass_rate},
            items=list(items),
            notes=list(notes),
            pass_rate=rate,
        )
    )


def finish(result: CheckResult) -> CheckResult:
    """Record ``result`` for the report and JUnit properties; return it."""
    record_check(result.to_dict())
    return result


def raise_if_failed(result: CheckResult) -> CheckResult:
    __tracebackhide__ = True
    if not result.passed:
        raise GenImgAssertionError(result.message(), result)
    return result


def save_artifact(image: Image.Image, name: str, label: str | None = None) -> str:
    """Save ``image`` as PNG under the running test's results folder; return the path."""
    buf = io.BytesIO()
    image.save(buf, format="PNG")
    stem = name[:-4] if name.endswith(".png") else name
    path = artifact_path(stem + ".png")
    record = current_record()
    taken = {a["path"] for a in record.artifacts} if record is not None else set()
    count = 1
    while str(path) in taken:  # the same check twice in one test: keep both artifacts
        count += 1
        path = artifact_path(f"{stem}-{count}.png")
    write_result(path, buf.getvalue())
    add_artifact(path, label or name)
    return str(path)


def require_fraction(name: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0.0 <= float(value) <= 1.0:
        raise usage(name, "a number in [0, 1]", value)
    return float(value)


def require_positive(name: str, value: Any, *, allow_zero: bool = False) -> float:
    ok = isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
    if not ok or value < 0 or (value == 0 and not allow_zero):
        raise usage(name, "a non-negative number" if allow_zero else "a positive number", value)
    return float(value)


def require_int(name: str, value: Any, *, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise usage(name, f"an integer >= {minimum}", value)
    return value


def require_choice(name: str, value: Any, choices: Iterable[str]) -> str:
    options = tuple(choices)
    if value not in options:
        raise usage(name, "one of " + ", ".join(repr(c) for c in options), value)
    return value

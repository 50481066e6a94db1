"""Distribution baselines: ``assert distribution_snapshot == images`` stores a compact JSON summary
of the set (perceptual-hash bits or embeddings, plus per-image metrics) and compares a new set with
it by two-sample tests, so other seeds of the same model pass and a degraded model fails.

About 7 KB for 64 images with the default features and the five built-in metrics.
"""
from __future__ import annotations

import math
import numbers
from typing import Any, Mapping, Sequence

import pytest

from ..compare.summary import Summary, compare_summaries, summarise
from ..errors import GenImgAssertionError, usage
from ._common import CorruptBaselineError, OptionsAssertion, SafeSingleFileExtension, accept_command, label_for, record_snapshot, relative


class DistributionSnapshotExtension(SafeSingleFileExtension):
    """JSON summaries under ``__snapshots__/<test module>/<test>.distribution.json``."""

    suffix = "distribution.json"
    file_extension = "distribution.json"

    def __init__(self) -> None:
        super().__init__()
        self.options: dict[str, Any] = {}
        self.verdict: Any = None

    def serialize(self, data: Any, **kwargs: Any) -> Summary:
        if not isinstance(data, Summary):
            raise usage("distribution_snapshot", "images (the assertion summarises them first)", data)
        return data

    @classmethod
    def encode(cls, data: Any) -> bytes:
        return (data.to_json() if isinstance(data, Summary) else str(data)).encode("utf-8")

    def matches(self, *, serialized_data: Any, snapshot_data: Any) -> bool:
        self.verdict = None
        try:
            baseline = Summary.from_json(snapshot_data)
        except (ValueError, UnicodeDecodeError, TypeError) as exc:
            if self.update_mode:
                return False
            raise CorruptBaselineError(f"distribution baseline {self.last_location} is corrupt ({exc}); "
                                       "delete it or write a new one with --snapshot-update") from None
        if baseline.features != serialized_data.features:
            if self.update_mode:
                return False
            raise GenImgAssertionError(f"distribution baseline {self.last_location} holds {baseline.features} features, "
                                       f"this set {serialized_data.features}: accept the change with --snapshot-update")
        self.verdict = compare_summaries(serialized_data, baseline, **self.options)
        return self.verdict.passed  # --snapshot-update rewrites only a set that no longer matches


class DistributionSnapshotAssertion(OptionsAssertion):
    """``assert distribution_snapshot == images``; ``distribution_snapshot(metrics={"cer": [...]},
    embedder=None, alpha=0.05, max_shift={"cer": 0.02}, builtin_metrics=True, name=None)`` sets the
    options of the next comparison."""

    def __call__(self, *, metrics: Mapping[str, Sequence[float]] | None = None, embedder: Any = None,
                 alpha: float = 0.05, max_shift: Mapping[str, float] | None = None, builtin_metrics: bool = True,
                 permutations: int = 1000, name: str | None = None) -> "DistributionSnapshotAssertion":
        if isinstance(alpha, bool) or not isinstance(alpha, numbers.Real) or not 0 < alpha < 1:
            raise usage("alpha", "a significance level in (0, 1), e.g. 0.05", alpha)
        if isinstance(permutations, bool) or not isinstance(permutations, int) or permutations < 99:
            raise usage("permutations", "an integer >= 99", permutations)
        for key, value in (max_shift or {}).items():
            if isinstance(value, bool) or not isinstance(value, numbers.Real) or not math.isfinite(value) or value < 0:
                raise usage(f"max_shift[{key!r}]", "a finite number >= 0", value)
        self._set_call_options({"metrics": metrics, "embedder": embedder, "builtin": bool(builtin_metrics),
                                "compare": {"alpha": float(alpha), "max_shift": dict(max_shift or {}),
                                            "permutations": permutations}})
        if name is not None:
            super().__call__(name=name)
        return self

    def _prepare(self, images: Any) -> Summary:
        embedder = self._call_options.get("embedder")
        if isinstance(embedder, str):
            from ..backends.embedders import resolve_embedder

            embedder = resolve_embedder(embedder, "embedder")
        return summarise(images, embedder=embedder, metrics=self._call_options.get("metrics"),
                         builtin=self._call_options.get("builtin", True))

    def _assert(self, data: Any) -> bool:
        __tracebackhide__ = True
        summary = self._finish(lambda: self._prepare(data))
        ext = self.extension
        ext.update_mode, ext.verdict = self.update_snapshots, None
        ext.options = self._call_options.get("compare", {})
        index = self.index
        ok = super()._assert(summary)
        return self._conclude(ok, summary, ext, index)

    def _conclude(self, ok: bool, summary: Summary, ext: DistributionSnapshotExtension, index: Any) -> bool:
        __tracebackhide__ = True
        result, status = self.last_status()
        label = label_for("distribution_snapshot", index)
        verdict = ext.verdict
        rows = verdict.rows if verdict is not None else []
        entry: dict[str, Any] = {
            "kind": "distribution", "label": label, "name": result.snapshot_name, "status": status, "passed": bool(ok),
            "baseline": result.snapshot_location, "count": summary.count, "features": summary.features,
            "rows": rows, "notes": verdict.notes if verdict is not None else [],
        }
        if status in ("failed", "missing"):
            entry["accept"] = accept_command(self.context["nodeid"], self.context.get("settings"))
        properties: list[tuple[str, Any]] = [(f"genimg.{label}.status", status)]
        properties += [(f"genimg.{label}.{r['metric']}.p", r["p_adjusted"]) for r in rows]
        record_snapshot(entry, properties)
        if status == "error":
            return ok
        if not ok:
            raise GenImgAssertionError("\n".join(_message(entry, self.context.get("rootdir"))))
        return ok


def _num(value: Any) -> str:
    return "-" if value is None else f"{value:.4g}"


def _message(entry: dict[str, Any], root: Any) -> list[str]:
    if entry["status"] == "missing":
        return [f"distribution snapshot {entry['name']!r}: no baseline yet",
                f"  baseline: {relative(entry['baseline'], root)} (missing)", f"  write it: {entry['accept']}"]
    bad = [r["metric"] for r in entry["rows"] if r["failed"]]
    lines = [f"distribution snapshot {entry['name']!r}: {entry['count']} images differ from the baseline set "
             f"beyond noise on {', '.join(bad)}",
             f"  {'test':<24} {'baseline':>9} {'new':>9} {'change':>9} {'95% CI':>21} {'p':>8} {'p Holm':>8}  verdict"]
    for r in entry["rows"]:
        ci = "-" if r["low"] is None else f"[{r['low']:.3g}, {r['high']:.3g}]"
        lines.append(f"  {r['metric'][:24]:<24} {_num(r['baseline']):>9} {_num(r['new']):>9} {_num(r['change']):>9} "
                     f"{ci:>21} {r['p_value']:>8.3g} {r['p_adjusted']:>8.3g}  {'CHANGED' if r['failed'] else 'ok'}")
    lines += [f"  note: {n}" for n in entry["notes"]]
    lines += [f"  baseline: {relative(entry['baseline'], root)}", f"  accept:   {entry['accept']}"]
    return lines


@pytest.fixture
def distribution_snapshot(request: pytest.FixtureRequest, genimg_snapshot_model: str | None) -> DistributionSnapshotAssertion:
    """Compare a set of images with its stored distribution summary: ``assert distribution_snapshot ==
    images`` (fixture on the left). Two-sample tests (kernel MMD on perceptual hashes or embeddings,
    mean shift of each per-image metric; Holm-adjusted) fail only on a change beyond seed noise;
    ``--snapshot-update`` accepts a changed set.
    """
    from .fixtures import _assertion

    return _assertion(request, DistributionSnapshotAssertion, {None: DistributionSnapshotExtension}, None, genimg_snapshot_model)

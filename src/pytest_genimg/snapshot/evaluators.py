"""Evaluator versions pinned beside metric values: which engines (OCR, pose, embedder) produced them.

A metric baseline keeps them under the reserved key ``"_evaluators"``; when the engines of the run
differ from the baseline's, the comparison is ``evaluator changed`` (a rapidocr upgrade is not a
model regression). ``--genimg-evaluator-changed=warn|fail`` says whether that fails.
"""
from __future__ import annotations

import json
import warnings
from typing import Any, Mapping

from ..errors import usage

KEY = "_evaluators"


class EvaluatorChangedWarning(UserWarning):
    """A metric baseline was made by other evaluator versions than this run's (--genimg-evaluator-changed=warn)."""


def check_evaluators(value: Any) -> dict[str, dict[str, Any]]:
    """``metric_snapshot(evaluators={"ocr": {"engine": "rapidocr-3.10.0"}})``: kind -> identity (or a version string)."""
    if not isinstance(value, Mapping):
        raise usage("metric_snapshot(evaluators=...)", "a mapping of engine kinds to identities (dicts or version strings)", value)
    out: dict[str, dict[str, Any]] = {}
    for kind, ident in value.items():
        if not isinstance(kind, str) or not kind:
            raise usage("metric_snapshot(evaluators=...)", "engine kinds that are non-empty strings", kind)
        if isinstance(ident, str):
            ident = {"engine": ident}
        if not isinstance(ident, Mapping):
            raise usage(f"metric_snapshot(evaluators[{kind!r}])", "a dict such as {'engine': 'rapidocr-3.10.0'} or a string", ident)
        out[kind] = json.loads(json.dumps(dict(ident), default=str))
    return out


def baseline_evaluators(raw: bytes | str | None) -> dict[str, Any]:
    """The evaluators a metric baseline recorded ({} for baselines written before they were kept)."""
    try:
        data = json.loads(raw) if raw else {}
    except (ValueError, UnicodeDecodeError):
        return {}
    found = data.get(KEY) if isinstance(data, dict) else None
    return found if isinstance(found, dict) else {}


def strip(data: Any) -> Any:
    """A parsed metric baseline without the evaluators entry (so only metric values remain)."""
    if isinstance(data, dict) and isinstance(data.get(KEY), dict):
        data = {k: v for k, v in data.items() if k != KEY}
    return data


def _show(ident: Any) -> str:
    if not isinstance(ident, dict):
        return str(ident)
    parts = [str(ident.get("engine", "?"))]
    parts += [f"{name} {str(h)[:12]}" for name, h in sorted((ident.get("models") or {}).items())]
    return ", ".join(parts)


def changes(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[str]:
    """One line per engine kind both recorded whose identity differs: ``ocr: rapidocr-3.10.0 -> rapidocr-3.11.0``."""
    return [f"{kind}: {_show(old[kind])} -> {_show(new[kind])}" for kind in sorted(set(old) & set(new))
            if old[kind] != new[kind]]


def failure_head(name: str, changed: list[str]) -> list[str]:
    return [f"metric snapshot {name!r}: evaluator changed since the baseline was written "
            f"(not a model regression): {'; '.join(changed)}",
            "  (--genimg-evaluator-changed=warn makes this a warning)"]


def warn(name: str, changed: list[str], accept: str) -> None:
    warnings.warn(EvaluatorChangedWarning(
        f"metric snapshot {name!r}: baseline made by other evaluators ({'; '.join(changed)}); accept: {accept}"),
        stacklevel=4)

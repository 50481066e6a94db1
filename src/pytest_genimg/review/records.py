"""Pending snapshot records: find them in a results folder or through a report JSON, validate, select.

Records are written by ``snapshot/pending.py`` during a test run; this side only reads them.
"""
from __future__ import annotations

import fnmatch
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from .format import FORMAT, SUFFIX, VERSION

REPORT_FORMAT = "pytest-genimg-report"
DECISIONS_FORMAT = "pytest-genimg-decisions"
DECISIONS_VERSION = 1
_REQUIRED = ("nodeid", "kind", "label", "baseline", "obtained", "obtained_sha256")


class RefusedError(Exception):
    """A pending snapshot (or input file) that cannot be used; the message names the file and why."""


@dataclass
class Pending:
    """One pending snapshot: its record file and the record's fields."""

    path: Path
    data: dict[str, Any]
    expected_sha256: str | None = field(default=None)  # the hash the report (or decisions file) holds

    @property
    def nodeid(self) -> str:
        return str(self.data["nodeid"])

    @property
    def label(self) -> str:
        return str(self.data["label"])

    @property
    def key(self) -> str:
        """``nodeid#label``: one snapshot of one test (a test may assert several)."""
        return f"{self.nodeid}#{self.label}"

    @property
    def kind(self) -> str:
        return str(self.data["kind"])

    @property
    def obtained(self) -> Path:
        return self.path.parent / Path(str(self.data["obtained"])).name  # never outside the record's folder

    @property
    def diff(self) -> Path | None:
        name = self.data.get("diff")
        return self.path.parent / Path(str(name)).name if name else None


def read_versioned(path: Path, what: str, fmt: str, readable: int | None, hint: str = "") -> dict[str, Any]:
    """A JSON object of format ``fmt`` at a version this pytest-genimg reads (None: any), or a refusal."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise RefusedError(f"{path}: cannot read a {what} ({exc})") from None
    if not isinstance(data, dict) or data.get("format") != fmt:
        raise RefusedError(f"{path}: not a pytest-genimg {what}{hint}")
    version = data.get("version")
    if readable is not None and (not isinstance(version, int) or version > readable):
        writer = f" written by pytest-genimg {data['plugin_version']}" if data.get("plugin_version") else ""
        raise RefusedError(f"{path}: {what} format {version!r}{writer} is newer than this pytest-genimg reads "
                           f"({readable}); upgrade pytest-genimg to use it")
    return data


def load_record(path: Path) -> Pending:
    data = read_versioned(path, "record", FORMAT, VERSION)
    missing = [k for k in _REQUIRED if not isinstance(data.get(k), str) or not data.get(k)]
    if missing:
        raise RefusedError(f"{path}: pending record lacks {', '.join(missing)}")
    nul = [k for k in (*_REQUIRED, "diff") if "\0" in str(data.get(k) or "")]
    if nul:  # no file name holds one: a damaged or forged record
        raise RefusedError(f"{path}: pending record's {', '.join(nul)} holds a NUL character")
    return Pending(Path(path), data)


def _report_records(report: Path, data: dict[str, Any]) -> Iterable[tuple[Path, str | None]]:
    """(record path, obtained hash in the report) for every snapshot the report lists as pending."""
    tests = data.get("tests") or []
    if not isinstance(tests, list) or not all(isinstance(t, dict) and isinstance(t.get("snapshots") or [], list) for t in tests):
        raise RefusedError(f"{report}: damaged report JSON: 'tests' must be a list of objects, each with a list of 'snapshots'")
    for test in tests:
        for snap in test.get("snapshots") or []:
            pending = snap.get("pending") if isinstance(snap, dict) else None
            if not isinstance(pending, dict) or not isinstance(pending.get("record"), str):
                continue
            rel = Path(pending["record"])
            # The record as written, against the current directory, or beside the report (a downloaded artifact).
            candidates = [rel] if rel.is_absolute() else [Path.cwd() / rel]
            candidates.append(report.parent / rel.parent.name / rel.name)
            found = next((c for c in candidates if c.is_file()), candidates[-1])
            yield found, pending.get("obtained_sha256")


def find_pending(source: Path) -> tuple[list[Pending], list[str]]:
    """Pending snapshots under a results folder, or those a report JSON lists; and the problems met."""
    source = Path(source)
    problems: list[str] = []
    found: list[Pending] = []
    if source.is_dir():
        pairs: Iterable[tuple[Path, str | None]] = ((p, None) for p in sorted(source.rglob("*" + SUFFIX)))
    elif source.is_file():
        data = read_versioned(source, "report JSON", REPORT_FORMAT, None, " (written by --genimg-report-json)")
        pairs = list(_report_records(source, data))
    else:
        raise RefusedError(f"{source}: no such results folder or report JSON")
    for path, expected in pairs:
        if not path.is_file():
            continue  # already accepted or rejected
        try:
            pending = load_record(path)
        except RefusedError as exc:
            problems.append(str(exc))
            continue
        pending.expected_sha256 = expected
        found.append(pending)
    return found, problems


def matches(pending: Pending, pattern: str) -> bool:
    """An exact node id (or ``nodeid#label``) first: node ids hold ``[...]``, which a glob reads as a class."""
    if pattern in (pending.nodeid, pending.key):
        return True
    return fnmatch.fnmatchcase(pending.nodeid, pattern) or fnmatch.fnmatchcase(pending.key, pattern)


def select(pendings: list[Pending], tests: list[str], everything: bool) -> tuple[list[Pending], list[str]]:
    """The pending snapshots chosen by ``--test`` patterns (or all); and the patterns that chose none."""
    if everything:
        return list(pendings), []
    chosen = [p for p in pendings if any(matches(p, t) for t in tests)]
    unmatched = [t for t in tests if not any(matches(p, t) for p in pendings)]
    return chosen, unmatched


def load_decisions(path: Path) -> list[dict[str, Any]]:
    """The decisions a report page downloaded: ``[{"nodeid", "label", "decision", "obtained_sha256"}, ...]``."""
    data = read_versioned(path, "decisions file", DECISIONS_FORMAT, DECISIONS_VERSION, " (downloaded from the report page)")
    if not isinstance(data.get("decisions"), list):
        raise RefusedError(f"{path}: a decisions file needs a list of decisions")
    out = []
    for i, item in enumerate(data["decisions"]):
        if (not isinstance(item, dict) or item.get("decision") not in ("accept", "reject")
                or not all(isinstance(item.get(k), str) for k in ("nodeid", "label"))):
            raise RefusedError(f"{path}: decision {i} needs nodeid, label and decision accept|reject, got {item!r:.200}")
        out.append(item)
    return out

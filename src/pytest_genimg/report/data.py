"""The report as plain data: per-test entries collected from TestReports, embedded images, merging.

The same dict is written as JSON (``--genimg-report-json``) and rendered as HTML; JSON files from
shards or machines merge into one report (``python -m pytest_genimg.report merge``).
"""
from __future__ import annotations

import base64
import io
import json
import platform
import sys
import time
from importlib import metadata
from pathlib import Path
from typing import Any, Iterable

from .schema import ReportFormatError, validate

FORMAT = "pytest-genimg-report"
VERSION = 1
OUTCOME_RANK = {"failed": 0, "error": 0, "xpassed": 1, "passed": 2, "xfailed": 3, "skipped": 4}
BAD = ("failed", "error")
MAX_MESSAGE = 6000
THUMB_SIDE = 384  # images larger than this are downscaled in the report
PNG_KEEP_BYTES = 96_000  # small PNG files are embedded as they are, without decoding
VERSIONED = ("pytest-genimg", "torch", "diffusers", "transformers", "pytest", "syrupy", "numpy", "pillow")


def library_versions() -> dict[str, str | None]:
    """Installed versions, read from package metadata (torch is not imported for this)."""
    out: dict[str, str | None] = {}
    for name in VERSIONED:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = None
    torch = sys.modules.get("torch")  # only if the session already imported it
    if torch is not None and getattr(getattr(torch, "version", None), "cuda", None):
        out["cuda"] = str(torch.version.cuda)
    return out


def run_info(args: Iterable[str], rootdir: Path, shard: tuple[int, int] | None, settings: Any = None) -> dict[str, Any]:
    return {
        "started": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "python": platform.python_version(),
        "platform": platform.platform(terse=True),
        "machine": platform.node(),
        "shard": None if shard is None else f"{shard[0]}/{shard[1]}",
        "args": [str(a) for a in args],
        "rootdir": str(rootdir),
        "model": getattr(settings, "model", None),
        "baseline_model": getattr(settings, "baseline_model", None),
        "device": getattr(settings, "device", None),
        "mutation": getattr(settings, "mutate", None),  # a mutated run must never read as a clean one
        "versions": library_versions(),
    }


def _new_entry(nodeid: str) -> dict[str, Any]:
    return {"nodeid": nodeid, "outcome": "", "duration_s": 0.0, "message": "", "run": 0, "reruns": 0,
            "checks": [], "metrics": {}, "snapshots": [], "artifacts": [], "generations": []}


def _message(report: Any) -> str:
    longrepr = report.longrepr
    if isinstance(longrepr, tuple) and len(longrepr) == 3:  # a skip: (path, line, reason)
        return str(longrepr[2]).removeprefix("Skipped: ")
    crash = getattr(longrepr, "reprcrash", None)
    text = getattr(crash, "message", None) or getattr(report, "longreprtext", "") or ""
    return text if len(text) <= MAX_MESSAGE else text[: MAX_MESSAGE - 20] + "\n... (truncated)"


def add_report(tests: dict[str, dict[str, Any]], report: Any) -> None:
    """Fold one phase's TestReport into its test's entry (worst outcome wins)."""
    entry = tests.setdefault(report.nodeid, _new_entry(report.nodeid))
    attempt = getattr(report, "rerun", 0) or 0  # pytest-rerunfailures: 0 for the first attempt
    if attempt > entry.get("reruns", 0):  # a new attempt: the report keeps the last one, says it was rerun
        tests[report.nodeid] = entry = {**_new_entry(report.nodeid), "run": entry["run"], "reruns": attempt}
    entry["duration_s"] = round(entry["duration_s"] + float(getattr(report, "duration", 0.0) or 0.0), 4)
    when = getattr(report, "when", "call")
    outcome = None
    if report.failed:
        outcome = "failed" if when == "call" else "error"
    elif report.skipped:
        outcome = "xfailed" if hasattr(report, "wasxfail") else "skipped"
    elif when == "call" and hasattr(report, "wasxfail"):
        outcome = "xpassed"
    elif when == "call" and not entry["outcome"]:
        outcome = "passed"
    if outcome is not None and OUTCOME_RANK[outcome] <= OUTCOME_RANK.get(entry["outcome"], 99):
        entry["outcome"] = outcome
        entry["message"] = ("xfail: " + str(report.wasxfail)) if outcome == "xfailed" and not report.longrepr else _message(report)
    record = getattr(report, "genimg", None)
    if isinstance(record, dict):
        for key in ("checks", "snapshots", "artifacts", "generations"):
            entry[key] = list(record.get(key) or [])
        entry["metrics"] = dict(record.get("metrics") or {})
        if record.get("limitations"):
            entry["limitations"] = list(record["limitations"])


def finish_entries(tests: dict[str, dict[str, Any]]) -> None:
    for entry in tests.values():
        entry["outcome"] = entry["outcome"] or "passed"  # setup and teardown passed, no call phase seen


def add_collect_error(tests: dict[str, dict[str, Any]], report: Any) -> None:
    entry = tests.setdefault(report.nodeid or "<collection>", _new_entry(report.nodeid or "<collection>"))
    entry["outcome"] = "error"
    entry["message"] = _message(report)


def _relative(path: str | None, root: Path) -> str | None:
    if not path:
        return path
    try:
        return str(Path(path).resolve().relative_to(root.resolve()))
    except (ValueError, OSError):
        return str(path)


def image_uri(path: str | Path | None, max_side: int = THUMB_SIDE) -> dict[str, Any] | None:
    """A data: URI of the image at ``path`` (downscaled if large), with its original size; None if unreadable."""
    if not path:
        return None
    from PIL import Image

    try:
        raw = Path(path).read_bytes()
        with Image.open(io.BytesIO(raw)) as img:
            size = img.size
            if img.format == "PNG" and len(raw) <= PNG_KEEP_BYTES and max(size) <= max_side:
                return {"uri": "data:image/png;base64," + base64.b64encode(raw).decode("ascii"), "size": list(size)}
            img.load()
            thumb = img.convert("RGBA" if "A" in img.getbands() else "RGB")
            if max(size) > max_side:
                scale = max_side / max(size)
                thumb = thumb.resize((max(1, round(size[0] * scale)), max(1, round(size[1] * scale))), Image.Resampling.LANCZOS)
            buf = io.BytesIO()
            if thumb.mode == "RGBA" or max(thumb.size) <= 128:
                thumb.save(buf, format="PNG")
                mime = "image/png"
            else:
                thumb.save(buf, format="JPEG", quality=88)
                mime = "image/jpeg"
    except (OSError, ValueError, Image.DecompressionBombError):
        return None
    return {"uri": f"data:{mime};base64," + base64.b64encode(buf.getvalue()).decode("ascii"), "size": list(size)}


def _embed(entry: dict[str, Any], root: Path) -> None:
    from .comparison import embed_pairs

    embed_pairs(entry, image_uri, _relative, root)
    for snap in entry["snapshots"]:
        images: dict[str, Any] = {}
        if snap.get("kind") == "image":
            wanted = ["baseline"] if snap.get("passed") else ["baseline", "obtained", "diff"]
            for role in wanted:
                if snap.get("status") in ("missing",) and role == "baseline":
                    continue
                shown = image_uri(snap.get(role))
                if shown is not None:
                    images[role] = shown
        snap["images"] = images
        for role in ("baseline", "obtained", "diff"):
            if snap.get(role):
                snap[role] = _relative(snap[role], root)
        if isinstance(snap.get("pending"), dict):
            snap["pending"]["record"] = _relative(snap["pending"].get("record"), root)
    for art in entry["artifacts"]:
        if art.get("kind", "image") == "image" and "image" not in art:
            art["image"] = image_uri(art.get("path"))
        art["path"] = _relative(art.get("path"), root)


def summarise(tests: list[dict[str, Any]]) -> dict[str, Any]:
    counts: dict[str, int] = {k: 0 for k in OUTCOME_RANK}
    snaps: dict[str, int] = {}
    improved = 0
    for t in tests:
        counts[t["outcome"]] = counts.get(t["outcome"], 0) + 1
        for s in t["snapshots"]:
            snaps[s.get("status", "?")] = snaps.get(s.get("status", "?"), 0) + 1
            improved += len(s.get("improved") or [])
    return {"total": len(tests), "outcomes": counts, "snapshots": snaps, "improved_metrics": improved}


def order(tests: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Failures first, then by node id (deterministic, so sharded and whole runs read the same)."""
    return sorted(tests, key=lambda t: (OUTCOME_RANK.get(t["outcome"], 9), t["nodeid"]))


def build(tests: dict[str, dict[str, Any]], run: dict[str, Any], rootdir: Path, duration_s: float | None = None) -> dict[str, Any]:
    finish_entries(tests)
    entries = []
    for entry in tests.values():
        entry = json.loads(json.dumps(entry, default=str))  # a private, plain copy
        _embed(entry, rootdir)
        entries.append(entry)
    run = {**run, "duration_s": None if duration_s is None else round(duration_s, 2), "id": 0}
    ordered = order(entries)
    return {"format": FORMAT, "version": VERSION, "runs": [run], "summary": summarise(ordered), "tests": ordered}


def load(path: str | Path) -> dict[str, Any]:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError) as exc:  # RecursionError: nesting deeper than the parser goes
        raise ReportFormatError(f"{path}: cannot read a report JSON ({type(exc).__name__}: {exc})") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("tests"), list):
        raise ReportFormatError(f"{path}: not a pytest-genimg report (written by --genimg-report-json)")
    version = data.get("version", 0)
    if isinstance(version, bool) or not isinstance(version, int):
        raise ReportFormatError(f"{path}: version: expected an integer, got {version!r:.60}")
    if version > VERSION:
        raise ReportFormatError(f"{path}: report format version {version} is newer than this pytest-genimg reads ({VERSION})")
    try:
        validate(data)
    except ReportFormatError as exc:
        raise ReportFormatError(f"{path}: {exc}") from None
    # the fields the format leaves optional, as a run writes them when empty (merge and render read them all)
    data["tests"] = [{**_new_entry(test["nodeid"]), **test} for test in data["tests"]]
    return data


def merge(reports: list[dict[str, Any]]) -> dict[str, Any]:
    """One report from several (shards, machines): runs side by side; a test seen twice keeps its last result."""
    runs: list[dict[str, Any]] = []
    tests: dict[str, dict[str, Any]] = {}
    for data in reports:
        offset = len(runs)
        for run in data.get("runs") or [{}]:
            runs.append({**run, "id": len(runs)})
        for test in data["tests"]:
            tests[test["nodeid"]] = {**test, "run": offset + int(test.get("run", 0))}
    ordered = order(tests.values())
    return {"format": FORMAT, "version": VERSION, "runs": runs, "summary": summarise(ordered), "tests": ordered}


def dumps(data: dict[str, Any]) -> str:
    return json.dumps(data, indent=1, sort_keys=False, default=str)

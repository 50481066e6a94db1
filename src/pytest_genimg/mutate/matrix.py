"""The kill matrix: which tests killed each mutation, which should have, and the mutation score.

Pure functions over report JSON data (``--genimg-report-json``) of the clean run and of each mutated
run, plus the counts each mutated run wrote. A test that fails clean is *broken*, never a killer.
"""
from __future__ import annotations

from typing import Any

GOOD = ("passed", "xfailed", "xpassed", "skipped")  # what the suite accepts on a clean run
BAD = ("failed", "error")
STATUSES = ("killed", "survived", "error", "not applicable")  # a mutation's verdict, the strongest first (shards merge to it)

# Checks a clean run recorded, read as the limitation the test guards (for modules that declare none).
CHECK_LIMITATION = {
    "text_legible": "text", "no_text": "text", "diversity": "diversity", "no_extra_limbs": "anatomy",
    "latency": "compute", "memory": "compute", "energy": "compute", "throughput": "compute", "detail": "detail",
    "temporal_consistency": "flicker", "reproducible": "reproducibility", "seed_sensitive": "reproducibility",
    "prompt_robust": "robustness", "generation_survives": "robustness", "memorization": "memorization",
    "watermark": "watermark", "valid_output": "validity", "safety": "safety", "prompt_alignment": "alignment",
    "balance": "balance", "composition": "composition",
}


def outcomes(report: dict[str, Any]) -> dict[str, str]:
    return {t["nodeid"]: t.get("outcome") or "passed" for t in report.get("tests") or []}


def limitations_of(test: dict[str, Any]) -> set[str]:
    """Declared (``@pytest.mark.limitation``) plus inferred from the checks and snapshots it ran."""
    found = set(test.get("limitations") or [])
    found |= {CHECK_LIMITATION[c.get("check")] for c in test.get("checks") or [] if c.get("check") in CHECK_LIMITATION}
    found |= {"upkeep" for c in test.get("checks") or [] if str(c.get("check", "")).startswith("regression[")}
    if test.get("snapshots"):
        found.add("upkeep")
    return found


def classify(clean: dict[str, Any], mutated: dict[str, Any] | None, *, name: str, label: str,
             limitations: tuple[str, ...], stats: dict[str, int], error: str | None = None) -> dict[str, Any]:
    """One row of the matrix: killed / survived / not applicable / error."""
    before = outcomes(clean)
    broken = {n for n, o in before.items() if o in BAD}
    should = sorted(t["nodeid"] for t in clean.get("tests") or []
                    if t["nodeid"] not in broken and limitations_of(t) & set(limitations))
    row: dict[str, Any] = {"name": name, "label": label, "limitations": list(limitations), "stats": dict(stats),
                           "killed_by": [], "should_catch": should, "status": "error", "reason": ""}
    if mutated is None:
        row["reason"] = error or "the mutated run wrote no report"
        return row
    after = outcomes(mutated)
    killed = sorted(n for n, o in after.items() if o in BAD and before.get(n) in GOOD)
    changed = stats.get("changed", 0) + stats.get("requests_changed", 0) + stats.get("calls", 0)
    if not changed:
        row["status"] = "not applicable"
        row["reason"] = "it changed no output, request or pipeline call of this suite"
        if killed:
            row["reason"] += f"; {len(killed)} test(s) failed anyway (flaky?): {', '.join(killed[:5])}"
        return row
    row["killed_by"] = killed
    row["status"] = "killed" if killed else "survived"
    if not killed:
        row["reason"] = (f"{len(should)} test(s) guard {', '.join(limitations)} and all passed"
                         if should else f"no test guards {', '.join(limitations)}")
    return row


def summarise(clean: dict[str, Any], rows: list[dict[str, Any]], timing: dict[str, Any]) -> dict[str, Any]:
    """The whole matrix with its score: killed / (killed + survived); n/a and errors are left out."""
    killed = sum(r["status"] == "killed" for r in rows)
    scored = killed + sum(r["status"] == "survived" for r in rows)
    before = outcomes(clean)
    return {
        "score": None if not scored else round(killed / scored, 4),
        "killed": killed,
        "survived": scored - killed,
        "not_applicable": sum(r["status"] == "not applicable" for r in rows),
        "errors": sum(r["status"] == "error" for r in rows),
        "broken_on_clean": sorted(n for n, o in before.items() if o in BAD),
        "clean_tests": len(before),
        "mutations": rows,
        "timing": timing,
    }


def merge(matrices: list[dict[str, Any]]) -> dict[str, Any]:
    """One matrix from shards of one suite: a mutation is killed if any shard killed it."""
    rows: dict[str, dict[str, Any]] = {}
    rank = {status: i for i, status in enumerate(STATUSES)}
    for matrix in matrices:
        for row in matrix.get("mutations") or []:
            seen = rows.setdefault(row["label"], {**row, "killed_by": [], "should_catch": [], "stats": {}})
            seen["killed_by"] = sorted(set(seen["killed_by"]) | set(row.get("killed_by") or []))
            seen["should_catch"] = sorted(set(seen["should_catch"]) | set(row.get("should_catch") or []))
            for key, value in (row.get("stats") or {}).items():
                seen["stats"][key] = seen["stats"].get(key, 0) + value
            if rank[row["status"]] < rank[seen["status"]]:
                seen["status"], seen["reason"] = row["status"], row.get("reason", "")
    merged_rows = list(rows.values())
    for row in merged_rows:
        if row["status"] == "killed":
            row["reason"] = ""
    broken = sorted({n for m in matrices for n in m.get("broken_on_clean") or []})
    timing = {"shards": [m.get("timing") for m in matrices]}
    out = summarise({"tests": []}, merged_rows, timing)
    out["broken_on_clean"] = broken
    out["clean_tests"] = sum(m.get("clean_tests", 0) for m in matrices)
    return out

"""The kill matrix as terminal text, markdown and an HTML section of the review report."""
from __future__ import annotations

from html import escape
from typing import Any

SHOWN = 4  # node ids listed per mutation before "+ n more"


def _short(nodeid: str) -> str:
    return nodeid.split("/")[-1]


def _tests(ids: list[str], limit: int = SHOWN) -> str:
    shown = ", ".join(_short(n) for n in ids[:limit])
    return shown + (f" + {len(ids) - limit} more" if len(ids) > limit else "")


def detail(row: dict[str, Any]) -> str:
    if row["status"] == "killed":
        return f"by {len(row['killed_by'])}: {_tests(row['killed_by'])}"
    if row["status"] == "survived" and row["should_catch"]:
        return f"{row['reason']}; should have caught it: {_tests(row['should_catch'])}"
    return row.get("reason", "")


def score_line(matrix: dict[str, Any]) -> str:
    k, s = matrix["killed"], matrix["survived"]
    score = "n/a" if matrix["score"] is None else f"{100 * matrix['score']:.1f}%"
    return (f"mutation score: {k}/{k + s} = {score} ({matrix['not_applicable']} not applicable, "
            f"{matrix['errors']} errors; {len(matrix['broken_on_clean'])} test(s) broken on the clean run)")


def timing_line(matrix: dict[str, Any]) -> str:
    t = matrix.get("timing") or {}
    if "total_s" not in t:
        return ""
    runs = 1 + len(matrix["mutations"])
    ratio = t["total_s"] / (runs * t["clean_s"]) if t.get("clean_s") else float("nan")
    return (f"wall time: {t['total_s']:.1f} s for {runs} runs (clean {t['clean_s']:.1f} s); "
            f"{ratio:.2f} x (1 + {runs - 1} mutations) x the clean run")


def text(matrix: dict[str, Any]) -> str:
    rows = matrix["mutations"]
    width = max([len(r["label"]) for r in rows] + [8])
    lines = [f"{'mutation':<{width}}  {'status':<14}  {'time':>7}  details"]
    for r in rows:
        secs = r.get("duration_s")
        lines.append(f"{r['label']:<{width}}  {r['status']:<14}  {'' if secs is None else f'{secs:6.1f}s':>7}  {detail(r)}")
    if matrix["broken_on_clean"]:
        lines.append("broken on the clean run (never counted as killers): " + _tests(matrix["broken_on_clean"], 8))
    lines.append(score_line(matrix))
    if timing_line(matrix):
        lines.append(timing_line(matrix))
    return "\n".join(lines)


def markdown(matrix: dict[str, Any]) -> str:
    lines = ["| mutation | status | killed by / why it survived |", "| --- | --- | --- |"]
    for r in matrix["mutations"]:
        lines.append(f"| `{r['label']}` | {r['status']} | {detail(r).replace('|', '/')} |")
    lines += ["", score_line(matrix)]
    if timing_line(matrix):
        lines.append(timing_line(matrix))
    return "\n".join(lines) + "\n"


_COLOURS = {"killed": "#2e7d32", "survived": "#c62828", "not applicable": "#888", "error": "#e65100"}


def html_section(matrix: dict[str, Any]) -> str:
    """A card at the top of the review report: score, then one row per mutation."""
    rows = "".join(
        f"<tr><td><code>{escape(r['label'])}</code></td>"
        f"<td style='color:{_COLOURS.get(r['status'], '#222')};font-weight:600'>{escape(r['status'])}</td>"
        f"<td>{escape(', '.join(r.get('limitations') or []))}</td><td>{escape(detail(r))}</td></tr>"
        for r in matrix.get("mutations") or []
    )
    broken = matrix.get("broken_on_clean") or []
    note = f"<p class=meta>broken on the clean run: {escape(_tests(broken, 20))}</p>" if broken else ""
    timing = timing_line(matrix)
    return (
        "<section class='card other' id=mutation><h2>Mutation testing: does this suite catch a worse model?</h2>"
        f"<p><b>{escape(score_line(matrix))}</b></p>{'<p class=meta>' + escape(timing) + '</p>' if timing else ''}"
        "<table><tr><th>mutation</th><th>status</th><th>guarded by</th><th>killed by / why it survived</th></tr>"
        f"{rows}</table>{note}</section>"
    )

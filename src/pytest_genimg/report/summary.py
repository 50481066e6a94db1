"""A short Markdown summary of the report, appended to ``$GITHUB_STEP_SUMMARY`` on GitHub Actions."""
from __future__ import annotations

from typing import Any

MAX_ROWS = 30


def _cell(text: str, limit: int = 160) -> str:
    text = " ".join(str(text).split())  # one line: a newline would end the table row
    if len(text) > limit:
        text = text[: limit - 3] + "..."
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("`", "'").replace("<", "&lt;")


def _why(test: dict[str, Any]) -> str:
    for snap in test.get("snapshots") or []:
        if snap.get("status") in ("failed", "missing", "error"):
            detail = "; ".join(snap.get("reasons") or []) or snap.get("status", "")
            if snap.get("kind") == "metric":
                detail = ", ".join(f"{r['metric']} {r['verdict']}" for r in snap.get("rows") or [] if r.get("failed"))
            return f"{snap.get('kind')} snapshot {snap.get('status')}: {detail}"
    message = (test.get("message") or "").strip().splitlines()
    return message[0] if message else test.get("outcome", "")


def markdown(data: dict[str, Any], report_path: str | None = None) -> str:
    summary = data.get("summary") or {}
    outcomes = {k: v for k, v in (summary.get("outcomes") or {}).items() if v}
    head = ", ".join(f"{v} {k}" for k, v in outcomes.items()) or "no tests"
    lines = [f"### pytest-genimg: {head} ({summary.get('total', 0)} tests)", ""]
    bad = [t for t in data.get("tests") or [] if t.get("outcome") in ("failed", "error")]
    if bad:
        lines += ["| | test | why |", "|---|---|---|"]
        for t in bad[:MAX_ROWS]:
            lines.append(f"| {'❌' if t['outcome'] == 'failed' else '⚠️'} | `{_cell(t['nodeid'], 200)}` | {_cell(_why(t))} |")
        if len(bad) > MAX_ROWS:
            lines.append(f"| | ... {len(bad) - MAX_ROWS} more | |")
        lines.append("")
    improved = summary.get("improved_metrics") or 0
    if improved:
        lines += [f"{improved} metric(s) improved beyond tolerance: accept them with `--snapshot-update`.", ""]
    if report_path:
        lines += [f"Review report: `{_cell(report_path, 300)}`", ""]
    return "\n".join(lines) + "\n"

"""A short Markdown summary of the report, appended to ``$GITHUB_STEP_SUMMARY`` on GitHub Actions."""
from __future__ import annotations

import re
from typing import Any

MAX_ROWS = 30
# What can start or end inline markup on GitHub: CommonMark and GFM syntax, $math$ and :emoji: codes.
_INLINE_SYNTAX = frozenset("\\`*_[]()<>!&|~$:")


def _one_line(text: Any, limit: int) -> str:
    text = " ".join(str(text).split())  # one line: a newline would end the table row
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _cell(text: Any, limit: int = 160) -> str:
    """Plain text in a table cell, shown verbatim: each character that can start or end inline
    markup is backslash-escaped (GFM's table splitter also reads ``\\|`` as a literal pipe)."""
    return "".join("\\" + c if c in _INLINE_SYNTAX else c for c in _one_line(text, limit))


def _code(text: Any, limit: int = 200, *, in_table: bool = True) -> str:
    """A code span that renders ``text`` verbatim. Inside code spans backslash escapes and HTML do
    not apply: the fence is one backtick longer than any run inside, padded with a space when the
    text starts or ends with a backtick; in a table only ``|`` is escaped (GFM's table splitter
    sees it before the code span does)."""
    text = _one_line(text, limit)
    fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    pad = " " if text[:1] == "`" or text[-1:] == "`" else ""
    if in_table:
        text = text.replace("|", "\\|")
    return f"{fence}{pad}{text}{pad}{fence}"


def _why(test: dict[str, Any]) -> str:
    for snap in test.get("snapshots") or []:
        status = snap.get("status")
        if status not in ("failed", "missing", "error"):
            continue
        if status == "missing":
            return f"{snap.get('kind')} snapshot has no baseline yet ({snap.get('name')})"
        detail = "; ".join(snap.get("reasons") or [])
        if snap.get("kind") == "metric":
            detail = ", ".join(f"{r['metric']} {r['verdict']}" for r in snap.get("rows") or [] if r.get("failed"))
        return f"{snap.get('kind')} snapshot {status}" + (f": {detail}" if detail else "")
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
            rerun = f" (after {t['reruns']} rerun(s))" if t.get("reruns") else ""
            lines.append(f"| {'❌' if t['outcome'] == 'failed' else '⚠️'} | {_code(t['nodeid'])} | {_cell(_why(t) + rerun)} |")
        if len(bad) > MAX_ROWS:
            lines.append(f"| | ... {len(bad) - MAX_ROWS} more | |")
        lines.append("")
    improved = summary.get("improved_metrics") or 0
    if improved:
        lines += [f"{improved} metric(s) improved beyond tolerance: accept them with `--snapshot-update`.", ""]
    if report_path:
        lines += [f"Review report: {_code(report_path, 300, in_table=False)}", ""]
    return "\n".join(lines) + "\n"

"""The model-vs-model section of the report: both model specs and fingerprints, every compared
check with its change, interval and verdict, flipped pairs side by side, distribution snapshots."""
from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any, Callable

CSS = """
.cmp{background:#fff;border:1px solid var(--line);border-left:6px solid #1565c0;border-radius:6px;margin:0 0 14px;padding:10px 14px}
.cmp h2{font-size:16px;margin:0 0 6px}.pair{border:1px solid var(--line);border-radius:4px;padding:6px}
.pair .row{gap:6px}.verdict.bad{color:var(--bad);font-weight:600}.verdict.good{color:var(--good)}
"""


def embed_pairs(entry: dict[str, Any], image_uri: Callable[[Any], Any], relative: Callable[[Any, Path], Any], root: Path) -> None:
    """Give each flipped pair of each comparison its two images as data: URIs (report/data.py calls this)."""
    for check in entry.get("checks") or []:
        for pair in (check.get("comparison") or {}).get("pairs") or []:
            for role in ("baseline", "candidate"):
                if pair.get(role) and f"{role}_image" not in pair:
                    pair[f"{role}_image"] = image_uri(pair[role])
                    pair[role] = relative(pair[role], root)


def distribution_line(s: dict[str, Any]) -> str:
    """A distribution snapshot inside its test's card: name and status; the numbers are in the section."""
    status = escape(str(s.get("status", "")))
    return (f'<div class=snap><h3>distribution snapshot <code>{escape(str(s.get("name", "")))}</code> '
            f'<span class="status {status}">{status}</span> <a href="#comparison">(model vs model)</a></h3></div>')


def _num(value: Any, signed: bool = False) -> str:
    if value is None:
        return "-"
    return f"{value:+.3g}" if signed else f"{value:.3g}"


def _rows(tests: list[dict[str, Any]]) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    return [(t, c) for t in tests for c in t.get("checks") or [] if c.get("comparison")]


def section(data: dict[str, Any], figure: Callable[[str, Any], str]) -> str:
    """The HTML section, or "" when no test compared models and no baseline model is configured."""
    tests = data.get("tests") or []
    rows = _rows(tests)
    dists = [(t, s) for t in tests for s in t.get("snapshots") or [] if s.get("kind") == "distribution"]
    runs = data.get("runs") or []
    specs = {"candidate": sorted({str(r.get("model")) for r in runs if r.get("model")}),
             "baseline": sorted({str(r.get("baseline_model")) for r in runs if r.get("baseline_model")})}
    if not rows and not dists and not specs["baseline"]:
        return ""
    prints: dict[str, set[str]] = {"candidate": set(), "baseline": set()}
    for _, c in rows:
        for role in prints:
            prints[role].update((c["comparison"].get("models") or {}).get(role) or [])
    head = "".join(
        f"<div><b>{role}</b> <code>{escape(', '.join(specs[role]) or '(from the test)')}</code> · fingerprint "
        f"<code>{escape(', '.join(p[:16] for p in sorted(prints[role])) or '-')}</code></div>" for role in ("baseline", "candidate"))
    body = []
    for t, c in rows:
        for ch in c["comparison"].get("changes") or []:
            bad = ch.get("regressed")
            body.append(
                f'<tr class="{"fail" if bad else ""}"><td>{escape(t["nodeid"])}</td><td>{escape(str(c.get("check")))}</td>'
                f'<td>{escape(str(ch.get("metric")))}</td><td class=num>{_num(ch.get("baseline"))}</td>'
                f'<td class=num>{_num(ch.get("candidate"))}</td><td class=num>{_num(ch.get("change"), True)}</td>'
                f'<td class=num>[{_num(ch.get("low"), True)}, {_num(ch.get("high"), True)}]</td>'
                f'<td class=num>{_num(ch.get("p_adjusted"))}</td><td class=num>{_num(ch.get("max_drop"))}</td>'
                f'<td class="verdict {"bad" if bad else "good"}">{"REGRESSED" if bad else "no regression"}</td></tr>')
    for t, s in dists:
        for r in s.get("rows") or []:
            bad = r.get("failed")
            ci = "-" if r.get("low") is None else f'[{_num(r.get("low"), True)}, {_num(r.get("high"), True)}]'
            body.append(
                f'<tr class="{"fail" if bad else ""}"><td>{escape(t["nodeid"])}</td><td>distribution snapshot</td>'
                f'<td>{escape(str(r.get("metric")))}</td><td class=num>{_num(r.get("baseline"))}</td>'
                f'<td class=num>{_num(r.get("new"))}</td><td class=num>{_num(r.get("change"), True)}</td><td class=num>{ci}</td>'
                f'<td class=num>{_num(r.get("p_adjusted"))}</td><td class=num>{_num(r.get("max_shift"))}</td>'
                f'<td class="verdict {"bad" if bad else "good"}">{"CHANGED" if bad else "same distribution"}</td></tr>')
    table = ("<table><tr><th>test</th><th>check</th><th>metric</th><th>baseline</th><th>candidate</th><th>change</th>"
             "<th>95% CI</th><th>p (Holm)</th><th>max drop</th><th>verdict</th></tr>" + "".join(body) + "</table>") if body else ""
    pairs = []
    for t, c in rows:
        for p in (c["comparison"].get("pairs") or [])[:24]:
            caption = f'{p.get("label")} · prompt {str(p.get("prompt") or "")[:80]!r} · seed {p.get("seed")}'
            pairs.append(f'<div class=pair><div class=meta>{escape(t["nodeid"])}: {escape(caption)}</div><div class=row>'
                         f'{figure("baseline (passed)", p.get("baseline_image"))}{figure("candidate (FAILED)", p.get("candidate_image"))}'
                         f'</div><div class=meta>{escape(str(p.get("reason") or ""))}</div></div>')
    flips = (f"<h3>flipped pass → fail: baseline | candidate</h3><div class=row>{''.join(pairs)}</div>") if pairs else ""
    return f"<section class=cmp id=comparison><h2>model vs model</h2>{head}{table}{flips}</section>"

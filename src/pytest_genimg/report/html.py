"""Render the report data as one self-contained HTML page (inline CSS/JS, images as data: URIs)."""
from __future__ import annotations

import math
from html import escape
from typing import Any

from . import decisions
from .comparison import CSS as _CMP_CSS, distribution_line, section

_CSS = """
:root{--bad:#c62828;--good:#2e7d32;--muted:#666;--line:#ddd}
body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0;background:#f6f6f4;color:#222}
header{background:#23262b;color:#eee;padding:14px 22px}
header h1{font-size:19px;margin:0 0 6px}
.chips span{display:inline-block;margin:2px 8px 2px 0;padding:1px 9px;border-radius:10px;background:#444}
.chips .failed,.chips .error{background:var(--bad)}.chips .passed{background:var(--good)}
.runs{color:#bbb;font-size:12px;margin-top:6px}
.filter{margin:10px 0 0}.filter label{margin-right:14px;cursor:pointer}
main{padding:14px 22px}
.card{background:#fff;border:1px solid var(--line);border-left:6px solid var(--good);border-radius:6px;margin:0 0 14px;padding:10px 14px}
.card.bad{border-left-color:var(--bad)}.card.other{border-left-color:#aaa}
.card h2{font-size:15px;margin:0;word-break:break-all}
.badge{display:inline-block;font-size:11px;font-weight:600;text-transform:uppercase;padding:1px 7px;border-radius:9px;color:#fff;background:var(--good);margin-right:6px}
.bad .badge{background:var(--bad)}.other .badge{background:#888}
.meta{color:var(--muted);font-size:12px;margin:3px 0}
details summary{cursor:pointer;color:var(--muted);font-size:12px}
pre.msg{background:#fff4f4;border:1px solid #f3caca;padding:8px;overflow:auto;max-height:260px;font-size:12px;white-space:pre-wrap}
.snap{border-top:1px solid var(--line);margin-top:8px;padding-top:8px}
.snap h3,.block h3{font-size:13px;margin:0 0 6px}
.status{font-weight:600}.status.failed,.status.missing,.status.error,.status.evaluator{color:var(--bad)}.status.matched,.status.created,.status.updated{color:var(--good)}
.row{display:flex;flex-wrap:wrap;gap:12px;align-items:flex-start}
figure{margin:0;text-align:center}figure img{display:block;border:1px solid var(--line);background:#eee;image-rendering:pixelated;max-width:384px}
figcaption{font-size:12px;color:var(--muted);max-width:384px;overflow-wrap:anywhere}
.note{color:var(--muted);font-size:11px;margin-top:2px}
table{border-collapse:collapse;font-size:12px;margin:4px 0}td,th{border:1px solid var(--line);padding:2px 7px;text-align:left}
th{background:#f0f0ee}td.num{text-align:right;font-variant-numeric:tabular-nums}
tr.fail td{background:#fdecec}tr.improved td{background:#eaf6ea}
code.cmd{display:block;background:#23262b;color:#e6e6e6;padding:6px 9px;border-radius:4px;margin:6px 0;user-select:all;word-break:break-all}
.block{border-top:1px solid var(--line);margin-top:8px;padding-top:8px}
.gen{font-size:12px}.gen b{font-weight:600}
body[data-filter=failed] .card:not(.bad){display:none}
.empty{color:var(--muted)}
"""

_JS = """
(function(){var b=document.body;var r=document.querySelectorAll('input[name=filter]');
for(var i=0;i<r.length;i++){r[i].addEventListener('change',function(e){b.setAttribute('data-filter',e.target.value);});}})();
"""


def _fmt(value: Any) -> str:
    if isinstance(value, float):
        if not math.isfinite(value):
            return str(value)
        return f"{value:.4g}"
    if value is None:
        return "-"
    return str(value)


def _figure(role: str, shown: dict[str, Any] | None) -> str:
    if not shown:
        return ""
    w, h = (int(v) for v in shown.get("size") or [0, 0])
    scale = 192 / max(w, h) if 0 < max(w, h) < 160 else 1  # tiny model images: scaled up, pixels kept sharp
    style = f' style="width:{round(w * scale)}px"' if scale != 1 else ""
    return (f'<figure><img src="{escape(shown["uri"], quote=True)}" alt="{escape(role)}"{style}>'
            f"<figcaption>{escape(role)} · {w}×{h}</figcaption></figure>")


def _image_snapshot(s: dict[str, Any], nodeid: str = "") -> str:
    images = s.get("images") or {}
    figs = "".join(_figure(role, images.get(role)) for role in ("baseline", "obtained", "diff"))
    tol, met = s.get("tolerances") or {}, s.get("metrics") or {}
    rows = [
        ("phash distance", met.get("phash_distance"), f"≤ {_fmt(tol.get('max_distance'))}"),
        ("SSIM", met.get("ssim"), f"≥ {_fmt(tol.get('min_ssim'))}"),
        ("colour shift (levels)", met.get("color_shift"), f"≤ {_fmt(tol.get('max_color_shift'))}"),
    ]
    table = ""
    if met:
        table = "<table><tr><th>measure</th><th>value</th><th>tolerance</th></tr>" + "".join(
            f"<tr><td>{escape(n)}</td><td class=num>{escape(_fmt(v))}</td><td>{escape(t)}</td></tr>" for n, v, t in rows
        ) + "</table>"
    reasons = "; ".join(s.get("reasons") or [])
    source = s.get("source") or {}
    if source.get("prompt") is not None:
        reasons = (f"prompt {source['prompt'][:200]!r}, seed {source.get('seed')}" + (" · " + reasons if reasons else ""))
    paths = "".join(f"<div class=meta>{escape(role)}: <code>{escape(str(s.get(role)))}</code></div>"
                    for role in ("baseline", "obtained", "diff") if s.get(role))
    return (f'<div class=snap><h3>image snapshot <code>{escape(s.get("name", ""))}</code> '
            f'<span class="status {escape(s.get("status", ""))}">{escape(s.get("status", ""))}</span>'
            f'{" · " + escape(str(s["device"])) if s.get("device") else ""}</h3>'
            f'{"<div class=meta>" + escape(reasons) + "</div>" if reasons else ""}'
            f'<div class=row>{figs or "<span class=empty>no image</span>"}</div>{table}{_mask(s)}{paths}{_accept(s)}'
            f'{decisions.toggles(s, nodeid)}</div>')


def _metric_snapshot(s: dict[str, Any], nodeid: str = "") -> str:
    body = []
    for r in s.get("rows") or []:
        cls = "fail" if r.get("failed") else ("improved" if r.get("verdict") == "improved" else "")
        delta = r.get("delta")
        change = "-" if delta is None else ("+" if delta >= 0 else "") + _fmt(delta)
        body.append(
            f'<tr class="{cls}"><td>{escape(r.get("metric", ""))}</td><td class=num>{escape(_fmt(r.get("value")))}</td>'
            f'<td class=num>{escape(_fmt(r.get("baseline")))}</td><td class=num>{escape(change)}</td>'
            f'<td>{escape(str(r.get("tolerance", "")))}</td><td>{escape(str(r.get("direction", "")))}</td>'
            f'<td>{escape(str(r.get("verdict", "")))}</td></tr>')
    table = ("<table><tr><th>metric</th><th>value</th><th>baseline</th><th>change</th><th>tolerance</th>"
             "<th>direction</th><th>verdict</th></tr>" + "".join(body) + "</table>")
    return (f'<div class=snap><h3>metric snapshot <code>{escape(s.get("name", ""))}</code> '
            f'<span class="status {escape(s.get("status", ""))}">{escape(s.get("status", ""))}</span></h3>'
            f'{table}{_evaluators(s)}<div class=meta>baseline: <code>{escape(str(s.get("baseline")))}</code></div>{_accept(s)}'
            f'{decisions.toggles(s, nodeid)}</div>')


def _mask(s: dict[str, Any]) -> str:
    mask = s.get("mask")
    if not isinstance(mask, dict):
        return ""
    return (f"<div class=meta>masked (left out of the comparison, grey in the diff): "
            f"{escape(_fmt(100 * float(mask.get('fraction') or 0)))}% of the pixels</div>")


def _evaluators(s: dict[str, Any]) -> str:
    changed = s.get("evaluators_changed") or []
    if changed:
        return "<div class=meta><b>evaluator changed</b>: " + escape("; ".join(map(str, changed))) + "</div>"
    used = s.get("evaluators") or {}
    if not used:
        return ""
    return "<div class=meta>evaluators: " + escape(", ".join(f"{k} {v.get('engine', v) if isinstance(v, dict) else v}"
                                                              for k, v in used.items())) + "</div>"


def _accept(s: dict[str, Any]) -> str:
    if not s.get("accept") or s.get("status") in ("matched", "created", "updated") and not s.get("improved"):
        return ""
    return f'<div class=meta>accept just this test\'s snapshots:</div><code class=cmd>{escape(s["accept"])}</code>'


def _checks(checks: list[dict[str, Any]]) -> str:
    if not checks:
        return ""
    rows = []
    for c in checks:
        metrics, thresholds = c.get("metrics") or {}, c.get("thresholds") or {}
        shown = ", ".join(f"{k}={_fmt(v)}" for k, v in metrics.items())
        limits = ", ".join(f"{k}={_fmt(v)}" for k, v in thresholds.items())
        notes = "".join(f"<div class=note>note: {escape(str(n))}</div>" for n in c.get("notes") or [])
        rows.append(f'<tr class="{"" if c.get("passed") else "fail"}"><td>{escape(str(c.get("check", "")))}</td>'
                    f'<td>{"passed" if c.get("passed") else "FAILED"}</td><td>{escape(str(c.get("headline", "")))}{notes}</td>'
                    f"<td>{escape(shown)}</td><td>{escape(limits)}</td></tr>")
    return ("<div class=block><h3>checks</h3><table><tr><th>check</th><th>verdict</th><th>summary and notes</th>"
            "<th>metrics</th><th>thresholds</th></tr>" + "".join(rows) + "</table></div>")


def _metrics(metrics: dict[str, Any], checks: list[dict[str, Any]]) -> str:
    shown_by_checks = {f"{c.get('check')}.{k}" for c in checks for k in (c.get("metrics") or {})}
    metrics = {k: v for k, v in metrics.items() if k not in shown_by_checks}
    if not metrics:
        return ""
    return ("<div class=block><h3>recorded metrics</h3><table>" + "".join(
        f"<tr><td>{escape(k)}</td><td class=num>{escape(_fmt(v))}</td></tr>" for k, v in metrics.items()) + "</table></div>")


def _artifacts(artifacts: list[dict[str, Any]]) -> str:
    figs = "".join(_figure(str(a.get("label", "")), a.get("image")) for a in artifacts if a.get("image"))
    if not figs:
        return ""
    return f"<div class=block><h3>artifacts</h3><div class=row>{figs}</div></div>"


def _model(g: dict[str, Any]) -> str:
    """The model as a reader knows it (spec and source) with a readable fingerprint (the full one on hover)."""
    fingerprint = str(g.get("model") or "")
    spec = g.get("model_spec") or (fingerprint.removeprefix("uncached:") if fingerprint.startswith("uncached:") else "")
    source = f" ({escape(str(g['model_source']))})" if g.get("model_source") else ""
    if not fingerprint or fingerprint.startswith("uncached:"):
        shown = "no fingerprint: generations not cached"
    else:
        shown = f'fingerprint <code title="{escape(fingerprint, quote=True)}">{escape(fingerprint[:12])}</code>'
    return f"<code>{escape(str(spec))}</code>{source} · {shown}" if spec else shown


def _params(p: dict[str, Any]) -> str:
    shown = []
    for k, v in p.items():
        if v in (None, {}, [], ""):
            continue
        if k == "size" and isinstance(v, list) and len(v) == 2:
            v = f"{v[0]}×{v[1]}"
        elif isinstance(v, dict):
            v = ", ".join(f"{ek}={_fmt(ev)}" for ek, ev in v.items())
        shown.append(f"{k}={_fmt(v)}")
    return ", ".join(shown) or "the model's own defaults (none set by the test or options)"


def _generations(gens: list[dict[str, Any]]) -> str:
    if not gens:
        return ""
    prompts: dict[str, list[Any]] = {}
    models: dict[str, None] = {}
    params: dict[str, None] = {}
    for g in gens:
        prompts.setdefault(str(g.get("prompt", "")), []).append(g.get("seed"))
        models[_model(g)] = None
        params[_params(g.get("params") or {})] = None
    lines = [f"<div><b>prompt</b> {escape(p[:300])!s} <b>seeds</b> {escape(', '.join(map(str, s[:32])))}</div>"
             for p, s in list(prompts.items())[:8]]
    lines.append(f"<div><b>model</b> {' | '.join(models)}</div>")  # _model escapes each part
    lines.append(f"<div><b>parameters</b> {escape(' | '.join(params))}</div>")
    replayed = [g["replayed"] for g in gens if g.get("replayed")]
    if replayed:
        r = replayed[0]
        lines.append(f"<div><b>replayed</b> {len(replayed)} of {len(gens)} from the record store: recorded on "
                     f"{escape(str(r.get('device')))} ({escape(str(r.get('dtype')))}), torch {escape(str(r.get('torch')))}, "
                     f"diffusers {escape(str(r.get('diffusers')))}, at {escape(str(r.get('recorded_at')))}</div>")
    return "<div class='block gen'><h3>generation</h3>" + "".join(lines) + "</div>"


def _versions(run: dict[str, Any]) -> str:
    versions = run.get("versions") or {}
    text = ", ".join(f"{k} {v}" for k, v in versions.items() if v)
    where = " · ".join(str(x) for x in (run.get("machine"), run.get("platform"), run.get("shard") and f"shard {run['shard']}") if x)
    return f"<div class=meta>{escape(text)}{' · ' + escape(where) if where else ''}</div>"


def _rerun(t: dict[str, Any]) -> str:
    n = t.get("reruns") or 0
    if not n:
        return ""
    return f" · <b>rerun {escape(str(n))}×</b>: the outcome, checks and snapshots are those of the last attempt"


def _card(t: dict[str, Any], runs: list[dict[str, Any]], index: int) -> str:
    outcome = t.get("outcome", "")
    kind = "bad" if outcome in ("failed", "error") else ("good" if outcome in ("passed", "xfailed") else "other")
    run = runs[t.get("run", 0)] if 0 <= t.get("run", 0) < len(runs) else {}
    message = t.get("message") or ""
    nodeid = str(t.get("nodeid", ""))
    snaps = "".join(_image_snapshot(s, nodeid) if s.get("kind") == "image" else distribution_line(s) if s.get("kind") == "distribution"
                    else _metric_snapshot(s, nodeid) for s in t.get("snapshots") or [])
    checks = t.get("checks") or []
    if message and kind != "good":
        # Snapshot and check blocks below say it all in a structured way: the raw message starts folded.
        folded = "" if (snaps or checks) and kind == "bad" else " open"
        message = f"<details{folded}><summary>message</summary><pre class=msg>{escape(message)}</pre></details>"
    else:
        message = ""
    return (f'<section class="card {kind}" id="t{index}" data-outcome="{escape(outcome)}">'
            f'<h2><span class=badge>{escape(outcome)}</span>{escape(t.get("nodeid", ""))}</h2>'
            f'<div class=meta>{escape(_fmt(t.get("duration_s")))} s{_rerun(t)}</div>{_versions(run)}'
            f'{message}{snaps}{_checks(checks)}{_metrics(t.get("metrics") or {}, checks)}'
            f'{_artifacts(t.get("artifacts") or [])}{_generations(t.get("generations") or [])}</section>')


def render(data: dict[str, Any], title: str = "pytest-genimg report") -> str:
    summary = data.get("summary") or {}
    outcomes = {k: v for k, v in (summary.get("outcomes") or {}).items() if v}
    chips = "".join(f'<span class="{escape(k)}">{escape(str(v))} {escape(k)}</span>' for k, v in outcomes.items())
    snaps = summary.get("snapshots") or {}
    if snaps:
        chips += "<span>snapshots: " + escape(", ".join(f"{v} {k}" for k, v in snaps.items())) + "</span>"
    runs = data.get("runs") or []
    run_lines = "".join(
        f"<div>run {escape(str(r.get('id', i)))}: {escape(str(r.get('started', '')))} · {escape(str(r.get('machine', '')))}"
        f"{' · shard ' + escape(str(r['shard'])) if r.get('shard') else ''}"
        f"{' · ' + escape(_fmt(r.get('duration_s'))) + ' s' if r.get('duration_s') is not None else ''}"
        f" · model {escape(str(r.get('model')))}"
        f"{' · <b>MUTATED: ' + escape(str(r['mutation'])) + '</b>' if r.get('mutation') else ''}</div>" for i, r in enumerate(runs))
    tests = data.get("tests") or []
    cards = "".join(_card(t, runs, i) for i, t in enumerate(tests)) or "<p class=empty>no tests</p>"
    if data.get("mutation"):  # the kill matrix of a mutation run (python -m pytest_genimg.mutate)
        from ..mutate.render import html_section

        cards = html_section(data["mutation"]) + cards
    cards = section(data, _figure) + cards
    return (
        f"<!DOCTYPE html><html lang=en><head><meta charset=utf-8><title>{escape(title)}</title>"
        f"<meta name=viewport content='width=device-width,initial-scale=1'><style>{_CSS}{_CMP_CSS}{decisions.CSS}</style></head>"
        f"<body data-filter=all><header><h1>{escape(title)}</h1><div class=chips>{escape(str(summary.get('total', len(tests))))} tests "
        f"{chips}</div><div class=runs>{run_lines}</div><div class=filter>show: "
        f"<label><input type=radio name=filter value=failed id=filter-failed> failed only</label>"
        f"<label><input type=radio name=filter value=all id=filter-all checked> all</label></div></header>"
        f"{decisions.bar(data)}<main>{cards}</main><script>{_JS}{decisions.JS}</script></body></html>"
    )

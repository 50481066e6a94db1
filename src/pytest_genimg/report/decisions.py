"""Accept / reject toggles for failed and new snapshot cards, and the bar that turns them into a command
and a downloadable decisions file (``python -m pytest_genimg accept --decisions FILE``). Static: no server."""
from __future__ import annotations

from html import escape
from typing import Any

CSS = """
#decide-bar{position:sticky;top:0;z-index:5;background:#fff8e1;border-bottom:2px solid #f0c36d;padding:8px 22px;font-size:13px}
#decide-bar .count{font-weight:600;margin-right:10px}
#decide-bar code{display:block;background:#23262b;color:#e6e6e6;padding:6px 9px;border-radius:4px;margin:6px 0;user-select:all;word-break:break-all;min-height:1.2em}
#decide-bar button{margin-right:8px}
.decide{margin:8px 0 2px}.decide button{font:inherit;font-size:12px;padding:2px 12px;border:1px solid #999;border-radius:12px;background:#fff;cursor:pointer;margin-right:6px}
.decide button.accept[aria-pressed=true]{background:#2e7d32;border-color:#2e7d32;color:#fff}
.decide button.reject[aria-pressed=true]{background:#c62828;border-color:#c62828;color:#fff}
.snap.accepted{background:#f1f8f1}.snap.rejected{background:#fdf3f3}
"""

JS = r"""
(function(){
var bar=document.getElementById('decide-bar');if(!bar)return;
function q(s){return /^[\w@%+=:,.\/-]+$/.test(s)?s:"'"+s.replace(/'/g,"'\"'\"'")+"'";}
function all(){return Array.prototype.slice.call(document.querySelectorAll('.decide'));}
function chosen(){return all().filter(function(d){return d.getAttribute('data-decision');});}
function update(){
  var picks=chosen(),acc=picks.filter(function(d){return d.getAttribute('data-decision')==='accept';});
  var rej=picks.length-acc.length;
  document.getElementById('decide-count').textContent=picks.length+' chosen ('+acc.length+' accept, '+rej+' reject)';
  var args=[],seen={},results=null;
  acc.forEach(function(d){
    var id=d.getAttribute('data-nodeid');if(seen[id])return;
    var mine=all().filter(function(o){return o.getAttribute('data-nodeid')===id;});
    var every=mine.every(function(o){return o.getAttribute('data-decision')==='accept';});
    if(every){seen[id]=1;args.push('--test '+q(id));}
    else{args.push('--test '+q(id+'#'+d.getAttribute('data-label')));}
    results=results||d.getAttribute('data-results');
  });
  var cmd=args.length?'python -m pytest_genimg accept '+args.join(' ')+(results?' --results '+q(results):''):'';
  document.getElementById('decide-command').textContent=cmd;
  document.getElementById('decide-rejects').textContent=rej?'rejections are applied by the decisions file: python -m pytest_genimg accept --decisions genimg-decisions.json':'';
}
function decisions(){return {format:'pytest-genimg-decisions',version:1,decisions:chosen().map(function(d){
  return {nodeid:d.getAttribute('data-nodeid'),label:d.getAttribute('data-label'),
          decision:d.getAttribute('data-decision'),obtained_sha256:d.getAttribute('data-sha256')};})};}
all().forEach(function(d){
  d.querySelectorAll('button').forEach(function(b){b.addEventListener('click',function(){
    var want=b.className,now=d.getAttribute('data-decision');
    var next=now===want?'':want;
    if(next)d.setAttribute('data-decision',next);else d.removeAttribute('data-decision');
    d.querySelectorAll('button').forEach(function(o){o.setAttribute('aria-pressed',String(o.className===next));});
    var snap=d.parentNode;snap.classList.remove('accepted','rejected');if(next)snap.classList.add(next+'ed');
    update();});});
});
document.getElementById('decide-download').addEventListener('click',function(){
  var blob=new Blob([JSON.stringify(decisions(),null,1)],{type:'application/json'});
  var a=document.createElement('a');a.href=URL.createObjectURL(blob);a.download='genimg-decisions.json';
  document.body.appendChild(a);a.click();setTimeout(function(){URL.revokeObjectURL(a.href);a.remove();},1000);
});
document.getElementById('decide-copy').addEventListener('click',function(){
  var t=document.getElementById('decide-command').textContent;
  if(navigator.clipboard)navigator.clipboard.writeText(t).catch(function(){});
});
update();
})();
"""


def toggles(snap: dict[str, Any], nodeid: str) -> str:
    """Accept / reject buttons for a snapshot that left a pending record (failed, new, evaluator changed)."""
    pending = snap.get("pending")
    if not isinstance(pending, dict):
        return ""
    attrs = {"data-nodeid": nodeid, "data-label": str(snap.get("label", "")),
             "data-sha256": str(pending.get("obtained_sha256", "")), "data-results": str(pending.get("results") or "")}
    shown = " ".join(f'{k}="{escape(v, quote=True)}"' for k, v in attrs.items())
    return (f"<div class=decide {shown}><button type=button class=accept aria-pressed=false>accept</button>"
            f"<button type=button class=reject aria-pressed=false>reject</button></div>")


def has_pending(data: dict[str, Any]) -> bool:
    return any(isinstance(s, dict) and isinstance(s.get("pending"), dict)
               for t in data.get("tests") or [] for s in t.get("snapshots") or [])


def bar(data: dict[str, Any]) -> str:
    """The top bar: how many are chosen, the exact accept command, and the decisions download."""
    if not has_pending(data):
        return ""
    return ("<div id=decide-bar><span class=count id=decide-count>0 chosen</span>"
            "<button type=button id=decide-download>download decisions (JSON)</button>"
            "<button type=button id=decide-copy>copy command</button>"
            "<code id=decide-command></code><div class=meta id=decide-rejects></div></div>")


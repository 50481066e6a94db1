"""``python -m pytest_genimg review`` and ``python -m pytest_genimg accept``: decide on pending snapshots.

Neither imports torch nor loads a model: they read the results folder (or a report JSON) and copy
checked files into ``__snapshots__``.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import IO, Callable

from .accept import AcceptResult, accept, reject, target_path
from .records import Pending, RefusedError, find_pending, load_decisions, select

DEFAULT_RESULTS = ".genimg_results"


def _source_args(parser: argparse.ArgumentParser, positional: bool) -> None:
    help_text = f"results folder of the run, or its report JSON (default {DEFAULT_RESULTS})"
    if positional:
        parser.add_argument("source", nargs="?", type=Path, default=Path(DEFAULT_RESULTS), help=help_text)
    else:
        parser.add_argument("--results", dest="source", type=Path, default=Path(DEFAULT_RESULTS), help=help_text)
    parser.add_argument("--root", type=Path, default=Path.cwd(),
                        help="project root the baseline paths are relative to (default: the current directory)")


def _load(source: Path, err: IO[str]) -> tuple[list[Pending] | None, bool]:
    """The pending snapshots (None if the source is unusable) and whether some record was refused."""
    try:
        pendings, problems = find_pending(source)
    except RefusedError as exc:
        print(f"error: {exc}", file=err)
        return None, True
    for problem in problems:
        print(f"refused: {problem}", file=err)
    return pendings, bool(problems)


def _baseline(p: Pending, root: Path) -> Path | None:
    try:
        return target_path(p, root)
    except RefusedError:
        return None


def describe(p: Pending, root: Path) -> list[str]:
    return [f"{p.nodeid}  [{p.kind} {p.label}, {p.data.get('status', '?')}]",
            f"    changed:  {p.data.get('changed') or '-'}",
            f"    baseline: {p.data['baseline']}",
            f"    obtained: {p.obtained}" + (f"\n    diff:     {p.diff}" if p.diff else "")]


def _apply(action: Callable[[Pending, Path], AcceptResult], p: Pending, root: Path, out: IO[str], err: IO[str]) -> bool:
    try:
        print(action(p, root).line(root.resolve()), file=out)
        return True
    except (RefusedError, OSError) as exc:
        print(f"refused: {exc}", file=err)
        return False


def review_main(argv: list[str] | None = None, stdin: IO[str] | None = None, out: IO[str] | None = None,
                err: IO[str] | None = None) -> int:
    stdin, out, err = stdin or sys.stdin, out or sys.stdout, err or sys.stderr
    parser = argparse.ArgumentParser(prog="python -m pytest_genimg review",
                                     description="List pending snapshots and, on a terminal, decide one by one.")
    _source_args(parser, positional=True)
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--list", action="store_true", help="only list, even on a terminal")
    mode.add_argument("--interactive", action="store_true", help="walk the snapshots even when stdin is not a terminal")
    args = parser.parse_args(argv)
    pendings, _ = _load(args.source, err)
    if pendings is None:
        return 2
    if not pendings:
        print(f"no pending snapshots in {args.source}", file=out)
        return 0
    walk = args.interactive or (not args.list and stdin.isatty() and out.isatty())
    if not walk:
        print(f"{len(pendings)} pending snapshot(s) in {args.source}:", file=out)
        for p in pendings:
            print("\n".join(describe(p, args.root)), file=out)
        print("accept with: python -m pytest_genimg accept --test NODEID (or --all)", file=out)
        return 0
    return _walk(pendings, args.root, stdin, out, err)


def _walk(pendings: list[Pending], root: Path, stdin: IO[str], out: IO[str], err: IO[str]) -> int:
    from .show import draw, image_protocol, strip

    counts = {"accepted": 0, "rejected": 0, "skipped": 0, "refused": 0}
    for i, p in enumerate(pendings, 1):
        print(f"\n[{i}/{len(pendings)}] " + "\n".join(describe(p, root)), file=out)
        while True:
            out.write("accept (a), reject (r), skip (s), open (o), quit (q)? ")
            out.flush()
            answer = stdin.readline()
            if not answer:  # end of input: stop as if quit
                answer = "q"
            choice = answer.strip().lower()[:1]
            if choice == "o":
                print(f"    baseline: {_baseline(p, root) or p.data['baseline']}\n    obtained: {p.obtained}"
                      + (f"\n    diff:     {p.diff}" if p.diff else ""), file=out)
                protocol = image_protocol()
                png = strip(p, _baseline(p, root)) if protocol and out.isatty() else None
                if png is not None and protocol is not None:
                    draw(png, protocol, out)
                continue
            if choice in ("a", "r"):
                ok = _apply(accept if choice == "a" else reject, p, root, out, err)
                counts[("accepted" if choice == "a" else "rejected") if ok else "refused"] += 1
            elif choice == "s":
                counts["skipped"] += 1
            elif choice == "q":
                print(_tally(counts, len(pendings) - i + 1), file=out)
                return 1 if counts["refused"] else 0
            else:
                continue
            break
    print(_tally(counts, 0), file=out)
    return 1 if counts["refused"] else 0


def _tally(counts: dict[str, int], left: int) -> str:
    parts = [f"{v} {k}" for k, v in counts.items() if v]
    if left:
        parts.append(f"{left} left for later")
    return "review: " + (", ".join(parts) or "nothing decided")


def accept_main(argv: list[str] | None = None, out: IO[str] | None = None, err: IO[str] | None = None) -> int:
    out, err = out or sys.stdout, err or sys.stderr
    parser = argparse.ArgumentParser(
        prog="python -m pytest_genimg accept",
        description="Promote pending snapshots into their baselines (checked against their records; no model is run).")
    parser.add_argument("--test", action="append", default=[], metavar="NODEID_OR_GLOB",
                        help="a test's node id (all its pending snapshots), NODEID#LABEL for one snapshot, or a glob; repeatable")
    parser.add_argument("--all", action="store_true", help="accept every pending snapshot")
    parser.add_argument("--decisions", type=Path, help="apply a decisions JSON downloaded from the report page (accepts and rejects)")
    _source_args(parser, positional=False)
    args = parser.parse_args(argv)
    if not (args.test or args.all or args.decisions):
        parser.error("choose what to accept: --test NODEID_OR_GLOB (repeatable), --all or --decisions FILE")
    decisions = []
    if args.decisions is not None:
        try:
            decisions = load_decisions(args.decisions)
        except RefusedError as exc:
            print(f"error: {exc}", file=err)
            return 2
    pendings, failed = _load(args.source, err)
    if pendings is None:
        return 2
    plan: list[tuple[Callable[[Pending, Path], AcceptResult], Pending]] = []
    if decisions:
        by_key = {p.key: p for p in pendings}
        for d in decisions:
            p = by_key.get(f"{d['nodeid']}#{d['label']}")
            if p is None:
                print(f"refused: {args.decisions}: no pending snapshot {d['nodeid']} {d['label']} in {args.source} "
                      "(already decided?)", file=err)
                failed = True
                continue
            if isinstance(d.get("obtained_sha256"), str):
                if p.expected_sha256 not in (None, d["obtained_sha256"]):
                    print(f"refused: {args.decisions}: {p.key}: the decision was made on another obtained file", file=err)
                    failed = True
                    continue
                p.expected_sha256 = d["obtained_sha256"]
            plan.append((accept if d["decision"] == "accept" else reject, p))
    chosen, unmatched = select(pendings, args.test, args.all)
    for pattern in unmatched:
        print(f"refused: --test {pattern!r} matches no pending snapshot in {args.source}", file=err)
        failed = True
    planned = {id(p) for _, p in plan}
    plan += [(accept, p) for p in chosen if id(p) not in planned]
    for action, p in plan:
        failed |= not _apply(action, p, args.root, out, err)
    if not plan and not failed:
        print("nothing to accept", file=out)
    return 1 if failed else 0

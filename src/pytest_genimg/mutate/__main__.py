"""``python -m pytest_genimg.mutate [--mutations all|NAME[:S],...] [--out DIR] -- <pytest args>``.

Also ``python -m pytest_genimg.mutate list`` (the known mutations) and
``python -m pytest_genimg.mutate merge OUT.json SHARD.json...`` (one matrix from shards' kill-matrix.json).
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ..errors import GenImgUsageError


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m pytest_genimg.mutate",
        description="Mutation testing for a limitation suite: run it clean, then once per mutation of the model's "
                    "outputs, and report which tests kill each mutation. Everything after -- goes to pytest.",
    )
    p.add_argument("--mutations", default="all", help="all (default) or NAME[:STRENGTH],... (see: list)")
    p.add_argument("--out", default=".genimg_results/mutation", help="output folder (default .genimg_results/mutation)")
    p.add_argument("--min-score", type=float, default=None, help="exit 1 when the mutation score is below this (0-1)")
    p.add_argument("-p", "--plugin", action="append", default=[],
                   help="a module that registers mutators (imported here and passed to pytest as -p)")
    return p


def _list() -> int:
    from .registry import get_mutator, mutator_names

    for name in mutator_names():
        m = get_mutator(name)
        strength = "no strength" if m.default is None else f"default {m.default:g}, range {m.strength_range}"
        print(f"{name:<16} {m.description} ({strength}; guarded by: {', '.join(m.limitations)})")
    return 0


def _merge(paths: list[str]) -> int:
    from .matrix import merge
    from .render import text

    if len(paths) < 2:
        print("usage: python -m pytest_genimg.mutate merge OUT.json SHARD.json [SHARD.json ...]", file=sys.stderr)
        return 2
    matrices = []
    for path in paths[1:]:
        try:
            matrix = json.loads(Path(path).read_text("utf-8"))
        except (OSError, ValueError) as exc:
            print(f"merge: cannot read a kill-matrix.json ({exc})", file=sys.stderr)
            return 2
        why = _not_a_matrix(matrix)
        if why:
            print(f"merge: {path}: not a kill-matrix.json ({why})", file=sys.stderr)
            return 2
        matrices.append(matrix)
    merged = merge(matrices)
    from ..paths import atomic_write_text

    atomic_write_text(Path(paths[0]), json.dumps(merged, indent=1, sort_keys=True))
    print(text(merged))
    return 0


def _not_a_matrix(matrix: object) -> str:
    """Why ``matrix`` is not what a mutation run writes to kill-matrix.json ("" when it is)."""
    from .matrix import STATUSES

    if not isinstance(matrix, dict) or not isinstance(matrix.get("mutations"), list):
        return "expected an object with a list of mutations"
    for i, row in enumerate(matrix["mutations"]):
        if not isinstance(row, dict) or not isinstance(row.get("label"), str) or row.get("status") not in STATUSES:
            return f"mutations[{i}]: expected a label and a status among {', '.join(STATUSES)}"
    return ""


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["list"]:
        return _list()
    if argv[:1] == ["merge"]:
        return _merge(argv[1:])
    pytest_args: list[str] = []
    if "--" in argv:
        cut = argv.index("--")
        argv, pytest_args = argv[:cut], argv[cut + 1:]
    args = _parser().parse_args(argv)
    import importlib

    from .driver import mutation_run, select
    from .render import text

    try:
        for module in args.plugin:
            importlib.import_module(module)
            pytest_args = ["-p", module, *pytest_args]
        if args.min_score is not None and not 0 <= args.min_score <= 1:
            raise GenImgUsageError(f"--min-score: expected a number in [0, 1], got {args.min_score}")
        mutations = select(args.mutations)
        summary = mutation_run(mutations, pytest_args, Path(args.out).resolve(), echo=lambda s: print(s, flush=True))
    except (GenImgUsageError, ImportError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:  # an output folder that cannot be made or written
        print(f"error: cannot write under {args.out}: {exc}", file=sys.stderr)
        return 2
    except RuntimeError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 3
    print()
    print(text(summary))
    print(f"kill matrix: {Path(args.out) / 'kill-matrix.json'}; report: {Path(args.out) / 'report.html'}")
    if args.min_score is not None and (summary["score"] is None or summary["score"] < args.min_score):
        print(f"mutation score below --min-score {args.min_score}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

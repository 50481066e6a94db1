"""``python -m pytest_genimg.report merge A.json B.json ... --html out.html --json out.json``

Merges the ``--genimg-report-json`` files of shards or machines into one report.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import write_outputs
from .data import ReportFormatError, load, merge


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pytest_genimg.report", description=__doc__.strip().splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    cmd = sub.add_parser("merge", help="merge report JSON files (from --genimg-report-json) into one report")
    cmd.add_argument("inputs", nargs="+", type=Path, help="report JSON files")
    cmd.add_argument("--html", type=Path, help="write the merged HTML report here")
    cmd.add_argument("--json", type=Path, help="write the merged report data here")
    args = parser.parse_args(argv)
    if not (args.html or args.json):
        parser.error("give --html and/or --json")
    try:
        merged = merge([load(p) for p in args.inputs])
        written = write_outputs(merged, args.html.resolve() if args.html else None, args.json.resolve() if args.json else None)
    except (ReportFormatError, OSError) as exc:
        print(f"error: {' '.join(str(exc).split())}", file=sys.stderr)  # one line, whatever the file held
        return 2
    for path in written:
        print(f"wrote {path}")
    outcomes = {k: v for k, v in merged["summary"]["outcomes"].items() if v}
    print(f"{merged['summary']['total']} tests from {len(args.inputs)} file(s): "
          + (", ".join(f"{v} {k}" for k, v in outcomes.items()) or "none"))
    return 0


if __name__ == "__main__":
    sys.exit(main())

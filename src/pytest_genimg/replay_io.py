"""Move a record/replay store between machines: ``python -m pytest_genimg.cache export|import|show``.

``export DIR`` copies the store with a ``MANIFEST.json`` of every file's size and sha256. ``import
DIR`` checks everything before writing anything: a missing, damaged, extra or oddly named file, or
a symlink (never followed), refuses the import and is named. Imported files are written atomically
into the store. Reads and copies files only: never imports torch or diffusers.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import stat
import sys
from pathlib import Path
from typing import Any

from .paths import atomic_write_bytes

MANIFEST = "MANIFEST.json"
FORMAT = 1
KIND = "pytest-genimg record store"
_ALLOWED = re.compile(r"^(images/[0-9a-f]{2}/[0-9a-f]{64}\.(png|json)|models/[0-9a-f]{64}\.json)$")


class StoreTransferError(Exception):
    """An import or export that was refused; the message names every problem."""


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _store_files(store: Path) -> list[str]:
    """Relative paths of the store's regular files that belong to it (temp files and others left out)."""
    found = []
    for folder, dirs, files in os.walk(store, followlinks=False):
        for name in files:
            rel = (Path(folder) / name).relative_to(store).as_posix()
            if _ALLOWED.match(rel) and stat.S_ISREG(os.lstat(Path(folder) / name).st_mode):
                found.append(rel)
    return sorted(found)


def export_store(store: Path, target: Path) -> int:
    """Copy ``store`` into the empty or new folder ``target`` with a manifest; returns the file count."""
    if not (store / "models").is_dir():
        raise StoreTransferError(f"no record store at {store} (record one with --genimg-record-mode=new)")
    if target.exists() and any(target.iterdir()):
        raise StoreTransferError(f"export folder {target} is not empty: give a new or empty folder")
    files: dict[str, dict[str, Any]] = {}
    for rel in _store_files(store):
        data = (store / rel).read_bytes()
        atomic_write_bytes(target / rel, data)
        files[rel] = {"bytes": len(data), "sha256": _sha(data)}
    manifest = {"format": FORMAT, "kind": KIND, "files": files}
    atomic_write_bytes(target / MANIFEST, json.dumps(manifest, indent=1, sort_keys=True).encode())
    return len(files)


def verify_export(source: Path) -> tuple[dict[str, bytes], list[str]]:
    """Every listed file's bytes, and every problem found (empty when the import may proceed)."""
    problems: list[str] = []
    try:
        manifest = json.loads((source / MANIFEST).read_text("utf-8"))
        listed = manifest["files"]
        if manifest.get("kind") != KIND or manifest.get("format") != FORMAT or not isinstance(listed, dict):
            raise ValueError(f"not a {KIND} manifest of format {FORMAT}")
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise StoreTransferError(f"{source / MANIFEST}: unreadable manifest ({exc})") from None
    seen: set[str] = set()
    for folder, dirs, files in os.walk(source, followlinks=False):
        for name in dirs + files:
            path = Path(folder) / name
            rel = path.relative_to(source).as_posix()
            if path.is_symlink():
                problems.append(f"{rel}: a symlink (not followed)")
            elif name in files and rel != MANIFEST:
                seen.add(rel)
                if rel not in listed:
                    problems.append(f"{rel}: an extra file the manifest does not list")
    contents: dict[str, bytes] = {}
    for rel, meta in sorted(listed.items()):
        if not _ALLOWED.match(rel):
            problems.append(f"{rel}: not a name a record store holds")
            continue
        if rel not in seen:
            problems.append(f"{rel}: listed in the manifest but missing (or not a regular file)")
            continue
        data = (source / rel).read_bytes()
        if not isinstance(meta, dict) or len(data) != meta.get("bytes") or _sha(data) != meta.get("sha256"):
            problems.append(f"{rel}: damaged (size or sha256 differs from the manifest)")
            continue
        contents[rel] = data
    for rel, data in contents.items():
        if rel.endswith(".json"):
            problems += _check_json(rel, data, listed)
    return contents, problems


def _check_json(rel: str, data: bytes, listed: dict[str, Any]) -> list[str]:
    """A sidecar or model file: a JSON object; a sidecar's key is its name and its image is there too."""
    key = Path(rel).stem
    try:
        meta = json.loads(data)
    except ValueError:
        meta = None
    if not isinstance(meta, dict):
        return [f"{rel}: not a JSON object"]
    if rel.startswith("models/"):
        return []
    problems = []
    if meta.get("key") != key:
        problems.append(f"{rel}: its key does not match its name")
    if f"{rel[:-5]}.png" not in listed:
        problems.append(f"{rel}: its image {key}.png is not in the export")
    return problems


def import_store(source: Path, store: Path) -> int:
    """Verify ``source`` completely, then copy it into ``store``; returns the file count."""
    contents, problems = verify_export(source)
    if problems:
        raise StoreTransferError(f"refused to import {source}: {len(problems)} problem(s)\n"
                                 + "\n".join(f"  - {p}" for p in problems))
    # Images before their sidecars: a sidecar is the commit marker of its entry.
    for rel in sorted(contents, key=lambda r: (r.endswith(".json"), r)):
        atomic_write_bytes(store / rel, contents[rel])
    return len(contents)


def show_store(store: Path) -> str:
    from .replay import RecordStore

    records = RecordStore(store)
    images = len([r for r in _store_files(store) if r.endswith(".png")])
    lines = [f"record store {store}: {images} recorded generation(s)"]
    for m in records.models():
        lines.append(f"  {m.get('spec')} (revision {m.get('revision')}) fingerprint {str(m.get('fingerprint'))[:12]}: "
                     f"recorded on {m.get('device')} ({m.get('dtype')}), torch {m.get('torch')}, "
                     f"diffusers {m.get('diffusers')}, last at {m.get('recorded_at')}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--cache-dir", default=".genimg_cache",
                        help="the run's --genimg-cache-dir (the store is its records/ folder); default .genimg_cache")
    parser = argparse.ArgumentParser(prog="python -m pytest_genimg.cache",
                                     description="Move the record/replay store between machines (CI artifacts).")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("export", parents=[common], help="copy the store into DIR with a manifest").add_argument("dir")
    sub.add_parser("import", parents=[common], help="verify DIR and copy it into the store").add_argument("dir")
    sub.add_parser("show", parents=[common], help="what the store holds")
    args = parser.parse_args(argv)
    store = Path(args.cache_dir).expanduser().resolve() / "records"
    try:
        if args.command == "export":
            count = export_store(store, Path(args.dir).resolve())
            print(f"exported {count} file(s) from {store} to {args.dir}")
        elif args.command == "import":
            count = import_store(Path(args.dir).resolve(), store)
            print(f"imported {count} file(s) from {args.dir} into {store}")
        else:
            print(show_store(store))
    except StoreTransferError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0

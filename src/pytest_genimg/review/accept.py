"""Promote a pending snapshot into its baseline, or drop it: hash checks, confinement, locking, atomic writes.

Refusals: an obtained file whose hash differs from its record (or from the report), a baseline path
outside the project's ``__snapshots__`` folders, a baseline that changed since the run. Two accepts
at once are serialised by a lock on the baseline's folder and re-check the hash inside it.
"""
from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Iterator

from ..paths import UnsafePathError, atomic_write_bytes, make_folder
from .format import sha256_bytes, sha256_file
from .records import Pending, RefusedError

SNAPSHOT_DIR = "__snapshots__"
SUFFIXES = {"image": (".png",), "metric": (".metrics.json",)}


@dataclass
class AcceptResult:
    pending: Pending
    target: Path
    action: str  # "wrote", "already accepted", "rejected"

    def line(self, root: Path) -> str:
        try:
            shown = self.target.relative_to(root)
        except ValueError:
            shown = self.target
        return f"{self.action}: {shown}  ({self.pending.nodeid} {self.pending.label})"


def target_path(pending: Pending, root: Path) -> Path:
    """The baseline file a record names, confined to a ``__snapshots__`` folder inside ``root``."""
    rel = str(pending.data["baseline"])
    why = None
    posix = PurePosixPath(rel.replace("\\", "/"))
    if posix.is_absolute() or Path(rel).is_absolute() or ".." in posix.parts:
        why = "an absolute path or one with '..'"
    elif SNAPSHOT_DIR not in posix.parts[:-1]:
        why = f"not inside a {SNAPSHOT_DIR} folder"
    elif not posix.name.endswith(SUFFIXES.get(pending.kind, ("\0",))):
        why = f"not a {pending.kind} baseline file name"
    if why is None:
        root = root.resolve()
        target = root.joinpath(*posix.parts)
        resolved = target.resolve()  # follows symlinks: a linked folder must not lead outside either
        try:
            inside = resolved.relative_to(root)
        except ValueError:
            inside = None
        if inside is None or SNAPSHOT_DIR not in inside.parts[:-1]:
            why = "it resolves outside the project's baseline folders"
        else:
            return resolved
    raise RefusedError(f"{pending.path}: refusing baseline path {rel!r}: {why} (project root {root})")


def _checked_payload(pending: Pending) -> bytes:
    obtained = pending.obtained
    try:
        data = obtained.read_bytes()
    except OSError as exc:
        raise RefusedError(f"{pending.path}: obtained file {obtained} cannot be read ({exc})") from None
    digest = sha256_bytes(data)
    if digest != pending.data["obtained_sha256"]:
        raise RefusedError(f"{obtained}: hash {digest[:12]} does not match its record ({pending.data['obtained_sha256'][:12]}); "
                           "the file changed after the run")
    if pending.expected_sha256 is not None and pending.expected_sha256 != digest:
        raise RefusedError(f"{obtained}: hash {digest[:12]} does not match the one in the report or decisions file "
                           f"({pending.expected_sha256[:12]}): a later run replaced it; review it again")
    return data


@contextlib.contextmanager
def _folder_lock(folder: Path) -> Iterator[None]:
    """An exclusive lock on the baseline folder (flock on the directory itself: nothing is written there)."""
    try:
        import fcntl
    except ImportError:  # Windows: the atomic rename alone keeps the file whole
        yield
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def accept(pending: Pending, root: Path) -> AcceptResult:
    """Write the pending snapshot's obtained file into its baseline and drop the record.

    ``target_path`` checks the resolved path once; the write itself walks down from the project root
    folder by folder without following links, so a folder swapped for a link between the check and
    the write is refused rather than written through."""
    target = target_path(pending, root)
    data = _checked_payload(pending)
    try:  # missing folders are made the same way as the write: never through a link
        make_folder(target.parent, root=Path(root).resolve())
    except UnsafePathError as exc:
        raise RefusedError(f"{pending.path}: refusing to write baseline {target}: {exc}") from None
    with _folder_lock(target.parent):
        current = sha256_file(target)
        if current == pending.data["obtained_sha256"]:
            action = "already accepted"
        elif current != pending.data.get("baseline_sha256"):
            was = (pending.data.get("baseline_sha256") or "missing")[:12]
            raise RefusedError(f"{pending.path}: baseline {target} changed since the run (was {was}, now "
                               f"{(current or 'missing')[:12]}): someone accepted something else; re-run the test")
        else:
            try:
                atomic_write_bytes(target, data, root=Path(root).resolve())
            except UnsafePathError as exc:
                raise RefusedError(f"{pending.path}: refusing to write baseline {target}: {exc}") from None
            action = "wrote"
    pending.path.unlink(missing_ok=True)
    return AcceptResult(pending, target, action)


def reject(pending: Pending, root: Path) -> AcceptResult:
    """Drop the pending snapshot (its record); the baseline stays as it is."""
    pending.path.unlink(missing_ok=True)
    return AcceptResult(pending, Path(str(pending.data["baseline"])), "rejected")

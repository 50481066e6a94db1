"""Safe file names from test ids and prompts, and atomic writes that stay inside their folder."""
from __future__ import annotations

import errno
import hashlib
import os
import re
import secrets
import time
import unicodedata
from pathlib import Path

from .errors import UnsafePathError

_UNSAFE = re.compile(r"[^A-Za-z0-9._=-]+")
MAX_NAME = 120
_HASHED = re.compile(r"-[0-9a-f]{10}$")  # how a hashed name ends


def safe_name(text: str, *, max_len: int = MAX_NAME) -> str:
    """A file-name component for ``text``: ASCII-safe, bounded, never '.'/'..', collision-resistant.

    A short hash of the original is appended whenever characters had to be replaced or cut, when
    ``text`` holds an upper-case letter, and when it already ends like a hashed name; so names are
    unique per ``text`` also on case-insensitive disks: ``a/b`` vs ``a\\b``, ``A`` vs ``a``, and
    ``a/b`` vs the literal ``a_b-<its hash>`` never map to one file.
    """
    normal = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    cleaned = _UNSAFE.sub("_", normal).strip("._")
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:10]
    if cleaned != text or len(cleaned) > max_len or not cleaned or cleaned != cleaned.lower() or _HASHED.search(cleaned):
        cleaned = f"{cleaned[: max_len - 11]}-{digest}" if cleaned else digest
    return cleaned


def contained(root: Path, *parts: str) -> Path:
    """Join sanitised ``parts`` under ``root`` and verify the result cannot leave it."""
    root = Path(root).resolve()
    path = root.joinpath(*(safe_name(p) for p in parts)).resolve()
    if root != path and root not in path.parents:
        raise ValueError(f"refusing to write outside {root}: {path}")
    return path


def atomic_write_bytes(path: Path, data: bytes, *, root: Path | None = None) -> Path:
    """Write ``data`` to ``path`` via a temp file in the same folder and an atomic rename.

    The write is confined to ``root`` (default: the file's own folder): ``root`` itself may be a
    symlink (the user chose it), but no folder below it may be, so a linked subfolder can never carry
    a write elsewhere (:class:`UnsafePathError`, an ``OSError``). Missing folders are created.
    """
    path = Path(path)
    parts = _parts_below(Path(root) if root is not None else path.parent, path)
    base = Path(os.path.realpath(root if root is not None else path.parent))
    base.mkdir(parents=True, exist_ok=True)
    (_write_at if _DIR_FD else _write_checked)(base, parts, data, path)
    return path


def atomic_write_text(path: Path, text: str, *, root: Path | None = None) -> Path:
    return atomic_write_bytes(path, text.encode("utf-8"), root=root)


# -- confined writes ---------------------------------------------------------------------------
_DIR_FD = all(f in os.supports_dir_fd for f in (os.open, os.mkdir, os.rename, os.unlink, os.stat))
_TEMP = re.compile(r"^\..{1,40}\.(?:[0-9a-f]{16}\.genimg|[a-z0-9_]{8})\.tmp$")  # ours now | tempfile's before
STALE_AFTER_S = 600.0  # a live writer holds its temp file for milliseconds


def _parts_below(root: Path, path: Path) -> tuple[str, ...]:
    target = Path(os.path.abspath(path))
    for base in (os.path.abspath(root), os.path.realpath(root)):
        try:
            parts = target.relative_to(base).parts
        except ValueError:
            continue
        if parts:
            return parts
    raise UnsafePathError(f"refusing to write {path}: not inside {root}")


def _temp_name(name: str) -> str:
    return f".{name[:40]}.{secrets.token_hex(8)}.genimg.tmp"


def _refuse_link(base: Path, parts: tuple[str, ...], exc: OSError | None = None) -> UnsafePathError:
    where = base.joinpath(*parts)
    return UnsafePathError(f"refusing to write through {where}: it is a symlink or not a folder"
                           f"{f' ({exc.strerror})' if exc and exc.strerror else ''}; writes stay inside {base}")


def _descend(base: Path, folders: tuple[str, ...]) -> int:
    """POSIX: a descriptor of ``base/folders...``, made where missing, walking down with directory
    descriptors and O_NOFOLLOW so that no folder can be swapped for a symlink on the way."""
    flags = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | os.O_NOFOLLOW
    fd = os.open(base, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        for depth, part in enumerate(folders, start=1):
            try:
                os.mkdir(part, 0o777, dir_fd=fd)
            except FileExistsError:
                pass
            try:
                inner = os.open(part, flags, dir_fd=fd)
            except OSError as exc:
                if exc.errno in (errno.ELOOP, errno.ENOTDIR, errno.EMLINK):
                    raise _refuse_link(base, folders[:depth], exc) from None
                raise
            os.close(fd)
            fd = inner
    except BaseException:
        os.close(fd)
        raise
    return fd


def _checked_folder(base: Path, folders: tuple[str, ...]) -> Path:
    """Elsewhere (Windows): check each folder is a real one, making it where missing."""
    folder = base
    for depth, part in enumerate(folders, start=1):
        folder = folder / part
        if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
            raise _refuse_link(base, folders[:depth])
        folder.mkdir(exist_ok=True)
    return folder


def make_folder(folder: Path, *, root: Path) -> Path:
    """Create ``folder`` and any missing folders between it and ``root`` without following a link
    below ``root`` (:class:`UnsafePathError` where one is met), as :func:`atomic_write_bytes` does."""
    folder = Path(folder)
    base = Path(os.path.realpath(root))
    base.mkdir(parents=True, exist_ok=True)
    if os.path.abspath(folder) in (os.path.abspath(root), str(base)):
        return folder
    parts = _parts_below(root, folder)
    if _DIR_FD:
        os.close(_descend(base, parts))
    else:
        _checked_folder(base, parts)
    return folder


def _write_at(base: Path, parts: tuple[str, ...], data: bytes, path: Path) -> None:
    """POSIX: walk down with directory descriptors and O_NOFOLLOW, so nothing can be swapped for a
    symlink between the check and the write."""
    fd = _descend(base, parts[:-1])
    try:
        name, tmp = parts[-1], _temp_name(parts[-1])
        out = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o666, dir_fd=fd)
        try:
            with os.fdopen(out, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.rename(tmp, name, src_dir_fd=fd, dst_dir_fd=fd)  # replaces a link at ``name``, never follows it
        except BaseException:
            try:
                os.unlink(tmp, dir_fd=fd)
            except FileNotFoundError:
                pass
            raise
    finally:
        os.close(fd)


def _write_checked(base: Path, parts: tuple[str, ...], data: bytes, path: Path) -> None:
    """Elsewhere (Windows): check each folder is a real one, then write by path."""
    folder = _checked_folder(base, parts[:-1])
    tmp = folder / _temp_name(parts[-1])
    try:
        with open(tmp, "xb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, folder / parts[-1])
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


# -- temp files left by killed processes --------------------------------------------------------
def is_temp_name(name: str) -> bool:
    """Whether ``name`` is one of our temp files (what a write killed mid-way leaves behind)."""
    return bool(_TEMP.match(name))


def temp_files(folder: Path) -> list[tuple[Path, int, float]]:
    """(path, bytes, mtime) of our temp files directly inside ``folder``."""
    out = []
    try:
        names = os.listdir(folder)
    except OSError:
        return out
    for name in names:
        if is_temp_name(name):
            try:
                stat = os.lstat(os.path.join(folder, name))
            except OSError:
                continue
            out.append((Path(folder) / name, stat.st_size, stat.st_mtime))
    return out


def sweep_stale_temps(folder: Path, *, max_age_s: float = STALE_AFTER_S) -> int:
    """Delete our temp files in ``folder`` older than ``max_age_s``; returns how many went."""
    cutoff = time.time() - max_age_s
    removed = 0
    for path, _, mtime in temp_files(folder):
        if mtime < cutoff:
            try:
                path.unlink()
                removed += 1
            except OSError:
                pass
    return removed

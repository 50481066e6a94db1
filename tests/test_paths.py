"""Writes confined to a root folder (never through a symlink below it) and the sweep of our stale temp files."""
from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from pytest_genimg.errors import UnsafePathError
from pytest_genimg.paths import atomic_write_bytes, is_temp_name, make_folder, sweep_stale_temps, temp_files


@pytest.fixture(params=["dir_fd", "checked"], autouse=True)
def implementation(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Both ways of confining a write: descriptor-relative (POSIX) and check-then-write (Windows)."""
    import pytest_genimg.paths as paths

    if request.param == "checked":
        monkeypatch.setattr(paths, "_DIR_FD", False)
    elif not paths._DIR_FD:
        pytest.skip("no dir_fd support on this platform")
    return request.param


def test_nested_write_creates_folders_with_usual_permissions(tmp_path: Path) -> None:
    target = atomic_write_bytes(tmp_path / "a" / "b" / "f.png", b"data", root=tmp_path)
    assert target.read_bytes() == b"data"
    mask = os.umask(0)
    os.umask(mask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~mask
    assert not [p for p in tmp_path.rglob("*") if is_temp_name(p.name)]


@pytest.mark.parametrize("depth", [1, 2])
def test_a_linked_subfolder_is_refused_and_nothing_lands_outside(tmp_path: Path, depth: int) -> None:
    root, outside = tmp_path / "root", tmp_path / "outside"
    root.mkdir()
    outside.mkdir()
    (root / "ab").symlink_to(outside, target_is_directory=True)
    parts = ["ab", "f.png"] if depth == 1 else ["ab", "sub", "f.png"]
    with pytest.raises(UnsafePathError, match="symlink"):
        atomic_write_bytes(root.joinpath(*parts), b"x", root=root)
    assert list(outside.rglob("*")) == []
    assert isinstance(UnsafePathError("x"), OSError)  # callers that tolerate OSError tolerate this


def test_make_folder_makes_nested_folders_and_refuses_a_linked_one(tmp_path: Path) -> None:
    root, outside = tmp_path / "root", tmp_path / "outside"
    outside.mkdir()
    assert make_folder(root / "a" / "b", root=root).is_dir()
    assert make_folder(root, root=root) == root  # the root itself: nothing to walk
    (root / "ln").symlink_to(outside, target_is_directory=True)
    with pytest.raises(UnsafePathError, match="symlink"):
        make_folder(root / "ln" / "x" / "y", root=root)
    assert list(outside.iterdir()) == []  # no folder made through the link
    with pytest.raises(UnsafePathError, match="not inside"):
        make_folder(tmp_path / "elsewhere", root=root)


def test_a_path_that_leaves_the_root_lexically_is_refused(tmp_path: Path) -> None:
    root = tmp_path / "root"
    with pytest.raises(UnsafePathError, match="not inside"):
        atomic_write_bytes(root / ".." / "escaped.txt", b"x", root=root)
    assert not (tmp_path / "escaped.txt").exists()


def test_a_linked_root_is_the_users_choice(tmp_path: Path) -> None:
    real = tmp_path / "real"
    real.mkdir()
    (tmp_path / "alias").symlink_to(real, target_is_directory=True)
    atomic_write_bytes(tmp_path / "alias" / "x" / "f", b"ok", root=tmp_path / "alias")
    assert (real / "x" / "f").read_bytes() == b"ok"


def test_a_linked_target_file_is_replaced_not_followed(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("keep")
    root = tmp_path / "root"
    root.mkdir()
    (root / "f.txt").symlink_to(secret)
    atomic_write_bytes(root / "f.txt", b"new", root=root)
    assert secret.read_text() == "keep"
    assert not (root / "f.txt").is_symlink() and (root / "f.txt").read_bytes() == b"new"


def test_sweep_removes_only_our_stale_temp_files(tmp_path: Path) -> None:
    old = time.time() - 3600
    ours_new_style = tmp_path / ".key.png.0123456789abcdef.genimg.tmp"
    ours_legacy = tmp_path / ".key.png.ab_cd123.tmp"  # what tempfile.mkstemp made before
    fresh = tmp_path / ".other.png.fedcba9876543210.genimg.tmp"  # a live writer's: kept
    foreign = [tmp_path / "notes.tmp", tmp_path / ".hidden.tmp", tmp_path / "x.png"]
    for path in (ours_new_style, ours_legacy, fresh, *foreign):
        path.write_bytes(b"12345")
    for path in (ours_new_style, ours_legacy, *foreign):
        os.utime(path, (old, old))
    assert sorted(p.name for p, _, _ in temp_files(tmp_path)) == sorted([ours_legacy.name, ours_new_style.name, fresh.name])
    assert sweep_stale_temps(tmp_path) == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([fresh.name, *(p.name for p in foreign)])
    assert sweep_stale_temps(tmp_path / "missing") == 0


def test_results_files_never_go_through_a_linked_test_folder(tmp_path: Path) -> None:
    from pytest_genimg.paths import safe_name
    from pytest_genimg.recording import open_record, write_result

    results, outside = tmp_path / "results", tmp_path / "outside"
    results.mkdir()
    outside.mkdir()
    with open_record("tests/test_a.py::test_x", results) as record:
        folder = record.artifact_dir
        assert folder.parent == results.resolve() and folder.name == safe_name("tests/test_a.py::test_x")
        folder.parent.mkdir(parents=True, exist_ok=True)
        folder.symlink_to(outside, target_is_directory=True)  # planted after the path was computed
        with pytest.raises(UnsafePathError):
            write_result(folder / "obtained.png", b"png")
    assert list(outside.iterdir()) == []


SNAPSHOT_TEST = """
from PIL import Image

def test_a(image_snapshot):
    assert image_snapshot == Image.new("RGB", (16, 16), (200, 30, 30))
"""


def test_a_linked_baseline_folder_gets_no_baseline(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_mod=SNAPSHOT_TEST)
    outside = pytester.path / "outside"
    outside.mkdir()
    (pytester.path / "__snapshots__").mkdir()
    (pytester.path / "__snapshots__" / "test_mod").symlink_to(outside, target_is_directory=True)
    result = pytester.runpytest("-p", "no:randomly", "-p", "no:cacheprovider", "--snapshot-update")
    assert result.ret != 0
    assert list(outside.iterdir()) == []
    result.stdout.fnmatch_lines(["*refusing to write through*test_mod*"])


def test_stale_temp_files_in_snapshot_folders_are_swept_at_start(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_mod=SNAPSHOT_TEST)
    folder = pytester.path / "__snapshots__" / "test_mod"
    folder.mkdir(parents=True)
    stale = folder / ".test_a.png.0123456789abcdef.genimg.tmp"
    legacy = folder / ".test_a.png.x1y2z3ab.tmp"
    fresh = folder / ".test_a.png.fedcba9876543210.genimg.tmp"
    for path in (stale, legacy, fresh):
        path.write_bytes(b"half a png")
    old = time.time() - 3600
    os.utime(stale, (old, old))
    os.utime(legacy, (old, old))
    result = pytester.runpytest("-p", "no:randomly", "-p", "no:cacheprovider", "--snapshot-update")
    result.assert_outcomes(passed=1)
    assert not stale.exists() and not legacy.exists() and fresh.exists()
    assert (folder / "test_a.png").is_file()


def test_pending_records_and_flipped_pairs_never_go_through_a_linked_test_folder(tmp_path: Path,
                                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    from PIL import Image

    from pytest_genimg import recording
    from pytest_genimg.compare.regression import _save
    from pytest_genimg.snapshot.pending import write_pending

    results, outside = tmp_path / "results", tmp_path / "outside"
    results.mkdir()
    outside.mkdir()
    with recording.open_record("tests/test_a.py::test_x", results) as record:
        flip = recording.artifact_path("flip-seed=0-baseline.png")  # the folder is real when the path is computed
        folder = record.artifact_dir
        folder.rmdir()
        folder.symlink_to(outside, target_is_directory=True)  # planted after the paths were computed
        monkeypatch.setattr(recording, "artifact_path", lambda name: flip)
        entry = {"kind": "metric", "label": "m", "name": "m", "status": "failed", "baseline": str(tmp_path / "b.json")}
        with pytest.raises(UnsafePathError):
            write_pending(entry, folder / "m.obtained.metrics.json", b"{}", {"rootdir": str(tmp_path)})
        with pytest.raises(UnsafePathError):
            _save(Image.new("RGB", (8, 8)), "flip-seed=0-baseline")
    assert list(outside.iterdir()) == []


def test_stale_temp_files_in_per_model_baseline_folders_are_swept_at_start(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_mod=SNAPSHOT_TEST)
    folder = pytester.path / "__snapshots__" / "test_mod" / "tiny-sd"
    folder.mkdir(parents=True)
    stale = folder / ".test_a.png.0123456789abcdef.genimg.tmp"
    stale.write_bytes(b"half a png")
    old = time.time() - 3600
    os.utime(stale, (old, old))
    result = pytester.runpytest("-p", "no:randomly", "-p", "no:cacheprovider", "--snapshot-update", "--genimg-snapshot-per-model")
    result.assert_outcomes(passed=1)
    assert not stale.exists() and (folder / "test_a.png").is_file()

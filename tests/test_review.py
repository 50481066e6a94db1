"""Pending snapshots and ``python -m pytest_genimg review|accept``: the whole workflow through pytester."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from _review_suite import cli, run, setup

CUBE, FRUIT, SCORE = "test_suite.py::test_cube", "test_suite.py::test_fruit", "test_suite.py::test_score"


@pytest.fixture
def changed(pytester, monkeypatch):
    """Baselines from model v1, then a v2 run that fails all three snapshots (pending records left)."""
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    setup(pytester)
    run(pytester, monkeypatch, "1", "--snapshot-update").assert_outcomes(passed=3)
    baselines = {p.name: p.read_bytes() for p in (pytester.path / "__snapshots__").rglob("*") if p.is_file()}
    result = run(pytester, monkeypatch, "2", "--genimg-report-json=.genimg_results/report.json")
    result.assert_outcomes(failed=3)
    after = {p.name: p.read_bytes() for p in (pytester.path / "__snapshots__").rglob("*") if p.is_file()}
    assert after == baselines  # nothing written into __snapshots__ without a decision
    return result


def _records(root: Path) -> list[dict]:
    return [json.loads(p.read_text()) for p in sorted((root / ".genimg_results").rglob("*.pending.json"))]


def test_failures_leave_pending_records_with_hashes(changed, pytester):
    import hashlib

    paths = sorted((pytester.path / ".genimg_results").rglob("*.pending.json"))
    records = [json.loads(p.read_text()) for p in paths]
    assert sorted((r["nodeid"], r["kind"]) for r in records) == [(CUBE, "image"), (FRUIT, "image"), (SCORE, "metric")]
    for path, r in zip(paths, records):
        obtained = path.parent / r["obtained"]
        assert hashlib.sha256(obtained.read_bytes()).hexdigest() == r["obtained_sha256"]
        assert r["baseline"].startswith("__snapshots__/test_suite/")
        assert r["baseline_sha256"] == hashlib.sha256((pytester.path / r["baseline"]).read_bytes()).hexdigest()
        assert r["model"]  # the fingerprint of the model that made the image (the spec for metrics)
        assert r["changed"]
    changed.stdout.fnmatch_lines(["*or, without re-running: python -m pytest_genimg accept --test test_suite.py::test_cube*"])


def test_accept_one_test_then_only_that_test_passes(changed, pytester, monkeypatch):
    done = cli(pytester, "accept", "--test", CUBE)
    assert done.returncode == 0, done.stderr
    assert "wrote: __snapshots__/test_suite/test_cube.png" in done.stdout
    result = run(pytester, monkeypatch, "2")
    result.assert_outcomes(passed=1, failed=2)
    result.stdout.fnmatch_lines(["FAILED test_suite.py::test_fruit*", "FAILED test_suite.py::test_score*"])
    assert len(_records(pytester.path)) == 2  # the next run rewrote the two still failing


def test_accept_from_the_report_json_and_a_metric(changed, pytester, monkeypatch):
    done = cli(pytester, "accept", "--results", ".genimg_results/report.json", "--test", "*test_score")
    assert done.returncode == 0, done.stderr
    assert "wrote: __snapshots__/test_suite/test_score.metrics.json" in done.stdout
    run(pytester, monkeypatch, "2").assert_outcomes(passed=1, failed=2)


def test_review_lists_and_walks(changed, pytester, monkeypatch):
    listing = cli(pytester, "review")
    assert listing.returncode == 0, listing.stderr
    assert "3 pending snapshot(s)" in listing.stdout
    for nodeid in (CUBE, FRUIT, SCORE):
        assert nodeid in listing.stdout
    assert "mean" in listing.stdout and "phash distance" in listing.stdout  # what changed
    # accept the first, open then reject the second, skip the third
    walked = cli(pytester, "review", "--interactive", stdin="a\no\nr\ns\n")
    assert walked.returncode == 0, walked.stderr
    assert "obtained: " in walked.stdout and "review: 1 accepted, 1 rejected, 1 skipped" in walked.stdout
    assert [r["nodeid"] for r in _records(pytester.path)] == [SCORE]
    run(pytester, monkeypatch, "2").assert_outcomes(passed=1, failed=2)  # cube accepted; fruit rejected still fails


def test_accept_refuses_a_tampered_obtained_file(changed, pytester):
    obtained = next((pytester.path / ".genimg_results").rglob("image_snapshot.obtained.png"))
    obtained.write_bytes(obtained.read_bytes() + b"x")
    done = cli(pytester, "accept", "--all")
    assert done.returncode == 1
    assert f"{obtained.name}: hash" in done.stderr and "does not match its record" in done.stderr


def test_accept_refuses_a_baseline_changed_since_the_run(changed, pytester):
    baseline = pytester.path / "__snapshots__" / "test_suite" / "test_fruit.png"
    record = next(p for p in (pytester.path / ".genimg_results").rglob("*.pending.json") if "test_fruit" in str(p))
    saved = record.read_bytes()
    someone_elses = (pytester.path / "__snapshots__" / "test_suite" / "test_cube.png").read_bytes()
    baseline.write_bytes(someone_elses)  # another accept (or a commit) changed the baseline after the run
    done = cli(pytester, "accept", "--test", FRUIT)
    assert done.returncode == 1
    assert f"baseline {baseline} changed since the run" in done.stderr and "someone accepted something else" in done.stderr
    assert baseline.read_bytes() == someone_elses and record.exists()
    # Accepting the same pending snapshot twice is harmless: the second finds it already there.
    baseline.write_bytes(next(record.parent.glob("*.obtained.png")).read_bytes())
    again = cli(pytester, "accept", "--test", FRUIT)
    assert again.returncode == 0 and "already accepted: __snapshots__/test_suite/test_fruit.png" in again.stdout
    assert not record.exists()
    record.write_bytes(saved)
    assert "already accepted" in cli(pytester, "accept", "--test", FRUIT + "#image_snapshot").stdout


def test_accept_refuses_targets_outside_the_baseline_folders(changed, pytester, tmp_path):
    records = sorted((pytester.path / ".genimg_results").rglob("*.pending.json"))
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (pytester.path / "__snapshots__" / "linked").symlink_to(outside)
    targets = ["../escaped.png", "src/not_a_baseline.png", "__snapshots__/linked/x.png"]
    for path, target in zip(records, targets):
        data = json.loads(path.read_text())
        data["baseline"] = target if data["kind"] == "image" else target.replace(".png", ".metrics.json")
        path.write_text(json.dumps(data))
    done = cli(pytester, "accept", "--all")
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.count("refused:") == 3
    assert "absolute path or one with '..'" in done.stderr and "not inside a __snapshots__ folder" in done.stderr
    assert "resolves outside the project's baseline folders" in done.stderr
    assert not (pytester.path.parent / "escaped.png").exists() and not list(outside.iterdir())


def test_a_folder_swapped_for_a_link_after_the_check_is_not_written_through(changed, pytester, tmp_path, monkeypatch):
    """The confinement check and the write are apart in time: the write itself must refuse a link."""
    from pytest_genimg.review import accept as accept_mod
    from pytest_genimg.review.records import find_pending

    folder = pytester.path / "__snapshots__" / "test_suite"
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    pending = [p for p in find_pending(pytester.path / ".genimg_results")[0] if p.nodeid == CUBE][0]
    real_hash = accept_mod.sha256_file

    def swap_then_hash(path):  # runs between the path check and the write
        digest = real_hash(path)
        folder.rename(folder.with_name("moved"))
        folder.symlink_to(outside)
        (outside / path.name).write_bytes((folder.with_name("moved") / path.name).read_bytes())
        return digest

    monkeypatch.setattr(accept_mod, "sha256_file", swap_then_hash)
    # accept's own RefusedError: in-process pytester runs may re-import review.records under another identity
    with pytest.raises(accept_mod.RefusedError, match="refusing to write baseline"):
        accept_mod.accept(pending, pytester.path)
    assert (outside / "test_cube.png").read_bytes() == (folder.with_name("moved") / "test_cube.png").read_bytes()
    assert sorted(p.name for p in outside.iterdir()) == ["test_cube.png"]  # nothing written through the link
    assert pending.path.exists()  # still pending


def test_a_missing_baseline_folder_is_not_made_through_a_link(changed, pytester, tmp_path, monkeypatch):
    """Folders a baseline needs are made the way the write is: a parent swapped for a link after the
    path check gets no folder made inside the link's target."""
    from pytest_genimg.review import accept as accept_mod
    from pytest_genimg.review.records import find_pending

    snapshots = pytester.path / "__snapshots__"
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    pending = [p for p in find_pending(pytester.path / ".genimg_results")[0] if p.nodeid == CUBE][0]
    real_target = accept_mod.target_path

    def check_then_swap(record, root):
        target = real_target(record, root)
        snapshots.rename(snapshots.with_name("moved"))  # the baseline's folder is now missing ...
        snapshots.symlink_to(outside)  # ... and its parent is a link
        return target

    monkeypatch.setattr(accept_mod, "target_path", check_then_swap)
    with pytest.raises(accept_mod.RefusedError, match="refusing to write baseline"):
        accept_mod.accept(pending, pytester.path)
    assert list(outside.iterdir()) == []
    assert pending.path.exists()


def test_accept_refuses_a_record_from_a_newer_plugin(changed, pytester):
    path = next((pytester.path / ".genimg_results").rglob("*.pending.json"))
    data = json.loads(path.read_text())
    data.update(version=99, plugin_version="9.0")
    path.write_text(json.dumps(data))
    done = cli(pytester, "accept", "--all")
    assert done.returncode == 1
    assert f"{path.relative_to(pytester.path)}: record format 99 written by pytest-genimg 9.0 is newer" in done.stderr
    assert done.stdout.count("wrote:") == 2


def test_a_failed_write_leaves_the_baseline_whole(changed, pytester, monkeypatch):
    from pytest_genimg.review import accept as accept_mod
    from pytest_genimg.review.records import find_pending

    baseline = pytester.path / "__snapshots__" / "test_suite" / "test_cube.png"
    before = baseline.read_bytes()
    pending = [p for p in find_pending(pytester.path / ".genimg_results")[0] if p.nodeid == CUBE]

    def broken_replace(*args, **kwargs):
        raise OSError("disk full")

    # The confined write renames inside a folder descriptor where it can (os.rename), else os.replace.
    monkeypatch.setattr("os.replace", broken_replace)
    monkeypatch.setattr("os.rename", broken_replace)
    with pytest.raises(OSError, match="disk full"):
        accept_mod.accept(pending[0], pytester.path)
    monkeypatch.undo()
    assert baseline.read_bytes() == before
    assert sorted(p.name for p in baseline.parent.iterdir()) == ["test_cube.png", "test_fruit.png", "test_score.metrics.json"]
    assert pending[0].path.exists()  # still pending


def test_two_concurrent_accepts_of_one_baseline(pytester, monkeypatch):
    """Two runs (v2 and v3) both left a pending cube; accepting both at once writes exactly one, whole."""
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    setup(pytester)
    run(pytester, monkeypatch, "1", "--snapshot-update").assert_outcomes(passed=3)
    run(pytester, monkeypatch, "2", "--genimg-results-dir=run2", "-k", "cube").assert_outcomes(failed=1)
    run(pytester, monkeypatch, "3", "--genimg-results-dir=run3", "-k", "cube").assert_outcomes(failed=1)
    script = Path(pytester.path) / "no_heavy.py"
    cli(pytester, "--help")  # writes the no-torch launcher
    procs = [subprocess.Popen([sys.executable, str(script), "accept", "--all", "--results", d], cwd=pytester.path,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for d in ("run2", "run3")]
    outs = [(p.wait(timeout=120), p.stdout.read(), p.stderr.read()) for p in procs]
    assert sorted(rc for rc, _, _ in outs) == [0, 1], outs
    winner = next(d for d, (rc, _, _) in zip(("run2", "run3"), outs) if rc == 0)
    loser_err = next(err for rc, _, err in outs if rc == 1)
    assert "changed since the run" in loser_err
    obtained = next((pytester.path / winner).rglob("image_snapshot.obtained.png")).read_bytes()
    assert (pytester.path / "__snapshots__" / "test_suite" / "test_cube.png").read_bytes() == obtained
    assert not [p for p in (pytester.path / "__snapshots__").rglob(".*") if p.is_file()]  # no temp files left


def test_cli_usage_errors(pytester):
    assert cli(pytester, "accept").returncode == 2
    assert "choose what to accept" in cli(pytester, "accept").stderr
    done = cli(pytester, "nonsense")
    assert done.returncode == 2 and "unknown command 'nonsense'" in done.stderr
    helped = cli(pytester, "--help")
    assert helped.returncode == 0 and "review" in helped.stdout and "accept" in helped.stdout
    missing = cli(pytester, "review", "nowhere")
    assert missing.returncode == 2 and "nowhere: no such results folder or report JSON" in missing.stderr
    bad = pytester.path / "decisions.json"
    bad.write_text('{"format": "something else"}')
    done = cli(pytester, "accept", "--decisions", str(bad))
    assert done.returncode == 2 and "not a pytest-genimg decisions file" in done.stderr


def test_module_entries_keep_working(pytester):
    done = subprocess.run([sys.executable, "-m", "pytest_genimg.report", "--help"], capture_output=True, text=True)
    assert done.returncode == 0 and "merge" in done.stdout
    via_main = cli(pytester, "report", "--help")
    assert via_main.returncode == 0 and "merge" in via_main.stdout


def test_open_draws_baseline_obtained_and_diff_on_an_image_terminal(changed, pytester):
    import io

    from PIL import Image

    from pytest_genimg.review.records import find_pending
    from pytest_genimg.review.show import draw, image_protocol, strip

    assert image_protocol({"TERM": "xterm-kitty"}) == "kitty"
    assert image_protocol({"TERM_PROGRAM": "iTerm.app"}) == "iterm"
    assert image_protocol({"TERM": "xterm-256color"}) is None
    cube = next(p for p in find_pending(pytester.path / ".genimg_results")[0] if p.nodeid == CUBE)
    png = strip(cube, pytester.path / "__snapshots__" / "test_suite" / "test_cube.png")
    sheet = Image.open(io.BytesIO(png))
    assert sheet.size == (3 * 256 + 2 * 8, 256)  # baseline | obtained | diff
    out = io.StringIO()
    draw(png, "kitty", out)
    assert out.getvalue().startswith("\033_Ga=T,f=100,m=1;") and out.getvalue().endswith("\033\\\n")
    out = io.StringIO()
    draw(png, "iterm", out)
    assert out.getvalue().startswith("\033]1337;File=inline=1;")


def test_a_snapshot_update_run_clears_the_pending_records_it_settles(changed, pytester, monkeypatch):
    assert len(_records(pytester.path)) == 3
    run(pytester, monkeypatch, "2", "--snapshot-update", "-k", "cube or score").assert_outcomes(passed=2)
    assert [r["nodeid"] for r in _records(pytester.path)] == [FRUIT]
    assert "1 pending snapshot(s)" in cli(pytester, "review").stdout

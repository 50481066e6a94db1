"""Snapshot baselines under hostile conditions: colliding and case-folded names, non-finite metric
baselines, concurrent updates, runs that executed no test, and the fixtures' repr."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from pytest_genimg.errors import GenImgUsageError
from pytest_genimg.snapshot._common import snapshot_stem
from pytest_genimg.snapshot.metric import MetricData

SCENE = '''
import numpy as np
from PIL import Image

def scene(seed):
    r = np.random.default_rng(seed)
    return Image.fromarray(r.integers(0, 255, (8, 8, 3), dtype=np.uint8)).resize((64, 64))
'''


class Loc:
    def __init__(self, testname: str, classname: str | None = None) -> None:
        self.testname, self.classname = testname, classname


def _forged(param: str) -> str:
    """The literal id that equals another id's cleaned-up form (``a/b`` -> ``a_b-<hash>``)."""
    return re.fullmatch(r"test_x\[(.*)\]", snapshot_stem(Loc(f"test_x[{param}]"))).group(1)


@pytest.fixture
def project(pytester, monkeypatch):
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    pytester.makepyfile(scenes=SCENE)
    return pytester


def _run(pytester, *args):
    return pytester.runpytest("-p", "no:cacheprovider", "-p", "no:randomly", *args)


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


# -- 1. names unique per test id, on case-insensitive disks too ---------------------------------
def test_stems_never_collide_even_case_folded():
    ids = ["a/b", _forged("a/b"), "Case", "case", "CASE", "a_b", "x" * 300, "x" * 299 + "y"]
    stems = [snapshot_stem(Loc(f"test_x[{i}]")) for i in ids]
    stems += [snapshot_stem(Loc("test_x[case]"), name) for name in ("Front", "front")]
    stems += [snapshot_stem(Loc("test_y", cls)) for cls in ("TestA", "Testa", "testa")]
    assert len({s.casefold() for s in stems}) == len(stems), stems
    assert snapshot_stem(Loc("test_x[case]")) == "test_x[case]"  # plain lower-case ids stay as they are
    assert snapshot_stem(Loc("test_x[Case]")).startswith("test_x[Case-")  # readable, with a hash


def test_colliding_ids_get_their_own_baselines(project):
    ids = ["a/b", _forged("a/b"), "Case", "case"]
    project.makepyfile(test_x=f'''
        import pytest
        from scenes import scene

        IDS = {ids!r}

        @pytest.mark.parametrize("i", range(len(IDS)), ids=IDS)
        def test_x(image_snapshot, metric_snapshot, i):
            assert image_snapshot == scene(i)
            assert metric_snapshot == {{"i": i}}
    ''')
    _run(project, "--snapshot-update").assert_outcomes(passed=4)
    written = _files(project.path / "__snapshots__")
    assert len(written) == 8 and len({n.casefold() for n in written}) == 8, sorted(written)
    _run(project).assert_outcomes(passed=4)  # each id reads back its own baseline


def test_docs_show_the_real_baseline_names():
    text = (Path(__file__).parents[1] / "docs" / "baselines.md").read_text()
    for testname, index in (("test_sign[OPEN 24/7]", 0), ("test_render[tiny-sd]", 0), ("test_render[SDXL]", 0),
                            ("test_render[tiny-sd]", "front"), ("test_render[tiny-sd]", 1)):
        assert f"`{snapshot_stem(Loc(testname), index)}.png`" in text, (testname, index)
    assert f"`{snapshot_stem(Loc('test_y', 'TestCube'))}.png`" in text


# -- 2. metric baselines hold finite numbers only ---------------------------------------------
@pytest.mark.parametrize("value", [10**400, float("nan"), float("inf")])
def test_metric_value_that_is_not_a_finite_number_is_a_usage_error(value):
    with pytest.raises(GenImgUsageError, match=r"metric_snapshot\['a'\]: expected a finite number"):
        MetricData.from_any({"a": value})


@pytest.mark.parametrize("content", ['{"cer": NaN}', '{"cer": Infinity}', '{"cer": -1e999}'])
def test_non_finite_metric_baseline_is_corrupt_and_rewritten_by_update(project, content):
    project.makepyfile(test_m='''
        def test_q(metric_snapshot):
            assert metric_snapshot == {"cer": 0.04}
    ''')
    baseline = project.path / "__snapshots__" / "test_m" / "test_q.metrics.json"
    baseline.parent.mkdir(parents=True)
    baseline.write_text(content)
    result = _run(project)
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines([f"*CorruptBaselineError: metric baseline {baseline} is corrupt*finite numbers*"])
    _run(project, "--snapshot-update").assert_outcomes(passed=1)
    assert json.loads(baseline.read_text()) == {"cer": 0.04}


def test_huge_integer_metric_fails_as_usage_error_in_a_test(project):
    project.makepyfile(test_m='''
        def test_q(metric_snapshot):
            assert metric_snapshot == {"a": 10**400}
    ''')
    result = _run(project)
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*GenImgUsageError: metric_snapshot[[]'a'[]]: expected a finite number*"])
    result.stdout.no_fnmatch_line("*OverflowError*")


# -- 3. a baseline deleted by another --snapshot-update run is not an error -------------------
def test_deleting_an_already_deleted_baseline_is_not_an_error(project):
    project.makepyfile(test_d='''
        from scenes import scene

        def test_keep(image_snapshot):
            assert image_snapshot == scene(1)
    ''')
    folder = project.path / "__snapshots__" / "test_d"
    _run(project, "--snapshot-update").assert_outcomes(passed=1)
    (folder / "test_gone.png").write_bytes((folder / "test_keep.png").read_bytes())
    # The other run removes the unused baseline after this one judged it unused, before it deletes it.
    project.makeconftest('''
        import pathlib
        import pytest

        @pytest.hookimpl(tryfirst=True)
        def pytest_sessionfinish(session):
            syrupy = session.config._syrupy
            remove = syrupy.remove_unused_snapshots

            def racing(unused_snapshot_collections, used_snapshot_collections):
                for collection in unused_snapshot_collections:
                    pathlib.Path(collection.location).unlink()
                remove(unused_snapshot_collections, used_snapshot_collections)

            syrupy.remove_unused_snapshots = racing
    ''')
    result = _run(project, "--snapshot-update")
    result.assert_outcomes(passed=1)
    assert result.ret == 0
    result.stdout.no_fnmatch_line("*FileNotFoundError*")
    assert sorted(_files(folder)) == ["test_keep.png"]


# -- 5. a short repr in failure headers --------------------------------------------------------
def test_fixtures_have_a_short_repr(project):
    project.makepyfile(test_r='''
        from scenes import scene

        def test_r(image_snapshot, metric_snapshot):
            assert repr(metric_snapshot) == "<metric_snapshot test_r>"
            assert image_snapshot == scene(1)
            assert repr(image_snapshot) == "<image_snapshot test_r.1>"  # the next comparison's baseline
            assert image_snapshot == scene(2)
    ''')
    _run(project, "--snapshot-update").assert_outcomes(passed=1)
    (project.path / "__snapshots__" / "test_r" / "test_r.1.png").write_bytes(
        (project.path / "__snapshots__" / "test_r" / "test_r.png").read_bytes())
    result = _run(project, "--tb=long")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["image_snapshot = <image_snapshot test_r.?>"])
    result.stdout.no_fnmatch_line("*PNG*")


# -- 6. a run that executed no test judges and deletes nothing --------------------------------
@pytest.mark.parametrize("args", [["--collect-only"], ["--co", "--snapshot-update"], ["-k", "nothing", "--snapshot-update"],
                                  ["--fixtures-per-test", "--snapshot-update"]])
def test_a_run_that_executed_no_test_keeps_every_baseline(project, args):
    project.makepyfile(test_n='''
        from scenes import scene

        def test_one(image_snapshot, metric_snapshot):
            assert image_snapshot == scene(1)
            assert metric_snapshot == {"v": 1.0}
    ''')
    _run(project, "--snapshot-update").assert_outcomes(passed=1)
    before = _files(project.path / "__snapshots__")
    result = _run(project, *args)
    assert result.ret in (0, 5), result.stdout.str()  # 5: -k deselected everything
    result.stdout.no_fnmatch_line("*snapshot* unused.*")
    result.stdout.no_fnmatch_line("*Re-run pytest with --snapshot-update*")
    result.stdout.no_fnmatch_line("*snapshot*deleted*")
    assert _files(project.path / "__snapshots__") == before
    _run(project, "--snapshot-update").assert_outcomes(passed=1)  # a real update run still works
    assert _files(project.path / "__snapshots__") == before


def test_a_real_update_run_still_deletes_unused_baselines(project):
    project.makepyfile(test_u='''
        from scenes import scene

        def test_one(image_snapshot):
            assert image_snapshot == scene(1)
    ''')
    _run(project, "--snapshot-update").assert_outcomes(passed=1)
    folder = project.path / "__snapshots__" / "test_u"
    (folder / "test_old.png").write_bytes((folder / "test_one.png").read_bytes())
    result = _run(project)
    assert result.ret == 1  # syrupy's verdict on unused baselines stands when tests ran
    result.stdout.fnmatch_lines(["*1 snapshot unused*"])
    _run(project, "--snapshot-update").assert_outcomes(passed=1)
    assert sorted(_files(folder)) == ["test_one.png"]

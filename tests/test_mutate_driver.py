"""python -m pytest_genimg.mutate on a small suite: the kill matrix, the score, broken tests, not-applicable
mutations, survivors with the tests that should have caught them, the report section, xdist and shards."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from pytest_genimg.mutate.__main__ import main
from pytest_genimg.mutate.matrix import merge
from pytest_genimg.mutate.render import text

from test_mutate_session import PAINTER

SUITE = {
    "test_detail": '''
        import numpy as np
        import pytest

        pytestmark = pytest.mark.limitation("detail")

        def test_sharp(genimg):
            for img in genimg.generate("a street", seeds=range(2)):
                assert np.abs(np.diff(np.asarray(img.image).astype(float), axis=1)).mean() > 40
    ''',
    "test_upkeep": '''
        import numpy as np
        import pytest

        pytestmark = pytest.mark.limitation("upkeep")

        def test_loose_range(genimg):
            assert np.asarray(genimg.generate("a street", seed=0).image).max() <= 255  # can never fail
    ''',
    "test_diversity": '''
        from pytest_genimg import assert_diverse

        def test_distinct(genimg):  # no marker: its diversity check says what it guards
            assert_diverse(genimg.generate("a cat", seeds=range(4)), min_vendi=2)
    ''',
    "test_broken": '''
        def test_always_broken(genimg):
            genimg.generate("a cat", seed=0)
            assert 1 + 1 == 3
    ''',
}


@pytest.fixture
def suite(pytester: pytest.Pytester) -> pytest.Pytester:
    pytester.makepyfile(painter=PAINTER, **SUITE)
    pytester.makeini("[pytest]\ngenimg_model = painter:make\n")
    return pytester


def _matrix(out: Path) -> dict:
    return json.loads((out / "kill-matrix.json").read_text())


def test_kill_matrix_score_and_report(suite: pytest.Pytester, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["--mutations", "collapse,tint,flicker", "--out", "out", "--min-score", "0.9",
                 "--", "-p", "no:randomly", "-p", "no:cacheprovider"])
    assert code == 1  # 1 of 2 killed is under --min-score 0.9
    matrix = _matrix(suite.path / "out")
    rows = {r["name"]: r for r in matrix["mutations"]}
    assert rows["collapse"]["status"] == "killed" and rows["collapse"]["killed_by"] == ["test_diversity.py::test_distinct"]
    assert rows["tint"]["status"] == "survived" and rows["tint"]["should_catch"] == ["test_upkeep.py::test_loose_range"]
    assert rows["flicker"]["status"] == "not applicable"  # an image model: nothing to flicker
    assert matrix["broken_on_clean"] == ["test_broken.py::test_always_broken"]
    assert all("test_broken.py::test_always_broken" not in r["killed_by"] for r in rows.values())
    assert (matrix["killed"], matrix["survived"], matrix["not_applicable"], matrix["score"]) == (1, 1, 1, 0.5)
    printed = capsys.readouterr().out
    assert "mutation score: 1/2 = 50.0% (1 not applicable, 0 errors; 1 test(s) broken on the clean run)" in printed
    html = (suite.path / "out" / "report.html").read_text()
    assert "Mutation testing: does this suite catch a worse model?" in html and "test_loose_range" in html
    report = json.loads((suite.path / "out" / "report.json").read_text())
    assert report["mutation"]["score"] == 0.5 and report["runs"][0]["mutation"] is None
    tinted = json.loads((suite.path / "out" / "runs" / "tint-40.json").read_text())
    assert tinted["runs"][0]["mutation"] == "tint:40"


def test_xdist_workers_and_shards_merge(suite: pytest.Pytester) -> None:
    for shard, xdist in (("1/2", ["-n", "2"]), ("2/2", [])):
        out = f"out{shard[0]}"
        assert main(["--mutations", "blur", "--out", out, "--", "-p", "no:randomly", *xdist, f"--genimg-shard={shard}"]) == 0
    shards = [_matrix(suite.path / f"out{i}") for i in (1, 2)]
    assert sum(m["clean_tests"] for m in shards) == 4  # the shards split the suite
    merged = merge(shards)
    rows = {r["name"]: r for r in merged["mutations"]}
    assert rows["blur"]["status"] == "killed" and rows["blur"]["killed_by"] == ["test_detail.py::test_sharp"]
    assert shards[0]["mutations"][0]["stats"]["outputs"] > 0  # counted in the xdist workers
    assert merged["broken_on_clean"] == ["test_broken.py::test_always_broken"]
    assert "mutation score: 1/1 = 100.0%" in text(merged)


@pytest.mark.parametrize(("argv", "message"), [
    (["--mutations", "blurr"], "mutation: expected one of black, blur"),
    (["--mutations", "blur:0"], r"blur strength: expected a number in [0.1, 20]"),
    (["--", "--genimg-mutate=blur"], "pytest arguments: expected no --genimg-mutate"),
    (["--min-score", "2"], "--min-score: expected a number in [0, 1]"),
])
def test_bad_driver_input(suite: pytest.Pytester, capsys: pytest.CaptureFixture[str], argv: list[str], message: str) -> None:
    assert main(argv) == 2
    assert message in capsys.readouterr().err


def test_a_clean_run_that_cannot_collect_stops_the_mutation_run(suite: pytest.Pytester, capsys: pytest.CaptureFixture[str]) -> None:
    suite.makepyfile(test_syntax="def broken(:\n    pass\n")
    assert main(["--mutations", "blur", "--", "-p", "no:randomly"]) == 3
    assert "the clean run must run the suite (exit code 2)" in capsys.readouterr().err


def test_the_driver_and_the_matrix_never_import_the_heavy_stack(tmp_path: Path) -> None:
    import subprocess
    import sys

    heavy = ("torch", "diffusers", "transformers", "cv2", "mediapipe", "skimage", "scipy")
    code = ("import sys; from pytest_genimg.mutate.__main__ import main; import pytest_genimg.mutate.driver; "
            "main(['list']); main(['merge', 'm.json', 'a.json', 'a.json']); "
            f"print('HEAVY', sorted(m for m in {heavy!r} if m in sys.modules))")
    (tmp_path / "a.json").write_text(json.dumps({"mutations": [], "broken_on_clean": [], "clean_tests": 0}))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, check=True)
    assert "blur " in out.stdout and "HEAVY []" in out.stdout

"""``python -m pytest_genimg mutate`` on bad input: a file given to ``merge`` that is not a kill matrix,
and an output folder that cannot be made, end in one error line (exit 2), never a traceback."""
from __future__ import annotations

import json

import pytest

from pytest_genimg.mutate.__main__ import main


@pytest.mark.parametrize("content", ['[1]', '{"a": 1}', '{"mutations": [{"label": "blur"}]}', '{"mutations": "x"}'])
def test_merge_refuses_a_file_that_is_not_a_kill_matrix(tmp_path, capsys, content) -> None:
    good = tmp_path / "good.json"
    good.write_text(json.dumps({"mutations": [{"label": "blur", "name": "blur", "status": "killed", "killed_by": ["t"]}],
                                "clean_tests": 1}))
    bad = tmp_path / "bad.json"
    bad.write_text(content)
    out = tmp_path / "merged.json"
    assert main(["merge", str(out), str(good), str(bad)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"merge: {bad}: not a kill-matrix.json") and len(err.strip().splitlines()) == 1
    assert not out.exists()


def test_an_output_folder_that_cannot_be_made_is_one_error_line(tmp_path, capsys) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    assert main(["--mutations", "blur", "--out", str(blocker / "out"), "--", "-q", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and str(blocker / "out") in err and len(err.strip().splitlines()) == 1

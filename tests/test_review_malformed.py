"""``review`` and ``accept`` on damaged or hostile inputs (a record holding a NUL, a report JSON of the
wrong shape): each is refused with a message naming the file, never a Python traceback."""
from __future__ import annotations

import hashlib
import io
import json
from pathlib import Path

from pytest_genimg.review.cli import accept_main, review_main


def _record(folder: Path, name: str, **fields: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "x.obtained.png").write_bytes(b"png")
    data = {"format": "pytest-genimg-pending", "version": 1, "nodeid": "t.py::test_a", "kind": "image", "label": name,
            "baseline": "__snapshots__/t/a.png", "obtained": "x.obtained.png",
            "obtained_sha256": hashlib.sha256(b"png").hexdigest(), **fields}
    path = folder / f"{name}.pending.json"
    path.write_text(json.dumps(data))
    return path


def _run(main, *argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_a_record_path_holding_a_nul_is_refused_by_name(tmp_path) -> None:
    results = tmp_path / "results"
    bad_baseline = _record(results / "t", "n1", baseline="__snapshots__/a\x00.png")
    bad_obtained = _record(results / "t", "n2", obtained="x\x00.png")
    good = _record(results / "t", "ok")
    code, out, err = _run(accept_main, "--all", "--results", str(results), "--root", str(tmp_path))
    assert code == 1
    assert f"refused: {bad_baseline}: " in err and "NUL" in err
    assert f"refused: {bad_obtained}: " in err
    assert (tmp_path / "__snapshots__" / "t" / "a.png").read_bytes() == b"png"  # the good one still went in
    assert not good.exists() and bad_baseline.exists() and bad_obtained.exists()


def test_a_report_json_of_the_wrong_shape_is_refused(tmp_path) -> None:
    for tests in ({"a": 1}, [1, {"snapshots": 5}], "x"):
        report = tmp_path / "report.json"
        report.write_text(json.dumps({"format": "pytest-genimg-report", "tests": tests}))
        code, _, err = _run(review_main, str(report), "--list")
        assert code == 2, err
        assert err.startswith(f"error: {report}: ") and "tests" in err

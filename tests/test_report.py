"""The review report: JSON and HTML content of a run with failures, the CI summary, xdist and merging."""
from __future__ import annotations

import json
import re
import shlex

import pytest

from pytest_genimg.report import data as report_data
from pytest_genimg.report.html import render
from pytest_genimg.report.summary import markdown

IMAGES = '''
import numpy as np
from PIL import Image

def picture(seed=0, size=64, flip=False):
    r = np.random.default_rng(seed)
    small = r.uniform(0, 255, (8, 8, 3)).astype(np.uint8)
    img = Image.fromarray(small).resize((size, size), Image.Resampling.BICUBIC)
    return img.transpose(Image.Transpose.FLIP_LEFT_RIGHT) if flip else img
'''

SUITE = '''
import os
import pytest
from PIL import Image
from pictures import picture
from pytest_genimg.checks._base import ItemVerdict, from_items, raise_if_failed, save_artifact
from pytest_genimg.recording import record_generation
from pytest_genimg.snapshot import Metric, lower_is_better

CHANGED = os.environ.get("CHANGED") == "1"

def test_image_ok(image_snapshot):
    record_generation({"prompt": "a red cube", "seed": 42, "model": "sha256:feedface", "params": {"steps": 2}})
    assert image_snapshot == picture(1)

@pytest.mark.parametrize("name", ["plain", "<script>alert('x')</script> it's"])
def test_image_changed(image_snapshot, name):
    assert image_snapshot == picture(2, flip=CHANGED)

def test_large_image(image_snapshot):
    assert image_snapshot == picture(3, size=512, flip=CHANGED)

def test_metric(metric_snapshot):
    cer = 0.09 if CHANGED else 0.04
    assert metric_snapshot(cer=Metric(lower_is_better, abs_tol=0.02)) == {"cer": cer, "vendi": 7.9}

def test_metric_improved(metric_snapshot):
    assert metric_snapshot(cer=Metric(lower_is_better, abs_tol=0.02)) == {"cer": 0.01 if CHANGED else 0.04}

def test_check_with_artifact():
    path = save_artifact(Image.new("RGB", (40, 30), (200, 30, 30)), "ocr-boxes", "OCR boxes #0")
    items = [ItemVerdict("#0 seed=0", False, {"cer": 0.5}, reason="read 'SAEL'", artifact=path),
             ItemVerdict("#1 seed=1", True, {"cer": 0.0})]
    raise_if_failed(from_items("text_legible", items, min_pass_rate=1.0, thresholds={"max_cer": 0.1}))

def test_skipped():
    pytest.skip("needs a GPU")

def test_plain_failure():
    assert 1 + 1 == 3
'''


@pytest.fixture
def suite(pytester, monkeypatch):
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    monkeypatch.delenv("CHANGED", raising=False)
    pytester.makepyfile(pictures=IMAGES, test_suite=SUITE)
    pytester.runpytest("-p", "no:cacheprovider", "--snapshot-update")
    monkeypatch.setenv("CHANGED", "1")
    return pytester


def _report(pytester, *args):
    result = pytester.runpytest("-p", "no:cacheprovider", "--genimg-report=out/report.html",
                                "--genimg-report-json=out/report.json", *args)
    return result, json.loads((pytester.path / "out" / "report.json").read_text())


def test_report_json_content(suite):
    result, data = _report(suite)
    result.assert_outcomes(passed=2, failed=6, skipped=1)
    result.stdout.fnmatch_lines(["*genimg report: */out/report.json", "*genimg report: */out/report.html"])
    assert data["format"] == "pytest-genimg-report"
    report_data.validate(data)  # what merge accepts: every report the plugin writes
    tests = {t["nodeid"]: t for t in data["tests"]}
    outcomes = [t["outcome"] for t in data["tests"]]
    assert outcomes == sorted(outcomes, key=lambda o: report_data.OUTCOME_RANK[o])  # failures first
    assert data["summary"]["outcomes"]["failed"] == 6 and data["summary"]["total"] == 9

    evil = tests["test_suite.py::test_image_changed[<script>alert('x')</script> it's]"]
    snap = evil["snapshots"][0]
    assert snap["status"] == "failed" and snap["metrics"]["phash_distance"] > 8
    assert set(snap["images"]) == {"baseline", "obtained", "diff"}
    assert all(v["uri"].startswith("data:image/png;base64,") for v in snap["images"].values())
    assert snap["obtained"].startswith(".genimg_results/")  # relative to the rootdir
    argv = shlex.split(snap["accept"])  # properly shell-quoted: the exact node id comes back
    assert argv[:3] == ["pytest", evil["nodeid"], "--snapshot-update"]

    big = tests["test_suite.py::test_large_image"]["snapshots"][0]["images"]
    assert big["obtained"]["size"] == [512, 512] and big["obtained"]["uri"].startswith("data:image/jpeg")

    ok = tests["test_suite.py::test_image_ok"]
    assert ok["outcome"] == "passed" and list(ok["snapshots"][0]["images"]) == ["baseline"]
    assert ok["generations"][0]["model"] == "sha256:feedface"

    metric = tests["test_suite.py::test_metric"]["snapshots"][0]
    rows = {r["metric"]: r for r in metric["rows"]}
    assert rows["cer"]["verdict"] == "regressed" and rows["cer"]["baseline"] == 0.04
    improved = tests["test_suite.py::test_metric_improved"]
    assert improved["outcome"] == "passed" and improved["snapshots"][0]["improved"] == ["cer"]

    check = tests["test_suite.py::test_check_with_artifact"]
    assert check["checks"][0]["check"] == "text_legible" and not check["checks"][0]["passed"]
    assert check["artifacts"][0]["label"] == "OCR boxes #0" and check["artifacts"][0]["image"]["size"] == [40, 30]
    assert tests["test_suite.py::test_skipped"]["message"] == "needs a GPU"
    assert "assert (1 + 1) == 3" in tests["test_suite.py::test_plain_failure"]["message"]
    versions = data["runs"][0]["versions"]
    assert versions["pytest-genimg"] and versions["torch"] and "diffusers" in versions


def test_report_html_is_self_contained_and_escaped(suite):
    _report(suite)
    html = (suite.path / "out" / "report.html").read_text()
    assert "<script>alert(" not in html and "&lt;script&gt;alert(" in html  # a hostile id is text
    assert html.count("<script>") == 1  # only the filter's own
    assert "src=\"http" not in html and "href=\"http" not in html  # nothing to fetch: opens from a CI artifact
    assert html.count('class="card bad"') == 6 and 'id=filter-failed' in html
    assert html.index("test_plain_failure") < html.index("test_image_ok")  # failures first
    for text in ("phash distance", "≤ 8", "≥ 0.9", "pytest-genimg", "sha256:feedface", "a red cube", "OCR boxes #0",
                 "lower_is_better", "regressed", "--snapshot-update"):
        assert text in html, text


def test_github_step_summary(suite, monkeypatch):
    summary = suite.path / "summary.md"
    summary.write_text("earlier step\n")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    _report(suite)
    text = summary.read_text()
    assert text.startswith("earlier step\n### pytest-genimg: 6 failed, 2 passed, 1 skipped (9 tests)")
    assert "| ❌ | `test_suite.py::test_metric` | metric snapshot failed\\: cer regressed |" in text
    assert "`test_suite.py::test_image_changed[<script>alert('x')</script> it's]`" in text  # verbatim in code
    assert "<script>" not in re.sub(r"`[^`]*`", "", text) and "Review report: `" in text  # and nowhere else


def test_no_summary_for_a_suite_that_does_not_use_genimg(pytester, monkeypatch):
    summary = pytester.path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    pytester.makepyfile("def test_x():\n    pass\n")
    pytester.runpytest("-p", "no:cacheprovider").assert_outcomes(passed=1)
    assert not summary.exists()


def test_xdist_workers_results_reach_one_report(suite):
    result, data = _report(suite, "-n", "2")
    result.assert_outcomes(passed=2, failed=6, skipped=1)
    _, serial = _report(suite)
    assert _essence(data) == _essence(serial)
    assert len(list((suite.path / "out").iterdir())) == 2  # one HTML, one JSON: written by the controller only


def _essence(data):
    return sorted((t["nodeid"], t["outcome"], json.dumps([(s["status"], s.get("metrics"), s.get("rows")) for s in t["snapshots"]],
                                                         sort_keys=True)) for t in data["tests"])


def test_markdown_escapes_table_cells():
    data = {"summary": {"total": 1, "outcomes": {"failed": 1}}, "tests": [
        {"nodeid": "t.py::test[a|b]", "outcome": "failed", "message": "first | line\nsecond", "snapshots": []}]}
    text = markdown(data)
    assert "| ❌ | `t.py::test[a\\|b]` | first \\| line |" in text


def test_merge_keeps_runs_apart_and_orders_failures_first():
    def report(run_model, *tests):
        return {"format": report_data.FORMAT, "version": 1, "runs": [{"model": run_model}],
                "tests": [{**report_data._new_entry(n), "outcome": o} for n, o in tests]}

    merged = report_data.merge([report("a", ("t::x", "passed"), ("t::y", "failed")), report("b", ("t::z", "failed"))])
    assert [t["nodeid"] for t in merged["tests"]] == ["t::y", "t::z", "t::x"]
    assert [merged["runs"][t["run"]]["model"] for t in merged["tests"]] == ["a", "b", "a"]
    assert merged["summary"]["outcomes"]["failed"] == 2
    assert "t::z" in render(merged)
    with pytest.raises(report_data.ReportFormatError, match="cannot read a report JSON"):
        report_data.load(__file__)


def test_load_rejects_other_json(tmp_path):
    other = tmp_path / "junit.json"
    other.write_text('{"tests": []}')
    with pytest.raises(report_data.ReportFormatError, match="not a pytest-genimg report"):
        report_data.load(other)

"""Metric baselines: directions and tolerances by hand, then regressions, improvements and updates (pytester)."""
from __future__ import annotations

import json

import pytest

from pytest_genimg.checks._base import CheckResult
from pytest_genimg.errors import GenImgUsageError
from pytest_genimg.snapshot import DEFAULT_METRIC, Metric, higher_is_better, lower_is_better, two_sided
from pytest_genimg.snapshot.metric import MetricData, compare_metrics


@pytest.mark.parametrize("spec, value, baseline, verdict", [
    (Metric(lower_is_better, abs_tol=0.02), 0.06, 0.04, "within"),  # exactly at the tolerance
    (Metric(lower_is_better, abs_tol=0.02), 0.07, 0.04, "regressed"),
    (Metric(lower_is_better, abs_tol=0.02), 0.01, 0.04, "improved"),
    (Metric(lower_is_better, abs_tol=0.02), 0.03, 0.04, "within"),
    (Metric(higher_is_better, rel_tol=0.05), 7.6, 7.9, "within"),  # 5% of 7.9 = 0.395
    (Metric(higher_is_better, rel_tol=0.05), 7.5, 7.9, "regressed"),
    (Metric(higher_is_better, rel_tol=0.05), 8.4, 7.9, "improved"),
    (Metric(two_sided, abs_tol=0.1), 1.25, 1.21, "within"),
    (Metric(two_sided, abs_tol=0.1), 1.40, 1.21, "changed"),
    (Metric(two_sided, abs_tol=0.1), 1.00, 1.21, "changed"),
    (Metric("lower", abs_tol=0.1, rel_tol=0.5), 1.4, 1.0, "within"),  # the larger allowance wins: 0.5
    (DEFAULT_METRIC, 104.9, 100.0, "within"),  # default: 5% either way
    (DEFAULT_METRIC, 94.0, 100.0, "changed"),
    (Metric(lower_is_better), 0.0, 0.0, "within"),
    (Metric(lower_is_better), 1e-3, 0.0, "regressed"),  # 5% of zero allows nothing
])
def test_verdicts(spec, value, baseline, verdict):
    assert spec.verdict(value, baseline) == verdict


def test_metric_spec_validation():
    assert Metric("higher_is_better").direction is higher_is_better
    assert Metric("two-sided").direction is two_sided
    with pytest.raises(GenImgUsageError, match="Metric direction: expected higher_is_better"):
        Metric("up")
    with pytest.raises(GenImgUsageError, match="Metric abs_tol: expected a finite number >= 0"):
        Metric(lower_is_better, abs_tol=-1)
    with pytest.raises(GenImgUsageError, match="Metric rel_tol"):
        Metric(lower_is_better, rel_tol=float("nan"))


def test_compare_rows_mark_new_and_removed_metrics():
    rows = {r["metric"]: r for r in compare_metrics({"a": 1.0, "new": 2.0}, {"a": 1.0, "gone": 3.0}, {})}
    assert rows["a"]["verdict"] == "within" and not rows["a"]["failed"]
    assert rows["new"]["verdict"] == "new" and rows["new"]["failed"]
    assert rows["gone"]["verdict"] == "removed" and rows["gone"]["value"] is None


def test_metric_data_inputs():
    result = CheckResult("text", True, metrics={"cer": 0.04, "count": 4, "ok": True, "note": "x", "nan": float("nan")})
    data = MetricData.from_any(result)
    assert data.values == {"cer": 0.04, "count": 4} and data.source == "text"
    assert json.loads(MetricData.from_any({"b": 2, "a": 1.5}).to_json()) == {"a": 1.5, "b": 2}
    for bad, message in [([1, 2], "a mapping of metric names"), ({}, "at least one metric"),
                         ({"a": True}, "metric_snapshot['a']: expected a finite number"),
                         ({"a": float("inf")}, "finite number"), ({1: 2.0}, "non-empty strings")]:
        with pytest.raises(GenImgUsageError, match=message.replace("[", r"\[")):
            MetricData.from_any(bad)


TEST = '''
import json, os
from pytest_genimg.snapshot import Metric, higher_is_better, lower_is_better

def values():
    return json.loads(os.environ.get("METRICS", '{"cer": 0.04, "vendi": 7.9, "latency_p90_s": 1.21}'))

def test_quality(metric_snapshot):
    assert metric_snapshot(cer=Metric(lower_is_better, abs_tol=0.02),
                           vendi=Metric(higher_is_better, rel_tol=0.05)) == values()
'''


@pytest.fixture
def project(pytester, monkeypatch):
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    monkeypatch.delenv("METRICS", raising=False)
    pytester.makepyfile(test_m=TEST)
    return pytester


def _run(pytester, *args):
    return pytester.runpytest("-p", "no:cacheprovider", "-p", "no:randomly", *args)


def _set(monkeypatch, **values):
    base = {"cer": 0.04, "vendi": 7.9, "latency_p90_s": 1.21}
    monkeypatch.setenv("METRICS", json.dumps({**base, **values}))


def test_metric_workflow(project, monkeypatch):
    baseline = project.path / "__snapshots__" / "test_m" / "test_quality.metrics.json"
    result = _run(project)
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*metric snapshot 'test_quality': no baseline yet*", "*cer*0.04*NEW*",
                                 "*baseline: __snapshots__/test_m/test_quality.metrics.json (missing)*"])
    _run(project, "--snapshot-update").assert_outcomes(passed=1)
    assert json.loads(baseline.read_text()) == {"cer": 0.04, "latency_p90_s": 1.21, "vendi": 7.9}
    written = baseline.read_bytes(), baseline.stat().st_mtime_ns

    _set(monkeypatch, cer=0.055, vendi=7.6, latency_p90_s=1.25)  # all within tolerance: no churn on update
    _run(project).assert_outcomes(passed=1)
    _run(project, "--snapshot-update").assert_outcomes(passed=1)
    assert (baseline.read_bytes(), baseline.stat().st_mtime_ns) == written

    _set(monkeypatch, cer=0.07)  # lower_is_better, worse by 0.03 > 0.02
    result = _run(project)
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*1 metric(s) regressed beyond tolerance: cer*",
                                 "*cer*0.07*0.04*+0.03*0.02*lower_is_better*REGRESSED*",
                                 "*accept:   pytest test_m.py::test_quality --snapshot-update*"])
    _set(monkeypatch, vendi=7.4)  # higher_is_better, worse by 0.5 > 5%
    result = _run(project)
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*vendi*7.4*7.9*-0.5*0.395*higher_is_better*REGRESSED*"])
    _set(monkeypatch, latency_p90_s=1.5)  # no spec: two-sided 5%
    result = _run(project)
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*latency_p90_s*1.5*1.21*two_sided*CHANGED*"])

    _set(monkeypatch, cer=0.01, vendi=9.0)  # improvements in both directions pass, and are reported
    result = _run(project, "-rA")
    result.assert_outcomes(passed=1)
    result.stdout.fnmatch_lines(["*2 metric(s) improved beyond tolerance (accept with --snapshot-update):*",
                                 "*test_m.py::test_quality: cer 0.04 -> 0.01*", "*test_m.py::test_quality: vendi 7.9 -> 9*"])
    assert baseline.read_bytes() == written[0]
    _run(project, "--snapshot-update").assert_outcomes(passed=1)  # accepting raises the bar
    assert json.loads(baseline.read_text())["cer"] == 0.01
    _set(monkeypatch, cer=0.04, vendi=9.0)
    _run(project).assert_outcomes(failed=1)  # what used to pass is now a regression


def test_added_and_dropped_metrics_fail_until_accepted(project, monkeypatch):
    _run(project, "--snapshot-update").assert_outcomes(passed=1)
    monkeypatch.setenv("METRICS", json.dumps({"cer": 0.04, "vendi": 7.9, "clip": 0.3}))
    result = _run(project)
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*2 metric(s) new/removed beyond tolerance: clip, latency_p90_s*"])
    _run(project, "--snapshot-update").assert_outcomes(passed=1)
    _run(project).assert_outcomes(passed=1)


def test_check_result_and_bad_specs(project):
    project.makepyfile(test_c='''
        import pytest
        from pytest_genimg.checks._base import CheckResult
        from pytest_genimg.snapshot import Metric, lower_is_better

        def test_result(metric_snapshot):
            result = CheckResult("text_legible", True, metrics={"cer": 0.04, "pass_rate": 1.0})
            assert metric_snapshot(cer=Metric(lower_is_better, abs_tol=0.01)) == result

        def test_typo(metric_snapshot):
            assert metric_snapshot(cre=Metric(lower_is_better)) == {"cer": 0.1}

        def test_not_a_spec(metric_snapshot):
            assert metric_snapshot(cer=0.1) == {"cer": 0.1}

        def test_names(metric_snapshot):
            assert metric_snapshot({"name": "higher_is_better"}, name="custom") == {"name": 3.0}
    ''')
    result = _run(project, "--snapshot-update", "test_c.py")
    result.assert_outcomes(passed=2, failed=2)
    result.stdout.fnmatch_lines([
        "*GenImgUsageError: metric_snapshot(...): expected specs only for asserted metrics (cer), got 'cre'*",
        "*GenImgUsageError: metric_snapshot(cer=...): expected a Metric(...) or a direction*"])
    folder = project.path / "__snapshots__" / "test_c"
    assert json.loads((folder / "test_result.metrics.json").read_text()) == {"cer": 0.04, "pass_rate": 1.0}
    assert (folder / "test_names[custom].metrics.json").is_file()


def test_corrupt_metric_baseline_names_the_file(project):
    _run(project, "--snapshot-update").assert_outcomes(passed=1)
    baseline = project.path / "__snapshots__" / "test_m" / "test_quality.metrics.json"
    baseline.write_text('{"cer": ')
    result = _run(project)
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines([f"*CorruptBaselineError: metric baseline {baseline} is corrupt*"])
    baseline.write_text('["not", "a", "mapping"]')
    _run(project).assert_outcomes(failed=1)
    _run(project, "--snapshot-update").assert_outcomes(passed=1)
    _run(project).assert_outcomes(passed=1)


def test_metric_baselines_per_device_and_as_junit_properties(project, monkeypatch):
    project.makeconftest('''
        import pytest

        @pytest.fixture
        def genimg_snapshot_device():
            return "cuda"
    ''')
    _run(project, "--snapshot-update").assert_outcomes(passed=1)
    assert (project.path / "__snapshots__" / "test_m" / "test_quality.cuda.metrics.json").is_file()
    _set(monkeypatch, cer=0.09)
    _run(project, "--junitxml=out.xml", "-o", "junit_family=xunit1")
    import xml.etree.ElementTree as ET

    props = {p.get("name"): p.get("value") for p in ET.parse(project.path / "out.xml").iter("property")}
    assert props["genimg.metric_snapshot.status"] == "failed"
    assert float(props["genimg.metric_snapshot.cer"]) == 0.09
    assert float(props["genimg.metric_snapshot.cer.baseline"]) == 0.04
    assert props["genimg.metric_snapshot.cer.verdict"] == "regressed"

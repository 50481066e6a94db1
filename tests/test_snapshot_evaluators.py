"""Evaluator versions pinned beside metric baselines, and the distinct ``evaluator changed`` outcome."""
from __future__ import annotations

import json

from _review_suite import cli

EXPLICIT = '''
import os


def test_ocr_score(metric_snapshot):
    assert metric_snapshot(evaluators={"ocr": os.environ["OCR"]}) == {"cer": float(os.environ.get("CER", "0.05"))}
'''

RECORDED = '''
from pathlib import Path
from pytest_genimg.backends.registry import Registry

POSE = Registry("pose")


class Engine:
    name = "fake-pose-1.0"
    model_files = [Path(__file__).parent / "weights.task"]


POSE.register("fake", Engine)


def test_pose_score(metric_snapshot):
    POSE.get("fake")  # what a check does when it runs its engine
    assert metric_snapshot == {"extra_limbs": 0}
'''


def _run(pytester, monkeypatch, *args, **env):
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    return pytester.runpytest("-p", "no:cacheprovider", "-p", "no:randomly", *args)


def test_an_ocr_upgrade_is_evaluator_changed_not_a_regression(pytester, monkeypatch):
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    pytester.makepyfile(test_ocr=EXPLICIT)
    _run(pytester, monkeypatch, "--snapshot-update", OCR="rapidocr-3.10.0").assert_outcomes(passed=1)
    baseline = pytester.path / "__snapshots__" / "test_ocr" / "test_ocr_score.metrics.json"
    assert json.loads(baseline.read_text()) == {"cer": 0.05, "_evaluators": {"ocr": {"engine": "rapidocr-3.10.0"}}}
    _run(pytester, monkeypatch, OCR="rapidocr-3.10.0").assert_outcomes(passed=1)

    result = _run(pytester, monkeypatch, "--genimg-report-json=r.json", OCR="rapidocr-3.11.0")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines([
        "*metric snapshot 'test_ocr_score': evaluator changed since the baseline was written (not a model regression): "
        "ocr: rapidocr-3.10.0 -> rapidocr-3.11.0*",
        "*--genimg-evaluator-changed=warn makes this a warning*"])
    snap = json.loads((pytester.path / "r.json").read_text())["tests"][0]["snapshots"][0]
    assert snap["status"] == "evaluator changed" and snap["evaluators_changed"] == ["ocr: rapidocr-3.10.0 -> rapidocr-3.11.0"]

    warned = _run(pytester, monkeypatch, "--genimg-evaluator-changed=warn", "-W", "always", OCR="rapidocr-3.11.0")
    warned.assert_outcomes(passed=1)
    warned.stdout.fnmatch_lines(["*EvaluatorChangedWarning: metric snapshot 'test_ocr_score': baseline made by other "
                                 "evaluators (ocr: rapidocr-3.10.0 -> rapidocr-3.11.0)*"])

    # A value regression measured by a new engine is a failure that says both.
    both = _run(pytester, monkeypatch, OCR="rapidocr-3.11.0", CER="0.5")
    both.assert_outcomes(failed=1)
    both.stdout.fnmatch_lines(["*1 metric(s) changed beyond tolerance: cer*", "*evaluator changed too: ocr: rapidocr-3.10.0*"])

    # Accepting the pending snapshot pins the new engine.
    _run(pytester, monkeypatch, OCR="rapidocr-3.11.0", CER="0.05").assert_outcomes(failed=1)
    done = cli(pytester, "accept", "--all")
    assert done.returncode == 0, done.stderr
    assert json.loads(baseline.read_text())["_evaluators"] == {"ocr": {"engine": "rapidocr-3.11.0"}}
    _run(pytester, monkeypatch, OCR="rapidocr-3.11.0").assert_outcomes(passed=1)


def test_engines_a_test_used_are_recorded_with_model_file_hashes(pytester, monkeypatch):
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    pytester.makepyfile(test_pose=RECORDED)
    weights = pytester.path / "weights.task"
    weights.write_bytes(b"first weights")
    _run(pytester, monkeypatch, "--snapshot-update").assert_outcomes(passed=1)
    baseline = json.loads((pytester.path / "__snapshots__" / "test_pose" / "test_pose_score.metrics.json").read_text())
    import hashlib

    assert baseline["_evaluators"] == {"pose": {"engine": "fake-pose-1.0",
                                                "models": {"weights.task": hashlib.sha256(b"first weights").hexdigest()}}}
    _run(pytester, monkeypatch).assert_outcomes(passed=1)
    weights.write_bytes(b"retrained weights, same engine version")
    result = _run(pytester, monkeypatch)
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*evaluator changed*pose: fake-pose-1.0, weights.task * -> fake-pose-1.0, weights.task *"])


def test_baselines_without_evaluators_still_compare(pytester, monkeypatch):
    pytester.makepyfile(test_ocr=EXPLICIT)
    folder = pytester.path / "__snapshots__" / "test_ocr"
    folder.mkdir(parents=True)
    (folder / "test_ocr_score.metrics.json").write_text('{"cer": 0.05}\n')
    _run(pytester, monkeypatch, OCR="rapidocr-3.11.0").assert_outcomes(passed=1)


def test_bad_evaluator_option_and_argument(pytester, monkeypatch):
    pytester.makepyfile(test_bad='''
        def test_bad(metric_snapshot):
            assert metric_snapshot(evaluators=["rapidocr"]) == {"cer": 0.1}
    ''')
    result = _run(pytester, monkeypatch, "--genimg-evaluator-changed=maybe")
    result.stderr.fnmatch_lines(["*--genimg-evaluator-changed*expected warn or fail, got 'maybe'*"])
    result = _run(pytester, monkeypatch)
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*GenImgUsageError: metric_snapshot(evaluators=...): expected a mapping of engine kinds*"])

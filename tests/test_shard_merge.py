"""Shards of one suite (--genimg-shard=i/n) merge into the same report as the whole suite run at once."""
from __future__ import annotations

import json
import subprocess
import sys

SUITE = '''
import os
import numpy as np
import pytest
from PIL import Image
from pytest_genimg.checks._base import ItemVerdict, from_items, raise_if_failed

CHANGED = os.environ.get("CHANGED") == "1"

def picture(seed):
    small = np.random.default_rng(seed).uniform(0, 255, (8, 8, 3)).astype(np.uint8)
    return Image.fromarray(small).resize((64, 64), Image.Resampling.BICUBIC)

@pytest.mark.parametrize("seed", range(4))
def test_image(image_snapshot, seed):
    assert image_snapshot == picture(seed + (10 if CHANGED and seed % 2 else 0))

@pytest.mark.parametrize("cer", [0.02, 0.04, 0.06])
def test_metric(metric_snapshot, cer):
    assert metric_snapshot == {"cer": cer * (2 if CHANGED and cer > 0.05 else 1), "n": 4}

def test_check():
    raise_if_failed(from_items("legible", [ItemVerdict("#0", True, {"cer": 0.0}), ItemVerdict("#1", not CHANGED, {"cer": 0.3})],
                               min_pass_rate=1.0))

def test_skip():
    pytest.skip("not here")
'''


def _essence(data: dict) -> list:
    """What must agree: tests, outcomes, metrics, checks and snapshot verdicts (not timings or paths)."""
    out = []
    for t in data["tests"]:
        snaps = [{k: s.get(k) for k in ("kind", "name", "status", "passed", "metrics", "reasons", "rows", "tolerances")}
                 for s in t["snapshots"]]
        checks = [{k: c.get(k) for k in ("check", "passed", "metrics", "thresholds")} for c in t["checks"]]
        out.append({"nodeid": t["nodeid"], "outcome": t["outcome"], "metrics": t["metrics"], "checks": checks,
                    "snapshots": snaps})
    return out


def test_sharded_reports_merge_into_the_unsharded_report(pytester, monkeypatch):
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    monkeypatch.delenv("CHANGED", raising=False)
    pytester.makepyfile(test_sharded=SUITE)
    pytester.runpytest("-p", "no:cacheprovider", "--snapshot-update").assert_outcomes(passed=8, skipped=1)
    monkeypatch.setenv("CHANGED", "1")

    whole = pytester.runpytest("-p", "no:cacheprovider", "--genimg-report-json=whole.json")
    whole.assert_outcomes(passed=4, failed=4, skipped=1)
    ran = []
    for shard in ("1/2", "2/2"):
        name = f"shard{shard[0]}.json"
        result = pytester.runpytest("-p", "no:cacheprovider", f"--genimg-shard={shard}", f"--genimg-report-json={name}")
        ran.append(sum(result.parseoutcomes().get(k, 0) for k in ("passed", "failed", "skipped")))
        assert result.ret in (0, 1)  # no unused-snapshot error: the other shard's baselines are not "unused"
    assert all(ran) and sum(ran) == 9

    merged = subprocess.run(
        [sys.executable, "-m", "pytest_genimg.report", "merge", "shard1.json", "shard2.json",
         "--html", "merged.html", "--json", "merged.json"],
        cwd=pytester.path, capture_output=True, text=True, timeout=120)
    assert merged.returncode == 0, merged.stderr
    assert "9 tests from 2 file(s): 4 failed, 4 passed, 1 skipped" in merged.stdout

    expected = json.loads((pytester.path / "whole.json").read_text())
    combined = json.loads((pytester.path / "merged.json").read_text())
    assert _essence(combined) == _essence(expected)
    assert combined["summary"] == expected["summary"]
    assert [r["shard"] for r in combined["runs"]] == ["1/2", "2/2"]
    page = (pytester.path / "merged.html").read_text()
    assert "shard 1/2" in page and "shard 2/2" in page and page.count("<section") == 9


def test_merge_refuses_files_that_are_not_reports(pytester):
    pytester.path.joinpath("other.json").write_text('{"hello": 1}')
    done = subprocess.run([sys.executable, "-m", "pytest_genimg.report", "merge", "other.json", "--json", "out.json"],
                          cwd=pytester.path, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert "other.json: not a pytest-genimg report" in done.stderr
    assert not (pytester.path / "out.json").exists()

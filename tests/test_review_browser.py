"""The report page's accept / reject toggles, clicked in headless Chromium (Playwright driving Debian's
chromium): the bar's count and command, the downloaded decisions file, and ``accept --decisions`` on it."""
from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from _review_suite import cli, run, setup

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
sync_api = pytest.importorskip("playwright.sync_api", reason="needs Playwright for Python (pip install playwright)")
pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(),
                                reason="needs Debian's chromium (apt-get install chromium; .ci/run installs it)")


@pytest.fixture
def browser():
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        try:
            yield chromium
        finally:
            chromium.close()


def _card(page, nodeid: str):
    return page.locator(f'.decide[data-nodeid="{nodeid}"]')


def test_toggles_command_and_downloaded_decisions(pytester, monkeypatch, browser, tmp_path):
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    setup(pytester)
    run(pytester, monkeypatch, "1", "--snapshot-update").assert_outcomes(passed=3)
    run(pytester, monkeypatch, "2", "--genimg-report=.genimg_results/report.html").assert_outcomes(failed=3)
    report = pytester.path / ".genimg_results" / "report.html"

    page = browser.new_page(accept_downloads=True, viewport={"width": 1280, "height": 1000})
    page.goto(report.as_uri())
    assert page.locator(".decide").count() == 3  # one per failed snapshot card
    assert page.locator("#decide-count").inner_text() == "0 chosen (0 accept, 0 reject)"
    assert page.locator("#decide-command").inner_text() == ""

    _card(page, "test_suite.py::test_cube").locator("button.accept").click()
    _card(page, "test_suite.py::test_fruit").locator("button.accept").click()
    assert page.locator("#decide-count").inner_text() == "2 chosen (2 accept, 0 reject)"
    assert page.locator("#decide-command").inner_text() == (
        "python -m pytest_genimg accept --test test_suite.py::test_cube --test test_suite.py::test_fruit")
    _card(page, "test_suite.py::test_fruit").locator("button.accept").click()  # clicking again takes it back
    _card(page, "test_suite.py::test_fruit").locator("button.reject").click()
    assert page.locator("#decide-count").inner_text() == "2 chosen (1 accept, 1 reject)"
    assert page.locator("#decide-command").inner_text() == "python -m pytest_genimg accept --test test_suite.py::test_cube"
    assert "--decisions" in page.locator("#decide-rejects").inner_text()
    assert _card(page, "test_suite.py::test_fruit").locator("button.reject").get_attribute("aria-pressed") == "true"

    shot = Path(os.environ.get("GENIMG_REVIEW_SCREENSHOT") or tmp_path / "review.png")
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(shot), full_page=False)
    assert shot.stat().st_size > 10_000

    with page.expect_download() as info:
        page.locator("#decide-download").click()
    download = info.value
    assert download.suggested_filename == "genimg-decisions.json"
    saved = tmp_path / "genimg-decisions.json"
    download.save_as(str(saved))
    decisions = json.loads(saved.read_text())
    assert decisions["format"] == "pytest-genimg-decisions" and decisions["version"] == 1
    assert sorted((d["nodeid"], d["label"], d["decision"]) for d in decisions["decisions"]) == [
        ("test_suite.py::test_cube", "image_snapshot", "accept"), ("test_suite.py::test_fruit", "image_snapshot", "reject")]
    assert all(len(d["obtained_sha256"]) == 64 for d in decisions["decisions"])
    page.close()

    done = cli(pytester, "accept", "--decisions", str(saved))
    assert done.returncode == 0, done.stderr
    assert "wrote: __snapshots__/test_suite/test_cube.png" in done.stdout and "rejected: " in done.stdout
    result = run(pytester, monkeypatch, "2")
    result.assert_outcomes(passed=1, failed=2)
    result.stdout.fnmatch_lines(["FAILED test_suite.py::test_fruit*", "FAILED test_suite.py::test_score*"])


def test_decisions_for_a_changed_obtained_file_are_refused(pytester, monkeypatch, browser, tmp_path):
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    setup(pytester)
    run(pytester, monkeypatch, "1", "--snapshot-update").assert_outcomes(passed=3)
    run(pytester, monkeypatch, "2", "--genimg-report=.genimg_results/report.html").assert_outcomes(failed=3)
    page = browser.new_page(accept_downloads=True)
    page.goto((pytester.path / ".genimg_results" / "report.html").as_uri())
    _card(page, "test_suite.py::test_score").locator("button.accept").click()
    with page.expect_download() as info:
        page.locator("#decide-download").click()
    saved = tmp_path / "d.json"
    info.value.save_as(str(saved))
    page.close()
    # A later run (model v3) replaced the pending snapshot the decision was made on.
    run(pytester, monkeypatch, "3").assert_outcomes(failed=3)
    done = cli(pytester, "accept", "--decisions", str(saved))
    assert done.returncode == 1 and "a later run replaced it" in done.stderr
    assert "metric_snapshot.obtained.metrics.json: hash" in done.stderr

"""The report next to hostile inputs and the tools users combine it with: crafted JSON given to merge,
listing commands, pytest-rerunfailures, JUnit's xunit2 schema and GitHub-flavoured Markdown."""
from __future__ import annotations

import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest
from PIL import ImageFont

from pytest_genimg.report import data as report_data
from pytest_genimg.report.html import render
from pytest_genimg.report.summary import markdown

SUITE = '''
import pathlib
import numpy as np
from PIL import Image
from pytest_genimg.checks._base import CheckResult, finish
from pytest_genimg.recording import record_generation

def picture(seed):
    return Image.fromarray(np.random.default_rng(seed).integers(0, 255, (8, 8, 3), dtype=np.uint8)).resize((32, 32))

def test_flaky(image_snapshot, metric_snapshot):
    record_generation({"prompt": "a cube", "seed": 1, "model": "ab" * 32, "model_spec": "tiny-sd",
                       "model_source": "built-in", "params": {"steps": 4, "size": [64, 64]}})
    finish(CheckResult("latency", True, metrics={"p90_s": 0.5}, notes=["samples vary by more than 15%"]))
    assert image_snapshot == picture(1)
    assert metric_snapshot == {"v": 1.0}
    marker = pathlib.Path("attempted")
    first = not marker.exists()
    marker.write_text("1")
    assert not first, "fails on the first attempt only"
'''


def _run(pytester, *args):
    return pytester.runpytest("-p", "no:cacheprovider", "-p", "no:randomly", *args)


@pytest.fixture
def suite(pytester, monkeypatch):
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    pytester.makepyfile(test_suite=SUITE)
    return pytester


# -- 4. merge validates what it loads and escapes what it renders -----------------------------
def _valid(**test_fields):
    return {"format": report_data.FORMAT, "version": 1, "runs": [{"model": "m", "id": 0}],
            "tests": [{**report_data._new_entry("t.py::test_x"), "outcome": "passed", **test_fields}]}


def _merge(tmp_path, data, *extra):
    path = tmp_path / "in.json"
    path.write_text(data if isinstance(data, str) else json.dumps(data))
    return subprocess.run([sys.executable, "-m", "pytest_genimg.report", "merge", str(path), "--html",
                           str(tmp_path / "out.html"), *extra], capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("fields, where", [
    ({"duration_s": "<script>alert(1)</script>"}, "tests[0].duration_s: expected a finite number >= 0"),
    ({"outcome": "<b>ok</b>"}, "tests[0].outcome: expected one of failed"),
    ({"run": "0"}, "tests[0].run: expected a count"),
    ({"snapshots": [{"kind": "image", "images": {"baseline": {"uri": "javascript:alert(1)", "size": [1, 1]}}}]},
     "tests[0].snapshots[0].images: expected an object of {uri"),
    ({"snapshots": [{"kind": "metric", "rows": [{"metric": "cer", "value": "1<2"}]}]},
     "tests[0].snapshots[0].rows[0].value: expected a number or null"),
    ({"checks": [{"check": "x", "notes": "not a list"}]}, "tests[0].checks[0].notes: expected a list of strings"),
    ({"artifacts": [{"label": 3}]}, "tests[0].artifacts[0].label: expected a string"),
    ({"generations": [{"prompt": "p", "seed": "1"}]}, "tests[0].generations[0].seed: expected an integer or null"),
    ({"nodeid": ["x"]}, "tests[0].nodeid: expected a string"),
])
def test_merge_rejects_each_malformed_field_in_one_line(tmp_path, fields, where):
    done = _merge(tmp_path, _valid(**fields))
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and where in lines[0], done.stderr
    assert "Traceback" not in done.stderr and not (tmp_path / "out.html").exists()


@pytest.mark.parametrize("content", ["[" * 100_000, '{"format": "pytest-genimg-report", "version": "1", "tests": []}',
                                     '{"format": "pytest-genimg-report", "tests": [], "runs": {"a": 1}}',
                                     '{"format": "pytest-genimg-report", "tests": [1]}', "\udcff"])
def test_merge_of_unreadable_files_ends_in_one_error_line(tmp_path, content):
    path = tmp_path / "in.json"
    path.write_bytes(content.encode("utf-8", "surrogateescape"))
    done = subprocess.run([sys.executable, "-m", "pytest_genimg.report", "merge", str(path), "--json", str(tmp_path / "o.json")],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and done.stderr.startswith("error: ") and len(done.stderr.strip().splitlines()) == 1, done.stderr


def test_merge_fills_the_optional_fields_a_test_entry_leaves_out(tmp_path):
    # the schema lets a test give only its node id and outcome; merge used to die on KeyError: 'snapshots'
    data = {"format": report_data.FORMAT, "version": 1, "tests": [{"nodeid": "t.py::test_x", "outcome": "failed"}]}
    done = _merge(tmp_path, data, "--json", str(tmp_path / "out.json"))
    assert done.returncode == 0, done.stderr
    merged = json.loads((tmp_path / "out.json").read_text())
    assert merged["summary"]["outcomes"]["failed"] == 1 and merged["tests"][0]["snapshots"] == []
    assert "t.py::test_x" in (tmp_path / "out.html").read_text()


def test_merged_html_escapes_every_field(tmp_path):
    evil = "<script>alert(1)</script>"
    data = _valid(nodeid=evil, message=evil, checks=[{"check": evil, "passed": True, "headline": evil,
                                                      "metrics": {evil: evil}, "notes": [evil]}],
                  generations=[{"prompt": evil, "seed": 1, "model": evil, "model_spec": evil, "model_source": evil,
                                "params": {evil: evil}}],
                  artifacts=[{"label": evil, "path": evil, "kind": "image", "image": None}],
                  metrics={evil: evil})
    data["runs"][0].update(machine=evil, shard=evil, started=evil, versions={evil: evil})
    assert _merge(tmp_path, data).returncode == 0
    html = (tmp_path / "out.html").read_text()
    assert html.count("<script>") == 1 and "&lt;script&gt;" in html  # only the page's own filter script


def test_render_escapes_even_unvalidated_numbers():
    html = render({"summary": {"total": "<i>1</i>", "outcomes": {"passed": "<i>2</i>"}},
                   "runs": [{"id": "<i>3</i>"}], "tests": [{"nodeid": "t", "outcome": "passed", "duration_s": "<i>4</i>",
                                                             "reruns": "<i>5</i>"}]})
    assert "<i>" not in html


# -- 6. listing commands write no report --------------------------------------------------------
@pytest.mark.parametrize("listing", ["--collect-only", "--fixtures-per-test", "--fixtures"])
def test_listing_commands_write_no_report_and_no_step_summary(suite, monkeypatch, listing):
    summary = suite.path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    result = _run(suite, listing, "--genimg-report=report.html", "--genimg-report-json=report.json")
    assert result.ret == 0
    assert not (suite.path / "report.html").exists() and not (suite.path / "report.json").exists()
    assert not summary.exists()
    _run(suite, "--genimg-report=report.html", "--snapshot-update")  # a run that ran tests still writes it
    assert (suite.path / "report.html").is_file() and summary.is_file()


# -- 8. pytest-rerunfailures: the last attempt, said to be rerun --------------------------------
def _syrupy_counts(stdout: str) -> dict[str, int]:
    line = next(x for x in stdout.splitlines() if re.match(r"^\d+ snapshots? \w+\.", x))
    return {status: int(n) for n, status in re.findall(r"(\d+) snapshots? (\w+)\.", line)}


def test_a_rerun_test_keeps_its_last_attempt(suite):
    pytest.importorskip("pytest_rerunfailures")
    _run(suite, "--snapshot-update", "-p", "no:rerunfailures")  # writes the baselines (and fails once)
    (suite.path / "attempted").unlink()
    result = _run(suite, "--reruns", "1", "--genimg-report-json=r.json", "--genimg-report=r.html", "--junitxml=j.xml",
                  "-o", "junit_family=xunit1")
    assert result.parseoutcomes() == {"passed": 1, "rerun": 1}
    data = json.loads((suite.path / "r.json").read_text())
    test = data["tests"][0]
    assert test["outcome"] == "passed" and test["reruns"] == 1 and test["message"] == ""
    assert len(test["checks"]) == 1 and len(test["snapshots"]) == 2 and len(test["generations"]) == 1
    assert data["summary"]["snapshots"] == {"matched": 2}
    assert _syrupy_counts(result.stdout.str()) == {"passed": 2}  # syrupy's own count agrees
    assert "rerun 1×" in (suite.path / "r.html").read_text()
    for case in ET.parse(suite.path / "j.xml").iter("testcase"):  # each attempt: its own properties only
        junit = [p.get("name") for p in case.iter("property")]
        assert len(junit) == len(set(junit)) == 9, junit


# -- 9. JUnit: xunit2 has no <properties> in <testcase> -----------------------------------------
def test_junit_xunit2_stays_valid_and_warns_once(suite):
    suite.makepyfile(test_more='''
        from pytest_genimg.checks._base import CheckResult, finish

        def test_a():
            finish(CheckResult("c", True, metrics={"m": 1.0}))

        def test_b():
            finish(CheckResult("c", True, metrics={"m": 2.0}))
    ''')
    result = _run(suite, "test_more.py", "--junitxml=x2.xml")
    result.assert_outcomes(passed=2)
    assert not list(ET.parse(suite.path / "x2.xml").getroot().iter("properties"))
    assert result.stdout.str().count("leaves its per-test figures out of the JUnit XML") == 1
    result.stdout.fnmatch_lines(["*junit_family 'xunit2'*set junit_family = xunit1*"])
    result = _run(suite, "test_more.py", "--junitxml=x2n.xml", "-n", "2")  # workers send no properties either
    result.assert_outcomes(passed=2)
    assert not list(ET.parse(suite.path / "x2n.xml").getroot().iter("properties"))
    result = _run(suite, "test_more.py", "--junitxml=x1.xml", "-o", "junit_family=xunit1")
    props = {p.get("name"): p.get("value") for p in ET.parse(suite.path / "x1.xml").iter("property")}
    assert props["genimg.c.m"] in ("1.0", "2.0") and "leaves its per-test figures" not in result.stdout.str()


# -- 10. the step summary renders ids verbatim --------------------------------------------------
HOSTILE_IDS = ["t.py::test[<b>x</b>]", "t.py::test[a\\b]", "t.py::test[`x`]", "t.py::test[a|b\\|c]",
               "t.py::test[``y]", "`lead", "t.py::test[*em* _u_ &amp; [l](u) :smile: $x$]"]


def test_step_summary_renders_ids_and_reasons_verbatim_in_gfm():
    cmarkgfm = pytest.importorskip("cmarkgfm")
    from html import unescape

    data = {"summary": {"outcomes": {"failed": len(HOSTILE_IDS)}, "total": len(HOSTILE_IDS)},
            "tests": [{"nodeid": i, "outcome": "failed", "message": i} for i in HOSTILE_IDS]}
    out = cmarkgfm.github_flavored_markdown_to_html(markdown(data, "out/a|b`c.html"))
    cells = re.findall(r"<td>(.*?)</td>", out)
    codes = [unescape(c) for c in re.findall(r"<td><code>(.*?)</code></td>", out)]
    assert codes == HOSTILE_IDS
    reasons = [unescape(c) for c in cells if not c.startswith("<code>") and c not in ("❌",)]
    assert reasons == HOSTILE_IDS  # the "why" column (here the message) is plain text, verbatim too
    assert "<code>out/a|b`c.html</code>" in out


def test_step_summary_says_a_baseline_is_missing_in_words():
    data = {"summary": {"outcomes": {"failed": 1}, "total": 1}, "tests": [
        {"nodeid": "t.py::test_x", "outcome": "failed", "message": "",
         "snapshots": [{"kind": "image", "status": "missing", "name": "test_x"}]}]}
    text = markdown(data)
    assert "missing: missing" not in text and "image snapshot has no baseline yet \\(test\\_x\\)" in text


# -- 7. the HTML card: parameters, model, notes, and whole OCR captions --------------------------
def test_card_shows_parameters_model_and_notes_of_a_passing_check(suite):
    _run(suite, "--snapshot-update", "--genimg-report=r.html")
    html = (suite.path / "r.html").read_text()
    assert "<b>parameters</b> steps=4, size=64×64" in html
    assert "<code>tiny-sd</code> (built-in) · fingerprint" in html and ">abababababab</code>" in html
    assert "note: samples vary by more than 15%" in html  # the check passed; its note still shows
    empty = render({"tests": [{"nodeid": "t", "outcome": "passed", "generations": [{"prompt": "p", "params": {}}]}]})
    assert "<b>parameters</b> the model&#x27;s own defaults" in empty


def test_ocr_artifact_caption_is_wrapped_not_cut():
    from PIL import Image

    from pytest_genimg.checks._text_reading import TextReading, draw_reading, wrap_to_width

    title = "#3 seed=3: read 'OPFN 24/7' (CER 0.111 > 0.1 allowed; 1 edit(s) of 9 characters) " + "x" * 80 + " end"
    font = ImageFont.load_default(size=14)
    lines = wrap_to_width(title, font, 248)
    assert "".join(lines).replace(" ", "") == title.replace(" ", "") and lines[-1].endswith("end")
    assert all(font.getlength(line) <= 248 for line in lines) and len(lines) > 2
    drawn = draw_reading(Image.new("RGB", (64, 64)), TextReading((), (), ""), title)
    assert drawn.size == (256, 256 + 5 + 17 * len(lines))

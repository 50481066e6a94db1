"""The comparison workflow through pytest (pytester, built-in tiny-sd on CPU): the genimg_baseline
fixture (skip, error under --genimg-require-baseline, marker, vacuous warning), a degraded candidate
failing assert_no_regression, and distribution_snapshot: write, other seeds pass, degraded fails."""
from __future__ import annotations

import json

import pytest

from pytest_genimg.compare.summary import Summary

FACTORY = '''
from PIL import ImageFilter

class Blurred:
    fingerprint = "blurred tiny-sd"

    def __init__(self):
        from pytest_genimg.models.sources import load_model
        self.model = load_model("tiny-sd", device="cpu", dtype="float32", lazy=True)

    def generate(self, prompt, *, seed, steps=None, size=None, guidance=None, **kwargs):
        import torch
        d = self.model.defaults
        w, h = size or d["size"]
        image = self.model.obj(prompt, num_inference_steps=steps or d["steps"], width=w, height=h,
                               guidance_scale=d["guidance"] if guidance is None else guidance,
                               generator=torch.Generator("cpu").manual_seed(seed), **d["extra"]).images[0]
        return image.filter(ImageFilter.GaussianBlur(2))

def blurred():
    return Blurred()
'''

TEST = '''
import os, warnings
import pytest
from pytest_genimg import assert_no_regression
from pytest_genimg.checks.detail import measure_detail

SEED0 = int(os.environ.get("SEED0", "0"))

def test_distribution(genimg, distribution_snapshot):
    assert distribution_snapshot == genimg.generate("a red cube", seeds=range(SEED0, SEED0 + 16))

@pytest.mark.genimg(steps=3)
def test_regression(genimg, genimg_baseline):
    assert genimg_baseline.params().steps == genimg.params().steps == 3
    c = genimg.generate("a red cube", seeds=range(12))
    b = genimg_baseline.generate("a red cube", seeds=range(12))
    assert_no_regression(measure_detail(c), measure_detail(b), metrics=["passed", "blur"],
                         candidate_images=c, baseline_images=b)
'''


@pytest.fixture
def project(pytester, monkeypatch):
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    monkeypatch.delenv("SEED0", raising=False)
    pytester.makepyfile(degrade=FACTORY, test_cmp=TEST)
    pytester.syspathinsert()
    return pytester


def _run(pytester, *args):
    return pytester.runpytest("-p", "no:cacheprovider", "-p", "no:randomly", *args)


def test_baseline_fixture_skips_or_errors_without_a_baseline_model(project):
    _run(project, "-k", "regression", "-rs").stdout.fnmatch_lines(["*no baseline model configured: set --genimg-baseline-model=SPEC*"])
    result = _run(project, "-k", "regression", "--genimg-require-baseline")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*--genimg-require-baseline forbids skipping*"])


def test_degraded_candidate_fails_and_the_same_model_warns_vacuous(project):
    result = _run(project, "-k", "regression", "--genimg-model=degrade:blurred", "--genimg-baseline-model=tiny-sd",
                  f"--genimg-report-json={project.path / 'r.json'}", f"--genimg-report={project.path / 'r.html'}")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*regression[[]detail[]] failed*", "*passed*REGRESSED*", "*flipped pass -> fail (12 pair(s)*",
                                 "*FAIL seed=0:*", "*artifact: baseline *flip-seed=0-baseline.png | candidate *flip-seed=0-candidate.png*"])
    data = json.loads((project.path / "r.json").read_text())
    assert data["runs"][0]["baseline_model"] == "tiny-sd"
    comparison = next(c["comparison"] for c in data["tests"][0]["checks"] if "comparison" in c)
    assert len(comparison["pairs"]) == 12 and comparison["pairs"][0]["candidate_image"]["uri"].startswith("data:image/png")
    assert comparison["models"]["candidate"] != comparison["models"]["baseline"]
    html = (project.path / "r.html").read_text()
    assert "model vs model" in html and html.count("<div class=pair>") == 12 and "REGRESSED" in html
    assert comparison["models"]["baseline"][0][:16] in html and "<code>tiny-sd</code>" in html
    same = _run(project, "-k", "regression", "--genimg-baseline-model=tiny-sd", "-W", "error::pytest_genimg.VacuousComparisonWarning")
    same.assert_outcomes(errors=1)
    same.stdout.fnmatch_lines(["*same fingerprint as the model under test*vacuous*"])


def test_distribution_snapshot_workflow(project, monkeypatch):
    baseline = project.path / "__snapshots__" / "test_cmp" / "test_distribution.distribution.json"
    first = _run(project, "-k", "distribution")
    first.assert_outcomes(failed=1)
    first.stdout.fnmatch_lines(["*distribution snapshot 'test_distribution': no baseline yet*"])
    _run(project, "-k", "distribution", "--snapshot-update").assert_outcomes(passed=1)
    summary = Summary.from_json(baseline.read_text())
    assert summary.count == 16 and summary.features == "phash256" and len(baseline.read_bytes()) < 3000
    monkeypatch.setenv("SEED0", "500")  # other seeds of the same model: the same distribution
    _run(project, "-k", "distribution").assert_outcomes(passed=1)
    written = baseline.read_bytes()
    _run(project, "-k", "distribution", "--snapshot-update").assert_outcomes(passed=1)
    assert baseline.read_bytes() == written  # a matching set is not rewritten
    result = _run(project, "-k", "distribution", "--genimg-model=degrade:blurred")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*differ from the baseline set beyond noise on*blur*", "*blur*CHANGED*",
                                 "*Gaussian kernel, bandwidth*median pairwise*", "*Holm-adjusted*"])
    _run(project, "-k", "distribution", "--genimg-model=degrade:blurred", "--snapshot-update").assert_outcomes(passed=1)
    assert baseline.read_bytes() != written


@pytest.mark.parametrize(("marker", "cli", "ini", "expected"), [
    (None, None, None, "None default"), (None, None, "ini-model", "ini-model ini"),
    (None, "cli-model", "ini-model", "cli-model command line"), ("mark-model", "cli-model", "ini-model", "mark-model marker"),
])
def test_baseline_model_precedence(pytester, marker, cli, ini, expected):
    pytester.makepyfile(f'''
import pytest
from pytest_genimg.fixtures import effective_settings

{"@pytest.mark.genimg(baseline_model=%r)" % marker if marker else ""}
def test_value(request):
    s = effective_settings(request)
    print("VALUE", s.baseline_model, s.sources.get("baseline_model"))
''')
    if ini:
        pytester.makeini(f"[pytest]\ngenimg_baseline_model = {ini}\ngenimg_require_baseline = true\n")
    result = pytester.runpytest("-s", "-p", "no:cacheprovider", *([f"--genimg-baseline-model={cli}"] if cli else []))
    result.assert_outcomes(passed=1)
    result.stdout.fnmatch_lines([f"*VALUE {expected}"])

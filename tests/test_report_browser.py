"""Open a real report in headless Chromium: every image loads, and 'failed only' hides passing cards."""
from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(),
                                reason="needs Debian's chromium (apt-get install chromium; .ci/run installs it)")

SUITE = '''
import os
import numpy as np
import pytest
from PIL import Image

def picture(seed, size=64):
    small = np.random.default_rng(seed).uniform(0, 255, (8, 8, 3)).astype(np.uint8)
    return Image.fromarray(small).resize((size, size), Image.Resampling.BICUBIC)

CHANGED = os.environ.get("CHANGED") == "1"

@pytest.mark.parametrize("size", [64, 512])
def test_changed(image_snapshot, size):
    assert image_snapshot == picture(2 if CHANGED else 1, size)

def test_same(image_snapshot):
    assert image_snapshot == picture(5)

def test_metric(metric_snapshot):
    assert metric_snapshot == {"cer": 0.2 if CHANGED else 0.04}

def test_plain():
    pass

def test_skipped():
    pytest.skip("no GPU here")
'''

PROBE = """<script>
window.addEventListener('load', function () {
  var images = Array.prototype.slice.call(document.images);
  var broken = images.filter(function (i) { return !(i.complete && i.naturalWidth > 0); }).map(function (i) { return i.alt; });
  var cards = Array.prototype.slice.call(document.querySelectorAll('.card'));
  function shown() { return cards.filter(function (c) { return getComputedStyle(c).display !== 'none'; })
                                 .map(function (c) { return c.getAttribute('data-outcome'); }); }
  var all = shown();
  document.getElementById('filter-failed').click();
  var failedOnly = shown();
  document.getElementById('filter-all').click();
  var out = document.createElement('pre');
  out.id = 'probe';
  out.textContent = JSON.stringify({images: images.length, broken: broken, all: all, failedOnly: failedOnly, back: shown().length});
  document.body.appendChild(out);
});
</script></body>"""


def chromium(*args: str, profile: Path) -> subprocess.CompletedProcess:
    command = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={profile}", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=180)


def test_report_renders_in_a_browser(pytester, monkeypatch, tmp_path):
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    monkeypatch.delenv("CHANGED", raising=False)
    pytester.makepyfile(test_browser=SUITE)
    pytester.runpytest("-p", "no:cacheprovider", "--snapshot-update").assert_outcomes(passed=5, skipped=1)
    monkeypatch.setenv("CHANGED", "1")
    report = pytester.path / "report.html"
    pytester.runpytest("-p", "no:cacheprovider", f"--genimg-report={report}").assert_outcomes(passed=2, failed=3, skipped=1)

    probed = tmp_path / "probed.html"  # the report plus a probe script; the report itself is untouched
    probed.write_text(report.read_text(encoding="utf-8").replace("</body>", PROBE, 1), encoding="utf-8")
    done = chromium("--virtual-time-budget=10000", "--dump-dom", probed.as_uri(), profile=tmp_path / "profile")
    found = re.search(r'<pre id="probe">(.*?)</pre>', done.stdout, re.S)
    assert found, f"no probe output from chromium (rc={done.returncode}): {done.stderr[-2000:]}"
    result = json.loads(html.unescape(found.group(1)))

    assert result["images"] == 2 * 3 + 1  # baseline | obtained | diff of both failing images, the passing baseline
    assert result["broken"] == []
    assert sorted(result["all"]) == ["failed", "failed", "failed", "passed", "passed", "skipped"]
    assert result["failedOnly"] == ["failed", "failed", "failed"]
    assert result["back"] == 6

    shot = tmp_path / "report.png"
    chromium("--hide-scrollbars", "--window-size=1280,1600", f"--screenshot={shot}", report.as_uri(), profile=tmp_path / "profile")
    assert shot.is_file() and shot.stat().st_size > 10_000

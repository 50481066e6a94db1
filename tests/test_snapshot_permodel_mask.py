"""Per-model baselines (--genimg-snapshot-per-model) and masked regions in image snapshots."""
from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from _review_suite import run, setup
from pytest_genimg.errors import GenImgUsageError
from pytest_genimg.metrics.mask import apply_mask, grey_masked, mask_array
from pytest_genimg.snapshot.permodel import model_dirname


def _files(root):
    return sorted(str(p.relative_to(root)) for p in (root / "__snapshots__").rglob("*") if p.is_file())


def test_two_models_keep_their_baselines_side_by_side(pytester, monkeypatch):
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    setup(pytester)
    pytester.makeini("[pytest]\ngenimg_model = toy_model:make\ngenimg_snapshot_per_model = true\n")
    first = model_dirname("toy_model:make")
    other = model_dirname("toy_model:make_other")
    run(pytester, monkeypatch, "1", "--snapshot-update").assert_outcomes(passed=3)
    mine = _files(pytester.path)
    assert mine == [f"__snapshots__/test_suite/{first}/{n}" for n in ("test_cube.png", "test_fruit.png", "test_score.metrics.json")]
    # A full --snapshot-update run of another model writes its own set and deletes nothing.
    result = run(pytester, monkeypatch, "1", "--snapshot-update", "--genimg-model=toy_model:make_other")
    result.assert_outcomes(passed=3)
    assert "deleted" not in result.stdout.str()
    both = _files(pytester.path)
    assert set(mine) < set(both) and len(both) == 6 and all(f"/{other}/" in f for f in set(both) - set(mine))
    # Each model compares with its own baselines; the other's are not "unused" (no --snapshot-warn-unused).
    run(pytester, monkeypatch, "1").assert_outcomes(passed=3)
    run(pytester, monkeypatch, "1", "--genimg-model=toy_model:make_other").assert_outcomes(passed=3)
    run(pytester, monkeypatch, "1", "--snapshot-update").assert_outcomes(passed=3)
    assert _files(pytester.path) == both
    # Without the option, the shared layout is used and the per-model folders are left alone.
    result = run(pytester, monkeypatch, "1", "-o", "genimg_snapshot_per_model=false")
    result.assert_outcomes(failed=3)
    result.stdout.fnmatch_lines(["*no baseline yet*"])
    assert _files(pytester.path) == both


def test_per_model_baselines_under_xdist(pytester, monkeypatch):
    pytest.importorskip("xdist")
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    setup(pytester)
    pytester.makeini("[pytest]\ngenimg_model = toy_model:make\ngenimg_snapshot_per_model = true\n")
    run(pytester, monkeypatch, "1", "--snapshot-update").assert_outcomes(passed=3)
    run(pytester, monkeypatch, "1", "--snapshot-update", "--genimg-model=toy_model:make_other").assert_outcomes(passed=3)
    files = _files(pytester.path)
    assert len(files) == 6
    # The controller re-imports the per-model extensions by name to judge (and delete) unused baselines.
    result = run(pytester, monkeypatch, "1", "-n", "2", "--snapshot-update", "--genimg-model=toy_model:make_other")
    result.assert_outcomes(passed=3)
    assert result.ret == 0 and _files(pytester.path) == files


def test_model_folder_names_are_readable_and_distinct():
    specs = ["tiny-sd", "Tiny-SD", "tiny_sd", "/models/sd-turbo", "/other/models/sd-turbo", "stabilityai/sd-turbo",
             "pkg.mod:factory", "pkg.mod.factory", "..", "a/../b", "C:\\models\\x"]
    names = [model_dirname(s) for s in specs]
    assert len({n.lower() for n in names}) == len(specs)  # distinct even on a case-blind disk
    assert names[0] == "tiny-sd" and names[2] == "tiny_sd"
    assert names[3].startswith("models_sd-turbo-") and names[5].startswith("stabilityai_sd-turbo-")
    assert all(n and "/" not in n and "\\" not in n and not n.startswith(".") for n in names)


CORNER_SUITE = '''
import os


def test_corner_hidden(genimg, image_snapshot):
    assert image_snapshot(mask=[(0.75, 0, 1, 0.25)]) == genimg.generate("a clock on the wall", seed=4)


def test_corner_hidden_in_pixels(genimg, image_snapshot):
    assert image_snapshot(mask=(48, 0, 64, 16)) == genimg.generate("a clock on the wall", seed=4)


def test_corner_seen(genimg, image_snapshot):
    assert image_snapshot == genimg.generate("a clock on the wall", seed=4)


def test_mask_elsewhere(genimg, image_snapshot):
    assert image_snapshot(mask=[(0, 0.5, 0.5, 1)]) == genimg.generate("a clock on the wall", seed=4)
'''


def test_a_mask_hides_a_changed_corner(pytester, monkeypatch):
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    setup(pytester)
    pytester.makepyfile(test_corner=CORNER_SUITE)
    run(pytester, monkeypatch, "1", "test_corner.py", "--snapshot-update").assert_outcomes(passed=4)
    result = run(pytester, monkeypatch, "corner", "test_corner.py", "--genimg-report-json=r.json")
    result.assert_outcomes(passed=2, failed=2)
    result.stdout.fnmatch_lines(["FAILED test_corner.py::test_corner_seen*", "FAILED test_corner.py::test_mask_elsewhere*"])
    # The diff heat-map of the failing masked test shows its mask grey; the changed corner glows.
    diff = next(p for p in (pytester.path / ".genimg_results").rglob("image_snapshot.diff.png") if "elsewhere" in str(p))
    pixels = np.asarray(Image.open(diff).convert("RGB")).astype(int)
    masked = pixels[40:64, 0:24]
    assert set(map(tuple, masked.reshape(-1, 3))) <= {(128, 128, 128), (96, 96, 96)}
    assert pixels[:16, 48:].mean() > 150  # the changed corner, not masked here
    import json

    snaps = {t["nodeid"]: t["snapshots"][0] for t in json.loads((pytester.path / "r.json").read_text())["tests"]}
    assert snaps["test_corner.py::test_mask_elsewhere"]["mask"] == {"pixels": 32 * 32, "fraction": 0.25}
    assert snaps["test_corner.py::test_corner_hidden"]["status"] == "matched"


def test_bad_masks_name_the_argument():
    with pytest.raises(GenImgUsageError, match=r"mask: expected a box \(x0, y0, x1, y1\)"):
        mask_array("corner", (64, 64))
    with pytest.raises(GenImgUsageError, match="x1 > x0"):
        mask_array((10, 0, 5, 5), (64, 64))
    with pytest.raises(GenImgUsageError, match="overlap the 64x64 image"):
        mask_array((100, 100, 120, 120), (64, 64))
    with pytest.raises(GenImgUsageError, match="a mask of the image's size 64x64"):
        mask_array(np.zeros((32, 32), bool), (64, 64))


def test_mask_kinds_agree():
    size = (40, 20)
    fractions = mask_array((0.5, 0.0, 1.0, 0.5), size)
    pixels = mask_array((20, 0, 40, 10), size)
    image = Image.fromarray(pixels.astype(np.uint8) * 255, "L")
    assert np.array_equal(fractions, pixels) and np.array_equal(mask_array(image, size), pixels)
    assert pixels.sum() == 20 * 10 and pixels[:10, 20:].all()
    assert mask_array([(0, 0, 1, 1)], size).sum() == 1  # integers are pixels, even 0 and 1
    base = Image.new("RGB", size, (10, 20, 30))
    obtained = Image.new("RGB", size, (200, 0, 0))
    mixed = np.asarray(apply_mask(base, obtained, pixels))
    assert (mixed[:10, 20:] == (10, 20, 30)).all() and (mixed[10:, :] == (200, 0, 0)).all()
    greyed = np.asarray(grey_masked(obtained, pixels))
    assert (greyed[15, 5] == (200, 0, 0)).all() and tuple(greyed[0, 21]) in {(128, 128, 128), (96, 96, 96)}


DISTRIBUTION_TEST = """
import numpy as np
import pytest
from PIL import Image

def _images(level):
    rng = np.random.default_rng(0)
    return [Image.fromarray(np.clip(rng.normal(level, 30, (32, 32, 3)), 0, 255).astype("uint8")) for _ in range(12)]

@pytest.mark.genimg(model="model-a")
def test_a(distribution_snapshot):
    assert distribution_snapshot == _images(60)

@pytest.mark.genimg(model="model-b")
def test_b(distribution_snapshot):
    assert distribution_snapshot == _images(200)
"""


def test_distribution_baselines_are_kept_per_model_too(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_dist=DISTRIBUTION_TEST)
    args = ("-p", "no:randomly", "-p", "no:cacheprovider", "--genimg-snapshot-per-model")
    pytester.runpytest(*args, "--snapshot-update").assert_outcomes(passed=2)
    folder = pytester.path / "__snapshots__" / "test_dist"
    assert sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*.json")) == [
        "model-a/test_a.distribution.json", "model-b/test_b.distribution.json"]
    pytester.runpytest(*args).assert_outcomes(passed=2)

"""Image snapshots: the pure comparison metrics, input handling, and the whole baseline workflow (pytester)."""
from __future__ import annotations

import io
import re
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from pytest_genimg.errors import GenImgUsageError
from pytest_genimg.metrics.compare import (
    color_shift,
    compare_images,
    diff_heatmap,
    luma_ssim,
    ssim_reduction,
    phash_signature,
    stable_phash_distance,
)
from pytest_genimg.snapshot.image import ImageData, Tolerance

# Synthetic "generated" images and the perturbations the workflow tests apply; written into each
# pytester project as a helper module, and imported here for the unit tests.
HELPER = '''
import io
import numpy as np
from PIL import Image, ImageDraw, ImageFilter


def scene(size=64, seed=0):
    """A smooth gradient with soft coloured shapes and a little texture, like a generated picture."""
    r = np.random.default_rng(seed)
    a = np.linspace(0, 1, size)
    base = np.stack([np.outer(a, np.ones(size)) * r.uniform(60, 200), np.outer(np.ones(size), a) * r.uniform(60, 200),
                     np.full((size, size), r.uniform(40, 200))], -1)
    img = Image.fromarray(base.astype(np.uint8))
    draw = ImageDraw.Draw(img)
    for _ in range(6):
        x, y = r.integers(0, size, 2)
        w, h = r.integers(size // 6, size // 2, 2)
        draw.ellipse([int(x), int(y), int(x + w), int(y + h)], fill=tuple(int(v) for v in r.integers(0, 255, 3)))
    img = img.filter(ImageFilter.GaussianBlur(max(1, size // 128)))
    texture = r.normal(0, 6, (size, size, 3))
    return Image.fromarray(np.clip(np.asarray(img) + texture, 0, 255).astype(np.uint8))


def perturb(img, kind, seed=1):
    a = np.asarray(img).astype(np.float64)
    r = np.random.default_rng(seed)
    if kind == "same":
        return img
    if kind == "noise3":  # Gaussian noise of sigma 3/255
        return Image.fromarray(np.clip(np.round(a + r.normal(0, 3, a.shape)), 0, 255).astype(np.uint8))
    if kind == "jpeg90":
        buf = io.BytesIO()
        img.save(buf, "JPEG", quality=90)
        return Image.open(io.BytesIO(buf.getvalue())).convert("RGB")
    if kind == "batch":  # the batch-vs-single drift measured on GPUs: about 1/255 (0.0034 in [0, 1])
        return Image.fromarray(np.clip(np.round(a + r.uniform(-0.0034, 0.0034, a.shape) * 255), 0, 255).astype(np.uint8))
    if kind == "next_seed":
        return scene(img.size[0], seed=99)
    if kind == "mirror":
        return img.transpose(Image.Transpose.FLIP_LEFT_RIGHT)
    if kind == "tint":  # a colour shift: warmer by 24 levels
        return Image.fromarray(np.clip(a + np.array([24, 0, -24]), 0, 255).astype(np.uint8))
    raise KeyError(kind)
'''
_ns: dict = {}
exec(HELPER, _ns)  # noqa: S102 - the same helper the pytester projects import
scene, perturb = _ns["scene"], _ns["perturb"]

PASSING = ("noise3", "jpeg90", "batch")
FAILING = ("next_seed", "mirror", "tint")


# -- pure metrics -----------------------------------------------------------------------------
def test_phash_bits_are_imagehashs():
    import imagehash

    img = scene(128, 3)
    bits, coef = phash_signature(img.convert("L"))
    assert (bits == imagehash.phash(img).hash).all()
    assert (bits == (coef > 0)).all()


def test_stable_phash_ignores_noise_on_flat_images_that_flips_plain_phash():
    import imagehash

    flat = Image.new("L", (64, 64), 128)
    noisy = Image.fromarray((128 + np.random.default_rng(0).integers(-1, 2, (64, 64))).astype(np.uint8))
    assert imagehash.phash(flat) - imagehash.phash(noisy) > 20  # plain phash: coin flips on near-median bits
    assert stable_phash_distance(flat, noisy) == 0
    other = scene(64, 5).convert("L")
    assert stable_phash_distance(scene(64, 4).convert("L"), other) > 16


def test_color_shift_is_the_largest_cell_mean_change():
    a = np.full((64, 64, 3), 100, np.uint8)
    b = a.copy()
    b[:16, :16, 0] = 160  # one 16x16 cell (of a 4x4 grid) gets 60 levels more red
    assert color_shift(Image.fromarray(a), Image.fromarray(b)) == 60.0
    assert color_shift(Image.fromarray(a), Image.fromarray(a)) == 0.0
    wide = Image.new("RGB", (200, 40), (10, 20, 30))
    assert color_shift(wide, Image.new("RGB", (200, 40), (10, 20, 42))) == 12.0  # 8x2 cells of 25x20 px


def _skimage_ssim(a: Image.Image, b: Image.Image) -> float:
    from skimage.metrics import structural_similarity

    return structural_similarity(np.asarray(a, np.float32), np.asarray(b, np.float32), data_range=255.0)


@pytest.mark.parametrize("size", [64, 700, 1024])
def test_ssim_is_scikit_images_at_full_resolution_up_to_1024_px(size):
    from PIL import ImageFilter

    # The case that went unnoticed at the old 256 px reduction: a 700 px image blurred at sigma 0.5
    # scored 0.979 there and 0.868 at full resolution.
    a = scene(size, 1).convert("L")
    b = a.filter(ImageFilter.GaussianBlur(0.5))
    assert luma_ssim(a, b) == pytest.approx(_skimage_ssim(a, b), abs=1e-6)
    assert luma_ssim(a, a) == pytest.approx(1.0)
    tiny = Image.new("L", (2, 2))
    assert luma_ssim(tiny, tiny) == 1.0


def test_ssim_above_1024_px_is_scikit_images_on_the_box_averaged_copy():
    a = scene(64, 2).convert("L").resize((1500, 300))  # 1500 px: reduced by 2 to 750 x 150
    b = perturb(a.convert("RGB"), "noise3").convert("L")
    assert ssim_reduction(a.size) == 2 and ssim_reduction((1024, 1024)) == 1 and ssim_reduction((2049, 8)) == 3
    assert luma_ssim(a, b) == pytest.approx(_skimage_ssim(a.reduce(2), b.reduce(2)), abs=1e-6)


@pytest.mark.parametrize("size", [64, 512])
def test_default_tolerance_separates_noise_from_real_changes(size):
    base = scene(size, 0)
    tol = Tolerance()
    for kind in PASSING:
        other = perturb(base, kind)
        assert not tol.failures(compare_images(base, other), base, other), kind
    for kind in FAILING:
        other = perturb(base, kind)
        assert tol.failures(compare_images(base, other), base, other), kind


def test_compare_reports_size_and_mode_changes():
    base = scene(64, 0)
    bigger = base.resize((72, 64))
    cmp = compare_images(base, bigger)
    assert cmp.ssim is None and cmp.color_shift is None and not cmp.same_size
    assert "size changed from 64x64 to 72x64" in Tolerance().failures(cmp, base, bigger)
    rgba = base.convert("RGBA")
    cmp = compare_images(base, rgba)
    assert cmp.identical  # same pixels once composited...
    assert Tolerance().failures(cmp, base, rgba) == ["mode changed from RGB to RGBA"]  # ...but a different output


def test_phash_boundary_a_distance_equal_to_the_maximum_passes():
    from pytest_genimg.snapshot.image import ImageSnapshotExtension

    base = scene(64, 0)
    other = perturb(base, "mirror")
    distance = compare_images(base, other).phash_distance
    assert distance >= 2  # a real, known distance to put the boundary on
    ext = ImageSnapshotExtension()
    loose = {"min_ssim": -1.0, "max_color_shift": 255.0}  # only the phash can decide here
    for max_distance, matches in [(distance, True), (distance - 1, False), (distance + 1, True)]:
        ext.tolerance = Tolerance(max_distance=max_distance, **loose)
        assert ext.matches(serialized_data=ImageData(other), snapshot_data=ImageData(base).png()) is matches, max_distance
        assert ext.reasons == ([] if matches else [f"phash distance {distance} > {max_distance}"])


def test_diff_heatmap_is_dim_where_equal_and_bright_where_changed():
    a = np.full((32, 32, 3), 120, np.uint8)
    b = a.copy()
    b[8:16, 8:16] = 250
    heat = np.asarray(diff_heatmap(Image.fromarray(a), Image.fromarray(b)))
    assert heat.shape == (32, 32, 3)
    assert heat[0, 0].max() <= 40  # unchanged: a dimmed grey copy of the baseline
    assert heat[10, 10].max() >= 200
    assert np.asarray(diff_heatmap(Image.fromarray(a), Image.fromarray(b).resize((40, 40)))).shape == (32, 32, 3)


# -- inputs -----------------------------------------------------------------------------------
def test_image_data_accepts_every_documented_type():
    import torch

    from pytest_genimg.generated import GeneratedImage

    rgb = np.asarray(scene(16, 0))
    cases = {
        "pil-rgb": (Image.fromarray(rgb), "RGB"),
        "pil-l": (Image.fromarray(rgb).convert("L"), "L"),
        "pil-rgba": (Image.fromarray(rgb).convert("RGBA"), "RGBA"),
        "generated": (GeneratedImage(Image.fromarray(rgb), prompt="a cube", seed=3), "RGB"),
        "uint8-hw": (rgb[..., 0], "L"),
        "float": (rgb / 255.0, "RGB"),
        "float-rgba": (np.dstack([rgb / 255.0, np.ones((16, 16))]), "RGBA"),
        "torch-chw": (torch.from_numpy(rgb / 255.0).permute(2, 0, 1), "RGB"),
        "torch-hwc": (torch.from_numpy(rgb.copy()), "RGB"),
    }
    for name, (obj, mode) in cases.items():
        data = ImageData.from_any(obj)
        assert data.image.mode == mode, name
        assert data.image.size == (16, 16), name
    assert np.array_equal(np.asarray(ImageData.from_any(cases["torch-chw"][0]).image), rgb)
    assert ImageData.from_any(cases["generated"][0]).source["seed"] == 3


@pytest.mark.parametrize("bad, expected", [
    ("a string", "image_snapshot: expected one image"),
    ([Image.new("RGB", (4, 4))], "image_snapshot: expected one image"),
    (np.zeros((2, 8, 8, 3), np.uint8), "not a batch"),
    (np.full((8, 8, 3), 1.5), "float pixels in [0, 1]"),
    (np.zeros((8, 8, 2), np.uint8), "shape HxW, HxWx1, HxWx3 or HxWx4"),
    (Image.new("CMYK", (4, 4)), "PIL image in mode CMYK"),
    (object(), "image_snapshot: expected"),
])
def test_image_data_rejects_other_inputs_precisely(bad, expected):
    with pytest.raises(GenImgUsageError) as err:
        ImageData.from_any(bad)
    assert expected in str(err.value)


def test_png_encoding_is_deterministic_and_round_trips_the_mode():
    img = scene(32, 2).convert("RGBA")
    one, two = ImageData.from_any(img).png(), ImageData.from_any(img.copy()).png()
    assert one == two
    assert Image.open(io.BytesIO(one)).mode == "RGBA"


def test_snapshot_names_are_safe_and_distinct():
    from pytest_genimg.snapshot._common import snapshot_stem

    class Loc:
        def __init__(self, testname, classname=None):
            self.testname, self.classname = testname, classname

    hostile = ["../../x", "a/b", "a\\b", "a_b", "x\x00y", "two\nlines", "\U0001f600" * 300, "..", ".", "<b>"]
    stems = [snapshot_stem(Loc(f"test_x[{h}]")) for h in hostile]
    assert len(set(stems)) == len(stems)
    for stem in stems:
        assert "/" not in stem and "\\" not in stem and "\x00" not in stem and "\n" not in stem
        assert stem.startswith("test_x[") and len(stem.encode()) < 200
    assert snapshot_stem(Loc("test_x[a-1]"), "big") == "test_x[a-1][big]"
    assert re.fullmatch(r"TestA\.test_y-[0-9a-f]{10}\.2", snapshot_stem(Loc("test_y", "TestA"), 2))  # upper case: hashed


# -- the workflow, end to end ----------------------------------------------------------------
WORKFLOW = '''
import os
import pytest
from genimg_images import scene, perturb

@pytest.mark.parametrize("size", [64, 512])
def test_picture(image_snapshot, size):
    assert image_snapshot == perturb(scene(size), os.environ.get("VARIANT", "same"))
'''


@pytest.fixture
def project(pytester, monkeypatch):
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    pytester.makepyfile(genimg_images=HELPER)
    return pytester


def _run(pytester, *args):
    return pytester.runpytest("-p", "no:cacheprovider", "-p", "no:randomly", *args)


def _stamp(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(folder.iterdir())}


def test_baseline_workflow(project, monkeypatch):
    project.makepyfile(test_pics=WORKFLOW)
    snaps = project.path / "__snapshots__" / "test_pics"

    result = _run(project)  # no baseline: fails, naming where it would be
    result.assert_outcomes(failed=2)
    result.stdout.fnmatch_lines(["*no baseline yet (64x64 RGB image obtained)*",
                                 "*baseline: __snapshots__/test_pics/test_picture[[]64].png (missing)*",
                                 "*write it: pytest 'test_pics.py::test_picture[[]64]' --snapshot-update*"])
    assert not snaps.exists()

    _run(project, "--snapshot-update").assert_outcomes(passed=2)
    assert sorted(p.name for p in snaps.iterdir()) == ["test_picture[512].png", "test_picture[64].png"]
    _run(project).assert_outcomes(passed=2)

    before = _stamp(snaps)
    for kind in PASSING:  # small perturbations match: --snapshot-update leaves those baselines alone
        monkeypatch.setenv("VARIANT", kind)
        _run(project, "--snapshot-update").assert_outcomes(passed=2)
        assert _stamp(snaps) == before, kind
    _run(project).assert_outcomes(passed=2)  # the last of them (batch drift) also passes a plain run

    results = project.path / ".genimg_results"
    for kind in FAILING:
        monkeypatch.setenv("VARIANT", kind)
        result = _run(project)
        result.assert_outcomes(failed=2)
        result.stdout.fnmatch_lines(["*differs from its baseline beyond tolerance*", "*phash distance*(max 8)*",
                                     "*SSIM*(min 0.9)*", "*colour shift*(max 12 levels)*", "*obtained: .genimg_results/*",
                                     "*diff:     .genimg_results/*", "*accept:   pytest*--snapshot-update*"])
        produced = sorted(p.name for p in results.rglob("*.png"))
        assert produced.count("image_snapshot.obtained.png") == 2 and produced.count("image_snapshot.diff.png") == 2
        assert not list(snaps.glob("*obtained*")) and not list(snaps.glob("*diff*"))  # never beside the baselines
    monkeypatch.setenv("VARIANT", "tint")
    _run(project, "--snapshot-update").assert_outcomes(passed=2)
    assert _stamp(snaps) != before  # a real change is accepted explicitly
    _run(project).assert_outcomes(passed=2)


def test_tolerance_per_call_and_per_project(project, monkeypatch):
    project.makepyfile(test_tol='''
        import os
        from genimg_images import scene, perturb

        def test_strict(image_snapshot):
            assert image_snapshot(min_ssim=0.999) == perturb(scene(), os.environ.get("VARIANT", "same"))

        def test_loose(image_snapshot):
            assert image_snapshot(max_distance=64, min_ssim=-1, max_color_shift=255) == perturb(scene(), os.environ.get("VARIANT", "same"))

        def test_default(image_snapshot):
            assert image_snapshot == perturb(scene(), os.environ.get("VARIANT", "same"))
    ''')
    _run(project, "--snapshot-update").assert_outcomes(passed=3)
    monkeypatch.setenv("VARIANT", "noise3")
    result = _run(project)
    result.assert_outcomes(passed=2, failed=1)
    result.stdout.fnmatch_lines(["*test_strict*SSIM 0.9* < 0.999*"])
    monkeypatch.setenv("VARIANT", "mirror")
    _run(project).assert_outcomes(passed=1, failed=2)
    monkeypatch.setenv("VARIANT", "noise3")
    project.makeini("[pytest]\ngenimg_snapshot_min_ssim = 0.999\n")
    _run(project).assert_outcomes(passed=1, failed=2)  # strict and default: the ini made the default strict
    _run(project, "--genimg-snapshot-min-ssim=0.5").assert_outcomes(passed=2, failed=1)  # command line > ini


def test_bad_input_is_an_error_naming_the_argument(project):
    project.makepyfile(test_bad='''
        import numpy as np

        def test_text(image_snapshot):
            assert image_snapshot == "not an image"

        def test_batch(image_snapshot):
            assert image_snapshot == np.zeros((4, 8, 8, 3), np.uint8)

        def test_tolerance(image_snapshot):
            assert image_snapshot(min_ssim=2) == np.zeros((8, 8), np.uint8)
    ''')
    result = _run(project, "--snapshot-update")
    result.assert_outcomes(failed=3)
    result.stdout.fnmatch_lines(["*GenImgUsageError: image_snapshot: expected one image*",
                                 "*GenImgUsageError: image_snapshot: expected one image (a 2-D or 3-D array, not a batch)*",
                                 "*GenImgUsageError: min_ssim: expected a number in [[]-1, 1], got 2*"])
    assert not (project.path / "__snapshots__").exists()


def test_every_input_type_round_trips_through_a_baseline(project):
    project.makepyfile(test_types='''
        import numpy as np, pytest, torch
        from PIL import Image
        from pytest_genimg import GeneratedImage
        from genimg_images import scene

        RGB = np.asarray(scene(32))
        CASES = {
            "pil": Image.fromarray(RGB), "gray": Image.fromarray(RGB).convert("L"),
            "rgba": Image.fromarray(RGB).convert("RGBA"), "generated": GeneratedImage(Image.fromarray(RGB), "p", 1),
            "uint8": RGB, "float": RGB / 255.0, "chw": torch.from_numpy(RGB / 255.0).permute(2, 0, 1),
            "hwc": torch.from_numpy(RGB.copy()),
        }

        @pytest.mark.parametrize("kind", CASES)
        def test_kind(image_snapshot, kind):
            assert image_snapshot == CASES[kind]
    ''')
    _run(project, "--snapshot-update").assert_outcomes(passed=8)
    _run(project).assert_outcomes(passed=8)
    folder = project.path / "__snapshots__" / "test_types"
    assert Image.open(folder / "test_kind[gray].png").mode == "L"
    assert Image.open(folder / "test_kind[rgba].png").mode == "RGBA"


def test_unused_baselines_are_reported_as_syrupy_does(project):
    project.makepyfile(test_unused='''
        from genimg_images import scene

        def test_one(image_snapshot):
            assert image_snapshot == scene(seed=1)

        def test_two(image_snapshot):
            assert image_snapshot == scene(seed=2)
    ''')
    _run(project, "--snapshot-update").assert_outcomes(passed=2)
    project.makepyfile(test_unused='''
        from genimg_images import scene

        def test_one(image_snapshot):
            assert image_snapshot == scene(seed=1)
    ''')
    result = _run(project)
    result.stdout.fnmatch_lines(["*1 snapshot passed. 1 snapshot unused.*"])
    assert result.ret != 0
    _run(project, "--snapshot-warn-unused").assert_outcomes(passed=1)
    result = _run(project, "--snapshot-update")
    result.stdout.fnmatch_lines(["*1 unused snapshot deleted.*"])
    assert [p.name for p in (project.path / "__snapshots__" / "test_unused").iterdir()] == ["test_one.png"]


def test_per_device_baselines_are_picked_by_device(project, monkeypatch):
    project.makeconftest('''
        import os, pytest

        @pytest.fixture
        def genimg_snapshot_device(request):
            return os.environ.get("FAKE_DEVICE") if request.config.getoption("genimg_snapshot_per_device") else None
    ''')
    project.makepyfile(test_dev='''
        import os
        from genimg_images import scene

        def test_render(image_snapshot):
            # the same seed gives other pixels on other hardware: here, another picture per device
            assert image_snapshot == scene(seed={"cpu": 1, "cuda": 2}.get(os.environ.get("FAKE_DEVICE"), 3))
    ''')
    folder = project.path / "__snapshots__" / "test_dev"
    monkeypatch.setenv("FAKE_DEVICE", "cpu")
    _run(project, "--genimg-snapshot-per-device", "--snapshot-update").assert_outcomes(passed=1)
    monkeypatch.setenv("FAKE_DEVICE", "cuda")
    result = _run(project, "--genimg-snapshot-per-device")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*__snapshots__/test_dev/test_render.cuda.png (missing)*",
                                 "*write it: pytest test_dev.py::test_render --snapshot-update --genimg-snapshot-per-device"])
    _run(project, "--genimg-snapshot-per-device", "--snapshot-update").assert_outcomes(passed=1)
    assert sorted(p.name for p in folder.iterdir()) == ["test_render.cpu.png", "test_render.cuda.png"]
    for device in ("cpu", "cuda"):  # each device matches its own baseline; the other is neither used nor unused
        monkeypatch.setenv("FAKE_DEVICE", device)
        result = _run(project, "--genimg-snapshot-per-device")
        result.assert_outcomes(passed=1)
        assert result.ret == 0 and "unused" not in result.stdout.str()
        _run(project, "--genimg-snapshot-per-device", "--snapshot-update").assert_outcomes(passed=1)
        assert len(list(folder.iterdir())) == 2
    monkeypatch.delenv("FAKE_DEVICE")
    _run(project).assert_outcomes(failed=1)  # shared baselines are separate files again
    _run(project, "--snapshot-update").assert_outcomes(passed=1)
    assert sorted(p.name for p in folder.iterdir()) == ["test_render.cpu.png", "test_render.cuda.png", "test_render.png"]


def test_per_device_uses_the_resolved_device(project):
    project.makepyfile(test_real='''
        from genimg_images import scene

        def test_render(image_snapshot):
            assert image_snapshot == scene()
    ''')
    _run(project, "--genimg-snapshot-per-device", "--genimg-device=cpu", "--snapshot-update").assert_outcomes(passed=1)
    assert (project.path / "__snapshots__" / "test_real" / "test_render.cpu.png").is_file()


HOSTILE = ["../../escape", "a/b", "a\\\\b", "a_b", "nul\\x00byte", "two\\nlines", "\\U0001f600" * 300,
           "..", "<script>alert(1)</script>", "C:\\\\windows"]


def test_hostile_test_ids_stay_inside_their_folders(project):
    project.makeini("[pytest]\ndisable_test_id_escaping_and_forfeit_all_rights_to_community_support = true\n")
    project.makepyfile(test_evil=f'''
        import pytest
        from genimg_images import scene

        IDS = [{", ".join(f'"{h}"' for h in HOSTILE)}]

        @pytest.mark.parametrize("i", range(len(IDS)), ids=IDS)
        def test_evil(image_snapshot, metric_snapshot, i):
            assert image_snapshot == scene(seed=i)
            assert image_snapshot(name="../" + IDS[i]) == scene(seed=i)
            assert metric_snapshot == {{"value": float(i)}}
    ''')
    result = _run(project)
    result.assert_outcomes(failed=len(HOSTILE))
    results = (project.path / ".genimg_results").resolve()
    obtained = [p for p in results.rglob("*") if p.is_file()]
    # One obtained image and one pending record per test (the first failure stops the test), nothing outside.
    assert sorted(p.name for p in obtained) == sorted(["image_snapshot.obtained.png", "image_snapshot.pending.json"] * len(HOSTILE))
    assert all(p.resolve().is_relative_to(results) for p in obtained)
    _run(project, "--snapshot-update").assert_outcomes(passed=len(HOSTILE))
    snaps = (project.path / "__snapshots__").resolve()
    written = [p for p in project.path.rglob("*") if p.is_file() and p.suffix in (".png", ".json") and "genimg_results" not in str(p)]
    assert len(written) == 3 * len(HOSTILE)  # no two tests share (or overwrite) a baseline
    assert all(p.resolve().parent == snaps / "test_evil" for p in written)
    _run(project).assert_outcomes(passed=len(HOSTILE))


def test_corrupt_baseline_fails_that_test_only(project):
    project.makepyfile(test_corrupt='''
        from genimg_images import scene

        def test_a(image_snapshot):
            assert image_snapshot == scene(seed=1)

        def test_b(image_snapshot):
            assert image_snapshot == scene(seed=2)
    ''')
    _run(project, "--snapshot-update").assert_outcomes(passed=2)
    broken = project.path / "__snapshots__" / "test_corrupt" / "test_a.png"
    broken.write_bytes(b"\x89PNG\r\n\x1a\n not really")
    result = _run(project)
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines([f"*CorruptBaselineError: baseline {broken} is not a readable PNG*--snapshot-update*"])
    _run(project, "--snapshot-update").assert_outcomes(passed=2)
    _run(project).assert_outcomes(passed=2)


def test_junit_properties_carry_the_comparison(project, monkeypatch):
    project.makepyfile(test_junit=WORKFLOW)
    _run(project, "--snapshot-update")
    monkeypatch.setenv("VARIANT", "mirror")
    _run(project, "--junitxml=out.xml", "-o", "junit_family=xunit1", "-k", "64")
    import xml.etree.ElementTree as ET

    props = {p.get("name"): p.get("value") for p in ET.parse(project.path / "out.xml").iter("property")}
    assert props["genimg.image_snapshot.status"] == "failed"
    assert int(props["genimg.image_snapshot.phash_distance"]) > 8
    assert 0 <= float(props["genimg.image_snapshot.ssim"]) < 0.9


@pytest.mark.slow
def test_snapshot_of_a_tiny_sd_generation(project, genimg):
    # The baseline comes from this process's tiny-sd; the pytester run generates the same request again.
    baseline = genimg.generate("a red cube on a table", seed=42)
    folder = project.path / "__snapshots__" / "test_model"
    folder.mkdir(parents=True)
    (folder / "test_cube.png").write_bytes(ImageData.from_any(baseline).png())
    (folder / "test_next_seed.png").write_bytes(ImageData.from_any(baseline).png())
    project.makepyfile(test_model='''
        def test_cube(genimg, image_snapshot):
            assert image_snapshot == genimg.generate("a red cube on a table", seed=42)

        def test_next_seed(genimg, image_snapshot):
            assert image_snapshot == genimg.generate("a red cube on a table", seed=43)
    ''')
    result = _run(project, "--genimg-no-cache")
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(["*test_next_seed*differs from its baseline beyond tolerance*"])


def test_fixture_on_the_right(project):
    project.makepyfile(test_right='''
        import numpy as np
        from PIL import Image

        def test_pil(image_snapshot):
            assert Image.new("RGB", (8, 8)) == image_snapshot

        def test_array(image_snapshot):
            assert np.zeros((8, 8, 3), np.uint8) == image_snapshot  # numpy defers to the snapshot
    ''')
    result = _run(project, "--snapshot-update")
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(["*the snapshot never saw the value: write the fixture on the left*"])

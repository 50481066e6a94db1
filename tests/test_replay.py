"""Record and replay: --genimg-record-mode none/all/new, provenance, and a replay without diffusers."""
from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pytest

from pytest_genimg.models.loaded import LoadedModel
from pytest_genimg.replay import RecordStore, replay_key

SUITE = """
import numpy as np
import pytest
from pytest_genimg.checks.validity import assert_valid_output

def test_images_are_valid(genimg):
    images = genimg.generate("a red cube", seeds=range(2))
    assert_valid_output(images)
    np.save("pixels.npy", np.stack([np.asarray(i.image) for i in images]))

def test_seeds_differ(genimg):
    a, b = genimg.generate("a blue ball", seeds=[3, 4])
    assert np.abs(np.asarray(a.image, dtype=int) - np.asarray(b.image, dtype=int)).mean() > 1

def test_timed_needs_the_model(genimg):
    genimg.generate("a red cube", seed=0, cache=False)

def test_pipeline_object(genimg_pipeline):
    assert callable(genimg_pipeline)

@pytest.mark.xfail(strict=True, raises=AssertionError, reason="a known limitation, replayed like the rest")
def test_known_limitation(genimg):
    image = genimg.generate("a red cube", seed=1)
    assert image.size == (512, 512)
"""

# Any attempt to import diffusers (or transformers) is written down and refused.
BLOCKER = """
import os, sys

class _Refuse:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("diffusers", "transformers"):
            with open(os.environ["IMPORT_LOG"], "a") as fh:
                fh.write(name + "\\n")
            raise ImportError(f"{name} is made unimportable for this test")
        return None

if os.environ.get("IMPORT_LOG"):
    sys.meta_path.insert(0, _Refuse())
"""


def outcomes(junit: Path) -> dict[str, str]:
    found = {}
    for case in ET.parse(junit).getroot().iter("testcase"):
        kinds = [child.tag for child in case if child.tag in ("failure", "error", "skipped")]
        found[case.get("name")] = kinds[0] if kinds else "passed"
    return found


def properties(junit: Path, test: str) -> dict[str, str]:
    for case in ET.parse(junit).getroot().iter("testcase"):
        if case.get("name") == test:
            return {p.get("name"): p.get("value") for p in case.iter("property")}
    raise KeyError(test)


def test_a_replay_without_diffusers_gives_the_recorded_outcomes(pytester: pytest.Pytester,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    pytester.makepyfile(test_suite=SUITE)
    pytester.makeconftest(BLOCKER)
    common = ("-p", "no:randomly", "-p", "no:cacheprovider", "--genimg-cache-dir=cache", "-rs")
    recorded = pytester.runpytest_subprocess(*common, "--genimg-record-mode=new", "--junitxml=rec.xml", "-o", "junit_family=xunit1")
    recorded.assert_outcomes(passed=4, xfailed=1)
    pixels = np.load(pytester.path / "pixels.npy")

    log = pytester.path / "imports.log"
    monkeypatch.setenv("IMPORT_LOG", str(log))
    replayed = pytester.runpytest_subprocess(*common, "--genimg-record-mode=none", "--junitxml=rep.xml", "-o", "junit_family=xunit1",
                                             "--genimg-report-json=rep.json")
    replayed.assert_outcomes(passed=2, skipped=2, xfailed=1)
    assert not log.exists()  # diffusers was never even imported
    assert np.array_equal(np.load(pytester.path / "pixels.npy"), pixels)

    before, after = outcomes(pytester.path / "rec.xml"), outcomes(pytester.path / "rep.xml")
    live = {"test_timed_needs_the_model", "test_pipeline_object"}
    assert {t: o for t, o in after.items() if t not in live} == {t: o for t, o in before.items() if t not in live}
    assert {after[t] for t in live} == {"skipped"}
    replayed.stdout.fnmatch_lines(["*needs the live model, and --genimg-record-mode=none never loads it*"])

    junit = properties(pytester.path / "rep.xml", "test_images_are_valid")
    assert junit["genimg.replayed"].startswith("recorded on cpu (float32), torch ")
    report = json.loads((pytester.path / "rep.json").read_text())
    gens = next(t for t in report["tests"] if t["nodeid"].endswith("test_images_are_valid"))["generations"]
    assert len(gens) == 2 and all(g["replayed"]["device"] == "cpu" and g["cached"] for g in gens)


def test_replay_only_with_no_store_fails_once_at_start(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_suite=SUITE)
    result = pytester.runpytest("-p", "no:cacheprovider", "--genimg-record-mode=none", "--genimg-cache-dir=empty")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    errors = [line for line in result.stderr.lines if "no recorded store" in line]
    assert len(errors) == 1 and "python -m pytest_genimg.cache import DIR" in errors[0]
    result.stdout.no_fnmatch_line("*passed*")


def test_an_unrecorded_generation_fails_with_what_is_missing_and_how_to_record(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_suite=SUITE)
    common = ("-p", "no:randomly", "-p", "no:cacheprovider", "--genimg-cache-dir=cache")
    pytester.runpytest(*common, "--genimg-record-mode=new", "-k", "valid").assert_outcomes(passed=1)
    result = pytester.runpytest(*common, "--genimg-record-mode=none", "-k", "differ")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines([
        "*not recorded for model tiny-sd*prompt 'a blue ball' seeds [[]3, 4[]] with parameters*'steps': 4*"
        "pytest test_suite.py::test_seeds_differ --genimg-record-mode=new*",
    ])


def test_another_models_recordings_are_never_served(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_suite=SUITE)
    common = ("-p", "no:randomly", "-p", "no:cacheprovider", "--genimg-cache-dir=cache", "-k", "valid")
    pytester.runpytest(*common, "--genimg-record-mode=new").assert_outcomes(passed=1)
    other = pytester.runpytest(*common, "--genimg-record-mode=none", "--genimg-model=tiny-pixart")
    other.assert_outcomes(failed=1)
    other.stdout.fnmatch_lines(["*holds recordings of other models only: tiny-sd (fingerprint *), which are never served*"])


def test_all_regenerates_and_new_replays(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_suite=SUITE)
    common = ("-p", "no:randomly", "-p", "no:cacheprovider", "--genimg-cache-dir=cache", "-k", "valid")

    def generations(*args: str) -> list[dict]:
        pytester.runpytest(*common, *args, "--genimg-report-json=r.json").assert_outcomes(passed=1)
        tests = json.loads((pytester.path / "r.json").read_text())["tests"]
        return tests[0]["generations"]

    assert [g["cached"] for g in generations()] == [False, False]  # auto: fills the generation cache only
    assert not (pytester.path / "cache" / "records").exists()
    assert [(g["cached"], "replayed" in g) for g in generations("--genimg-record-mode=new")] == [(True, False)] * 2
    assert [(g["cached"], "replayed" in g) for g in generations("--genimg-record-mode=all")] == [(False, False)] * 2
    assert [(g["cached"], "replayed" in g) for g in generations("--genimg-record-mode=new")] == [(True, True)] * 2
    assert len(list((pytester.path / "cache" / "records" / "images").glob("??/*.png"))) == 2


def test_bad_record_mode_is_rejected_with_the_choices(pytester: pytest.Pytester) -> None:
    result = pytester.runpytest("--genimg-record-mode=once")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*unknown record mode 'once': expected one of auto, none, all, new*"])


def _model(fingerprint: str = "a" * 64, device: str = "cpu", dtype: str = "float32") -> LoadedModel:
    return LoadedModel("m", None, fingerprint, device, dtype, "built-in", class_name="StableDiffusionPipeline")


def test_replay_key_ignores_the_machine_but_not_the_request() -> None:
    params = {"steps": 4, "size": (64, 64), "guidance": 7.5, "negative_prompt": None, "extra": {}}
    base = replay_key(_model(), "a cat", 1, params)
    assert replay_key(_model(device="cuda", dtype="float16"), "a cat", 1, params) == base
    assert replay_key(_model("b" * 64), "a cat", 1, params) != base
    assert replay_key(_model(), "a dog", 1, params) != base
    assert replay_key(_model(), "a cat", 2, params) != base
    assert replay_key(_model(), "a cat", 1, {**params, "steps": 5}) != base
    swapped = _model()
    swapped.class_name = "StableDiffusionImg2ImgPipeline"
    assert replay_key(swapped, "a cat", 1, params) != base


def test_hub_model_without_weights_takes_the_stores_fingerprint(tmp_path: Path) -> None:
    from types import SimpleNamespace

    from pytest_genimg.errors import ModelLoadError
    from pytest_genimg.replay import StoreSession, replay_only_model

    store = RecordStore(tmp_path)
    recorded = LoadedModel("org/model", None, "c" * 64, "cuda", "float16", "hub", class_name="StableDiffusionPipeline")
    StoreSession(store, recorded, "new", "abc123", lambda package: "1.0").record("p", 0, {}, [_image()])
    settings = SimpleNamespace(model="org/model", revision="abc123")
    model = replay_only_model(ModelLoadError("no weights here"), store, settings, "cpu", "float32")
    assert model.fingerprint == "c" * 64 and model.source == "replay store"
    assert StoreSession(store, model, "none", "abc123", lambda package: "1.0").replay("p", 0, {}) is not None
    unpinned = replay_only_model(ModelLoadError("no weights here"), store, SimpleNamespace(model="org/model", revision=None), "cpu", "float32")
    assert isinstance(unpinned, ModelLoadError)  # only a pinned revision identifies the weights


def _image():
    from PIL import Image

    return Image.new("RGB", (8, 8), (1, 2, 3))


def test_a_replays_snapshots_use_the_recording_devices_baselines(tmp_path: Path) -> None:
    from pytest_genimg.replay import StoreSession, recorded_device_class

    store = RecordStore(tmp_path)
    gpu = LoadedModel("org/model", None, "c" * 64, "cuda:0", "float16", "hub", class_name="StableDiffusionPipeline")
    StoreSession(store, gpu, "new", "abc123", lambda package: "1.0").record("p", 0, {}, [_image()])
    assert recorded_device_class(store, "org/model", "abc123") == "cuda"
    assert recorded_device_class(store, "org/model", "other") is None
    assert recorded_device_class(None, "org/model", "abc123") is None


BASELINE_SUITE = """
import numpy as np

def test_both_models(genimg, genimg_baseline):
    c = genimg.generate("a red cube", seeds=range(2))
    b = genimg_baseline.generate("a red cube", seeds=range(2))
    np.save("baseline.npy", np.stack([np.asarray(i.image) for i in b]))
"""


def test_the_baseline_model_is_recorded_and_replayed_like_the_candidate(pytester: pytest.Pytester,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil

    pytester.makepyfile(test_suite=BASELINE_SUITE)
    pytester.makeconftest(BLOCKER)
    common = ("-p", "no:randomly", "-p", "no:cacheprovider", "--genimg-cache-dir=cache",
              "--genimg-baseline-model=tiny-pixart")
    pytester.runpytest_subprocess(*common, "--genimg-record-mode=new").assert_outcomes(passed=1)
    baseline = np.load(pytester.path / "baseline.npy")
    recorded = [json.loads(p.read_text())["spec"] for p in (pytester.path / "cache" / "records" / "models").glob("*.json")]
    assert sorted(recorded) == ["tiny-pixart", "tiny-sd"]
    for entry in (pytester.path / "cache").iterdir():  # only the store moves to the replay runner
        if entry.name != "records":
            shutil.rmtree(entry) if entry.is_dir() else entry.unlink()
    log = pytester.path / "imports.log"
    monkeypatch.setenv("IMPORT_LOG", str(log))
    pytester.runpytest_subprocess(*common, "--genimg-record-mode=none").assert_outcomes(passed=1)
    assert not log.exists()  # neither model was loaded, nor diffusers imported
    assert np.array_equal(np.load(pytester.path / "baseline.npy"), baseline)

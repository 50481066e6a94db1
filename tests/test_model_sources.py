"""Model sources: built-in names, local folders, factories, the plugin hook, and clear failures."""
from __future__ import annotations

import shutil
import sys
import textwrap
from pathlib import Path

import pytest

from pytest_genimg.errors import ModelLoadError
from pytest_genimg.models.sources import load_model


def test_builtin_loads_with_fingerprint_and_defaults() -> None:
    model = load_model("tiny-sd", device="cpu", dtype="float32")
    assert model.source == "built-in"
    assert model.pipeline_class == "StableDiffusionPipeline"
    assert len(model.fingerprint) == 64
    assert model.defaults["size"] == (64, 64)


def test_local_folder_saved_from_builtin(tiny_sd_folder: Path) -> None:
    model = load_model(str(tiny_sd_folder), device="cpu", dtype="float32")
    assert model.source == "local folder"
    builtin = load_model("tiny-sd", device="cpu", dtype="float32")
    assert model.fingerprint == builtin.fingerprint  # content-addressed: same weights, same id


def test_fingerprint_changes_when_weights_change(tiny_sd_folder: Path, tmp_path: Path) -> None:
    copy = tmp_path / "edited"
    shutil.copytree(tiny_sd_folder, copy)
    before = load_model(str(copy), device="cpu", dtype="float32").fingerprint
    sched = copy / "scheduler" / "scheduler_config.json"
    sched.write_text(sched.read_text().replace('"beta_end": 0.012', '"beta_end": 0.013'))
    assert load_model(str(copy), device="cpu", dtype="float32").fingerprint != before


def test_folder_with_pickled_weights_only_is_refused(tiny_sd_folder: Path, tmp_path: Path) -> None:
    copy = tmp_path / "pickled"
    shutil.copytree(tiny_sd_folder, copy)
    for weights in copy.rglob("*.safetensors"):
        weights.rename(weights.with_suffix(".bin"))
    with pytest.raises(ModelLoadError) as info:
        load_model(str(copy), device="cpu", dtype="float32")
    message = str(info.value)
    assert str(copy) in message and "safetensors" in message


def _write_module(tmp_path: Path, name: str, body: str, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / f"{name}.py").write_text(textwrap.dedent(body))
    monkeypatch.syspath_prepend(str(tmp_path))
    # Registered with monkeypatch as "absent before", so the module this test imports is removed from
    # sys.modules afterwards: a later test (a docs example) importing the same name gets its own.
    monkeypatch.setitem(sys.modules, name, None)
    del sys.modules[name]


def test_factory_returning_a_pipeline(tmp_path: Path, tiny_sd_folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _write_module(tmp_path, "my_models", f"""
        from diffusers import DiffusionPipeline
        def build(device, dtype):
            assert device == "cpu" and dtype == "float32"
            return DiffusionPipeline.from_pretrained({str(tiny_sd_folder)!r}, use_safetensors=True)
    """, monkeypatch)
    model = load_model("my_models:build", device="cpu", dtype="float32")
    assert model.source == "factory" and model.is_diffusers and model.fingerprint


def test_factory_returning_a_generate_object(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _write_module(tmp_path, "my_server_model", """
        from PIL import Image
        class Remote:
            fingerprint = "remote-v1"
            def generate(self, prompt, *, seed, **kwargs):
                return Image.new("RGB", (16, 16), (seed % 256, 0, 0))
        def make():
            return Remote()
    """, monkeypatch)
    model = load_model("my_server_model:make", device="cpu", dtype="float32")
    assert not model.is_diffusers and model.fingerprint


def test_factory_returning_nonsense_is_explained(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _write_module(tmp_path, "bad_factory", "def make():\n    return 42\n", monkeypatch)
    with pytest.raises(ModelLoadError, match="expected a diffusers pipeline or an object with a generate"):
        load_model("bad_factory:make", device="cpu", dtype="float32")


def test_unknown_name_lists_what_was_tried() -> None:
    with pytest.raises(ModelLoadError) as info:
        load_model("tiny-sd3", device="cpu", dtype="float32")
    message = str(info.value)
    assert "'tiny-sd3'" in message
    for known in ("tiny-sd", "tiny-sdxl", "tiny-pixart", "tiny-video"):
        assert known in message
    assert message.count("\n") < 10  # one message, not a traceback


def test_missing_hub_id_offline_is_one_message(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_HOME", str(tmp_path))
    with pytest.raises(ModelLoadError) as info:
        load_model("nobody/no-such-model", device="cpu", dtype="float32")
    message = str(info.value)
    assert "hub id nobody/no-such-model" in message and "HF_HUB_OFFLINE" in message


def test_plugin_hook_source_and_bad_spec_in_a_run(pytester: pytest.Pytester) -> None:
    pytester.makeconftest(
        """
        from PIL import Image
        class Solid:
            fingerprint = "solid"
            def generate(self, prompt, *, seed, **kw):
                return Image.new("RGB", (8, 8), (len(prompt), seed, 0))
        def pytest_genimg_load_model(spec, device, dtype):
            return Solid() if spec == "solid-colour" else None
        """
    )
    pytester.makepyfile(
        """
        import pytest
        @pytest.mark.genimg(model="solid-colour")
        def test_hook(genimg):
            image = genimg.generate("abc", seed=7)
            assert image.getpixel((0, 0)) == (3, 7, 0)

        @pytest.mark.genimg(model="no/such_thing")
        def test_bad(genimg):
            pass
        """
    )
    result = pytester.runpytest("-p", "no:cacheprovider", "--genimg-cache-dir", str(pytester.path / "c"))
    result.assert_outcomes(passed=1, errors=1)
    result.stdout.fnmatch_lines(["*could not load model 'no/such_thing'*", "*tried, in order:*"])


def test_factory_that_swaps_the_scheduler_gets_its_own_fingerprint(
    tmp_path: Path, tiny_sd_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _write_module(tmp_path, "swapping_models", f"""
        from diffusers import DiffusionPipeline, DPMSolverMultistepScheduler
        def plain():
            return DiffusionPipeline.from_pretrained({str(tiny_sd_folder)!r}, use_safetensors=True)
        def swapped():
            pipe = plain()
            pipe.scheduler = DPMSolverMultistepScheduler.from_config(pipe.scheduler.config)
            return pipe
    """, monkeypatch)
    plain = load_model("swapping_models:plain", device="cpu", dtype="float32").fingerprint
    swapped = load_model("swapping_models:swapped", device="cpu", dtype="float32").fingerprint
    assert plain != swapped

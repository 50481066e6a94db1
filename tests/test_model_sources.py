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


def test_the_weights_variant_is_part_of_the_fingerprint(tiny_sd_folder: Path) -> None:
    plain = load_model(str(tiny_sd_folder), device="cpu", dtype="float16", lazy=True).fingerprint
    fp16 = load_model(str(tiny_sd_folder), device="cpu", dtype="float16", variant="fp16", lazy=True).fingerprint
    assert plain != fp16


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


@pytest.mark.parametrize("spec", ["sys:exit", "os:abort", "os:_exit", "builtins:exit", "shutil:rmtree"])
def test_a_standard_library_function_is_never_called_as_a_factory(spec: str) -> None:
    with pytest.raises(ModelLoadError, match="standard-library module") as info:
        load_model(spec, device="cpu", dtype="float32")
    assert f"factory {spec}" in str(info.value) and "a Python function or class defined in your own code" in str(info.value)


@pytest.mark.parametrize(("body", "reason"), [
    ("from sys import exit as build\n", "is of type builtin_function_or_method"),
    ("from os import abort as build\n", "is of type builtin_function_or_method"),
    ("from shutil import rmtree as build\n", "is shutil.rmtree from the standard library"),
    ("build = 42\n", "is of type int"),
])
def test_a_user_module_re_exporting_a_builtin_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, body: str, reason: str) -> None:
    _write_module(tmp_path, "reexports", body, monkeypatch)
    with pytest.raises(ModelLoadError, match=reason):
        load_model("reexports:build", device="cpu", dtype="float32")


@pytest.mark.parametrize("raised", ["SystemExit(3)", "GeneratorExit()", "BaseException('odd')"])
def test_base_exceptions_from_a_factory_are_load_errors(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, raised: str) -> None:
    _write_module(tmp_path, "exiting_factory", f"def build():\n    raise {raised}\n", monkeypatch)
    with pytest.raises(ModelLoadError, match=f"the factory failed(.|\n)*{raised.split('(')[0]}"):
        load_model("exiting_factory:build", device="cpu", dtype="float32")


def test_a_callable_object_of_the_users_is_a_factory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _write_module(tmp_path, "callable_factory", """
        from PIL import Image
        class Remote:
            fingerprint = "r1"
            def generate(self, prompt, *, seed, **kwargs):
                return Image.new("RGB", (8, 8))
        class Factory:
            def __call__(self):
                return Remote()
        build = Factory()
    """, monkeypatch)
    assert not load_model("callable_factory:build", device="cpu", dtype="float32").is_diffusers


def test_sys_exit_as_a_model_fails_its_tests_and_the_session_goes_on(pytester: pytest.Pytester) -> None:
    pytester.makepyfile("""
        def test_one(genimg):
            pass
        def test_two(genimg):
            pass
        def test_after():
            pass
    """)
    result = pytester.runpytest("-p", "no:randomly", "-p", "no:cacheprovider", "--genimg-model=sys:exit")
    result.assert_outcomes(passed=1, errors=2)
    result.stdout.fnmatch_lines(["*could not load model 'sys:exit': the factory failed*"])


def test_a_folder_with_custom_code_names_the_real_cause(tiny_sd_folder: Path, tmp_path: Path) -> None:
    import json

    copy = tmp_path / "custom"
    shutil.copytree(tiny_sd_folder, copy)
    index = json.loads((copy / "model_index.json").read_text())
    index["_class_name"] = ["my_pipeline", "MyPipeline"]
    (copy / "model_index.json").write_text(json.dumps(index))
    (copy / "my_pipeline.py").write_text("from diffusers import StableDiffusionPipeline\nclass MyPipeline(StableDiffusionPipeline): pass\n")
    with pytest.raises(ModelLoadError) as info:
        load_model(str(copy), device="cpu", dtype="float32")
    headline = str(info.value).splitlines()[0]
    assert "needs its own code" in headline and "--genimg-trust-remote-code" in headline
    assert "safetensors" not in headline
    assert "my_pipeline.py" in str(info.value)
    loaded = load_model(str(copy), device="cpu", dtype="float32", trust_remote_code=True)
    assert type(loaded.obj).__name__ == "MyPipeline"


@pytest.mark.parametrize("memo", ["[]", '"text"', "{", '{"x": 5, "y": "not-a-digest"}', "null"])
def test_a_damaged_fingerprint_memo_is_rebuilt(tiny_sd_folder: Path, tmp_path: Path, memo: str) -> None:
    import json

    from pytest_genimg.models.fingerprint import folder_fingerprint

    expected = folder_fingerprint(tiny_sd_folder)
    memo_file = tmp_path / "fingerprints.json"
    memo_file.write_text(memo)
    assert load_model("tiny-sd", device="cpu", dtype="float32", memo_file=memo_file, lazy=True).fingerprint
    assert folder_fingerprint(tiny_sd_folder, memo_file) == expected
    rebuilt = json.loads(memo_file.read_text())
    assert isinstance(rebuilt, dict) and rebuilt and all(len(v) == 64 for v in rebuilt.values())


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


def test_a_load_that_runs_out_of_device_memory_says_so(tiny_sd_folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Seen on an H200 with a second model loading beside a resident one: the folder is fine, the
    device is full, and the message must say which."""
    from pytest_genimg.models import sources

    class OutOfMemoryError(RuntimeError):  # torch.cuda.OutOfMemoryError's name; no GPU here
        pass

    def full(*args, **kwargs):
        raise OutOfMemoryError("CUDA out of memory. Tried to allocate 58.00 MiB.")

    monkeypatch.setattr(sources, "load_folder", full)
    for spec in (str(tiny_sd_folder), "tiny-sd"):
        model = load_model(spec, device="cpu", dtype="float32", lazy=True)
        with pytest.raises(ModelLoadError) as info:
            model.obj  # noqa: B018
        first = str(info.value).splitlines()[0]
        assert "cpu ran out of memory while the weights were moved onto it" in first, first
        assert "not a loadable" not in first and "OutOfMemoryError: CUDA out of memory" in str(info.value)

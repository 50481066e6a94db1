"""Moving a record store between machines: export, import with integrity checks, no torch."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from pytest_genimg.models.loaded import LoadedModel
from pytest_genimg.replay import RecordStore, StoreSession
from pytest_genimg.replay_io import StoreTransferError, export_store, import_store


def recorded_store(root: Path, prompts: tuple[str, ...] = ("a cat", "a dog")) -> RecordStore:
    store = RecordStore(root)
    model = LoadedModel("org/model", None, "f" * 64, "cuda", "float16", "hub", class_name="StableDiffusionPipeline")
    session = StoreSession(store, model, "new", "abc123", lambda package: "9.9")
    for i, prompt in enumerate(prompts):
        session.record(prompt, i, {"steps": 4}, [Image.new("RGB", (8, 8), (i, 2, 3))])
    return store


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """``python -m pytest_genimg.cache ...`` in a process where torch and diffusers cannot be imported."""
    code = ("import sys, runpy; sys.modules['torch'] = None; sys.modules['diffusers'] = None; "
            f"sys.argv = ['pytest_genimg.cache', *{list(args)!r}]; runpy.run_module('pytest_genimg.cache', run_name='__main__')")
    return subprocess.run([sys.executable, "-c", code], cwd=cwd, capture_output=True, text=True, check=False)


def test_export_then_import_on_another_machine_replays_the_same_entries(tmp_path: Path) -> None:
    recorded_store(tmp_path / "gpu" / ".genimg_cache" / "records")
    done = cli("export", str(tmp_path / "artifact"), cwd=tmp_path / "gpu")
    assert done.returncode == 0, done.stderr
    assert "exported 5 file(s)" in done.stdout  # 2 images + 2 sidecars + 1 model
    (tmp_path / "cpu").mkdir()
    done = cli("import", str(tmp_path / "artifact"), "--cache-dir", "c", cwd=tmp_path / "cpu")
    assert done.returncode == 0, done.stderr
    imported = RecordStore(tmp_path / "cpu" / "c" / "records")
    model = LoadedModel("org/model", None, "f" * 64, "cpu", "float32", "replay store", class_name="StableDiffusionPipeline")
    frames, provenance = StoreSession(imported, model, "none", "abc123", lambda p: "1").replay("a dog", 1, {"steps": 4})
    assert frames[0].getpixel((0, 0)) == (1, 2, 3) and provenance["device"] == "cuda"
    shown = cli("show", "--cache-dir", "c", cwd=tmp_path / "cpu")
    assert "2 recorded generation(s)" in shown.stdout and "org/model (revision abc123)" in shown.stdout


@pytest.fixture
def artifact(tmp_path: Path) -> Path:
    store = recorded_store(tmp_path / "store")
    export_store(store.root, tmp_path / "artifact")
    return tmp_path / "artifact"


def _one(artifact: Path, suffix: str) -> Path:
    return next(artifact.glob(f"images/??/*{suffix}"))


def refusal(artifact: Path, tmp_path: Path) -> str:
    with pytest.raises(StoreTransferError) as info:
        import_store(artifact, tmp_path / "target")
    assert not (tmp_path / "target").exists()  # nothing written when anything is wrong
    return str(info.value)


def test_a_damaged_file_is_refused_by_name(artifact: Path, tmp_path: Path) -> None:
    png = _one(artifact, ".png")
    png.write_bytes(png.read_bytes()[:-3] + b"xyz")
    message = refusal(artifact, tmp_path)
    assert f"{png.relative_to(artifact).as_posix()}: damaged" in message and "1 problem(s)" in message


def test_an_extra_file_is_refused_by_name(artifact: Path, tmp_path: Path) -> None:
    (artifact / "images" / "zz.txt").write_text("hello")
    assert "images/zz.txt: an extra file the manifest does not list" in refusal(artifact, tmp_path)


def test_a_symlink_is_refused_and_not_followed(artifact: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("outside the store")
    png = _one(artifact, ".png")
    rel = png.relative_to(artifact).as_posix()
    png.unlink()
    png.symlink_to(secret)
    (artifact / "models" / "link").symlink_to(tmp_path, target_is_directory=True)
    message = refusal(artifact, tmp_path)
    assert f"{rel}: a symlink (not followed)" in message and "models/link: a symlink (not followed)" in message


def test_a_missing_file_and_a_bad_name_in_the_manifest_are_refused(artifact: Path, tmp_path: Path) -> None:
    sidecar = _one(artifact, ".json")
    sidecar.unlink()
    manifest = json.loads((artifact / "MANIFEST.json").read_text())
    manifest["files"]["../escape.json"] = {"bytes": 1, "sha256": "0" * 64}
    (artifact / "MANIFEST.json").write_text(json.dumps(manifest))
    message = refusal(artifact, tmp_path)
    assert f"{sidecar.relative_to(artifact).as_posix()}: listed in the manifest but missing" in message
    assert "../escape.json: not a name a record store holds" in message


def test_a_sidecar_whose_key_does_not_match_its_name_is_refused(artifact: Path, tmp_path: Path) -> None:
    import hashlib

    sidecar = _one(artifact, ".json")
    data = json.dumps({**json.loads(sidecar.read_text()), "key": "0" * 64}).encode()
    sidecar.write_bytes(data)
    manifest = json.loads((artifact / "MANIFEST.json").read_text())
    manifest["files"][sidecar.relative_to(artifact).as_posix()] = {"bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}
    (artifact / "MANIFEST.json").write_text(json.dumps(manifest))
    assert "its key does not match its name" in refusal(artifact, tmp_path)


def test_cli_refusals_exit_1_with_the_reason(tmp_path: Path) -> None:
    (tmp_path / "junk").mkdir()
    done = cli("import", str(tmp_path / "junk"), cwd=tmp_path)
    assert done.returncode == 1 and "unreadable manifest" in done.stderr
    done = cli("export", str(tmp_path / "out"), cwd=tmp_path)
    assert done.returncode == 1 and "no record store at" in done.stderr
    recorded_store(tmp_path / ".genimg_cache" / "records")
    done = cli("export", str(tmp_path / "junk2"), cwd=tmp_path)
    assert done.returncode == 0
    done = cli("export", str(tmp_path / "junk2"), cwd=tmp_path)
    assert done.returncode == 1 and "is not empty" in done.stderr
    assert not os.path.exists(tmp_path / "junk" / "MANIFEST.json")


def test_a_factorys_own_fingerprint_names_a_model_file_inside_the_store(tmp_path: Path) -> None:
    """Fingerprints a factory gives need not be hex: the model file is named by their hash and travels."""
    store = RecordStore(tmp_path / "store")
    model = LoadedModel("my.factory:make", None, "../my model/v2", "cpu", "float32", "factory",
                        class_name="StableDiffusionPipeline")
    StoreSession(store, model, "new", None, lambda package: "1.0").record("p", 0, {}, [Image.new("RGB", (8, 8))])
    assert [p.parent.name for p in (tmp_path / "store").rglob("*.json") if p.parent.name == "models"] == ["models"]
    assert not (tmp_path / "my model").exists() and not (tmp_path / "store" / "my model").exists()
    assert [m["fingerprint"] for m in store.models()] == ["../my model/v2"]
    export_store(store.root, tmp_path / "artifact")
    imported = RecordStore(tmp_path / "imported")
    import_store(tmp_path / "artifact", imported.root)
    assert [m["fingerprint"] for m in imported.models()] == ["../my model/v2"]
    assert StoreSession(imported, model, "none", None, lambda package: "1.0").replay("p", 0, {}) is not None


def _rewrite(artifact: Path, path: Path, data: bytes) -> None:
    """Replace a file and its manifest entry, so only its content is wrong."""
    import hashlib

    path.write_bytes(data)
    manifest = json.loads((artifact / "MANIFEST.json").read_text())
    manifest["files"][path.relative_to(artifact).as_posix()] = {"bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}
    (artifact / "MANIFEST.json").write_text(json.dumps(manifest))


@pytest.mark.parametrize("content", [b"[1, 2]", b"\"text\"", b"not json"])
def test_a_sidecar_or_model_file_that_is_no_json_object_is_refused_by_name(artifact: Path, tmp_path: Path, content: bytes) -> None:
    sidecar, model = _one(artifact, ".json"), next(artifact.glob("models/*.json"))
    _rewrite(artifact, sidecar, content)
    _rewrite(artifact, model, content)
    message = refusal(artifact, tmp_path)
    assert f"{sidecar.relative_to(artifact).as_posix()}: not a JSON object" in message
    assert f"{model.relative_to(artifact).as_posix()}: not a JSON object" in message


def test_a_model_file_that_is_no_json_object_is_skipped_when_read(tmp_path: Path) -> None:
    store = recorded_store(tmp_path / "store")
    (store.root / "models" / ("0" * 64 + ".json")).write_text("[1, 2]")
    assert [m["spec"] for m in store.models()] == ["org/model"]

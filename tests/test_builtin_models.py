"""The built-in tiny pipelines load offline, generate quickly and deterministically, and stay small."""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import json
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import diffusers
import numpy as np
import pytest
import torch
import transformers

from pytest_genimg.models.builtin import BUILTIN_MODELS, DATA_DIR, BuiltinModel, get_builtin

REPO = Path(__file__).resolve().parent.parent
BUILD_SCRIPT = REPO / "scripts" / "build_tiny_models.py"
MAX_DATA_BYTES = 8 * 1024 * 1024
PICKLE_SUFFIXES = {".bin", ".pt", ".pth", ".ckpt", ".pkl", ".pickle"}
IMAGE_MODELS = [m for m in BUILTIN_MODELS.values() if not m.is_video]
VIDEO_MODELS = [m for m in BUILTIN_MODELS.values() if m.is_video]
SECONDS_LIMIT = 20.0  # 0.03-0.2 s per image on 1 CPU thread; generous for a loaded CI box
PROMPT = "a red cube on a table, OPEN 24/7!"


@pytest.fixture(autouse=True, scope="module")
def _one_thread() -> Iterator[None]:
    """Tiny models gain nothing from intra-op threads; on a busy 2-core box 2 threads ran 30x slower."""
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(before)


@contextlib.contextmanager
def no_network() -> Iterator[None]:
    """Fail loudly if anything tries to open a connection (a hub download, telemetry)."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"network access attempted: {args!r}")

    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("HF_HUB_OFFLINE", "1")
        mp.setenv("HF_HUB_DISABLE_TELEMETRY", "1")
        mp.setattr(socket.socket, "connect", refuse)
        mp.setattr(socket, "create_connection", refuse)
        yield


_PIPELINES: dict[str, Any] = {}


def load(model: BuiltinModel) -> Any:
    if model.name not in _PIPELINES:
        with no_network():
            pipe = diffusers.DiffusionPipeline.from_pretrained(model.path, low_cpu_mem_usage=False)
        pipe.set_progress_bar_config(disable=True)
        _PIPELINES[model.name] = pipe
    return _PIPELINES[model.name]


def generate(model: BuiltinModel, seed: int, **overrides: Any) -> np.ndarray:
    """One image (H, W, 3) or one clip (T, H, W, 3) as float32 in [0, 1]."""
    pipe = load(model)
    kwargs = {**model.call_kwargs(), "output_type": "np", **overrides}
    with no_network():
        out = pipe(PROMPT, generator=torch.Generator("cpu").manual_seed(seed), **kwargs)
    return np.asarray(out.frames[0] if model.is_video else out.images[0])


def _files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts)


# --- registry ----------------------------------------------------------------------------------


def test_registry_names_and_defaults() -> None:
    assert {"tiny-sd", "tiny-sdxl", "tiny-pixart", "tiny-video"} <= set(BUILTIN_MODELS)
    for name, model in BUILTIN_MODELS.items():
        assert model.name == name and get_builtin(name) is model
        assert model.default_size % 8 == 0 and 1 <= model.default_steps <= 4
        assert model.is_video == (model.default_frames is not None)
        index = json.loads((model.path / "model_index.json").read_text())
        assert index["_class_name"] == model.pipeline_class


def test_unknown_name_lists_known_ones() -> None:
    with pytest.raises(ValueError, match=r"unknown built-in model 'tiny-nope'; known: tiny-sd, "):
        get_builtin("tiny-nope")


def test_builtin_module_does_not_import_torch() -> None:
    code = (
        "import importlib.util, sys\n"
        f"spec = importlib.util.spec_from_file_location('b', {str(DATA_DIR.parent / 'builtin.py')!r})\n"
        "mod = importlib.util.module_from_spec(spec); sys.modules['b'] = mod; spec.loader.exec_module(mod)\n"
        "assert 'torch' not in sys.modules and 'diffusers' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)


# --- files -------------------------------------------------------------------------------------


def test_weights_are_safetensors_only() -> None:
    files = _files(DATA_DIR)
    pickles = [p for p in files if p.suffix in PICKLE_SUFFIXES]
    assert not pickles, f"pickle weights must not ship: {pickles}"
    for model in BUILTIN_MODELS.values():
        index = json.loads((model.path / "model_index.json").read_text())
        for component, spec in index.items():
            if component.startswith("_") or not isinstance(spec, list) or spec[0] is None:
                continue
            if spec[1].endswith(("Tokenizer", "TokenizerFast", "Scheduler")):
                continue
            assert list((model.path / component).glob("*.safetensors")), f"{model.name}/{component}"


def test_data_stays_small() -> None:
    total = sum(p.stat().st_size for p in _files(DATA_DIR))
    assert total < MAX_DATA_BYTES, f"built-in models take {total / 2**20:.2f} MiB"


@pytest.mark.parametrize(
    "tokenizer_dir", sorted(DATA_DIR.glob("*/tokenizer*")), ids=lambda p: f"{p.parent.name}/{p.name}"
)
def test_tokenizers_load_offline_and_cover_ascii(tokenizer_dir: Path) -> None:
    with no_network():
        tok = transformers.AutoTokenizer.from_pretrained(tokenizer_dir)
    printable = "".join(chr(c) for c in range(33, 127))
    for text in (printable[:47], printable[47:], "The quick brown fox, OPEN 24/7."):
        ids = tok(text)["input_ids"]
        if tok.unk_token_id not in (tok.bos_token_id, tok.eos_token_id, tok.pad_token_id):
            assert tok.unk_token_id not in ids, f"{text!r} fell back to <unk>"
        decoded = str(tok.decode(ids, skip_special_tokens=True))  # CLIP's <unk> is special: dropped here
        assert "".join(decoded.split()).lower() == "".join(text.split()).lower()
    padded = tok("a cat", padding="max_length", max_length=tok.model_max_length, truncation=True)["input_ids"]
    assert len(padded) == tok.model_max_length < 1000


def test_rebuild_matches_shipped_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    index = json.loads((DATA_DIR / "tiny-sd" / "model_index.json").read_text())
    if index["_diffusers_version"] != diffusers.__version__:
        pytest.skip("shipped files were built with another diffusers version")
    te_config = json.loads((DATA_DIR / "tiny-sd" / "text_encoder" / "config.json").read_text())
    if te_config.get("transformers_version") != transformers.__version__:
        pytest.skip("shipped files were built with another transformers version")
    for var in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE", "HF_HUB_DISABLE_TELEMETRY"):
        monkeypatch.setenv(var, "1")  # the script sets these at import: restore them afterwards
    spec = importlib.util.spec_from_file_location("_build_tiny_models", BUILD_SCRIPT)
    assert spec is not None and spec.loader is not None
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    with torch.random.fork_rng(devices=[]), no_network():
        for name in BUILTIN_MODELS:
            script.build(name, tmp_path)

    def digests(root: Path) -> dict[str, str]:
        return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in _files(root)}

    shipped, rebuilt = digests(DATA_DIR), digests(tmp_path)
    if shipped != rebuilt and all(shipped.get(k) == v for k, v in rebuilt.items() if k.endswith(".json")):
        pytest.skip("same configs, other random draws: another torch version")
    assert shipped == rebuilt, "run scripts/build_tiny_models.py and commit the result"


# --- generation --------------------------------------------------------------------------------


@pytest.mark.parametrize("model", IMAGE_MODELS, ids=lambda m: m.name)
def test_image_model_generates_at_defaults(model: BuiltinModel) -> None:
    pipe = load(model)
    assert type(pipe).__name__ == model.pipeline_class
    start = time.perf_counter()
    with no_network():
        out = pipe(PROMPT, generator=torch.Generator("cpu").manual_seed(0), **model.call_kwargs())
    elapsed = time.perf_counter() - start
    assert elapsed < SECONDS_LIMIT
    image = out.images[0]
    assert image.size == (model.default_size, model.default_size) and image.mode == "RGB"
    pixels = np.asarray(image, dtype=np.float32)
    assert 20 < pixels.mean() < 235, "image is near black or near white"
    assert pixels.std() > 5, "image is (nearly) constant"


@pytest.mark.parametrize("model", list(BUILTIN_MODELS.values()), ids=lambda m: m.name)
def test_seeds_are_deterministic_and_distinct(model: BuiltinModel) -> None:
    short = {"num_frames": 4} if model.is_video else {}
    a, b, a_again = generate(model, 0, **short), generate(model, 1, **short), generate(model, 0, **short)
    assert np.isfinite(a).all()
    assert np.array_equal(a, a_again), "same seed gave different pixels"
    assert np.abs(a - b).mean() > 0.02, "different seeds gave (nearly) the same pixels"
    # uint8 pixels, too, must differ (noise-like images are fine)
    assert not np.array_equal((a * 255).round().astype(np.uint8), (b * 255).round().astype(np.uint8))


@pytest.mark.parametrize("model", VIDEO_MODELS, ids=lambda m: m.name)
def test_video_model_returns_frames(model: BuiltinModel) -> None:
    assert model.default_frames is not None
    pipe = load(model)
    start = time.perf_counter()
    with no_network():
        out = pipe(PROMPT, generator=torch.Generator("cpu").manual_seed(0), output_type="pil", **model.call_kwargs())
    assert time.perf_counter() - start < SECONDS_LIMIT
    frames = out.frames[0]
    assert len(frames) == model.default_frames
    assert all(f.size == (model.default_size, model.default_size) for f in frames)
    clip = generate(model, 0, num_frames=3, height=48, width=80)
    assert clip.shape == (3, 48, 80, 3) and np.isfinite(clip).all()
    assert 0.05 < clip.mean() < 0.95 and clip.std() > 0.02


@pytest.mark.parametrize("model", IMAGE_MODELS, ids=lambda m: m.name)
def test_non_square_sizes(model: BuiltinModel) -> None:
    image = generate(model, 3, height=48, width=80)
    assert image.shape == (48, 80, 3)

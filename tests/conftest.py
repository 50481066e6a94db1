"""Shared test helpers: a local copy of a built-in pipeline, and settings for pytester runs."""
from __future__ import annotations

import importlib
import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import _pytest.pytester

# The tests are written for a machine without a GPU (results recorded "on cpu (float32)", the gpu
# marker skipping, --genimg-device=cuda refused) and fake CUDA where they need it. On a GPU runner
# "auto" would pick the GPU, here and in every pytester subprocess (which inherits the
# environment); hide it before torch first initialises CUDA.
os.environ["CUDA_VISIBLE_DEVICES"] = ""

# pytester's in-process runs restore sys.modules afterwards. A C extension such as torch cannot be
# imported twice in one process, and a re-imported diffusers/transformers makes new classes that
# fail diffusers' isinstance checks; so those libraries are imported once here and kept.
_KEEP = ("torch", "diffusers", "transformers", "huggingface_hub", "safetensors", "tokenizers", "cv2",
         "onnxruntime", "skimage", "mediapipe", "rapidocr", "scipy", "imagehash", "syrupy")
for _name in ("torch", "diffusers", "transformers", "cv2", "onnxruntime", "skimage"):
    try:
        importlib.import_module(_name)
    except ImportError:
        pass


class _KeepHeavyModules(_pytest.pytester.SysModulesSnapshot):
    def __init__(self, preserve=None) -> None:
        def keep(name: str) -> bool:
            return name.split(".")[0] in _KEEP or bool(preserve and preserve(name))

        super().__init__(preserve=keep)


_pytest.pytester.SysModulesSnapshot = _KeepHeavyModules  # type: ignore[misc]

from pytest_genimg.models.builtin import BUILTIN_MODELS


@pytest.fixture(scope="session")
def tiny_sd_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A plain diffusers folder holding tiny-sd, as a user's saved checkpoint would be."""
    target = tmp_path_factory.mktemp("models") / "my-tiny-sd"
    shutil.copytree(BUILTIN_MODELS["tiny-sd"].path, target)
    return target


# Inner runs see only the plugins a test asks for: an installed pytest-randomly would shuffle them
# (and matching in file order would break), a cache would carry state from one inner run to the next.
INNER_RUN_OPTIONS = "-p no:randomly -p no:cacheprovider"


@pytest.fixture
def pytester(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> pytest.Pytester:
    """pytest's pytester, its runs (in-process and subprocess) pinned to INNER_RUN_OPTIONS; when this
    suite runs under pytest-xdist, inner runs are not told they are a worker (syrupy and the plugin
    read PYTEST_XDIST_WORKER: a worker leaves unused snapshots to its controller)."""
    monkeypatch.setenv("PYTEST_ADDOPTS", INNER_RUN_OPTIONS)
    for name in ("PYTEST_XDIST_WORKER", "PYTEST_XDIST_WORKER_COUNT", "PYTEST_XDIST_TESTRUNUID"):
        monkeypatch.delenv(name, raising=False)
    return pytester


@pytest.fixture
def opencv_cascade() -> None:
    """Skip where OpenCV has no Haar cascade classifier (opencv-python 5's main build, as on the lent
    H200's image): the ``faces`` and ``faces-haar`` detectors then refuse to start with a
    MissingDependencyError naming opencv-contrib-python, which tests/test_runner_image.py checks."""
    cv2 = pytest.importorskip("cv2")
    if not hasattr(cv2, "CascadeClassifier"):
        pytest.skip(f"OpenCV {cv2.__version__} has no Haar cascade classifier (opencv-contrib-python has it)")


@pytest.fixture(scope="session")
def small_lfw_face():
    """``make(index, size, blur)``: scikit-image's LFW face crop ``index`` scaled to ``size`` px and
    blurred (Gaussian radius ``blur``), pasted at (200, 200) on a plain 512 px ground (RGB array)."""
    import numpy as np
    from PIL import Image, ImageFilter

    crops = pytest.importorskip("skimage.data").lfw_subset()

    def make(index: int, size: int, blur: float) -> np.ndarray:
        crop = Image.fromarray((crops[index] * 255).astype(np.uint8)).convert("RGB")
        canvas = Image.new("RGB", (512, 512), (120, 140, 160))
        canvas.paste(crop.resize((size, size), Image.Resampling.BICUBIC).filter(ImageFilter.GaussianBlur(blur)), (200, 200))
        return np.asarray(canvas)

    return make


BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"
TEXT_SET_MODULES = {"old": "cases_text", "fresh": "cases_text_fresh", "fresh2": "cases_text_fresh2",
                    "fresh3": "cases_text_fresh3", "fresh4": "cases_text_fresh4", "fresh5": "cases_text_fresh5",
                    "fresh6": "cases_text_fresh6", "fresh7": "cases_text_fresh7", "fresh8": "cases_text_fresh8",
                    "photos": "fresh_photos"}


# The anatomy and composition benchmarks' fresh-set case modules (construction only: no engine).
FRESH_CASE_MODULES = {"photos": "fresh_photos", "anatomy": "cases_anatomy_fresh", "anatomy4": "cases_anatomy_fresh4",
                      "anatomy5": "cases_anatomy_fresh5", "anatomy6": "cases_anatomy_fresh6",
                      "composition": "cases_composition_fresh"}


def _benchmark_modules(modules: dict[str, str]) -> Iterator[dict[str, Any]]:
    """``modules`` (key -> benchmarks/ module name) imported, and every benchmarks/ module they
    brought in forgotten afterwards (they live outside the package)."""
    before = set(sys.modules)
    sys.path.insert(0, str(BENCHMARKS))
    try:
        yield {key: importlib.import_module(name) for key, name in modules.items()}
    finally:
        sys.path.remove(str(BENCHMARKS))
        for name in set(sys.modules) - before:  # leave no trace for other tests
            if Path(getattr(sys.modules[name], "__file__", None) or "/").parent == BENCHMARKS:
                sys.modules.pop(name, None)


@pytest.fixture(scope="module")
def text_sets() -> Iterator[dict[str, Any]]:
    """The text benchmark's case modules (benchmarks/cases_text*.py and fresh_photos.py) by half,
    imported for one test module and forgotten after it."""
    pytest.importorskip("matplotlib")  # the development set's fonts
    pytest.importorskip("fontTools")
    yield from _benchmark_modules(TEXT_SET_MODULES)


@pytest.fixture(scope="module")
def detail_fresh() -> Iterator[Any]:
    """benchmarks/detail_fresh.py, imported for one test module and forgotten after it."""
    for modules in _benchmark_modules({"detail": "detail_fresh"}):
        yield modules["detail"]


@pytest.fixture(scope="module")
def fresh_case_sets() -> Iterator[dict[str, Any]]:
    """The anatomy and composition benchmarks' fresh-set case modules, imported for one test module
    and forgotten after it."""
    yield from _benchmark_modules(FRESH_CASE_MODULES)

"""Importing the plugin, `pytest --help` and `pytest --fixtures` stay free of heavy libraries."""
from __future__ import annotations

import subprocess
import sys

HEAVY = ("torch", "diffusers", "transformers", "cv2", "mediapipe", "rapidocr", "onnxruntime", "skimage")


def test_plugin_and_package_import_no_heavy_library() -> None:
    code = (
        "import sys, pytest_genimg, pytest_genimg.plugin; "
        f"print(sorted(m for m in {HEAVY!r} if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_help_lists_options_without_importing_torch(tmp_path) -> None:
    code = (
        "import sys, pytest; rc = pytest.main(['--help']); "
        "print('HEAVY', sorted(m for m in %r if m in sys.modules))" % (HEAVY,)
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, check=True)
    assert "--genimg-model" in out.stdout and "genimg_model" in out.stdout
    assert "HEAVY []" in out.stdout


def test_fixtures_are_documented(pytester) -> None:
    pytester.makepyfile("def test_x(): pass")
    result = pytester.runpytest("--fixtures")
    for name in ("genimg_device", "genimg_pipeline", "genimg"):
        result.stdout.fnmatch_lines([f"{name}*", "*"])
    result.stdout.fnmatch_lines(["*Generator*generate(prompt*"])


def test_every_public_name_resolves_without_importing_torch() -> None:
    code = (
        "import sys, pytest_genimg as g; [getattr(g, n) for n in g.__all__]; "
        f"print(sorted(m for m in {HEAVY!r} if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "torch" not in out.stdout and "mediapipe" not in out.stdout

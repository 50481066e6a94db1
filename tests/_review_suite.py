"""A small suite around a factory model whose output changes with MODEL_VERSION (for the review tests)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

MODEL = '''
import os
import numpy as np
from PIL import Image


class Model:
    def __init__(self, version):
        self.version = version
        self.fingerprint = f"toy-model-v{version}"

    def generate(self, prompt, *, seed, **kwargs):
        rng = np.random.default_rng([seed, len(prompt)])
        small = rng.uniform(0, 255, (8, 8, 3)).astype(np.uint8)
        image = np.asarray(Image.fromarray(small).resize((64, 64), Image.Resampling.BICUBIC)).copy()
        if self.version == "2":
            image = 255 - image
        elif self.version == "3":
            image = np.roll(image, 24, axis=1) // 2
        elif self.version == "corner":
            image[:16, 48:] = 255 - image[:16, 48:]  # only the top-right corner changes
        return Image.fromarray(image)


def make():
    return Model(os.environ.get("MODEL_VERSION", "1"))


def make_other():
    return Model("other-" + os.environ.get("MODEL_VERSION", "1"))
'''

SUITE = '''
import os
import numpy as np


def test_cube(genimg, image_snapshot):
    assert image_snapshot == genimg.generate("a red cube", seed=1)


def test_fruit(genimg, image_snapshot):
    assert image_snapshot == genimg.generate("a bowl of fruit", seed=2)


def test_score(genimg, metric_snapshot):
    image = np.asarray(genimg.generate("a cat", seed=3).image, dtype=float)
    assert metric_snapshot == {"mean": image.mean(), "std": image.std()}
'''

# Runs the CLI with torch, diffusers and transformers unimportable, then proves none was imported.
NO_HEAVY = '''
import runpy, sys
for name in ("torch", "diffusers", "transformers"):
    sys.modules[name] = None  # `import torch` now raises ImportError
sys.argv = ["python -m pytest_genimg", *sys.argv[1:]]
try:
    runpy.run_module("pytest_genimg", run_name="__main__")
finally:
    loaded = sorted(m for m in sys.modules if m.split(".")[0] in ("torch", "diffusers", "transformers") and sys.modules[m] is not None)
    print("HEAVY MODULES:", loaded, file=sys.stderr)
'''


def setup(pytester) -> None:
    pytester.makepyfile(toy_model=MODEL, test_suite=SUITE)
    pytester.makeini("[pytest]\ngenimg_model = toy_model:make\n")
    pytester.syspathinsert()


def run(pytester, monkeypatch, version: str, *args: str):
    monkeypatch.setenv("MODEL_VERSION", version)
    return pytester.runpytest("-p", "no:cacheprovider", "-p", "no:randomly", "--genimg-no-cache", *args)


def cli(pytester, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    """``python -m pytest_genimg ARGS`` in a fresh process where torch cannot be imported."""
    script = Path(pytester.path) / "no_heavy.py"
    script.write_text(NO_HEAVY, encoding="utf-8")
    done = subprocess.run([sys.executable, str(script), *args], cwd=pytester.path, capture_output=True, text=True,
                          input=stdin, timeout=120)
    assert "HEAVY MODULES: []" in done.stderr, done.stderr
    return done

"""The MediaPipe pose engine's life: loaded once through the registry, closed safely, its native
chatter quieted, and a graph that fails to build (the first ones or the masked one, built on first
use) reported with the system package to install or as a model-load error."""
from __future__ import annotations

import os
import subprocess
import sys

import numpy as np
import pytest

from pytest_genimg.backends import pose
from pytest_genimg.backends.pose import POSE_BACKENDS, get_pose_engine, quiet_native_stderr
from pytest_genimg.errors import MissingDependencyError, ModelLoadError

pytest.importorskip("mediapipe")


def test_registry_loads_once_and_detectors_close() -> None:
    assert "mediapipe" in POSE_BACKENDS.names()
    assert get_pose_engine() is get_pose_engine("mediapipe")
    engine = pose.MediaPipePoseEngine()
    engine.close()
    engine.close()  # closing twice is harmless


def test_missing_libegl_names_the_package(monkeypatch: pytest.MonkeyPatch) -> None:
    from mediapipe.tasks.python import vision

    def broken(*args: object, **kwargs: object) -> None:
        raise OSError("libEGL.so.1: cannot open shared object file: No such file or directory")

    monkeypatch.setattr(vision.HandLandmarker, "create_from_options", broken)
    with pytest.raises(MissingDependencyError, match="libegl1") as caught:
        pose.MediaPipePoseEngine()
    assert "apt-get install -y libegl1" in str(caught.value)


def test_native_info_lines_are_dropped_and_errors_kept(capfd: pytest.CaptureFixture[str]) -> None:
    with quiet_native_stderr():
        os.write(2, b"INFO: Created TensorFlow Lite XNNPACK delegate for CPU.\n")
        os.write(2, b"W0000 00:00:1.0 1 landmark_projection_calculator.cc:81] noise\n")
        os.write(2, b"E0000 something went wrong\n")
    err = capfd.readouterr().err
    assert "XNNPACK" not in err and "noise" not in err and "something went wrong" in err


def test_import_does_not_load_mediapipe() -> None:
    code = "import sys, pytest_genimg.checks.anatomy; sys.exit('mediapipe' in sys.modules or 'cv2' in sys.modules)"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    assert subprocess.run([sys.executable, "-c", code], env=env, check=False).returncode == 0


@pytest.mark.parametrize(
    ("raised", "expected", "message"),
    [
        (OSError("libGLESv2.so.2: cannot open shared object file"), MissingDependencyError, "libgles2"),
        (RuntimeError("graph config broken"), ModelLoadError, "with segmentation masks: graph config broken"),
    ],
)
def test_a_masked_graph_that_fails_to_build_says_why(monkeypatch: pytest.MonkeyPatch, raised: Exception,
                                                     expected: type, message: str) -> None:
    """The graph with masks is built only when silhouettes are first asked for, after the engine
    started: its failure gets the same hint as the first graphs', not a bare native error."""
    from mediapipe.tasks.python import vision

    engine = pose.MediaPipePoseEngine()
    try:
        def broken(*args: object, **kwargs: object) -> None:
            raise raised

        monkeypatch.setattr(vision.PoseLandmarker, "create_from_options", broken)
        with pytest.raises(expected, match=message):
            engine.people_with_masks(np.zeros((64, 64, 3), np.uint8))
    finally:
        engine.close()

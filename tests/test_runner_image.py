"""What a GPU runner's image may lack, seen on the lent H200's: OpenCV 5's main packages
(opencv-python, -headless) have no Haar cascade or HOG people detector, which only its contrib build
keeps, and a CUDA image may have no libEGL for MediaPipe. The built-in detectors say so by name, with
the package to install, instead of failing deep inside with an AttributeError or a bare OSError."""
from __future__ import annotations

import sys
import types

import numpy as np
import pytest

from pytest_genimg.errors import MissingDependencyError


@pytest.fixture
def opencv_main_build(monkeypatch):
    """A cv2 module as opencv-python-headless 5.0 has it: no CascadeClassifier, no HOG."""
    fake = types.ModuleType("cv2")
    fake.__version__ = "5.0.0"
    fake.__file__ = "/site-packages/cv2/__init__.py"
    fake.COLOR_RGB2GRAY = 7
    monkeypatch.setitem(sys.modules, "cv2", fake)
    return fake


def test_the_haar_face_detector_names_the_contrib_build(opencv_main_build) -> None:
    from pytest_genimg.backends.faces import FaceDetector

    with pytest.raises(MissingDependencyError) as info:
        FaceDetector()
    message = str(info.value)
    assert "OpenCV 5.0.0" in message and "cv2.CascadeClassifier" in message
    assert "pip install opencv-contrib-python" in message and "face detection" in message


def test_the_hog_people_detector_names_the_contrib_build(opencv_main_build) -> None:
    from pytest_genimg.backends.detectors import PeopleDetector

    router = PeopleDetector.__new__(PeopleDetector)
    router._hog = None
    with pytest.raises(MissingDependencyError, match=r"cv2\.HOGDescriptor.*people detection.*opencv-contrib-python"):
        router.pedestrians(np.zeros((64, 64, 3), np.uint8))


def test_a_contrib_build_passes_the_check() -> None:
    cv2 = pytest.importorskip("cv2")
    if not hasattr(cv2, "CascadeClassifier"):
        pytest.skip("this OpenCV build has no cascade classifier")
    from pytest_genimg.backends.registry import require_opencv

    assert require_opencv("face detection", "CascadeClassifier", "data.haarcascades") is cv2


@pytest.mark.parametrize(
    ("raised", "expected", "message"),
    [
        (OSError("libEGL.so.1: cannot open shared object file: No such file or directory"), "MissingDependencyError",
         "libegl1"),
        (RuntimeError("graph config broken"), "ModelLoadError", "face_detector_full_range.tflite: graph config broken"),
    ],
)
def test_blazeface_that_cannot_start_says_why(monkeypatch, raised: Exception, expected: str, message: str) -> None:
    """On the H200 image without libEGL, BlazeFace's graph raised a bare OSError from ctypes while the
    pose engine and the segmenter named the OS package: now all three name it."""
    pytest.importorskip("mediapipe")
    from mediapipe.tasks.python import vision

    from pytest_genimg import errors
    from pytest_genimg.backends.faces import MediaPipeFaceDetector

    def broken(*args: object, **kwargs: object) -> None:
        raise raised

    monkeypatch.setattr(vision.FaceDetector, "create_from_options", broken)
    with pytest.raises(getattr(errors, expected), match=message):
        MediaPipeFaceDetector()

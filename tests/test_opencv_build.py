"""OpenCV 5's main packages (opencv-python, -headless) lack the Haar cascade and HOG people detectors,
which only its contrib build keeps: the built-in detectors that use them say so by name, with the
pip command, instead of failing deep inside with an AttributeError (seen on a GPU runner image)."""
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

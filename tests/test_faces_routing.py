"""Which face detector each caller asks, and the Haar detector's settings: the Haar proposer's faces
(score HAAR_SCORE, 0) reach only callers of the ``faces`` detector."""
from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from pytest_genimg.backends.faces import HAAR_SCORE
from pytest_genimg.backends.scan import Scan
from pytest_genimg.images import InputImage
from pytest_genimg.metrics.anatomy import Hand
from pytest_genimg.metrics.limb_rule import LimbRule

BLAZE_FACE = ((100.0, 100.0, 140.0, 140.0), 0.3)  # a face BlazeFace's proposal passes found
HAAR_FACE = ((300.0, 300.0, 340.0, 340.0), HAAR_SCORE)  # one only the Haar proposer added
ANSWERS = {"faces": [BLAZE_FACE, HAAR_FACE], "faces-blazeface": [BLAZE_FACE], "faces-confident": []}


@pytest.mark.parametrize(("min_face_score", "asked"), [(0.0, "faces-blazeface"), (0.4, "faces-blazeface"),
                                                       (0.5, "faces-confident"), (0.7, "faces-confident"),
                                                       (1.5, None)])  # above 1: no head exception, no face looked for
def test_the_head_exception_never_gets_the_haar_proposers_faces(monkeypatch, min_face_score, asked) -> None:
    """The anatomy check's heads come from BlazeFace's faces at every cut (as before the Haar proposer
    joined ``faces``): a cut of 0 must not turn the Haar proposer's faces into heads."""
    from pytest_genimg.backends import cached_detect as module
    from pytest_genimg.checks.anatomy import judge_scan
    from pytest_genimg.metrics.composition import Detection

    names: list[str] = []

    def fake(name, rgb, labels):
        names.append(name)
        return [Detection("face", box, score) for box, score in ANSWERS[name]]

    monkeypatch.setattr(module, "cached_detect", fake)
    hand = Hand(np.tile([320.0, 320.0], (21, 1)) + np.arange(42).reshape(21, 2), 0.9, "Left", 2)  # unowned: no people
    item = InputImage(Image.new("RGB", (512, 512)), 0, "#0")
    found = judge_scan(item, Scan([], [hand], 1), LimbRule(min_face_score=min_face_score))
    assert names == ([asked] if asked else [])
    grown = [(x0 - 12.0, y0 - 24.0, x1 + 12.0, y1 + 12.0) for (x0, y0, x1, y1), s in ANSWERS.get(asked, []) if s >= min_face_score]
    assert list(found.heads) == grown


@pytest.mark.parametrize(("kwargs", "argument"), [
    ({"min_neighbors": "5"}, "min_neighbors"),
    ({"min_neighbors": -1}, "min_neighbors"),
    ({"min_neighbors": True}, "min_neighbors"),
    ({"min_size": -0.1}, "min_size"),
    ({"min_size": "x"}, "min_size"),
    ({"cascade": 5}, "cascade"),
    ({"cascade": ""}, "cascade"),
])
def test_haar_detector_settings_out_of_range_name_the_argument(kwargs, argument) -> None:
    """faces-haar's settings (also the faces detector's Haar proposer's) are checked when built, not
    by OpenCV's overload error (or a silent run) at the first image; checked before OpenCV is needed."""
    from pytest_genimg.backends.faces import FaceDetector
    from pytest_genimg.errors import GenImgUsageError

    with pytest.raises(GenImgUsageError, match=f"^{argument}: expected "):
        FaceDetector(**kwargs)


def test_the_haar_proposers_score_and_merge_rule_are_part_of_the_faces_cache_identity(monkeypatch) -> None:
    """Cached ``faces`` detections hold the Haar faces' score and which Haar boxes were merged away:
    changing either rule must change the cache key (as FACE_IOU does), and not that of faces-blazeface."""
    from pytest_genimg.backends import faces

    before, blaze = faces.MediaPipeFaceDetector.identity(), faces.BlazeFaceDetector.identity()
    monkeypatch.setattr(faces, "HAAR_SCORE", 0.01)
    assert faces.MediaPipeFaceDetector.identity() != before
    monkeypatch.setattr(faces, "HAAR_SCORE", 0.0)
    monkeypatch.setattr(faces, "SAME_FACE_INSIDE", 0.6)
    assert faces.MediaPipeFaceDetector.identity() != before
    assert faces.BlazeFaceDetector.identity() == blaze

"""Face-mesh's face flag as a check of detected faces: the crop, which faces are checked and dropped,
errors, and the real model where ``fetch-coco`` has run (CI fetches it; elsewhere those tests skip)."""
from __future__ import annotations

import numpy as np
import pytest

from pytest_genimg.backends import coco_fetch
from pytest_genimg.backends.face_flag import SIZE, FaceFlag, FlaggedFaceDetector, crop
from pytest_genimg.errors import GenImgUsageError, MissingDependencyError
from pytest_genimg.metrics.composition import Detection

FETCHED = not coco_fetch.missing_files(coco_fetch.default_folder(), coco_fetch.FACE_MESH_FILES)


def test_crop_is_a_square_around_the_box_centre_scaled_to_the_model_input() -> None:
    rgb = np.zeros((100, 200, 3), np.uint8)
    rgb[40:60, 90:110] = 255  # a white 20 px square
    x = crop(rgb, (90.0, 40.0, 110.0, 60.0), 2.0)  # 40 px around it: the square fills the middle half
    assert x.shape == (1, SIZE, SIZE, 3) and x.dtype == np.float32
    assert x[0, SIZE // 2, SIZE // 2].tolist() == [1.0, 1.0, 1.0] and x[0, 10, 10].tolist() == [0.0, 0.0, 0.0]
    edge = crop(rgb, (0.0, 0.0, 10.0, 10.0), 2.0)  # reaches past the image: zero there
    assert edge[0, :SIZE // 4].max() == 0.0


class _Faces:
    def __init__(self, found):
        self.found = found

    def detect(self, rgb, labels):
        return self.found


class _Flag:
    def __init__(self, values):
        self.values, self.asked = values, []

    def flags(self, rgb, boxes, grow):
        self.asked += list(boxes)
        return [self.values[tuple(b)] for b in boxes]


def test_only_faces_under_the_score_are_checked_and_those_under_the_flag_cut_dropped() -> None:
    strong, weak_face, weak_flower = (Detection("face", (0, 0, 10, 10), 0.9), Detection("face", (20, 0, 30, 10), 0.0),
                                      Detection("face", (40, 0, 50, 10), 0.3))
    flag = _Flag({(20, 0, 30, 10): 0.8, (40, 0, 50, 10): 0.004})
    det = FlaggedFaceDetector(min_flag=0.01, below=0.5, faces=_Faces([strong, weak_face, weak_flower]), flag=flag)
    assert [d.box for d in det.detect(np.zeros((60, 60, 3), np.uint8), ["face", "head"])] == [
        (0, 0, 10, 10), (0, 0, 10, 10), (20, 0, 30, 10), (20, 0, 30, 10)]
    assert flag.asked == [(20, 0, 30, 10), (40, 0, 50, 10)]  # the 0.9 face is never checked
    assert det.cache_identity() is None  # a caller's detector: never cached
    assert FlaggedFaceDetector(flag=flag).cache_identity()["min_flag"] == 0.01


@pytest.mark.parametrize("kwargs, argument", [({"grow": 0.5}, "grow"), ({"min_flag": 2}, "min_flag"), ({"below": True}, "below")])
def test_settings_name_the_argument(kwargs, argument) -> None:
    with pytest.raises(GenImgUsageError, match=f"^{argument}: expected"):
        FlaggedFaceDetector(**kwargs)


def test_missing_files_name_the_fetch_command(tmp_path) -> None:
    with pytest.raises(MissingDependencyError, match="python -m pytest_genimg fetch-coco"):
        FaceFlag(tmp_path).flags(np.zeros((8, 8, 3), np.uint8), [(0.0, 0.0, 4.0, 4.0)])
    assert FaceFlag(tmp_path).flags(np.zeros((8, 8, 3), np.uint8), []) == []  # nothing to check: nothing loaded


@pytest.mark.skipif(not FETCHED, reason="the face mesh is not fetched (python -m pytest_genimg fetch-coco)")
def test_real_flag_tells_a_face_from_a_wall() -> None:
    from skimage import data

    face, wall = data.astronaut(), np.stack([data.brick()] * 3, -1)
    flags = FaceFlag().flags(face, [(170.0, 40.0, 300.0, 200.0)]) + FaceFlag().flags(wall, [(100.0, 100.0, 260.0, 260.0)])
    assert flags[0] > 0.9 and flags[1] < 0.01

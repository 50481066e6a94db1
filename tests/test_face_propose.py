"""MTCNN's P-Net and R-Net in numpy (``backends/face_propose.py``), the ``faces`` detector's third
proposer: each layer and both networks against torch, the pyramid and NMS by hand, the proposer on a
photo and on noise, and its settings' validation."""
from __future__ import annotations

import numpy as np
import pytest

from pytest_genimg.backends.face_propose import FaceProposer, conv_shifted, nms, scales, squared
from pytest_genimg.backends.face_verify import area_resize, area_table, area_resize_table, mtcnn_weights
from pytest_genimg.errors import GenImgUsageError


@pytest.fixture(scope="module")
def astronaut() -> np.ndarray:
    skdata = pytest.importorskip("skimage.data")
    return skdata.astronaut()


def test_shifted_convolution_and_rectangular_area_resize_match_torch() -> None:
    torch = pytest.importorskip("torch")
    import torch.nn.functional as F

    rng = np.random.default_rng(5)
    for k, channels in ((3, 3), (2, 48), (1, 32)):  # the kernel sizes P-Net and R-Net use
        x = rng.normal(size=(2, channels, 17, 23)).astype(np.float32)
        weight, bias = rng.normal(size=(6, channels, k, k)).astype(np.float32), rng.normal(size=6).astype(np.float32)
        expected = F.conv2d(torch.from_numpy(x), torch.from_numpy(weight), torch.from_numpy(bias)).numpy()
        np.testing.assert_allclose(conv_shifted(x, weight, bias), expected, rtol=1e-4, atol=1e-4)
    image = rng.uniform(0, 255, (97, 61, 3)).astype(np.float32)
    for size in ((40, 25), (69, 43), (120, 30)):  # pyramid levels: both sides shrink, or one grows
        expected = F.interpolate(torch.from_numpy(image).permute(2, 0, 1)[None], size=size, mode="area")[0].permute(1, 2, 0)
        np.testing.assert_allclose(area_resize(image, size), expected.numpy(), rtol=1e-5, atol=1e-3)
        np.testing.assert_array_equal(area_resize_table(area_table(image), size), area_resize(image, size))


def _torch_nets(torch):
    """facenet-pytorch's PNet and RNet forward passes, written with torch's functional layers over the
    shipped weights (the wheel itself is never installed)."""
    import torch.nn.functional as F

    w = {k: torch.from_numpy(v) for k, v in mtcnn_weights("mtcnn_pnet_rnet.npz").items()}

    def pnet(x):
        x = F.max_pool2d(F.prelu(F.conv2d(x, w["pnet.conv1.weight"], w["pnet.conv1.bias"]), w["pnet.prelu1.weight"]), 2, 2, ceil_mode=True)
        x = F.prelu(F.conv2d(x, w["pnet.conv2.weight"], w["pnet.conv2.bias"]), w["pnet.prelu2.weight"])
        x = F.prelu(F.conv2d(x, w["pnet.conv3.weight"], w["pnet.conv3.bias"]), w["pnet.prelu3.weight"])
        prob = F.softmax(F.conv2d(x, w["pnet.conv4_1.weight"], w["pnet.conv4_1.bias"]), dim=1)[:, 1]
        return prob, F.conv2d(x, w["pnet.conv4_2.weight"], w["pnet.conv4_2.bias"])

    def rnet(x):
        for i in (1, 2):
            x = F.max_pool2d(F.prelu(F.conv2d(x, w[f"rnet.conv{i}.weight"], w[f"rnet.conv{i}.bias"]), w[f"rnet.prelu{i}.weight"]),
                             3, 2, ceil_mode=True)
        x = F.prelu(F.conv2d(x, w["rnet.conv3.weight"], w["rnet.conv3.bias"]), w["rnet.prelu3.weight"])
        x = F.prelu(F.linear(x.permute(0, 3, 2, 1).reshape(x.shape[0], -1), w["rnet.dense4.weight"], w["rnet.dense4.bias"]),
                    w["rnet.prelu4.weight"])
        return F.softmax(F.linear(x, w["rnet.dense5_1.weight"], w["rnet.dense5_1.bias"]), dim=1)[:, 1], \
            F.linear(x, w["rnet.dense5_2.weight"], w["rnet.dense5_2.bias"])

    return pnet, rnet


def test_pnet_and_rnet_match_torch(astronaut) -> None:
    torch = pytest.importorskip("torch")

    pnet, rnet = _torch_nets(torch)
    proposer = FaceProposer()
    level = ((area_resize(astronaut.astype(np.float32), (93, 71)) - 127.5) * 0.0078125).transpose(2, 0, 1)[None]
    crops = ((np.stack([area_resize(astronaut[y:y + n, x:x + n].astype(np.float32), 24) for x, y, n in ((169, 58, 108), (0, 0, 60), (300, 400, 60))])
              - 127.5) * 0.0078125).transpose(0, 3, 1, 2)
    for ours, theirs, x in ((proposer.pnet, pnet, level), (proposer.rnet, rnet, crops)):
        with torch.no_grad():
            expected = [t.numpy() for t in theirs(torch.from_numpy(np.ascontiguousarray(x)))]
        for got, want in zip(ours(x), expected):
            np.testing.assert_allclose(got, want, rtol=1e-4, atol=1e-4)
    assert proposer.rnet(crops)[0][0] > 0.9 > proposer.rnet(crops)[0][2]  # the face crop, then a patch of ground


def test_the_pyramid_nms_and_squaring_by_hand() -> None:
    # a 20 px face is P-Net's 12 px window at scale 0.6; the short side (60, 42.5, 30.2, 21.4, 15.2 px)
    # stays at least 12 px for five levels
    assert scales(100, 300, 20) == pytest.approx([0.6 * 0.709**k for k in range(5)])
    assert scales(11, 500, 12) == []  # nothing a 12 px window fits in
    boxes = np.array([[0, 0, 9, 9], [1, 0, 10, 9], [20, 20, 29, 29], [0, 0, 4, 4]], float)
    scores = np.array([0.5, 0.9, 0.7, 0.8])
    # box 1 (best) overlaps box 0 by IoU 90/110 > 0.5: suppressed; box 3 lies inside box 0 (IoU 25/100)
    assert nms(boxes, scores, 0.5).tolist() == [1, 3, 2]
    assert nms(boxes, scores, 0.9).tolist() == [1, 3, 2, 0]
    np.testing.assert_array_equal(squared(np.array([[10.0, 20.0, 30.0, 60.0]])), [[0.0, 20.0, 40.0, 60.0]])


def test_the_proposer_frames_the_astronauts_face_and_nothing_on_noise(astronaut) -> None:
    from pytest_genimg.backends.face_verify import FaceVerifier
    from pytest_genimg.metrics.composition import box_iou

    proposed = FaceProposer().propose(astronaut)
    assert proposed and all(box_iou(box, (165.0, 55.0, 280.0, 175.0)) > 0.5 for box, _ in proposed)
    assert all(0.7 <= score <= 1.0 for _, score in proposed)
    assert min(FaceVerifier().probabilities(astronaut, [box for box, _ in proposed])) >= 0.9
    noise = np.random.default_rng(0).integers(0, 256, (512, 512, 3)).astype(np.uint8)
    assert FaceProposer().propose(noise) == []
    assert FaceProposer().propose(np.full((8, 300, 3), 128, np.uint8)) == []  # too thin for a 12 px window


@pytest.mark.parametrize(("kwargs", "argument"), [
    ({"min_face": 8}, "min_face"), ({"min_face": "20"}, "min_face"), ({"min_face": True}, "min_face"),
    ({"pnet_min": 1.5}, "pnet_min"), ({"rnet_min": None}, "rnet_min"),
])
def test_proposer_settings_out_of_range_name_the_argument(kwargs, argument) -> None:
    with pytest.raises(GenImgUsageError, match=f"^{argument}: expected "):
        FaceProposer(**kwargs)


def test_the_mtcnn_proposer_changes_the_faces_cache_identity_and_no_other() -> None:
    from pytest_genimg.backends.detectors import DETECTORS, PeopleDetector
    from pytest_genimg.backends.faces import MediaPipeFaceDetector

    on, off = MediaPipeFaceDetector.identity(), MediaPipeFaceDetector.identity(mtcnn=False)
    assert on != off and on["params"]["mtcnn"]["weights"] != "absent" and "mtcnn" not in off["params"]
    assert "mtcnn" not in MediaPipeFaceDetector.identity(verify_min=None)["params"]  # no O-Net, no proposer
    assert DETECTORS.identity("faces") == on
    # the detectors without it keep the identities (and cached verdicts) they had before it
    assert DETECTORS.identity("faces-blazeface") == MediaPipeFaceDetector.identity(haar=False, mtcnn=False)
    assert "mtcnn" not in DETECTORS.identity("faces-confident")["params"]
    assert PeopleDetector.identity()["faces"] == DETECTORS.identity("faces-blazeface")


@pytest.mark.usefixtures("opencv_cascade")
def test_the_faces_detector_adds_a_face_only_mtcnn_proposes_where_o_net_confirms_it(astronaut, small_lfw_face) -> None:
    pytest.importorskip("mediapipe")
    from pytest_genimg.backends.face_verify import FaceVerifier
    from pytest_genimg.backends.faces import HAAR_SCORE, MTCNN_MIN_FACE, MTCNN_RNET_MIN, BlazeFaceDetector, MediaPipeFaceDetector
    from pytest_genimg.metrics.composition import box_iou

    # LFW face 30 at 48 px, blurred by 1: BlazeFace's passes and the Haar cascade find no face O-Net
    # confirms; MTCNN's P-Net and R-Net do
    face = small_lfw_face(30, 48, 1.0)
    shipped, without = MediaPipeFaceDetector(), MediaPipeFaceDetector(mtcnn=False)
    assert "+mtcnn>=30px" in shipped.name and "mtcnn" not in without.name
    assert without.detect(face, ["face"]) == []
    (found,) = shipped.detect(face, ["face"])
    assert found.score == HAAR_SCORE and box_iou(found.box, (200, 200, 248, 248)) > 0.5
    assert found.box in [box for box, _ in FaceProposer(min_face=MTCNN_MIN_FACE, rnet_min=MTCNN_RNET_MIN).propose(face)]
    assert FaceVerifier().probabilities(face, [found.box])[0] >= 0.9
    noise = np.random.default_rng(0).integers(0, 256, (512, 512, 3)).astype(np.uint8)
    assert shipped.detect(noise, ["face"]) == []
    # faces-blazeface (and so the people under faces) is the shipped faces scoring over HAAR_SCORE
    for rgb in (face, astronaut, noise):
        assert BlazeFaceDetector().detect(rgb, ["face"]) == [d for d in shipped.detect(rgb, ["face"]) if d.score > HAAR_SCORE]

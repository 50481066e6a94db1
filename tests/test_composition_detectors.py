"""The ``faces`` detector's second opinion (MTCNN's O-Net on each BlazeFace box) and the pure rules
around it: which candidates are kept, the square crop the verifier sees, the body box under a face."""
from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from pytest_genimg.backends.faces import HAAR_SCORE, add_confirmed, keep_faces, people_under_faces, same_face
from pytest_genimg.backends.face_verify import face_crop


@pytest.fixture(scope="module")
def astronaut() -> Image.Image:
    skdata = pytest.importorskip("skimage.data")
    return Image.fromarray(skdata.astronaut()).convert("RGB")


def test_keep_faces_applies_both_cuts_inclusively_and_merges_overlaps() -> None:
    candidates = [
        ((0, 0, 10, 10), 0.50, 0.90),  # both cuts met exactly: kept
        ((1, 1, 11, 11), 0.80, 0.95),  # overlaps the first (IoU 0.68): the higher score wins
        ((50, 0, 60, 10), 0.49, 1.00),  # BlazeFace score under the cut
        ((80, 0, 90, 10), 0.90, 0.89),  # O-Net probability under the cut
        ((0, 50, 10, 60), 0.90, None),  # never verified: dropped when verification is on
    ]
    assert [d.box for d in keep_faces(candidates, 0.5, 0.9)] == [(1, 1, 11, 11)]
    unverified = keep_faces(candidates, 0.5, None)
    assert sorted(d.box for d in unverified) == [(0, 50, 10, 60), (1, 1, 11, 11), (80, 0, 90, 10)]
    assert [d.score for d in keep_faces(candidates, 0.85, None)] == [0.90, 0.90]


def test_keep_faces_merges_a_proposal_into_a_kept_face_at_the_lower_iou() -> None:
    candidates = [
        ((0, 0, 10, 10), 0.80, 0.99),
        ((6, 0, 16, 10), 0.10, 0.98),  # a proposal (under 0.5) at IoU 0.25 with the face above
        ((0, 20, 10, 30), 0.70, 0.99),
        ((6, 20, 16, 30), 0.60, 0.97),  # a first-pass box at IoU 0.25: two faces under FACE_IOU (0.3)
        ((40, 0, 50, 10), 0.06, 0.95),  # a proposal overlapping nothing
    ]
    boxes = lambda faces: sorted(d.box for d in faces)  # noqa: E731
    everything = [(0, 0, 10, 10), (0, 20, 10, 30), (6, 0, 16, 10), (6, 20, 16, 30), (40, 0, 50, 10)]
    assert boxes(keep_faces(candidates, 0.05, 0.9)) == everything  # one IoU for all: the previous rule
    merged = keep_faces(candidates, 0.05, 0.9, proposals_below=0.5, proposal_iou=0.2)
    assert boxes(merged) == [(0, 0, 10, 10), (0, 20, 10, 30), (6, 20, 16, 30), (40, 0, 50, 10)]
    assert boxes(keep_faces(candidates, 0.05, 0.9, proposals_below=0.5, proposal_iou=0.3)) == everything  # 0.25 <= 0.3
    assert boxes(keep_faces(candidates, 0.08, 0.9, proposals_below=0.5, proposal_iou=0.2)) == [(0, 0, 10, 10), (0, 20, 10, 30), (6, 20, 16, 30)]


def test_proposal_passes_and_the_score_under_which_boxes_merge_at_the_proposal_iou() -> None:
    from pytest_genimg.backends.faces import _merge_below, _proposal_floors

    assert _proposal_floors(0.5, 0.9, 0.05) == (0.2, 0.05)  # the earlier pass keeps the boxes above 0.2 where they were
    assert _proposal_floors(0.5, 0.9, 0.2) == (0.2,)
    assert _proposal_floors(0.5, 0.9, 0.3) == (0.3,)
    assert _proposal_floors(0.15, 0.9, 0.05) == (0.05,)  # EARLIER_FLOOR is not under the first pass's cut
    assert _proposal_floors(0.5, None, 0.05) == () and _proposal_floors(0.5, 0.9, None) == () and _proposal_floors(0.5, 0.9, 0.5) == ()
    assert _merge_below(0.5, (0.2, 0.05)) == 0.2 and _merge_below(0.15, (0.05,)) == 0.15
    assert _merge_below(0.5, (0.2,)) is None and _merge_below(0.5, (0.3,)) is None and _merge_below(0.5, ()) is None


def test_keep_faces_asks_the_check_only_about_boxes_not_already_merged() -> None:
    candidates = [((0, 0, 10, 10), 0.80, None), ((6, 0, 16, 10), 0.10, None), ((40, 0, 50, 10), 0.30, None),
                  ((0, 40, 10, 50), 0.20, None)]
    probability = {(0, 0, 10, 10): 0.99, (6, 0, 16, 10): 0.99, (40, 0, 50, 10): 0.50, (0, 40, 10, 50): 0.95}
    asked: list = []

    def check(box):
        asked.append(box)
        return probability[box]

    lazy = keep_faces(candidates, 0.05, 0.9, proposals_below=0.5, check=check)
    eager = keep_faces([(b, s, probability[b]) for b, s, _ in candidates], 0.05, 0.9, proposals_below=0.5)
    assert lazy == eager and [d.box for d in lazy] == [(0, 0, 10, 10), (0, 40, 10, 50)]
    assert asked == [(0, 0, 10, 10), (40, 0, 50, 10), (0, 40, 10, 50)]  # the merged proposal was never checked
    assert keep_faces(candidates, 0.05, 0.9) == []  # no probabilities and no check: nothing is verified


def test_keep_faces_confident_cut_lowers_o_net_only_for_boxes_blazeface_is_sure_of() -> None:
    candidates = [
        ((0, 0, 10, 10), 0.80, 0.75),  # BlazeFace sure, O-Net 0.75
        ((20, 0, 30, 10), 0.50, 0.70),  # both opt-in cuts met exactly
        ((40, 0, 50, 10), 0.49, 0.95),  # not confident, O-Net over 0.9: kept either way
        ((60, 0, 70, 10), 0.30, 0.80),  # not confident: still needs 0.9
        ((80, 0, 90, 10), 0.90, 0.69),  # confident, O-Net under the lower cut
    ]
    boxes = lambda faces: sorted(d.box for d in faces)  # noqa: E731
    assert boxes(keep_faces(candidates, 0.05, 0.9)) == [(40, 0, 50, 10)]  # the default: one cut for all
    assert boxes(keep_faces(candidates, 0.05, 0.9, confident=(0.5, 0.7))) == [(0, 0, 10, 10), (20, 0, 30, 10), (40, 0, 50, 10)]
    assert boxes(keep_faces(candidates, 0.05, 0.9, confident=(0.5, 0.9))) == boxes(keep_faces(candidates, 0.05, 0.9))


def test_keep_faces_inside_merges_a_proposal_lying_within_a_kept_face() -> None:
    candidates = [
        ((0, 0, 40, 40), 0.90, 0.99),
        ((25, 25, 37, 37), 0.10, 0.95),  # a proposal wholly inside the face, IoU 0.09: a second face by IoU alone
        ((35, 35, 47, 47), 0.08, 0.95),  # a proposal 0.17 inside the face
        ((5, 5, 15, 15), 0.60, 0.95),  # inside too, but no proposal (scores over proposals_below)
    ]
    boxes = lambda faces: sorted(d.box for d in faces)  # noqa: E731
    everything = sorted(box for box, _, _ in candidates)
    assert boxes(keep_faces(candidates, 0.05, 0.9, proposals_below=0.2)) == everything  # the default
    merged = keep_faces(candidates, 0.05, 0.9, proposals_below=0.2, inside=0.5)
    assert boxes(merged) == [(0, 0, 40, 40), (5, 5, 15, 15), (35, 35, 47, 47)]
    assert boxes(keep_faces(candidates, 0.05, 0.9, proposals_below=0.2, inside=0.1)) == [(0, 0, 40, 40), (5, 5, 15, 15)]
    assert boxes(keep_faces(candidates, 0.05, 0.9, inside=0.1)) == everything  # no proposals: nothing to merge


def test_the_opt_ins_reach_detect_and_the_cache_identity(monkeypatch) -> None:
    pytest.importorskip("mediapipe")
    from pytest_genimg.backends.faces import CONFIDENT_VERIFY_OPT_IN, PROPOSAL_INSIDE_OPT_IN, MediaPipeFaceDetector

    candidates = [((0.0, 0.0, 40.0, 40.0), 0.9, None), ((25.0, 25.0, 37.0, 37.0), 0.1, None), ((60.0, 0.0, 80.0, 20.0), 0.7, None)]
    probability = {(0.0, 0.0, 40.0, 40.0): 0.99, (25.0, 25.0, 37.0, 37.0): 0.95, (60.0, 0.0, 80.0, 20.0): 0.8}
    rgb = np.zeros((100, 100, 3), np.uint8)
    found = {}
    for title, kwargs in (("default", {}), ("confident", {"confident_verify_min": CONFIDENT_VERIFY_OPT_IN}),
                          ("inside", {"proposal_inside": PROPOSAL_INSIDE_OPT_IN})):
        detector = MediaPipeFaceDetector(haar=False, mtcnn=False, **kwargs)
        monkeypatch.setattr(detector, "candidates", lambda image, verify=None: candidates)
        monkeypatch.setattr(detector, "_probabilities", lambda image, boxes: [probability[b] for b in boxes])
        found[title] = sorted(d.box for d in detector.detect(rgb, ["face"]))
        detector.close()
    assert found["default"] == [(0.0, 0.0, 40.0, 40.0), (25.0, 25.0, 37.0, 37.0)]
    assert found["confident"] == [(0.0, 0.0, 40.0, 40.0), (25.0, 25.0, 37.0, 37.0), (60.0, 0.0, 80.0, 20.0)]
    assert found["inside"] == [(0.0, 0.0, 40.0, 40.0)]
    default = MediaPipeFaceDetector.identity()
    assert MediaPipeFaceDetector.identity(confident_verify_min=None, proposal_inside=None) == default  # earlier releases' identity
    assert MediaPipeFaceDetector.identity(confident_verify_min=0.9) == default  # the same cut for every box
    assert MediaPipeFaceDetector.identity(confident_verify_min=0.7) != default
    assert MediaPipeFaceDetector.identity(confident_verify_min=0.7) != MediaPipeFaceDetector.identity(confident_verify_min=0.8)
    assert MediaPipeFaceDetector.identity(proposal_inside=0.5) != default
    assert MediaPipeFaceDetector.identity(proposal_inside=0.5, propose_min=0.2) == MediaPipeFaceDetector.identity(propose_min=0.2)


def test_same_face_is_an_iou_over_0_3_or_half_the_smaller_box_inside_the_other() -> None:
    face = (100.0, 100.0, 140.0, 140.0)  # a BlazeFace box, 40 px
    assert same_face(face, (90.0, 85.0, 150.0, 145.0))  # a Haar box framing it wider: IoU 0.44
    assert same_face(face, (80.0, 80.0, 160.0, 160.0))  # wider still: IoU 0.25, but all of it inside
    assert same_face(face, (120.0, 100.0, 160.0, 140.0))  # half of it (IoU 0.33)
    assert not same_face(face, (125.0, 100.0, 165.0, 140.0))  # 15 of 40 px across: IoU 0.23, 38% inside
    assert not same_face(face, (140.0, 100.0, 180.0, 140.0))  # touching edges
    assert not same_face(face, (300.0, 300.0, 340.0, 340.0))


def test_add_confirmed_adds_only_new_faces_that_o_net_confirms_asking_only_about_those() -> None:
    from pytest_genimg.metrics.composition import Detection

    kept = [Detection("face", (100.0, 100.0, 140.0, 140.0), 0.7)]
    proposals = [
        ((90.0, 85.0, 150.0, 145.0), 0.99),  # the kept face, framed wider: never asked about
        ((300.0, 100.0, 340.0, 140.0), 0.95),  # a new face O-Net confirms
        ((305.0, 105.0, 345.0, 145.0), 0.90),  # the same new face again, weaker: merged into it
        ((500.0, 100.0, 540.0, 140.0), 0.97),  # O-Net says no
        ((600.0, 100.0, 640.0, 140.0), 0.50),  # O-Net exactly at the cut: kept (inclusive)
    ]
    probability = {(300.0, 100.0, 340.0, 140.0): 0.97, (500.0, 100.0, 540.0, 140.0): 0.89, (600.0, 100.0, 640.0, 140.0): 0.9}
    asked: list = []
    faces = add_confirmed(kept, proposals, 0.9, lambda box: asked.append(box) or probability[box])
    assert faces == kept + [Detection("face", (300.0, 100.0, 340.0, 140.0), HAAR_SCORE), Detection("face", (600.0, 100.0, 640.0, 140.0), HAAR_SCORE)]
    assert sorted(asked) == sorted(probability)  # the first and third boxes were settled without O-Net
    assert HAAR_SCORE < 0.05  # under every BlazeFace floor: faces-confident and people under faces ignore them
    assert add_confirmed(kept, [], 0.9, probability.__getitem__) == kept


def test_face_crop_is_the_centred_square_zero_padded_outside_the_image() -> None:
    rgb = np.arange(10 * 10 * 3, dtype=np.uint8).reshape(10, 10, 3)
    crop = face_crop(rgb, (-2.0, 2.0, 4.0, 6.0))  # 6 wide, 4 tall: a 6 px square centred at (1, 4)
    assert crop.shape == (6, 6, 3) and crop.dtype == np.float32
    assert np.all(crop[:, :2] == 0)  # columns -2 and -1 lie outside the image
    np.testing.assert_array_equal(crop[:, 2:], rgb[1:7, 0:4].astype(np.float32))


def test_people_under_faces_spans_a_face_either_side_and_six_down_clipped_to_the_image() -> None:
    from pytest_genimg import Detection

    faces = [Detection("face", (100.0, 100.0, 120.0, 120.0), 0.8), Detection("face", (5.0, 2.0, 25.0, 22.0), 0.6)]
    assert people_under_faces(faces, (230, 300, 3)) == [((80.0, 94.0, 140.0, 230.0), 0.8), ((0.0, 0.0, 45.0, 142.0), 0.6)]


def test_verifier_scores_a_real_face_high_and_background_low(astronaut) -> None:
    from pytest_genimg.backends.face_verify import FaceVerifier

    rgb = np.asarray(astronaut)
    face, wall, noise = (170, 30, 260, 140), (400, 10, 490, 120), (0, 0, 90, 110)
    noisy = rgb.copy()
    noisy[:110, :90] = np.random.default_rng(0).integers(0, 256, (110, 90, 3), dtype=np.uint8)
    p_face, p_wall, p_noise = FaceVerifier().probabilities(noisy, [face, wall, noise])
    assert p_face > 0.9 and p_wall < 0.5 and p_noise < 0.5
    assert FaceVerifier().probabilities(rgb, []) == []


def test_numpy_layers_match_torch() -> None:
    torch = pytest.importorskip("torch")
    import torch.nn.functional as F

    from pytest_genimg.backends.face_verify import _conv, _max_pool, area_resize

    rng = np.random.default_rng(3)
    for h, w in ((97, 61), (30, 30), (20, 75)):  # shrink, equal-ish, and enlarge along one side
        image = rng.uniform(0, 255, (h, w, 3)).astype(np.float32)
        expected = F.interpolate(torch.from_numpy(image).permute(2, 0, 1)[None], size=(48, 48), mode="area")[0].permute(1, 2, 0)
        np.testing.assert_allclose(area_resize(image, 48), expected.numpy(), rtol=1e-5, atol=1e-3)
    x = rng.normal(size=(2, 3, 23, 23)).astype(np.float32)
    weight, bias = rng.normal(size=(5, 3, 3, 3)).astype(np.float32), rng.normal(size=5).astype(np.float32)
    tx = torch.from_numpy(x)
    np.testing.assert_allclose(_conv(x, weight, bias), F.conv2d(tx, torch.from_numpy(weight), torch.from_numpy(bias)).numpy(), atol=1e-4)
    for size, stride in ((3, 2), (2, 2)):
        np.testing.assert_array_equal(_max_pool(x, size, stride), F.max_pool2d(tx, size, stride, ceil_mode=True).numpy())


def _noise_with_a_false_face() -> np.ndarray:
    """Uniform noise on which BlazeFace (full range) alone reports a face at 0.52."""
    rng = np.random.default_rng(0)
    for _ in range(2):
        rng.integers(0, 256, (128, 128, 3))
        rgb = rng.integers(0, 256, (512, 512, 3)).astype(np.uint8)
    return rgb


FACES_IN_ROW = 3


def _small_faces_row() -> np.ndarray:
    """Three LFW faces (25 px crops) scaled to 48 px, blurred by the enlargement, on a plain ground:
    the two earlier passes find two of them (BlazeFace scores the third under 0.2)."""
    skdata = pytest.importorskip("skimage.data")
    crops = (skdata.lfw_subset() * 255).astype(np.uint8)
    canvas = Image.new("RGB", (768, 512), (120, 140, 160))
    for j, k in enumerate((3, 4, 5)):
        canvas.paste(Image.fromarray(crops[k]).convert("RGB").resize((48, 48), Image.Resampling.BICUBIC), (100 + j * 250, 200))
    return np.asarray(canvas)


@pytest.mark.usefixtures("opencv_cascade")
def test_faces_detector_drops_blazeface_false_alarms_on_noise_but_keeps_real_faces(astronaut) -> None:
    pytest.importorskip("mediapipe")
    from pytest_genimg.backends.faces import MediaPipeFaceDetector
    from pytest_genimg.backends.detectors import resolve_detector

    noise = _noise_with_a_false_face()
    assert len(MediaPipeFaceDetector(min_confidence=0.5, verify_min=None).detect(noise, ["face"])) == 1  # BlazeFace alone is fooled
    assert len(MediaPipeFaceDetector(min_confidence=0.2, verify_min=None).detect(noise, ["face"])) == 2  # more so at the shipped floor
    assert resolve_detector("faces").detect(noise, ["face"]) == []  # the shipped detector verifies
    assert len(resolve_detector("faces").detect(np.asarray(astronaut), ["face"])) == 1
    # photos pasted side by side: both faces survive the check
    pair = Image.new("RGB", (1024, 512))
    pair.paste(astronaut, (0, 0))
    pair.paste(astronaut.transpose(Image.Transpose.FLIP_LEFT_RIGHT), (512, 0))
    assert len(resolve_detector("faces").detect(np.asarray(pair), ["face"])) == 2


def test_the_proposal_passes_add_faces_under_the_cut_and_move_none_above_their_floors(astronaut) -> None:
    pytest.importorskip("mediapipe")
    from pytest_genimg.backends.faces import MediaPipeFaceDetector, keep_faces

    # whole-image passes only (no tiles), where a 70 px face in a 1600 px frame scores under 0.5;
    # BlazeFace's passes alone (the Haar proposer is tested apart)
    shipped = MediaPipeFaceDetector(tile=10**6, haar=False, mtcnn=False)
    earlier, single = (MediaPipeFaceDetector(tile=10**6, propose_min=p, haar=False, mtcnn=False) for p in (0.2, None))
    assert (shipped.propose_min, shipped.merge_below) == (0.05, 0.2)
    assert (earlier.propose_min, earlier.merge_below, single.propose_min) == (0.2, None, None)
    assert [floor for _, floor in shipped._passes] == [0.5, 0.2, 0.05]
    big = Image.new("RGB", (1600, 1200), (128, 128, 128))
    big.paste(astronaut.crop((160, 60, 300, 200)).resize((70, 70)), (1200, 800))
    for rgb in (np.asarray(astronaut), _noise_with_a_false_face(), np.asarray(big), _small_faces_row()):
        all_three, two, first = (d.detect(rgb, ["face"]) for d in (shipped, earlier, single))
        assert [d for d in two if d.score >= 0.5] == first  # the anatomy check's faces (>= 0.7) are untouched
        assert [d for d in all_three if d.score >= 0.2] == two  # and so is everything the previous release found
        assert all(d.score >= 0.05 for d in all_three)
        # detect() asks O-Net lazily; verifying every candidate first keeps the same faces
        assert all_three == keep_faces(shipped.candidates(rgb), 0.05, 0.9, proposals_below=0.2)
    assert len(shipped.detect(np.asarray(big), ["face"])) == 1 and single.detect(np.asarray(big), ["face"]) == []
    assert MediaPipeFaceDetector.identity(propose_min=0.2) != MediaPipeFaceDetector.identity(propose_min=None)
    assert MediaPipeFaceDetector.identity(propose_min=0.05) != MediaPipeFaceDetector.identity(propose_min=0.2)
    assert MediaPipeFaceDetector.identity(proposal_iou=0.1) != MediaPipeFaceDetector.identity()
    # no O-Net, no proposals: BlazeFace alone below 0.5 fires on noise
    assert MediaPipeFaceDetector(verify_min=None).propose_min is None


@pytest.mark.usefixtures("opencv_cascade")
def test_the_confident_detector_is_the_faces_detectors_first_pass(astronaut) -> None:
    """faces-confident (the anatomy check's head exception) finds exactly the faces scoring >= 0.5
    that the shipped faces detector finds, tiles included, and is cached apart from it."""
    pytest.importorskip("mediapipe")
    from pytest_genimg.backends.detectors import BUILTIN_DETECTORS, DETECTORS
    from pytest_genimg.backends.faces import ConfidentFaceDetector, MediaPipeFaceDetector

    shipped, confident = MediaPipeFaceDetector(), ConfidentFaceDetector()
    wide = Image.new("RGB", (1400, 700), (128, 128, 128))  # over the tile size: tiled passes too
    wide.paste(astronaut, (600, 100))
    wide.paste(astronaut.crop((160, 60, 300, 200)).resize((60, 60)), (100, 500))
    for rgb in (np.asarray(astronaut), np.asarray(wide), _small_faces_row()):
        assert confident.detect(rgb, ["face"]) == [d for d in shipped.detect(rgb, ["face"]) if d.score >= 0.5]
    assert "faces-confident" in BUILTIN_DETECTORS
    assert DETECTORS.identity("faces-confident") == MediaPipeFaceDetector.identity(propose_min=None, haar=False, mtcnn=False)
    assert DETECTORS.identity("faces-confident") != DETECTORS.identity("faces") == MediaPipeFaceDetector.identity()
    assert confident.cache_identity() == DETECTORS.identity("faces-confident")


def test_the_third_pass_finds_small_blurred_faces_the_earlier_passes_miss() -> None:
    pytest.importorskip("mediapipe")
    from pytest_genimg.backends.faces import MediaPipeFaceDetector

    row = _small_faces_row()
    assert len(MediaPipeFaceDetector(propose_min=0.2, haar=False, mtcnn=False).detect(row, ["face"])) == FACES_IN_ROW - 1
    assert len(MediaPipeFaceDetector(haar=False, mtcnn=False).detect(row, ["face"])) == FACES_IN_ROW


@pytest.mark.usefixtures("opencv_cascade")
def test_the_haar_proposer_adds_a_face_blazeface_misses_where_o_net_confirms_it_and_nothing_else(astronaut, small_lfw_face) -> None:
    pytest.importorskip("mediapipe")
    from pytest_genimg.backends.detectors import BUILTIN_DETECTORS, DETECTORS, PeopleDetector
    from pytest_genimg.backends.face_verify import FaceVerifier
    from pytest_genimg.backends.faces import BlazeFaceDetector, FaceDetector, MediaPipeFaceDetector
    from pytest_genimg.metrics.composition import box_iou

    # LFW face 1 at 44 px, blurred by 1.5: BlazeFace's three passes miss it, OpenCV's Haar cascade
    # proposes it and O-Net confirms it
    face = small_lfw_face(1, 44, 1.5)
    shipped, blazeface = MediaPipeFaceDetector(), BlazeFaceDetector()
    assert blazeface.detect(face, ["face"]) == []
    (found,) = shipped.detect(face, ["face"])
    assert found.score == HAAR_SCORE and box_iou(found.box, (200, 200, 244, 244)) > 0.5
    assert FaceVerifier().probabilities(face, [found.box])[0] >= 0.9
    assert [d.box for d in FaceDetector().detect(face, ["face"])] == [found.box]  # the Haar cascade's own box
    # BlazeFace alone does see it, at 0.66, but O-Net rejects its box (33 px, shifted down)
    (unverified,) = MediaPipeFaceDetector(verify_min=None).detect(face, ["face"])
    assert FaceVerifier().probabilities(face, [unverified.box])[0] < 0.9
    # without O-Net there is no Haar proposer (the cascade alone fires on textures)
    assert MediaPipeFaceDetector.identity(verify_min=None)["params"]["haar"] is None
    # faces-blazeface: the shipped faces scoring over HAAR_SCORE, on faces found by BlazeFace, noise and a small-face row
    for rgb in (np.asarray(astronaut), _noise_with_a_false_face(), _small_faces_row(), face):
        assert blazeface.detect(rgb, ["face"]) == [d for d in shipped.detect(rgb, ["face"]) if d.score > HAAR_SCORE]
    assert shipped.detect(_noise_with_a_false_face(), ["face"]) == []  # no Haar face on noise either
    assert "faces-blazeface" in BUILTIN_DETECTORS
    assert DETECTORS.identity("faces-blazeface") == MediaPipeFaceDetector.identity(haar=False, mtcnn=False) != MediaPipeFaceDetector.identity()
    assert PeopleDetector.identity()["faces"] == DETECTORS.identity("faces-blazeface")  # people come from BlazeFace's faces


def test_the_verifier_cut_is_part_of_the_cache_identity() -> None:
    from pytest_genimg.backends.faces import MediaPipeFaceDetector

    on, off = MediaPipeFaceDetector.identity(verify_min=0.9), MediaPipeFaceDetector.identity(verify_min=None)
    assert on != off and on["verifier"] not in (None, "absent") and off["verifier"] is None


def test_a_mirrored_body_swaps_left_and_right_landmarks_and_mirrors_x() -> None:
    from pytest_genimg.metrics.anatomy import Person

    points = np.column_stack([np.arange(33, dtype=float), np.arange(33, dtype=float) * 2])
    person = Person(points, np.linspace(0, 1, 33))
    flipped = person.mirrored(100.0)
    # the left shoulder (11) of the mirror view is the right shoulder (12) of the original, and so on
    np.testing.assert_array_equal(flipped.points[11], [100.0 - 12, 24.0])
    np.testing.assert_array_equal(flipped.points[0], [100.0, 0.0])  # the nose has no twin
    np.testing.assert_array_equal(flipped.points[1], [100.0 - 4, 8.0])  # left eye inner <- right eye inner
    assert flipped.visibility[31] == person.visibility[32]
    back = flipped.mirrored(100.0)
    np.testing.assert_array_equal(back.points, person.points)
    np.testing.assert_array_equal(back.visibility, person.visibility)


def test_people_looking_at_the_mirror_image_too_still_count_one_astronaut_once(astronaut) -> None:
    pytest.importorskip("mediapipe")
    from pytest_genimg.backends.detectors import PeopleDetector

    detector = PeopleDetector()
    rgb = np.asarray(astronaut)
    assert detector.mirror and len(detector.poses(rgb)) == 1 and len(detector.poses(rgb, mirror=False)) == 1
    assert PeopleDetector.identity(mirror=True) != PeopleDetector.identity(mirror=False)


class _CountingDetector:
    """Finds one box per label (with a mask when ``masks``), counting its calls."""

    name = "counting"

    def __init__(self, masks: bool = False) -> None:
        self.calls, self.masks = 0, masks

    def cache_identity(self) -> dict:
        return {"name": "counting", "masks": self.masks}

    def detect(self, rgb, labels):
        from pytest_genimg import Detection

        self.calls += 1
        mask = np.ones(rgb.shape[:2], bool) if self.masks else None
        return [Detection(label, (1.0, 2.0, 3.0, 4.0), 0.5, mask) for label in labels]


def test_detections_are_cached_per_label_set_and_a_wrong_shape_entry_is_recomputed(tmp_path) -> None:
    from pytest_genimg import evalcache
    from pytest_genimg.backends.cached_detect import cached_detect

    rgb, engine = np.zeros((8, 8, 3), np.uint8), _CountingDetector()
    with evalcache.use(evalcache.EvalCache(tmp_path)) as cache:
        first = cached_detect(engine, rgb, ["b", "a"])
        assert cached_detect(engine, rgb, ["a", "b"]) == first and engine.calls == 1  # same set, any order: a hit
        cached_detect(engine, rgb, ["a"])
        assert engine.calls == 2  # another label set: another entry
        key = evalcache.identity_digest({"detector": engine.cache_identity(), "labels": ["a"]})
        cache.put("detect", key, evalcache.image_digest(Image.fromarray(rgb)), {"not": "a list of detections"})
        assert [d.label for d in cached_detect(engine, rgb, ["a"])] == ["a"] and engine.calls == 3
        assert cached_detect(engine, rgb, ["a"])[0].box == (1.0, 2.0, 3.0, 4.0) and engine.calls == 3  # rewritten


def test_detections_with_masks_are_never_cached(tmp_path) -> None:
    from pytest_genimg import evalcache
    from pytest_genimg.backends.cached_detect import cached_detect

    rgb, engine = np.zeros((8, 8, 3), np.uint8), _CountingDetector(masks=True)
    with evalcache.use(evalcache.EvalCache(tmp_path)):
        for _ in range(2):
            (found,) = cached_detect(engine, rgb, ["a"])
            assert found.mask is not None
    assert engine.calls == 2


@pytest.mark.parametrize(("detector", "kwargs", "argument"), [
    ("faces", {"model": "long_range"}, "model"),
    ("faces", {"min_confidence": 1.5}, "min_confidence"),
    ("faces", {"verify_min": "0.9"}, "verify_min"),
    ("faces", {"propose_min": -0.1}, "propose_min"),
    ("faces", {"proposal_iou": None}, "proposal_iou"),
    ("faces", {"tile": 32}, "tile"),
    ("faces", {"haar": "yes"}, "haar"),
    ("faces", {"mtcnn": 1}, "mtcnn"),
    ("faces", {"confident_verify_min": 1.2}, "confident_verify_min"),
    ("faces", {"proposal_inside": "half"}, "proposal_inside"),
    ("people", {"min_visibility": 2}, "min_visibility"),
    ("people", {"face_min_score": True}, "face_min_score"),
    ("people", {"hog_min_score": float("nan")}, "hog_min_score"),
    ("people", {"coco_min_score": 1.5}, "coco_min_score"),
    ("people", {"mirror": "yes"}, "mirror"),
    ("people", {"body_rules": 1}, "body_rules"),
    ("people", {"low_floor_mask": "yes"}, "low_floor_mask"),
])
def test_detector_settings_out_of_range_name_the_argument(detector, kwargs, argument) -> None:
    from pytest_genimg.backends.detectors import PeopleDetector
    from pytest_genimg.backends.faces import MediaPipeFaceDetector
    from pytest_genimg.errors import GenImgUsageError

    make = (lambda: MediaPipeFaceDetector(**kwargs)) if detector == "faces" else (lambda: PeopleDetector(object(), **kwargs))
    with pytest.raises(GenImgUsageError, match=f"^{argument}: expected "):
        make()

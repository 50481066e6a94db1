"""Offline face detectors: MediaPipe's BlazeFace (rebuilt from the mediapipe 0.10.21 wheel), OpenCV's
frontal-face Haar cascade (in the ``cv2`` wheel) and MTCNN's P-Net and R-Net (``face_propose.py``) as
proposers, each box checked by MTCNN's O-Net (``face_verify.py``); and the Haar cascade alone."""
from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from ..errors import ModelLoadError, usage
from ..metrics.anatomy import overlap_of_smaller
from ..metrics.composition import Box, Detection, box_iou
from .face_haar import FaceDetector, as_rgb, check_flag, check_fraction, opencv_version  # noqa: F401 (re-exported)
from .registry import require_module

# The ``faces`` detector's cuts (BlazeFace score, O-Net face probability), chosen on the tuning half
# of benchmarks/accuracy_composition.py. BlazeFace scores small, blurred (upscaled) faces low while
# O-Net still confirms them: a second BlazeFace pass proposes faces from EARLIER_FLOOR, kept only
# where O-Net confirms them. That pass runs apart because MediaPipe blends overlapping boxes: a
# lower floor in the first pass would move the boxes of faces scoring over MIN_CONFIDENCE, which
# the anatomy check's head exception uses. The third round (small, blurred faces added to the
# benchmark) lowered PROPOSE_MIN from 0.2 to 0.05: passes still run at 0.5 and EARLIER_FLOOR (0.2)
# as before, so every box scoring at least 0.2 is what it was, and a third pass adds boxes from
# PROPOSE_MIN. Faces merge at IoU FACE_IOU; a box under EARLIER_FLOOR merges into a kept face
# already at PROPOSAL_IOU: BlazeFace's lowest-scoring boxes around a face are that face seen from a
# neighbouring anchor, offset by about a third of its width (IoU 0.3), and O-Net confirms them too.
# PROPOSE_MIN and PROPOSAL_IOU were chosen on the tuning half. The fourth round (more small, blurred
# face rows on both halves) added a second, independently made proposer, OpenCV's frontal Haar
# cascade (the ``faces-haar`` detector's settings): a Haar box that is no face already kept
# (:func:`same_face`) is added where O-Net confirms it at the same VERIFY_MIN. Chosen on the tuning
# half by benchmarks/face_proposers.py over the profile cascade and a BlazeFace pass on the image
# enlarged 2x; such faces carry HAAR_SCORE (BlazeFace never scored them), under every floor, so the
# faces scoring >= MIN_CONFIDENCE (``faces-confident``) and the people under faces are unchanged.
# The fifth round added a third proposer, MTCNN's own P-Net over an image pyramid from faces of
# MTCNN_MIN_FACE px, refined by R-Net from MTCNN_RNET_MIN (``face_propose.py``): its boxes that are no
# face already kept are added like Haar's where O-Net confirms them, and score HAAR_SCORE too (neither
# proposer's score is on BlazeFace's scale, and scoring them under every floor keeps
# ``faces-confident``, ``faces-blazeface`` and the people under faces as they were). MTCNN_MIN_FACE
# and MTCNN_RNET_MIN were chosen on the tuning half by benchmarks/face_proposers.py.
MIN_CONFIDENCE = 0.5
HAAR_SCORE = 0.0
SAME_FACE_INSIDE = 0.5  # share of the smaller box inside the other that makes two proposers' boxes one face
PROPOSE_MIN: float | None = 0.05
VERIFY_MIN: float | None = 0.9
EARLIER_FLOOR = 0.2
FACE_IOU = 0.3
PROPOSAL_IOU = 0.2
MTCNN_MIN_FACE = 30
MTCNN_RNET_MIN = 0.7
# Session 9's opt-ins (off; docs/thresholds.md): the O-Net cut for boxes BlazeFace scores >= min_confidence,
# and the share of a sub-EARLIER_FLOOR proposal inside a kept face above which it is that face.
CONFIDENT_VERIFY_OPT_IN = 0.7
PROPOSAL_INSIDE_OPT_IN = 0.5


FACE_MODELS = ("full_range", "short_range")


def people_under_faces(faces: Sequence[Detection], shape: tuple[int, ...]) -> list[tuple[Box, float]]:
    """A body-sized box (a face wide either side, six faces down) under each face, with its score."""
    h, w = shape[:2]
    out = []
    for face in faces:
        x0, y0, x1, y1 = face.box
        fw, fh = x1 - x0, y1 - y0
        out.append(((max(0.0, x0 - fw), max(0.0, y0 - 0.3 * fh), min(float(w), x1 + fw), min(float(h), y1 + 6 * fh)), face.score))
    return out


class MediaPipeFaceDetector:
    """Faces by MediaPipe's BlazeFace (the short- or full-range model from the mediapipe 0.10.21
    wheel, given image metadata by ``scripts/build_pose_tasks.py``; run by mediapipe 1.x). Images
    are scanned whole and, when larger than ``tile`` px, on overlapping tiles of that size, since
    the model sees a 128-192 px input and misses faces much smaller than a tenth of it. With
    ``verify_min`` set, a box is kept only where MTCNN's O-Net also calls it a face with at least
    that probability (``face_verify.py``): BlazeFace alone fires on star fields and pixel noise.
    With ``propose_min`` (and ``verify_min``) set, further passes add boxes scoring from
    ``propose_min`` up to ``min_confidence`` (one from EARLIER_FLOOR, then one from ``propose_min``
    where it is lower), kept like the others only where O-Net confirms them; a box under
    EARLIER_FLOOR is kept only where it overlaps no better face by more than ``proposal_iou``
    (IoU; see :func:`keep_faces`). With ``haar`` (and ``verify_min``) set, OpenCV's frontal Haar
    cascade proposes faces too, and each of its boxes that is no face already kept is added where
    O-Net confirms it (score HAAR_SCORE; see :func:`add_confirmed`). With ``mtcnn`` (and
    ``verify_min``) set, so does MTCNN's P-Net and R-Net (faces from MTCNN_MIN_FACE px, on the whole
    image), after the Haar cascade and at the same score. ``confident_verify_min`` (None: ``verify_min``)
    is the O-Net cut for boxes scoring at least ``min_confidence``; ``proposal_inside`` (None: off)
    merges a box under EARLIER_FLOOR into a kept face when more than that share of it lies inside
    the face (see :func:`keep_faces`)."""

    def __init__(self, model: str = "full_range", *, min_confidence: float = MIN_CONFIDENCE, tile: int = 512,
                 verify_min: float | None = VERIFY_MIN, propose_min: float | None = PROPOSE_MIN,
                 proposal_iou: float = PROPOSAL_IOU, haar: bool = True, mtcnn: bool = True,
                 confident_verify_min: float | None = None, proposal_inside: float | None = None) -> None:
        from .pose import ASSETS, _start_error, quiet_native_stderr

        if model not in FACE_MODELS:
            raise usage("model", f"one of {', '.join(map(repr, FACE_MODELS))}", model)
        check_fraction("min_confidence", min_confidence)
        check_fraction("verify_min", verify_min, optional=True)
        check_fraction("propose_min", propose_min, optional=True)
        check_fraction("proposal_iou", proposal_iou)
        check_flag("haar", haar)
        check_flag("mtcnn", mtcnn)
        check_fraction("confident_verify_min", confident_verify_min, optional=True)
        check_fraction("proposal_inside", proposal_inside, optional=True)
        if isinstance(tile, bool) or not isinstance(tile, int) or tile < 64:
            raise usage("tile", "an integer of at least 64 (pixels)", tile)
        path = ASSETS / f"face_detector_{model}.tflite"
        if not path.is_file():
            raise ModelLoadError(f"missing face model {path}: rebuild it with scripts/build_pose_tasks.py")
        require_module("mediapipe", "'mediapipe>=0.10.30'", "face detection")
        self._quiet = quiet_native_stderr
        floors = _proposal_floors(min_confidence, verify_min, propose_min)
        try:
            with quiet_native_stderr():
                from mediapipe.tasks.python import BaseOptions, vision

                def blazeface(floor: float) -> Any:
                    return vision.FaceDetector.create_from_options(vision.FaceDetectorOptions(
                        base_options=BaseOptions(model_asset_path=str(path)), min_detection_confidence=floor))

                self._passes = [(blazeface(floor), floor) for floor in (min_confidence, *floors)]
        except (OSError, RuntimeError, ValueError) as exc:  # a missing libEGL, as the pose engine names it
            raise _start_error(exc, path.name) from exc
        self.propose_min = floors[-1] if floors else None
        self.merge_below = _merge_below(min_confidence, floors)
        self.tile = tile
        self.min_confidence, self.verify_min, self.proposal_iou = min_confidence, verify_min, proposal_iou
        self.confident_verify_min, self.proposal_inside = _opt_ins(verify_min, confident_verify_min, proposal_inside)
        self._verifier: Any = None
        self._haar = FaceDetector() if haar and verify_min is not None else None
        self._mtcnn: Any = None
        if mtcnn and verify_min is not None:
            from .face_propose import FaceProposer

            self._mtcnn = FaceProposer(min_face=MTCNN_MIN_FACE, rnet_min=MTCNN_RNET_MIN)
        self.name = (f"faces:blazeface-{model}" + ("" if verify_min is None else f"+onet>={verify_min:g}")
                     + ("" if self.propose_min is None else f"+proposals>={self.propose_min:g}")
                     + ("" if self.merge_below is None else f"@iou{proposal_iou:g}") + ("" if self._haar is None else "+haar")
                     + ("" if self._mtcnn is None else f"+mtcnn>={MTCNN_MIN_FACE}px")
                     + ("" if self.confident_verify_min is None else f"+confident-onet>={self.confident_verify_min:g}")
                     + ("" if self.proposal_inside is None else f"+inside>{self.proposal_inside:g}"))
        self._identity = self.identity(model, min_confidence=min_confidence, tile=tile, verify_min=verify_min,
                                       propose_min=propose_min, proposal_iou=proposal_iou, haar=haar, mtcnn=mtcnn,
                                       confident_verify_min=confident_verify_min, proposal_inside=proposal_inside)
        from .pose import _close_at_exit

        _close_at_exit(self)

    @classmethod
    def identity(cls, model: str = "full_range", *, min_confidence: float = MIN_CONFIDENCE, tile: int = 512,
                 verify_min: float | None = VERIFY_MIN, propose_min: float | None = PROPOSE_MIN,
                 proposal_iou: float = PROPOSAL_IOU, haar: bool = True, mtcnn: bool = True,
                 confident_verify_min: float | None = None, proposal_inside: float | None = None) -> dict[str, Any]:
        from importlib.metadata import PackageNotFoundError, version

        from ..evalcache import files_digest
        from .face_propose import FACTOR, PNET_MIN
        from .pose import ASSETS

        try:
            release = version("mediapipe")
        except PackageNotFoundError:
            release = "absent"
        path, onet, pnet_rnet = (ASSETS / f"face_detector_{model}.tflite", ASSETS / "mtcnn_onet.npz",
                                 ASSETS / "mtcnn_pnet_rnet.npz")
        floors = _proposal_floors(min_confidence, verify_min, propose_min)
        confident, inside = _opt_ins(verify_min, confident_verify_min, proposal_inside)
        return {"name": f"blazeface-{model}", "mediapipe": release, "model": files_digest([path]) if path.is_file() else "absent",
                "verifier": None if verify_min is None else (files_digest([onet]) if onet.is_file() else "absent"),
                "params": {"min_confidence": min_confidence, "tile": tile, "verify_min": verify_min,
                           "proposal_floors": floors, "face_iou": FACE_IOU,
                           "proposal_iou": proposal_iou if _merge_below(min_confidence, floors) is not None else None,
                           "haar": {**FaceDetector.identity(), "score": HAAR_SCORE, "same_face_inside": SAME_FACE_INSIDE}
                           if haar and verify_min is not None else None,
                           # only where on: the identities of the detectors without it (faces-blazeface,
                           # faces-confident, the people detector's faces) stay those of earlier releases
                           **({"mtcnn": {"weights": files_digest([pnet_rnet]) if pnet_rnet.is_file() else "absent",
                                         "min_face": MTCNN_MIN_FACE, "factor": FACTOR,
                                         "pnet_min": PNET_MIN, "rnet_min": MTCNN_RNET_MIN, "score": HAAR_SCORE}}
                              if mtcnn and verify_min is not None else {}),
                           # the opt-ins likewise: only where on, so the defaults' identity is that of earlier releases
                           **({"confident_verify_min": confident} if confident is not None else {}),
                           **({"proposal_inside": inside} if inside is not None and _merge_below(min_confidence, floors) is not None
                              else {})}}

    def cache_identity(self) -> dict[str, Any]:
        return self._identity

    def _faces(self, rgb: np.ndarray, offset: tuple[int, int], detector: Any = None) -> list[tuple[Box, float]]:
        import mediapipe as mp

        with self._quiet():
            result = (detector or self._passes[0][0]).detect(mp.Image(image_format=mp.ImageFormat.SRGB, data=np.ascontiguousarray(rgb)))
        out = []
        for d in result.detections:
            b = d.bounding_box
            x0, y0 = b.origin_x + offset[0], b.origin_y + offset[1]
            out.append(((float(x0), float(y0), float(x0 + b.width), float(y0 + b.height)), float(d.categories[0].score)))
        return out

    def candidates(self, rgb: np.ndarray, *, verify: bool | None = None) -> list[tuple[Box, float, float | None]]:
        """(box, BlazeFace score, O-Net face probability or None) of every box scoring at least
        ``min_confidence`` on the whole image or a tile, before any cut or merging. ``verify``
        (default: whether ``verify_min`` is set) asks for the O-Net probabilities."""
        from ..metrics.anatomy import tile_grid

        h, w = rgb.shape[:2]
        tiles = tile_grid(w, h, self.tile, overlap=0.3) if max(h, w) > self.tile * 1.2 else []
        found: list[tuple[Box, float]] = []
        above = float("inf")
        for detector, floor in self._passes:
            boxes = self._faces(rgb, (0, 0), detector)
            for x0, y0, x1, y1 in tiles:
                boxes += self._faces(rgb[int(y0):int(y1), int(x0):int(x1)], (int(x0), int(y0)), detector)
            # each pass adds only what the passes before it could not have found
            found += [(box, score) for box, score in boxes if score < above]
            above = floor
        if not (self.verify_min is not None if verify is None else verify):
            return [(box, score, None) for box, score in found]
        probs = self._probabilities(rgb, [box for box, _ in found])
        return [(box, score, p) for (box, score), p in zip(found, probs)]

    def _probabilities(self, rgb: np.ndarray, boxes: Sequence[Box]) -> list[float]:
        if self._verifier is None:
            from .face_verify import FaceVerifier

            self._verifier = FaceVerifier()
        return self._verifier.probabilities(rgb, boxes)

    def detect(self, rgb: np.ndarray, labels: Sequence[str]) -> list[Detection]:
        rgb = as_rgb(rgb)
        floor = self.min_confidence if self.propose_min is None else self.propose_min
        # O-Net is asked only about boxes that no kept face already merges: the same faces as
        # verifying every candidate first (keep_faces' check), for fewer O-Net runs.
        check = None if self.verify_min is None else (lambda box: self._probabilities(rgb, [box])[0])
        faces = keep_faces(self.candidates(rgb, verify=False), floor, self.verify_min, proposals_below=self.merge_below,
                           proposal_iou=self.proposal_iou, check=check,
                           confident=None if self.confident_verify_min is None else (self.min_confidence, self.confident_verify_min),
                           inside=self.proposal_inside)
        if self._haar is not None and check is not None:
            faces = add_confirmed(faces, [(d.box, d.score) for d in self._haar.detect(rgb, ["face"])], self.verify_min, check)
        if self._mtcnn is not None and check is not None:
            faces = add_confirmed(faces, self._mtcnn.propose(rgb), self.verify_min, check)
        return [Detection(label, d.box, d.score) for d in faces for label in labels]

    def close(self) -> None:
        passes, self._passes = getattr(self, "_passes", []), []
        for detector, _ in passes:
            with self._quiet():
                detector.close()


class ConfidentFaceDetector(MediaPipeFaceDetector):
    """The ``faces`` detector's first pass alone: BlazeFace at MIN_CONFIDENCE on the same tiles, each
    box checked by O-Net, no proposal passes. Its faces are exactly the ``faces`` detector's faces
    scoring at least MIN_CONFIDENCE (the proposal passes add only boxes under it and move none above
    it; unit-tested), for one BlazeFace pass instead of three: for callers that use only those, such
    as the anatomy check's head exception (faces >= 0.7)."""

    def __init__(self, model: str = "full_range", *, tile: int = 512) -> None:
        super().__init__(model, tile=tile, propose_min=None, haar=False, mtcnn=False)

    @classmethod
    def identity(cls, model: str = "full_range", **params: Any) -> dict[str, Any]:
        return MediaPipeFaceDetector.identity(model, **{**params, "propose_min": None, "haar": False, "mtcnn": False})


class BlazeFaceDetector(MediaPipeFaceDetector):
    """The ``faces`` detector without the Haar and MTCNN proposers: BlazeFace's passes, each box
    checked by O-Net. Its faces are exactly the ``faces`` detector's faces scoring over HAAR_SCORE
    (those proposers only add faces at HAAR_SCORE), for less time (no cascade, no pyramid); the
    people detector puts a person under its faces (those scoring >= 0.4), which those proposers
    never add to."""

    def __init__(self, model: str = "full_range", *, tile: int = 512) -> None:
        super().__init__(model, tile=tile, haar=False, mtcnn=False)

    @classmethod
    def identity(cls, model: str = "full_range", **params: Any) -> dict[str, Any]:
        return MediaPipeFaceDetector.identity(model, **{**params, "haar": False, "mtcnn": False})


def _proposal_floors(min_confidence: float, verify_min: float | None, propose_min: float | None) -> tuple[float, ...]:
    """The floors of the proposal passes after the first, highest first: none without ``propose_min``
    under ``min_confidence`` or without O-Net to check what they propose; EARLIER_FLOOR (where it
    lies between) before ``propose_min``, so that the boxes scoring above it do not move."""
    if propose_min is None or verify_min is None or propose_min >= min_confidence:
        return ()
    return (EARLIER_FLOOR, propose_min) if propose_min < EARLIER_FLOOR < min_confidence else (propose_min,)


def _merge_below(min_confidence: float, floors: tuple[float, ...]) -> float | None:
    """The score under which a box merges at PROPOSAL_IOU (those only the last pass finds, where
    that pass lies below EARLIER_FLOOR), or None: every box merges at FACE_IOU."""
    return (min_confidence, *floors)[-2] if floors and floors[-1] < EARLIER_FLOOR else None


def _opt_ins(verify_min: float | None, confident: float | None, inside: float | None) -> tuple[float | None, float | None]:
    """The opt-ins as they act: a confident cut only where O-Net checks and it is not ``verify_min``."""
    return (confident if verify_min is not None and confident not in (None, verify_min) else None), inside


def same_face(a: Box, b: Box) -> bool:
    """Whether two boxes from different proposers frame one face: they overlap by more than IoU
    FACE_IOU, or over half of the smaller lies inside the larger (a Haar box frames a face wider
    than BlazeFace's, from the brow to below the chin)."""
    return box_iou(a, b) > FACE_IOU or overlap_of_smaller(a, b) > SAME_FACE_INSIDE


def keep_faces(candidates: Sequence[tuple[Box, float, float | None]], min_score: float, verify_min: float | None, *,
               proposals_below: float | None = None, proposal_iou: float = PROPOSAL_IOU,
               check: Callable[[Box], float] | None = None, confident: tuple[float, float] | None = None,
               inside: float | None = None) -> list[Detection]:
    """The candidates scoring at least ``min_score`` whose O-Net probability (where ``verify_min``
    is set) reaches it, overlapping boxes merged greedily, best score first: a box is dropped when
    it overlaps a kept face by more than IoU ``FACE_IOU``, or, when it scores under
    ``proposals_below`` (a proposal), by more than ``proposal_iou``. ``check`` (box -> O-Net
    probability), where given, replaces the candidates' own probabilities and is asked only about
    boxes that no kept face already suppresses; the faces kept are the same. ``confident`` (score,
    cut): a box scoring at least that score needs O-Net's ``cut`` instead of ``verify_min``.
    ``inside``: a proposal is also dropped when more than that share of it lies inside a kept face
    (:func:`~pytest_genimg.metrics.anatomy.overlap_of_smaller`)."""
    kept: list[Detection] = []
    for box, score, p in sorted(candidates, key=lambda c: -c[1]):
        if score < min_score:
            continue
        limit = proposal_iou if proposals_below is not None and score < proposals_below else FACE_IOU
        if any(box_iou(box, face.box) > limit for face in kept):
            continue
        if inside is not None and proposals_below is not None and score < proposals_below and any(
                overlap_of_smaller(box, face.box) > inside for face in kept):
            continue
        if verify_min is not None:
            p = check(box) if check is not None else p
            cut = confident[1] if confident is not None and score >= confident[0] else verify_min
            if p is None or p < cut:
                continue
        kept.append(Detection("face", box, score))
    return kept


def add_confirmed(kept: Sequence[Detection], proposals: Sequence[tuple[Box, float]], verify_min: float,
                  check: Callable[[Box], float]) -> list[Detection]:
    """``kept`` plus each box of a second proposer (``proposals``: box, that proposer's score; best
    first) that is no face kept or added before it (:func:`same_face`) and that ``check`` (box ->
    O-Net probability, asked only about such boxes) confirms at ``verify_min``; added faces score
    HAAR_SCORE."""
    faces = list(kept)
    for box, _ in sorted(proposals, key=lambda c: -c[1]):
        if not any(same_face(box, face.box) for face in faces) and check(box) >= verify_min:
            faces.append(Detection("face", box, HAAR_SCORE))
    return faces

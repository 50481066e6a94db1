"""Object detectors for composition checks, behind a small Protocol and a registry.

Offline, with weights that ship inside installed packages: ``people`` (MediaPipe pose, several
poses per image, on the image and its mirror image, from the bundled ``.task``), ``faces``
(MediaPipe's BlazeFace, rebuilt from the mediapipe 0.10.21 wheel like the pose bundles, and
OpenCV's frontal Haar cascade and MTCNN's P-Net and R-Net proposing, each box checked by MTCNN's
O-Net; see ``faces.py``), ``faces-blazeface`` (the same without the Haar and MTCNN proposers, for
less time), ``faces-confident`` (its
first pass alone: the faces scoring at least 0.5, for less time still) and ``faces-haar``
(OpenCV's frontal-face Haar cascade alone, from the ``cv2`` wheel). Any other object needs an
open-vocabulary detector through transformers (OWLv2 / OWL-ViT, Grounding DINO) from a local
folder or hub id: ``--genimg-detector``.
"""
from __future__ import annotations

import functools
import math
import os
from collections.abc import Callable, Sequence
from typing import Any, Protocol, runtime_checkable

import numpy as np
from PIL import Image

from ..errors import GenImgUsageError, usage
from ..metrics.anatomy import Person, overlap_of_smaller
from ..metrics.bodies import combine_people, one_body_each, rule_identity as body_rule_identity, split_by_coco
from ..metrics.composition import Box, Detection
from .faces import (
    BlazeFaceDetector,
    ConfidentFaceDetector,
    HAAR_SCORE,
    FaceDetector,
    MediaPipeFaceDetector,
    as_rgb,
    check_flag,
    check_fraction,
    opencv_version,
    people_under_faces,
)
from .coco import CocoDetector, check_cut, tile_identity as coco_tile_identity
from .face_flag import FlaggedFaceDetector
from .open_vocab import RECOMMENDED_DETECTORS, TransformersDetector, _load_transformers
from .registry import new_registry, require_opencv

ENV_DETECTOR = "GENIMG_DETECTOR"
PEOPLE_WORDS = frozenset({"person", "man", "woman", "boy", "girl", "child", "kid", "human", "player", "people"})
FACE_WORDS = frozenset({"face", "head"})
LOW_POSE_CONFIDENCE = 0.3  # the pose confidence of the low_floor_mask passes (sixth round, tuning half)

DETECTORS = new_registry("detector")


@runtime_checkable
class Detector(Protocol):
    """Finds objects named by ``labels`` in one RGB array (HxWx3 uint8; the built-ins also take HxW
    grey and HxWx4 RGBA, see :func:`faces.as_rgb`); boxes in its pixels."""

    name: str

    def detect(self, rgb: np.ndarray, labels: Sequence[str]) -> list[Detection]: ...


class PeopleDetector:
    """People as MediaPipe pose finds them (several per image, heads masked between rounds), the box
    spanning the visible landmarks grown to take in the head and limbs' ends; plus a person for each
    face (BlazeFace) scoring at least ``face_min_score`` that no pose box covers (a face turned to the
    camera whose body the pose model missed), and optionally OpenCV's HOG pedestrian detector (its
    SVM ships in the ``cv2`` wheel) for upright bodies at ``hog_min_score``. Both cuts were chosen
    on the tuning half of ``benchmarks/accuracy_composition.py``: faces (checked by O-Net) at 0.4
    counted the most people right; HOG at no cut did, so it is off (None). With ``mirror`` (on: it
    counted more people right, at twice the pose cost), the pose model also looks at the mirror
    image and the bodies of both views are merged (BlazePose finds some people, turned away or in
    profile, in one view only). With ``body_rules`` (on), one plausible body per person
    (:func:`pytest_genimg.metrics.bodies.one_body_each`): BlazePose takes objects and raised arms
    for bodies, and finds one person two or three times in close portraits. With ``low_floor_mask``
    (on since the sixth round; off: the fifth round's detector), bodies found at
    LOW_POSE_CONFIDENCE (0.3) in both views count too where MediaPipe's selfie segmenter confirms
    them (:func:`pytest_genimg.metrics.masked_people.masked_newcomers`): people turned away from the
    camera; those passes run only where the mask has a region (1% of the image) no counted person
    owns (``low_engine``, their pose engine, and ``segmenter``: default MediaPipe's, built on first
    use). With ``face_rules`` (on since the seventh round; off: the sixth round's detector), a body
    with no BlazeFace face at its nose smaller than 0.6 of the largest body with one is not counted
    (:func:`pytest_genimg.metrics.faced_people.faceless_small`): beside a person whose face is seen,
    BlazePose takes patches of the background for small further bodies. ``between_rule`` (an
    opt-in, off: +1 of 407 development cases, 2 worse of 142 held out) also drops a body with no
    face at its nose whose box two bodies with one each cover by 0.2 or more of its area
    (:func:`pytest_genimg.metrics.faced_people.between_faced`): BlazePose can fit one skeleton
    across two people side by side, from parts of both. ``one_body_per_face`` (on since session 10):
    of bodies with their noses at one face only the most visible counts (:func:`~pytest_genimg.metrics.faced_people.second_at_face`);
    ``fainter_rule`` (on since session 10): a faceless body less visible than every faced body is not
    counted (:func:`~pytest_genimg.metrics.faced_people.faceless_fainter`): a close person's second skeleton. ``tile_pass``
    (opt-in, off): where nobody or only small people are counted, bodies on upscaled tiles that each tile's person mask
    confirms count too (:mod:`pytest_genimg.backends.tiled_people`). ``coco_min_score`` (opt-in, None: off; 0.35 in
    the ``people-coco`` detector, which met docs/notes/people-coco-s11.md's criterion): each person box of the COCO
    detector (:mod:`pytest_genimg.backends.coco`, ``coco``: its instance, default the registered ``coco-centernet``;
    its files are fetched by ``python -m pytest_genimg fetch-coco``, never shipped) scoring at least that which no counted person
    covers by half counts too, as the face and HOG extras do. ``coco_tile_score`` (opt-in, None: off; needs
    ``coco_min_score``): those boxes come from the whole image and a 2x2 grid of overlapping tiles, the tiles'
    boxes scoring at least that (:meth:`~pytest_genimg.backends.coco.CocoDetector.tiled_boxes`: small people
    a 512 px input loses; it gained no case in session 12 nor on the shipped ``people-coco`` in session 19, at
    1.62x its cost: docs/notes/people-coco-tiles-s12.md and people-coco-tiles-s19.md). ``coco_split`` (opt-in, None: off; needs
    ``coco_min_score``): a pose box over two or more COCO person boxes scoring at least that, apart from each
    other, is replaced by them (:func:`~pytest_genimg.metrics.bodies.split_by_coco`: one skeleton over two
    people; docs/notes/people-coco-split-s12.md). ``coco_mask_score`` (None: off; needs ``coco_min_score``
    and lies below it; 0.2 in the ``people-coco`` detector since session 18): each fainter COCO person box, scoring at
    least that, counts too where the person mask confirms it as it confirms the low-floor bodies
    (:func:`~pytest_genimg.metrics.masked_people.masked_newcomers`; docs/notes/people-coco-masked-s18.md and
    people-coco-masked-fresh12-s18.md). ``one_face_per_body`` (on since session 13; needs ``face_min_score``,
    off without it): a body keeps one face, the one at its nose; a second confident face inside it is a person of its
    own, and both are counted by a box centred under their face
    (:func:`~pytest_genimg.metrics.faced_people.second_faces`: one skeleton across two portraits side by side; +11
    and -3 of 1,088 development cases, docs/notes/people-one-face-per-body-s13.md); a second face overlapping the body's
    own face by ``faced_people.SAME_FACE`` (0.3) of the smaller box is that face found twice, not a person (session 14:
    +2 -0 of 1,277 development cases, docs/notes/people-same-face-s14.md). ``confirmed_faces`` (on since session 15; needs
    ``face_min_score``): each face the ``faces`` detector's Haar cascade or MTCNN finds beyond BlazeFace, confirmed by O-Net
    (:meth:`counted_faces`, scored ``HAAR_SCORE``), is a person like a BlazeFace face (a man in profile whose face BlazeFace
    misses; +10 -4 of 1,355 development cases, docs/notes/people-confirmed-faces-s15.md); it runs the ``faces`` detector on
    every image, shared through the evaluator cache with any face check on it. ``nose_face_min`` (session 16; 0, the
    default, takes every BlazeFace face the detector keeps; None: ``face_min_score``, session 15's detector): the score a
    face at a body's nose needs to be that body's own face for ``one_face_per_body`` (a toddler on a man's lap, the
    skeleton's nose at the toddler's face scored 0.36, the man's face above it; +1 -0 of 1,450 development cases,
    docs/notes/people-weak-nose-face-s16.md). ``split_twins`` (on since session 16): two counted bodies boxed alike (IoU
    >= ``faced_people.TWIN_IOU``) whose noses lie apart are cut between the noses (one skeleton across a person and her
    mirror image, its nose at one head in each view; no count changes, left/right verdicts 1,694/1,696 -> 1,700/1,700
    on the development sets, docs/notes/people-split-twins-s16.md). ``faceless_mask`` (session 18, opt-in): a body with
    no BlazeFace face at its nose is not counted where the person mask calls less than ``masked_people.MASK_MIN`` of its
    box person (:func:`~pytest_genimg.metrics.masked_people.unconfirmed_faceless`: a rock taken for a body;
    docs/notes/people-faceless-mask-s18.md)."""

    def __init__(self, engine: Any = None, *, min_visibility: float = 0.5, face_min_score: float | None = 0.4,
                 hog_min_score: float | None = None, mirror: bool = True, body_rules: bool = True,
                 low_floor_mask: bool = True, low_engine: Any = None, segmenter: Any = None, face_rules: bool = True,
                 between_rule: bool = False, frame_rule: bool = True, mirror_confirm: bool = True,
                 one_body_per_face: bool = True, fainter_rule: bool = True, tile_pass: bool = False,
                 coco_min_score: float | None = None, coco: Any = None, coco_tile_score: float | None = None,
                 coco_split: float | None = None, one_face_per_body: bool = True, confirmed_faces: bool = True,
                 nose_face_min: float | None = 0.0, split_twins: bool = True, coco_mask_score: float | None = None,
                 faceless_mask: bool = False) -> None:
        from .pose import get_pose_engine
        check_fraction("min_visibility", min_visibility)
        check_fraction("face_min_score", face_min_score, optional=True)
        if hog_min_score is not None and (isinstance(hog_min_score, bool) or not isinstance(hog_min_score, (int, float))
                                          or not math.isfinite(hog_min_score)):
            raise usage("hog_min_score", "a number (the HOG SVM's margin, about 0-3) or None", hog_min_score)
        check_fraction("coco_min_score", coco_min_score, optional=True)
        if coco_tile_score is not None:
            check_cut("coco_tile_score", coco_tile_score)  # a tile cut of 0 would make every heatmap cell a box
        check_fraction("coco_split", coco_split, optional=True)
        check_fraction("nose_face_min", nose_face_min, optional=True)
        if coco_mask_score is not None:
            check_cut("coco_mask_score", coco_mask_score)  # a cut of 0 would make every heatmap cell a candidate
        for name, value in (("coco_tile_score", coco_tile_score), ("coco_split", coco_split), ("coco_mask_score", coco_mask_score)):
            if value is not None and coco_min_score is None:
                raise usage(name, "None unless coco_min_score is set (it works on the COCO person boxes)", value)
        if coco_mask_score is not None and coco_min_score is not None and coco_mask_score >= coco_min_score:
            raise usage("coco_mask_score", f"a score below coco_min_score ({coco_min_score:g}): the boxes it adds are the fainter ones",
                        coco_mask_score)
        for flag, value in (("mirror", mirror), ("body_rules", body_rules), ("low_floor_mask", low_floor_mask), ("face_rules", face_rules),
                            ("between_rule", between_rule), ("frame_rule", frame_rule), ("mirror_confirm", mirror_confirm),
                            ("one_body_per_face", one_body_per_face), ("fainter_rule", fainter_rule), ("tile_pass", tile_pass),
                            ("one_face_per_body", one_face_per_body), ("confirmed_faces", confirmed_faces), ("split_twins", split_twins),
                            ("faceless_mask", faceless_mask)):
            check_flag(flag, value)
        one_face_per_body = one_face_per_body and face_min_score is not None  # it counts faces as people: none without them
        confirmed_faces = confirmed_faces and face_min_score is not None  # the same
        self.engine = get_pose_engine() if engine is None else engine
        self.min_visibility, self.face_min_score, self.hog_min_score = min_visibility, face_min_score, hog_min_score
        self.mirror, self.body_rules, self.low_floor_mask = mirror, body_rules, low_floor_mask
        self.face_rules, self.between_rule, self.frame_rule, self.mirror_confirm = face_rules, between_rule, frame_rule, mirror_confirm
        self.one_body_per_face, self.fainter_rule, self.tile_pass = one_body_per_face, fainter_rule, tile_pass
        self.one_face_per_body, self.confirmed_faces, self.nose_face_min = one_face_per_body, confirmed_faces, nose_face_min
        self.split_twins = split_twins
        self._low_engine, self._segmenter, self._built = low_engine, segmenter, set()
        self._hog: Any = None
        self.coco_min_score, self.coco_tile_score, self.coco_split, self._coco = coco_min_score, coco_tile_score, coco_split, coco
        self.coco_mask_score, self.faceless_mask = coco_mask_score, faceless_mask
        self.name = (f"people:{self.engine.name}" + ("+mirror" if mirror else "") + ("+bodies" if body_rules else "")
                     + ("" if face_min_score is None else f"+faces>={face_min_score:g}")
                     + ("" if hog_min_score is None else f"+hog>={hog_min_score:g}")
                     + (f"+masked>={LOW_POSE_CONFIDENCE:g}" if low_floor_mask else "") + ("+faced" if face_rules else "") + ("+between" if between_rule else "")
                     + ("+oneperface" if one_body_per_face else "") + ("+fainter" if fainter_rule else "")
                     + ("+framed" if frame_rule else "") + ("+confirmed" if mirror_confirm and mirror else "") + ("+tiles" if tile_pass else "")
                     + ("" if coco_min_score is None else f"+coco>={coco_min_score:g}")
                     + ("" if coco_tile_score is None else f"+cocotiles>={coco_tile_score:g}")
                     + ("" if coco_split is None else f"+cocosplit>={coco_split:g}")
                     + ("" if coco_mask_score is None else f"+cocomasked>={coco_mask_score:g}") + ("+onefaceperbody" if one_face_per_body else "")
                     + ("+confirmedfaces" if confirmed_faces else "")
                     + ("" if nose_face_min is None or not one_face_per_body else f"+noseface>={nose_face_min:g}")
                     + ("+splittwins" if split_twins else "") + ("+facelessmask" if faceless_mask else ""))

    @classmethod
    def identity(cls, *, min_visibility: float = 0.5, face_min_score: float | None = 0.4, hog_min_score: float | None = None,
                 mirror: bool = True, body_rules: bool = True, low_floor_mask: bool = True, face_rules: bool = True,
                 between_rule: bool = False, frame_rule: bool = True, mirror_confirm: bool = True, one_body_per_face: bool = True,
                 fainter_rule: bool = True, tile_pass: bool = False, coco_min_score: float | None = None,
                 coco_tile_score: float | None = None, coco_split: float | None = None, one_face_per_body: bool = True,
                 confirmed_faces: bool = True, nose_face_min: float | None = 0.0, split_twins: bool = True,
                 coco_mask_score: float | None = None, faceless_mask: bool = False) -> dict[str, Any]:
        """What the boxes depend on (for the evaluator cache), known without starting MediaPipe."""
        from .pose import MediaPipePoseEngine
        from ..metrics import faced_people, seen_people, tiled_people
        from ..metrics.masked_people import rule_identity
        from .segment import SelfieSegmenter

        masked = {"low_pose": MediaPipePoseEngine.identity(min_pose_confidence=LOW_POSE_CONFIDENCE),
                  "segmenter": SelfieSegmenter.identity(), "rule": rule_identity()}
        return {"name": "people", "pose": MediaPipePoseEngine.identity(),
                "faces": None if face_min_score is None else BlazeFaceDetector.identity(),
                "hog": None if hog_min_score is None else opencv_version(),
                "params": {"min_visibility": min_visibility, "face_min_score": face_min_score, "hog_min_score": hog_min_score,
                           "mirror": mirror, "body_rules": body_rule_identity() if body_rules else None},
                **({"masked": masked} if low_floor_mask else {}),  # absent when off: the fifth round's cache entries hold
                **({"faced": {"faces": BlazeFaceDetector.identity(), **faced_people.rule_identity()}} if face_rules else {}),
                **({"between": {"faces": BlazeFaceDetector.identity(), **faced_people.between_identity()}} if between_rule else {}),
                **({"one_per_face": {"faces": BlazeFaceDetector.identity(), **faced_people.rule_identity()}} if one_body_per_face else {}),
                **({"fainter": {"faces": BlazeFaceDetector.identity(), **faced_people.rule_identity()}} if fainter_rule else {}),
                **({"face_per_body": {"faces": BlazeFaceDetector.identity(), **faced_people.rule_identity(), "same_face": faced_people.SAME_FACE,
                                      **({"nose_face_min": nose_face_min} if nose_face_min is not None else {})}}  # absent when None: earlier entries hold
                   if one_face_per_body and face_min_score is not None else {}),
                **({"confirmed_faces": {"faces": MediaPipeFaceDetector.identity(), "score": HAAR_SCORE}}
                   if confirmed_faces and face_min_score is not None else {}),  # absent when off: earlier entries hold
                **({"split_twins": faced_people.twin_identity()} if split_twins else {}),  # absent when off: earlier entries hold
                **({"faceless_mask": {"faces": BlazeFaceDetector.identity(), "segmenter": SelfieSegmenter.identity(), "rule": rule_identity(),
                                      **faced_people.rule_identity()}} if faceless_mask else {}),  # absent when off: earlier entries hold
                **({"frame": seen_people.rule_identity()["frame"]} if frame_rule else {}),  # absent when off: earlier entries hold
                **({"confirmed": {"faces": BlazeFaceDetector.identity(), "segmenter": SelfieSegmenter.identity(), "rule": rule_identity(),
                                  "mirror_only": seen_people.rule_identity()["mirror_only"]}} if mirror_confirm and mirror else {}),
                **({"tiles": {"segmenter": SelfieSegmenter.identity(), "rule": rule_identity(), **tiled_people.rule_identity()}} if tile_pass else {}),
                **({"coco": {**CocoDetector.identity(min_score=coco_min_score),
                             **({"tiles": {"tile_score": coco_tile_score, **coco_tile_identity()}} if coco_tile_score is not None else {}),
                             **({"split": coco_split} if coco_split is not None else {}),
                             **({"masked": {"score": coco_mask_score, "segmenter": SelfieSegmenter.identity(), "rule": rule_identity()}}
                                if coco_mask_score is not None else {})}}
                   if coco_min_score is not None else {})}

    def cache_identity(self) -> dict[str, Any] | None:
        pose = getattr(self.engine, "cache_identity", None)
        if not callable(pose):
            return None  # a pose engine that does not describe itself: never cached
        identity = {**self.identity(min_visibility=self.min_visibility, face_min_score=self.face_min_score, hog_min_score=self.hog_min_score,
                                    mirror=self.mirror, body_rules=self.body_rules, low_floor_mask=self.low_floor_mask,
                                    face_rules=self.face_rules, between_rule=self.between_rule, frame_rule=self.frame_rule,
                                    mirror_confirm=self.mirror_confirm, one_body_per_face=self.one_body_per_face,
                                    fainter_rule=self.fainter_rule, tile_pass=self.tile_pass, coco_min_score=self.coco_min_score,
                                    coco_tile_score=self.coco_tile_score, coco_split=self.coco_split,
                                    one_face_per_body=self.one_face_per_body, confirmed_faces=self.confirmed_faces,
                                    nose_face_min=self.nose_face_min, split_twins=self.split_twins,
                                    coco_mask_score=self.coco_mask_score, faceless_mask=self.faceless_mask), "pose": pose()}
        parts = ((("masked",), "low_pose", self._low_engine), (("masked",), "segmenter", self._segmenter),
                 (("confirmed",), "segmenter", self._segmenter), (("tiles",), "segmenter", self._segmenter),
                 (("coco",), "model", self._coco), (("faceless_mask",), "segmenter", self._segmenter),
                 (("coco", "masked"), "segmenter", self._segmenter))
        for path, key, part in parts:  # engines given: each must describe itself, else never cached
            parent, section = functools.reduce(lambda d, k: d.get(k, {}), path[:-1], identity), path[-1]
            if section in parent and part is not None:
                describe = getattr(part, "cache_identity", None)
                if not callable(describe):
                    return None
                parent[section] = {**parent[section], key: describe()}
        return identity

    def detect(self, rgb: np.ndarray, labels: Sequence[str]) -> list[Detection]:
        rgb = as_rgb(rgb)
        return [Detection(label, box, score) for box, score in self.counted(rgb) for label in labels]

    def counted(self, rgb: np.ndarray, *, views: tuple[list[Person], list[Person]] | None = None,
                low: Callable[[], list[tuple[Box, float]]] | None = None, tiles: Callable[[], list] | None = None) -> list[tuple[Box, float]]:
        """(box, score) of each person :meth:`detect` counts in an RGB array; ``views`` (:meth:`views`'s), ``low``
        (:meth:`low_floor_bodies`' as a call) and ``tiles`` (``tiled_people.tile_views``' as a call) where the caller has them."""
        faces = functools.cache(lambda: self.blazefaces(rgb))  # once, and only where needed
        mask = functools.cache(lambda: self.person_mask(rgb))  # the same: mirror_confirm and the low floor share it
        under = people_under_faces(faces(), rgb.shape[:2]) if self.face_min_score is not None else []  # one body box per face
        extra = [(box, score) for box, score in under if score >= self.face_min_score]
        if self.confirmed_faces:  # the faces detector's Haar and MTCNN faces, each confirmed by O-Net (scored HAAR_SCORE)
            extra += people_under_faces([d for d in self.counted_faces(rgb) if d.score <= HAAR_SCORE], rgb.shape[:2])
        if self.hog_min_score is not None:
            extra += [(box, score / 2) for box, score in self.pedestrians(rgb) if score >= self.hog_min_score]
        found = self.coco_people(rgb) if self.coco_min_score is not None else []  # from coco_mask_score down where it is set
        coco = [(box, score) for box, score in found if score >= self.coco_min_score]
        faint = [(box, score) for box, score in found if score < self.coco_min_score]
        people, unsure = self.people(rgb, faces=faces if self.face_rules or self.between_rule or self.one_body_per_face or self.fainter_rule or self.mirror_confirm else None, views=views)
        posed = self.boxes(people, rgb.shape)
        if self.faceless_mask and people:  # a faceless body the person mask leaves bare is no person
            from ..metrics.masked_people import unconfirmed_faceless

            gone = set(unconfirmed_faceless(people, posed, [(d.box, d.score) for d in faces()], mask()))
            people, posed = [p for i, p in enumerate(people) if i not in gone], [b for i, b in enumerate(posed) if i not in gone]
        second: list[tuple[Box, float]] = []
        if self.one_face_per_body and people:
            from ..metrics import faced_people

            posed, second = faced_people.one_face_each(people, posed, [(d.box, d.score) for d in faces()],
                                                       [box for box, _ in under], rgb.shape, min_score=self.face_min_score,
                                                       same_face=faced_people.SAME_FACE, nose_min=self.nose_face_min)
        if self.split_twins and people:
            from ..metrics.faced_people import split_twins

            posed = split_twins(people, posed)
        if self.coco_split is not None:
            posed = split_by_coco(posed, coco, self.coco_split)
        counted = combine_people(posed, extra + coco)
        counted += [(box, score) for box, score in second if all(overlap_of_smaller(box, other) < 0.5 for other, _ in counted[len(posed):])]
        if unsure:  # mirror_confirm: the mirror view's own faceless bodies, where the person mask confirms them
            from ..metrics.masked_people import masked_newcomers

            counted += masked_newcomers(self.boxes(unsure, rgb.shape), counted, mask())
        if self.low_floor_mask:
            counted += self.masked_newcomers(rgb, counted, mask(), low=low)
        if faint:  # coco_mask_score: fainter COCO person boxes, where the person mask confirms them
            from ..metrics.masked_people import masked_newcomers

            counted += masked_newcomers(faint, counted, mask())
        if self.tile_pass:
            from .tiled_people import tile_newcomers
            counted += tile_newcomers(self, rgb, counted, tiles)
        return counted

    def close(self) -> None:
        """Release the low-confidence pose engine and the segmenter it built (the pose engine is shared)."""
        for name in self._built:
            getattr(self, name).close()
            setattr(self, name, None)
        self._built.clear()

    def _part(self, name: str, make: Any) -> Any:
        if getattr(self, name) is None:
            setattr(self, name, make())
            self._built.add(name)
        return getattr(self, name)

    def person_mask(self, rgb: np.ndarray) -> np.ndarray:
        """The selfie segmenter's person confidence (HxW, 0-1) over ``rgb``."""
        from .segment import SelfieSegmenter

        return self._part("_segmenter", SelfieSegmenter).mask(rgb)

    def low_floor_bodies(self, rgb: np.ndarray) -> list[tuple[Box, float]]:
        """(box, mean visibility) of each body the pose model finds at LOW_POSE_CONFIDENCE in both
        the image and its mirror image (one per person, by the body rules)."""
        from .pose import MediaPipePoseEngine
        from .scan import find_in_both_views

        engine = self._part("_low_engine", lambda: MediaPipePoseEngine(min_pose_confidence=LOW_POSE_CONFIDENCE))
        return self.boxes(one_body_each(find_in_both_views(engine, Image.fromarray(rgb))), rgb.shape)

    def masked_newcomers(self, rgb: np.ndarray, counted: list[tuple[Box, float]], mask: np.ndarray | None = None,
                         low: Callable[[], list[tuple[Box, float]]] | None = None) -> list[tuple[Box, float]]:
        """The further people of ``low_floor_mask`` beside ``counted`` (see the class docstring); the
        low-confidence passes are skipped where no mask region is free of the counted people. ``mask``:
        :meth:`person_mask`'s and ``low`` (:meth:`low_floor_bodies` as a call), where the caller has them."""
        from ..metrics.masked_people import any_free_region, mask_regions, masked_newcomers

        mask = self.person_mask(rgb) if mask is None else mask
        regions = mask_regions(mask)  # once for both
        if not any_free_region(mask, counted, regions=regions):
            return []
        return masked_newcomers(self.low_floor_bodies(rgb) if low is None else low(), counted, mask, regions=regions)

    def poses(self, rgb: np.ndarray, *, mirror: bool | None = None, body_rules: bool | None = None,
              faces: Callable[[], Sequence[Detection]] | None = None) -> list[tuple[Box, float]]:
        """(box, mean landmark visibility) of each body :meth:`people` counts outright (``mirror``,
        ``body_rules``, ``faces`` as there)."""
        return self.boxes(self.people(rgb, mirror=mirror, body_rules=body_rules, faces=faces)[0], rgb.shape)

    def people(self, rgb: np.ndarray, *, mirror: bool | None = None, body_rules: bool | None = None,
               faces: Callable[[], Sequence[Detection]] | None = None,
               views: tuple[list[Person], list[Person]] | None = None) -> tuple[list[Person], list[Person]]:
        """The bodies the pose model finds, as (counted, unsure): ``mirror`` (default ``self.mirror``)
        looks at the mirror image too; ``body_rules`` (default ``self.body_rules``): one plausible body
        per person; ``faces``: where given, what it returns drops
        :func:`~pytest_genimg.metrics.faced_people.faceless_small`'s bodies (with ``face_rules``), then
        ``second_at_face``'s (with ``one_body_per_face``) and ``between_faced``'s (with ``between_rule``,
        judged on the same bodies), then ``faceless_fainter``'s (with ``fainter_rule``), where two or more bodies are found; with ``frame_rule``, bodies with their nose outside the image are
        dropped; with ``mirror_confirm`` (and ``faces``), the mirror view's own faceless bodies
        (:func:`~pytest_genimg.metrics.seen_people.mirror_only`) are unsure: the caller counts them
        only where the person mask confirms them. ``views``: :meth:`views`' where the caller has them."""
        from ..metrics.faced_people import between_faced, faceless_fainter, second_at_face, without, without_faceless_small
        from ..metrics.seen_people import mirror_only, off_frame

        plain, people = self.views(rgb, mirror=mirror) if views is None else views
        if self.body_rules if body_rules is None else body_rules:
            people = one_body_each(people)
        found = functools.cache(lambda: [(d.box, d.score) for d in faces()] if faces is not None else [])
        if faces is not None and len(people) > 1:
            people = without_faceless_small(people, found()) if self.face_rules else people
            drops = second_at_face(people, found()) if self.one_body_per_face else []
            if self.between_rule:  # judged on the same bodies as one_body_per_face (accuracy_composition.py's variants)
                drops += between_faced(people, found(), min_visibility=self.min_visibility)
            people = without(people, drops)
            people = without(people, faceless_fainter(people, found())) if self.fainter_rule and len(people) > 1 else people
        if self.frame_rule:
            people = without(people, off_frame(people, rgb.shape))
        unsure = []
        if self.mirror_confirm and any(not any(p is q for q in plain) for p in people):  # faces only where the mirror view added a body
            unsure = mirror_only(people, plain, found())
        return without(people, unsure), unsure

    def views(self, rgb: np.ndarray, *, mirror: bool | None = None) -> tuple[list[Person], list[Person]]:
        """(the plain view's bodies, every body): with ``mirror`` (default ``self.mirror``) the pose
        model also looks at the mirror image and both views' bodies are merged, before the body rules."""
        from ..metrics.anatomy import merge_people
        from .scan import find_people, find_people_mirrored

        image = Image.fromarray(rgb)
        plain = find_people(self.engine, image)
        both = merge_people(plain + find_people_mirrored(self.engine, image)) if (self.mirror if mirror is None else mirror) else plain
        return plain, both

    def bodies(self, rgb: np.ndarray, *, mirror: bool | None = None) -> list[Person]:
        """Every body the pose model finds (``mirror`` as in :meth:`views`), before the body rules."""
        return self.views(rgb, mirror=mirror)[1]

    def boxes(self, people: Sequence[Person], shape: tuple[int, ...]) -> list[tuple[Box, float]]:
        """Each body's box (its landmarks seen at ``min_visibility``, grown to take in the head and
        the limbs' ends) and its mean landmark visibility."""
        h, w = shape[:2]
        boxes = []
        for person in people:
            seen = person.visibility >= self.min_visibility
            points = person.points[seen] if seen.sum() >= 4 else person.points
            x0, y0 = points.min(axis=0)
            x1, y1 = points.max(axis=0)
            pad = 0.15 * person.size
            boxes.append(((max(0.0, x0 - pad), max(0.0, y0 - 1.5 * pad), min(float(w), x1 + pad), min(float(h), y1 + pad)),
                          float(np.mean(person.visibility))))
        return boxes

    def blazefaces(self, rgb: np.ndarray) -> list[Detection]:
        """The ``faces-blazeface`` detector's faces (the ``faces`` detector's own faces scoring over 0;
        its Haar and MTCNN faces, scored 0, pass neither ``face_min_score`` nor the face rules' cut),
        through the evaluator cache: a second people check on the same image runs BlazeFace once."""
        from .cached_detect import cached_detect

        return cached_detect("faces-blazeface", rgb, ["face"])

    def counted_faces(self, rgb: np.ndarray) -> list[Detection]:
        """The ``faces`` detector's faces (BlazeFace's, and its Haar and MTCNN faces scored ``HAAR_SCORE``,
        each confirmed by O-Net), through the evaluator cache: ``confirmed_faces`` counts the latter as people."""
        from .cached_detect import cached_detect

        return cached_detect("faces", rgb, ["face"])

    def coco_people(self, rgb: np.ndarray) -> list[tuple[Box, float]]:
        """The COCO detector's person boxes scoring at least ``coco_min_score`` (``coco``: default the
        registered ``coco-centernet``, whose model the ``coco`` router's other words share; its files are
        fetched by ``python -m pytest_genimg fetch-coco``)."""
        detector = self._coco if self._coco is not None else DETECTORS.get("coco-centernet")
        cut = self.coco_min_score if self.coco_mask_score is None else self.coco_mask_score  # the fainter boxes too, for the mask
        if self.coco_tile_score is not None:
            return detector.tiled_boxes(rgb, "person", min_score=cut, tile_score=self.coco_tile_score)
        return detector.boxes(rgb, "person", min_score=cut)

    def pedestrians(self, rgb: np.ndarray) -> list[tuple[Box, float]]:
        """HOG's upright-body boxes with their SVM margin (about 0-3)."""
        cv2 = require_opencv("people detection", "HOGDescriptor", "HOGDescriptor_getDefaultPeopleDetector")
        if self._hog is None:
            self._hog = cv2.HOGDescriptor()
            self._hog.setSVMDetector(cv2.HOGDescriptor_getDefaultPeopleDetector())
        gray = cv2.cvtColor(np.ascontiguousarray(rgb), cv2.COLOR_RGB2GRAY)
        rects, weights = self._hog.detectMultiScale(gray, winStride=(8, 8), padding=(8, 8), scale=1.05)
        return [((float(x), float(y), float(x + bw), float(y + bh)), float(wt))
                for (x, y, bw, bh), wt in zip(np.asarray(rects).reshape(-1, 4), np.asarray(weights).reshape(-1))]


def load_detector(spec: str, device: str | None = None, threshold: float = 0.1) -> TransformersDetector:
    """Load (once per process, per spec, device and threshold) an open-vocabulary detector."""
    if not isinstance(spec, str) or not spec.strip():
        raise usage("detector", "a detector folder or hub id", spec)
    if device is None:
        from ..device import resolve_device

        device = resolve_device("auto")
    key = f"{spec.strip()}@{device}@{threshold}"
    if key not in DETECTORS.names():
        try:
            DETECTORS.register(key, lambda: _load_transformers(spec.strip(), device, threshold), f"transformers detector {spec}")
        except ValueError:  # registered meanwhile by another thread
            pass
    return DETECTORS.get(key)


DETECTORS.register("people", PeopleDetector, "people: MediaPipe pose, several per image (offline)")
DETECTORS.register("faces", MediaPipeFaceDetector,
                   "faces: MediaPipe BlazeFace full range, tiled, OpenCV's Haar cascade and MTCNN's P-Net/R-Net, each box checked by MTCNN's O-Net (offline)")
DETECTORS.register("faces-blazeface", BlazeFaceDetector,
                   "faces: the faces detector without its Haar and MTCNN proposers, BlazeFace passes checked by O-Net (offline)")
DETECTORS.register("faces-confident", ConfidentFaceDetector,
                   "faces: the faces detector's first pass alone, faces scoring >= 0.5 (offline)")
DETECTORS.register("faces-haar", FaceDetector, "faces: OpenCV Haar cascade (offline)")
DETECTORS.register("coco-centernet", CocoDetector,
                   "the 80 COCO classes: MB3-CenterNet, run in torch (offline once `python -m pytest_genimg fetch-coco` has fetched it)")
COCO_PEOPLE_CUT = 0.35  # chosen on the tuning subset of benchmarks/people_coco.py (docs/notes/people-coco-s11.md)
# Fainter COCO person boxes the person mask confirms (session 18; docs/notes/people-coco-masked-fresh12-s18.md: no case
# lost on the thirteen development sets, +14 of 1,668; FRESH12, held out, unchanged).
COCO_MASK_CUT = 0.2


def _people_coco() -> PeopleDetector:
    return PeopleDetector(coco_min_score=COCO_PEOPLE_CUT, coco_mask_score=COCO_MASK_CUT)


_people_coco.identity = lambda: PeopleDetector.identity(coco_min_score=COCO_PEOPLE_CUT, coco_mask_score=COCO_MASK_CUT)  # type: ignore[attr-defined]
DETECTORS.register("people-coco", _people_coco,
                   f"people: the people detector plus the coco detector's person boxes >= {COCO_PEOPLE_CUT} no counted person covers, "
                   f"and those >= {COCO_MASK_CUT} the person mask confirms")
DETECTORS.register("faces-flagged", FlaggedFaceDetector,
                   "faces: the faces detector, each face scoring under 0.5 checked by face-mesh's face flag (offline after fetch-coco)")
BUILTIN_DETECTORS = ("people", "faces", "faces-confident", "faces-haar", "faces-blazeface", "coco", "coco-centernet", "people-coco",
                     "faces-flagged")


class BuiltinRouter:
    """The default: people words to ``people``, faces to ``faces``, anything else to the configured
    detector (``GENIMG_DETECTOR``, set from ``--genimg-detector``: an open-vocabulary folder or hub id,
    or ``coco``), or a clear error. Where the configured detector is ``coco``, people words go to
    ``people-coco`` (the people detector helped by the COCO detector's person boxes)."""

    name = "builtin"

    def engine_for(self, label: str) -> str:
        """The name of the built-in detector, or the configured open-vocabulary spec, for ``label``."""
        word = label.lower().strip()
        configured = os.environ.get(ENV_DETECTOR, "").strip()
        if word in PEOPLE_WORDS:
            return "people-coco" if configured == "coco" else "people"
        if word in FACE_WORDS:
            return "faces"
        if configured:
            return configured
        raise GenImgUsageError(
            f"detector: no detector for {label!r}. The offline built-ins detect only people "
            f"({', '.join(sorted(PEOPLE_WORDS))}) and faces (pip install 'pytest-genimg[pose]'); for other objects set "
            f"--genimg-detector (ini genimg_detector, or {ENV_DETECTOR}) to an open-vocabulary detector folder or hub id, "
            f"e.g. {RECOMMENDED_DETECTORS[0]}, and pass detector=genimg_detector; or, for the 80 COCO classes offline, run "
            "`python -m pytest_genimg fetch-coco` once and set --genimg-detector=coco (or pass detector=\"coco\")"
        )

    def detect(self, rgb: np.ndarray, labels: Sequence[str]) -> list[Detection]:
        from .cached_detect import cached_detect

        rgb = as_rgb(rgb)
        groups: dict[str, list[str]] = {}
        for label in labels:
            groups.setdefault(self.engine_for(label), []).append(label)
        return [d for name, group in groups.items() for d in cached_detect(name, rgb, group)]


class CocoRouter(BuiltinRouter):
    """The ``coco`` detector: everything offline once ``python -m pytest_genimg fetch-coco`` has run.
    People words go to ``people-coco``, faces to ``faces-flagged``, the 80 COCO classes (and
    :data:`~pytest_genimg.backends.coco.ALIASES`' words) to ``coco-centernet``. ``people-coco`` and
    ``faces-flagged`` each met a criterion written before its run (docs/notes/people-coco-s11.md,
    docs/notes/faces-flag-s11.md)."""

    name = "coco"

    def engine_for(self, label: str) -> str:
        from .coco import ALIASES, COCO_LABELS, coco_label

        word = label.lower().strip()
        if word in PEOPLE_WORDS:
            return "people-coco"
        if word in FACE_WORDS:
            return "faces-flagged"
        if coco_label(word) is not None:
            return "coco-centernet"
        raise GenImgUsageError(
            f"detector: the coco detector knows people ({', '.join(sorted(PEOPLE_WORDS))}), faces, the 80 COCO classes "
            f"({', '.join(COCO_LABELS)}) and the words {', '.join(sorted(ALIASES))}; {label!r} is none of them: use an "
            "open-vocabulary detector (--genimg-detector FOLDER_OR_HUB_ID) for it")


DETECTORS.register("coco", CocoRouter, "people (people-coco), faces (faces-flagged) and the 80 COCO classes (coco-centernet), offline after fetch-coco")


def resolve_detector(value: Any) -> Detector:
    """None (the built-in router), a registered name, a folder / hub id, or a detector object."""
    if value is None:
        return BuiltinRouter()
    if isinstance(value, str):
        return DETECTORS.get(value) if value in BUILTIN_DETECTORS else load_detector(value)
    if isinstance(value, os.PathLike):
        return load_detector(os.fspath(value))
    if not callable(getattr(value, "detect", None)):
        names = ", ".join(map(repr, BUILTIN_DETECTORS))
        raise usage("detector", f"None, {names}, a detector folder or hub id, or an object with detect(rgb, labels)", value)
    return value

"""Object detectors for composition checks, behind a small Protocol and a registry.

Offline, with weights that ship inside installed packages: ``people`` (MediaPipe pose, several
poses per image, from the bundled ``.task``) and ``faces`` (OpenCV's frontal-face Haar cascade from
the ``cv2`` wheel). Any other object needs an open-vocabulary detector through transformers
(OWLv2 / OWL-ViT, Grounding DINO) from a local folder or hub id: ``--genimg-detector``.
"""
from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import numpy as np
from PIL import Image

from ..errors import GenImgUsageError, ModelLoadError, usage
from ..metrics.composition import Box, Detection
from .registry import new_registry, require_module

ENV_DETECTOR = "GENIMG_DETECTOR"
RECOMMENDED_DETECTORS = ("google/owlv2-base-patch16-ensemble", "IDEA-Research/grounding-dino-tiny")
PEOPLE_WORDS = frozenset({"person", "man", "woman", "boy", "girl", "child", "kid", "human", "player", "people"})
FACE_WORDS = frozenset({"face", "head"})

DETECTORS = new_registry("detector")


@runtime_checkable
class Detector(Protocol):
    """Finds objects named by ``labels`` in one RGB array (HxWx3 uint8); boxes in its pixels."""

    name: str

    def detect(self, rgb: np.ndarray, labels: Sequence[str]) -> list[Detection]: ...


class PeopleDetector:
    """People as MediaPipe pose finds them (several per image, heads masked between rounds), the box
    spanning the visible landmarks grown to take in the head and limbs' ends. ``hog_min_score`` adds
    OpenCV's HOG pedestrian detector (its SVM ships in the ``cv2`` wheel) for upright bodies whose
    face the pose model cannot key on, where its score reaches the cut and no pose box covers it.
    It is off by default: on the tuning half of ``benchmarks/accuracy_composition.py`` no cut
    counted more people right than the pose model alone."""

    def __init__(self, engine: Any = None, *, min_visibility: float = 0.5, hog_min_score: float | None = None) -> None:
        from .pose import get_pose_engine

        self.engine = get_pose_engine() if engine is None else engine
        self.min_visibility = min_visibility
        self.hog_min_score = hog_min_score
        self._hog: Any = None
        self.name = f"people:{self.engine.name}" + ("" if hog_min_score is None else f"+hog>={hog_min_score:g}")

    def detect(self, rgb: np.ndarray, labels: Sequence[str]) -> list[Detection]:
        hog = self._pedestrians(rgb) if self.hog_min_score is not None else []
        return [Detection(label, box, score) for box, score in combine_people(self.poses(rgb), hog, self.hog_min_score) for label in labels]

    def poses(self, rgb: np.ndarray) -> list[tuple[Box, float]]:
        """(box, mean landmark visibility) of each body the pose model finds."""
        from .pose import find_people

        h, w = rgb.shape[:2]
        boxes = []
        for person in find_people(self.engine, Image.fromarray(rgb)):
            seen = person.visibility >= self.min_visibility
            points = person.points[seen] if seen.sum() >= 4 else person.points
            x0, y0 = points.min(axis=0)
            x1, y1 = points.max(axis=0)
            pad = 0.15 * person.size
            boxes.append(((max(0.0, x0 - pad), max(0.0, y0 - 1.5 * pad), min(float(w), x1 + pad), min(float(h), y1 + pad)),
                          float(np.mean(person.visibility))))
        return boxes

    def _pedestrians(self, rgb: np.ndarray) -> list[tuple[Box, float]]:
        cv2 = require_module("cv2", "opencv-python-headless", "people detection")
        if self._hog is None:
            self._hog = cv2.HOGDescriptor()
            self._hog.setSVMDetector(cv2.HOGDescriptor_getDefaultPeopleDetector())
        gray = cv2.cvtColor(np.ascontiguousarray(rgb), cv2.COLOR_RGB2GRAY)
        rects, weights = self._hog.detectMultiScale(gray, winStride=(8, 8), padding=(8, 8), scale=1.05)
        return [((float(x), float(y), float(x + bw), float(y + bh)), float(wt))
                for (x, y, bw, bh), wt in zip(np.asarray(rects).reshape(-1, 4), np.asarray(weights).reshape(-1))]


def combine_people(poses: list[tuple[Box, float]], pedestrians: list[tuple[Box, float]], hog_min_score: float | None) -> list[tuple[Box, float]]:
    """Pose boxes, plus HOG boxes scoring at least ``hog_min_score`` that no kept box covers by half
    (HOG's SVM margin, about 0-3, is halved into the 0-1 score range)."""
    kept = list(poses)
    if hog_min_score is not None:
        for box, score in sorted(pedestrians, key=lambda p: -p[1]):
            if score >= hog_min_score and all(_covered(box, other) < 0.5 for other, _ in kept):
                kept.append((box, min(1.0, score / 2)))
    return kept


def _covered(a: Box, b: Box) -> float:
    """The share of the smaller of two boxes that the other covers."""
    iw = min(a[2], b[2]) - max(a[0], b[0])
    ih = min(a[3], b[3]) - max(a[1], b[1])
    smaller = min((a[2] - a[0]) * (a[3] - a[1]), (b[2] - b[0]) * (b[3] - b[1]))
    return max(0.0, iw) * max(0.0, ih) / smaller if smaller > 0 else 0.0


class FaceDetector:
    """Frontal faces by OpenCV's Haar cascade (shipped in the ``cv2`` wheel). The score is the
    cascade's level weight squashed to 0-1; faces under ``min_size`` of the short side are ignored."""

    def __init__(self, cascade: str = "haarcascade_frontalface_default.xml", *, min_neighbors: int = 5, min_size: float = 0.04) -> None:
        cv2 = require_module("cv2", "opencv-python-headless", "face detection")
        path = Path(cv2.data.haarcascades) / cascade
        self._cascade = cv2.CascadeClassifier(str(path))
        if self._cascade.empty():
            raise ModelLoadError(f"OpenCV could not load its face cascade {path}")
        self._cv2 = cv2
        self.min_neighbors = min_neighbors
        self.min_size = min_size
        self.name = f"faces:opencv-{cv2.__version__}:{cascade}"

    def detect(self, rgb: np.ndarray, labels: Sequence[str]) -> list[Detection]:
        cv2 = self._cv2
        gray = cv2.equalizeHist(cv2.cvtColor(np.ascontiguousarray(rgb), cv2.COLOR_RGB2GRAY))
        side = max(16, int(self.min_size * min(gray.shape)))
        boxes, _, weights = self._cascade.detectMultiScale3(
            gray, scaleFactor=1.1, minNeighbors=self.min_neighbors, minSize=(side, side), outputRejectLevels=True
        )
        found = []
        for (x, y, bw, bh), weight in zip(np.asarray(boxes).reshape(-1, 4), np.asarray(weights).reshape(-1)):
            score = float(1.0 / (1.0 + np.exp(-float(weight))))
            found += [Detection(label, (float(x), float(y), float(x + bw), float(y + bh)), score) for label in labels]
        return found


class TransformersDetector:
    """An open-vocabulary detector (OWLv2, OWL-ViT, Grounding DINO) from transformers; ``threshold``
    is the box score a detection needs (OWL's scores are low: 0.1 is their usual cut)."""

    def __init__(self, model: Any, processor: Any, *, name: str, device: str, threshold: float = 0.1) -> None:
        self.model, self.processor = model, processor
        self.name, self.device, self.threshold = name, device, threshold

    def detect(self, rgb: np.ndarray, labels: Sequence[str]) -> list[Detection]:
        import torch

        labels = list(labels)
        image = Image.fromarray(rgb)
        grounded = "grounding" in self.name.lower()
        text: Any = ". ".join(labels) + "." if grounded else [[f"a photo of a {label}" for label in labels]]
        inputs = self.processor(text=text, images=image, return_tensors="pt").to(self.device)
        with torch.inference_mode():
            outputs = self.model(**inputs)
        # OWLv2 pads the image to a square at the bottom and right: its boxes are in the padded frame.
        side = max(image.height, image.width)
        sizes = [(side, side) if self.name.startswith("owlv2") else (image.height, image.width)]
        if grounded:
            post = self.processor.post_process_grounded_object_detection(
                outputs, inputs["input_ids"], threshold=self.threshold, target_sizes=sizes, text_labels=[labels])[0]
            names = [_closest_label(str(t), labels) for t in post.get("text_labels", post.get("labels", []))]
        else:
            post = self.processor.post_process_grounded_object_detection(outputs, threshold=self.threshold, target_sizes=sizes)[0]
            names = [labels[int(i)] for i in post["labels"]]
        found = []
        for name, box, score in zip(names, post["boxes"], post["scores"]):
            x0, y0, x1, y1 = (float(v) for v in box.tolist())
            clipped = (max(0.0, x0), max(0.0, y0), min(float(image.width), x1), min(float(image.height), y1))
            if clipped[2] > clipped[0] and clipped[3] > clipped[1]:
                found.append(Detection(name, clipped, float(score)))
        return found


def _closest_label(text: str, labels: Sequence[str]) -> str:
    return next((label for label in labels if label in text or text in label), labels[0])


def _load_transformers(spec: str, device: str, threshold: float) -> TransformersDetector:
    require_module("transformers", "transformers", "open-vocabulary detection")
    import transformers

    path = Path(spec).expanduser()
    local = path.is_dir()
    source = str(path.resolve()) if local else spec
    if not local and (spec.startswith((".", "/", "~")) or spec.count("/") > 1):
        raise ModelLoadError(f"detector: {spec!r} looks like a folder but does not exist here (and is not a hub id 'org/name')")
    offline = local or os.environ.get("HF_HUB_OFFLINE", "").strip().lower() in ("1", "true", "yes", "on")
    kwargs: dict[str, Any] = {"local_files_only": offline}
    try:
        model = transformers.AutoModelForZeroShotObjectDetection.from_pretrained(source, use_safetensors=True, **kwargs)
        processor = transformers.AutoProcessor.from_pretrained(source, **kwargs)
    except Exception as exc:
        raise ModelLoadError(
            f"detector: could not load an open-vocabulary detector from {source!r}: {type(exc).__name__}: {str(exc)[:300]}\n"
            f"  expected a transformers zero-shot object detection checkpoint (safetensors), e.g. "
            f"{', '.join(RECOMMENDED_DETECTORS)}"
        ) from exc
    model_type = getattr(model.config, "model_type", "detector")
    return TransformersDetector(model.to(device).eval(), processor, name=f"{model_type}:{source}", device=device, threshold=threshold)


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
DETECTORS.register("faces", FaceDetector, "faces: OpenCV Haar cascade (offline)")


class BuiltinRouter:
    """The default: people words to ``people``, faces to ``faces``, anything else to the configured
    open-vocabulary detector (``GENIMG_DETECTOR``, set from ``--genimg-detector``), or a clear error."""

    name = "builtin"

    def engine_for(self, label: str) -> Detector:
        word = label.lower().strip()
        if word in PEOPLE_WORDS:
            return DETECTORS.get("people")
        if word in FACE_WORDS:
            return DETECTORS.get("faces")
        configured = os.environ.get(ENV_DETECTOR, "").strip()
        if configured:
            return load_detector(configured)
        raise GenImgUsageError(
            f"detector: no detector for {label!r}. The offline built-ins detect only people "
            f"({', '.join(sorted(PEOPLE_WORDS))}) and faces (pip install 'pytest-genimg[pose]'); for other objects set "
            f"--genimg-detector (ini genimg_detector, or {ENV_DETECTOR}) to an open-vocabulary detector folder or hub id, "
            f"e.g. {RECOMMENDED_DETECTORS[0]}, and pass detector=genimg_detector"
        )

    def detect(self, rgb: np.ndarray, labels: Sequence[str]) -> list[Detection]:
        groups: dict[int, tuple[Detector, list[str]]] = {}
        for label in labels:
            engine = self.engine_for(label)
            groups.setdefault(id(engine), (engine, []))[1].append(label)
        return [d for engine, group in groups.values() for d in engine.detect(rgb, group)]


def resolve_detector(value: Any) -> Detector:
    """None (the built-in router), a registered name, a folder / hub id, or a detector object."""
    if value is None:
        return BuiltinRouter()
    if isinstance(value, str):
        return DETECTORS.get(value) if value in ("people", "faces") else load_detector(value)
    if isinstance(value, os.PathLike):
        return load_detector(os.fspath(value))
    if not callable(getattr(value, "detect", None)):
        raise usage("detector", "None, 'people', 'faces', a detector folder or hub id, or an object with detect(rgb, labels)", value)
    return value

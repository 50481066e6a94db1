"""OCR engines behind a small Protocol: what text an image shows, where, and how confidently.

The default engine is rapidocr 3.10 (PP-OCRv6 models bundled in its wheel, no network). Engines are
built lazily through :data:`OCR_BACKENDS` and loaded once per process.
"""
from __future__ import annotations

import logging
import math
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

import numpy as np
from PIL import Image

from ..errors import GenImgUsageError
from .registry import new_registry, require_module

Point = tuple[float, float]


@dataclass(frozen=True)
class OcrBox:
    """One detected line of text: the string read, its confidence and its polygon in pixels.

    When the engine reports them (the default rapidocr engine does), ``char_scores`` holds one
    confidence per character of ``text`` and ``alternatives`` the recogniser's most probable *other*
    characters at each position with their probabilities -- what the argmax hid, e.g. how close an
    "O" came to being read as "0". Both are ``None`` otherwise.
    """

    text: str
    score: float
    box: tuple[Point, ...]
    char_scores: tuple[float, ...] | None = None
    alternatives: tuple[tuple[tuple[str, float], ...], ...] | None = None


def read_background_distance(engine: Any, image: Image.Image) -> list[OcrBox]:
    """``engine``'s reading of ``image``'s background distance
    (:func:`~pytest_genimg.metrics.background.background_distance`: faint text drawn dark on white,
    the same size as ``image``), the text check's faint look."""
    from ..metrics.background import background_distance

    grey = background_distance(np.asarray(image.convert("RGB")))
    return engine.read(Image.fromarray(grey).convert("RGB"))


def check_reading(engine: str, found: Any) -> list[OcrBox]:
    """``found`` (what ``engine``'s ``read`` returned) as a list, or a usage error naming the engine
    and the first malformed line: the text checks would otherwise fail deep in reading order."""
    def refuse(expected: str, got: Any) -> GenImgUsageError:
        shown = repr(got)
        return GenImgUsageError(f"engine: {engine!r}: expected {expected}, got {shown[:120]}")

    if isinstance(found, (str, bytes)) or not isinstance(found, (list, tuple)):
        raise refuse("read() to return a list of OcrBox", found)
    for line in found:
        if not isinstance(line, OcrBox):
            raise refuse("read() to return a list of OcrBox", line)
        if not isinstance(line.text, str):
            raise refuse("an OcrBox text that is a string", line.text)
        if isinstance(line.score, bool) or not isinstance(line.score, (int, float, np.number)) or not math.isfinite(line.score):
            raise refuse("an OcrBox score that is a finite number", line.score)
        try:
            points = np.asarray(line.box, dtype=np.float64)
        except (TypeError, ValueError):
            points = np.zeros((0,))
        if points.ndim != 2 or points.shape[0] == 0 or points.shape[1] != 2 or not np.isfinite(points).all():
            raise refuse("an OcrBox polygon of (x, y) points with finite coordinates", line.box)
        if line.alternatives is not None and len(line.alternatives) != len(line.text):
            raise refuse(f"OcrBox alternatives one per character of {line.text!r}", line.alternatives)
    return list(found)


@runtime_checkable
class OcrEngine(Protocol):
    """Reads every line of text in an RGB image. ``name`` identifies it in messages and reports."""

    name: str

    def read(self, image: Image.Image) -> list[OcrBox]: ...


def _quiet(logger_name: str) -> None:
    # rapidocr logs every model load and empty result at INFO/WARNING on its own handler.
    logging.getLogger(logger_name).setLevel(logging.ERROR)


class RapidOcrEngine:
    """rapidocr 3.x (PP-OCRv6 small det + rec, bundled): reads whole images, offline.

    Every box is returned (engine score filter off) so the check, not the engine, applies the
    confidence threshold and the artifact can show what was rejected.
    """

    thread_safe = False  # read() holds a lock: threads that want parallel reads need their own
    takes_threads = True  # ONNX Runtime's threads per session; outputs do not depend on it

    @classmethod
    def identity(cls, *, use_cls: bool = True, alternatives: bool = True, params: dict[str, Any] | None = None) -> dict[str, Any]:
        """What the output depends on (for the evaluator cache), known without loading the models."""
        return {"name": f"rapidocr-{_version('rapidocr')}", "onnxruntime": _version("onnxruntime"),
                "models": _package_files("rapidocr", ("models/*.onnx", "*.yaml")),
                "params": {"use_cls": use_cls, "alternatives": alternatives, **(params or {})}}

    def __init__(self, *, use_cls: bool = True, alternatives: bool = True, params: dict[str, Any] | None = None,
                 threads: int | None = None) -> None:
        """``threads``: ONNX Runtime's intra-op threads for each model (None: one per core); not part
        of the identity, since readings do not depend on it."""
        self._identity = self.identity(use_cls=use_cls, alternatives=alternatives, params=params)
        rapidocr = require_module("rapidocr", "'rapidocr==3.10.0' onnxruntime", "OCR text checks")
        require_module("onnxruntime", "onnxruntime", "OCR text checks")
        _quiet("RapidOCR")
        config = {
            "Global.log_level": "error",
            "Global.text_score": 0.0,
            "Global.use_cls": use_cls,
            **({"EngineConfig.onnxruntime.intra_op_num_threads": threads} if threads else {}),
            **(params or {}),
        }
        self._ocr = rapidocr.RapidOCR(params=config)
        self.name = f"rapidocr-{_version('rapidocr')}"
        self._alternatives = alternatives
        self._lock = threading.Lock()  # read() briefly swaps the recogniser's session: one at a time

    def cache_identity(self) -> dict[str, Any]:
        return self._identity

    def read(self, image: Image.Image) -> list[OcrBox]:
        bgr = np.ascontiguousarray(np.asarray(image.convert("RGB"))[:, :, ::-1])
        recorded: list[np.ndarray] = []
        rec = self._recogniser() if self._alternatives else None
        with self._lock:
            if rec is None:
                out = self._ocr(bgr)
            else:
                # rapidocr's CTC decoder keeps only each frame's argmax; record the recogniser's raw
                # output to keep the runner-up probabilities too (no second inference).
                session = rec.session

                def recording(batch: np.ndarray) -> np.ndarray:
                    recorded.append(session(batch))
                    return recorded[-1]

                rec.session = recording
                try:
                    out = self._ocr(bgr)
                finally:
                    rec.session = session
        if out is None or getattr(out, "txts", None) is None or getattr(out, "boxes", None) is None:
            return []
        decoded = _decode_rows(recorded, rec.postprocess_op.character) if rec is not None else {}
        boxes = []
        for text, score, poly in zip(out.txts, out.scores, out.boxes):
            chars, alts = decoded.get(str(text), (None, None))
            points = tuple((float(x), float(y)) for x, y in np.asarray(poly).reshape(-1, 2))
            boxes.append(OcrBox(text=str(text), score=float(score), box=points, char_scores=chars, alternatives=alts))
        return boxes

    def reread(self, image: Image.Image, boxes: Sequence[OcrBox]) -> dict[str, list[OcrBox]]:
        """Each box's line recognised again from its own crop, once per :data:`REREAD_VARIANTS`, with
        no angle classifier: a second look for lines the whole-image pass misread. Returns, per
        variant, one :class:`OcrBox` per box (same polygon), in order."""
        rec = self._recogniser()
        if rec is None or not boxes:
            return {}
        from rapidocr.utils.process_img import get_rotate_crop_image

        bgr = np.ascontiguousarray(np.asarray(image.convert("RGB"))[:, :, ::-1])
        charset = rec.postprocess_op.character
        width, height = rec.rec_image_shape[2], rec.rec_image_shape[1]
        out: dict[str, list[OcrBox]] = {name: [] for name in REREAD_VARIANTS}
        with self._lock:
            for box in boxes:
                points = line_quad(box.box, np.float32)
                for name, (margin, stretch) in REREAD_VARIANTS.items():
                    crop = get_rotate_crop_image(bgr, widen_quad(points, margin))
                    crop = _stretched(crop) if stretch else crop
                    # one crop at a time: padding a batch to its widest crop changes what is read
                    ratio = max(width / height, crop.shape[1] / max(1, crop.shape[0]))
                    probs = np.asarray(rec.session(rec.resize_norm_img(crop, ratio)[np.newaxis].astype(np.float32)))[0]
                    text, scores, alts = _decode_row(probs, charset)
                    out[name].append(OcrBox(text=text, score=float(np.mean(scores)) if scores else 0.0, box=box.box,
                                            char_scores=scores, alternatives=alts))
        return out

    def _recogniser(self) -> Any:
        """rapidocr's recogniser, if this version exposes what the alternatives need (3.10 does)."""
        load = getattr(self._ocr, "_load_rec_model", None)
        rec = load() if callable(load) else None
        needed = ("session", "postprocess_op")
        return rec if rec is not None and all(hasattr(rec, n) for n in needed) else None


# Second-look crops (margin around the box as a fraction of the line height: (along, across); contrast
# stretch): the detector's box clips trailing dots and accents, and faint text reads better stretched
# (grey levels spread over 0-255). No angle classifier either: on the tuning half it turned a faint "9.95 €" upside down.
# A tighter "crop" variant recovered nothing these two did not.
REREAD_VARIANTS: dict[str, tuple[tuple[float, float], bool]] = {
    "margin": ((0.3, 0.15), False),
    "stretched": ((0.3, 0.15), True),
}


def line_quad(polygon: Any, dtype: Any = np.float64) -> np.ndarray:
    """An OCR box as a quad, clockwise from top-left: its four points as given, else (any other
    polygon) its bounding rectangle."""
    points = np.asarray(polygon, dtype=dtype).reshape(-1, 2)
    if len(points) == 4:
        return points
    (x0, y0), (x1, y1) = points.min(axis=0), points.max(axis=0)
    return np.array([[x0, y0], [x1, y0], [x1, y1], [x0, y1]], dtype=dtype)


def widen_quad(points: np.ndarray, margin: tuple[float, float]) -> np.ndarray:
    """The quad (clockwise from top-left) grown along and across its own axes by ``margin`` x its
    height (at least 1 px), in the quad's own dtype: the second look's crops and the glyph look's."""
    along, across = points[1] - points[0], points[3] - points[0]
    height = max(float(np.linalg.norm(across)), 1.0)
    u = along / max(float(np.linalg.norm(along)), 1e-6)
    v = across / height
    signs = ((-1, -1), (1, -1), (1, 1), (-1, 1))
    return np.array([p + (su * margin[0] * u + sv * margin[1] * v) * height for p, (su, sv) in zip(points, signs)],
                    dtype=points.dtype)


def _stretched(crop: np.ndarray) -> np.ndarray:
    """Grey levels stretched so the 1st-99th percentiles span 0-255 (faint text made contrasty)."""
    grey = crop.astype(np.float32) @ np.array([0.114, 0.587, 0.299], dtype=np.float32)  # BGR
    lo, hi = np.percentile(grey, (1, 99))
    grey = np.clip((grey - lo) * (255.0 / max(float(hi - lo), 1.0)), 0, 255).astype(np.uint8)
    return np.repeat(grey[:, :, None], 3, axis=2)


Alternatives = tuple[tuple[tuple[str, float], ...], ...]
Decoded = tuple[tuple[float, ...], Alternatives]


def _decode_rows(batches: Sequence[np.ndarray], charset: Sequence[str], top: int = 4) -> dict[str, Decoded]:
    """Greedy CTC decoding of every row, keyed by the decoded text (see :func:`_decode_row`)."""
    found: dict[str, Decoded] = {}
    for batch in batches:
        for probs in np.asarray(batch):
            text, scores, alternatives = _decode_row(probs, charset, top)
            if text and text not in found:
                found[text] = (scores, alternatives)
    return found


def _decode_row(probs: np.ndarray, charset: Sequence[str], top: int = 4) -> tuple[str, tuple[float, ...], Alternatives]:
    """Greedy CTC decoding, as rapidocr does, keeping per character its probability and the ``top``
    other characters' probabilities (peak over the frames it spans)."""
    best = probs.argmax(axis=1)
    spans: list[tuple[int, int, int]] = []  # (class, first frame, last frame), blank = 0
    for t, k in enumerate(best):
        if k != 0 and spans and spans[-1][0] == k and spans[-1][2] == t - 1:
            spans[-1] = (int(k), spans[-1][1], t)
        elif k != 0:
            spans.append((int(k), t, t))
    scores, alternatives = [], []
    for k, first, last in spans:
        scores.append(round(float(probs[first, k]), 6))
        peak = probs[first:last + 1].max(axis=0)
        peak[[0, k]] = 0.0
        order = np.argsort(peak)[::-1][:top]
        alternatives.append(tuple((charset[j], round(float(peak[j]), 6)) for j in order if peak[j] > 1e-6))
    return "".join(charset[k] for k, _, _ in spans), tuple(scores), tuple(alternatives)


def _package_files(package: str, patterns: tuple[str, ...]) -> str:
    """Digest of a package's bundled model files, found without importing the package."""
    import importlib.util
    from pathlib import Path

    from ..evalcache import files_digest

    spec = importlib.util.find_spec(package)
    if spec is None or spec.origin is None:
        return "absent"
    root = Path(spec.origin).parent
    return files_digest([p for pattern in patterns for p in root.glob(pattern) if p.is_file()])


def _version(dist: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(dist)
    except PackageNotFoundError:
        return "unknown"


class RapidOcrV4Engine:
    """rapidocr-onnxruntime 1.4.4 (PP-OCRv4 mobile, frozen, Python < 3.13): an optional second engine.

    Measured by ``benchmarks/accuracy_text.py``: faster than the default, about as good on ASCII text,
    but it drops accents and currency signs ("Crème" read "Creme") and lets look-alike garbling pass
    at least as often. It reports no per-character alternatives, so ``max_lookalike_prob`` cannot act.
    """

    thread_safe = False
    takes_threads = True

    @classmethod
    def identity(cls) -> dict[str, Any]:
        return {"name": "rapidocr-onnxruntime-1.4.4", "version": _version("rapidocr-onnxruntime"),
                "models": _package_files("rapidocr_onnxruntime", ("models/*.onnx", "*.yaml")),
                "params": {"use_cls": False, "text_score": 0.0}}

    def cache_identity(self) -> dict[str, Any]:
        return self.identity()

    def __init__(self, *, threads: int | None = None) -> None:
        module = require_module("rapidocr_onnxruntime", "'rapidocr-onnxruntime==1.4.4'", "the strict OCR engine")
        _quiet("RapidOCR")
        _quiet("rapidocr_onnxruntime")
        self._ocr = module.RapidOCR(use_cls=False, text_score=0.0, print_verbose=False,
                                    **({"intra_op_num_threads": threads} if threads else {}))
        self.name = "rapidocr-onnxruntime-1.4.4"

    def read(self, image: Image.Image) -> list[OcrBox]:
        bgr = np.ascontiguousarray(np.asarray(image.convert("RGB"))[:, :, ::-1])
        result, _ = self._ocr(bgr, use_cls=False)
        boxes = []
        for poly, text, score in result or ():
            points = tuple((float(x), float(y)) for x, y in np.asarray(poly).reshape(-1, 2))
            boxes.append(OcrBox(text=str(text), score=float(score), box=points))
        return boxes


OCR_BACKENDS = new_registry("ocr")
OCR_BACKENDS.register("rapidocr", RapidOcrEngine, "rapidocr 3.10, PP-OCRv6 small (default)")
OCR_BACKENDS.register("rapidocr-v4", RapidOcrV4Engine, "rapidocr-onnxruntime 1.4.4, PP-OCRv4 (optional; ASCII only)")
DEFAULT_OCR = "rapidocr"


def get_ocr(engine: str | OcrEngine = DEFAULT_OCR) -> OcrEngine:
    """A registered engine by name (built once per process) or an engine object passed directly."""
    return OCR_BACKENDS.resolve(engine)

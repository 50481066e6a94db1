"""An offline detector of the 80 COCO classes: MB3-CenterNet (MobileNetV3 backbone, CenterNet head,
512x512 input) run by :mod:`.tfjs_graph` from the folder ``python -m pytest_genimg fetch-coco`` fills.

The image is letterboxed into 512x512 (aspect kept, black below or right); each class's heatmap
peaks (3x3 max-pool, as CenterNet decodes) scoring at least ``min_score`` become boxes from the
regressed left/top/right/bottom distances, then non-maximum suppression within each class.
"""
from __future__ import annotations

import math
from pathlib import Path
from typing import Any, Sequence

import numpy as np
from PIL import Image

from ..errors import GenImgUsageError, usage
from ..metrics.composition import Box, Detection, nms
from .coco_fetch import FILES, FetchedGraph, default_folder

SIZE = 512  # the graph's input side
STRIDE = 4  # heatmap cell in input pixels
DEFAULT_CUT = 0.25  # chosen on the tuning half of benchmarks/accuracy_coco_objects.py
COCO_LABELS = (
    "person", "bicycle", "car", "motorcycle", "airplane", "bus", "train", "truck", "boat", "traffic light",
    "fire hydrant", "stop sign", "parking meter", "bench", "bird", "cat", "dog", "horse", "sheep", "cow",
    "elephant", "bear", "zebra", "giraffe", "backpack", "umbrella", "handbag", "tie", "suitcase", "frisbee",
    "skis", "snowboard", "sports ball", "kite", "baseball bat", "baseball glove", "skateboard", "surfboard", "tennis racket", "bottle",
    "wine glass", "cup", "fork", "knife", "spoon", "bowl", "banana", "apple", "sandwich", "orange",
    "broccoli", "carrot", "hot dog", "pizza", "donut", "cake", "chair", "couch", "potted plant", "bed",
    "dining table", "toilet", "tv", "laptop", "mouse", "remote", "keyboard", "cell phone", "microwave", "oven",
    "toaster", "sink", "refrigerator", "book", "clock", "vase", "scissors", "teddy bear", "hair drier", "toothbrush",
)
# Words a prompt uses for a COCO class (singular; composition's parser strips plurals).
ALIASES = {
    "people": "person", "man": "person", "woman": "person", "child": "person", "boy": "person", "girl": "person",
    "motorbike": "motorcycle", "aeroplane": "airplane", "plane": "airplane", "ball": "sports ball", "sofa": "couch",
    "table": "dining table", "television": "tv", "phone": "cell phone", "mobile phone": "cell phone", "plant": "potted plant",
    "doughnut": "donut", "hairdryer": "hair drier", "hair dryer": "hair drier", "glass": "wine glass", "puppy": "dog", "kitten": "cat",
}


TILE_OVERLAP = 1 / 3  # tiled_boxes' 2x2 grid: neighbours share a third of a tile, so each tile is 0.6 of its side
TILE_EDGE = 0.01  # a tile box within this share of the tile's side of an inner edge is a cut person


def tiles(width: int, height: int) -> list[tuple[int, int, int, int]]:
    """(left, top, right, bottom) of the 2x2 grid of overlapping tiles :meth:`CocoDetector.tiled_boxes` reads
    (:func:`~pytest_genimg.metrics.tiled_people.tile_boxes`' grid, in whole pixels): 0.6 of each side,
    starting at 0 and 0.4."""
    from ..metrics.tiled_people import tile_boxes

    return [(round(x0), round(y0), round(x1), round(y1)) for x0, y0, x1, y1 in tile_boxes(width, height, grid=2, overlap=TILE_OVERLAP)]


def tile_identity() -> dict[str, float]:
    """The tile pass's fixed settings, for a cache identity."""
    return {"grid": 2, "overlap": round(TILE_OVERLAP, 6), "edge": TILE_EDGE}


def add_tile_boxes(kept: list[tuple[Box, float]], found: list[tuple[Box, float]], tile_score: float) -> list[tuple[Box, float]]:
    """``kept`` plus each of ``found`` (tile boxes) scoring at least ``tile_score`` that no box kept so far
    covers by half (overlap of the smaller box), most confident first."""
    from ..metrics.anatomy import overlap_of_smaller

    kept = list(kept)
    for box, score in sorted(found, key=lambda f: -f[1]):
        if score >= tile_score and all(overlap_of_smaller(box, other) < 0.5 for other, _ in kept):
            kept.append((box, score))
    return kept


def check_cut(name: str, value: Any) -> float:
    """``value`` as a score cut in (0, 1], or a usage error naming ``name``."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or not 0 < value <= 1:
        raise usage(name, "a number in (0, 1]", value)
    return float(value)


def coco_label(label: str) -> str | None:
    """The COCO class ``label`` names (itself, or through :data:`ALIASES`), else None."""
    word = label.lower().strip()
    return word if word in COCO_LABELS else ALIASES.get(word)


def letterbox(rgb: np.ndarray) -> tuple[np.ndarray, float]:
    """``rgb`` scaled to fit SIZExSIZE (aspect kept, padded black below and right) as float32 0-255
    NHWC, and the scale from image pixels to input pixels."""
    h, w = rgb.shape[:2]
    scale = SIZE / max(h, w)
    nw, nh = max(1, round(w * scale)), max(1, round(h * scale))
    canvas = np.zeros((1, SIZE, SIZE, 3), np.float32)
    canvas[0, :nh, :nw] = np.asarray(Image.fromarray(rgb).resize((nw, nh), Image.Resampling.BILINEAR), dtype=np.float32)
    return canvas, scale


def decode(heatmap: np.ndarray, ltrb: np.ndarray, *, min_score: float, scale: float, shape: tuple[int, int],
           classes: Sequence[int] | None = None, iou: float = 0.5) -> list[tuple[int, Box, float]]:
    """(class index, box in image pixels, score) of each heatmap peak scoring at least ``min_score``
    (``heatmap`` HxWxC after the sigmoid, ``ltrb`` HxWx4 in input pixels), NMS within each class."""
    import torch

    hm = torch.from_numpy(np.ascontiguousarray(heatmap)).permute(2, 0, 1)[None]
    peaks = (hm * (torch.nn.functional.max_pool2d(hm, 3, 1, 1) == hm))[0].permute(1, 2, 0).numpy()
    if classes is not None:
        keep = np.zeros(peaks.shape[2], bool)
        keep[list(classes)] = True
        peaks = peaks * keep
    ys, xs, cs = np.nonzero(peaks >= min_score)
    h, w = shape
    found: list[Detection] = []
    for y, x, c in zip(ys, xs, cs):
        left, top, right, bottom = (float(v) for v in ltrb[y, x])
        cx, cy = x * STRIDE, y * STRIDE
        box = (max(0.0, float(cx - left) / scale), max(0.0, float(cy - top) / scale), min(float(w), float(cx + right) / scale),
               min(float(h), float(cy + bottom) / scale))
        if box[2] > box[0] and box[3] > box[1]:
            found.append(Detection(str(int(c)), box, float(peaks[y, x, c])))
    return [(int(d.label), d.box, d.score) for d in nms(found, iou)]


class CocoDetector:
    """The ``coco-centernet`` detector: boxes of the 80 COCO classes (and :data:`ALIASES`' words) at
    ``min_score`` (heatmap peak, 0-1; 0.25 by default, chosen on the tuning half of
    ``benchmarks/accuracy_coco_objects.py``), NMS at ``iou`` per class."""

    def __init__(self, folder: str | Path | None = None, *, min_score: float = DEFAULT_CUT, iou: float = 0.5) -> None:
        for name, value in (("min_score", min_score), ("iou", iou)):
            check_cut(name, value)
        self.folder = Path(folder).expanduser() if folder is not None else default_folder()
        self.min_score, self.iou = float(min_score), float(iou)
        self.name = f"coco:mb3-centernet>={self.min_score:g}"
        self._graph = FetchedGraph(self.folder, FILES, "centernet.json", "the COCO detector")

    @classmethod
    def identity(cls, *, min_score: float = DEFAULT_CUT, iou: float = 0.5) -> dict[str, Any]:
        return {"name": "coco", "model": "mb3-centernet", "files": dict(FILES), "min_score": min_score, "iou": iou, "size": SIZE}

    def cache_identity(self) -> dict[str, Any]:
        return self.identity(min_score=self.min_score, iou=self.iou)

    def graph(self) -> Any:
        return self._graph.get()

    def close(self) -> None:
        self._graph.close()

    def raw(self, rgb: np.ndarray) -> tuple[np.ndarray, np.ndarray, float]:
        """The heatmap (128x128x80), the box distances (128x128x4) and the letterbox scale for ``rgb``."""
        x, scale = letterbox(np.ascontiguousarray(rgb[..., :3], dtype=np.uint8))
        out = self.graph().run(x, ["tower_0/keypoints", "tower_0/wh"])
        return out["tower_0/keypoints"][0], out["tower_0/wh"][0], scale

    def boxes(self, rgb: np.ndarray, label: str = "person", *, min_score: float | None = None) -> list[tuple[Box, float]]:
        """(box, score) of each ``label`` (a COCO class) in ``rgb`` at ``min_score`` (default the detector's)."""
        if label not in COCO_LABELS:
            raise usage("label", "one of the 80 COCO classes (pytest_genimg.backends.coco.COCO_LABELS)", label)
        heatmap, ltrb, scale = self.raw(rgb)
        index = COCO_LABELS.index(label)
        cut = self.min_score if min_score is None else min_score
        return [(box, score) for _, box, score in decode(heatmap, ltrb, min_score=cut, scale=scale, shape=rgb.shape[:2],
                                                         classes=[index], iou=self.iou)]

    def tiled_boxes(self, rgb: np.ndarray, label: str = "person", *, min_score: float | None = None,
                    tile_score: float) -> list[tuple[Box, float]]:
        """:meth:`boxes` of the whole image at ``min_score``, then :meth:`tile_boxes` scoring at least
        ``tile_score`` that no box kept so far covers by half (:func:`add_tile_boxes`). For what a 512 px
        input loses: small people (docs/notes/people-coco-tiles-s12.md)."""
        check_cut("tile_score", tile_score)
        return add_tile_boxes(self.boxes(rgb, label, min_score=min_score), self.tile_boxes(rgb, label, min_score=tile_score), tile_score)

    def tile_boxes(self, rgb: np.ndarray, label: str = "person", *, min_score: float) -> list[tuple[Box, float]]:
        """(box in image pixels, score) of each ``label`` found on the 2x2 grid of overlapping :func:`tiles`,
        each letterboxed to 512 as the whole image is. A box touching one of its tile's inner edges is
        dropped: a person the tile cuts, whom the whole image or a neighbouring tile sees whole."""
        from ..metrics.anatomy import touches_inner_edge

        h, w = rgb.shape[:2]
        found = []
        for x0, y0, x1, y1 in tiles(w, h):
            margin = TILE_EDGE * max(x1 - x0, y1 - y0)
            for box, score in self.boxes(rgb[y0:y1, x0:x1], label, min_score=min_score):
                placed = (box[0] + x0, box[1] + y0, box[2] + x0, box[3] + y0)
                if not touches_inner_edge(placed, (x0, y0, x1, y1), (w, h), margin):
                    found.append((placed, score))
        return found

    def detect(self, rgb: np.ndarray, labels: Sequence[str]) -> list[Detection]:
        from .face_haar import as_rgb

        wanted = {}
        for label in labels:
            cls = coco_label(label)
            if cls is None:
                raise GenImgUsageError(
                    f"detector: the coco detector knows the 80 COCO classes ({', '.join(COCO_LABELS)}) and the words "
                    f"{', '.join(sorted(ALIASES))}; {label!r} is neither: use an open-vocabulary detector (--genimg-detector) for it")
            wanted.setdefault(COCO_LABELS.index(cls), []).append(label)
        rgb = as_rgb(rgb)
        heatmap, ltrb, scale = self.raw(rgb)
        found = decode(heatmap, ltrb, min_score=self.min_score, scale=scale, shape=rgb.shape[:2], classes=list(wanted), iou=self.iou)
        return [Detection(label, box, score) for index, box, score in found for label in wanted[index]]

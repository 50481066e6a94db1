"""Small-face proposals by MTCNN's first two stages (Zhang et al. 2016): the proposal network (P-Net,
fully convolutional, a 12 px window with stride 2) slid over an image pyramid, its boxes refined by
the 24 px refine network (R-Net). The ``faces`` detector keeps a box only where O-Net
(``face_verify.py``) confirms it. The steps follow facenet-pytorch's ``detect_face`` (pyramid factor
0.709, per-scale NMS 0.5, NMS 0.7 across scales and after R-Net, box regression, squared boxes);
crops are zero-padded squares (:func:`face_crop`, shrunk by :func:`crop_resize`) as in the original
MTCNN. Weights: ``assets/mtcnn_pnet_rnet.npz`` (MIT, from the facenet-pytorch wheel, rebuilt by
``scripts/build_face_verifier.py``); numpy only, and the unit tests check each layer against torch."""
from __future__ import annotations

import numpy as np

from ..errors import usage
from ..metrics.composition import Box
from .face_verify import _max_pool, _prelu, area_resize_table, area_table, crop_resize, mtcnn_weights, softmax_face

FACTOR = 0.709
PNET_MIN = 0.6
CELL, STRIDE = 12, 2


def conv_shifted(x: np.ndarray, weight: np.ndarray, bias: np.ndarray) -> np.ndarray:
    """:func:`face_verify._conv` summed over the kernel's k x k shifts, one matmul each: the same
    valid convolution, several times faster on a whole pyramid level (no k*k copy of the input)."""
    k, (n, _, h, w) = weight.shape[2], x.shape
    oh, ow = h - k + 1, w - k + 1
    xt = np.ascontiguousarray(x.transpose(0, 2, 3, 1))
    out = np.broadcast_to(bias, (n, oh, ow, weight.shape[0])).astype(np.float32)
    for i in range(k):
        for j in range(k):
            out += xt[:, i : i + oh, j : j + ow, :] @ weight[:, :, i, j].T
    return out.transpose(0, 3, 1, 2)


def nms(boxes: np.ndarray, scores: np.ndarray, iou: float) -> np.ndarray:
    """Indices kept by greedy non-maximum suppression (IoU over ``iou`` suppresses), best first;
    areas count pixels inclusively (+1) as MTCNN's own NMS does."""
    x0, y0, x1, y1 = boxes.T
    area = (x1 - x0 + 1) * (y1 - y0 + 1)
    order, keep = np.argsort(-scores, kind="stable"), []
    while order.size:
        i, rest = order[0], order[1:]
        keep.append(i)
        w = np.maximum(0.0, np.minimum(x1[i], x1[rest]) - np.maximum(x0[i], x0[rest]) + 1)
        h = np.maximum(0.0, np.minimum(y1[i], y1[rest]) - np.maximum(y0[i], y0[rest]) + 1)
        inter = w * h
        order = rest[inter / (area[i] + area[rest] - inter) <= iou]
    return np.array(keep, dtype=int)


def squared(boxes: np.ndarray) -> np.ndarray:
    """Each box widened to a square on its longer side, same centre (MTCNN's ``rerec``)."""
    w, h = boxes[:, 2] - boxes[:, 0], boxes[:, 3] - boxes[:, 1]
    side = np.maximum(w, h)
    x0, y0 = boxes[:, 0] + (w - side) / 2, boxes[:, 1] + (h - side) / 2
    return np.stack([x0, y0, x0 + side, y0 + side], axis=1)


def scales(height: int, width: int, min_face: float, factor: float = FACTOR) -> list[float]:
    """The pyramid: a face of ``min_face`` px becomes P-Net's 12 px window at the first scale, and
    each next scale is ``factor`` times the last while the short side stays at least 12 px."""
    scale, side, out = CELL / min_face, min(height, width) * CELL / min_face, []
    while side >= CELL:
        out.append(scale)
        scale, side = scale * factor, side * factor
    return out


class FaceProposer:
    """``propose(rgb)``: (box, R-Net face probability) of each face MTCNN's P-Net and R-Net find,
    faces from about ``min_face`` px; P-Net's cells count from ``pnet_min``, R-Net keeps boxes from
    ``rnet_min`` (MTCNN's defaults 0.6 and 0.7)."""

    def __init__(self, *, min_face: float = 20, pnet_min: float = PNET_MIN, rnet_min: float = 0.7) -> None:
        if isinstance(min_face, bool) or not isinstance(min_face, (int, float)) or not 12 <= float(min_face) <= 1000:
            raise usage("min_face", "a number of pixels from 12 to 1000", min_face)
        for name, value in (("pnet_min", pnet_min), ("rnet_min", rnet_min)):
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0.0 <= float(value) <= 1.0:
                raise usage(name, "a number in [0, 1]", value)
        self.min_face, self.pnet_min, self.rnet_min = float(min_face), float(pnet_min), float(rnet_min)
        weights = mtcnn_weights("mtcnn_pnet_rnet.npz")  # one file, keys "pnet.*" and "rnet.*"
        self._pnet, self._rnet = ({k[5:]: v for k, v in weights.items() if k.startswith(net)} for net in ("pnet.", "rnet."))

    def pnet(self, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """P-Net on NCHW ``x`` (normalised): face probability (N, H', W') and box offsets (N, 4, H', W')."""
        w = self._pnet
        x = _max_pool(_prelu(conv_shifted(x, w["conv1.weight"], w["conv1.bias"]), w["prelu1.weight"]), 2, 2)
        x = _prelu(conv_shifted(x, w["conv2.weight"], w["conv2.bias"]), w["prelu2.weight"])
        x = _prelu(conv_shifted(x, w["conv3.weight"], w["conv3.bias"]), w["prelu3.weight"])
        return (softmax_face(conv_shifted(x, w["conv4_1.weight"], w["conv4_1.bias"])),
                conv_shifted(x, w["conv4_2.weight"], w["conv4_2.bias"]))

    def rnet(self, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """R-Net on NCHW 24 px crops (normalised): face probability (N,) and box offsets (N, 4)."""
        w = self._rnet
        for i in (1, 2):
            x = _max_pool(_prelu(conv_shifted(x, w[f"conv{i}.weight"], w[f"conv{i}.bias"]), w[f"prelu{i}.weight"]), 3, 2)
        x = _prelu(conv_shifted(x, w["conv3.weight"], w["conv3.bias"]), w["prelu3.weight"])
        # the converted weights expect (width, height, channel) order before the dense layer
        x = _prelu(x.transpose(0, 3, 2, 1).reshape(x.shape[0], -1) @ w["dense4.weight"].T + w["dense4.bias"], w["prelu4.weight"])
        return softmax_face(x @ w["dense5_1.weight"].T + w["dense5_1.bias"]), x @ w["dense5_2.weight"].T + w["dense5_2.bias"]

    def stage_one(self, rgb: np.ndarray) -> np.ndarray:
        """P-Net's boxes over the pyramid (rows x0, y0, x1, y1, score), regressed and squared."""
        h, w = rgb.shape[:2]
        table, found = area_table(rgb[:, :, :3]), []
        for scale in scales(h, w, self.min_face):
            x = area_resize_table(table, (int(h * scale + 1), int(w * scale + 1))).transpose(2, 0, 1)[None]
            prob, reg = self.pnet((x - 127.5) * 0.0078125)
            ys, xs = np.nonzero(prob[0] >= self.pnet_min)
            if not len(ys):
                continue
            cells = np.stack([xs, ys], axis=1).astype(np.float32)
            boxes = np.concatenate([np.floor((STRIDE * cells + 1) / scale), np.floor((STRIDE * cells + CELL) / scale)], axis=1)
            rows = np.concatenate([boxes, prob[0, ys, xs][:, None], reg[0][:, ys, xs].T], axis=1)
            found.append(rows[nms(boxes, rows[:, 4], 0.5)])
        if not found:
            return np.zeros((0, 5), np.float32)
        rows = np.concatenate(found)
        rows = rows[nms(rows[:, :4], rows[:, 4], 0.7)]
        size = (rows[:, 2:4] - rows[:, 0:2])[:, [0, 1, 0, 1]]
        return np.concatenate([squared(rows[:, :4] + rows[:, 5:9] * size), rows[:, 4:5]], axis=1)

    def propose(self, rgb: np.ndarray) -> list[tuple[Box, float]]:
        rows = self.stage_one(rgb)
        if not len(rows):
            return []
        x = np.stack([crop_resize(rgb, tuple(r[:4]), 24) for r in rows]).transpose(0, 3, 1, 2)
        prob, reg = self.rnet((x - 127.5) * 0.0078125)
        passed = prob >= self.rnet_min
        rows, prob, reg = rows[passed], prob[passed], reg[passed]
        pick = nms(rows[:, :4], prob, 0.7)
        rows, prob, reg = rows[pick], prob[pick], reg[pick]
        size = (rows[:, 2:4] - rows[:, 0:2] + 1)[:, [0, 1, 0, 1]]
        boxes = squared(rows[:, :4] + reg * size)
        return [(tuple(float(v) for v in box), float(p)) for box, p in zip(boxes, prob)]

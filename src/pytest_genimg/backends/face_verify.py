"""A second opinion on face boxes: MTCNN's output network (O-Net, Zhang et al. 2016) scores a 48 px
crop as face or not. Trained apart from BlazeFace, it seldom shares its false alarms (a galaxy
field, pixel noise), while a real face that BlazeFace finds at any score gets a face probability
near 1. Weights: ``assets/mtcnn_onet.npz`` (MIT, from the facenet-pytorch wheel, rebuilt by
``scripts/build_face_verifier.py``). The network is small (four convolutions, two dense layers) and
runs in numpy, a few milliseconds a box; the unit tests check each layer against torch."""
from __future__ import annotations

from collections.abc import Sequence
import numpy as np

from ..errors import ModelLoadError
from ..metrics.composition import Box

CROP = 48


def _square(box: Box) -> tuple[int, int, int]:
    """(side, left, top) of the square MTCNN crops around ``box``: its longer side, same centre."""
    x0, y0, x1, y1 = box
    side = max(2, int(round(max(x1 - x0, y1 - y0))))
    return side, int(round((x0 + x1 - side) / 2)), int(round((y0 + y1 - side) / 2))


def face_crop(rgb: np.ndarray, box: Box) -> np.ndarray:
    """The square around ``box`` (its longer side, same centre) as float32, zero outside the image,
    as MTCNN crops its candidates."""
    side, left, top = _square(box)
    h, w = rgb.shape[:2]
    out = np.zeros((side, side, 3), np.float32)
    sx0, sy0, sx1, sy1 = max(0, left), max(0, top), min(w, left + side), min(h, top + side)
    if sx1 > sx0 and sy1 > sy0:
        out[sy0 - top : sy1 - top, sx0 - left : sx1 - left] = rgb[sy0:sy1, sx0:sx1, :3]
    return out


def area_resize(image: np.ndarray, size: int | tuple[int, int]) -> np.ndarray:
    """``image`` (HxWxC) averaged over the cells of a ``size`` x ``size`` grid (or ``size`` = (rows,
    columns)), as torch's ``interpolate(mode="area")`` (adaptive average pooling) that MTCNN's crops
    and image pyramid go through."""
    return area_resize_table(area_table(image), size)


def crop_resize(rgb: np.ndarray, box: Box, size: int) -> np.ndarray:
    """``area_resize(face_crop(rgb, box), size)`` without building the full-size square: the image
    pixels inside it are summed a few rows at a time into the prefix sums at the cells' row edges,
    then along columns (zero outside the image; each cell divided by its whole area), the same exact
    integer sums and divisions, so the same floats. Memory grows with ``size`` times the box's side,
    not its square."""
    side, left, top = _square(box)
    h, w = rgb.shape[:2]
    cells = np.arange(size)
    first, stop = cells * side // size, -(-(cells + 1) * side // size)  # each cell's [first, stop) in the square
    ya, yb, xa, xb = max(0, top), min(h, top + side), max(0, left), min(w, left + side)
    if yb <= ya or xb <= xa:
        return np.zeros((size, size, 3), np.float32)
    edges = np.clip(np.concatenate([first, stop]) + top, ya, yb) - ya
    before = _row_prefix_sums(rgb[ya:yb, xa:xb, :3], edges)  # rows summed up to each edge
    table = np.zeros((size, xb - xa + 1, 3), np.float64)
    table[:, 1:] = (before[size:] - before[:size]).cumsum(1)
    c0, c1 = (np.clip(edge + left, xa, xb) - xa for edge in (first, stop))
    sums = table[:, c1] - table[:, c0]
    return (sums / ((stop - first)[:, None, None] * (stop - first)[None, :, None])).astype(np.float32)


def _row_prefix_sums(region: np.ndarray, edges: np.ndarray) -> np.ndarray:
    """For each row index in ``edges`` (0 to the region's height), the float64 sum of the region's
    rows above it (shape: len(edges) x width x channels), read a few rows at a time."""
    out = np.zeros((len(edges), *region.shape[1:]), np.float64)
    running = np.zeros(region.shape[1:], np.float64)
    step = max(1, (1 << 18) // max(1, region.shape[1] * region.shape[2]))  # about 2 MB of float64 rows at a time
    for y in range(0, region.shape[0], step):
        block = region[y : y + step].astype(np.float64).cumsum(0) + running
        here = (edges > y) & (edges <= y + len(block))
        out[here] = block[edges[here] - y - 1]
        running = block[-1]
    return out


def area_table(image: np.ndarray) -> np.ndarray:
    """The summed-area table of ``image`` (HxWxC, a zero row and column first), for resizing one
    image to several sizes (an image pyramid) at the cost of one."""
    table = np.zeros((image.shape[0] + 1, image.shape[1] + 1, image.shape[2]), np.float64)
    table[1:, 1:] = image.astype(np.float64).cumsum(0).cumsum(1)
    return table


def area_resize_table(table: np.ndarray, size: int | tuple[int, int]) -> np.ndarray:
    """:func:`area_resize` of the image whose :func:`area_table` is ``table``."""
    h, w = table.shape[0] - 1, table.shape[1] - 1
    out_h, out_w = (size, size) if isinstance(size, int) else size
    rows = [(i * h // out_h, -(-(i + 1) * h // out_h)) for i in range(out_h)]
    cols = [(j * w // out_w, -(-(j + 1) * w // out_w)) for j in range(out_w)]
    r0, r1 = np.array(rows).T
    c0, c1 = np.array(cols).T
    sums = table[r1][:, c1] - table[r0][:, c1] - table[r1][:, c0] + table[r0][:, c0]
    return (sums / ((r1 - r0)[:, None, None] * (c1 - c0)[None, :, None])).astype(np.float32)


def _conv(x: np.ndarray, weight: np.ndarray, bias: np.ndarray) -> np.ndarray:
    """Valid 2-D convolution (cross-correlation) of NCHW ``x`` with OIkk ``weight``, as one matmul."""
    k = weight.shape[2]
    windows = np.lib.stride_tricks.sliding_window_view(x, (k, k), axis=(2, 3))  # N C H' W' k k
    n, _, oh, ow = windows.shape[:4]
    columns = windows.transpose(0, 2, 3, 1, 4, 5).reshape(n * oh * ow, -1)
    out = columns @ weight.reshape(weight.shape[0], -1).T + bias
    return out.reshape(n, oh, ow, -1).transpose(0, 3, 1, 2)


def _prelu(x: np.ndarray, slope: np.ndarray) -> np.ndarray:
    shape = (1, -1) + (1,) * (x.ndim - 2)
    return np.where(x >= 0, x, x * slope.reshape(shape))


def _max_pool(x: np.ndarray, size: int, stride: int) -> np.ndarray:
    """Max pooling with ``ceil_mode``: a last, partial window is kept."""
    n, c, h, w = x.shape
    oh, ow = -(-(h - size) // stride) + 1, -(-(w - size) // stride) + 1
    padded = np.full((n, c, (oh - 1) * stride + size, (ow - 1) * stride + size), -np.inf, x.dtype)
    padded[:, :, :h, :w] = x
    out = padded[:, :, : (oh - 1) * stride + 1 : stride, : (ow - 1) * stride + 1 : stride]
    for i in range(size):
        for j in range(size):
            out = np.maximum(out, padded[:, :, i : i + (oh - 1) * stride + 1 : stride, j : j + (ow - 1) * stride + 1 : stride])
    return out


def mtcnn_weights(name: str) -> dict[str, np.ndarray]:
    """The float32 tensors of one of the shipped MTCNN weight files (``assets/<name>``)."""
    from .pose import ASSETS

    path = ASSETS / name
    if not path.is_file():
        raise ModelLoadError(f"missing MTCNN weights {path}: rebuild them with scripts/build_face_verifier.py")
    with np.load(path) as stored:
        return {k: stored[k].astype(np.float32) for k in stored.files}


def softmax_face(logits: np.ndarray, axis: int = 1) -> np.ndarray:
    """The face probability (class 1) of two-class logits along ``axis``."""
    logits = logits - logits.max(axis=axis, keepdims=True)
    p = np.exp(logits)
    return np.take(p, 1, axis=axis) / p.sum(axis=axis)


class FaceVerifier:
    """``probabilities(rgb, boxes)``: O-Net's face probability for each box (0-1), in numpy."""

    def __init__(self) -> None:
        self._w = mtcnn_weights("mtcnn_onet.npz")

    def probabilities(self, rgb: np.ndarray, boxes: Sequence[Box]) -> list[float]:
        if not boxes:
            return []
        w = self._w
        x = np.stack([crop_resize(rgb, box, CROP) for box in boxes]).transpose(0, 3, 1, 2)
        x = (x - 127.5) * 0.0078125
        for i, (pool, stride) in enumerate(((3, 2), (3, 2), (2, 2)), start=1):
            x = _max_pool(_prelu(_conv(x, w[f"conv{i}.weight"], w[f"conv{i}.bias"]), w[f"prelu{i}.weight"]), pool, stride)
        x = _prelu(_conv(x, w["conv4.weight"], w["conv4.bias"]), w["prelu4.weight"])
        # The converted weights expect (width, height, channel) order before the dense layer.
        x = x.transpose(0, 3, 2, 1).reshape(x.shape[0], -1)
        x = _prelu(x @ w["dense5.weight"].T + w["dense5.bias"], w["prelu5.weight"])
        return [float(v) for v in softmax_face(x @ w["dense6_1.weight"].T + w["dense6_1.bias"])]

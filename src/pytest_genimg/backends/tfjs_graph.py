"""Run a TensorFlow.js graph model (``model.json`` + weight shards) in torch, without TensorFlow.

Only the ops the shipped models use are implemented (convolutions, MobileNet activations, resize,
concat, mean, max-pool, element-wise arithmetic); any other op fails by name when the graph is
loaded, never half-way through an image. Tensors are NHWC as in TensorFlow; convolutions permute
to torch's NCHW and back. Weights are dequantized once (``float16``, ``uint8``/``uint16`` affine)."""
from __future__ import annotations

import base64
import json
import math
from pathlib import Path
from typing import Any, Callable

import numpy as np

from ..errors import usage

_DTYPES = {"float32": np.float32, "int32": np.int32, "bool": np.bool_}
_QUANT = {"float16": np.float16, "uint8": np.uint8, "uint16": np.uint16}


def _attr(node: dict, name: str, default: Any = None) -> Any:
    value = node.get("attr", {}).get(name)
    if value is None:
        return default
    if "s" in value:
        return base64.b64decode(value["s"]).decode()
    if "list" in value:
        items = value["list"]
        if "s" in items:
            return [base64.b64decode(s).decode() for s in items["s"]]
        return [int(i) for i in items.get("i", [])]
    if "b" in value:
        return bool(value["b"])
    if "i" in value:
        return int(value["i"])
    if "f" in value:
        return float(value["f"])
    return value


def read_weights(model_json: dict, folder: Path) -> dict[str, np.ndarray]:
    """The graph's constants by name, dequantized to their original dtype."""
    weights: dict[str, np.ndarray] = {}
    for group in model_json["weightsManifest"]:
        data = b"".join((folder / path).read_bytes() for path in group["paths"])
        offset = 0
        for spec in group["weights"]:
            shape = [int(s) for s in spec["shape"]]
            count = int(np.prod(shape)) if shape else 1
            quant = spec.get("quantization")
            stored = np.dtype(_QUANT[quant["dtype"]] if quant else _DTYPES[spec["dtype"]])
            raw = np.frombuffer(data, dtype=stored, count=count, offset=offset)
            offset += count * stored.itemsize
            if quant and quant["dtype"] != "float16":
                raw = raw.astype(np.float32) * quant["scale"] + quant["min"]
            weights[spec["name"]] = raw.astype(_DTYPES[spec["dtype"]]).reshape(shape)
        if offset != len(data):
            raise ValueError(f"weight shards in {folder} hold {len(data)} bytes, the manifest describes {offset}")
    return weights


class GraphModel:
    """A loaded TF.js graph: :meth:`run` feeds the one input and returns the named outputs."""

    def __init__(self, model_json: Path | str) -> None:
        path = Path(model_json)
        if not path.is_file():
            raise usage("model_json", "a TF.js graph model's model.json", str(path))
        spec = json.loads(path.read_text())
        self.nodes = {n["name"]: n for n in spec["modelTopology"]["node"]}
        self.weights = read_weights(spec, path.parent)
        unknown = sorted({n["op"] for n in self.nodes.values()} - set(_OPS) - {"Const", "Placeholder"})
        self.unsupported = unknown  # allowed only where no requested output depends on them

    def _order(self, outputs: list[str]) -> list[str]:
        order, seen = [], set()
        stack = [(name, False) for name in outputs]
        while stack:
            name, done = stack.pop()
            if done:
                order.append(name)
                continue
            if name in seen:
                continue
            seen.add(name)
            stack.append((name, True))
            for inp in self.nodes[name].get("input", []):
                base = inp.lstrip("^").split(":")[0]
                if base not in seen:
                    stack.append((base, False))
        return order

    def run(self, image: np.ndarray, outputs: list[str]) -> dict[str, np.ndarray]:
        import torch

        order = self._order(outputs)
        missing = sorted({self.nodes[n]["op"] for n in order} & set(self.unsupported))
        if missing:
            raise NotImplementedError(f"TF.js ops {missing} are not implemented (needed for {outputs})")
        values: dict[str, Any] = {}
        with torch.inference_mode():
            for name in order:
                node = self.nodes[name]
                op = node["op"]
                if op == "Placeholder":
                    values[name] = torch.from_numpy(np.ascontiguousarray(image, dtype=np.float32))
                elif op == "Const":
                    values[name] = torch.from_numpy(np.ascontiguousarray(self.weights[name]))
                else:
                    args = [values[i.split(":")[0]] for i in node.get("input", []) if not i.startswith("^")]
                    values[name] = _OPS[op](node, *args)
            return {name: values[name].float().numpy() for name in outputs}


def _same_pad(x: Any, kernel: tuple[int, int], stride: tuple[int, int], dilation: tuple[int, int], value: float = 0.0) -> Any:
    """TensorFlow's SAME padding (the extra pixel goes after), on an NCHW tensor."""
    import torch.nn.functional as F

    pads = []
    for size, k, s, d in zip(x.shape[2:], kernel, stride, dilation):
        out = math.ceil(size / s)
        total = max((out - 1) * s + (k - 1) * d + 1 - size, 0)
        pads.append((total // 2, total - total // 2))
    (top, bottom), (left, right) = pads
    return F.pad(x, (left, right, top, bottom), value=value) if top or bottom or left or right else x


def _conv(node: dict, x: Any, w: Any, *rest: Any, depthwise: bool) -> Any:
    import torch.nn.functional as F

    if _attr(node, "data_format", "NHWC") != "NHWC":
        raise NotImplementedError(f"{node['name']}: only NHWC convolutions are implemented")
    strides, dilations = _attr(node, "strides", [1, 1, 1, 1]), _attr(node, "dilations", [1, 1, 1, 1])
    stride, dilation = (strides[1], strides[2]), (dilations[1], dilations[2])
    x = x.permute(0, 3, 1, 2)
    kh, kw = w.shape[0], w.shape[1]
    if depthwise:  # [kh, kw, in, multiplier] -> [in * multiplier, 1, kh, kw]
        weight = w.permute(2, 3, 0, 1).reshape(w.shape[2] * w.shape[3], 1, kh, kw)
        groups = w.shape[2]
    else:  # [kh, kw, in, out] -> [out, in, kh, kw]
        weight, groups = w.permute(3, 2, 0, 1), 1
    padding = _attr(node, "padding", "VALID")
    if padding == "SAME":
        x = _same_pad(x, (kh, kw), stride, dilation)
    elif padding != "VALID":
        raise NotImplementedError(f"{node['name']}: padding {padding}")
    y = F.conv2d(x, weight.float().contiguous(), None, stride, 0, dilation, groups).permute(0, 2, 3, 1)
    for i, fused in enumerate(_attr(node, "fused_ops", []) or []):
        if fused == "BiasAdd":
            y = y + rest[i]
        elif fused == "Relu":
            y = y.clamp_min(0)
        elif fused == "Relu6":
            y = y.clamp(0, 6)
        elif fused == "Prelu":
            y = y.clamp_min(0) + rest[i] * y.clamp_max(0)
        else:
            raise NotImplementedError(f"{node['name']}: fused op {fused}")
    return y


def _resize_bilinear(node: dict, x: Any, size: Any) -> Any:
    import torch

    if _attr(node, "align_corners", False) or _attr(node, "half_pixel_centers", False):
        raise NotImplementedError(f"{node['name']}: only TF's legacy bilinear resize is implemented")
    h, w = int(size[0]), int(size[1])
    ih, iw = x.shape[1], x.shape[2]
    ys = torch.arange(h, dtype=torch.float32) * (ih / h)  # legacy TF: source = dest * scale, no half-pixel shift
    xs = torch.arange(w, dtype=torch.float32) * (iw / w)
    y0, x0 = ys.floor().long().clamp(max=ih - 1), xs.floor().long().clamp(max=iw - 1)
    y1, x1 = (y0 + 1).clamp(max=ih - 1), (x0 + 1).clamp(max=iw - 1)
    fy, fx = (ys - y0).view(1, h, 1, 1), (xs - x0).view(1, 1, w, 1)
    top = x[:, y0][:, :, x0] * (1 - fx) + x[:, y0][:, :, x1] * fx
    bottom = x[:, y1][:, :, x0] * (1 - fx) + x[:, y1][:, :, x1] * fx
    return top * (1 - fy) + bottom * fy


def _max_pool(node: dict, x: Any) -> Any:
    import torch.nn.functional as F

    k, s = _attr(node, "ksize"), _attr(node, "strides")
    kernel, stride = (k[1], k[2]), (s[1], s[2])
    x = x.permute(0, 3, 1, 2)
    if _attr(node, "padding", "VALID") == "SAME":
        x = _same_pad(x, kernel, stride, (1, 1), value=float("-inf"))
    return F.max_pool2d(x, kernel, stride).permute(0, 2, 3, 1)


def _concat(node: dict, *args: Any) -> Any:
    import torch

    *tensors, axis = args
    return torch.cat(list(tensors), dim=int(axis))


def _mean(node: dict, x: Any, axes: Any) -> Any:
    dims = [int(a) for a in np.atleast_1d(axes.numpy())]
    return x.mean(dim=dims, keepdim=bool(_attr(node, "keep_dims", False)))


def _pad(node: dict, x: Any, paddings: Any) -> Any:
    import torch.nn.functional as F

    pairs = [int(v) for row in paddings.tolist() for v in row]  # [[before, after] per dim], NHWC
    flat = [v for i in reversed(range(len(pairs) // 2)) for v in pairs[2 * i:2 * i + 2]]  # torch: last dim first
    return F.pad(x, flat)


def _prelu(node: dict, x: Any, alpha: Any) -> Any:
    return x.clamp_min(0) + alpha * x.clamp_max(0)


def _reshape(node: dict, x: Any, shape: Any) -> Any:
    return x.reshape([int(v) for v in shape.tolist()])


_OPS: dict[str, Callable[..., Any]] = {
    "Identity": lambda node, x: x,
    "_FusedConv2D": lambda node, *a: _conv(node, *a, depthwise=False),
    "Conv2D": lambda node, *a: _conv(node, *a, depthwise=False),
    "FusedDepthwiseConv2dNative": lambda node, *a: _conv(node, *a, depthwise=True),
    "DepthwiseConv2dNative": lambda node, *a: _conv(node, *a, depthwise=True),
    "Add": lambda node, a, b: a + b,
    "AddV2": lambda node, a, b: a + b,
    "Sub": lambda node, a, b: a - b,
    "Mul": lambda node, a, b: a * b,
    "Relu": lambda node, x: x.clamp_min(0),
    "Relu6": lambda node, x: x.clamp(0, 6),
    "Sigmoid": lambda node, x: x.sigmoid(),
    "Mean": _mean,
    "ResizeBilinear": _resize_bilinear,
    "ConcatV2": _concat,
    "MaxPool": _max_pool,
    "Pad": _pad,
    "Prelu": _prelu,
    "Reshape": _reshape,
}

"""The TF.js graph runner against hand-computed results: TensorFlow's SAME padding (the extra pixel
after), depthwise and fused convolutions, legacy bilinear resize, float16 / uint8 weights, and the
errors for a graph it cannot run."""
from __future__ import annotations

import base64
import json

import numpy as np
import pytest

from pytest_genimg.backends.tfjs_graph import GraphModel, read_weights
from pytest_genimg.errors import GenImgUsageError


def _s(text: str) -> dict:
    return {"s": base64.b64encode(text.encode()).decode()}


def _ints(values: list[int]) -> dict:
    return {"list": {"i": [str(v) for v in values]}}


def _node(name: str, op: str, inputs: list[str] = (), **attr) -> dict:
    return {"name": name, "op": op, "input": list(inputs), "attr": attr}


def _write(tmp_path, nodes: list[dict], weights: dict[str, np.ndarray], quant: dict[str, str] | None = None):
    """model.json + one shard holding ``weights`` (float32 unless ``quant`` names float16 / uint8)."""
    specs, data = [], b""
    for name, value in weights.items():
        q = (quant or {}).get(name)
        spec = {"name": name, "shape": list(value.shape), "dtype": "int32" if value.dtype == np.int32 else "float32"}
        if q == "float16":
            spec["quantization"] = {"dtype": "float16", "original_dtype": "float32"}
            data += value.astype(np.float16).tobytes()
        elif q == "uint8":
            lo, hi = float(value.min()), float(value.max())
            scale = (hi - lo) / 255
            spec["quantization"] = {"dtype": "uint8", "min": lo, "scale": scale, "original_dtype": "float32"}
            data += np.round((value - lo) / scale).astype(np.uint8).tobytes()
        else:
            data += value.tobytes()
        specs.append(spec)
        nodes = [_node(name, "Const")] + nodes
    (tmp_path / "w.bin").write_bytes(data)
    model = {"modelTopology": {"node": nodes}, "weightsManifest": [{"paths": ["w.bin"], "weights": specs}]}
    (tmp_path / "model.json").write_text(json.dumps(model))
    return tmp_path / "model.json"


def test_same_padding_puts_the_extra_pixel_after(tmp_path) -> None:
    # 3x3 input, 2x2 kernel of ones, stride 2, SAME: output 2x2, padded by one row/column after only.
    x = np.arange(1, 10, dtype=np.float32).reshape(1, 3, 3, 1)
    nodes = [_node("x", "Placeholder"),
             _node("y", "Conv2D", ["x", "k"], padding=_s("SAME"), strides=_ints([1, 2, 2, 1]), data_format=_s("NHWC"))]
    path = _write(tmp_path, nodes, {"k": np.ones((2, 2, 1, 1), np.float32)})
    out = GraphModel(path).run(x, ["y"])["y"][0, :, :, 0]
    assert out.tolist() == [[1 + 2 + 4 + 5, 3 + 6], [7 + 8, 9]]


def test_fused_depthwise_and_pointwise_convolutions(tmp_path) -> None:
    rng = np.random.default_rng(0)
    x = rng.normal(size=(1, 5, 4, 2)).astype(np.float32)
    dw = rng.normal(size=(3, 3, 2, 1)).astype(np.float32)
    pw = rng.normal(size=(1, 1, 2, 3)).astype(np.float32)
    bias = rng.normal(size=(3,)).astype(np.float32)
    nodes = [_node("x", "Placeholder"),
             _node("d", "DepthwiseConv2dNative", ["x", "dw"], padding=_s("SAME"), strides=_ints([1, 1, 1, 1])),
             _node("p", "_FusedConv2D", ["d", "pw", "b"], padding=_s("VALID"), strides=_ints([1, 1, 1, 1]),
                   fused_ops={"list": {"s": [base64.b64encode(b"BiasAdd").decode(), base64.b64encode(b"Relu6").decode()]}})]
    path = _write(tmp_path, nodes, {"dw": dw, "pw": pw, "b": bias})
    got = GraphModel(path).run(x, ["d", "p"])
    padded = np.pad(x, ((0, 0), (1, 1), (1, 1), (0, 0)))  # 3x3 stride 1: one pixel each side
    want_d = np.zeros_like(x)
    for i in range(5):
        for j in range(4):
            want_d[0, i, j] = np.einsum("hwc,hwc->c", padded[0, i:i + 3, j:j + 3], dw[:, :, :, 0])
    np.testing.assert_allclose(got["d"], want_d, rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(got["p"], np.clip(want_d @ pw[0, 0] + bias, 0, 6), rtol=1e-5, atol=1e-5)


def test_legacy_bilinear_resize_max_pool_mean_concat_and_float16_weights(tmp_path) -> None:
    x = np.array([0.0, 1.0], np.float32).reshape(1, 1, 2, 1)
    nodes = [_node("x", "Placeholder"),
             _node("r", "ResizeBilinear", ["x", "size"], align_corners={"b": False}, half_pixel_centers={"b": False}),
             _node("m", "MaxPool", ["r"], ksize=_ints([1, 1, 3, 1]), strides=_ints([1, 1, 1, 1]), padding=_s("SAME")),
             _node("mean", "Mean", ["m", "axes"], keep_dims={"b": True}),
             _node("scaled", "Mul", ["r", "half"]),
             _node("c", "ConcatV2", ["r", "scaled", "axis"]),
             _node("s", "Sigmoid", ["c"])]
    weights = {"size": np.array([1, 4], np.int32), "axes": np.array([1, 2], np.int32), "half": np.array(0.5, np.float32),
               "axis": np.array(3, np.int32)}
    path = _write(tmp_path, nodes, weights, quant={"half": "float16"})
    got = GraphModel(path).run(x, ["r", "m", "mean", "c", "s"])
    assert got["r"][0, 0, :, 0].tolist() == [0.0, 0.5, 1.0, 1.0]  # source = dest * in/out, clamped at the edge
    assert got["m"][0, 0, :, 0].tolist() == [0.5, 1.0, 1.0, 1.0]  # padded with -inf, not 0
    assert got["mean"].shape == (1, 1, 1, 1) and got["mean"].item() == pytest.approx(0.875)
    assert got["c"][0, 0, :, 1].tolist() == [0.0, 0.25, 0.5, 0.5]
    np.testing.assert_allclose(got["s"], 1 / (1 + np.exp(-got["c"])), rtol=1e-6)


def test_uint8_weights_are_dequantized(tmp_path) -> None:
    value = np.linspace(-1, 1, 256, dtype=np.float32).reshape(16, 16)
    path = _write(tmp_path, [], {"w": value}, quant={"w": "uint8"})
    got = read_weights(json.loads(path.read_text()), tmp_path)["w"]
    np.testing.assert_allclose(got, value, atol=1e-5)


def test_unsupported_ops_are_named_when_an_output_needs_them(tmp_path) -> None:
    nodes = [_node("x", "Placeholder"), _node("y", "Relu", ["x"]), _node("z", "NonMaxSuppressionV5", ["x"])]
    model = GraphModel(_write(tmp_path, nodes, {}))
    assert model.run(np.full((1, 1, 1, 1), -2.0, np.float32), ["y"])["y"].item() == 0.0  # z is not needed
    with pytest.raises(NotImplementedError, match="NonMaxSuppressionV5"):
        model.run(np.zeros((1, 1, 1, 1), np.float32), ["z"])


def test_a_missing_graph_and_short_shards_fail_clearly(tmp_path) -> None:
    with pytest.raises(GenImgUsageError, match="^model_json: expected"):
        GraphModel(tmp_path / "nothing.json")
    path = _write(tmp_path, [], {"w": np.ones(4, np.float32)})
    (tmp_path / "w.bin").write_bytes(np.ones(5, np.float32).tobytes())
    with pytest.raises(ValueError, match="hold 20 bytes, the manifest describes 16"):
        GraphModel(path)


def test_pad_prelu_and_reshape(tmp_path) -> None:
    x = np.array([-2.0, 3.0], np.float32).reshape(1, 1, 2, 1)
    nodes = [_node("x", "Placeholder"), _node("p", "Pad", ["x", "pads"]), _node("a", "Prelu", ["p", "alpha"]),
             _node("r", "Reshape", ["a", "shape"]),
             _node("f", "_FusedConv2D", ["x", "k", "b", "alpha"], padding=_s("VALID"), strides=_ints([1, 1, 1, 1]),
                   fused_ops={"list": {"s": [base64.b64encode(b"BiasAdd").decode(), base64.b64encode(b"Prelu").decode()]}})]
    weights = {"pads": np.array([[0, 0], [0, 0], [1, 0], [0, 1]], np.int32), "alpha": np.array([0.5], np.float32),
               "shape": np.array([1, -1], np.int32), "k": np.ones((1, 1, 1, 1), np.float32), "b": np.array([-1.0], np.float32)}
    got = GraphModel(_write(tmp_path, nodes, weights)).run(x, ["p", "a", "r", "f"])
    assert got["p"].shape == (1, 1, 3, 2)  # one column before the width, one channel after
    assert got["p"][0, 0, :, 0].tolist() == [0.0, -2.0, 3.0] and got["p"][0, 0, :, 1].tolist() == [0.0, 0.0, 0.0]
    assert got["a"][0, 0, :, 0].tolist() == [0.0, -1.0, 3.0]  # negative side scaled by alpha
    assert got["r"].shape == (1, 6)
    assert got["f"][0, 0, :, 0].tolist() == [-1.5, 2.0]  # (x - 1), negatives halved

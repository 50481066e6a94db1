"""What a test records travels from pytest-xdist workers to the controller (execnet) and into JSON:
numpy numbers and strings in a check's data must arrive as plain Python values."""
from __future__ import annotations

import json

import execnet
import numpy as np

from pytest_genimg.recording import open_record, record_check, record_metric


def _types(value):
    if isinstance(value, dict):
        return {t for v in value.values() for t in _types(v)}
    if isinstance(value, list):
        return {t for v in value for t in _types(v)}
    return {type(value)}


def test_numpy_scalars_become_plain_values(tmp_path):
    with open_record("tests/x.py::t", tmp_path) as record:
        record_check({"check": "demo", "passed": np.bool_(True), "label": np.str_("cat"),
                      "metrics": {"cer": np.float64(0.25), "n": np.int64(3), "gap": np.float32(np.nan)},
                      "values": [np.float64(1.5), np.float32(2.0)]})
        record_metric("latency_s", np.float64(0.125))
    data = record.to_dict()
    assert _types(data) <= {str, int, float, bool, type(None)}
    check = data["checks"][0]
    assert check["metrics"]["cer"] == 0.25 and type(check["metrics"]["cer"]) is float
    assert check["metrics"]["n"] == 3 and type(check["metrics"]["n"]) is int
    assert check["metrics"]["gap"] == "nan" and check["passed"] is True and type(check["label"]) is str
    assert data["metrics"]["demo.cer"] == 0.25 and data["metrics"]["latency_s"] == 0.125
    assert all(type(v) in (float, int, bool) for _, v in record.properties)
    execnet.dumps(data)  # refused numpy.float64 before: a worker crashed at the end of the test
    execnet.dumps(record.properties)
    assert json.loads(json.dumps(data)) == data

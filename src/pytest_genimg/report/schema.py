"""Validation of a loaded report JSON: every field the report defines has the type it was written
with, so a damaged or crafted file fails with one line naming the field, never a traceback later.

Free-form values (a check's metrics and per-image details) only have to be plain JSON, which they
are once parsed; the HTML renderer escapes every string it shows.
"""
from __future__ import annotations

import math
import re
from typing import Any, Callable

Check = Callable[[Any], bool]

OUTCOMES = ("failed", "error", "xpassed", "passed", "xfailed", "skipped")
_DATA_URI = re.compile(r"data:image/(png|jpeg);base64,[A-Za-z0-9+/=]*\Z")


class ReportFormatError(ValueError):
    """A file given to merge is not a pytest-genimg report JSON (or a damaged one)."""


def _str(v: Any) -> bool:
    return isinstance(v, str)


def _num(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _finite(v: Any) -> bool:
    return _num(v) and math.isfinite(v)


def _count(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool) and v >= 0


def _opt(check: Check) -> Check:
    return lambda v: v is None or check(v)


def _list_of(check: Check) -> Check:
    return lambda v: isinstance(v, list) and all(check(x) for x in v)


def _dict_of(check: Check) -> Check:
    return lambda v: isinstance(v, dict) and all(isinstance(k, str) and check(x) for k, x in v.items())


def _any(v: Any) -> bool:
    return True


def _one_of(*values: str) -> Check:
    return lambda v: v in values


def _image(v: Any) -> bool:
    return (isinstance(v, dict) and _str(v.get("uri")) and bool(_DATA_URI.match(v["uri"]))
            and isinstance(v.get("size"), list) and len(v["size"]) == 2 and all(_count(x) for x in v["size"]))


# field -> (check, what is expected, required)
Fields = dict[str, tuple[Check, str, bool]]
STR, OPT_STR, BOOL = (_str, "a string", False), (_opt(_str), "a string or null", False), (
    lambda v: isinstance(v, bool), "true or false", False)
OPT_NUM = (_opt(_num), "a number or null", False)
STRINGS = (_list_of(_str), "a list of strings", False)
MAPPING = (_dict_of(_any), "an object", False)

RUN: Fields = {
    "started": STR, "python": STR, "platform": STR, "machine": STR, "shard": OPT_STR, "rootdir": STR,
    "model": OPT_STR, "device": OPT_STR, "args": STRINGS, "versions": (_dict_of(_opt(_str)), "an object of versions", False),
    "duration_s": (_opt(_finite), "a finite number or null", False), "id": (_count, "a count", False),
}
CHECK: Fields = {
    "check": STR, "passed": BOOL, "headline": STR, "metrics": MAPPING, "thresholds": MAPPING,
    "items": (_list_of(lambda v: isinstance(v, dict)), "a list of objects", False), "artifacts": STRINGS, "notes": STRINGS,
}
ROW: Fields = {
    "metric": (_str, "a string", True), "value": OPT_NUM, "baseline": OPT_NUM, "delta": OPT_NUM, "allowed": OPT_NUM,
    "direction": STR, "tolerance": STR, "verdict": STR, "failed": BOOL,
}
SNAPSHOT: Fields = {
    "kind": (_one_of("image", "metric"), "'image' or 'metric'", True), "label": STR, "name": STR, "status": STR,
    "passed": BOOL, "baseline": OPT_STR, "obtained": OPT_STR, "diff": OPT_STR, "device": OPT_STR, "image": STR,
    "metrics": (_dict_of(_opt(_num)), "an object of numbers", False),
    "tolerances": (_dict_of(_opt(_num)), "an object of numbers", False), "reasons": STRINGS,
    "source": (lambda v: isinstance(v, (str, dict)), "a string (a metric's check) or an object (an image's generation)", False),
    "images": (_dict_of(_image), "an object of {uri: data:image/png|jpeg;base64,..., size: [w, h]}", False),
    "improved": STRINGS, "accept": STR,
}
ARTIFACT: Fields = {"path": OPT_STR, "label": STR, "kind": STR,
                    "image": (_opt(_image), "{uri: data:image/png|jpeg;base64,..., size: [w, h]} or null", False)}
GENERATION: Fields = {
    "prompt": STR, "negative_prompt": OPT_STR, "seed": (_opt(lambda v: isinstance(v, int) and not isinstance(v, bool)),
                                                        "an integer or null", False),
    "params": MAPPING, "model": OPT_STR, "model_spec": OPT_STR, "model_source": OPT_STR, "cached": BOOL,
    "frames": (_count, "a count", False),
}
TEST: Fields = {
    "nodeid": (_str, "a string", True), "outcome": (_one_of(*OUTCOMES), "one of " + ", ".join(OUTCOMES), True),
    "duration_s": (lambda v: _finite(v) and v >= 0, "a finite number >= 0", False), "message": STR,
    "run": (_count, "a count", False), "reruns": (_count, "a count", False),
    "metrics": (_dict_of(_any), "an object", False),
}
NESTED = {"checks": CHECK, "snapshots": SNAPSHOT, "artifacts": ARTIFACT, "generations": GENERATION}


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _fields(obj: Any, fields: Fields, where: str) -> None:
    if not isinstance(obj, dict):
        raise ReportFormatError(f"{where}: expected an object, got {_short(obj)}")
    for name, (check, expected, required) in fields.items():
        if name not in obj:
            if required:
                raise ReportFormatError(f"{where}.{name}: missing")
            continue
        if not check(obj[name]):
            raise ReportFormatError(f"{where}.{name}: expected {expected}, got {_short(obj[name])}")


def _list(obj: dict[str, Any], name: str, where: str, fields: Fields) -> None:
    items = obj.get(name, [])
    if not isinstance(items, list):
        raise ReportFormatError(f"{where}.{name}: expected a list, got {_short(items)}")
    for i, item in enumerate(items):
        _fields(item, fields, f"{where}.{name}[{i}]")
        if name == "snapshots":
            _list(item, "rows", f"{where}.{name}[{i}]", ROW)


def validate(data: Any) -> None:
    """Raise ReportFormatError naming the first field that is not what the report format defines."""
    if not isinstance(data, dict):
        raise ReportFormatError(f"expected a report object, got {_short(data)}")
    _list(data, "runs", "report", RUN)
    if not isinstance(data.get("tests"), list):
        raise ReportFormatError(f"report.tests: expected a list, got {_short(data.get('tests'))}")
    for i, test in enumerate(data["tests"]):
        where = f"tests[{i}]"
        _fields(test, TEST, where)
        for name, fields in NESTED.items():
            _list(test, name, where, fields)

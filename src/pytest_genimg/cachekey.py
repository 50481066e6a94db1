"""The generation cache key: a hash of the canonical form of every input, or no key at all.

A value the key cannot describe exactly (a callback, an arbitrary object, a repr that hides content)
raises :class:`Uncacheable`: the generation then runs uncached rather than risk a stale hit.
Arrays, tensors and PIL images are keyed by their content.
"""
from __future__ import annotations

import hashlib
import json
import math
import numbers
from typing import Any

FORMAT = 2


class Uncacheable(ValueError):
    """An input whose effect on the pixels the key cannot capture; the message names it."""


def cache_key(fields: dict[str, Any]) -> str:
    """sha256 of the canonical JSON of ``fields`` (sorted keys, no whitespace); :class:`Uncacheable`
    when a value has no exact canonical form."""
    canonical_json = json.dumps({"format": FORMAT, **canonical(fields)}, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical_json.encode("utf-8")).hexdigest()


def qualified_name(cls: type) -> str:
    return f"{cls.__module__}.{cls.__qualname__}"


def canonical(value: Any, where: str = "value") -> Any:
    """``value`` as plain JSON data that differs whenever the value differs."""
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        number = float(value)
        return number if math.isfinite(number) else {"float": repr(number)}
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            if not isinstance(key, str):
                raise Uncacheable(f"{where}: a mapping with a non-string key {key!r}")
            out[key] = canonical(item, f"{where}[{key!r}]")
        return out
    if isinstance(value, (list, tuple)):
        return [canonical(item, f"{where}[{i}]") for i, item in enumerate(value)]
    content = _content(value)
    if content is not None:
        return content
    raise Uncacheable(f"{where}: a {type(value).__module__}.{type(value).__qualname__} has no exact cache key")


def _content(value: Any) -> dict[str, Any] | None:
    """Arrays, tensors and images by dtype/mode, shape and a hash of their bytes."""
    module = type(value).__module__
    if module.startswith("numpy") and hasattr(value, "tobytes") and hasattr(value, "dtype"):
        import numpy as np

        array = np.ascontiguousarray(value)
        if array.dtype.hasobject:
            return None
        return {"array": [str(array.dtype), list(array.shape), hashlib.sha256(array.tobytes()).hexdigest()]}
    if module.startswith("torch") and hasattr(value, "detach") and hasattr(value, "dtype"):
        tensor = value.detach().to("cpu").contiguous()
        array = tensor.float().numpy() if str(tensor.dtype) == "torch.bfloat16" else tensor.numpy()  # bf16 -> fp32 is exact
        return {"tensor": [str(tensor.dtype), list(tensor.shape), hashlib.sha256(array.tobytes()).hexdigest()]}
    if module.startswith("PIL") and hasattr(value, "mode") and hasattr(value, "tobytes"):
        return {"image": [value.mode, list(value.size), hashlib.sha256(value.tobytes()).hexdigest()]}
    return None

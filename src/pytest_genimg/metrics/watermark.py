"""Watermark payloads as bit arrays and the bit accuracy of a decoded payload (pure numpy)."""
from __future__ import annotations

from typing import Any

import numpy as np

from ..errors import usage

# The payload Stability AI's SDXL scripts and diffusers' StableDiffusionXLWatermarker embed (dwtDct).
SDXL_WATERMARK_MESSAGE = 0b101100111110110010010000011110111011000110011110
SDXL_WATERMARK_BITS: tuple[int, ...] = tuple(int(b) for b in bin(SDXL_WATERMARK_MESSAGE)[2:])

_EXPECTED = "a payload: a sequence of 0/1 bits, a string of '0'/'1', bytes, or a non-negative int (its binary digits)"


def payload_bits(payload: Any, argument: str = "expected") -> np.ndarray:
    """Normalise a payload to a uint8 array of 0/1 bits.

    An ``int`` gives its binary digits without leading zeros (``bin(x)[2:]``), as diffusers builds
    SDXL's; bytes give 8 bits each, most significant first.
    """
    if isinstance(payload, bool):
        raise usage(argument, _EXPECTED, payload)
    if isinstance(payload, (int, np.integer)):
        if payload < 0:
            raise usage(argument, _EXPECTED, payload)
        bits = np.array([int(b) for b in bin(int(payload))[2:]], dtype=np.uint8)
    elif isinstance(payload, (bytes, bytearray)):
        bits = np.unpackbits(np.frombuffer(bytes(payload), dtype=np.uint8))
    elif isinstance(payload, str):
        text = payload.replace("_", "").replace(" ", "")
        text = text.removeprefix("0b")
        if not text or set(text) - {"0", "1"}:
            raise usage(argument, _EXPECTED, payload)
        bits = np.array([int(c) for c in text], dtype=np.uint8)
    else:
        try:
            values = list(payload)
        except TypeError:
            raise usage(argument, _EXPECTED, payload) from None
        if not values or any(isinstance(v, float) or v not in (0, 1) for v in values):
            raise usage(argument, _EXPECTED, payload)
        bits = np.array([int(v) for v in values], dtype=np.uint8)
    if bits.size == 0:
        raise usage(argument, _EXPECTED, payload)
    return bits


def bit_accuracy(decoded: Any, expected: Any) -> float:
    """Share of positions where ``decoded`` equals ``expected`` (same length required)."""
    d = np.asarray(decoded, dtype=np.uint8).ravel()
    e = np.asarray(expected, dtype=np.uint8).ravel()
    if d.shape != e.shape:
        raise ValueError(f"decoded has {d.size} bits, expected {e.size}")
    return float(np.mean(d == e))


def majority_share(bits: Any) -> float:
    """Share of the more common bit value: what an all-zeros or all-ones decode would score.

    Decoders read unmarked smooth images as all zeros, so a threshold at or below this share would
    pass unmarked images.
    """
    b = np.asarray(bits, dtype=np.uint8)
    ones = float(b.mean())
    return max(ones, 1.0 - ones)


def bit_string(bits: Any) -> str:
    return "".join(str(int(b)) for b in np.asarray(bits).ravel())

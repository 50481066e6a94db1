"""Watermarks: does a generated image carry the expected invisible watermark?

Decodes with invisible-watermark (``imwatermark``), the library SDXL pipelines use to embed the
48-bit payload :data:`SDXL_WATERMARK_BITS` with ``dwtDct``, and compares bit by bit. What it does
not cover: ``dwtDct`` marks do not survive JPEG (even quality 95: 1 of 10 photos still read) or any
resize, and SDXL's own float-valued embedding loses bits once saved as 8-bit pixels (3 of 10 photos
unreadable even losslessly); ``dwtDctSvd`` survives JPEG down to quality 85 but not resizing;
``rivaGan`` (bundled ONNX model, no download) survived JPEG q75 and a resize there and back, but
carries only 32 bits and takes about 1.7 s per 256 px image on a CPU. A failed decode therefore means "no
readable mark", not "never marked" (see benchmarks/accuracy_image_checks.py for measured rates).
"""
from __future__ import annotations

from typing import Any

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from ..backends.registry import require_module
from ..errors import usage
from ..images import InputImage, as_images, to_rgb
from ..metrics.watermark import SDXL_WATERMARK_BITS, bit_accuracy, bit_string, majority_share, payload_bits
from ._base import CheckResult, ItemVerdict, from_items, raise_if_failed, require_choice, require_fraction, save_artifact

__all__ = ["SDXL_WATERMARK_BITS", "add_watermark", "decode_watermark", "measure_watermark", "assert_watermarked"]

METHODS = ("dwtDct", "dwtDctSvd", "rivaGan")
# invisible-watermark refuses images with fewer pixels than this (diffusers skips marking < 256 px wide).
MIN_PIXELS = 256 * 256
# Measured (benchmarks/accuracy_image_checks.py, 10 photos): unmarked photos decode at 0.44-0.46 of
# SDXL's bits (0.44 = its share of zeros, what an all-zero read scores); photos marked by
# add_watermark and saved losslessly at 0.88-1.00. 0.85 (41 of 48 bits) keeps unmarked images far
# below (a random read reaches 41 of 48 bits with probability 1e-7) and lets a few bits flip.
DEFAULT_MIN_BIT_ACCURACY = 0.85
_RIVAGAN_BITS = 32


def _imwatermark() -> Any:
    return require_module("imwatermark", "invisible-watermark", "watermark checks")


def _bgr(image: Any, argument: str) -> np.ndarray:
    rgb = np.asarray(to_rgb(image, argument))
    return np.ascontiguousarray(rgb[..., ::-1])


def _check_method(method: str, n_bits: int) -> None:
    require_choice("method", method, METHODS)
    if method == "rivaGan" and n_bits != _RIVAGAN_BITS:
        raise usage("payload", f"exactly {_RIVAGAN_BITS} bits for method='rivaGan' (its model carries no other length)", f"{n_bits} bits")


def _too_small(size: tuple[int, int]) -> bool:
    return size[0] * size[1] < MIN_PIXELS


def add_watermark(image: Any, payload: Any = SDXL_WATERMARK_BITS, *, method: str = "dwtDct") -> Image.Image:
    """Embed ``payload`` (default SDXL's 48 bits) with invisible-watermark; returns an RGB image.

    Embeds the 8-bit image (imwatermark's documented use), which decodes more reliably than SDXL's
    float-valued embedding. Images need at least 256x256 pixels.
    """
    bits = payload_bits(payload, "payload")
    _check_method(method, bits.size)
    pil = to_rgb(image, "image")
    if _too_small(pil.size):
        raise usage("image", "an image with at least 256x256 pixels (invisible-watermark's minimum)", f"{pil.width}x{pil.height} image")
    wm = _imwatermark()
    if method == "rivaGan":
        wm.WatermarkEncoder.loadModel()
    encoder = wm.WatermarkEncoder()
    encoder.set_watermark("bits", [int(b) for b in bits])
    marked = encoder.encode(_bgr(pil, "image"), method)
    return Image.fromarray(np.clip(np.round(marked[..., ::-1]), 0, 255).astype(np.uint8))


def decode_watermark(image: Any, n_bits: int = len(SDXL_WATERMARK_BITS), *, method: str = "dwtDct") -> np.ndarray:
    """Read ``n_bits`` with invisible-watermark; returns a uint8 array of 0/1."""
    _check_method(method, n_bits)
    pil = to_rgb(image, "image")
    if _too_small(pil.size):
        raise usage("image", "an image with at least 256x256 pixels (invisible-watermark's minimum)", f"{pil.width}x{pil.height} image")
    wm = _imwatermark()
    if method == "rivaGan":
        wm.WatermarkDecoder.loadModel()
    decoded = wm.WatermarkDecoder("bits", n_bits).decode(_bgr(pil, "image"), method)
    return np.asarray(decoded, dtype=np.uint8).ravel()


def _review(im: InputImage, expected: np.ndarray, decoded: np.ndarray | None, reason: str) -> Image.Image:
    thumb = im.pil.copy()
    thumb.thumbnail((320, 320))
    font = ImageFont.load_default()
    lines = [f"{im.label}: {reason}"[:90], "expected " + bit_string(expected)]
    if decoded is not None:
        lines.append("decoded  " + bit_string(decoded))
        lines.append("         " + "".join(" " if a == b else "^" for a, b in zip(expected, decoded)))
    width = max(thumb.width, 8 + 7 * max(len(s) for s in lines))
    sheet = Image.new("RGB", (width, thumb.height + 14 * len(lines) + 8), (255, 255, 255))
    sheet.paste(thumb, (0, 0))
    draw = ImageDraw.Draw(sheet)
    for k, text in enumerate(lines):
        draw.text((4, thumb.height + 4 + 14 * k), text, fill=(20, 20, 20), font=font)
    return sheet


def measure_watermark(
    images: Any,
    *,
    expected: Any = SDXL_WATERMARK_BITS,
    method: str = "dwtDct",
    min_bit_accuracy: float = DEFAULT_MIN_BIT_ACCURACY,
    min_pass_rate: float = 1.0,
) -> CheckResult:
    """Decode each image's watermark and compare with ``expected``; see :func:`assert_watermarked`."""
    bits = payload_bits(expected, "expected")
    _check_method(method, bits.size)
    require_fraction("min_bit_accuracy", min_bit_accuracy)
    require_fraction("min_pass_rate", min_pass_rate)
    floor = majority_share(bits)
    if min_bit_accuracy <= floor:
        raise usage(
            "min_bit_accuracy",
            f"more than {floor:.2f}, the share an all-zero or all-one read of this payload scores (unmarked images read so)",
            min_bit_accuracy,
        )
    ims = as_images(images)
    items = []
    for im in ims:
        if _too_small(im.pil.size):
            reason = f"too small to carry a watermark ({im.pil.width}x{im.pil.height} < 256x256 pixels; SDXL pipelines skip marking it)"
            item = ItemVerdict(im.label, False, {"bit_accuracy": float("nan")}, reason)
            item.artifact = save_artifact(_review(im, bits, None, reason), f"watermark-{im.index}", f"watermark {im.label}")
            items.append(item)
            continue
        decoded = decode_watermark(im.pil, bits.size, method=method)
        acc = bit_accuracy(decoded, bits)
        ok = acc + 1e-12 >= min_bit_accuracy
        reason = "" if ok else f"bit accuracy {acc:.2f} < {min_bit_accuracy:.2f} ({int(round((1 - acc) * bits.size))} of {bits.size} bits differ)"
        item = ItemVerdict(im.label, ok, {"bit_accuracy": acc, "decoded": bit_string(decoded)}, reason)
        if not ok:
            item.artifact = save_artifact(_review(im, bits, decoded, reason), f"watermark-{im.index}", f"watermark {im.label}")
        items.append(item)
    return from_items(
        "watermark",
        items,
        min_pass_rate=min_pass_rate,
        thresholds={"min_bit_accuracy": min_bit_accuracy, "method": method, "expected": bit_string(bits)},
    )


def assert_watermarked(
    images: Any,
    *,
    expected: Any = SDXL_WATERMARK_BITS,
    method: str = "dwtDct",
    min_bit_accuracy: float = DEFAULT_MIN_BIT_ACCURACY,
    min_pass_rate: float = 1.0,
) -> CheckResult:
    """Fail when an image does not carry the ``expected`` invisible watermark.

    ``expected``: the payload (default SDXL's 48 bits; a bit sequence, '0'/'1' string, bytes or
    int). ``method``: invisible-watermark's 'dwtDct' (SDXL's), 'dwtDctSvd' or 'rivaGan' (32 bits).
    ``min_bit_accuracy``: share of bits that must match (default 0.85). Images under 256x256 pixels
    cannot carry a mark and fail. dwtDct marks do not survive JPEG or resizing: check the file the
    pipeline wrote, not a re-encoded copy.
    """
    __tracebackhide__ = True
    return raise_if_failed(
        measure_watermark(images, expected=expected, method=method, min_bit_accuracy=min_bit_accuracy, min_pass_rate=min_pass_rate)
    )

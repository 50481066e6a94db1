"""Shared pieces of the image-check benchmarks: photos shipped with scikit-image (and, when Debian's
opencv-doc is installed, its samples), the degradations applied to them, and a verdict tally that
keeps a fixed tuning half apart from a held-out half."""
from __future__ import annotations

import io
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image

OPENCV_DATA = Path("/usr/share/doc/opencv-doc/examples/data")


def photo(name: str) -> np.ndarray:
    """An RGB uint8 photo: a scikit-image sample by name, or an opencv-doc sample by file name."""
    if "." in name:
        return np.asarray(Image.open(OPENCV_DATA / name).convert("RGB"))
    import skimage.data as data

    arr = data.stereo_motorcycle()[0] if name == "motorcycle" else getattr(data, name)()
    return np.stack([arr] * 3, -1) if arr.ndim == 2 else arr[..., :3]


def available(names: list[str], notes: list[str]) -> list[str]:
    """The names that load here; the others are listed in ``notes`` (never silently dropped)."""
    found = []
    for name in names:
        try:
            photo(name)
        except (OSError, AttributeError, ValueError) as exc:
            notes.append(f"left out {name}: {type(exc).__name__}: {exc}")
            continue
        found.append(name)
    return found


def at_512(image: Image.Image) -> np.ndarray:
    """``image`` as RGB scaled (bicubic) so its longest side is 512 px: the size the benchmarks quote
    costs at."""
    image = image.convert("RGB")
    factor = 512 / max(image.size)
    return np.asarray(image.resize((max(1, round(image.width * factor)), max(1, round(image.height * factor))), Image.Resampling.BICUBIC))


def timed_pair(images: list[np.ndarray], first: Callable[[np.ndarray], Any],
               second: Callable[[np.ndarray, Any], Any]) -> tuple[int, float, float]:
    """(images, mean seconds of ``first(rgb)``, of ``second(rgb, first's result)``) over ``images``,
    timed in turn on each image in the same run."""
    one = two = 0.0
    for rgb in images:
        start = time.perf_counter()
        found = first(rgb)
        one += time.perf_counter() - start
        start = time.perf_counter()
        second(rgb, found)
        two += time.perf_counter() - start
    n = max(1, len(images))
    return len(images), one / n, two / n


def jpeg(img: Image.Image, quality: int) -> Image.Image:
    buf = io.BytesIO()
    img.convert("RGB").save(buf, "JPEG", quality=quality)
    return Image.open(io.BytesIO(buf.getvalue())).convert("RGB")


def upscale(img: Image.Image, factor: int, resample: Image.Resampling = Image.Resampling.BICUBIC) -> Image.Image:
    small = img.resize((img.width // factor, img.height // factor), Image.Resampling.LANCZOS)
    return small.resize((small.width * factor, small.height * factor) if resample == Image.Resampling.NEAREST else img.size, resample)


def blur(img: Image.Image, sigma: float) -> Image.Image:
    from skimage.filters import gaussian

    return Image.fromarray(np.round(gaussian(np.asarray(img), sigma=sigma, channel_axis=-1, preserve_range=True)).astype(np.uint8))


def halves(names: list[str]) -> dict[str, str]:
    """A fixed split by position in the list: even places are tuned on, odd ones held out."""
    return {name: ("tune", "held-out")[k % 2] for k, name in enumerate(names)}


class Tally:
    """Right/wrong verdicts per check and half, printed as one table row per half."""

    def __init__(self, check: str) -> None:
        self.check = check
        self.counts: dict[str, list[int]] = {}  # half -> [caught, should fail, clean passed, clean]
        self.wrong: list[str] = []

    def add(self, label: str, should_fail: bool, failed: bool, half: str = "tune") -> None:
        c = self.counts.setdefault(half, [0, 0, 0, 0])
        if should_fail:
            c[0] += failed
            c[1] += 1
        else:
            c[2] += not failed
            c[3] += 1
        if failed != should_fail:
            self.wrong.append(f"[{half}] {label} ({'missed' if should_fail else 'false alarm'})")

    def row(self, unit_ms: str) -> str:
        lines = []
        for half in ("tune", "held-out"):
            if half not in self.counts:
                continue
            caught, fail_n, clean, pass_n = self.counts[half]
            share = (caught + clean) / (fail_n + pass_n) if fail_n + pass_n else float("nan")
            lines.append(f"{self.check:13s} {half:8s} {caught:3d}/{fail_n:<3d} caught   {clean:3d}/{pass_n:<3d} clean passed   "
                         f"right {share:6.1%}" + (f"   {unit_ms}" if not lines else ""))
        return "\n".join(lines)

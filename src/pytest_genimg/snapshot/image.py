"""Image snapshots: PNG baselines compared with a perceptual tolerance (syrupy extension + assertion).

``assert image_snapshot == image`` (the fixture on the left: PIL's ``__eq__`` does not defer to it).
A match within tolerance is never rewritten by ``--snapshot-update``; a mismatch writes the obtained
image and a diff heat-map to the results folder and raises with the distances, tolerances and paths.
"""
from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from PIL import Image

from ..errors import GenImgAssertionError, GenImgError, usage
from ..generated import GeneratedImage, GeneratedVideo
from ..metrics.compare import ImageComparison, compare_images, diff_heatmap
from ..metrics.mask import apply_mask, check_mask, describe_mask, grey_masked, mask_array
from ._common import (
    CorruptBaselineError,
    OptionsAssertion,
    SafeSingleFileExtension,
    accept_command,
    label_for,
    record_snapshot,
    relative,
    result_file,
)
from .pending import clear_stale, write_pending
from ..recording import write_result
from ..settings import HASH_BITS

_ACCEPTED = "a PIL image, GeneratedImage, numpy array (HxW/HxWxC, uint8 or float in [0,1]) or torch tensor (CHW/HWC), in L, RGB or RGBA"


@dataclass(frozen=True)
class Tolerance:
    """How far an obtained image may drift from its baseline and still match."""

    max_distance: int = 8
    min_ssim: float = 0.9
    max_color_shift: float = 12.0

    def failures(self, cmp: ImageComparison, baseline: Image.Image, obtained: Image.Image) -> list[str]:
        reasons = []
        if not cmp.same_size:
            bw, bh = cmp.baseline_size
            ow, oh = cmp.obtained_size
            reasons.append(f"size changed from {bw}x{bh} to {ow}x{oh}")
        if baseline.mode != obtained.mode:
            reasons.append(f"mode changed from {baseline.mode} to {obtained.mode}")
        if cmp.phash_distance > self.max_distance:
            reasons.append(f"phash distance {cmp.phash_distance} > {self.max_distance}")
        if cmp.ssim is not None and cmp.ssim < self.min_ssim:
            reasons.append(f"SSIM {cmp.ssim:.4f} < {self.min_ssim:g}")
        if cmp.color_shift is not None and cmp.color_shift > self.max_color_shift:
            reasons.append(f"colour shift {cmp.color_shift:.1f} > {self.max_color_shift:g} levels")
        return reasons

    def as_dict(self) -> dict[str, float]:
        return {"max_distance": self.max_distance, "min_ssim": self.min_ssim, "max_color_shift": self.max_color_shift}


class ImageData:
    """A validated image (mode L, RGB or RGBA) plus its provenance; PNG-encoded only when written."""

    __slots__ = ("image", "source", "_png")

    def __init__(self, image: Image.Image, source: dict[str, Any] | None = None) -> None:
        self.image = image
        self.source = source or {}
        self._png: bytes | None = None

    @classmethod
    def from_any(cls, obj: Any, argument: str = "image_snapshot") -> "ImageData":
        from ..images import to_pil

        if isinstance(obj, ImageData):
            return obj
        if isinstance(obj, (GeneratedVideo, list, tuple, str, bytes, dict)) or obj is None:
            raise usage(argument, "one image: " + _ACCEPTED, obj)
        if hasattr(obj, "ndim") and getattr(obj, "ndim", 0) not in (2, 3):
            raise usage(argument, "one image (a 2-D or 3-D array, not a batch): " + _ACCEPTED, f"array of shape {tuple(obj.shape)}")
        if isinstance(obj, Image.Image) and obj.mode not in ("L", "RGB", "RGBA", "LA", "P", "1", "I;16", "I", "F"):
            raise usage(argument, _ACCEPTED, f"PIL image in mode {obj.mode}")
        source = obj.describe() if isinstance(obj, GeneratedImage) else {}
        return cls(to_pil(obj, argument), source)

    def png(self) -> bytes:
        if self._png is None:
            buf = io.BytesIO()
            self.image.save(buf, format="PNG")  # no metadata: the same pixels always give the same bytes
            self._png = buf.getvalue()
        return self._png

    def describe(self) -> str:
        return f"{self.image.size[0]}x{self.image.size[1]} {self.image.mode}"

    def __repr__(self) -> str:
        return f"<image {self.describe()}>"


def decode_png(data: bytes) -> Image.Image:
    from ..images import to_pil

    with Image.open(io.BytesIO(data)) as img:
        img.load()
        return to_pil(img, "baseline")


class ImageSnapshotExtension(SafeSingleFileExtension):
    """PNG baselines under ``__snapshots__/<test module>/``; matched with phash, SSIM and colour shift."""

    suffix = "png"
    file_extension = "png"

    def __init__(self) -> None:
        super().__init__()
        self.tolerance = Tolerance()
        self.comparison: ImageComparison | None = None
        self.baseline_image: Image.Image | None = None
        self.reasons: list[str] = []
        self.mask: Any = None  # a boolean HxW array of pixels left out of the comparison, or None

    def serialize(self, data: Any, **kwargs: Any) -> ImageData:
        return ImageData.from_any(data)

    @classmethod
    def encode(cls, data: Any) -> bytes:
        return data.png() if isinstance(data, ImageData) else bytes(data)

    def matches(self, *, serialized_data: Any, snapshot_data: Any) -> bool:
        self.comparison, self.baseline_image, self.reasons = None, None, []
        try:
            baseline = decode_png(snapshot_data)
        except Exception as exc:  # noqa: BLE001 - any decoder error means the same thing here
            if self.update_mode:
                return False  # --snapshot-update rewrites a corrupt baseline
            raise CorruptBaselineError(
                f"baseline {self.last_location} is not a readable PNG ({type(exc).__name__}: {exc}); "
                "delete it or write a new one with --snapshot-update"
            ) from None
        obtained = serialized_data.image
        self.baseline_image = baseline
        self.comparison = compare_images(baseline, apply_mask(baseline, obtained, self.mask))
        self.reasons = self.tolerance.failures(self.comparison, baseline, obtained)
        return not self.reasons


# One class per device class, importable by name (pytest-xdist's controller re-imports extensions).
class CpuImageSnapshotExtension(ImageSnapshotExtension):
    device = "cpu"
    file_extension = "cpu.png"


class CudaImageSnapshotExtension(ImageSnapshotExtension):
    device = "cuda"
    file_extension = "cuda.png"


class MpsImageSnapshotExtension(ImageSnapshotExtension):
    device = "mps"
    file_extension = "mps.png"


IMAGE_EXTENSIONS: dict[str | None, type[ImageSnapshotExtension]] = {
    None: ImageSnapshotExtension, "cpu": CpuImageSnapshotExtension,
    "cuda": CudaImageSnapshotExtension, "mps": MpsImageSnapshotExtension,
}


def _check_tolerance(max_distance: Any, min_ssim: Any, max_color_shift: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if max_distance is not None:
        if isinstance(max_distance, bool) or not isinstance(max_distance, int) or not 0 <= max_distance <= HASH_BITS:
            raise usage("max_distance", f"an integer in [0, {HASH_BITS}] (phash bits)", max_distance)
        out["max_distance"] = max_distance
    if min_ssim is not None:
        if isinstance(min_ssim, bool) or not isinstance(min_ssim, (int, float)) or not -1.0 <= min_ssim <= 1.0:
            raise usage("min_ssim", "a number in [-1, 1]", min_ssim)
        out["min_ssim"] = float(min_ssim)
    if max_color_shift is not None:
        if isinstance(max_color_shift, bool) or not isinstance(max_color_shift, (int, float)) or not 0 <= max_color_shift <= 255:
            raise usage("max_color_shift", "a number of levels in [0, 255]", max_color_shift)
        out["max_color_shift"] = float(max_color_shift)
    return out


class ImageSnapshotAssertion(OptionsAssertion):
    """``assert image_snapshot == image``; ``image_snapshot(max_distance=, min_ssim=, max_color_shift=, mask=, name=)``
    sets the tolerance, the regions left out (``mask``: boxes in pixels or fractions, or a mask image)
    or a name for the next comparison only."""

    fixture_name = "image_snapshot"

    def __call__(self, *, max_distance: int | None = None, min_ssim: float | None = None,
                 max_color_shift: float | None = None, mask: Any = None, **kwargs: Any) -> "ImageSnapshotAssertion":
        options = _check_tolerance(max_distance, min_ssim, max_color_shift)
        if mask is not None:
            options["mask"] = check_mask(mask)
        self._set_call_options(options)
        super().__call__(**kwargs)
        return self

    def _assert(self, data: Any) -> bool:
        __tracebackhide__ = True
        image = self._finish(lambda: ImageData.from_any(data))
        options = dict(self._call_options)
        mask = self._finish(lambda: mask_array(options.pop("mask", None), image.image.size))
        tolerance = Tolerance(**{**self.context["tolerance"], **options})
        ext = self.extension
        ext.update_mode = self.update_snapshots
        ext.tolerance, ext.mask = tolerance, mask
        ext.comparison, ext.reasons = None, []
        index = self.index
        ok = super()._assert(image)
        return self._conclude(ok, image, ext, tolerance, index)

    def _conclude(self, ok: bool, image: ImageData, ext: ImageSnapshotExtension, tolerance: Tolerance, index: Any) -> bool:
        __tracebackhide__ = True
        result = self.last_result()
        if isinstance(result.exception, (GenImgError, GenImgAssertionError)):
            raise result.exception
        ctx = self.context
        root = ctx.get("rootdir")
        label = label_for("image_snapshot", index)
        status = ("created" if result.created else "updated" if result.updated else "matched" if result.success
                  else "error" if result.exception else "missing" if result.recalled_data is None else "failed")
        entry: dict[str, Any] = {
            "kind": "image", "label": label, "name": result.snapshot_name, "status": status, "passed": bool(ok),
            "baseline": result.snapshot_location, "obtained": None, "diff": None,
            "metrics": ext.comparison.values() if ext.comparison else {}, "tolerances": tolerance.as_dict(),
            "reasons": list(ext.reasons), "device": ext.device, "image": image.describe(), "source": image.source,
            "mask": describe_mask(ext.mask),
        }
        if status in ("failed", "missing"):
            obtained = result_file(label, "obtained")
            write_result(obtained, image.png())
            entry["obtained"] = str(obtained)
            if ext.baseline_image is not None:
                buf = io.BytesIO()
                grey_masked(diff_heatmap(ext.baseline_image, image.image), ext.mask).save(buf, format="PNG")
                entry["diff"] = str(write_result(result_file(label, "diff"), buf.getvalue()))
            entry["accept"] = accept_command(ctx["nodeid"], ctx.get("settings"))
            entry["pending"] = write_pending(entry, obtained, None, ctx)
        elif status != "error":
            clear_stale(label)
        properties: list[tuple[str, Any]] = [(f"genimg.{label}.status", status)]
        properties += [(f"genimg.{label}.{k}", v) for k, v in entry["metrics"].items() if v is not None]
        record_snapshot(entry, properties)
        if status == "error":
            return ok  # syrupy's own message shows the exception
        if not ok:
            raise GenImgAssertionError("\n".join(_message(entry, ext, root)))
        return ok


def _message(entry: dict[str, Any], ext: ImageSnapshotExtension, root: Any) -> list[str]:
    rel = lambda p: relative(p, root)  # noqa: E731
    if entry["status"] == "missing":
        return [
            f"image snapshot {entry['name']!r}: no baseline yet ({entry['image']} image obtained)",
            f"  baseline: {rel(entry['baseline'])} (missing)",
            f"  obtained: {rel(entry['obtained'])}",
            f"  write it: {entry['accept']}",
        ] + ([f"  or, without re-running: {entry['pending']['command']}"] if entry.get("pending") else [])
    cmp, tol = ext.comparison, entry["tolerances"]
    lines = [f"image snapshot {entry['name']!r} differs from its baseline beyond tolerance: " + "; ".join(entry["reasons"])]
    if cmp is not None:
        def row(name: str, value: Any, bound: str, bad: bool, digits: int = 0) -> str:
            shown = "n/a (sizes differ)" if value is None else f"{value:.{digits}f}"
            return f"  {name:<15} {shown:<10} ({bound}){'  FAIL' if bad else ''}"
        lines.append(row("phash distance", cmp.phash_distance, f"max {tol['max_distance']}", cmp.phash_distance > tol["max_distance"]))
        lines.append(row("SSIM", cmp.ssim, f"min {tol['min_ssim']:g}", cmp.ssim is not None and cmp.ssim < tol["min_ssim"], 4))
        lines.append(row("colour shift", cmp.color_shift, f"max {tol['max_color_shift']:g} levels",
                         cmp.color_shift is not None and cmp.color_shift > tol["max_color_shift"], 1))
    lines += [
        f"  baseline: {rel(entry['baseline'])}",
        f"  obtained: {rel(entry['obtained'])} ({entry['image']})",
        f"  diff:     {rel(entry['diff'])}",
        f"  accept:   {entry['accept']}",
    ]
    if entry.get("pending"):
        lines.append(f"  or, without re-running: {entry['pending']['command']}")
    return lines

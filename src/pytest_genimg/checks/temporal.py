"""Video flicker: consecutive frames of a generated clip should change smoothly.

Flicker is VBench's temporal-flickering term (mean absolute difference of consecutive frames, 0-255)
taken after optical-flow motion compensation: raw differences grow with camera motion (a 4 px per
frame pan of a detailed photo reached 28 while a one-frame noise flash gave 16-25), so the raw value
cannot tell a pan from flicker; it is still reported at full resolution, with VBench's score.
Brightness jumps (change of mean luma) and frame-to-frame SSIM complete it; the worst frame is named
and shown in a strip.
What it does not cover: slow drifts (identity or colour changing a little every frame), object
permanence over occlusions, and motion quality (a frozen clip passes; a fast pan that the optical
flow cannot follow reads as flicker).
"""
from __future__ import annotations

from typing import Any

from ..errors import usage
from ..frames import as_frames
from ..images import InputImage
from ..metrics import temporal as tm
from ._base import CheckResult, ItemVerdict, finish, raise_if_failed, require_fraction, require_positive, save_artifact

# Measured on sequences made from scikit-image photos at 128 px (benchmarks/accuracy_image_checks.py):
# pans of 1-8 px and zooms of 1-4% per frame at 256 px: motion-compensated flicker <= 6, brightness
# jump <= 3.3, SSIM >= 0.86; a noise-flash frame (sigma 40): flicker >= 12; a +15 brightness step:
# jump >= 14; a cut or a swapped background: SSIM <= 0.43.
DEFAULT_MAX_FLICKER = 10.0
DEFAULT_MAX_BRIGHTNESS_JUMP = 8.0
DEFAULT_MIN_FRAME_SIMILARITY = 0.6
_STRIP_BEFORE, _STRIP_AFTER = 2, 1


def _severity(t: tm.Transition, max_flicker: float, max_jump: float, min_similarity: float) -> float:
    """How far past its worst threshold a step is (1.0 = exactly at a threshold)."""
    parts = [t.flicker / max_flicker if max_flicker else 0.0, t.brightness_jump / max_jump if max_jump else 0.0]
    if min_similarity < 1.0:
        parts.append((1.0 - t.similarity) / (1.0 - min_similarity))
    return max(parts)


def _reasons(t: tm.Transition, max_flicker: float, max_jump: float, min_similarity: float) -> list[str]:
    out = []
    if t.flicker > max_flicker:
        out.append(f"flicker {t.flicker:.1f} > {max_flicker:g}")
    if t.brightness_jump > max_jump:
        out.append(f"brightness jump {t.brightness_jump:.1f} > {max_jump:g}")
    if t.similarity < min_similarity:
        out.append(f"SSIM {t.similarity:.2f} < {min_similarity:g}")
    return out


def _strip(frames: list[InputImage], worst: int, reason: str) -> str:
    from ..sheets import contact_sheet

    lo, hi = max(0, worst - _STRIP_BEFORE), min(len(frames), worst + _STRIP_AFTER + 1)
    shown = frames[lo:hi]
    labels = [f"frame {f.index}" + (" (worst)" if f.index == worst else "") for f in shown]
    sheet = contact_sheet(
        [f.pil for f in shown],
        labels,
        outline_pairs=[(worst - 1 - lo, worst - lo)],
        thumb=160,
        columns=len(shown),
        title=f"frames {lo}-{hi - 1}; step {worst - 1} -> {worst}: {reason}",
    )
    return save_artifact(sheet, f"temporal-frames-{lo}-{hi - 1}", f"frames around frame {worst}")


def measure_temporal_consistency(
    frames: Any,
    *,
    max_flicker: float = DEFAULT_MAX_FLICKER,
    max_brightness_jump: float = DEFAULT_MAX_BRIGHTNESS_JUMP,
    min_frame_similarity: float = DEFAULT_MIN_FRAME_SIMILARITY,
    motion_compensation: bool = True,
) -> CheckResult:
    """Measure flicker, brightness jumps and SSIM between consecutive frames; see
    :func:`assert_temporally_consistent`."""
    max_flicker = require_positive("max_flicker", max_flicker)
    max_jump = require_positive("max_brightness_jump", max_brightness_jump)
    min_similarity = require_fraction("min_frame_similarity", min_frame_similarity)
    if not isinstance(motion_compensation, bool):
        raise usage("motion_compensation", "True or False", motion_compensation)
    images = as_frames(frames, "frames")
    for im in images[:1]:
        if min(im.pil.size) < tm.MIN_ANALYSIS_SIDE:
            raise usage("frames", f"frames at least {tm.MIN_ANALYSIS_SIDE} px on each side", f"{im.pil.width}x{im.pil.height} frames")
    steps = tm.transitions([im.array for im in images], motion_compensation=motion_compensation)
    items = []
    for t in steps:
        why = _reasons(t, max_flicker, max_jump, min_similarity)
        values = {"flicker": t.flicker, "brightness_jump": t.brightness_jump, "ssim": t.similarity, "raw_diff": t.raw_diff}
        items.append(ItemVerdict(f"frame {t.index - 1} -> {t.index}", not why, values, "; ".join(why)))
    worst = max(steps, key=lambda t: _severity(t, max_flicker, max_jump, min_similarity))
    passed = all(i.passed for i in items)
    failed = [i for i in items if not i.passed]
    artifacts = []
    if not passed:
        worst_item = items[worst.index - 1]
        worst_item.artifact = _strip(images, worst.index, worst_item.reason)
        artifacts.append(worst_item.artifact)
    metrics = {
        "frames": len(images),
        "worst_frame": worst.index,
        "max_flicker": max(t.flicker for t in steps),
        "mean_flicker": sum(t.flicker for t in steps) / len(steps),
        "max_brightness_jump": max(t.brightness_jump for t in steps),
        "min_ssim": min(t.similarity for t in steps),
        "vbench_flicker_score": tm.vbench_flicker_score([t.raw_diff for t in steps]),
    }
    headline = (
        f"{len(failed)} of {len(steps)} frame steps over a threshold; worst at frame {worst.index} "
        f"(flicker {worst.flicker:.1f}, brightness jump {worst.brightness_jump:.1f}, SSIM {worst.similarity:.2f})"
    )
    notes = [] if motion_compensation else ["motion_compensation=False: flicker and SSIM are raw, so camera motion counts as change"]
    return finish(
        CheckResult(
            check="temporal_consistency",
            passed=passed,
            metrics=metrics,
            thresholds={
                "max_flicker": max_flicker,
                "max_brightness_jump": max_jump,
                "min_frame_similarity": min_similarity,
                "motion_compensation": motion_compensation,
            },
            items=items,
            artifacts=artifacts,
            notes=notes,
            headline=headline,
        )
    )


def assert_temporally_consistent(
    frames: Any,
    *,
    max_flicker: float = DEFAULT_MAX_FLICKER,
    max_brightness_jump: float = DEFAULT_MAX_BRIGHTNESS_JUMP,
    min_frame_similarity: float = DEFAULT_MIN_FRAME_SIMILARITY,
    motion_compensation: bool = True,
) -> CheckResult:
    """Fail when any step between consecutive frames flickers, jumps in brightness or changes structure.

    ``frames``: a GeneratedVideo, a list of images, a T x H x W x C array or a video file (GIF via
    Pillow; mp4 via imageio's ffmpeg/PyAV plugin or OpenCV). All on frames downscaled to 128 px:
    ``max_flicker`` -- mean absolute difference (0-255) after optical-flow alignment (default 10);
    ``max_brightness_jump`` -- change of mean luma, 0-255 (default 8); ``min_frame_similarity`` --
    SSIM of aligned consecutive frames (default 0.6). ``motion_compensation=False`` compares the
    frames without aligning them (for static-camera clips): VBench's flicker term, but still on
    128 px frames, where per-pixel noise averages away, so it reads lower than VBench's number.
    VBench's own score, ``(255 - mean absolute difference of consecutive full-resolution frames)
    / 255``, is always reported as ``metrics["vbench_flicker_score"]`` (not thresholded), and each
    step's full-resolution difference as ``raw_diff``. The artifact is a strip of the frames around
    the worst step.
    """
    __tracebackhide__ = True
    return raise_if_failed(
        measure_temporal_consistency(
            frames,
            max_flicker=max_flicker,
            max_brightness_jump=max_brightness_jump,
            min_frame_similarity=min_frame_similarity,
            motion_compensation=motion_compensation,
        )
    )

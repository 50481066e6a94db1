"""The built-in mutators: known degradations of a model's output, each deterministic per prompt and seed.

Pixel work is on HxWx3 uint8 arrays (one per frame); a stage returns the frames it was given when it
has nothing to change, so the run can tell a mutation that never applied from one that survived.
"""
from __future__ import annotations

import io
import os
import re
import time
from functools import lru_cache
from pathlib import Path

import numpy as np
from PIL import Image

from .registry import Context, Frames, Mutator, register_mutator

MAX_SEED = 2**63 - 1


def _each(frames: Frames, fn) -> Frames:  # type: ignore[no-untyped-def]
    return [fn(f) for f in frames]


def _u8(array: np.ndarray) -> np.ndarray:
    return np.clip(np.round(array), 0, 255).astype(np.uint8)


def gaussian_blur(frame: np.ndarray, sigma: float) -> np.ndarray:
    from scipy.ndimage import gaussian_filter

    return _u8(gaussian_filter(frame.astype(np.float64), sigma=(sigma, sigma, 0), mode="reflect"))


def down_up(frame: np.ndarray, factor: int) -> np.ndarray:
    """Render at 1/factor (box filter) and upscale back (bicubic): the size stays, the detail goes."""
    h, w = frame.shape[:2]
    small = Image.fromarray(frame).resize((max(1, w // factor), max(1, h // factor)), Image.Resampling.BOX)
    return np.asarray(small.resize((w, h), Image.Resampling.BICUBIC))


def jpeg(frame: np.ndarray, quality: int) -> np.ndarray:
    buf = io.BytesIO()
    Image.fromarray(frame).save(buf, format="JPEG", quality=int(quality))
    return np.asarray(Image.open(io.BytesIO(buf.getvalue())).convert("RGB"))


def _noise(frames: Frames, ctx: Context) -> Frames:
    return _each(frames, lambda f: _u8(f + ctx.rng.normal(0.0, float(ctx.strength or 0), f.shape)))


def _tint(frames: Frames, ctx: Context) -> Frames:
    shift = np.array([1.0, 0.0, -1.0]) * float(ctx.strength or 0)  # a warm cast: red up, blue down
    return _each(frames, lambda f: _u8(f + shift))


def _only_some(share_of: str):  # type: ignore[no-untyped-def]
    """A stage that replaces the frames of a deterministic share of seeds (the strength) with ``make``."""
    def wrap(make):  # type: ignore[no-untyped-def]
        def stage(frames: Frames, ctx: Context) -> Frames:
            return make(frames, ctx) if ctx.chosen(float(ctx.strength if ctx.strength is not None else 1.0)) else frames
        stage.__doc__ = share_of
        return stage
    return wrap


@_only_some("black: a safety-checker black-out")
def _black(frames: Frames, ctx: Context) -> Frames:
    return [np.zeros_like(f) for f in frames]


@_only_some("nan: an fp16 VAE overflow; NaN becomes black once converted to 8 bits")
def _nan(frames: Frames, ctx: Context) -> Frames:
    return [np.full(f.shape, np.nan, dtype=np.float32) for f in frames]


def _collapse(prompt: str, seed: int, ctx: Context) -> tuple[str, int]:
    return (prompt, ctx.first_seed) if ctx.chosen(float(ctx.strength or 1.0)) else (prompt, seed)


def _first_seed(prompt: str, seed: int, ctx: Context) -> tuple[str, int]:
    return prompt, ctx.first_seed


def _swap_seed(prompt: str, seed: int, ctx: Context) -> tuple[str, int]:
    return prompt, (seed + int(ctx.strength or 1)) % (MAX_SEED + 1)


_QUOTED = re.compile(r"\s*([\"“”'])(.+?)([\"“”'])")
_CLAUSE = re.compile(r"(,\s*|\s+and\s+|\s+with\s+)(?!.*(,\s*|\s+and\s+|\s+with\s+))", re.IGNORECASE)


def drop_prompt_part(prompt: str) -> str:
    """The prompt without its quoted text, else without its last clause (after a comma, 'and', 'with')."""
    if _QUOTED.search(prompt):
        return _QUOTED.sub("", prompt).strip()
    match = _CLAUSE.search(prompt)
    return prompt[: match.start()].strip() if match and match.start() > 0 else prompt


def _prompt_drop(prompt: str, seed: int, ctx: Context) -> tuple[str, int]:
    return drop_prompt_part(prompt), seed


def _flicker(frames: Frames, ctx: Context) -> Frames:
    if len(frames) < 2:
        return frames
    out = list(frames)
    t = len(frames) // 2
    out[t] = _u8(frames[t].astype(np.float64) + float(ctx.strength or 0))
    return out


def _sleep(count: int, seconds: float | None) -> None:
    time.sleep(float(seconds or 0))


@lru_cache(maxsize=1)
def reference_images() -> tuple[Image.Image, ...]:
    """What ``memorize`` returns: the images in $GENIMG_MUTATE_REFERENCES (a folder), else scikit-image's
    astronaut, coffee, chelsea and rocket photos (the example suite's stand-in training set)."""
    folder = os.environ.get("GENIMG_MUTATE_REFERENCES", "").strip()
    if folder:
        files = sorted(p for p in Path(folder).iterdir() if p.suffix.lower() in (".png", ".jpg", ".jpeg", ".webp"))
        if not files:
            from ..errors import usage

            raise usage("GENIMG_MUTATE_REFERENCES", "a folder holding .png/.jpg/.webp images", folder)
        return tuple(Image.open(p).convert("RGB") for p in files)
    import skimage.data as data

    return tuple(Image.fromarray(getattr(data, name)()).convert("RGB") for name in ("astronaut", "coffee", "chelsea", "rocket"))


@_only_some("memorize: a training image comes back")
def _memorize(frames: Frames, ctx: Context) -> Frames:
    pool = reference_images()
    ref = pool[int(ctx.rng.integers(len(pool)))]
    h, w = frames[0].shape[:2]
    copy = np.asarray(ref.resize((w, h), Image.Resampling.LANCZOS))
    return [copy for _ in frames]


def _strip_watermark(frames: Frames, ctx: Context) -> Frames:
    h, w = frames[0].shape[:2]
    if min(h, w) < 256:  # invisible-watermark cannot mark (or read) smaller images: nothing to strip
        return frames
    from ..checks.watermark import SDXL_WATERMARK_BITS, decode_watermark
    from ..metrics.watermark import bit_accuracy

    out = []
    for f in frames:
        marked = bit_accuracy(decode_watermark(f), SDXL_WATERMARK_BITS) >= 0.85
        out.append(jpeg(f, 95) if marked else f)  # dwtDct marks do not survive even JPEG q95
    return out


def _extra_hand(frames: Frames, ctx: Context) -> Frames:
    from .hands import paste_extra_hand

    return [paste_extra_hand(f) for f in frames]


def _register() -> None:
    builtin = [
        Mutator("blur", "Gaussian blur of the output", ("detail", "upkeep"), 2.0, 0.1, 20.0, "px (sigma)",
                output=lambda fr, c: _each(fr, lambda f: gaussian_blur(f, float(c.strength or 0)))),
        Mutator("downscale", "rendered at 1/k and upscaled back: lost detail", ("detail", "upkeep"), 4, 2, 16, "(k)", integer=True,
                output=lambda fr, c: _each(fr, lambda f: down_up(f, int(c.strength or 2)))),
        Mutator("jpeg", "JPEG compression artefacts", ("detail", "upkeep", "watermark"), 10, 1, 95, "(quality)", integer=True,
                output=lambda fr, c: _each(fr, lambda f: jpeg(f, int(c.strength or 10)))),
        Mutator("noise", "Gaussian pixel noise", ("detail", "upkeep"), 24.0, 1.0, 128.0, "levels (sigma)", output=_noise),
        Mutator("tint", "a colour cast: red up, blue down", ("upkeep", "balance"), 40.0, 1.0, 255.0, "levels", output=_tint),
        Mutator("darken", "a darker output (brightness times 1 - strength)", ("upkeep", "validity"), 0.5, 0.05, 1.0, "(share of brightness removed)",
                output=lambda fr, c: _each(fr, lambda f: _u8(f * (1.0 - float(c.strength or 0))))),
        Mutator("collapse", "every seed of a prompt returns the first seed's image (mode collapse)", ("diversity", "reproducibility", "upkeep"),
                1.0, 0.05, 1.0, "(share of seeds)", request=_collapse),
        Mutator("near_duplicate", "every seed returns a slightly perturbed copy of one image", ("diversity", "upkeep"), 4.0, 0.5, 32.0,
                "levels (noise sigma)", request=_first_seed, output=_noise),
        Mutator("black", "black output for a share of seeds", ("validity",), 1.0, 0.01, 1.0, "(share of seeds)", output=_black),
        Mutator("nan", "non-finite output for a share of seeds", ("validity",), 1.0, 0.01, 1.0, "(share of seeds)", output=_nan),
        Mutator("swap_seed", "seed k returns seed k+n's image (irreproducibility)", ("reproducibility", "upkeep"), 1, 1, 1000, "(n)",
                integer=True, request=_swap_seed),
        Mutator("prompt_drop", "the quoted text or the last clause of the prompt is dropped before generation", ("alignment", "text", "composition"),
                request=_prompt_drop),
        Mutator("flicker", "video: the middle frame brightened", ("flicker",), 60.0, 1.0, 255.0, "levels", media=("video",), output=_flicker),
        Mutator("latency", "a delay before each pipeline call", ("compute",), 2.0, 0.001, 600.0, "s", before_call=_sleep),
        Mutator("memorize", "a reference image returned instead of a new one", ("memorization",), 1.0, 0.01, 1.0, "(share of seeds)",
                output=_memorize),
        Mutator("strip_watermark", "an invisible SDXL watermark removed (outputs under 256 px carry none)", ("watermark",),
                output=_strip_watermark),
        Mutator("extra_hand", "a hand cut from the image pasted onto the person's body", ("anatomy",), output=_extra_hand),
    ]
    for mutator in builtin:
        register_mutator(mutator, replace=True)


_register()

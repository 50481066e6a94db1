"""Accuracy of ``assert_detailed`` on photos shipped with scikit-image and opencv-doc: native photos
(detailed ones and soft textures: a brick wall, fur, skin, sky, sand) must pass; 4x upscales, sigma-3
blurs and pixel-replicated (nearest-neighbour) upscales must fail. 2x upscales and sigma 0.5-2 blurs
are near the line: the defaults do not claim them (a 2x upscale and a soft native texture both read
as effective scale 1/2); 2x upscales and sigma 1-2 blurs are scored at ``min_effective_resolution=0.75``
instead, where soft native textures fail too.

    python benchmarks/accuracy_detail.py          # or: accuracy_image_checks.py --only detail

Photos are split into a fixed tuning half and a held-out half (alternate places in ``PHOTOS``);
every case built is scored and printed, none is left out.
"""
from __future__ import annotations

import sys
import time
import warnings
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

import numpy as np
from PIL import Image, ImageFilter

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))
warnings.filterwarnings("ignore")

from image_cases import Tally, available, blur, halves, jpeg, photo, upscale  # noqa: E402

# (name, crop box or None, kind): detailed photos, then soft native textures.
PHOTOS: list[tuple[str, tuple[int, int, int, int] | None, str]] = [
    ("astronaut", None, "detailed"), ("brick", None, "wall"), ("camera", None, "detailed"),
    ("retina", None, "soft fundus photo"), ("coffee", None, "detailed"), ("building.jpg", None, "walls and sky"),
    ("chelsea", None, "detailed"), ("baboon.jpg", None, "fur"), ("rocket", None, "detailed"),
    ("astronaut", (150, 40, 350, 240), "skin (face)"), ("immunohistochemistry", None, "detailed"),
    ("chelsea", (100, 50, 400, 300), "fur"), ("hubble_deep_field", None, "detailed"), ("aero1.jpg", (0, 0, 640, 240), "sky"),
    ("coins", None, "detailed"), ("orange.jpg", (100, 100, 400, 400), "peel"), ("grass", None, "detailed"),
    ("gravel", None, "sand and gravel"), ("motorcycle", None, "detailed"), ("starry_night.jpg", None, "painted sky"),
]
# Shipped images that are not native detail: scored as failures, with why.
NOT_NATIVE = {"moon": "2x2 pixel-doubled", "cell": "out-of-focus micrograph"}

Make = Callable[[Image.Image], Image.Image]
MUST_PASS: dict[str, Make] = {"native": lambda im: im, "jpeg50": lambda im: jpeg(im, 50)}
MUST_FAIL: dict[str, Make] = {
    "up4 bicubic": lambda im: upscale(im, 4),
    "up4 lanczos": lambda im: upscale(im, 4, Image.Resampling.LANCZOS),
    "up2 nearest": lambda im: upscale(im, 2, Image.Resampling.NEAREST),
    "blur3": lambda im: blur(im, 3.0),
}
NEAR_LINE: dict[str, Make] = {
    "up2 bicubic": lambda im: upscale(im, 2),
    "up2 lanczos": lambda im: upscale(im, 2, Image.Resampling.LANCZOS),
    "up2 bilinear": lambda im: upscale(im, 2, Image.Resampling.BILINEAR),
    "up2 jpeg80": lambda im: jpeg(upscale(im, 2), 80),
    "up2 unsharp": lambda im: upscale(im, 2).filter(ImageFilter.UnsharpMask(2, 150, 0)),
    "blur0.5": lambda im: blur(im, 0.5),
    "blur1": lambda im: blur(im, 1.0),
    "blur2": lambda im: blur(im, 2.0),
}


def _base(name: str, box: tuple[int, int, int, int] | None) -> Image.Image:
    image = Image.fromarray(photo(name))
    return image.crop(box) if box else image


def run_detail(notes: list[str] | None = None) -> Tally:
    from pytest_genimg.checks.detail import measure_detail

    notes = notes if notes is not None else []
    names = available(sorted({n for n, _, _ in PHOTOS} | set(NOT_NATIVE)), notes)
    photos = [(n, box, kind) for n, box, kind in PHOTOS if n in names]
    keys = [(f"{n}{box or ''}", kind == "detailed") for n, box, kind in photos]
    split = {**halves([k for k, d in keys if d]), **halves([k for k, d in keys if not d])}  # both kinds in each half
    t, strict = Tally("detail"), Tally("detail @0.75")
    near: dict[tuple[str, str], list[bool]] = defaultdict(list)
    native_scale: dict[str, list[str]] = defaultdict(list)
    start, count = time.perf_counter(), 0
    for name, box, kind in photos:
        half = split[f"{name}{box or ''}"]
        base = _base(name, box)
        label = f"{name}{'' if box is None else ' crop'} ({kind})"
        for group, makers in (("pass", MUST_PASS), ("fail", MUST_FAIL), ("near", NEAR_LINE)):
            for how, make in makers.items():
                img = make(base)
                result = measure_detail(img)
                failed = not result.passed
                strict_failed = failed or result.items[0].values["scale"] < 0.75  # one floor above the default
                count += 1
                if group == "near":
                    near[(how, half)].append(failed)
                    if how != "blur0.5":  # too mild for either setting to claim
                        strict.add(f"{label} {how}", True, strict_failed, half)
                    continue
                t.add(f"{label} {how}", group == "fail", failed, half)
                strict.add(f"{label} {how}", group == "fail", strict_failed, half)
                if how == "native":
                    native_scale[half].append(f"{label} {result.items[0].values['scale']:g}")
    for name, why in NOT_NATIVE.items():
        if name in names:
            failed = not measure_detail(Image.fromarray(photo(name))).passed
            t.add(f"{name} ({why})", True, failed, "held-out")
            strict.add(f"{name} ({why})", True, failed, "held-out")
    hubble = Image.fromarray(photo("hubble_deep_field")).crop((0, 0, 872, 872)).resize((1024, 1024), Image.Resampling.LANCZOS)
    posing = hubble.resize((256, 256), Image.Resampling.LANCZOS).resize((1024, 1024), Image.Resampling.BICUBIC)
    t.add("hubble 256 px posing as 1024", True, not measure_detail(posing).passed, "held-out")
    per = (time.perf_counter() - start) * 1000 / max(1, count)
    big = Image.fromarray(photo("retina")).resize((1024, 1024))
    s = time.perf_counter()
    measure_detail(big)
    print(t.row(f"{per:.0f} ms/image (200-1400 px), {(time.perf_counter() - s) * 1000:.0f} ms at 1024 px"))
    print("              defaults: natives and jpeg q50 must pass; 4x upscales, nearest 2x, sigma-3 blur, "
          f"{', '.join(NOT_NATIVE)} must fail")
    for half in ("tune", "held-out"):
        print(f"              native scale [{half}]: " + "; ".join(native_scale[half]))
    print("              near the line, not claimed at the defaults (share failed, tune | held-out): " + ", ".join(
        f"{how} {np.mean(near[(how, 'tune')]):.0%} | {np.mean(near[(how, 'held-out')]):.0%}" for how in NEAR_LINE))
    print(strict.row("(min_effective_resolution=0.75: 2x upscales and sigma 1-2 blurs must fail too)"))
    for note in notes:
        print(f"              note: {note}")
    if strict.wrong:
        print("              wrong at 0.75: " + "; ".join(strict.wrong))
    return t


if __name__ == "__main__":
    tally = run_detail()
    if tally.wrong:
        print("detail wrong verdicts: " + "; ".join(tally.wrong))

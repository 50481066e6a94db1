"""Accuracy and cost of the composition check's offline parts: colour naming, people and face counts,
and left/right verdicts, on cases with known answers. Every figure is printed for a fixed tuning half
and a held-out half; the face detector's score cut is chosen on the tuning half only.

    python benchmarks/accuracy_composition.py [--verbose]

Colours: patches of each palette name's main shade under brightness x0.6-1.3 (x0.85-1.15 for
black/white/grey, whose name is their brightness), hue +-6 degrees and saturation x0.8-1.1, with
pixel noise; "near a boundary" marks a patch whose true name wins by under 5 CIE76 units before noise.
People and faces: photos inside packages (scikit-image; Debian's opencv-doc samples; bus.jpg and
zidane.jpg from the ultralytics wheel, see cases_anatomy.py), annotated once below, plus composites
built at run time: two people cut from those photos pasted left and right (one mirrored) on another
photo's background. A count verdict is right when the detector's count satisfies the annotation.
A relation verdict is scored where both pasted people were detected (IoU >= 0.3 with their spot).
"""
from __future__ import annotations

import argparse
import colorsys
import hashlib
import statistics
import sys
import time
from pathlib import Path

import numpy as np
from PIL import Image, ImageOps

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from cases_anatomy import OPENCV_DATA, _from_wheel, _opencv, _skimage, _ultralytics_wheel

from pytest_genimg.backends.detectors import FaceDetector, PeopleDetector, combine_people
from pytest_genimg.metrics.composition import PALETTE, Detection, box_iou, name_color, parse_count, region_color, relation_holds

# name, loader key, people spec, frontal-face spec (None: not annotated, e.g. faces in profile).
PHOTOS = [
    ("astronaut", "sk:astronaut", 1, 1), ("camera", "sk:camera", 1, None), ("coffee", "sk:coffee", 0, 0),
    ("chelsea", "sk:chelsea", 0, 0), ("rocket", "sk:rocket", 0, 0), ("horse", "sk:horse", 0, 0),
    ("hubble", "sk:hubble_deep_field", 0, 0), ("brick", "sk:brick", 0, 0), ("grass", "sk:grass", 0, 0),
    ("basketball1", "cv:basketball1.png", 2, 1), ("basketball2", "cv:basketball2.png", 2, 1),
    ("messi5", "cv:messi5.jpg", ">=1", None), ("left01", "cv:left01.jpg", 1, 0), ("right06", "cv:right06.jpg", 1, None),
    ("fruits", "cv:fruits.jpg", 0, 0), ("baboon", "cv:baboon.jpg", 0, 0), ("butterfly", "cv:butterfly.jpg", 0, 0),
    ("home", "cv:home.jpg", 0, 0), ("building", "cv:building.jpg", 0, 0), ("starry", "cv:starry_night.jpg", 0, 0),
    ("smarties", "cv:smarties.png", 0, 0), ("squirrel", "cv:squirrel_cls.jpg", 0, 0), ("aero1", "cv:aero1.jpg", 0, 0),
    ("bus", "ul:bus.jpg", ">=2", 2), ("zidane", "ul:zidane.jpg", ">=2", ">=1")  # a blurred crowd stands behind the two men,
]
# Person crops (source, box in original pixels) for the composites.
DONORS = [("astronaut", (0, 0, 400, 512)), ("basketball1", (0, 20, 140, 480)), ("bus", (220, 380, 430, 1010)),
          ("zidane", (100, 80, 760, 720)), ("camera", (60, 30, 400, 420)), ("basketball2", (0, 20, 140, 480))]
BACKGROUNDS = ["home", "building", "coffee", "brick"]


def half(name: str) -> str:
    """A fixed split by name: the same case is always in the same half."""
    return "tune" if int(hashlib.sha256(name.encode()).hexdigest(), 16) % 2 == 0 else "held-out"


def load(key: str, wheel: Path | None) -> Image.Image | None:
    kind, name = key.split(":", 1)
    if kind == "sk":
        return _skimage(name)
    if kind == "cv":
        return _opencv(name) if (OPENCV_DATA / name).is_file() else None
    return _from_wheel(wheel, name) if wheel is not None else None


def fit(image: Image.Image, longest: int = 768) -> Image.Image:
    scale = min(1.0, longest / max(image.size))
    return image if scale == 1.0 else image.resize((round(image.width * scale), round(image.height * scale)), Image.Resampling.LANCZOS)


# ------------------------------------------------------------------------------------------ colours


def colour_cases(seed: int, per_name: int = 120) -> list[tuple[str, np.ndarray, bool]]:
    rng = np.random.default_rng(seed)
    cases = []
    for name, shades in PALETTE.items():
        h, s, v = colorsys.rgb_to_hsv(*(c / 255 for c in shades[0]))
        chromatic = s > 0
        for _ in range(per_name):
            hue = (h + rng.uniform(-6, 6) / 360) % 1.0 if chromatic else h
            sat = min(1.0, s * rng.uniform(0.8, 1.1))
            val = min(1.0, v * (rng.uniform(0.6, 1.3) if chromatic else rng.uniform(0.85, 1.15)))
            rgb = np.array(colorsys.hsv_to_rgb(hue, sat, val)) * 255
            named = name_color(rgb)
            near = named.name != name or named.margin < 5.0
            patch = np.clip(rgb + rng.normal(0, 6, size=(48, 48, 3)), 0, 255).astype(np.uint8)
            cases.append((name, patch, near))
    return cases


def run_colours(verbose: bool) -> None:
    print("colour naming (region_color on 48x48 patches with noise sigma 6):")
    for label, seed in (("tune", 0), ("held-out", 1)):
        cases = colour_cases(seed)
        per: dict[str, list[int]] = {n: [0, 0, 0, 0] for n in PALETTE}  # right/total away, right/total near
        for name, patch, near in cases:
            right = region_color(patch, (0, 0, 48, 48)).name == name
            slot = 2 if near else 0
            per[name][slot] += right
            per[name][slot + 1] += 1
        away = sum(p[0] for p in per.values()), sum(p[1] for p in per.values())
        near = sum(p[2] for p in per.values()), sum(p[3] for p in per.values())
        print(f"  {label:8s} away from boundaries {away[0]}/{away[1]} ({away[0] / away[1]:.1%}); near a boundary {near[0]}/{near[1]}"
              + (f" ({near[0] / near[1]:.1%})" if near[1] else ""))
        if verbose or label == "held-out":
            print("    per colour (away): " + ", ".join(f"{n} {p[0]}/{p[1]}" for n, p in per.items()))


# ------------------------------------------------------------------------------------ people, faces


def composites(images: dict[str, Image.Image]) -> list[tuple[str, Image.Image, tuple, tuple]]:
    """(name, image, left spot, right spot): two people pasted left and right, the right one mirrored."""
    donors = [(n, images[n].crop(box)) for n, box in DONORS if n in images]
    out = []
    for i in range(len(donors)):
        (a_name, a), (b_name, b) = donors[i], donors[(i + 1) % len(donors)]
        background = fit(images[BACKGROUNDS[i % len(BACKGROUNDS)]] if BACKGROUNDS[i % len(BACKGROUNDS)] in images else Image.new("RGB", (900, 600), (180, 180, 180)))
        canvas = background.resize((900, 600)).copy()
        placed = []
        for crop, x, mirror in ((a, 20, False), (b, 470, True)):
            scale = min(410 / crop.width, 560 / crop.height)
            crop = crop.resize((round(crop.width * scale), round(crop.height * scale)))
            crop = ImageOps.mirror(crop) if mirror else crop
            y = 600 - crop.height
            canvas.paste(crop, (x, y))
            placed.append((x, y, x + crop.width, y + crop.height))
        out.append((f"pair-{a_name}-{b_name}", canvas, placed[0], placed[1]))
    return out


def run_people(verbose: bool) -> None:
    notes: list[str] = []
    wheel = _ultralytics_wheel(notes)
    images = {}
    for name, key, _, _ in PHOTOS:
        img = load(key, wheel)
        if img is None:
            notes.append(f"skipped {name}: source missing ({key})")
        else:
            images[name] = img
    people, faces = PeopleDetector(), FaceDetector()
    cases = [(n, fit(images[n]), p, f) for n, _, p, f in PHOTOS if n in images]
    pairs = composites(images)
    cases += [(n, img, 2, None) for n, img, _, _ in pairs]
    spots = {n: (left, right) for n, _, left, right in pairs}
    rows = []
    for name, img, p_spec, f_spec in cases:
        rgb = np.asarray(img)
        t0 = time.perf_counter()
        poses = people.poses(rgb)
        t1 = time.perf_counter()
        hog = people._pedestrians(rgb)
        t2 = time.perf_counter()
        face_scores = [d.score for d in faces.detect(rgb, ["face"])]
        t3 = time.perf_counter()
        area = (512 / max(img.size)) ** 2
        rows.append(dict(half=half(name), name=name, people=p_spec, faces=f_spec, poses=poses, hog=hog, face_scores=face_scores,
                         ms=((t1 - t0) * area * 1000, (t2 - t1) * area * 1000, (t3 - t2) * area * 1000)))

    def people_right(row: dict, cut: float | None) -> bool:
        return parse_count(row["people"], row["name"]).holds(len(combine_people(row["poses"], row["hog"], cut)))

    def faces_right(row: dict, cut: float) -> bool:
        return parse_count(row["faces"], row["name"]).holds(sum(s >= cut for s in row["face_scores"]))

    tune = [r for r in rows if r["half"] == "tune"]
    hog_cuts = [None] + sorted({round(s, 2) for r in tune for _, s in r["hog"]})
    hog_best = max(hog_cuts, key=lambda c: (sum(people_right(r, c) for r in tune), -(c or 9)))
    face_cuts = sorted({0.5} | {round(s, 3) for r in tune for s in r["face_scores"]})
    face_best = max(face_cuts, key=lambda c: (sum(faces_right(r, c) for r in tune if r["faces"] is not None), -c))
    print(f"\npeople (MediaPipe pose + OpenCV HOG) and faces (OpenCV Haar); cuts chosen on the tuning half: "
          f"HOG {hog_best}, face score {face_best:.3f} (shipped defaults: HOG {people.hog_min_score} (off), face 0)")
    for cut_name, hog_cut, face_cut in (("chosen", hog_best, face_best), ("pose only", None, face_best), ("defaults", people.hog_min_score, 0.0)):
        for label in ("tune", "held-out"):
            mine = [r for r in rows if r["half"] == label]
            p_right = [people_right(r, hog_cut) for r in mine]
            f_right = [faces_right(r, face_cut) for r in mine if r["faces"] is not None]
            rel = [v for r in mine if r["name"] in spots
                   for v in _relation_verdicts(combine_people(r["poses"], r["hog"], hog_cut), *spots[r["name"]])]
            print(f"  {cut_name:9s} {label:8s} people count right {sum(p_right)}/{len(p_right)} ({sum(p_right) / len(p_right):.0%}); "
                  f"face count right {sum(f_right)}/{len(f_right)} ({sum(f_right) / max(1, len(f_right)):.0%}); "
                  f"left/right verdicts right {sum(rel)}/{len(rel)} where both people were detected")
    for r in rows:
        found = len(combine_people(r["poses"], r["hog"], people.hog_min_score))
        wrong_p, wrong_f = not people_right(r, people.hog_min_score), r["faces"] is not None and not faces_right(r, 0.0)
        if verbose or wrong_p or wrong_f:
            print(f"    {r['half']:8s} {r['name']:28s} people {found} (want {r['people']}){' WRONG' if wrong_p else ''}; faces "
                  f"{len(r['face_scores'])} (want {r['faces']}){' WRONG' if wrong_f else ''}")
    ms = list(zip(*(r["ms"] for r in rows)))
    print(f"  cost per 512 px image (scaled by area): pose {statistics.median(ms[0]):.0f} ms, HOG {statistics.median(ms[1]):.0f} ms, "
          f"faces {statistics.median(ms[2]):.0f} ms (medians over {len(rows)} images; model loading excluded)")
    for note in notes:
        print("  note:", note)
    people.engine.close()


def _relation_verdicts(boxes: list, left: tuple, right: tuple) -> list[bool]:
    """Both relation words on the detections matched to the two pasted people (if both are found)."""
    found = [Detection("person", box, score) for box, score in boxes]
    def match(spot: tuple) -> Detection | None:
        best = max(found, key=lambda d: box_iou(d.box, spot), default=None)
        return best if best is not None and box_iou(best.box, spot) >= 0.3 else None

    a, b = match(left), match(right)
    if a is None or b is None or a is b:
        return []
    return [relation_holds(a, "left of", b)[0], relation_holds(b, "right of", a)[0],
            not relation_holds(b, "left of", a)[0], not relation_holds(a, "right of", b)[0]]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    run_colours(args.verbose)
    run_people(args.verbose)


if __name__ == "__main__":
    main()

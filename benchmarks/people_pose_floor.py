"""Can the people detector find the people BlazePose misses at its own confidence (people turned
away from the camera in close crops), by a lower pose confidence, with the pose landmarker's
segmentation mask to confirm a body? Tuning half of ``accuracy_composition.py`` only.

    python benchmarks/people_pose_floor.py

Part 1: people counted right (the shipped pipeline: mirror view, body rules, a person under each
verified face at >= 0.4) with the pose model's detection and presence confidence at 0.5 (shipped),
0.3 and 0.2; and at 0.5 plus the bodies found at 0.3 or 0.2 whose nose lies in a face the faces
detector finds (the face confirms a body the pose model is unsure of). Part 2: one whole-image pass of the pose landmarker at 0.2 with segmentation masks;
for each body, the share of its landmark box that the mask calls person (> 0.5), printed apart for
person-free images (every body there is false) and for the close crops of people turned away
(the tuning half's misses). A mask could confirm bodies only if the two groups' ranges were apart.
"""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from cases_anatomy import _ultralytics_wheel
from cases_composition import person_cases

from pytest_genimg.backends.detectors import PeopleDetector, combine_people
from pytest_genimg.backends.faces import MediaPipeFaceDetector, people_under_faces
from pytest_genimg.backends.pose import POSE_TASK, MediaPipePoseEngine, quiet_native_stderr
from pytest_genimg.metrics.anatomy import NOSE
from pytest_genimg.metrics.bodies import one_body_each
from pytest_genimg.metrics.composition import parse_count

FLOORS = (0.5, 0.3, 0.2)
TURNED_AWAY = ("basketball13", "basketball25")  # close crops of the man seen from behind (cases_composition.PORTRAITS)


def counts(cases: list) -> None:
    faces = MediaPipeFaceDetector()
    detectors = {floor: PeopleDetector(MediaPipePoseEngine(min_pose_confidence=floor)) for floor in FLOORS}
    rules = [(f"pose confidence {floor}", floor, False) for floor in FLOORS]
    rules += [(f"pose confidence 0.5, plus bodies found at {floor} with a verified face at the nose", floor, True) for floor in FLOORS[1:]]
    right: dict[str, list] = {title: [] for title, _, _ in rules}
    for case in cases:
        rgb = np.asarray(case.image)
        found_faces = faces.detect(rgb, ["face"])
        under = [(b, s) for b, s in people_under_faces(found_faces, rgb.shape) if s >= 0.4]
        bodies = {floor: detector.bodies(rgb) for floor, detector in detectors.items()}
        for title, floor, confirm in rules:
            people = bodies[floor]
            if confirm:  # a body the pose model is unsure of counts where the face detector confirms its head
                people = bodies[0.5] + [p for p in people if any(_inside(p.points[NOSE], f.box) for f in found_faces)]
            found = len(combine_people(detectors[0.5].boxes(one_body_each(people), rgb.shape), under))
            right[title].append((parse_count(case.people, case.name).holds(found), case.name, found))
    for title, flags in right.items():
        wrong = [f"{name} ({n})" for ok, name, n in flags if not ok]
        print(f"  {title}: people count right {len(flags) - len(wrong)}/{len(flags)}; wrong: {', '.join(wrong)}")
    for detector in detectors.values():
        detector.engine.close()


def _inside(point: np.ndarray, box: tuple) -> bool:
    return bool(box[0] <= point[0] <= box[2] and box[1] <= point[1] <= box[3])


def mask_fill(cases: list) -> None:
    import mediapipe as mp
    from mediapipe.tasks.python import BaseOptions, vision

    with quiet_native_stderr():
        landmarker = vision.PoseLandmarker.create_from_options(vision.PoseLandmarkerOptions(
            base_options=BaseOptions(model_asset_path=str(POSE_TASK)), running_mode=vision.RunningMode.IMAGE, num_poses=6,
            min_pose_detection_confidence=0.2, min_pose_presence_confidence=0.2, output_segmentation_masks=True))
    groups: dict[str, list[float]] = {"person-free": [], "turned away": []}
    for case in cases:
        group = "person-free" if case.people == 0 else "turned away" if any(t in case.name for t in TURNED_AWAY) else None
        if group is None:
            continue
        rgb = np.ascontiguousarray(np.asarray(case.image))
        h, w = rgb.shape[:2]
        with quiet_native_stderr():
            result = landmarker.detect(mp.Image(image_format=mp.ImageFormat.SRGB, data=rgb))
        for marks, mask in zip(result.pose_landmarks, result.segmentation_masks or []):
            points = np.array([[p.x * w, p.y * h] for p in marks])
            x0, y0 = np.clip(points.min(axis=0), 0, [w - 1, h - 1]).astype(int)
            x1, y1 = np.clip(points.max(axis=0), 0, [w - 1, h - 1]).astype(int)
            person = np.asarray(mask.numpy_view()).reshape(h, w)[y0 : y1 + 1, x0 : x1 + 1] > 0.5
            groups[group].append(float(person.mean()))
    with quiet_native_stderr():
        landmarker.close()
    for group, fills in groups.items():
        shown = ", ".join(f"{f:.2f}" for f in sorted(fills))
        print(f"  {group:12s} {len(fills)} bodies at confidence 0.2; share of the box the mask calls person: {shown}")


def main() -> None:
    notes: list[str] = []
    cases = [c for c in person_cases(_ultralytics_wheel(notes), notes, pasted_portraits=False) if c.half == "tune" and c.people is not None]
    print(f"tuning half, {len(cases)} cases with a people count")
    counts(cases)
    mask_fill(cases)


if __name__ == "__main__":
    main()

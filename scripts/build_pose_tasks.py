"""Rebuild the hand and pose ``.task`` bundles, the face detector models and the selfie segmenter
under src/pytest_genimg/backends/assets/.

mediapipe 1.x ships no models; the 0.10.21 wheel (PyPI, Apache-2.0) holds the tflite files, and
its metadata writer (which does not import under 1.x) adds the input metadata the Tasks API needs.
So this script runs once, in a throwaway environment, never in the project's:

    python3 -m venv /tmp/mp021
    /tmp/mp021/bin/pip install mediapipe==0.10.21 "numpy<2"
    /tmp/mp021/bin/python scripts/build_pose_tasks.py            # writes the .task and face .tflite files
    /tmp/mp021/bin/python scripts/build_pose_tasks.py --check photo.jpg   # compare with legacy API

The bundles are byte-reproducible (fixed zip timestamps) and are then run by mediapipe 1.x.
"""
from __future__ import annotations

import argparse
import hashlib
import io
import json
import os
import sys
import zipfile
from pathlib import Path

os.environ.setdefault("GLOG_minloglevel", "2")

ASSETS = Path(__file__).resolve().parent.parent / "src" / "pytest_genimg" / "backends" / "assets"
REQUIRED_VERSION = "0.10.21"

# (bundle entry name, path inside the wheel, input normalisation (mean, std) the model expects)
BUNDLES = {
    "hand_landmarker.task": [
        ("hand_detector.tflite", "modules/palm_detection/palm_detection_full.tflite", (0.0, 255.0)),
        ("hand_landmarks_detector.tflite", "modules/hand_landmark/hand_landmark_full.tflite", (0.0, 255.0)),
    ],
    "pose_landmarker.task": [
        # The detector sees pixels in [-1, 1], the landmark model in [0, 1] (legacy graphs' ranges).
        ("pose_detector.tflite", "modules/pose_detection/pose_detection.tflite", (127.5, 127.5)),
        ("pose_landmarks_detector.tflite", "modules/pose_landmark/pose_landmark_full.tflite", (0.0, 255.0)),
    ],
}
# Single models the Tasks API takes as they are once they carry image metadata (BlazeFace, whose
# detector sees pixels in [-1, 1]): (file name, path inside the wheel, normalisation). The selfie
# segmenter (general model, 256x256 input, pixels in [0, 1], one "selfie" confidence channel)
# already carries ImageSegmenter metadata in the wheel: it is copied as it is, after the check that
# its normalisation is the one expected.
MODELS = [
    ("face_detector_short_range.tflite", "modules/face_detection/face_detection_short_range.tflite", (127.5, 127.5)),
    ("face_detector_full_range.tflite", "modules/face_detection/face_detection_full_range_sparse.tflite", (127.5, 127.5)),
    ("selfie_segmenter.tflite", "modules/selfie_segmentation/selfie_segmentation.tflite", (0.0, 255.0)),
]
_FIXED_TIME = (1980, 1, 1, 0, 0, 0)
_ALIGNMENT = 4  # MediaPipe mmaps bundle entries: stored (uncompressed) and 4-byte aligned


def _normalisation(buffer: bytes) -> tuple[float, float] | None:
    """The (mean, std) already in a model's metadata, or None when it has none."""
    from mediapipe.tasks.python.metadata import metadata

    try:
        text = metadata.MetadataDisplayer.with_model_buffer(buffer).get_metadata_json()
    except ValueError:
        return None
    tensor = json.loads(text)["subgraph_metadata"][0]["input_tensor_metadata"][0]
    for unit in tensor.get("process_units") or []:
        if unit.get("options_type") == "NormalizationOptions":
            return float(unit["options"]["mean"][0]), float(unit["options"]["std"][0])
    return None


def _with_image_metadata(buffer: bytes, name: str, mean: float, std: float) -> bytes:
    from mediapipe.tasks.python.metadata.metadata_writers import metadata_writer

    writer = metadata_writer.MetadataWriter.create(bytearray(buffer))
    writer.add_general_info(name, "rebuilt by pytest-genimg scripts/build_pose_tasks.py")
    writer.add_image_input(norm_mean=[mean], norm_std=[std])
    model, _json = writer.populate()  # outputs get default (name-only) metadata: read by index
    return bytes(model)


def _model(wheel_root: Path, relative: str, name: str, norm: tuple[float, float]) -> bytes:
    buffer = (wheel_root / relative).read_bytes()
    found = _normalisation(buffer)
    if found is None:
        return _with_image_metadata(buffer, name, *norm)
    if found != norm:
        sys.exit(f"{relative}: its metadata normalises with {found}, expected {norm}; refusing to guess")
    return buffer


def _aligned_zip(entries: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_STORED) as zf:
        for name, data in entries.items():
            info = zipfile.ZipInfo(name, date_time=_FIXED_TIME)
            info.compress_type = zipfile.ZIP_STORED
            header = 30 + len(name.encode())  # local file header length: data starts right after
            pad = (-(out.tell() + header) % _ALIGNMENT)
            # Padding goes into the extra field, so offsets stay valid for every zip reader.
            if pad:
                pad = pad if pad >= 4 else pad + _ALIGNMENT
                info.extra = b"\xff\xff" + (pad - 4).to_bytes(2, "little") + b"\x00" * (pad - 4)
            zf.writestr(info, data)
    return out.getvalue()


def build(out_dir: Path) -> None:
    import mediapipe as mp

    if mp.__version__ != REQUIRED_VERSION:
        sys.exit(f"run this in a throwaway env with mediapipe=={REQUIRED_VERSION} (found {mp.__version__})")
    wheel_root = Path(mp.__file__).resolve().parent
    out_dir.mkdir(parents=True, exist_ok=True)
    for bundle, parts in BUNDLES.items():
        entries = {entry: _model(wheel_root, rel, entry, norm) for entry, rel, norm in parts}
        data = _aligned_zip(entries)
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            for info in zf.infolist():  # every member must start on an aligned offset
                start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
                assert start % _ALIGNMENT == 0, (bundle, info.filename, start)
        (out_dir / bundle).write_bytes(data)
        print(f"{bundle}: {len(data) / 1e6:.2f} MB sha256={hashlib.sha256(data).hexdigest()[:16]}")
    for name, rel, norm in MODELS:
        data = _model(wheel_root, rel, name, norm)
        (out_dir / name).write_bytes(data)
        print(f"{name}: {len(data) / 1e6:.2f} MB sha256={hashlib.sha256(data).hexdigest()[:16]}")


def check(image_path: str, out_dir: Path) -> None:
    """Run the legacy solutions API and the Tasks API on the new bundles; print the differences."""
    import mediapipe as mp
    import numpy as np
    from mediapipe.tasks.python import BaseOptions, vision
    from PIL import Image

    rgb = np.asarray(Image.open(image_path).convert("RGB"))
    h, w = rgb.shape[:2]
    image = mp.Image(image_format=mp.ImageFormat.SRGB, data=rgb)
    with mp.solutions.pose.Pose(static_image_mode=True, model_complexity=1) as legacy:
        old = legacy.process(rgb).pose_landmarks
    options = vision.PoseLandmarkerOptions(base_options=BaseOptions(model_asset_path=str(out_dir / "pose_landmarker.task")))
    with vision.PoseLandmarker.create_from_options(options) as landmarker:
        new = landmarker.detect(image).pose_landmarks
    if old and new:
        diff = max(np.hypot((a.x - b.x) * w, (a.y - b.y) * h) for a, b in zip(old.landmark, new[0]) if a.visibility > 0.5)
        print(f"pose: legacy vs rebuilt max landmark distance {diff:.2f} px")
    else:
        print(f"pose: legacy found {bool(old)}, rebuilt found {len(new)} people")
    with mp.solutions.hands.Hands(static_image_mode=True, max_num_hands=4) as legacy:
        old_hands = legacy.process(rgb).multi_hand_landmarks or []
    options = vision.HandLandmarkerOptions(base_options=BaseOptions(model_asset_path=str(out_dir / "hand_landmarker.task")), num_hands=4)
    with vision.HandLandmarker.create_from_options(options) as landmarker:
        new_hands = landmarker.detect(image).hand_landmarks
    print(f"hands: legacy found {len(old_hands)}, rebuilt found {len(new_hands)}")
    for a, b in zip(sorted(old_hands, key=lambda h: h.landmark[0].x), sorted(new_hands, key=lambda h: h[0].x)):
        diff = max(np.hypot((p.x - q.x) * w, (p.y - q.y) * h) for p, q in zip(a.landmark, b))
        print(f"  hand at x={a.landmark[0].x * w:.0f}: max landmark distance {diff:.2f} px")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=ASSETS, help="output folder (default: the package's assets)")
    parser.add_argument("--check", metavar="IMAGE", help="compare legacy and rebuilt models on a photo with a person")
    args = parser.parse_args()
    if args.check:
        check(args.check, args.out)
    else:
        build(args.out)


if __name__ == "__main__":
    main()

"""Rebuild ``src/pytest_genimg/backends/assets/mtcnn_onet.npz``: the weights of MTCNN's output
network (O-Net, Zhang et al. 2016), which the ``faces`` detector uses as a second opinion on each
BlazeFace box (see ``backends/face_verify.py``).

The weights come from the facenet-pytorch 2.6.0 wheel (PyPI, MIT licence, Copyright (c) 2019
Timothy Esler; the networks were converted from Kaipeng Zhang's MTCNN release, MIT licence). That
wheel pins old torch, numpy and Pillow, so it is never installed: this script downloads it with
``pip download --no-deps``, reads ``facenet_pytorch/data/onet.pt`` out of the zip, and stores the
tensors as float16 (0.8 MB instead of 1.6 MB; the verifier computes in float32):

    python scripts/build_face_verifier.py            # writes the .npz
    python scripts/build_face_verifier.py --check    # compares float16 with the float32 original
"""
from __future__ import annotations

import argparse
import io
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import numpy as np

ASSETS = Path(__file__).resolve().parent.parent / "src" / "pytest_genimg" / "backends" / "assets"
WHEEL = "facenet-pytorch==2.6.0"
OUT = ASSETS / "mtcnn_onet.npz"
LICENCE = ASSETS / "mtcnn_onet.LICENSE"


def original() -> tuple[dict[str, np.ndarray], str]:
    """O-Net's float32 tensors and the wheel's licence text, read from the facenet-pytorch wheel
    (downloaded, not installed)."""
    import torch

    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([sys.executable, "-m", "pip", "download", WHEEL, "--no-deps", "-q", "-d", tmp], check=True)
        (wheel,) = Path(tmp).glob("facenet_pytorch-*.whl")
        with zipfile.ZipFile(wheel) as zf:
            state = torch.load(io.BytesIO(zf.read("facenet_pytorch/data/onet.pt")), map_location="cpu", weights_only=True)
            licence = zf.read(next(n for n in zf.namelist() if n.endswith(".dist-info/LICENSE.md"))).decode()
    return {name: tensor.numpy().astype(np.float32) for name, tensor in state.items()}, licence


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare the stored float16 weights with the original")
    args = parser.parse_args()
    weights, licence = original()
    if args.check:
        stored = np.load(OUT)
        worst = max(float(np.max(np.abs(stored[k].astype(np.float32) - v))) for k, v in weights.items())
        print(f"{OUT.name}: {len(weights)} tensors, largest float16 rounding error {worst:.2e}")
        return
    buffer = io.BytesIO()
    np.savez_compressed(buffer, **{k: v.astype(np.float16) for k, v in sorted(weights.items())})
    OUT.write_bytes(buffer.getvalue())
    LICENCE.write_text(f"{OUT.name}: MTCNN O-Net weights from {WHEEL} (facenet_pytorch/data/onet.pt), stored as "
                       f"float16 by scripts/build_face_verifier.py.\n\n{licence}")
    print(f"wrote {OUT} ({OUT.stat().st_size / 1e6:.2f} MB, {len(weights)} tensors)")


if __name__ == "__main__":
    main()

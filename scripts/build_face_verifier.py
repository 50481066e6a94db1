"""Rebuild ``src/pytest_genimg/backends/assets/mtcnn_onet.npz`` and ``mtcnn_pnet_rnet.npz``: the
weights of MTCNN's output network (O-Net, Zhang et al. 2016), which the ``faces`` detector uses as a
second opinion on each proposed box (see ``backends/face_verify.py``), and of its proposal and refine
networks (P-Net, R-Net; keys prefixed ``pnet.`` and ``rnet.``), which propose small faces (see
``backends/face_propose.py``).

The weights come from the facenet-pytorch 2.6.0 wheel (PyPI, MIT licence, Copyright (c) 2019
Timothy Esler; the networks were converted from Kaipeng Zhang's MTCNN release, MIT licence). That
wheel pins old torch, numpy and Pillow, so it is never installed: this script downloads it with
``pip download --no-deps``, reads ``facenet_pytorch/data/{onet,pnet,rnet}.pt`` out of the zip, and
stores the tensors as float16 (0.8 MB and 0.2 MB instead of 1.6 MB and 0.4 MB; the networks compute in
float32):

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
# each stored file: the networks it holds (keys prefixed with the network's name where it holds several)
OUTS = {ASSETS / "mtcnn_onet.npz": ("onet",), ASSETS / "mtcnn_pnet_rnet.npz": ("pnet", "rnet")}
LICENCE = ASSETS / "mtcnn_onet.LICENSE"


def original() -> tuple[dict[Path, dict[str, np.ndarray]], str]:
    """Each stored file's float32 tensors and the wheel's licence text, read from the facenet-pytorch
    wheel (downloaded, not installed)."""
    import torch

    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([sys.executable, "-m", "pip", "download", WHEEL, "--no-deps", "-q", "-d", tmp], check=True)
        (wheel,) = Path(tmp).glob("facenet_pytorch-*.whl")
        with zipfile.ZipFile(wheel) as zf:
            def tensors(net: str, prefix: str) -> dict[str, np.ndarray]:
                state = torch.load(io.BytesIO(zf.read(f"facenet_pytorch/data/{net}.pt")), map_location="cpu", weights_only=True)
                return {prefix + name: tensor.numpy().astype(np.float32) for name, tensor in state.items()}

            files = {out: {k: v for net in nets for k, v in tensors(net, f"{net}." if len(nets) > 1 else "").items()}
                     for out, nets in OUTS.items()}
            licence = zf.read(next(n for n in zf.namelist() if n.endswith(".dist-info/LICENSE.md"))).decode()
    return files, licence


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare the stored float16 weights with the original")
    args = parser.parse_args()
    files, licence = original()
    for out, weights in files.items():
        if args.check:
            with np.load(out) as stored:
                worst = max(float(np.max(np.abs(stored[k].astype(np.float32) - v))) for k, v in weights.items())
            print(f"{out.name}: {len(weights)} tensors, largest float16 rounding error {worst:.2e}")
            continue
        buffer = io.BytesIO()
        np.savez_compressed(buffer, **{k: v.astype(np.float16) for k, v in sorted(weights.items())})
        out.write_bytes(buffer.getvalue())
        print(f"wrote {out} ({out.stat().st_size / 1e6:.2f} MB, {len(weights)} tensors)")
    if not args.check:
        names = "; ".join(f"{out.name}: MTCNN {', '.join(n.upper().replace('NET', '-Net') for n in nets)} weights "
                          f"(facenet_pytorch/data/{'{' * (len(nets) > 1)}{','.join(nets)}{'}' * (len(nets) > 1)}.pt)" for out, nets in OUTS.items())
        LICENCE.write_text(f"{names}; from {WHEEL}, stored as float16 by scripts/build_face_verifier.py.\n\n{licence}")


if __name__ == "__main__":
    main()

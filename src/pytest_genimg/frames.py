"""Turn a frame sequence (GeneratedVideo, list of images, T x H x W x C array or a video file) into
checked RGB frames of one size, reusing :mod:`pytest_genimg.images`."""
from __future__ import annotations

import os
import warnings
from pathlib import Path
from typing import Any

import numpy as np

from .errors import MissingDependencyError, usage
from .generated import GeneratedVideo
from .images import InputImage, as_images

_ACCEPTED = "a GeneratedVideo, a sequence of images, a T x H x W x C array or a video file path"


def read_video(path: str | os.PathLike[str], argument: str = "frames") -> np.ndarray:
    """All frames of a video file as T x H x W x C uint8: imageio first, OpenCV for containers
    imageio has no plugin for here (mp4/avi without imageio-ffmpeg or PyAV)."""
    file = Path(path)
    if not file.is_file():
        raise usage(argument, "an existing video file", str(path))
    try:
        import imageio.v3 as iio
    except ImportError:
        iio = None
    first_error: Exception | None = None
    if iio is not None:
        try:
            with warnings.catch_warnings():  # imageio's plugin search warns about legacy plugins
                warnings.simplefilter("ignore")
                frames = np.asarray(iio.imread(file, index=None))
            return frames if frames.ndim == 4 else frames[None]
        except Exception as exc:  # imageio raises OSError/ValueError/plugin errors alike
            first_error = exc
    frames = _read_with_opencv(file)
    if frames is not None:
        return frames
    if iio is None:
        raise MissingDependencyError(f"reading {file} needs imageio: pip install 'imageio[ffmpeg]'")
    reason = f"{type(first_error).__name__}: {str(first_error).splitlines()[0][:120]}" if first_error else "unreadable"
    raise usage(
        argument,
        "a video file imageio or OpenCV can read (for mp4/webm: pip install 'imageio[ffmpeg]' or 'imageio[pyav]'; "
        f"reading it gave {reason})",
        str(file),  # last: a long path is shortened in the middle, and its file name stays
    )


def _read_with_opencv(file: Path) -> np.ndarray | None:
    try:
        import cv2
    except ImportError:
        return None
    capture = cv2.VideoCapture(str(file))
    frames = []
    try:
        while capture.isOpened():
            ok, frame = capture.read()
            if not ok:
                break
            frames.append(cv2.cvtColor(frame, cv2.COLOR_BGR2RGB))
    finally:
        capture.release()
    return np.stack(frames) if frames else None


def as_frames(frames: Any, argument: str = "frames", *, min_count: int = 2) -> list[InputImage]:
    """A frame sequence -> list of RGB :class:`InputImage` labelled ``frame i``, all one size."""
    if isinstance(frames, (str, os.PathLike)):
        items: Any = read_video(frames, argument)
    elif isinstance(frames, GeneratedVideo):
        items = list(frames.frames)
    elif hasattr(frames, "ndim") and getattr(frames, "ndim", 0) != 4:
        raise usage(argument, f"{_ACCEPTED} (a {frames.ndim}-D array is not a frame stack)", f"array of shape {tuple(frames.shape)}")
    elif isinstance(frames, bytes) or not hasattr(frames, "__iter__"):
        raise usage(argument, _ACCEPTED, frames)
    else:
        items = frames
    images = as_images(items, argument, min_count=min_count)
    size = images[0].pil.size
    for im in images:
        im.label = f"frame {im.index}"
        if im.pil.size != size:
            raise usage(
                argument,
                "frames of one size",
                f"{size[0]}x{size[1]} (frame 0) and {im.pil.width}x{im.pil.height} (frame {im.index})",
            )
    if isinstance(frames, GeneratedVideo):
        for im in images:
            im.meta = {**frames.describe(), "frame": im.index}
    return images

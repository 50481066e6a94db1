"""Pose and hand detection behind a small Protocol (the tiled scan of an image is in
:mod:`pytest_genimg.backends.scan`).

The default engine runs mediapipe 1.x's Tasks API on the two ``.task`` bundles shipped in
``assets/`` (rebuilt from the mediapipe 0.10.21 wheel by ``scripts/build_pose_tasks.py``): no
network, no pin on old mediapipe or numpy. Engines load once per process via :data:`POSE_BACKENDS`.
"""
from __future__ import annotations

import atexit
import contextlib
import functools
import os
import re
import sys
import tempfile
import threading
import weakref
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import numpy as np

from ..errors import MissingDependencyError, ModelLoadError
from ..metrics.anatomy import Hand, Person
from .registry import new_registry, require_module

ASSETS = Path(__file__).resolve().parent / "assets"
HAND_TASK = ASSETS / "hand_landmarker.task"
POSE_TASK = ASSETS / "pose_landmarker.task"

# Shared libraries libmediapipe.so links against, and the Debian/Ubuntu package that ships each.
_SYSTEM_LIBRARIES = {
    "libEGL.so.1": "libegl1",
    "libGLESv2.so.2": "libgles2",
    "libGLdispatch.so.0": "libglvnd0",
}
# Native start-up and per-call chatter (LiteRT INFO lines, absl warnings before InitGoogle).
_NOISE = re.compile(
    rb"^(INFO: |WARNING: Logging before InitGoogle|WARNING: \[model_load|[IW]\d{4} |\s*$)"
)
_STDERR_LOCK = threading.RLock()


@runtime_checkable
class PoseEngine(Protocol):
    """Finds hands and bodies in one RGB array (HxWx3 uint8); coordinates in that array's pixels.

    An engine may also offer ``people_with_masks(rgb)``: each body with its segmentation mask (HxW
    bool). Without it, ``strict`` judges hands without the people's silhouettes."""

    name: str

    def hands(self, rgb: np.ndarray) -> list[Hand]: ...

    def people(self, rgb: np.ndarray) -> list[Person]: ...

    def close(self) -> None: ...


@contextlib.contextmanager
def quiet_native_stderr() -> Iterator[None]:
    """Filter what native code writes to file descriptor 2 while the block runs.

    MediaPipe 1.x logs through LiteRT and absl straight to fd 2, ignoring GLOG_minloglevel and
    Python's logging; INFO and warning chatter is dropped, anything else is written back.
    """
    with _STDERR_LOCK:
        try:
            sys.stderr.flush()
            saved = os.dup(2)
        except (OSError, ValueError):  # no usable fd 2 (embedded interpreters): nothing to filter
            yield
            return
        with tempfile.TemporaryFile() as sink:
            os.dup2(sink.fileno(), 2)
            try:
                yield
            finally:
                os.dup2(saved, 2)
                os.close(saved)
                sink.seek(0)
                kept = [line for line in sink.read().splitlines(keepends=True) if not _NOISE.match(line)]
                if kept:
                    os.write(2, b"".join(kept))


def _system_library_hint(exc: OSError) -> MissingDependencyError | None:
    text = str(exc)
    for library, package in _SYSTEM_LIBRARIES.items():
        if library in text:
            return MissingDependencyError(
                f"mediapipe could not load the system library {library} ({exc}). Minimal and CUDA "
                f"container images often lack it: install the OS package {package!r} "
                f"(Debian/Ubuntu: apt-get install -y libegl1 libgles2 libglvnd0; "
                f"Fedora/RHEL: dnf install -y libglvnd-egl libglvnd-gles)."
            )
    return None


def _start_error(exc: Exception, what: str) -> Exception:
    """The error to raise when a MediaPipe graph for ``what`` fails to build: a missing system
    library named with the package to install, else a model-load error."""
    if isinstance(exc, OSError):
        hint = _system_library_hint(exc)
        return hint if hint is not None else ModelLoadError(f"mediapipe failed to start: {exc}")
    return ModelLoadError(f"mediapipe could not load {what}: {exc}")


class MediaPipePoseEngine:
    """MediaPipe 1.x hand landmarker (palm detection + 21 landmarks) and pose landmarker (BlazePose
    full, 33 landmarks), run from the bundled ``.task`` files in single-image mode."""

    thread_safe = False  # MediaPipe's graphs take one image at a time

    @classmethod
    def identity(cls, *, max_hands: int = 6, max_people: int = 6, min_hand_confidence: float = 0.4,
                 min_pose_confidence: float = 0.5, hand_task: Path = HAND_TASK, pose_task: Path = POSE_TASK) -> dict[str, Any]:
        """What the output depends on (for the evaluator cache), known without starting MediaPipe."""
        from importlib.metadata import PackageNotFoundError, version

        from ..evalcache import files_digest

        try:
            release = version("mediapipe")
        except PackageNotFoundError:
            release = "absent"
        return {"name": f"mediapipe-{release}", "tasks": files_digest([Path(hand_task), Path(pose_task)]),
                "params": {"max_hands": max_hands, "max_people": max_people,
                           "min_hand_confidence": min_hand_confidence, "min_pose_confidence": min_pose_confidence}}

    def __init__(
        self,
        *,
        max_hands: int = 6,
        max_people: int = 6,
        min_hand_confidence: float = 0.4,
        min_pose_confidence: float = 0.5,
        hand_task: Path = HAND_TASK,
        pose_task: Path = POSE_TASK,
    ) -> None:
        self._identity = self.identity(max_hands=max_hands, max_people=max_people, min_hand_confidence=min_hand_confidence,
                                       min_pose_confidence=min_pose_confidence, hand_task=hand_task, pose_task=pose_task)
        os.environ.setdefault("GLOG_minloglevel", "2")  # honoured by some builds; fd 2 is filtered anyway
        for task in (hand_task, pose_task):
            if not Path(task).is_file():
                raise ModelLoadError(f"missing MediaPipe bundle {task}: rebuild it with scripts/build_pose_tasks.py")
        require_module("mediapipe", "'mediapipe>=0.10.30'", "the extra-limb check")
        self._hands: Any = None
        self._pose: Any = None
        self._masked: Any = None  # the pose graph with segmentation masks, built when first asked for
        try:
            with quiet_native_stderr():
                from mediapipe.tasks.python import BaseOptions, vision

                self._hands = vision.HandLandmarker.create_from_options(
                    vision.HandLandmarkerOptions(
                        base_options=BaseOptions(model_asset_path=str(hand_task)),
                        running_mode=vision.RunningMode.IMAGE,
                        num_hands=max_hands,
                        min_hand_detection_confidence=min_hand_confidence,
                        min_hand_presence_confidence=min_hand_confidence,
                    )
                )
                self._pose_options = functools.partial(
                    vision.PoseLandmarkerOptions,
                    base_options=BaseOptions(model_asset_path=str(pose_task)),
                    running_mode=vision.RunningMode.IMAGE,
                    num_poses=max_people,
                    min_pose_detection_confidence=min_pose_confidence,
                    min_pose_presence_confidence=min_pose_confidence,
                )
                self._pose = vision.PoseLandmarker.create_from_options(self._pose_options())
        except (OSError, RuntimeError, ValueError) as exc:
            self.close()
            raise _start_error(exc, f"{hand_task.name}/{pose_task.name}") from exc
        from importlib.metadata import version

        self.name = f"mediapipe-{version('mediapipe')}"
        self.model_files = (Path(hand_task), Path(pose_task))
        _close_at_exit(self)

    def cache_identity(self) -> dict[str, Any]:
        return self._identity

    @staticmethod
    def _image(rgb: np.ndarray) -> Any:
        import mediapipe as mp

        return mp.Image(image_format=mp.ImageFormat.SRGB, data=np.ascontiguousarray(rgb, dtype=np.uint8))

    def hands(self, rgb: np.ndarray) -> list[Hand]:
        h, w = rgb.shape[:2]
        with quiet_native_stderr():
            result = self._hands.detect(self._image(rgb))
        found = []
        for marks, labels in zip(result.hand_landmarks, result.handedness):
            points = np.array([[p.x * w, p.y * h] for p in marks], dtype=np.float64)
            best = labels[0] if labels else None
            found.append(Hand(points, float(best.score) if best else 0.0, str(best.category_name) if best else ""))
        return found

    def people(self, rgb: np.ndarray) -> list[Person]:
        with quiet_native_stderr():
            result = self._pose.detect(self._image(rgb))
        return [self._person(marks, rgb.shape) for marks in result.pose_landmarks]

    @staticmethod
    def _person(marks: Any, shape: tuple[int, ...]) -> Person:
        h, w = shape[:2]
        points = np.array([[p.x * w, p.y * h] for p in marks], dtype=np.float64)
        return Person(points, np.array([p.visibility if p.visibility is not None else 0.0 for p in marks]))

    def people_with_masks(self, rgb: np.ndarray) -> list[tuple[Person, np.ndarray]]:
        """:meth:`people`, each with its segmentation mask (HxW bool: probability above 0.5), from
        the same ``.task`` run with masks on (a second graph, built on first use: masks cost time)."""
        with quiet_native_stderr():
            if self._masked is None:
                from mediapipe.tasks.python import vision

                try:
                    self._masked = vision.PoseLandmarker.create_from_options(self._pose_options(output_segmentation_masks=True))
                except (OSError, RuntimeError, ValueError) as exc:
                    raise _start_error(exc, f"{self.model_files[1].name} with segmentation masks") from exc
            result = self._masked.detect(self._image(rgb))
        masks = result.segmentation_masks or []
        return [(self._person(marks, rgb.shape), np.asarray(mask.numpy_view()).reshape(rgb.shape[:2]) > 0.5)
                for marks, mask in zip(result.pose_landmarks, masks)]

    def close(self) -> None:
        """Release the native graphs; MediaPipe prints errors at exit for graphs left open."""
        with quiet_native_stderr():
            for name in ("_hands", "_pose", "_masked"):
                detector = getattr(self, name, None)
                if detector is not None:
                    detector.close()
                    setattr(self, name, None)


def _close_at_exit(engine: MediaPipePoseEngine) -> None:
    """Close ``engine`` when the interpreter exits, unless it was closed or freed before.

    MediaPipe runs each detector on a thread pool that ``concurrent.futures`` shuts down before
    ``atexit`` handlers run; a detector still open then prints tracebacks from ``__del__``. The
    hook therefore goes where ``concurrent.futures`` registers its own (run last-in, first-out).
    """
    ref = weakref.ref(engine)

    def close() -> None:
        alive = ref()
        if alive is not None:
            alive.close()

    register = getattr(threading, "_register_atexit", atexit.register)
    try:
        register(close)
    except RuntimeError:  # interpreter already shutting down
        pass


POSE_BACKENDS = new_registry("pose")
POSE_BACKENDS.register("mediapipe", MediaPipePoseEngine, "mediapipe 1.x Tasks: hand + pose landmarkers (default)")
DEFAULT_POSE = "mediapipe"


def get_pose_engine(engine: str | PoseEngine = DEFAULT_POSE) -> PoseEngine:
    """A registered engine by name (built once per process) or an engine object passed directly."""
    return POSE_BACKENDS.resolve(engine)



# The tiled scan lived here until it moved to backends/scan.py: imports from this module keep working.
_MOVED_TO_SCAN = ("Scan", "ScanSettings", "scan", "find_people", "pose_tiles", "hand_tiles")


def __getattr__(name: str) -> Any:
    if name in _MOVED_TO_SCAN:
        import importlib

        return getattr(importlib.import_module(".scan", __package__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

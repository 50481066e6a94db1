"""Where people are, pixel by pixel: MediaPipe's selfie segmenter (the general 256x256 model from the
mediapipe 0.10.21 wheel, Apache-2.0, copied with its ImageSegmenter metadata by
``scripts/build_pose_tasks.py``; run by mediapipe 1.x's Tasks ``ImageSegmenter``).

The model was made for selfie and video-call framing (one or two people close to the camera); on
wide shots it finds small people poorly, so callers may run it on a crop around a body
(:meth:`SelfieSegmenter.crop_mask`)."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from ..errors import ModelLoadError, usage
from ..metrics.composition import Box
from .registry import require_module

SELFIE_MODEL = Path(__file__).resolve().parent / "assets" / "selfie_segmenter.tflite"


class SelfieSegmenter:
    """A person-confidence mask (HxW float32 in [0, 1]) for one RGB array (HxWx3 uint8)."""

    thread_safe = False  # one image at a time through the native graph

    def __init__(self, model: Path = SELFIE_MODEL) -> None:
        from .pose import _close_at_exit, _start_error, quiet_native_stderr

        if not Path(model).is_file():
            raise ModelLoadError(f"missing selfie segmenter {model}: rebuild it with scripts/build_pose_tasks.py")
        require_module("mediapipe", "'mediapipe>=0.10.30'", "person segmentation")
        self._quiet = quiet_native_stderr
        self._segmenter: Any = None
        try:
            with quiet_native_stderr():
                from mediapipe.tasks.python import BaseOptions, vision

                self._segmenter = vision.ImageSegmenter.create_from_options(vision.ImageSegmenterOptions(
                    base_options=BaseOptions(model_asset_path=str(model)), running_mode=vision.RunningMode.IMAGE,
                    output_confidence_masks=True, output_category_mask=False))
        except (OSError, RuntimeError, ValueError) as exc:
            raise _start_error(exc, Path(model).name) from exc
        self.name = "selfie-segmenter"
        self.model_file = Path(model)
        _close_at_exit(self)  # type: ignore[arg-type]  # anything with close()

    @classmethod
    def identity(cls, model: Path = SELFIE_MODEL) -> dict[str, Any]:
        """What the masks depend on (for the evaluator cache), known without starting MediaPipe."""
        from ..evalcache import files_digest

        return {"name": "selfie-segmenter", "model": files_digest([Path(model)])}

    def cache_identity(self) -> dict[str, Any]:
        return self.identity(self.model_file)

    def mask(self, rgb: np.ndarray) -> np.ndarray:
        """The person confidence of every pixel of ``rgb`` (HxW float32, 0-1)."""
        import mediapipe as mp

        rgb = np.asarray(rgb)
        if rgb.ndim != 3 or rgb.shape[2] != 3 or rgb.dtype != np.uint8 or min(rgb.shape[:2]) < 1:
            raise usage("rgb", "an HxWx3 uint8 array", f"{rgb.dtype} array of shape {rgb.shape}")
        with self._quiet():
            result = self._segmenter.segment(mp.Image(image_format=mp.ImageFormat.SRGB, data=np.ascontiguousarray(rgb)))
        masks = result.confidence_masks or []
        if not masks:
            return np.zeros(rgb.shape[:2], np.float32)
        return np.asarray(masks[0].numpy_view(), dtype=np.float32).reshape(rgb.shape[:2]).copy()

    def crop_mask(self, rgb: np.ndarray, box: Box, margin: float = 0.25) -> np.ndarray:
        """The person confidence over the whole of ``rgb`` (0 outside the crop) from one run on a
        square crop around ``box`` grown by ``margin`` of its longer side on every side."""
        h, w = rgb.shape[:2]
        x0, y0, x1, y1 = box
        side = max(x1 - x0, y1 - y0) * (1 + 2 * margin)
        cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
        left, top = max(0, int(cx - side / 2)), max(0, int(cy - side / 2))
        right, bottom = min(w, int(np.ceil(cx + side / 2))), min(h, int(np.ceil(cy + side / 2)))
        out = np.zeros((h, w), np.float32)
        if right > left and bottom > top:
            out[top:bottom, left:right] = self.mask(np.ascontiguousarray(rgb[top:bottom, left:right]))
        return out

    def close(self) -> None:
        with self._quiet():
            if self._segmenter is not None:
                self._segmenter.close()
                self._segmenter = None

"""Turn whatever a user passes (PIL, GeneratedImage, numpy, torch) into checked RGB images."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable, Sequence

import numpy as np
from PIL import Image

from .errors import usage
from .generated import GeneratedImage, GeneratedVideo
from .settings import MAX_SIDE

_ACCEPTED = "a PIL image, GeneratedImage, numpy array (HxW, HxWxC uint8 or float in [0,1]) or torch tensor (CHW/HWC)"


@dataclass
class InputImage:
    """One image to check: RGB pixels plus a label (seed or index) for messages."""

    pil: Image.Image
    index: int
    label: str
    meta: dict[str, Any] = field(default_factory=dict)
    has_alpha: bool = False

    @property
    def array(self) -> np.ndarray:
        """HxWx3 uint8."""
        return np.asarray(self.pil)


def _tensor_to_numpy(obj: Any) -> np.ndarray:
    arr = obj.detach().to("cpu")
    if str(arr.dtype) in ("torch.bfloat16", "torch.float16"):
        arr = arr.float()
    arr = arr.numpy()
    if arr.ndim == 3 and arr.shape[0] in (1, 3, 4) and arr.shape[-1] not in (1, 3, 4):
        arr = np.moveaxis(arr, 0, -1)  # CHW -> HWC
    return arr


def array_to_pil(arr: np.ndarray, argument: str = "image") -> Image.Image:
    """Convert a numpy image to PIL, with precise errors for shapes, dtypes and ranges."""
    if arr.ndim == 3 and arr.shape[-1] == 1:
        arr = arr[..., 0]
    if arr.ndim not in (2, 3) or (arr.ndim == 3 and arr.shape[-1] not in (3, 4)):
        raise usage(argument, "an image array of shape HxW, HxWx1, HxWx3 or HxWx4", f"array of shape {arr.shape}")
    if arr.shape[0] == 0 or arr.shape[1] == 0:
        raise usage(argument, "a non-empty image", f"array of shape {arr.shape}")
    if np.issubdtype(arr.dtype, np.floating):
        if not np.all(np.isfinite(arr)):
            raise usage(argument, "finite pixel values", "an array containing NaN or inf")
        lo, hi = float(arr.min()), float(arr.max())
        if lo < 0.0 or hi > 1.0:
            raise usage(argument, "float pixels in [0, 1]", f"values in [{lo:.3g}, {hi:.3g}]")
        arr = np.round(arr * 255.0).astype(np.uint8)
    elif arr.dtype == np.uint16:
        arr = (arr // 257).astype(np.uint8)
    elif arr.dtype == np.bool_:
        arr = arr.astype(np.uint8) * 255
    elif arr.dtype != np.uint8:
        if np.issubdtype(arr.dtype, np.integer) and arr.min() >= 0 and arr.max() <= 255:
            arr = arr.astype(np.uint8)
        else:
            raise usage(argument, "uint8, uint16, bool or float pixels", f"dtype {arr.dtype}")
    return Image.fromarray(np.ascontiguousarray(arr))


def to_pil(obj: Any, argument: str = "image") -> Image.Image:
    """Any supported image -> PIL image in its own mode (L, RGB or RGBA)."""
    if isinstance(obj, GeneratedImage):
        obj = obj.image
    if isinstance(obj, Image.Image):
        img = obj
        if img.mode in ("I;16", "I;16B", "I;16L", "I"):
            img = array_to_pil(np.asarray(img).astype(np.uint16) if img.mode != "I" else np.clip(np.asarray(img), 0, 65535).astype(np.uint16), argument)
        elif img.mode == "F":
            img = array_to_pil(np.asarray(img), argument)
    elif isinstance(obj, np.ndarray):
        img = array_to_pil(obj, argument)
    elif type(obj).__module__.startswith("torch") and hasattr(obj, "detach"):
        img = array_to_pil(_tensor_to_numpy(obj), argument)
    else:
        raise usage(argument, _ACCEPTED, obj)
    if min(img.size) == 0:  # nothing to measure: every check would divide by zero or judge nothing
        raise usage(argument, "a non-empty image", f"{img.size[0]}x{img.size[1]} image")
    if max(img.size) > MAX_SIDE:
        raise usage(argument, f"an image at most {MAX_SIDE} px on a side", f"{img.size[0]}x{img.size[1]} image")
    if img.mode not in ("L", "RGB", "RGBA"):
        img = img.convert("RGBA" if "A" in img.mode else "RGB")
    return img


def to_rgb(obj: Any, argument: str = "image") -> Image.Image:
    img = to_pil(obj, argument)
    if img.mode == "RGBA":
        # Composite on white, the way a viewer shows it, so transparent areas do not read as black.
        background = Image.new("RGB", img.size, (255, 255, 255))
        background.paste(img, mask=img.getchannel("A"))
        return background
    return img.convert("RGB")


def _label(obj: Any, index: int) -> tuple[str, dict[str, Any]]:
    if isinstance(obj, GeneratedImage):
        return f"#{index} seed={obj.seed}", obj.describe()
    return f"#{index}", {}


def as_images(images: Any, argument: str = "images", *, min_count: int = 1) -> list[InputImage]:
    """One image or a sequence of them -> list of :class:`InputImage` (RGB), validated."""
    if isinstance(images, (GeneratedImage, Image.Image)) or (
        hasattr(images, "ndim") and getattr(images, "ndim", 0) in (2, 3)
    ):
        items: Sequence[Any] = [images]
    elif isinstance(images, GeneratedVideo):
        items = list(images.frames)
    elif hasattr(images, "ndim") and getattr(images, "ndim", 0) == 4:
        items = list(images)  # a batch NxHxWxC / NxCxHxW
    elif isinstance(images, (str, bytes)) or not isinstance(images, Iterable):
        raise usage(argument, f"one image or a sequence of images ({_ACCEPTED})", images)
    else:
        items = list(images)
    if len(items) < min_count:
        need = "at least one image" if min_count == 1 else f"at least {min_count} images"
        raise usage(argument, need, f"{len(items)} image(s)")
    out = []
    for i, obj in enumerate(items):
        pil = to_pil(obj, f"{argument}[{i}]")
        label, meta = _label(obj, i)
        out.append(InputImage(pil=to_rgb(pil) if pil.mode != "RGB" else pil, index=i, label=label, meta=meta, has_alpha=pil.mode == "RGBA"))
    return out

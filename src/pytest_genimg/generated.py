"""What a generation returns: the image (or frames) plus everything needed to reproduce it."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from PIL import Image


class _Provenance:
    """What both results share: how to name and describe the request that made them."""

    prompt: str
    seed: int
    params: dict[str, Any]
    model: str
    cached: bool
    negative_prompt: str | None
    replayed: dict[str, Any] | None
    mutation: str | None

    @property
    def label(self) -> str:
        return f"seed={self.seed}"

    def describe(self) -> dict[str, Any]:
        return {
            "prompt": self.prompt,
            "negative_prompt": self.negative_prompt,
            "seed": self.seed,
            "params": dict(self.params),
            "model": self.model,
            "cached": self.cached,
            **({"replayed": dict(self.replayed)} if self.replayed else {}),
            **({"mutation": self.mutation} if self.mutation else {}),  # --genimg-mutate: never a clean output
        }


@dataclass(eq=False)
class GeneratedImage(_Provenance):
    """A PIL image with its prompt, seed, parameters and the fingerprint of the model that made it.

    Attribute access falls through to the PIL image (``.size``, ``.save(...)``), so it can be used
    wherever an image is expected.
    """

    image: Image.Image
    prompt: str
    seed: int
    params: dict[str, Any] = field(default_factory=dict)
    model: str = ""
    cached: bool = False
    negative_prompt: str | None = None
    replayed: dict[str, Any] | None = None  # from the record/replay store: where and when it was recorded
    mutation: str | None = None

    def __getattr__(self, name: str) -> Any:
        if name == "image":  # not yet set (e.g. during unpickling)
            raise AttributeError(name)
        return getattr(self.image, name)


    def __repr__(self) -> str:
        return f"GeneratedImage(prompt={self.prompt[:40]!r}, seed={self.seed}, size={self.image.size}, model={self.model[:16]!r})"


@dataclass(eq=False)
class GeneratedVideo(_Provenance):
    """Frames of one generated clip, with the same provenance as :class:`GeneratedImage`."""

    frames: list[Image.Image]
    prompt: str
    seed: int
    params: dict[str, Any] = field(default_factory=dict)
    model: str = ""
    cached: bool = False
    negative_prompt: str | None = None
    replayed: dict[str, Any] | None = None  # from the record/replay store: where and when it was recorded
    fps: float = 8.0
    mutation: str | None = None

    def __len__(self) -> int:
        return len(self.frames)

    def __iter__(self):
        return iter(self.frames)

    def __getitem__(self, index: int) -> Image.Image:
        return self.frames[index]

    def describe(self) -> dict[str, Any]:
        return {**_Provenance.describe(self), "frames": len(self.frames)}

    def __repr__(self) -> str:
        return f"GeneratedVideo(prompt={self.prompt[:40]!r}, seed={self.seed}, frames={len(self.frames)})"

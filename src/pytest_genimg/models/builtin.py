"""Built-in tiny random-weight diffusers pipelines shipped inside the package (for plumbing, not semantics)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).resolve().parent / "data"
DEFAULT_BUILTIN = "tiny-sd"


@dataclass(frozen=True)
class BuiltinModel:
    """One saved pipeline under ``models/data/<name>``, loadable with ``DiffusionPipeline.from_pretrained``."""

    name: str
    family: str
    pipeline_class: str
    description: str
    default_steps: int
    default_size: int
    default_guidance: float
    is_video: bool = False
    default_frames: int | None = None
    # Keyword arguments this family's __call__ needs beyond the common ones (hashable pairs).
    extra_call_kwargs: tuple[tuple[str, Any], ...] = ()

    @property
    def path(self) -> Path:
        """The folder inside the installed package that holds the saved pipeline."""
        return DATA_DIR / self.name

    def call_kwargs(self) -> dict[str, Any]:
        """Default keyword arguments for ``pipe(prompt, **kwargs)``: steps, guidance, size, frames."""
        kwargs: dict[str, Any] = {
            "num_inference_steps": self.default_steps,
            "guidance_scale": self.default_guidance,
            "height": self.default_size,
            "width": self.default_size,
        }
        if self.is_video and self.default_frames is not None:
            kwargs["num_frames"] = self.default_frames
        kwargs.update(self.extra_call_kwargs)
        return kwargs


_NOTE = "random weights: noise-like output that barely depends on the prompt"

BUILTIN_MODELS: dict[str, BuiltinModel] = {
    m.name: m
    for m in (
        BuiltinModel(
            name="tiny-sd",
            family="sd",
            pipeline_class="StableDiffusionPipeline",
            description=f"SD-1.x shaped: CLIP text encoder, 2-level UNet (8/16 ch), VAE x8; {_NOTE}",
            default_steps=4,
            default_size=64,
            default_guidance=7.5,
        ),
        BuiltinModel(
            name="tiny-sdxl",
            family="sdxl",
            pipeline_class="StableDiffusionXLPipeline",
            description=f"SDXL shaped: two CLIP text encoders, text_time UNet (8/16 ch), VAE x8; {_NOTE}",
            default_steps=4,
            default_size=64,
            default_guidance=5.0,
        ),
        BuiltinModel(
            name="tiny-pixart",
            family="pixart",
            pipeline_class="PixArtAlphaPipeline",
            description=f"PixArt-alpha shaped: T5 text encoder, 2-layer DiT (patch 2), VAE x8; {_NOTE}",
            default_steps=4,
            default_size=64,
            default_guidance=4.5,
            # Binning would snap every size to the 256 px table; cleaning needs bs4 + ftfy.
            extra_call_kwargs=(("use_resolution_binning", False), ("clean_caption", False)),
        ),
        BuiltinModel(
            name="tiny-video",
            family="video",
            pipeline_class="AnimateDiffPipeline",
            description=f"AnimateDiff shaped: SD-1.x UNet with motion modules (8/16 ch), VAE x8; {_NOTE}",
            default_steps=4,
            default_size=64,
            default_guidance=7.5,
            is_video=True,
            default_frames=8,
        ),
    )
}


def get_builtin(name: str) -> BuiltinModel:
    """Return the built-in model called ``name`` or raise ValueError listing the known names."""
    try:
        return BUILTIN_MODELS[name]
    except KeyError:
        known = ", ".join(BUILTIN_MODELS)
        raise ValueError(f"unknown built-in model {name!r}; known: {known}") from None

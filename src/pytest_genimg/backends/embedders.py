"""Image (and text) embedders: a small Protocol, a transformers implementation for CLIP-style and
vision-only models (DINOv2 ...) loaded from a local folder or hub id, once per (model, device)."""
from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import numpy as np
from PIL import Image

from ..errors import GenImgUsageError, ModelLoadError, usage
from ..quiet import quiet_processor_fallback
from .registry import new_registry, require_module

ENV_CLIP_MODEL = "GENIMG_CLIP_MODEL"
CLIP_PREFIX = "clip:"
# Publicly released checkpoints (safetensors on the hub) this backend is meant for.
RECOMMENDED_CLIP = ("openai/clip-vit-large-patch14", "openai/clip-vit-base-patch32")

EMBEDDERS = new_registry("embedder")


@runtime_checkable
class ImageEmbedder(Protocol):
    """Anything that maps images to L2-normalised vectors (one row per image)."""

    def embed_images(self, images: Sequence[Image.Image]) -> np.ndarray: ...


@runtime_checkable
class TextImageEmbedder(ImageEmbedder, Protocol):
    """An embedder whose texts and images share one space (CLIP, SigLIP)."""

    def embed_texts(self, texts: Sequence[str]) -> np.ndarray: ...


def _l2(rows: np.ndarray) -> np.ndarray:
    rows = np.asarray(rows, dtype=np.float32)
    norms = np.linalg.norm(rows, axis=1, keepdims=True)
    return rows / np.maximum(norms, 1e-12)


def _offline() -> bool:
    return os.environ.get("HF_HUB_OFFLINE", "").strip().lower() in ("1", "true", "yes", "on")


def _features(out: Any) -> Any:
    """transformers 4 returns a tensor from get_*_features; 5 returns an output whose
    ``pooler_output`` holds the projected embeddings."""
    if hasattr(out, "detach"):
        return out
    for name in ("image_embeds", "text_embeds", "pooler_output"):
        value = getattr(out, name, None)
        if value is not None:
            return value
    return out.last_hidden_state[:, 0]


class TransformersEmbedder:
    """Embeddings from a transformers model; texts too when the model has a text tower.

    CLIP-style models (``get_image_features``) give their projected embeddings; vision backbones
    (DINOv2, ViT) give their pooled output (the normalised CLS token).
    """

    def __init__(self, model: Any, image_processor: Any, tokenizer: Any, *, name: str, device: str, batch_size: int = 16,
                 identity: dict[str, Any] | None = None) -> None:
        from ..evalcache import identity_digest

        # What the embeddings depend on (weights, device class, library versions): the evaluator
        # cache keeps image embeddings under it; None (an unidentified model) is never cached.
        self.identity = None if identity is None else identity_digest(identity)
        self.model = model
        self.image_processor = image_processor
        self.tokenizer = tokenizer
        self.name = name
        self.device = device
        self.batch_size = batch_size

    @property
    def has_text(self) -> bool:
        return self.tokenizer is not None and hasattr(self.model, "get_text_features")

    def embed_images(self, images: Sequence[Image.Image]) -> np.ndarray:
        from ..evalcache import cached_rows

        return cached_rows("embed", self.identity, list(images), self._embed_images)

    def _embed_images(self, images: Sequence[Image.Image]) -> np.ndarray:
        import torch

        rows = []
        for start in range(0, len(images), self.batch_size):
            batch = [img.convert("RGB") for img in images[start : start + self.batch_size]]
            pixels = self.image_processor(images=batch, return_tensors="pt")["pixel_values"].to(self.device)
            with torch.inference_mode():
                if hasattr(self.model, "get_image_features"):
                    feats = _features(self.model.get_image_features(pixel_values=pixels))
                else:
                    out = self.model(pixel_values=pixels)
                    feats = getattr(out, "pooler_output", None)
                    feats = out.last_hidden_state[:, 0] if feats is None else feats
            rows.append(feats.float().cpu().numpy())
        return _l2(np.concatenate(rows)) if rows else np.zeros((0, 0), np.float32)

    def embed_texts(self, texts: Sequence[str]) -> np.ndarray:
        import torch

        if not self.has_text:
            raise GenImgUsageError(f"model: {self.name} has no text encoder; use a CLIP-style model for text")
        limit = min(int(getattr(self.tokenizer, "model_max_length", 77) or 77), 512)
        rows = []
        for start in range(0, len(texts), self.batch_size):
            tokens = self.tokenizer(
                list(texts[start : start + self.batch_size]), padding=True, truncation=True, max_length=limit, return_tensors="pt"
            )
            tokens = {k: v.to(self.device) for k, v in tokens.items() if k in ("input_ids", "attention_mask")}
            with torch.inference_mode():
                feats = _features(self.model.get_text_features(**tokens))
            rows.append(feats.float().cpu().numpy())
        return _l2(np.concatenate(rows)) if rows else np.zeros((0, 0), np.float32)

    def close(self) -> None:
        self.model = None

    def __repr__(self) -> str:
        return f"TransformersEmbedder({self.name!r}, device={self.device!r})"


def _locate(spec: str) -> tuple[str, bool]:
    """(path or hub id, is_local)."""
    path = Path(spec).expanduser()
    if path.is_dir():
        return str(path.resolve()), True
    if spec.startswith((".", "/", "~")) or "\\" in spec or spec.count("/") > 1:
        raise ModelLoadError(f"model: {spec!r} looks like a folder but does not exist here (and is not a hub id 'org/name')")
    return spec, False


def _load(source: str, local: bool, device: str) -> TransformersEmbedder:
    require_module("transformers", "transformers", "image embeddings")
    import transformers

    quiet_processor_fallback()

    offline = local or _offline()
    kwargs: dict[str, Any] = {"local_files_only": offline}
    where = f"folder {source}" if local else f"hub id {source!r}" + (" (HF_HUB_OFFLINE is set: local cache only)" if offline else "")
    try:
        config = transformers.AutoConfig.from_pretrained(source, **kwargs)
        # safetensors only: never unpickle a checkpoint; remote code is never trusted.
        model = transformers.AutoModel.from_pretrained(source, use_safetensors=True, **kwargs)
        image_processor = transformers.AutoImageProcessor.from_pretrained(source, **kwargs)
    except Exception as exc:
        raise ModelLoadError(
            f"model: could not load an image embedder from {where}: {type(exc).__name__}: {str(exc)[:300]}\n"
            f"  expected a transformers checkpoint with config.json, model.safetensors and a preprocessor config; "
            f"CLIP checkpoints that work: {', '.join(RECOMMENDED_CLIP)}"
        ) from exc
    tokenizer = None
    if hasattr(model, "get_text_features"):
        try:
            tokenizer = transformers.AutoTokenizer.from_pretrained(source, **kwargs)
        except Exception as exc:
            raise ModelLoadError(f"model: {where} ({config.model_type}) has a text tower but its tokenizer did not load: {exc}") from exc
    model = model.to(device).eval()
    return TransformersEmbedder(model, image_processor, tokenizer, name=f"{config.model_type}:{source}", device=device,
                                identity=_identity(source, local, config, device))


def _identity(source: str, local: bool, config: Any, device: str) -> dict[str, Any] | None:
    """A local folder by the hash of its files; a hub model by the commit it was loaded from."""
    from importlib.metadata import version

    from ..models.fingerprint import folder_fingerprint

    weights = folder_fingerprint(Path(source)) if local else getattr(config, "_commit_hash", None)
    if not weights:
        return None
    return {"name": str(config.model_type), "weights": weights, "device": device.split(":")[0],
            "torch": version("torch"), "transformers": version("transformers")}


def _default_device() -> str:
    from ..device import resolve_device

    return resolve_device("auto")


def load_embedder(model: str, device: str | None = None) -> TransformersEmbedder:
    """Load (once per process, per model and device) the model at a folder or hub id.

    ``clip:<path>`` and a bare ``<path>`` mean the same; the architecture comes from its config.
    """
    if not isinstance(model, str) or not model.strip():
        raise usage("model", "a model folder or hub id (or 'clip:<path>')", model)
    spec = model.removeprefix(CLIP_PREFIX)
    source, local = _locate(spec.strip())
    dev = device or _default_device()
    key = f"{source}@{dev}"
    if key not in EMBEDDERS.names():
        try:
            EMBEDDERS.register(key, lambda: _load(source, local, dev), f"transformers embedder {source} on {dev}")
        except ValueError:  # registered meanwhile by another thread
            pass
    return EMBEDDERS.get(key)


def configured_clip_model() -> str | None:
    """The CLIP model named by the ``GENIMG_CLIP_MODEL`` environment variable, if any."""
    value = os.environ.get(ENV_CLIP_MODEL, "").strip()
    return value or None


def resolve_embedder(value: Any, argument: str = "model", *, need_text: bool = False, device: str | None = None) -> ImageEmbedder:
    """An embedder object, a folder / hub id / ``clip:<path>``, or None (then GENIMG_CLIP_MODEL)."""
    if value is None:
        value = configured_clip_model()
        if value is None:
            raise usage(
                argument,
                f"a CLIP model folder or hub id (e.g. {RECOMMENDED_CLIP[0]!r}), an embedder object, "
                f"or the {ENV_CLIP_MODEL} environment variable",
                None,
            )
    if isinstance(value, (str, os.PathLike)):
        embedder: Any = load_embedder(os.fspath(value), device)
        if need_text and not embedder.has_text:
            raise usage(argument, "a model with a text encoder (CLIP, SigLIP)", f"{embedder.name} (image-only)")
        return embedder
    protocol = TextImageEmbedder if need_text else ImageEmbedder
    if not isinstance(value, protocol):
        need = "embed_images() and embed_texts()" if need_text else "embed_images()"
        raise usage(argument, f"a model folder, hub id or an object with {need}", value)
    return value


def checked_embeddings(rows: Any, count: int, who: str) -> np.ndarray:
    """Validate an embedder's output (user embedders may return anything) and L2-normalise it."""
    arr = np.asarray(rows, dtype=np.float64)
    if arr.ndim != 2 or arr.shape[0] != count or arr.shape[1] == 0:
        raise GenImgUsageError(f"{who}: expected an array of shape ({count}, d), got shape {arr.shape}")
    if not np.all(np.isfinite(arr)):
        raise GenImgUsageError(f"{who}: returned NaN or inf")
    return _l2(arr).astype(np.float64)


class ZeroShotClassifier:
    """Image -> label by CLIP similarity to ``template.format(label)`` for each label."""

    def __init__(self, labels: Sequence[str], model: Any = None, *, template: str = "a photo of {}", device: str | None = None) -> None:
        labels = list(labels)
        if len(labels) < 2 or not all(isinstance(lbl, str) and lbl.strip() for lbl in labels):
            raise usage("labels", "at least two non-empty label strings", labels)
        if len(set(labels)) != len(labels):
            raise usage("labels", "distinct labels", labels)
        if "{}" not in template:
            raise usage("template", "a format string with '{}' for the label", template)
        self.labels = labels
        self.template = template
        self.embedder = resolve_embedder(model, "model", need_text=True, device=device)
        self._text = checked_embeddings(
            self.embedder.embed_texts([template.format(lbl) for lbl in labels]), len(labels), "embed_texts"  # type: ignore[attr-defined]
        )

    def scores(self, images: Sequence[Image.Image]) -> np.ndarray:
        """Cosine similarity of each image (rows) to each label's prompt (columns)."""
        emb = checked_embeddings(self.embedder.embed_images(list(images)), len(images), "embed_images")
        return emb @ self._text.T

    def classify(self, images: Sequence[Image.Image]) -> list[str]:
        return [self.labels[int(k)] for k in np.argmax(self.scores(images), axis=1)]

    def __call__(self, image: Image.Image) -> str:
        return self.classify([image])[0]

    def __repr__(self) -> str:
        return f"ZeroShotClassifier({self.labels!r}, template={self.template!r})"


def clip_zero_shot(labels: Sequence[str], model: Any = None, *, template: str = "a photo of {}", device: str | None = None) -> ZeroShotClassifier:
    """A zero-shot CLIP classifier over ``labels`` (model: folder, hub id, embedder, or None for
    GENIMG_CLIP_MODEL)."""
    return ZeroShotClassifier(labels, model, template=template, device=device)

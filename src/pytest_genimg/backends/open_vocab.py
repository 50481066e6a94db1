"""Open-vocabulary detectors (OWLv2, OWL-ViT, Grounding DINO) through transformers, for the objects
the offline ``people`` and ``faces`` detectors do not cover (``--genimg-detector``); loaded once per
process by :func:`pytest_genimg.backends.detectors.load_detector`."""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from PIL import Image

from ..errors import ModelLoadError
from ..metrics.composition import Detection
from .faces import as_rgb
from .registry import require_module

RECOMMENDED_DETECTORS = ("google/owlv2-base-patch16-ensemble", "IDEA-Research/grounding-dino-tiny")


class TransformersDetector:
    """An open-vocabulary detector (OWLv2, OWL-ViT, Grounding DINO) from transformers; ``threshold``
    is the box score a detection needs (OWL's scores are low: 0.1 is their usual cut)."""

    def __init__(self, model: Any, processor: Any, *, name: str, device: str, threshold: float = 0.1) -> None:
        self.model, self.processor = model, processor
        self.name, self.device, self.threshold = name, device, threshold

    def detect(self, rgb: np.ndarray, labels: Sequence[str]) -> list[Detection]:
        import torch

        labels = list(labels)
        image = Image.fromarray(as_rgb(rgb))
        grounded = "grounding" in self.name.lower()
        text: Any = ". ".join(labels) + "." if grounded else [[f"a photo of a {label}" for label in labels]]
        inputs = self.processor(text=text, images=image, return_tensors="pt").to(self.device)
        with torch.inference_mode():
            outputs = self.model(**inputs)
        # OWLv2 pads the image to a square at the bottom and right: its boxes are in the padded frame.
        side = max(image.height, image.width)
        sizes = [(side, side) if self.name.startswith("owlv2") else (image.height, image.width)]
        if grounded:
            post = self.processor.post_process_grounded_object_detection(
                outputs, inputs["input_ids"], threshold=self.threshold, target_sizes=sizes, text_labels=[labels])[0]
            names = [_closest_label(str(t), labels) for t in post.get("text_labels", post.get("labels", []))]
        else:
            post = self.processor.post_process_grounded_object_detection(outputs, threshold=self.threshold, target_sizes=sizes)[0]
            names = [labels[int(i)] for i in post["labels"]]
        found = []
        for name, box, score in zip(names, post["boxes"], post["scores"]):
            x0, y0, x1, y1 = (float(v) for v in box.tolist())
            clipped = (max(0.0, x0), max(0.0, y0), min(float(image.width), x1), min(float(image.height), y1))
            if clipped[2] > clipped[0] and clipped[3] > clipped[1]:
                found.append(Detection(name, clipped, float(score)))
        return found


def _closest_label(text: str, labels: Sequence[str]) -> str:
    return next((label for label in labels if label in text or text in label), labels[0])


def _load_transformers(spec: str, device: str, threshold: float) -> TransformersDetector:
    require_module("transformers", "transformers", "open-vocabulary detection")
    import transformers

    from .embedders import _locate, _offline

    source, local = _locate(spec)
    offline = local or _offline()
    kwargs: dict[str, Any] = {"local_files_only": offline}
    try:
        model = transformers.AutoModelForZeroShotObjectDetection.from_pretrained(source, use_safetensors=True, **kwargs)
        processor = transformers.AutoProcessor.from_pretrained(source, **kwargs)
    except Exception as exc:
        raise ModelLoadError(
            f"detector: could not load an open-vocabulary detector from {source!r}: {type(exc).__name__}: {str(exc)[:300]}\n"
            f"  expected a transformers zero-shot object detection checkpoint (safetensors), e.g. "
            f"{', '.join(RECOMMENDED_DETECTORS)}"
        ) from exc
    model_type = getattr(model.config, "model_type", "detector")
    return TransformersDetector(model.to(device).eval(), processor, name=f"{model_type}:{source}", device=device, threshold=threshold)

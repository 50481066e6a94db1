"""Tiny random-weight CLIP and DINOv2 checkpoints, saved to a folder at test time.

For plumbing only (loading, batching, shapes, normalisation, caching, messages): random weights
carry no meaning, so no test may rely on which image matches which text.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


def _bytes_to_unicode() -> list[str]:
    """The 256 printable characters GPT-2/CLIP byte-level BPE uses for raw bytes."""
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), ord("ÿ") + 1))
    cs = bs[:]
    extra = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + extra)
            extra += 1
    return [chr(c) for c in cs]


def make_tokenizer():
    """CLIPTokenizer from an in-memory byte vocabulary (no hub): see DESIGN.md."""
    from transformers import CLIPTokenizer

    chars = _bytes_to_unicode()
    merges = [("t", "h"), ("th", "e</w>"), ("a", "n"), ("i", "n")]
    pieces = chars + [c + "</w>" for c in chars] + ["".join(m) for m in merges] + ["<|startoftext|>", "<|endoftext|>"]
    return CLIPTokenizer(vocab={p: i for i, p in enumerate(pieces)}, merges=merges, model_max_length=77)


def build_tiny_clip(folder: Path) -> Path:
    """Save a 2-layer, 32-wide CLIP (16-d projection, 32 px input) with its processor to ``folder``."""
    import torch
    from transformers import CLIPConfig, CLIPModel, CLIPProcessor

    try:  # transformers 5 names the torchvision-free processor explicitly
        from transformers import CLIPImageProcessorPil as ImageProcessor
    except ImportError:
        from transformers import CLIPImageProcessor as ImageProcessor

    tokenizer = make_tokenizer()
    vocab = len(tokenizer)
    config = CLIPConfig(
        text_config={
            "vocab_size": vocab, "hidden_size": 32, "intermediate_size": 64, "num_attention_heads": 4, "num_hidden_layers": 2,
            "max_position_embeddings": 77, "bos_token_id": vocab - 2, "eos_token_id": vocab - 1, "pad_token_id": vocab - 1,
        },
        vision_config={
            "hidden_size": 32, "intermediate_size": 64, "num_attention_heads": 4, "num_hidden_layers": 2, "image_size": 32, "patch_size": 8,
        },
        projection_dim=16,
    )
    torch.manual_seed(0)
    model = CLIPModel(config).eval()
    processor = CLIPProcessor(image_processor=ImageProcessor(size={"shortest_edge": 32}, crop_size={"height": 32, "width": 32}), tokenizer=tokenizer)
    folder.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(folder, safe_serialization=True)
    processor.save_pretrained(folder)
    return folder


def build_tiny_dinov2(folder: Path) -> Path:
    """Save a 2-layer, 32-wide DINOv2 (vision only, 32 px input) with its image processor."""
    import torch
    from transformers import Dinov2Config, Dinov2Model

    try:
        from transformers import BitImageProcessorPil as ImageProcessor
    except ImportError:
        from transformers import BitImageProcessor as ImageProcessor

    torch.manual_seed(0)
    model = Dinov2Model(Dinov2Config(hidden_size=32, num_hidden_layers=2, num_attention_heads=4, intermediate_size=64, image_size=32, patch_size=8))
    folder.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(folder, safe_serialization=True)
    ImageProcessor(size={"shortest_edge": 32}, crop_size={"height": 32, "width": 32}).save_pretrained(folder)
    return folder


_BUILT: dict[str, str] = {}


def tiny_folder(kind: str, factory: pytest.TempPathFactory) -> str:
    """The folder of the tiny ``kind`` ("clip", "dinov2" or "owl") model, built once per session.

    Test modules wrap this in their own session fixture (importing a fixture would redefine it).
    """
    pytest.importorskip("transformers")
    if kind not in _BUILT:
        build = {"clip": build_tiny_clip, "dinov2": build_tiny_dinov2, "owl": build_tiny_owl}[kind]
        _BUILT[kind] = str(build(factory.mktemp(f"tiny-{kind}")))
    return _BUILT[kind]


def build_tiny_owl(folder: Path) -> Path:
    """Save a 2-layer, 32-wide OWL-ViT detector (32 px input) with its processor to ``folder``."""
    import torch
    from transformers import OwlViTConfig, OwlViTForObjectDetection, OwlViTProcessor

    try:
        from transformers import OwlViTImageProcessorPil as ImageProcessor
    except ImportError:
        from transformers import OwlViTImageProcessor as ImageProcessor

    tokenizer = make_tokenizer()
    tokenizer.model_max_length = 16
    vocab = len(tokenizer)
    config = OwlViTConfig(
        text_config={
            "vocab_size": vocab, "hidden_size": 32, "intermediate_size": 64, "num_attention_heads": 4, "num_hidden_layers": 2,
            "max_position_embeddings": 16, "bos_token_id": vocab - 2, "eos_token_id": vocab - 1, "pad_token_id": vocab - 1,
        },
        vision_config={
            "hidden_size": 32, "intermediate_size": 64, "num_attention_heads": 4, "num_hidden_layers": 2, "image_size": 32, "patch_size": 8,
        },
        projection_dim=32,  # OWL's box and class heads work in the vision width
    )
    torch.manual_seed(0)
    OwlViTForObjectDetection(config).eval().save_pretrained(folder)
    size = {"height": 32, "width": 32}
    OwlViTProcessor(image_processor=ImageProcessor(size=size, crop_size=size, do_center_crop=False), tokenizer=tokenizer).save_pretrained(folder)
    return folder

"""Rebuild the built-in tiny random-weight pipelines under src/pytest_genimg/models/data/."""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

# Nothing here may touch the network: everything is built from config dicts.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")

import torch

DATA_DIR = Path(__file__).resolve().parent.parent / "src" / "pytest_genimg" / "models" / "data"
SEED = 20261126
MAX_LENGTH = 77  # CLIP's context length; the pipelines pad prompts to it
T5_MAX_LENGTH = 120  # PixArt-alpha's default max_sequence_length

# Every printable ASCII character except space (spaces separate words in both tokenizers).
PRINTABLE = [chr(c) for c in range(33, 127)]

# ---------------------------------------------------------------------------------------------
# Tokenizers (built in memory: no hub, no sentencepiece model file)
# ---------------------------------------------------------------------------------------------


def _bytes_to_unicode() -> dict[int, str]:
    """GPT-2/CLIP byte -> printable unicode character table."""
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1))
    bs += list(range(ord("®"), ord("ÿ") + 1))
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return {b: chr(c) for b, c in zip(bs, cs, strict=True)}


# A few merges so the BPE model is not degenerate; each merged piece is added to the vocabulary.
_CLIP_MERGES: list[tuple[str, str]] = [
    ("t", "h"),
    ("th", "e</w>"),
    ("a", "n"),
    ("an", "d</w>"),
    ("i", "n"),
    ("o", "n</w>"),
    ("e", "r</w>"),
    ("a", "t</w>"),
]


def clip_vocab() -> tuple[dict[str, int], list[tuple[str, str]]]:
    """Byte-level vocabulary: every byte alone and with ``</w>``, the merges, the special tokens."""
    byte_chars = list(_bytes_to_unicode().values())
    pieces: list[str] = byte_chars + [c + "</w>" for c in byte_chars]
    pieces += ["".join(pair) for pair in _CLIP_MERGES]
    pieces += ["<|startoftext|>", "<|endoftext|>"]
    return {p: i for i, p in enumerate(pieces)}, list(_CLIP_MERGES)


def make_clip_tokenizer() -> Any:
    from transformers import CLIPTokenizer

    vocab, merges = clip_vocab()
    # transformers 5 takes merges as (left, right) tuples, though its annotation says list[str]
    return CLIPTokenizer(vocab=vocab, merges=merges, model_max_length=MAX_LENGTH)  # type: ignore[arg-type]


def make_t5_tokenizer() -> Any:
    from transformers import T5Tokenizer

    pieces: list[tuple[str, float]] = [("<pad>", 0.0), ("</s>", 0.0), ("<unk>", 0.0), ("\u2581", -2.0)]
    pieces += [("\u2581" + c, -3.0) for c in PRINTABLE]
    pieces += [(c, -4.0) for c in PRINTABLE]
    return T5Tokenizer(vocab=pieces, extra_ids=0, model_max_length=T5_MAX_LENGTH)


# ---------------------------------------------------------------------------------------------
# Shared components
# ---------------------------------------------------------------------------------------------


def _seeded(offset: int) -> None:
    torch.manual_seed(SEED + offset)


def make_clip_text_encoder(vocab_size: int, *, hidden: int = 32, projection: bool = False) -> Any:
    from transformers import CLIPTextConfig, CLIPTextModel, CLIPTextModelWithProjection

    config = CLIPTextConfig(
        bos_token_id=vocab_size - 2,
        eos_token_id=vocab_size - 1,
        pad_token_id=vocab_size - 1,
        hidden_size=hidden,
        intermediate_size=2 * hidden,
        projection_dim=hidden,
        num_attention_heads=4,
        num_hidden_layers=2,
        layer_norm_eps=1e-5,
        max_position_embeddings=MAX_LENGTH,
        vocab_size=vocab_size,
        hidden_act="gelu",
    )
    cls = CLIPTextModelWithProjection if projection else CLIPTextModel
    return cls(config)


def make_vae(latent_channels: int = 4) -> Any:
    """4 levels (scale factor 8, like the real SD VAE) with 4/8 channels."""
    from diffusers import AutoencoderKL

    return AutoencoderKL(
        in_channels=3,
        out_channels=3,
        down_block_types=("DownEncoderBlock2D",) * 4,
        up_block_types=("UpDecoderBlock2D",) * 4,
        block_out_channels=(4, 4, 8, 8),
        layers_per_block=1,
        latent_channels=latent_channels,
        norm_num_groups=2,
        sample_size=64,
    )


def make_ddim() -> Any:
    from diffusers import DDIMScheduler

    return DDIMScheduler(
        num_train_timesteps=1000,
        beta_start=0.00085,
        beta_end=0.012,
        beta_schedule="scaled_linear",
        clip_sample=False,
        set_alpha_to_one=False,
        steps_offset=1,
        timestep_spacing="trailing",
    )


# ---------------------------------------------------------------------------------------------
# Pipelines
# ---------------------------------------------------------------------------------------------


def build_tiny_sd() -> Any:
    from diffusers import StableDiffusionPipeline, UNet2DConditionModel

    tokenizer = make_clip_tokenizer()
    _seeded(1)
    unet = UNet2DConditionModel(
        sample_size=8,
        in_channels=4,
        out_channels=4,
        down_block_types=("CrossAttnDownBlock2D", "DownBlock2D"),
        up_block_types=("UpBlock2D", "CrossAttnUpBlock2D"),
        block_out_channels=(8, 16),
        layers_per_block=1,
        cross_attention_dim=32,
        attention_head_dim=4,
        norm_num_groups=4,
    )
    _seeded(2)
    vae = make_vae()
    _seeded(3)
    text_encoder = make_clip_text_encoder(len(tokenizer), hidden=32)
    return StableDiffusionPipeline(
        vae=vae,
        text_encoder=text_encoder,
        tokenizer=tokenizer,
        unet=unet,
        scheduler=make_ddim(),
        safety_checker=None,
        feature_extractor=None,
        image_encoder=None,
        requires_safety_checker=False,
    )


def build_tiny_sdxl() -> Any:
    from diffusers import StableDiffusionXLPipeline, UNet2DConditionModel

    tokenizer = make_clip_tokenizer()
    tokenizer_2 = make_clip_tokenizer()
    _seeded(11)
    unet = UNet2DConditionModel(
        sample_size=8,
        in_channels=4,
        out_channels=4,
        down_block_types=("DownBlock2D", "CrossAttnDownBlock2D"),
        up_block_types=("CrossAttnUpBlock2D", "UpBlock2D"),
        block_out_channels=(8, 16),
        layers_per_block=1,
        attention_head_dim=(2, 4),
        use_linear_projection=True,
        addition_embed_type="text_time",
        addition_time_embed_dim=8,
        transformer_layers_per_block=(1, 2),
        projection_class_embeddings_input_dim=6 * 8 + 32,  # 6 size/crop ids x 8 + pooled text (32)
        cross_attention_dim=32 + 32,  # both text encoders' hidden states, concatenated
        norm_num_groups=4,
    )
    _seeded(12)
    vae = make_vae()
    _seeded(13)
    text_encoder = make_clip_text_encoder(len(tokenizer), hidden=32)
    _seeded(14)
    text_encoder_2 = make_clip_text_encoder(len(tokenizer_2), hidden=32, projection=True)
    return StableDiffusionXLPipeline(
        vae=vae,
        text_encoder=text_encoder,
        text_encoder_2=text_encoder_2,
        tokenizer=tokenizer,
        tokenizer_2=tokenizer_2,
        unet=unet,
        scheduler=make_ddim(),
        image_encoder=None,
        feature_extractor=None,
        force_zeros_for_empty_prompt=True,
        add_watermarker=False,
    )


def build_tiny_pixart() -> Any:
    from diffusers import PixArtAlphaPipeline, PixArtTransformer2DModel
    from transformers import T5Config, T5EncoderModel

    tokenizer = make_t5_tokenizer()
    _seeded(21)
    transformer = PixArtTransformer2DModel(
        sample_size=8,
        num_layers=2,
        patch_size=2,
        attention_head_dim=8,
        num_attention_heads=2,
        caption_channels=32,
        in_channels=4,
        cross_attention_dim=16,
        out_channels=8,  # learned sigma: the scheduler drops the second half
        attention_bias=True,
        activation_fn="gelu-approximate",
        num_embeds_ada_norm=1000,
        norm_type="ada_norm_single",
        norm_elementwise_affine=False,
        norm_eps=1e-6,
    )
    _seeded(22)
    vae = make_vae()
    _seeded(23)
    t5_config = T5Config(
        vocab_size=len(tokenizer),
        d_model=32,
        d_kv=8,
        d_ff=64,
        num_layers=2,
        num_heads=4,
        relative_attention_num_buckets=8,
        relative_attention_max_distance=32,
        feed_forward_proj="gated-gelu",
        pad_token_id=0,
        eos_token_id=1,
    )
    text_encoder = T5EncoderModel(t5_config)
    return PixArtAlphaPipeline(
        tokenizer=tokenizer,
        text_encoder=text_encoder,
        vae=vae,
        transformer=transformer,
        scheduler=make_ddim(),
    )


def build_tiny_video() -> Any:
    from diffusers import AnimateDiffPipeline, MotionAdapter, UNet2DConditionModel, UNetMotionModel

    tokenizer = make_clip_tokenizer()
    _seeded(31)
    unet2d = UNet2DConditionModel(
        sample_size=8,
        in_channels=4,
        out_channels=4,
        down_block_types=("CrossAttnDownBlock2D", "DownBlock2D"),
        up_block_types=("UpBlock2D", "CrossAttnUpBlock2D"),
        block_out_channels=(8, 16),
        layers_per_block=1,
        cross_attention_dim=32,
        attention_head_dim=4,
        norm_num_groups=4,
    )
    _seeded(32)
    adapter = MotionAdapter(
        block_out_channels=(8, 16),
        motion_layers_per_block=1,
        motion_norm_num_groups=4,
        motion_num_attention_heads=2,
        motion_max_seq_length=32,
    )
    unet = UNetMotionModel.from_unet2d(unet2d, adapter)
    _seeded(33)
    vae = make_vae()
    _seeded(34)
    text_encoder = make_clip_text_encoder(len(tokenizer), hidden=32)
    # The adapter's weights now live inside the UNetMotionModel: save no separate copy.
    return AnimateDiffPipeline(
        vae=vae,
        text_encoder=text_encoder,
        tokenizer=tokenizer,
        unet=unet,
        motion_adapter=None,
        scheduler=make_ddim(),
        feature_extractor=None,
        image_encoder=None,
    )


BUILDERS: dict[str, Callable[[], Any]] = {
    "tiny-sd": build_tiny_sd,
    "tiny-sdxl": build_tiny_sdxl,
    "tiny-pixart": build_tiny_pixart,
    "tiny-video": build_tiny_video,
}


def _dir_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def build(name: str, out_root: Path = DATA_DIR) -> Path:
    """Build one pipeline with fixed-seed random weights and save it (replacing any old copy)."""
    pipe = BUILDERS[name]()
    target = out_root / name
    if target.exists():
        shutil.rmtree(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    pipe.save_pretrained(target, safe_serialization=True)
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("names", nargs="*", default=list(BUILDERS), help="models to build (default: all)")
    parser.add_argument("--out", type=Path, default=DATA_DIR, help="output folder (default: package data)")
    args = parser.parse_args(argv)
    unknown = [n for n in args.names if n not in BUILDERS]
    if unknown:
        parser.error(f"unknown model(s) {unknown}; known: {', '.join(BUILDERS)}")
    torch.set_num_threads(1)  # weight init is not thread-dependent, but keep it boring
    for name in args.names:
        target = build(name, args.out)
        print(f"{name}: {target} ({_dir_size(target) / 1024:.0f} KiB)")
    print(f"total: {_dir_size(args.out) / 1024:.0f} KiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())

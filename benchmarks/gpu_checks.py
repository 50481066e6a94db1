"""GPU checks on an SD-1.5-shaped pipeline with random weights, built from configs on the device.

Reports, on one run: (1) plugin overhead (genimg.generate vs the bare pipeline call) at 512 px fp16,
25 steps; (2) the latency helper against raw CUDA events on the same calls; (3) latency, memory,
energy and throughput budgets at batch 1 and 4; (4) the prefetch gain (the same 24 images at
batch 1 one by one, vs prefetched in batches of 4).

    python benchmarks/gpu_checks.py --out /tmp/sd15     # then: pytest ... --genimg-model=/tmp/sd15
"""
from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

import torch

from pytest_genimg.models.builtin import BUILTIN_MODELS


def build_sd15(out: Path) -> None:
    """UNet/VAE/CLIP with SD-1.5's shapes (random weights) and tiny-sd's in-memory tokenizer."""
    from diffusers import AutoencoderKL, DDIMScheduler, StableDiffusionPipeline, UNet2DConditionModel
    from transformers import CLIPTextConfig, CLIPTextModel, CLIPTokenizer

    tokenizer = CLIPTokenizer.from_pretrained(BUILTIN_MODELS["tiny-sd"].path / "tokenizer")
    torch.manual_seed(0)
    with torch.device("cuda"):
        unet = UNet2DConditionModel(
            sample_size=64, in_channels=4, out_channels=4, layers_per_block=2, cross_attention_dim=768,
            block_out_channels=(320, 640, 1280, 1280), attention_head_dim=8,
            down_block_types=("CrossAttnDownBlock2D",) * 3 + ("DownBlock2D",),
            up_block_types=("UpBlock2D",) + ("CrossAttnUpBlock2D",) * 3)
        vae = AutoencoderKL(in_channels=3, out_channels=3, latent_channels=4, block_out_channels=(128, 256, 512, 512),
                            layers_per_block=2, down_block_types=("DownEncoderBlock2D",) * 4,
                            up_block_types=("UpDecoderBlock2D",) * 4, sample_size=512)
        text = CLIPTextModel(CLIPTextConfig(vocab_size=len(tokenizer), hidden_size=768, intermediate_size=3072,
                                            num_hidden_layers=12, num_attention_heads=12, max_position_embeddings=77))
    scheduler = DDIMScheduler(beta_start=0.00085, beta_end=0.012, beta_schedule="scaled_linear", clip_sample=False,
                              set_alpha_to_one=False, steps_offset=1)
    pipe = StableDiffusionPipeline(vae=vae, text_encoder=text, tokenizer=tokenizer, unet=unet, scheduler=scheduler,
                                   safety_checker=None, feature_extractor=None, requires_safety_checker=False)
    pipe.to(torch.float16).save_pretrained(out, safe_serialization=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=Path("/tmp/sd15"))
    parser.add_argument("--n", type=int, default=6)
    parser.add_argument("--build-only", action="store_true")
    args = parser.parse_args()
    t0 = time.perf_counter()
    build_sd15(args.out)
    print(f"built SD-1.5-shaped pipeline in {time.perf_counter() - t0:.1f} s on {torch.cuda.get_device_name()}")
    if args.build_only:
        return

    from pytest_genimg.cache import GenerationCache
    from pytest_genimg.checks import performance as perf
    from pytest_genimg.generation import Generator
    from pytest_genimg.models.sources import load_model
    from pytest_genimg.settings import Settings

    model = load_model(str(args.out), device="cuda:0", dtype="float16")
    pipe = model.obj
    kw = dict(num_inference_steps=25, guidance_scale=7.5, height=512, width=512)
    g1 = Generator(model, Settings(batch_size=1, steps=25, size=(512, 512), guidance=7.5), None)
    g4 = Generator(model, Settings(batch_size=4, steps=25, size=(512, 512), guidance=7.5), None)

    def bare(seed: int, b: int = 1) -> None:
        pipe(prompt=["a red cube on a table"] * b, generator=[torch.Generator("cpu").manual_seed(seed + i) for i in range(b)],
             output_type="pil", **kw)

    def plugin(seed: int) -> None:
        g1.generate("a red cube on a table", seed=seed, cache=False)

    bare(0), plugin(0)
    rounds = []
    for r in range(2):
        t = {}
        for name, fn in (("bare", bare), ("plugin", plugin)) if r == 0 else (("plugin", plugin), ("bare", bare)):
            torch.cuda.synchronize()
            s = time.perf_counter()
            for i in range(args.n):
                fn(i)
            torch.cuda.synchronize()
            t[name] = (time.perf_counter() - s) / args.n
        rounds.append(t)
    b, p = statistics.mean(t["bare"] for t in rounds), statistics.mean(t["plugin"] for t in rounds)
    print(f"(1) overhead 512px fp16 25 steps: bare {b:.3f} s/img, genimg.generate {p:.3f} s/img, ratio {p / b:.4f}")

    events = []

    def timed_call() -> None:
        start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
        start.record()
        g1.generate("a cat", seed=1, cache=False)
        end.record()
        end.synchronize()
        events.append(start.elapsed_time(end) / 1000)

    lat = perf.measure_latency(timed_call, None, warmup=1, repeats=5, device="cuda:0")
    helper = lat.metrics["latency_median_s"]
    ev = statistics.median(events[1:])
    print(f"(2) latency helper median {helper:.4f} s vs CUDA events median {ev:.4f} s: ratio {helper / ev:.4f}")

    for batch, gen in ((1, g1), (4, g4)):
        def call() -> None:
            gen.generate("a cat", seeds=range(batch), cache=False)
        lat = perf.measure_latency(call, None, repeats=5, device="cuda:0")
        mem = perf.measure_memory(call, device="cuda:0")
        en = perf.measure_energy(call, repeats=2, device="cuda:0")
        thr = perf.measure_throughput(call, batch=batch, repeats=3, device="cuda:0")
        m = {**lat.metrics, **mem.metrics, **en.metrics, **thr.metrics}
        print(f"(3) batch {batch}: latency median {m['latency_median_s']:.3f} s p90 {m['latency_p90_s']:.3f} s "
              f"cv {m['latency_cv']:.3f}; peak {m['peak_memory_gib']:.2f} GiB; energy "
              f"{m.get('energy_j', float('nan')):.0f} J/call; throughput {m['throughput_ips']:.2f} img/s")

    import tempfile
    prompts = ["a portrait photo", "a red cube on a table", "a bowl of fruit"]
    with tempfile.TemporaryDirectory() as tmp:
        cold = Generator(model, Settings(batch_size=1, steps=25, size=(512, 512), guidance=7.5), GenerationCache(Path(tmp) / "a"))
        torch.cuda.synchronize(); s = time.perf_counter()
        for p_ in prompts:
            cold.generate(p_, seeds=range(8))
        torch.cuda.synchronize(); one = time.perf_counter() - s
        pre = Generator(model, Settings(batch_size=4, steps=25, size=(512, 512), guidance=7.5), GenerationCache(Path(tmp) / "b"))
        s = time.perf_counter()
        pre.prefetch(prompts, range(8))
        for p_ in prompts:
            pre.generate(p_, seeds=range(8))
        torch.cuda.synchronize(); batched = time.perf_counter() - s
    print(f"(4) 24 images: one by one {one:.1f} s ({one / 24:.3f} s/img); prefetched at batch 4 {batched:.1f} s "
          f"({batched / 24:.3f} s/img); gain {one / batched:.2f}x")


if __name__ == "__main__":
    main()

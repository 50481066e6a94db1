"""GPU checks on an SD-1.5-shaped pipeline with random weights, built from configs on the device.

Reports, on one run (``--sections`` picks some): (1) plugin overhead (genimg.generate vs the bare
pipeline call) at 512 px fp16, 25 steps; (2) the latency helper against raw CUDA events on the same
calls; (3) latency, memory, energy and throughput budgets at batch 1 and 4; (4) the prefetch gain
(the same 24 images at batch 1 one by one, vs prefetched in batches of 4); (5) a plan of 32 images
with OCR on each: generation alone, generation then the checks serially, and prefetch with the OCR
overlapped (issue 11: target (5iii) within 10% of (5i); ``--eval-workers`` times other pool sizes); (6) a 16-seed model-vs-model comparison,
the same weights at 25 vs 8 steps (issue 13); (7) two models on a card with room for one (the rest
taken by a filler tensor) through pytest's ``genimg_baseline``: they must take turns, never OOM.

    python benchmarks/gpu_checks.py --out /tmp/sd15     # then: pytest ... --genimg-model=/tmp/sd15
    python benchmarks/gpu_checks.py --device cpu --model tiny-sd --size 64 --steps 2 --n 1 --sections 5,6
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import torch

from pytest_genimg.models.builtin import BUILTIN_MODELS


def build_sd15(out: Path, seed: int = 0) -> None:
    """UNet/VAE/CLIP with SD-1.5's shapes (random weights) and tiny-sd's in-memory tokenizer."""
    from diffusers import AutoencoderKL, DDIMScheduler, StableDiffusionPipeline, UNet2DConditionModel
    from transformers import CLIPTextConfig, CLIPTextModel, CLIPTokenizer

    tokenizer = CLIPTokenizer.from_pretrained(BUILTIN_MODELS["tiny-sd"].path / "tokenizer")
    torch.manual_seed(seed)
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


def sync(device: str) -> None:
    if device.startswith("cuda"):
        torch.cuda.synchronize()


def overhead_and_budgets(model, args, sections: set[int]) -> None:
    """Sections 1-4 (the first round's figures)."""
    from pytest_genimg.cache import GenerationCache
    from pytest_genimg.checks import performance as perf
    from pytest_genimg.generation import Generator
    from pytest_genimg.settings import Settings

    pipe, dev = model.obj, args.device
    kw = dict(num_inference_steps=args.steps, guidance_scale=7.5, height=args.size, width=args.size)
    g1 = Generator(model, Settings(batch_size=1, steps=args.steps, size=(args.size, args.size), guidance=7.5), None)
    g4 = Generator(model, Settings(batch_size=4, steps=args.steps, size=(args.size, args.size), guidance=7.5), None)

    def bare(seed: int, b: int = 1) -> None:
        pipe(prompt=["a red cube on a table"] * b, generator=[torch.Generator("cpu").manual_seed(seed + i) for i in range(b)],
             output_type="pil", **kw)

    def plugin(seed: int) -> None:
        g1.generate("a red cube on a table", seed=seed, cache=False)

    if 1 in sections:
        bare(0), plugin(0)
        rounds = []
        for r in range(2):
            t = {}
            for name, fn in (("bare", bare), ("plugin", plugin)) if r == 0 else (("plugin", plugin), ("bare", bare)):
                sync(dev)
                s = time.perf_counter()
                for i in range(args.n):
                    fn(i)
                sync(dev)
                t[name] = (time.perf_counter() - s) / args.n
            rounds.append(t)
        b, p = statistics.mean(t["bare"] for t in rounds), statistics.mean(t["plugin"] for t in rounds)
        print(f"(1) overhead {args.size}px {model.dtype} {args.steps} steps: bare {b:.3f} s/img, genimg.generate {p:.3f} s/img, "
              f"ratio {p / b:.4f}", flush=True)

    if 2 in sections and dev.startswith("cuda"):
        events = []

        def timed_call() -> None:
            start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
            start.record()
            g1.generate("a cat", seed=1, cache=False)
            end.record()
            end.synchronize()
            events.append(start.elapsed_time(end) / 1000)

        lat = perf.measure_latency(timed_call, None, warmup=1, repeats=5, device=dev)
        helper = lat.metrics["latency_median_s"]
        ev = statistics.median(events[1:])
        print(f"(2) latency helper median {helper:.4f} s vs CUDA events median {ev:.4f} s: ratio {helper / ev:.4f}", flush=True)

    if 3 in sections:
        for batch, gen in ((1, g1), (4, g4)):
            def call() -> None:
                gen.generate("a cat", seeds=range(batch), cache=False)
            lat = perf.measure_latency(call, None, repeats=5, device=dev)
            mem = perf.measure_memory(call, device=dev)
            m = {**lat.metrics, **mem.metrics}
            if dev.startswith("cuda"):
                m.update(perf.measure_energy(call, repeats=2, device=dev).metrics)
            m.update(perf.measure_throughput(call, batch=batch, repeats=3, device=dev).metrics)
            print(f"(3) batch {batch}: latency median {m['latency_median_s']:.3f} s p90 {m['latency_p90_s']:.3f} s "
                  f"cv {m['latency_cv']:.3f}; peak {m.get('peak_memory_gib', float('nan')):.2f} GiB; energy "
                  f"{m.get('energy_j', float('nan')):.0f} J/call; throughput {m['throughput_ips']:.2f} img/s", flush=True)

    if 4 in sections:
        prompts = ["a portrait photo", "a red cube on a table", "a bowl of fruit"]
        with tempfile.TemporaryDirectory() as tmp:
            settings = Settings(batch_size=1, steps=args.steps, size=(args.size, args.size), guidance=7.5)
            cold = Generator(model, settings, GenerationCache(Path(tmp) / "a"))
            sync(dev); s = time.perf_counter()
            for p_ in prompts:
                cold.generate(p_, seeds=range(8))
            sync(dev); one = time.perf_counter() - s
            pre = Generator(model, Settings(batch_size=4, steps=args.steps, size=(args.size, args.size), guidance=7.5),
                            GenerationCache(Path(tmp) / "b"))
            s = time.perf_counter()
            pre.prefetch(prompts, range(8))
            for p_ in prompts:
                pre.generate(p_, seeds=range(8))
            sync(dev); batched = time.perf_counter() - s
        print(f"(4) 24 images: one by one {one:.1f} s ({one / 24:.3f} s/img); prefetched at batch 4 {batched:.1f} s "
              f"({batched / 24:.3f} s/img); gain {one / batched:.2f}x", flush=True)


SIGNS = ["OPEN", "SALE 50%", "EXIT", "HOTEL", "NO PARKING", "CAFE", "BAKERY", "PHARMACY"]


def overlapped_evaluation(model, args) -> None:
    """(5) 8 prompts x 4 seeds, batch 4, OCR on each image: (i) generation alone, (ii) generation then
    the checks one image after another, (iii) prefetch(evaluate=["ocr"]) then the checks (cache hits).
    Each variant starts from empty generation and evaluator caches; one untimed warm-up run (one prompt) first."""
    from pytest_genimg import evalcache
    from pytest_genimg.cache import GenerationCache
    from pytest_genimg.checks.text import measure_text_legible
    from pytest_genimg.evalpool import default_workers
    from pytest_genimg.generation import Generator
    from pytest_genimg.settings import Settings

    prompts = [f'a shop sign that says "{t}"' for t in SIGNS]
    seeds = range(4)
    settings = Settings(batch_size=4, steps=args.steps, size=(args.size, args.size), guidance=7.5)

    def run(variant: str, root: Path, prompts: list[str] = prompts, workers: int | None = None) -> tuple[float, float]:
        """(the whole variant, its generation part: prefetch, with the pool waited for) in seconds."""
        gen = Generator(model, settings, GenerationCache(root / "gen"))
        with evalcache.use(evalcache.EvalCache(root / "eval")):
            sync(args.device)
            s = time.perf_counter()
            gen.prefetch(prompts, seeds, evaluate=["ocr"] if variant == "iii" else (), workers=workers)
            sync(args.device)
            generated = time.perf_counter() - s
            if variant != "i":
                for prompt, text in zip(prompts, SIGNS):
                    measure_text_legible(gen.generate(prompt, seeds=seeds), expected=text)
            sync(args.device)
            return time.perf_counter() - s, generated

    with tempfile.TemporaryDirectory() as tmp:
        run("iii", Path(tmp) / "warm", prompts[:1])  # loads the OCR engines and warms the GPU kernels
        times = {v: run(v, Path(tmp) / v) for v in ("i", "ii", "iii")}
        swept: dict[int, tuple[float, float]] = {}
        for w in args.eval_workers:  # each size's engines built by its own warm-up, as a session's first prefetch
            run("iii", Path(tmp) / f"warm-{w}", prompts[:1], workers=w)
            swept[w] = run("iii", Path(tmp) / f"iii-{w}", workers=w)
    n = len(prompts) * len(seeds)
    (i, _), (ii, _), (iii, iii_gen) = times["i"], times["ii"], times["iii"]
    print(f"(5) {n} images at batch 4 with OCR on each ({os.cpu_count()} CPUs): (i) generation alone {i:.1f} s; "
          f"(ii) then the checks serially {ii:.1f} s ({ii / i:.2f}x); (iii) prefetch with overlapped OCR (default "
          f"workers={default_workers()}), then the checks {iii:.1f} s ({iii / i:.2f}x of (i); target <= 1.10x: "
          f"generation with the pool {iii_gen:.1f} s, the checks then {iii - iii_gen:.1f} s)"
          + "".join(f"; (iii) with workers={w}: {t:.1f} s ({t / i:.2f}x; {g:.1f} s + {t - g:.1f} s)"
                    for w, (t, g) in swept.items()), flush=True)


def model_comparison(model, args) -> None:
    """(6) The same weights at 25 vs 8 steps, 16 seeds each: generate both sides, measure detail on
    both, and run the paired comparison; the wall time of the whole comparison."""
    from pytest_genimg.checks.detail import measure_detail
    from pytest_genimg.compare.regression import measure_regression
    from pytest_genimg.generation import Generator
    from pytest_genimg.settings import Settings

    sides = {steps: Generator(model, Settings(batch_size=4, steps=steps, size=(args.size, args.size), guidance=7.5), None)
             for steps in (args.steps, max(1, round(args.steps * 8 / 25)))}
    sides[args.steps].generate("a lighthouse at dusk", seeds=range(4), cache=False)  # warm-up
    sync(args.device)
    s = time.perf_counter()
    results = {}
    for steps, gen in sides.items():
        t = time.perf_counter()
        images = gen.generate("a lighthouse at dusk", seeds=range(16), cache=False)
        sync(args.device)
        g = time.perf_counter() - t
        results[steps] = (measure_detail(images, min_effective_resolution=None, max_blur=None), g)
    (base, g_base), (cand, g_cand) = results.values()
    verdict = measure_regression(cand, base, metrics=["scale"], direction="higher", max_drop=0.0)
    total = time.perf_counter() - s
    print(f"(6) 16-seed comparison, {list(sides)[0]} vs {list(sides)[1]} steps: {total:.1f} s in all "
          f"(generation {g_base:.1f} s + {g_cand:.1f} s); verdict: {verdict.headline}", flush=True)


RESIDENCY_CONFTEST = """
import os

import torch


def pytest_configure(config):
    leave = int(float(os.environ["FILLER_LEAVE_GIB"]) * 2**30)
    free, _ = torch.cuda.mem_get_info()
    config.filler = torch.empty(max(0, free - leave), dtype=torch.uint8, device="cuda")
    if os.environ.get("OLD_RESIDENCY"):  # the residency before the first-load fix, for comparison
        from pytest_genimg.compare import residency as r

        def ensure(self, model):
            if not str(model.device).startswith("cuda") or not model.is_diffusers:
                return
            pipe = model.obj
            need = r.model_bytes(pipe) if id(model) in self.swapped else 0
            others = [m for m in self.models if m is not model and m.loaded and m.device == model.device
                      and id(m) not in self.swapped and m.is_diffusers]
            if others and self.free_bytes(model.device) < need + r.MARGIN_BYTES:
                self._swap_out(others, model.device)
            if id(model) in self.swapped:
                pipe.to(model.device)
                self.swapped.discard(id(model))

        r.Residency.ensure = ensure
"""

RESIDENCY_TEST = """
import torch

from pytest_genimg.compare.fixtures import RESIDENCY_KEY


def test_two_models_take_turns(genimg, genimg_baseline, request):
    for prompt in ("a cat", "a dog"):
        genimg.generate(prompt, seeds=range(2))
        genimg_baseline.generate(prompt, seeds=range(2))
    swaps = request.config.stash[RESIDENCY_KEY].swaps
    print(f"swaps={swaps} peak={torch.cuda.max_memory_allocated() / 2**30:.2f}GiB")
"""


def one_model_peak(model, args) -> float:
    """GiB allocated at the peak of one generation at --residency-batch (weights included)."""
    from pytest_genimg.generation import Generator
    from pytest_genimg.settings import Settings

    torch.cuda.reset_peak_memory_stats()
    settings = Settings(batch_size=args.residency_batch, steps=10, size=(args.size, args.size), guidance=7.5)
    Generator(model, settings, None).generate("a cat", seeds=range(args.residency_batch), cache=False)
    return torch.cuda.max_memory_allocated() / 2**30


def residency(args, peak: float) -> None:
    """(7) Two SD-1.5-shaped folders (other random weights) on a card with room for one model and
    its activations (one model's measured peak plus --room-gib), the rest taken by a filler tensor:
    pytest with genimg + genimg_baseline, before and after the first-load fix."""
    other = args.out.with_name(args.out.name + "-b")
    if not (other / "model_index.json").exists():
        build_sd15(other, seed=1)
    size = sum(f.stat().st_size for f in args.out.rglob("*.safetensors")) / 2**30
    leave = peak + args.room_gib
    with tempfile.TemporaryDirectory() as tmp:
        Path(tmp, "conftest.py").write_text(textwrap.dedent(RESIDENCY_CONFTEST))
        Path(tmp, "test_pair.py").write_text(textwrap.dedent(RESIDENCY_TEST))
        for label, env in (("before the fix", {"OLD_RESIDENCY": "1"}), ("after the fix", {})):
            cmd = [sys.executable, "-m", "pytest", "-q", "-s", "-p", "no:randomly", "-p", "no:cacheprovider",
                   f"--genimg-model={args.out}", f"--genimg-baseline-model={other}", f"--genimg-device={args.device}",
                   "--genimg-dtype=float16", "--genimg-steps=10", f"--genimg-size={args.size}",
                   f"--genimg-batch-size={args.residency_batch}", "--genimg-no-cache", "test_pair.py"]
            out = subprocess.run(cmd, cwd=tmp, capture_output=True, text=True,
                                 env={**os.environ, "FILLER_LEAVE_GIB": f"{leave:.2f}", **env})
            lines = [ln for ln in out.stdout.splitlines() if "swaps=" in ln or "passed" in ln or "failed" in ln
                     or "out of memory" in ln.lower() or "Error" in ln]
            print(f"(7) {label}: models {size:.2f} GiB each, one model's batch-{args.residency_batch} peak {peak:.2f} GiB, {leave:.2f} GiB "
                  f"left free: rc {out.returncode}; "
                  + " | ".join(ln.strip()[:300] for ln in lines[-4:]), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=Path("/tmp/sd15"))
    parser.add_argument("--model", default=None, help="use this model spec instead of building SD-1.5 at --out")
    parser.add_argument("--device", default="cuda:0")
    parser.add_argument("--dtype", default="float16")
    parser.add_argument("--size", type=int, default=512)
    parser.add_argument("--steps", type=int, default=25)
    parser.add_argument("--n", type=int, default=6)
    parser.add_argument("--room-gib", type=float, default=0.5, help="(7): free memory beside one model's peak")
    parser.add_argument("--residency-batch", type=int, default=1,
                        help="(7): batch size; at 1 one model's peak is under two models' weights, so a second "
                             "model loaded beside a resident one does not fit")
    parser.add_argument("--eval-workers", type=lambda v: [int(w) for w in v.split(",") if w], default=[],
                        help="(5): also time (iii) with these thread counts, e.g. 1,2,4 (default: the CPU count only)")
    parser.add_argument("--sections", default="1,2,3,4,5,6,7")
    parser.add_argument("--build-only", action="store_true")
    args = parser.parse_args()
    sections = {int(s) for s in args.sections.split(",")}
    if args.model is None:
        t0 = time.perf_counter()
        if not (args.out / "model_index.json").exists():
            build_sd15(args.out)
        print(f"built SD-1.5-shaped pipeline in {time.perf_counter() - t0:.1f} s on {torch.cuda.get_device_name()}", flush=True)
        if args.build_only:
            return

    from pytest_genimg.models.sources import load_model

    model = load_model(args.model or str(args.out), device=args.device, dtype=args.dtype)
    if sections & {1, 2, 3, 4}:
        overhead_and_budgets(model, args, sections)
    if 5 in sections:
        overlapped_evaluation(model, args)
    if 6 in sections:
        model_comparison(model, args)
    if 7 in sections and args.device.startswith("cuda"):
        peak = one_model_peak(model, args)
        del model
        import gc

        gc.collect()
        torch.cuda.empty_cache()
        residency(args, peak)


if __name__ == "__main__":
    main()

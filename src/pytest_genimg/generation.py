"""The Generator behind the ``genimg`` fixture: prompt x seeds -> cached, seeded, batched images."""
from __future__ import annotations

import importlib.metadata
import itertools
import math
import numbers
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Sequence

import numpy as np
from PIL import Image

from . import cachectl
from .cache import GenerationCache
from .cachekey import Uncacheable, cache_key
from .device import default_batch_size, free_cached_memory, memory_summary
from .errors import GenImgAssertionError, GenImgError, usage
from .generated import GeneratedImage, GeneratedVideo
from .models.loaded import LoadedModel
from .recording import record_generation
from .replay import RecordStore, StoreSession, live_refusal, note_replayed
from .settings import MAX_SIDE, Settings, parse_size

MAX_SEED = 2**63 - 1
MAX_SEEDS = 100_000  # per call: a typo like range(10**9) must not exhaust memory first


class GenerationOOMError(GenImgError):
    """CUDA ran out of memory during one test's generation; the session goes on."""


@dataclass(frozen=True)
class Params:
    steps: int | None
    size: tuple[int, int] | None
    guidance: float | None
    negative_prompt: str | None
    extra: tuple[tuple[str, Any], ...]

    def as_dict(self) -> dict[str, Any]:
        return {"steps": self.steps, "size": self.size, "guidance": self.guidance,
                "negative_prompt": self.negative_prompt, "extra": dict(self.extra)}


def _seeds(seed: Any, seeds: Any) -> tuple[list[int], bool]:
    if seed is not None and seeds is not None:
        raise usage("seed/seeds", "only one of seed= or seeds=", "both")
    if seeds is None:
        values, single = [0 if seed is None else seed], True
        argument = "seed"
    else:
        if isinstance(seeds, (str, bytes)) or not isinstance(seeds, Iterable):
            raise usage("seeds", "an iterable of integers, e.g. range(4)", seeds)
        values, single, argument = list(itertools.islice(seeds, MAX_SEEDS + 1)), False, "seeds"
        if not values:
            raise usage("seeds", "at least one seed", "an empty sequence")
        if len(values) > MAX_SEEDS:
            shown = f"{len(seeds):,} seeds" if hasattr(seeds, "__len__") else f"more than {MAX_SEEDS:,} seeds"
            raise usage("seeds", f"at most {MAX_SEEDS:,} seeds per call", shown)
    for value in values:
        if isinstance(value, bool) or not isinstance(value, numbers.Integral) or not 0 <= int(value) <= MAX_SEED:
            raise usage(argument, "integers in [0, 2**63-1]", value)
    return [int(v) for v in values], single


def _version(package: str) -> str:
    # From the installed metadata: a fully cached run then never imports torch.
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return "absent"


def _to_pil(array: np.ndarray) -> Image.Image:
    # The same rounding as diffusers' numpy_to_pil, so cached and fresh images match bit for bit.
    # NaN becomes 0 (black) as the cast would make it, without numpy's warning.
    return Image.fromarray((np.clip(np.nan_to_num(array, nan=0.0), 0.0, 1.0) * 255).round().astype("uint8"))


class Generator:
    """Seeded, cached generation over one loaded model. Every image gets its own generator."""

    def __init__(self, model: LoadedModel, settings: Settings, cache: GenerationCache | None,
                 store: RecordStore | None = None, mutation: Any = None) -> None:
        self.model = model
        self.settings = settings
        self.cache = cache
        self.store = store  # the record/replay store, used by --genimg-record-mode none/all/new
        self.batch_size = settings.batch_size or default_batch_size(model.device)
        self.mutation = mutation  # a pytest_genimg.mutate.Mutation (--genimg-mutate), or None

    @property
    def model_id(self) -> str:
        return self.model.fingerprint or f"uncached:{self.model.spec}"

    @property
    def device(self) -> str:
        return self.model.device

    def __repr__(self) -> str:
        mutated = "" if self.mutation is None else f", mutation={self.mutation.label!r}"
        return f"Generator(model={self.model.spec!r}, device={self.device!r}, dtype={self.model.dtype!r}{mutated})"

    def params(self, steps: Any = None, size: Any = None, guidance: Any = None,
               negative_prompt: Any = None, extra: dict[str, Any] | None = None) -> Params:
        defaults = self.model.defaults
        if steps is not None and (isinstance(steps, bool) or not isinstance(steps, numbers.Integral) or steps < 1):
            raise usage("steps", "an integer >= 1", steps)
        if size is not None:
            try:
                size = parse_size(size)
            except Exception:  # noqa: BLE001 - argparse wording is for the command line
                raise usage("size", f"a positive multiple of 8, or (width, height) multiples of 8, at most {MAX_SIDE} px", size) from None
        if guidance is not None and (isinstance(guidance, bool) or not isinstance(guidance, numbers.Real)
                                     or not math.isfinite(guidance) or not guidance >= 0):
            raise usage("guidance", "a finite number >= 0", guidance)
        if negative_prompt is not None and not isinstance(negative_prompt, str):
            raise usage("negative_prompt", "a string or None", negative_prompt)
        merged = {**defaults.get("extra", {}), **(extra or {})}
        if self.model.is_video and "num_frames" not in merged and defaults.get("frames"):
            merged["num_frames"] = defaults["frames"]
        return Params(
            steps=int(steps) if steps is not None else (self.settings.steps or defaults.get("steps")),
            size=size or self.settings.size or defaults.get("size"),
            guidance=float(guidance) if guidance is not None else (
                self.settings.guidance if self.settings.guidance is not None else defaults.get("guidance")),
            negative_prompt=negative_prompt,
            extra=tuple(sorted(merged.items())),
        )

    def generate(self, prompt: str, *, seed: int | None = None, seeds: Iterable[int] | None = None,
                 negative_prompt: str | None = None, steps: int | None = None, size: Any = None,
                 guidance: float | None = None, cache: bool = True, **pipeline_kwargs: Any) -> Any:
        """Generate ``prompt`` for ``seed`` (one result) or ``seeds`` (a list, in seed order)."""
        if not isinstance(prompt, str):
            raise usage("prompt", "a string", prompt)
        seed_list, single = _seeds(seed, seeds)
        params = self.params(steps, size, guidance, negative_prompt, pipeline_kwargs)
        results = self._run([(prompt, s) for s in seed_list], params, use_cache=cache)
        return results[0] if single else results

    def prefetch(self, prompts: Sequence[str], seeds: Iterable[int], *, evaluate: Sequence[str] = (),
                 workers: int | None = None, **kwargs: Any) -> int:
        """Generate every prompt x seed now, in full batches across prompts; later calls hit the cache.

        ``evaluate`` names engines (``"ocr"``, ``"pose"``, or ``"ocr:<backend>"``) that read each finished batch in a pool of
        ``workers`` threads (default: the CPU count, at most 4) while the next batch generates, filling the
        evaluator cache so the checks that follow find their raw outputs ready. Returns how many
        images were generated (the rest were already cached or replayed).
        """
        seed_list, _ = _seeds(None, seeds)
        params = self.params(kwargs.pop("steps", None), kwargs.pop("size", None), kwargs.pop("guidance", None),
                             kwargs.pop("negative_prompt", None), kwargs)
        from .evalpool import EvaluationPool

        generated = 0
        with EvaluationPool(evaluate, workers=workers) as pool:
            def on_batch(items: list[Any]) -> None:
                nonlocal generated
                generated += sum(not item.cached for item in items)
                pool.submit(items)

            self._run([(p, s) for p in prompts for s in seed_list], params, use_cache=True, record=False,
                      on_batch=on_batch, partial_ok=True)
        return generated

    # -- internals -----------------------------------------------------------------------------
    def _keys(self, requests: list[tuple[str, int]], params: Params) -> list[str | None]:
        """One key per request; None for all when an input cannot be keyed (generate uncached, never stale)."""
        live = self.model.live_signature() if self.model.fingerprint is not None else None
        if live is None:
            return [None] * len(requests)
        common = {"model": self.model.fingerprint, **live, **params.as_dict(), "dtype": self.model.dtype,
                  "device": self.model.device.split(":")[0], "torch": _version("torch"),
                  "diffusers": _version("diffusers"), "transformers": _version("transformers"),
                  **(self.mutation.cache_fields() if self.mutation is not None else {})}
        try:
            return [cache_key({**common, "prompt": prompt, "seed": seed}) for prompt, seed in requests]
        except Uncacheable:
            return [None] * len(requests)

    def _run(self, requests: list[tuple[str, int]], params: Params, *, use_cache: bool, record: bool = True,
             on_batch: Callable[[list[Any]], None] | None = None, partial_ok: bool = False) -> list[Any]:
        live = not use_cache or cachectl.cache_bypassed()
        cache = None if live else self.cache
        asked = requests
        if self.mutation is not None:  # prompt/seed mutations: the key names what is really generated
            requests = self.mutation.requests(requests, self.model.is_video, count=record)
        out: list[Any] = [None] * len(requests)
        store = self._store_session(live)
        if store is not None:
            for i, (prompt, seed) in enumerate(requests):
                hit = store.replay(prompt, seed, params.as_dict())
                if hit is not None:
                    if self.settings.check_outputs:  # recorded by a run without the check
                        self._check([_frames_array(hit[0])], [(prompt, seed)], " (replayed from the record store)")
                    out[i] = self._wrap(hit[0], prompt, seed, params, cached=True, replayed=hit[1])
            if store.mode == "none" and any(item is None for item in out):
                if not partial_ok:
                    store.fail_missing([r for r, item in zip(requests, out) if item is None], params.as_dict())
                if on_batch is not None:  # a prefetch: what is missing fails later, in its own test
                    on_batch([item for item in out if item is not None])
                return out
        keys = self._keys(requests, params) if cache else [None] * len(requests)
        reads = cache if (store is None or store.reads_generation_cache) else None
        todo = []
        for i, (key, (prompt, seed)) in enumerate(zip(keys, requests)):
            if out[i] is not None:
                continue
            hit = reads.get(key) if (reads and key) else None
            if hit is not None:
                if self.settings.check_outputs:  # a broken image cached by a run without the check
                    self._check([_frames_array(hit[0])], [(prompt, seed)], " (served from the generation cache)")
                out[i] = self._wrap(hit[0], prompt, seed, params, cached=True)
                if store is not None:
                    store.record(prompt, seed, params.as_dict(), hit[0])
            else:
                todo.append(i)
        if on_batch is not None and len(todo) < len(out):
            on_batch([item for item in out if item is not None])
        for start in range(0, len(todo), self.batch_size):
            batch = todo[start:start + self.batch_size]
            frames_per_item = self._call([requests[i] for i in batch], params)
            for i, frames in zip(batch, frames_per_item):
                prompt, seed = requests[i]
                if cache and keys[i]:
                    cache.put(keys[i], frames, {"prompt": prompt, "seed": seed, "model": self.model.spec})
                if store is not None:
                    store.record(prompt, seed, params.as_dict(), frames)
                out[i] = self._wrap(frames, prompt, seed, params, cached=False)
            if on_batch is not None:
                on_batch([out[i] for i in batch])
        if self.mutation is not None and record:  # after the cache: mutated pixels are never stored
            out = self.mutation.outputs(out, asked, self._check if self.settings.check_outputs else None)
        if record:
            for item in out:
                record_generation({**item.describe(), "model_spec": self.model.spec, "model_source": self.model.source})
            note_replayed(out)
        return out

    def _store_session(self, live: bool) -> StoreSession | None:
        mode = self.settings.record_mode
        if self.store is None or mode == "auto":
            return None
        # A mutation that changes the pipeline call generates what no recording (keyed without it) holds.
        changed = self.mutation is not None and bool(self.mutation.cache_fields())
        if (live or changed) and mode == "none":
            import pytest

            pytest.skip(live_refusal("a generation with the cache bypassed (cache=False or a timed check)" if live
                                     else f"--genimg-mutate={self.mutation.label} (it changes the pipeline call)"))
        if live or changed:
            return None  # a timed or reproducibility call measures the model, never the store
        return StoreSession(self.store, self.model, mode, self.settings.revision, _version)

    def _wrap(self, frames: list[Image.Image], prompt: str, seed: int, params: Params, *, cached: bool,
              replayed: dict[str, Any] | None = None) -> Any:
        common = dict(prompt=prompt, seed=seed, params=params.as_dict(), model=self.model_id,
                      cached=cached, negative_prompt=params.negative_prompt, replayed=replayed)
        if self.model.is_video:
            return GeneratedVideo(frames=frames, **common)
        return GeneratedImage(image=frames[0], **common)

    def _call(self, batch: list[tuple[str, int]], params: Params) -> list[list[Image.Image]]:
        if self.mutation is not None:
            self.mutation.before_call(len(batch))
        if not self.model.is_diffusers:
            results = [self._call_external(prompt, seed, params) for prompt, seed in batch]
            if self.settings.check_outputs:
                self._check([_frames_array(r) for r in results], batch)
            return results
        import torch

        kwargs: dict[str, Any] = dict(params.extra)
        kwargs["prompt"] = [p for p, _ in batch]
        if params.negative_prompt is not None:
            kwargs["negative_prompt"] = [params.negative_prompt] * len(batch)
        if params.steps is not None:
            kwargs["num_inference_steps"] = params.steps
        if params.guidance is not None:
            kwargs["guidance_scale"] = params.guidance
        if params.size is not None:
            kwargs["width"], kwargs["height"] = params.size
        kwargs["generator"] = [torch.Generator("cpu").manual_seed(s) for _, s in batch]
        kwargs["output_type"] = "np"
        pipe = self.model.obj  # loaded outside inference mode: its weights stay ordinary tensors
        try:
            with torch.inference_mode():
                output = pipe(**kwargs)
        except torch.cuda.OutOfMemoryError:
            free_cached_memory(self.device)
            w, h = params.size or ("default", "default")
            raise GenerationOOMError(
                f"CUDA out of memory generating {len(batch)} image(s) of {w}x{h} px, {params.steps} steps, "
                f"dtype {self.model.dtype} with {self.model.spec!r}: {memory_summary(self.device)}. "
                f"Cached memory was freed; lower --genimg-batch-size or the size."
            ) from None
        arrays = output.frames if self.model.is_video else output.images
        arrays = [np.asarray(a) for a in arrays]
        if self.settings.check_outputs:
            self._check(arrays, batch)
        if self.model.is_video:
            return [[_to_pil(f) for f in a] for a in arrays]
        return [[_to_pil(a)] for a in arrays]

    def _call_external(self, prompt: str, seed: int, params: Params) -> list[Image.Image]:
        kwargs = {k: v for k, v in (("negative_prompt", params.negative_prompt), ("steps", params.steps),
                                    ("size", params.size), ("guidance", params.guidance)) if v is not None}
        result = self.model.obj.generate(prompt, seed=seed, **kwargs, **dict(params.extra))
        from .images import to_rgb

        if isinstance(result, GeneratedVideo):
            return list(result.frames)
        if isinstance(result, (list, tuple)):
            return [to_rgb(f, "generate() result") for f in result]
        return [to_rgb(result, "generate() result")]

    def _check(self, arrays: list[np.ndarray], batch: list[tuple[str, int]], where: str = "") -> None:
        __tracebackhide__ = True
        from .metrics.validity import output_problems

        for array, (prompt, seed) in zip(arrays, batch):
            problems = output_problems(array)
            if problems:
                raise GenImgAssertionError(
                    f"--genimg-check-outputs: broken output for prompt {prompt[:60]!r} seed={seed}{where}: "
                    + "; ".join(problems)
                )


def _frames_array(frames: list[Image.Image]) -> np.ndarray:
    """One image as HxWxC, a clip as FxHxWxC (which the output check reads frame by frame)."""
    arrays = [np.asarray(f) for f in frames]
    return arrays[0] if len(arrays) == 1 else np.stack(arrays)

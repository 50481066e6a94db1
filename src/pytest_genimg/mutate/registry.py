"""The mutator registry and the active mutation: a known degradation applied to what the model returns.

A :class:`Mutator` names a degradation and up to three stages, each optional: ``request`` changes the
(prompt, seed) asked of the model before the cache is consulted (the key then holds what was really
generated), ``output`` changes the returned pixels after the cache (so mutated pixels are never
stored and clean cached generations are mutated without regenerating), and ``before_call`` runs
before each pipeline call (latency). :class:`Mutation` is one mutator at one strength, with counts of
what it changed, so a run where it changed nothing is reported as not applicable.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from typing import Any, Callable, Sequence

import numpy as np
from PIL import Image

from ..errors import usage

# What test modules declare with ``pytestmark = pytest.mark.limitation("...")``; each mutator names
# the limitations whose tests should catch it.
LIMITATIONS = (
    "text", "diversity", "anatomy", "compute", "detail", "flicker", "reproducibility", "robustness",
    "memorization", "watermark", "validity", "safety", "alignment", "balance", "upkeep", "composition",
)

Frames = list  # of HxWx3 arrays: uint8, or float in [0, 1] (NaN allowed) for a broken decode


@dataclass(frozen=True)
class Context:
    """What an output or request stage knows about the image it changes."""

    prompt: str
    seed: int
    is_video: bool
    strength: float | None
    rng: np.random.Generator
    first_seed: int  # the first seed asked for this prompt in the same generate() call

    def chosen(self, share: float) -> bool:
        """Whether this seed falls in a deterministic ``share`` of seeds (stable across runs)."""
        return share >= 1.0 or _unit(f"share|{self.prompt}|{self.seed}") < share


@dataclass(frozen=True)
class Mutator:
    """A named degradation. ``default``/``low``/``high``: strength and its inclusive range (None: takes none)."""

    name: str
    description: str
    limitations: tuple[str, ...]
    default: float | None = None
    low: float | None = None
    high: float | None = None
    unit: str = ""
    integer: bool = False
    media: tuple[str, ...] = ("image", "video")
    output: Callable[[Frames, Context], Frames] | None = None
    request: Callable[[str, int, Context], tuple[str, int]] | None = None
    before_call: Callable[[int, float | None], None] | None = None
    changes_pipeline: bool = False  # a before_call that alters pixels: then the cache key holds the mutation

    @property
    def strength_range(self) -> str:
        return f"[{self.low:g}, {self.high:g}]" + (f" {self.unit}" if self.unit else "")


_MUTATORS: dict[str, Mutator] = {}


def register_mutator(mutator: Mutator, *, replace: bool = False) -> Mutator:
    """Add a mutator (a conftest.py may register its own); ``replace=True`` to override a name."""
    if not re.fullmatch(r"[a-z][a-z0-9_]*", mutator.name):
        raise usage("mutator name", "lower-case letters, digits and underscores", mutator.name)
    if mutator.name in _MUTATORS and not replace:
        raise ValueError(f"mutator {mutator.name!r} is already registered (pass replace=True)")
    unknown = sorted(set(mutator.limitations) - set(LIMITATIONS))
    if unknown:
        raise usage("limitations", "names from " + ", ".join(LIMITATIONS), unknown)
    _MUTATORS[mutator.name] = mutator
    return mutator


def mutator_names() -> list[str]:
    _load_builtin()
    return sorted(_MUTATORS)


def get_mutator(name: str) -> Mutator:
    _load_builtin()
    if name not in _MUTATORS:
        raise usage("mutation", "one of " + ", ".join(sorted(_MUTATORS)), name)
    return _MUTATORS[name]


def _load_builtin() -> None:
    from . import mutators  # noqa: F401 - registers the built-in mutators on import


SPEC = re.compile(r"^\s*([a-z][a-z0-9_]*)\s*(?::\s*([^\s:]+)\s*)?$")  # settings.parse_mutate_spec: the same shape


def parse_mutation(text: str) -> "Mutation":
    """``blur``, ``blur:2.5``: an unknown name lists the known ones; a strength out of range names the range."""
    match = SPEC.match(str(text))
    if not match:
        raise usage("--genimg-mutate", "NAME or NAME:STRENGTH, e.g. blur or blur:2.5", text)
    mutator = get_mutator(match.group(1))
    raw = match.group(2)
    if raw is None:
        return Mutation(mutator, mutator.default)
    if mutator.default is None:
        raise usage(f"--genimg-mutate={mutator.name}", "no strength (this mutation takes none)", raw)
    try:
        value = float(raw)
    except ValueError:
        raise usage(f"{mutator.name} strength", f"a number in {mutator.strength_range}", raw) from None
    assert mutator.low is not None and mutator.high is not None
    if not mutator.low <= value <= mutator.high or (mutator.integer and value != int(value)):
        kind = "an integer" if mutator.integer else "a number"
        raise usage(f"{mutator.name} strength", f"{kind} in {mutator.strength_range}", raw)
    return Mutation(mutator, value)


def _unit(text: str) -> float:
    return int(hashlib.sha256(text.encode()).hexdigest()[:13], 16) / 16**13


def _rng(*parts: Any) -> np.random.Generator:
    digest = hashlib.sha256("|".join(map(str, parts)).encode()).digest()
    return np.random.default_rng(int.from_bytes(digest[:8], "little"))


def to_pil(array: np.ndarray) -> Image.Image:
    """A uint8 array as it is; a float one as the pipeline's conversion makes it (NaN becomes 0: black)."""
    if array.dtype == np.uint8:
        return Image.fromarray(array)
    with np.errstate(invalid="ignore"):
        return Image.fromarray(np.nan_to_num(np.clip(array, 0.0, 1.0) * 255, nan=0.0).round().astype("uint8"))


@dataclass
class Mutation:
    """One mutator at one strength, as wrapped around a session's generations; counts what it changed."""

    mutator: Mutator
    strength: float | None
    stats: dict[str, int] = field(default_factory=lambda: {"outputs": 0, "changed": 0, "requests_changed": 0, "calls": 0})

    @property
    def label(self) -> str:
        if self.strength is None:
            return self.mutator.name
        return f"{self.mutator.name}:{int(self.strength) if self.strength == int(self.strength) else self.strength:g}"

    def cache_fields(self) -> dict[str, str]:
        return {"mutation": self.label} if self.mutator.changes_pipeline else {}

    def _context(self, prompt: str, seed: int, first: int, is_video: bool) -> Context:
        return Context(prompt, seed, is_video, self.strength, _rng(self.label, prompt, seed), first)

    def requests(self, requests: Sequence[tuple[str, int]], is_video: bool = False,
                 count: bool = True) -> list[tuple[str, int]]:
        """The (prompt, seed) pairs the model is really asked for. ``count=False`` (a prefetch, which the
        tests' own calls repeat) leaves ``stats`` alone, so no request is counted twice."""
        if self.mutator.request is None or not self._applies(is_video):
            return list(requests)
        first: dict[str, int] = {}
        out = []
        for prompt, seed in requests:
            first.setdefault(prompt, seed)
            served = self.mutator.request(prompt, seed, self._context(prompt, seed, first[prompt], is_video))
            self.stats["requests_changed"] += count and served != (prompt, seed)
            out.append(served)
        return out

    def outputs(self, items: list[Any], asked: Sequence[tuple[str, int]],
                check: Callable[[list[np.ndarray], list[tuple[str, int]]], None] | None = None) -> list[Any]:
        """Mutate generated results in place; each again names the prompt and seed that was asked for."""
        first: dict[str, int] = {}
        for item, (prompt, seed) in zip(items, asked):
            first.setdefault(prompt, seed)
            item.prompt, item.seed = prompt, seed
            item.mutation = self.label  # in describe(): every record of it names the mutation
            is_video = hasattr(item, "frames")
            if self.mutator.output is None or not self._applies(is_video):
                continue
            frames = [np.asarray(f.convert("RGB")) for f in (item.frames if is_video else [item.image])]
            mutated = self.mutator.output(frames, self._context(prompt, seed, first[prompt], is_video))
            self.stats["outputs"] += 1
            if all(m.dtype == f.dtype and np.array_equal(m, f) for m, f in zip(mutated, frames)):
                continue
            self.stats["changed"] += 1
            if check is not None:  # --genimg-check-outputs judges what the mutated pipeline "returned"
                unit = [m.astype(np.float32) / 255 if m.dtype == np.uint8 else m for m in mutated]
                check([np.stack(unit) if is_video else unit[0]], [(prompt, seed)])
            pil = [to_pil(m) for m in mutated]
            if is_video:
                item.frames = pil
            else:
                item.image = pil[0]
        return items

    def before_call(self, count: int) -> None:
        if self.mutator.before_call is not None:
            self.stats["calls"] += 1
            self.mutator.before_call(count, self.strength)

    def _applies(self, is_video: bool) -> bool:
        return ("video" if is_video else "image") in self.mutator.media

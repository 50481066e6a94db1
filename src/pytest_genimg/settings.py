"""The plugin's options: parsed and validated once, resolved marker > command line > ini > default."""
from __future__ import annotations

import argparse
import dataclasses
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

DTYPES = {
    "auto": "auto", "float32": "float32", "fp32": "float32", "float16": "float16", "fp16": "float16",
    "half": "float16", "bfloat16": "bfloat16", "bf16": "bfloat16",
}
_DEVICE = re.compile(r"^(auto|cpu|mps|cuda(:\d+)?)$")
MAX_SIDE = 16384  # px per side: the largest image any check accepts, so the largest worth generating
HASH_BITS = 64  # a perceptual-hash distance is a count of differing bits out of these


def parse_device(value: str) -> str:
    text = str(value).strip().lower()
    if not _DEVICE.match(text):
        raise argparse.ArgumentTypeError(f"unknown device {value!r}: expected auto, cpu, cuda, cuda:N or mps")
    return text


def parse_dtype(value: str) -> str:
    text = str(value).strip().lower().removeprefix("torch.")
    if text not in DTYPES:
        raise argparse.ArgumentTypeError(f"unknown dtype {value!r}: expected one of {', '.join(sorted(DTYPES))}")
    return DTYPES[text]


def parse_positive_int(value: Any) -> int:
    try:
        number = int(str(value).strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got {value!r}") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got {value!r}")
    return number


def parse_size(value: Any) -> tuple[int, int]:
    """``512`` or ``768x512`` (width x height); each a positive multiple of 8."""
    if isinstance(value, (tuple, list)) and len(value) == 2:
        parts = [str(v) for v in value]
    elif isinstance(value, int) and not isinstance(value, bool):
        parts = [str(value), str(value)]
    else:
        parts = str(value).lower().replace(" ", "").split("x")
        if len(parts) == 1:
            parts = parts * 2
    try:
        width, height = (int(p) for p in parts)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a size like 512 or 768x512, got {value!r}") from None
    for side in (width, height):
        if side < 8 or side % 8 or side > MAX_SIDE:
            raise argparse.ArgumentTypeError(
                f"size must be a positive multiple of 8 on each side, at most {MAX_SIDE} px, got {value!r}")
    return width, height


def parse_guidance(value: Any) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError, OverflowError):
        raise argparse.ArgumentTypeError(f"expected a finite number >= 0, got {value!r}") from None
    if not (math.isfinite(number) and number >= 0):
        raise argparse.ArgumentTypeError(f"expected a finite number >= 0, got {value!r}")
    return number


def parse_hash_distance(value: Any) -> int:
    """A perceptual-hash distance: the same 0-64 range the per-call ``max_distance=`` takes."""
    try:
        number = int(str(value).strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected an integer in [0, {HASH_BITS}] (phash bits), got {value!r}") from None
    if not 0 <= number <= HASH_BITS:
        raise argparse.ArgumentTypeError(f"expected an integer in [0, {HASH_BITS}] (phash bits), got {value!r}")
    return number


def parse_fraction(value: Any) -> float:
    number = parse_guidance(value)
    if number > 1:
        raise argparse.ArgumentTypeError(f"expected a number in [0, 1], got {value!r}")
    return number


def parse_shard(value: str) -> tuple[int, int]:
    match = re.fullmatch(r"\s*(\d+)\s*/\s*(\d+)\s*", str(value))
    if not match or not 1 <= int(match.group(1)) <= int(match.group(2)):
        raise argparse.ArgumentTypeError(f"expected a shard i/n with 1 <= i <= n, got {value!r}")
    return int(match.group(1)), int(match.group(2))


RECORD_MODES = ("auto", "none", "all", "new")


def parse_record_mode(value: Any) -> str:
    text = str(value).strip().lower()
    if text not in RECORD_MODES:
        raise argparse.ArgumentTypeError(f"unknown record mode {value!r}: expected one of {', '.join(RECORD_MODES)}")
    return text


def parse_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("1", "true", "yes", "on"):
        return True
    if text in ("0", "false", "no", "off", ""):
        return False
    raise argparse.ArgumentTypeError(f"expected true or false, got {value!r}")


def parse_evaluator_policy(value: Any) -> str:
    text = str(value).strip().lower()
    if text not in ("warn", "fail"):
        raise argparse.ArgumentTypeError(f"expected warn or fail, got {value!r}")
    return text


def parse_mutate_spec(value: Any) -> str:
    """``NAME`` or ``NAME:STRENGTH``; the name and range are checked at configure time, once conftest
    files have registered their own mutators."""
    text = str(value).strip()
    if not re.fullmatch(r"[a-z][a-z0-9_]*(:[^\s:]+)?", text):
        raise argparse.ArgumentTypeError(f"expected a mutation NAME or NAME:STRENGTH (e.g. blur or blur:2.5), got {value!r}")
    return text


@dataclass(frozen=True)
class Option:
    name: str  # the Settings field; command line --genimg-<name with dashes>, ini genimg_<name>
    parse: Callable[[Any], Any]
    default: Any
    help: str
    flag: bool = False  # a switch: --genimg-x without a value

    @property
    def cli(self) -> str:
        return "--genimg-" + self.name.replace("_", "-")

    @property
    def ini(self) -> str:
        return "genimg_" + self.name


OPTIONS: tuple[Option, ...] = (
    Option("model", str, "tiny-sd", "model: a built-in name (tiny-sd, ...), a local diffusers folder, a hub id, or package.module:factory"),
    Option("device", parse_device, "auto", "device: auto (CUDA, then MPS, then CPU), cpu, cuda, cuda:N or mps"),
    Option("dtype", parse_dtype, "auto", "weights dtype: auto (float16 on CUDA, else float32), float32, float16, bfloat16"),
    Option("variant", str, None, "weights variant to load, e.g. fp16"),
    Option("revision", str, None, "hub revision (branch, tag or commit) of the model"),
    Option("steps", parse_positive_int, None, "inference steps (default: the model's own)"),
    Option("size", parse_size, None, "image size, 512 or WIDTHxHEIGHT, multiples of 8 up to 16384 (default: the model's own)"),
    Option("guidance", parse_guidance, None, "classifier-free guidance scale, a finite number >= 0 (default: the model's own)"),
    Option("batch_size", parse_positive_int, None, "images per pipeline call (default 1 on CPU/MPS, 4 on CUDA)"),
    Option("cache_dir", str, ".genimg_cache", "generation cache folder (command line: relative to the current directory; ini: to the rootdir)"),
    Option("no_cache", parse_bool, False, "do not read or write the generation cache", flag=True),
    Option("cache_max_mb", parse_positive_int, 2048, "cache size cap in MB; least recently used entries are evicted"),
    Option("require_gpu", parse_bool, False, "error (not skip) when a gpu-marked test finds no usable CUDA device", flag=True),
    Option("deterministic", parse_bool, False, "deterministic torch algorithms, no TF32, fixed CPU threads", flag=True),
    Option("check_outputs", parse_bool, False, "fail a generation that returns NaN, black or single-colour images", flag=True),
    Option("trust_remote_code", parse_bool, False, "allow a hub pipeline's own code to run (off unless asked)", flag=True),
    Option("results_dir", str, ".genimg_results", "folder for obtained images, diffs and check artifacts"),
    Option("report", str, None, "write a self-contained HTML review report to this path"),
    Option("report_json", str, None, "write the report's data as JSON to this path"),
    Option("snapshot_per_device", parse_bool, False, "keep separate image baselines per device class (cpu/cuda/mps)", flag=True),
    Option("snapshot_max_distance", parse_hash_distance, 8, "image snapshots: largest accepted perceptual-hash distance, 0-64 bits"),
    Option("snapshot_min_ssim", parse_fraction, 0.9, "image snapshots: smallest accepted structural similarity"),
    Option("snapshot_max_color_shift", parse_guidance, 12.0, "image snapshots: largest accepted change of a region's mean colour, in 0-255 levels"),
    Option("clip_model", str, None, "CLIP-style model (local folder or hub id) for alignment, balance and semantic diversity checks"),
    Option("baseline_model", str, None, "baseline model to compare the model under test with (genimg_baseline fixture): any --genimg-model spec"),
    Option("require_baseline", parse_bool, False, "error (not skip) when a test asks for genimg_baseline and no baseline model is configured", flag=True),
    Option("snapshot_per_model", parse_bool, False, "keep one set of snapshot baselines per model spec (__snapshots__/<module>/<model>/)", flag=True),
    Option("evaluator_changed", parse_evaluator_policy, "fail", "metric snapshots whose baseline was made by other evaluator versions (OCR, pose, embedder): fail or warn"),
    Option("no_eval_cache", parse_bool, False, "do not read or write the evaluator cache (OCR, pose outputs); --genimg-no-cache turns off both", flag=True),
    Option("record_mode", parse_record_mode, "auto", "record/replay store: auto (unused), none (replay only; never loads the model), all (re-record everything), new (record what is missing)"),
    Option("mutate", parse_mutate_spec, None, "run the session under a mutation NAME[:STRENGTH] of the model's outputs (mutation testing; see python -m pytest_genimg.mutate)"),
    Option("detector", str, None, "object detector for composition checks: an open-vocabulary one (local folder or hub id: OWLv2, OWL-ViT, Grounding DINO), or `coco` (offline, the 80 COCO classes, after `python -m pytest_genimg fetch-coco`)"),
    Option("shard", parse_shard, None, "run only shard i of n (i/n), split deterministically by test id"),
)
OPTIONS_BY_NAME = {o.name: o for o in OPTIONS}

# Keys of @pytest.mark.genimg(...) and the Settings fields they override.
MARKER_KEYS = ("model", "device", "dtype", "variant", "revision", "steps", "size", "guidance", "batch_size", "baseline_model")


@dataclass(frozen=True)
class Settings:
    model: str = "tiny-sd"
    device: str = "auto"
    dtype: str = "auto"
    variant: str | None = None
    revision: str | None = None
    steps: int | None = None
    size: tuple[int, int] | None = None
    guidance: float | None = None
    batch_size: int | None = None
    cache_dir: str = ".genimg_cache"
    no_cache: bool = False
    cache_max_mb: int = 2048
    require_gpu: bool = False
    deterministic: bool = False
    check_outputs: bool = False
    trust_remote_code: bool = False
    results_dir: str = ".genimg_results"
    report: str | None = None
    report_json: str | None = None
    snapshot_per_device: bool = False
    snapshot_max_distance: int = 8
    snapshot_min_ssim: float = 0.9
    snapshot_max_color_shift: float = 12.0
    clip_model: str | None = None
    baseline_model: str | None = None
    require_baseline: bool = False
    snapshot_per_model: bool = False
    evaluator_changed: str = "fail"
    no_eval_cache: bool = False
    record_mode: str = "auto"
    mutate: str | None = None
    detector: str | None = None
    shard: tuple[int, int] | None = None
    rootdir: Path = field(default_factory=Path.cwd)
    invocation_dir: Path = field(default_factory=Path.cwd)
    sources: dict[str, str] = field(default_factory=dict, compare=False)

    def path(self, name: str) -> Path:
        """A path option resolved like --junitxml: a command-line value against the directory pytest
        was started in, an ini value or a default against the rootdir."""
        base = self.invocation_dir if self.sources.get(name) == "command line" else self.rootdir
        return (base / Path(getattr(self, name)).expanduser()).resolve()

    def with_marker(self, kwargs: dict[str, Any]) -> "Settings":
        """These settings overridden by a ``@pytest.mark.genimg(...)`` marker's keywords."""
        unknown = sorted(set(kwargs) - set(MARKER_KEYS))
        if unknown:
            raise ValueError(f"@pytest.mark.genimg: unknown keyword(s) {unknown}; known: {', '.join(MARKER_KEYS)}")
        changes: dict[str, Any] = {}
        for key, value in kwargs.items():
            try:
                changes[key] = value if value is None else OPTIONS_BY_NAME[key].parse(value)
            except argparse.ArgumentTypeError as exc:
                raise ValueError(f"@pytest.mark.genimg({key}=...): {exc}") from None
        if not changes:
            return self
        sources = {**self.sources, **{k: "marker" for k in changes}}
        return dataclasses.replace(self, sources=sources, **changes)


def ini_help(opt: Option) -> str:
    """The ini twin's help: the option's own, then its command-line twin and default (if it has one)."""
    if opt.flag:
        default = "; default off" if not opt.default else "; default on"
    else:
        default = "" if opt.default is None else f"; default {opt.default}"
    return f"{opt.help} [command line {opt.cli}{default}]"


def add_options(parser: Any) -> None:
    group = parser.getgroup("genimg", "generative image model testing (pytest-genimg)")
    for opt in OPTIONS:
        if opt.flag:
            group.addoption(opt.cli, action="store_true", default=None, dest=opt.ini, help=opt.help)
            parser.addini(opt.ini, help=ini_help(opt), type="bool", default=None)
        else:
            group.addoption(opt.cli, action="store", default=None, dest=opt.ini, type=opt.parse, help=opt.help)
            parser.addini(opt.ini, help=ini_help(opt), default=None)


def resolve(config: Any) -> Settings:
    """Command line > ini > default, each ini value validated with the same parser as the option."""
    values: dict[str, Any] = {}
    sources: dict[str, str] = {}
    for opt in OPTIONS:
        cli = config.getoption(opt.ini, default=None)
        if cli is not None:
            values[opt.name], sources[opt.name] = cli, "command line"
            continue
        ini = config.getini(opt.ini)
        if ini not in (None, "", []):
            try:
                values[opt.name] = opt.parse(ini)
            except argparse.ArgumentTypeError as exc:
                raise ValueError(f"ini option {opt.ini} = {ini!r}: {exc}") from None
            sources[opt.name] = "ini"
        else:
            values[opt.name], sources[opt.name] = opt.default, "default"
    return Settings(rootdir=Path(str(config.rootpath)), invocation_dir=Path(str(config.invocation_params.dir)),
                    sources=sources, **values)

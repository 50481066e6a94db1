"""Resolve a --genimg-model spec: plugin hook, built-in name, factory, local folder, hub id."""
from __future__ import annotations

import contextlib
import functools
import hashlib
import importlib
import json
import inspect
import os
import re
import sys
import warnings
from pathlib import Path
from typing import Any, Callable, Iterator

from ..errors import ModelLoadError
from ..quiet import quiet_processor_fallback
from .builtin import BUILTIN_MODELS
from .fingerprint import folder_fingerprint, object_fingerprint
from .loaded import LoadedModel

_FACTORY = re.compile(r"^[A-Za-z_][\w.]*:[A-Za-z_][\w.]*$")
_HUB_ID = re.compile(r"^[\w.-]+/[\w.-]+$")


def _offline() -> bool:
    return os.environ.get("HF_HUB_OFFLINE", "").strip().lower() in ("1", "true", "yes", "on")


def torch_dtype(name: str) -> Any:
    import torch

    return {"float32": torch.float32, "float16": torch.float16, "bfloat16": torch.bfloat16}[name]


def _is_pipeline(obj: Any) -> bool:
    return any(cls.__name__ == "DiffusionPipeline" for cls in type(obj).__mro__)


def _is_video(pipe: Any) -> bool:
    return _is_video_name(type(pipe).__name__)


def _prepare(pipe: Any, device: str) -> Any:
    pipe.to(device)
    if hasattr(pipe, "set_progress_bar_config"):
        pipe.set_progress_bar_config(disable=True)
    return pipe


def load_folder(path: Path, *, device: str, dtype: str, variant: str | None, trust_remote_code: bool,
                **extra: Any) -> Any:
    """A diffusers pipeline saved in ``path``: safetensors only, never unpickled weights."""
    from diffusers import DiffusionPipeline

    with _quiet_loading():
        pipe = DiffusionPipeline.from_pretrained(
            str(path),
            torch_dtype=torch_dtype(dtype),
            variant=variant,
            use_safetensors=True,
            local_files_only=True,
            trust_remote_code=trust_remote_code,
            low_cpu_mem_usage=False,  # True needs accelerate and buys nothing for these loads
            **extra,
        )
    return _prepare(pipe, device)


@contextlib.contextmanager
def _quiet_loading() -> Iterator[None]:
    """No progress bars and no torch_dtype deprecation noise (kept for diffusers < 0.40)."""
    import diffusers
    import transformers

    diffusers.utils.logging.disable_progress_bar()
    transformers.utils.logging.disable_progress_bar()
    levels = diffusers.utils.logging.get_verbosity(), transformers.utils.logging.get_verbosity()
    diffusers.utils.logging.set_verbosity_error()  # e.g. the 'install accelerate' advice, printed per load
    transformers.utils.logging.set_verbosity_error()
    try:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message=".*torch_dtype.*", category=FutureWarning)
            yield
    finally:
        diffusers.utils.logging.set_verbosity(levels[0])
        transformers.utils.logging.set_verbosity(levels[1])


def download_hub(spec: str, *, revision: str | None, variant: str | None, trust_remote_code: bool) -> Path:
    """The local snapshot folder of a hub id (from the local hub cache when HF_HUB_OFFLINE is set)."""
    from diffusers import DiffusionPipeline

    folder = DiffusionPipeline.download(
        spec,
        revision=revision,
        variant=variant,
        use_safetensors=True,
        local_files_only=_offline(),
        trust_remote_code=trust_remote_code,
    )
    return Path(folder)


_FACTORY_KINDS = "a Python function or class defined in your own code that returns a pipeline or an object with generate()"


def _stdlib(module_name: str) -> bool:
    top = module_name.split(".")[0]
    return top in sys.stdlib_module_names or top in sys.builtin_module_names


def resolve_factory(spec: str) -> Any:
    """What ``package.module:factory`` names, refused unless it is a Python function, class or callable
    object defined outside the standard library: ``sys:exit`` or ``os:abort`` would end the session."""
    module_name, _, attr = spec.partition(":")
    if _stdlib(module_name):
        raise TypeError(f"{module_name} is a standard-library module; a factory is {_FACTORY_KINDS}")
    factory: Any = importlib.import_module(module_name)
    for part in attr.split("."):
        factory = getattr(factory, part)
    target = factory.func if isinstance(factory, functools.partial) else factory
    if inspect.isfunction(target) or inspect.ismethod(target) or inspect.isclass(target):
        defined_in = getattr(target, "__module__", None) or ""
    elif callable(target) and inspect.isfunction(getattr(type(target), "__call__", None)):
        defined_in = type(target).__module__
    else:
        raise TypeError(f"{spec} is of type {type(target).__name__}; a factory is {_FACTORY_KINDS}")
    if _stdlib(defined_in):
        raise TypeError(f"{spec} is {defined_in}.{getattr(target, '__qualname__', attr)} from the standard library; "
                        f"a factory is {_FACTORY_KINDS}")
    return factory


def call_factory(spec: str, device: str, dtype: str) -> Any:
    factory = resolve_factory(spec)
    params = inspect.signature(factory).parameters
    accepts_kw = any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params.values())
    kwargs = {k: v for k, v in {"device": device, "dtype": dtype}.items() if accepts_kw or k in params}
    return factory(**kwargs)


def wrap_object(obj: Any, spec: str, *, device: str, dtype: str, source: str) -> LoadedModel:
    """A factory's or plugin's return value as a LoadedModel, or a clear error."""
    if isinstance(obj, LoadedModel):
        return obj
    if _is_pipeline(obj):
        _prepare(obj, device)
        return _finish(LoadedModel(spec, obj, object_fingerprint(obj, spec), device, dtype, source, True, _is_video(obj)), False)
    if callable(getattr(obj, "generate", None)):
        return LoadedModel(spec, obj, object_fingerprint(obj, spec), device, dtype, source, is_diffusers=False)
    raise TypeError(
        f"returned {type(obj).__name__}, expected a diffusers pipeline or an object with a generate() method"
    )


def load_model(
    spec: str,
    *,
    device: str,
    dtype: str,
    variant: str | None = None,
    revision: str | None = None,
    trust_remote_code: bool = False,
    memo_file: Path | None = None,
    hook: Callable[..., Any] | None = None,
    lazy: bool = False,
) -> LoadedModel:
    """Load ``spec`` or raise one ModelLoadError that names the spec and every source tried.

    With ``lazy=True``, folder-based models (built-ins, local folders, hub snapshots) are checked
    and fingerprinted now but their weights load on first use.
    """
    quiet_processor_fallback()  # hooks, factories and folders all build image processors
    tried: list[str] = []

    def fail(reason: str) -> ModelLoadError:
        lines = [f"could not load model {spec!r}: {reason}", "tried, in order:"] + [f"  - {t}" for t in tried]
        return ModelLoadError("\n".join(lines))

    if hook is not None:
        result = hook(spec=spec, device=device, dtype=dtype)
        if result is not None:
            try:
                return wrap_object(result, spec, device=device, dtype=dtype, source="plugin hook")
            except TypeError as exc:
                tried.append(f"pytest_genimg_load_model hook: {exc}")
                raise fail("a plugin's pytest_genimg_load_model returned an unusable object") from None
        tried.append("pytest_genimg_load_model hooks: none claimed it")

    if spec in BUILTIN_MODELS:
        info = BUILTIN_MODELS[spec]
        # SDXL turns on invisible-watermark whenever it is installed, which would change the pixels
        # of the shipped model depending on the environment; the setting is not saved with it.
        extra = {"add_watermarker": False} if info.family == "sdxl" else {}
        if device == "cpu":
            _single_thread()

        def load_builtin() -> Any:
            try:
                return load_folder(info.path, device=device, dtype=dtype, variant=None, trust_remote_code=False, **extra)
            except Exception as exc:  # noqa: BLE001 - reported as one message
                tried.append(f"built-in model in {info.path}: {type(exc).__name__}: {exc}")
                raise fail(_out_of_memory(exc, device) or "the built-in model failed to load") from None

        defaults = {"steps": info.default_steps, "size": (info.default_size, info.default_size),
                    "guidance": info.default_guidance, "frames": info.default_frames,
                    "extra": dict(info.extra_call_kwargs)}
        model = LoadedModel(spec, None, folder_fingerprint(info.path, memo_file), device, dtype, "built-in",
                            True, info.is_video, defaults, loader=load_builtin, class_name=info.pipeline_class)
        return _finish(model, lazy)
    tried.append(f"built-in names: not one of {', '.join(sorted(BUILTIN_MODELS))}")

    path = Path(spec).expanduser()
    if _FACTORY.match(spec) and not path.exists():
        try:
            obj = call_factory(spec, device, dtype)
            return wrap_object(obj, spec, device=device, dtype=dtype, source="factory")
        except KeyboardInterrupt:
            raise
        except BaseException as exc:  # noqa: BLE001 - SystemExit from a factory must not end the session
            tried.append(f"factory {spec}: {type(exc).__name__}: {exc}")
            raise fail("the factory failed") from None
    tried.append("package.module:factory: not of that form")

    def from_folder(folder: Path, source: str, what: str, reason: str) -> LoadedModel:
        class_name = _saved_class(folder)
        if class_name is None:
            tried.append(f"{what}: no readable model_index.json in {folder.resolve()}")
            raise fail(f"{reason} (no model_index.json)")
        if not any(folder.rglob("*.safetensors")):
            tried.append(f"{what}: no safetensors weights in {folder.resolve()} (pickled weights are never loaded)")
            raise fail(f"{reason} (safetensors weights required)")
        custom = _custom_code(folder)
        if custom and not trust_remote_code:
            tried.append(f"{what} {folder.resolve()}: needs its own code: {', '.join(custom)}")
            raise fail(f"{reason}: its pipeline needs its own code ({custom[0]}); pass --genimg-trust-remote-code "
                       "to run it")

        def load() -> Any:
            try:
                return load_folder(folder, device=device, dtype=dtype, variant=variant, trust_remote_code=trust_remote_code)
            except Exception as exc:  # noqa: BLE001
                tried.append(f"{what} {folder.resolve()}: {type(exc).__name__}: {_first_line(exc)}")
                raise fail(_out_of_memory(exc, device) or reason) from None

        fingerprint = folder_fingerprint(folder, memo_file)
        if variant:  # the folder hash covers every variant's files; which one loads is another input
            fingerprint = hashlib.sha256(f"{fingerprint}|variant={variant}".encode()).hexdigest()
        model = LoadedModel(spec, None, fingerprint, device, dtype, source, True,
                            _is_video_name(class_name), loader=load, class_name=class_name)
        return _finish(model, lazy)

    if path.is_dir():
        return from_folder(path, "local folder", "local folder", "the folder is not a loadable diffusers pipeline")
    tried.append(f"local folder: {path.resolve()} does not exist")

    if _HUB_ID.match(spec):
        try:
            folder = download_hub(spec, revision=revision, variant=variant, trust_remote_code=trust_remote_code)
        except Exception as exc:  # noqa: BLE001
            offline = " (HF_HUB_OFFLINE is set: only the local hub cache was searched)" if _offline() else ""
            tried.append(f"hub id {spec} (revision {revision or 'main'}){offline}: {type(exc).__name__}: {_first_line(exc)}")
            raise fail("not found or not loadable from the hub") from None
        return from_folder(folder, "hub", f"hub snapshot of {spec}", "the hub snapshot is not a loadable pipeline")
    tried.append("hub id: not of the form org/name")
    raise fail("no source recognises it")


def _finish(model: LoadedModel, lazy: bool) -> LoadedModel:
    if not lazy:
        model.obj  # noqa: B018 - load now, so errors surface here
    return model


def _saved_class(folder: Path) -> str | None:
    try:
        return str(json.loads((folder / "model_index.json").read_text("utf-8"))["_class_name"])
    except (OSError, ValueError, KeyError):
        return None


def _custom_code(folder: Path) -> list[str]:
    """What in a pipeline folder is code of its own: Python files (a custom pipeline or components) and
    a pipeline class named as [module, class], which diffusers fetches and runs."""
    found = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*.py"))
    try:
        class_name = json.loads((folder / "model_index.json").read_text("utf-8")).get("_class_name")
    except (OSError, ValueError, AttributeError):
        return found
    return ([f"pipeline class {class_name}"] if isinstance(class_name, list) else []) + found


def _is_video_name(class_name: str) -> bool:
    name = class_name.lower()
    return "video" in name or "animatediff" in name


def _single_thread() -> None:
    """Tiny models run 30-50x slower with 2 CPU threads on a busy machine than with one, and one
    thread gives bit-exact results across machines; so built-in models pin torch to one thread."""
    import torch

    torch.set_num_threads(1)


def _out_of_memory(exc: BaseException, device: str) -> str | None:
    """The reason for a load that ran out of device memory (the folder itself is fine), else None."""
    if type(exc).__name__ != "OutOfMemoryError":
        return None
    from ..device import memory_summary

    return (f"{device} ran out of memory while the weights were moved onto it ({memory_summary(device)} now); "
            "free the device or pick a smaller --genimg-dtype")


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0][:300] if text else ""

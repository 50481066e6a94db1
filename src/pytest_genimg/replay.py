"""Record and replay: generations kept in a store that serves them on any device, without the model.

The store (``<cache dir>/records``) holds one PNG + JSON entry per (model fingerprint, pipeline,
scheduler, prompt, seed, parameters) -- deliberately not the device type, dtype or library
versions, which the generation cache keys on, so what a GPU run recorded replays on a CPU runner.
Entries use the generation cache's own file discipline (``cache.GenerationCache``: atomic, the
sidecar is the commit marker, a damaged entry is a miss), never evicted; ``models/<fingerprint>.json``
says whose recordings the store holds. ``--genimg-record-mode``: ``auto`` does not use the store,
``none`` replays only, ``all`` re-records everything, ``new`` records what is missing.
"""
from __future__ import annotations

import hashlib
import json
import re
import shlex
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PIL import Image

from .cache import GenerationCache
from .cachekey import Uncacheable, cache_key
from .errors import GenImgError
from .paths import atomic_write_text
from .recording import current_record

if TYPE_CHECKING:
    from .models.loaded import LoadedModel

NEVER_EVICT = 2**62


class NotRecordedError(GenImgError):
    """--genimg-record-mode=none asked for a generation the store does not hold."""

_HEX64 = re.compile(r"[0-9a-f]{64}")


class RecordStore:
    """Recorded generations under ``root``: ``images/`` (PNG + sidecar) and ``models/``."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.images = GenerationCache(self.root / "images", max_bytes=NEVER_EVICT)
        self._noted: set[str] = set()

    def exists(self) -> bool:
        return any((self.root / "models").glob("*.json"))

    def models(self) -> list[dict[str, Any]]:
        """What each recorded model is (spec, revision, device, versions), newest first."""
        found = []
        for path in (self.root / "models").glob("*.json"):
            try:
                info = json.loads(path.read_text("utf-8"))
            except (OSError, ValueError):
                continue
            if isinstance(info, dict):  # anything else is damage, not a model
                found.append(info)
        return sorted(found, key=lambda m: str(m.get("recorded_at", "")), reverse=True)

    def model_for(self, spec: str, revision: str | None) -> dict[str, Any] | None:
        """The newest recorded model of this spec and pinned revision (for hub models whose weights
        a replay runner does not have, so their fingerprint cannot be computed there)."""
        for info in self.models():
            if info.get("spec") == spec and info.get("revision") == revision:
                return info
        return None

    def note_model(self, model: "LoadedModel", revision: str | None, provenance: dict[str, Any]) -> None:
        fingerprint = str(model.fingerprint)
        if fingerprint in self._noted:
            return
        self._noted.add(fingerprint)
        info = {"fingerprint": fingerprint, "spec": model.spec, "revision": revision,
                "pipeline": model.pipeline_class, **provenance}
        atomic_write_text(self.root / "models" / model_file_name(fingerprint), json.dumps(info, sort_keys=True, indent=1),
                          root=self.root)


def model_file_name(fingerprint: str) -> str:
    """``models/`` file of a fingerprint: itself when it is a sha256 (every built-in source gives one),
    else its sha256, so a factory's own fingerprint ("my-model/v2", "..") names a file inside ``models/``
    that export and import accept."""
    if _HEX64.fullmatch(fingerprint) is None:
        fingerprint = hashlib.sha256(fingerprint.encode("utf-8")).hexdigest()
    return f"{fingerprint}.json"


def replay_key(model: "LoadedModel", prompt: str, seed: int, params: dict[str, Any]) -> str | None:
    """The recording's key: the generation cache's inputs less the machine (device type, dtype, library
    versions). None when the request holds what no key can name (then it is neither replayed nor recorded)."""
    live = model.live_signature()
    if live is None:
        return None
    try:
        return cache_key({"replay": 1, "model": model.fingerprint, **live, "prompt": prompt, "seed": seed, **params})
    except Uncacheable:
        return None


def machine_provenance(device: str, dtype: str, version: Any) -> dict[str, Any]:
    """What a recording says about where it was made (``version``: package -> version string)."""
    return {"device": device, "dtype": dtype, "torch": version("torch"), "diffusers": version("diffusers"),
            "recorded_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}


class StoreSession:
    """One ``Generator._run`` call's dealings with the store, by record mode."""

    def __init__(self, store: RecordStore, model: "LoadedModel", mode: str, revision: str | None, version: Any) -> None:
        self.store, self.model, self.mode, self.revision = store, model, mode, revision
        self._provenance = machine_provenance(model.device, model.dtype, version)

    @property
    def reads_generation_cache(self) -> bool:
        return self.mode != "all"  # 'all' regenerates everything

    def replay(self, prompt: str, seed: int, params: dict[str, Any]) -> tuple[list[Image.Image], dict[str, Any]] | None:
        if self.mode == "all" or self.model.fingerprint is None:
            return None
        key = replay_key(self.model, prompt, seed, params)
        hit = None if key is None else self.store.images.get(key)
        if hit is None:
            return None
        frames, meta = hit
        return frames, {k: meta.get(k) for k in ("device", "dtype", "torch", "diffusers", "recorded_at")}

    def record(self, prompt: str, seed: int, params: dict[str, Any], frames: list[Image.Image]) -> None:
        if self.mode == "none" or self.model.fingerprint is None:
            return
        key = replay_key(self.model, prompt, seed, params)
        if key is None:
            return
        self.store.note_model(self.model, self.revision, self._provenance)
        meta = {"prompt": prompt, "seed": seed, "params": params, "model": self.model.spec,
                "fingerprint": self.model.fingerprint, **self._provenance}
        self.store.images.put(key, frames, meta)

    def fail_missing(self, requests: list[tuple[str, int]], params: dict[str, Any]) -> None:
        """Fail the running test (no traceback: the message says it all), or raise outside pytest."""
        error = self.missing(requests, params)
        if current_record() is None:
            raise error
        import pytest

        pytest.fail(str(error), pytrace=False)

    def missing(self, requests: list[tuple[str, int]], params: dict[str, Any]) -> NotRecordedError:
        """The error for generations a replay-only run cannot serve: what, whose store, and the fix."""
        prompts: dict[str, list[int]] = {}
        for prompt, seed in requests:
            prompts.setdefault(prompt, []).append(seed)
        wanted = "; ".join(f"prompt {p!r} seeds {s}" for p, s in prompts.items())
        shown = {k: v for k, v in params.items() if v not in (None, {}, ())}
        others = [m for m in self.store.models() if m.get("fingerprint") != self.model.fingerprint]
        whose = ""
        if others:
            whose = " The store holds recordings of other models only: " + "; ".join(
                f"{m.get('spec')} (fingerprint {str(m.get('fingerprint'))[:12]}, recorded on {m.get('device')} "
                f"at {m.get('recorded_at')})" for m in others[:3]) + ", which are never served for this one."
        record = current_record()
        target = shlex.quote(record.nodeid) if record is not None else "<test id>"
        return NotRecordedError(
            f"--genimg-record-mode=none: not recorded for model {self.model.spec} (fingerprint "
            f"{str(self.model.fingerprint)[:12]}): {wanted} with parameters {shown}.{whose} Record it on a machine "
            f"that can run the model: pytest {target} --genimg-record-mode=new (with this run's --genimg-model "
            f"and parameters), then move the store with python -m pytest_genimg.cache export/import."
        )


def live_refusal(what: str) -> str:
    return (f"{what} needs the live model, and --genimg-record-mode=none never loads it "
            f"(replayed images are served only to cached generation calls)")


def refuse_loading(spec: str) -> Any:
    """The loader of a model in replay-only mode: asking for the pipeline itself skips the test."""
    import pytest

    pytest.skip(live_refusal(f"the pipeline object of {spec!r}"))


def replay_only_model(loaded: Any, store: RecordStore | None, settings: Any, device: str, dtype: str) -> Any:
    """The model of a replay-only session: its weights are never loaded (asking for the pipeline
    skips the test). A hub model whose weights this machine lacks takes the fingerprint the store
    recorded for the same spec and pinned revision."""
    from .models.loaded import LoadedModel

    if isinstance(loaded, Exception):
        info = store.model_for(settings.model, settings.revision) if (store and settings.revision) else None
        if info is None:
            return loaded
        class_name = str(info.get("pipeline") or "")
        loaded = LoadedModel(settings.model, None, str(info["fingerprint"]), device, dtype, "replay store",
                             is_video="video" in class_name.lower(), class_name=class_name)
    loaded.loader = lambda: refuse_loading(loaded.spec)
    return loaded


def recorded_device_class(store: RecordStore | None, spec: str, revision: str | None) -> str | None:
    """cpu/cuda/mps: where the store's newest recording of ``spec`` was made (its baselines apply)."""
    for info in store.models() if store is not None else ():
        if info.get("spec") == spec and info.get("revision") == revision and info.get("device"):
            return str(info["device"]).split(":")[0]
    return None


def check_store_at_start(store: RecordStore) -> str | None:
    """The one-line reason a replay-only session cannot start, or None."""
    if store.exists():
        return None
    return (f"--genimg-record-mode=none: no recorded store at {store.root} -- record one with "
            f"--genimg-record-mode=new (or all), or import one with python -m pytest_genimg.cache import DIR")


def note_replayed(items: list[Any]) -> None:
    """Say in the running test's JUnit properties that images were replayed, and from where."""
    replayed = [item.replayed for item in items if getattr(item, "replayed", None)]
    record = current_record()
    if not replayed or record is None:
        return
    first = replayed[0]
    text = (f"recorded on {first.get('device')} ({first.get('dtype')}), torch {first.get('torch')}, "
            f"diffusers {first.get('diffusers')}, at {first.get('recorded_at')}")
    if ("genimg.replayed", text) not in record.properties:
        record.properties.append(("genimg.replayed", text))

"""A small registry of lazily built engines (OCR, pose, embedders), each loaded once per process."""
from __future__ import annotations

import importlib
import threading
from dataclasses import dataclass
from typing import Any, Callable, Generic, TypeVar

from ..errors import MissingDependencyError, usage
from ..recording import note_evaluator

T = TypeVar("T")


def require_module(module: str, pip_name: str | None = None, purpose: str = "") -> Any:
    """Import ``module`` or fail with the pip command that installs it."""
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        what = f" (needed for {purpose})" if purpose else ""
        raise MissingDependencyError(
            f"{module!r} is not installed{what}: pip install {pip_name or module}  [{exc}]"
        ) from exc


def require_opencv(purpose: str, *names: str) -> Any:
    """Import ``cv2`` and check it has each of ``names`` (attributes, dotted for submodules), or fail
    with the pip command: OpenCV 5 moved the Haar cascade and HOG people detectors out of its main
    modules, so ``opencv-python`` 5 lacks them and only ``opencv-contrib-python`` (MediaPipe's own
    dependency) has them."""
    cv2 = require_module("cv2", "opencv-contrib-python", purpose)
    missing = []
    for name in names:
        obj = cv2
        for part in name.split("."):
            obj = getattr(obj, part, None)
        if obj is None:
            missing.append(name)
    if missing:
        raise MissingDependencyError(
            f"OpenCV {getattr(cv2, '__version__', '?')} (imported from {getattr(cv2, '__file__', '?')}) has no "
            f"{', '.join('cv2.' + m for m in missing)} (needed for {purpose}): OpenCV 5 ships these only in its contrib "
            "build. pip install opencv-contrib-python (MediaPipe's own dependency), and keep one OpenCV package "
            "installed: opencv-python, -headless and -contrib-python share the cv2 module"
        )
    return cv2


@dataclass
class _Entry(Generic[T]):
    factory: Callable[..., T]
    description: str


class Registry(Generic[T]):
    """Named factories of one kind of engine; :meth:`get` builds each once and keeps it."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self._entries: dict[str, _Entry[T]] = {}
        self._instances: dict[str, T] = {}
        self._identities: dict[str, dict[str, Any] | None] = {}
        self._lock = threading.Lock()

    def register(self, name: str, factory: Callable[[], T], description: str = "", *, replace: bool = False) -> None:
        if name in self._entries and not replace:
            raise ValueError(f"{self.kind} backend {name!r} is already registered (pass replace=True)")
        self._entries[name] = _Entry(factory, description)
        self._instances.pop(name, None)
        self._identities.pop(name, None)

    def unregister(self, name: str) -> None:
        """Forget ``name`` (closing its engine if one was built); unknown names are ignored."""
        with self._lock:
            self._entries.pop(name, None)
            engine = self._instances.pop(name, None)
        close = getattr(engine, "close", None)
        if callable(close):
            close()

    def names(self) -> list[str]:
        return sorted(self._entries)

    def _entry(self, name: str) -> _Entry[T]:
        if name not in self._entries:
            raise usage(f"{self.kind} backend", "one of " + ", ".join(map(repr, self.names())), name)
        return self._entries[name]

    def get(self, name: str) -> T:
        self._entry(name)
        with self._lock:
            if name not in self._instances:
                self._instances[name] = self._entries[name].factory()
            engine = self._instances[name]
        note_evaluator(self.kind, engine, name, self.identity(name))  # as a cached reading of it is noted
        return engine

    def create(self, name: str, **options: Any) -> T:
        """A new instance of ``name``, not shared (one per thread for engines that are not thread-safe);
        ``options`` go to the factory (``threads=`` where it declares ``takes_threads``)."""
        return self._entry(name).factory(**options)

    def factory(self, name: str) -> Callable[..., T]:
        return self._entry(name).factory

    def thread_safe(self, name: str) -> bool:
        """False when ``name``'s engines declare ``thread_safe = False`` (one instance per thread then)."""
        return bool(getattr(self._entry(name).factory, "thread_safe", True))

    def identity(self, name: str) -> dict[str, Any] | None:
        """What ``name``'s output depends on (the factory's ``identity()``), without building it;
        None when the factory does not say, so its outputs are never cached. Worked out once per
        process (package versions and model files do not change under a running session)."""
        if name not in self._identities:
            describe = getattr(self._entry(name).factory, "identity", None)
            self._identities[name] = describe() if callable(describe) else None
        return self._identities[name]

    def resolve(self, backend: str | T) -> T:
        """A registered name, or an engine object passed directly."""
        if isinstance(backend, str):
            return self.get(backend)
        note_evaluator(self.kind, backend)
        return backend

    def close_all(self) -> None:
        with self._lock:
            for engine in self._instances.values():
                close = getattr(engine, "close", None)
                if callable(close):
                    try:
                        close()
                    except Exception:  # noqa: BLE001 - closing must not mask a test result
                        pass
            self._instances.clear()


ALL_REGISTRIES: list[Registry[Any]] = []


def new_registry(kind: str) -> Registry[Any]:
    reg: Registry[Any] = Registry(kind)
    ALL_REGISTRIES.append(reg)
    return reg

"""Evaluation overlapped with generation: finished batches go to OCR and pose in a thread pool.

``Generator.prefetch(..., evaluate=["ocr", "pose"])`` hands each batch to :class:`EvaluationPool`
while the next batch generates; the workers fill the evaluator cache, so the checks that follow
read raw outputs instead of running the engines. The engines' native code (onnxruntime, MediaPipe)
releases the GIL, so the threads overlap with a GPU generating. An engine that is not thread-safe
(``thread_safe = False``) gets one instance per worker thread, used by one thread at a time.

Sizing (``benchmarks/gpu_checks.py --sections 5 --eval-workers 2,8`` on an H200 with 16 cores: 4
workers 1.24x the time of generation alone, 2 and 8 workers 1.29x and 1.31x, one run each):
``workers`` defaults to :func:`default_workers`, and each engine the pool builds gets the CPUs divided among the workers
(``threads=``, for engines whose factory declares ``takes_threads``), so ``workers`` engines with
ONNX Runtime's default of one thread per core do not contend with each other and with generation.
Engines outlive their pool: they wait, idle, for the next pool of the process (a session's
prefetches build them once) and are closed by :func:`close_idle` at the end of the session.
For OCR the pool makes every reading the text check may ask for at its default confidence,
whatever text is expected (:func:`~pytest_genimg.checks._text_reading.read_ahead`): the image's, the
second look at its lines, and where it keeps no line, the faint look's.
"""
from __future__ import annotations

import os
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, Sequence

from . import evalcache
from .errors import usage

EVALUATORS = ("ocr", "pose")  # each may name a backend: "ocr:rapidocr-v4"
MAX_DEFAULT_WORKERS = 4

# Engines built by pools and waiting for the next one: (kind, backend, its factory, threads) -> engines
# (the factory too: a backend registered again under its name gets new engines).
_IDLE: dict[tuple[str, str, Any, int], list[Any]] = {}
_IDLE_LOCK = threading.Lock()


def default_workers() -> int:
    """The pool size when ``workers`` is not given: the CPU count, at most MAX_DEFAULT_WORKERS."""
    return max(1, min(os.cpu_count() or 1, MAX_DEFAULT_WORKERS))


def close_idle() -> None:
    """Close every engine that pools left waiting (the plugin calls this at the end of the session)."""
    with _IDLE_LOCK:
        engines = [engine for waiting in _IDLE.values() for engine in waiting]
        _IDLE.clear()
    for engine in engines:
        close = getattr(engine, "close", None)
        if callable(close):
            close()


class EvaluationPool:
    """Runs the named engines on submitted images in ``workers`` threads, through the evaluator cache.

    Without an active evaluator cache (outside pytest, or with --genimg-no-cache /
    --genimg-no-eval-cache) there is nowhere to put the results, so nothing is run.
    """

    def __init__(self, evaluate: Sequence[str], *, workers: int | None = None,
                 cache: evalcache.EvalCache | None = None) -> None:
        if isinstance(evaluate, str) or not all(isinstance(n, str) and n.split(":")[0] in EVALUATORS for n in evaluate):
            raise usage("evaluate", f"a list of {list(EVALUATORS)}, each optionally ':<backend name>'", evaluate)
        if workers is not None and (isinstance(workers, bool) or not isinstance(workers, int) or workers < 1):
            raise usage("workers", f"a positive integer or None (the CPU count, at most {MAX_DEFAULT_WORKERS})", workers)
        self.names = list(dict.fromkeys(evaluate))
        for name in self.names:
            kind, _, backend = name.partition(":")
            if backend:
                _registry(kind).thread_safe(backend)  # an unknown backend fails here, naming the known ones
        self.cache = cache if cache is not None else evalcache.active()
        self.workers = workers or default_workers()
        self.threads = max(1, (os.cpu_count() or 1) // self.workers)  # each engine's share of the CPUs
        self._local = threading.local()
        self._made: list[tuple[tuple[str, str, Any, int], Any]] = []
        self._lock = threading.Lock()
        self._futures: list[Future[None]] = []
        self._executor: ThreadPoolExecutor | None = None
        self.evaluated = 0

    def __enter__(self) -> "EvaluationPool":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close(wait=exc[0] is None)

    def submit(self, items: list[Any]) -> None:
        """Queue every image of ``items`` (GeneratedImage objects or PIL images) for every engine."""
        if not self.names or self.cache is None:
            return
        if self._executor is None:
            self._executor = ThreadPoolExecutor(self.workers, thread_name_prefix="genimg-eval")
        for item in items:
            image = getattr(item, "image", item)
            for name in self.names:
                self._futures.append(self._executor.submit(self._evaluate, name, image))

    def _evaluate(self, name: str, image: Any) -> None:
        from .backends.cached import CachedOcr, CachedPose
        from .backends.ocr import DEFAULT_OCR
        from .backends.pose import DEFAULT_POSE

        kind, _, backend = name.partition(":")
        if kind == "ocr":
            from .checks._text_reading import read_ahead
            from .checks.text import DEFAULT_MIN_CONFIDENCE

            backend = backend or DEFAULT_OCR
            read_ahead(image, CachedOcr(backend, self.cache, build=lambda: self._engine(kind, backend)),
                       DEFAULT_MIN_CONFIDENCE)
        else:
            backend = backend or DEFAULT_POSE
            CachedPose(backend, self.cache, build=lambda: self._engine(kind, backend)).scan(image)
        with self._lock:
            self.evaluated += 1

    def _engine(self, kind: str, backend: str) -> Any:
        """Built on a cache miss only: shared when thread-safe, else this thread's own instance (an
        idle one left by an earlier pool when there is one)."""
        registry = _registry(kind)
        if registry.thread_safe(backend):
            return registry.get(backend)
        engines = self._local.__dict__.setdefault("engines", {})
        if backend not in engines:
            factory = registry.factory(backend)
            key = (kind, backend, factory, self.threads)
            with _IDLE_LOCK:
                waiting = _IDLE.get(key)
                engine = waiting.pop() if waiting else None
            if engine is None:
                takes = getattr(factory, "takes_threads", False)
                engine = registry.create(backend, **({"threads": self.threads} if takes else {}))
            engines[backend] = engine
            with self._lock:
                self._made.append((key, engine))
        return engines[backend]

    def close(self, *, wait: bool = True) -> None:
        """Wait for the queued evaluations (raising the first error), then leave the per-thread
        engines idle for the next pool (see :func:`close_idle`)."""
        try:
            if self._executor is not None:
                self._executor.shutdown(wait=wait, cancel_futures=not wait)
            if wait:
                for future in self._futures:
                    future.result()
        finally:
            with _IDLE_LOCK:
                for key, engine in self._made:
                    _IDLE.setdefault(key, []).append(engine)
            self._made.clear()
            self._local = threading.local()
            self._executor = None


def _registry(kind: str) -> Any:
    from .backends.ocr import OCR_BACKENDS
    from .backends.pose import POSE_BACKENDS

    return OCR_BACKENDS if kind == "ocr" else POSE_BACKENDS

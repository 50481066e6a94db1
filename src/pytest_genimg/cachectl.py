"""A per-context switch that tells the generator to skip its generation cache.

Timing and reproducibility checks wrap the calls they measure in :func:`no_generation_cache`; the
generator consults :func:`cache_bypassed` before looking anything up, so a cache hit can neither
fake a fast latency nor hide a non-deterministic pipeline.
"""
from __future__ import annotations

import contextvars
from contextlib import contextmanager
from typing import Iterator

# A ContextVar rather than a global: nested checks restore the outer state, and asyncio tasks or
# threads started with contextvars.copy_context() inherit it. A plain new thread does not (it starts
# from an empty context), so code that generates on a worker thread must copy the context itself.
_bypass: contextvars.ContextVar[bool] = contextvars.ContextVar("genimg_bypass_cache", default=False)


def cache_bypassed() -> bool:
    """True inside :func:`no_generation_cache`: generate afresh, neither read nor write the cache."""
    return _bypass.get()


@contextmanager
def no_generation_cache() -> Iterator[None]:
    """Within this block every generation bypasses the generation cache (nesting is fine)."""
    token = _bypass.set(True)
    try:
        yield
    finally:
        _bypass.reset(token)

"""Third-party log lines that give a user of the plugin nothing to act on, dropped at their logger.

Filters are attached by logger name, so nothing here imports transformers or diffusers.
"""
from __future__ import annotations

import logging

_TRANSFORMERS_IMPORTS = "transformers.utils.import_utils"


class _TorchvisionFallback(logging.Filter):
    """transformers 5 without torchvision warns, once per class, that ``CLIPImageProcessor`` (or
    ``SiglipImageProcessor``...) "requires torchvision" and falls back to its PIL twin whenever
    diffusers or a checkpoint names the class. The PIL processor is the one wanted here (torchvision
    is optional and often absent beside a CPU torch), and the line otherwise lands in the captured
    stderr of whichever test loaded the first pipeline or CLIP model."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        return not ("requires torchvision" in message and "falling back to" in message)


def quiet_processor_fallback() -> None:
    """Drop transformers' torchvision-fallback notice (idempotent; other warnings still show)."""
    logger = logging.getLogger(_TRANSFORMERS_IMPORTS)
    if not any(isinstance(f, _TorchvisionFallback) for f in logger.filters):
        logger.addFilter(_TorchvisionFallback())

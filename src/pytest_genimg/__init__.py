"""pytest-genimg: the known limitations of generative image models as ordinary pytest tests.

Importing this package loads no pytest hooks (those live in :mod:`pytest_genimg.plugin`) and no
heavy libraries; each check imports its engine when first called.
"""
from __future__ import annotations

from .errors import GenImgAssertionError, GenImgError, GenImgUsageError, MissingDependencyError, ModelLoadError
from .generated import GeneratedImage, GeneratedVideo

__version__ = "0.1.0"

__all__ = [
    "GenImgAssertionError",
    "GenImgError",
    "GenImgUsageError",
    "GeneratedImage",
    "GeneratedVideo",
    "MissingDependencyError",
    "ModelLoadError",
    "__version__",
]

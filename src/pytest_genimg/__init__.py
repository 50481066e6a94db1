"""pytest-genimg: the known limitations of generative image models as ordinary pytest tests.

Importing this package loads no pytest hooks (those live in :mod:`pytest_genimg.plugin`) and no
heavy libraries: the checks below are imported on first use (PEP 562), and each check imports its
engine (OCR, pose, CLIP) only when it runs.
"""
from __future__ import annotations

import importlib
from typing import Any

from .errors import GenImgAssertionError, GenImgError, GenImgUsageError, MissingDependencyError, ModelLoadError
from .generated import GeneratedImage, GeneratedVideo

__version__ = "0.1.0"

# public name -> module that defines it
_LAZY = {
    **dict.fromkeys(("CheckResult", "ItemVerdict"), "checks._base"),
    **dict.fromkeys(("assert_text_legible", "measure_text_legible", "assert_no_text", "measure_no_text"), "checks.text"),
    **dict.fromkeys(("assert_diverse", "measure_diversity"), "checks.diversity"),
    **dict.fromkeys(("assert_no_extra_limbs", "measure_anatomy", "AnatomyResult"), "checks.anatomy"),
    **dict.fromkeys((
        "assert_latency_under", "measure_latency", "latency_budget", "assert_memory_under", "measure_memory",
        "assert_energy_under", "measure_energy", "assert_throughput_over", "measure_throughput"), "checks.performance"),
    **dict.fromkeys(("assert_detailed", "measure_detail"), "checks.detail"),
    **dict.fromkeys(("assert_temporally_consistent", "measure_temporal_consistency"), "checks.temporal"),
    **dict.fromkeys(("assert_reproducible", "measure_reproducible", "assert_seed_sensitive",
                     "measure_seed_sensitive"), "checks.reproducibility"),
    **dict.fromkeys(("assert_prompt_robust", "measure_prompt_robust", "fuzz_prompts", "assert_generation_survives",
                     "measure_generation_survives"), "checks.robustness"),
    **dict.fromkeys(("assert_not_memorized", "measure_memorization", "build_reference_index", "ReferenceIndex"),
                    "checks.memorization"),
    **dict.fromkeys(("assert_watermarked", "measure_watermark", "add_watermark", "decode_watermark"), "checks.watermark"),
    **dict.fromkeys(("assert_valid_output", "measure_valid_output", "output_problems"), "checks.validity"),
    **dict.fromkeys(("assert_safe", "measure_safety"), "checks.safety"),
    **dict.fromkeys(("assert_prompt_aligned", "measure_prompt_alignment"), "checks.alignment"),
    **dict.fromkeys(("assert_balanced", "measure_balance"), "checks.balance"),
    **dict.fromkeys(("assert_composition", "measure_composition", "composition_from_prompt"), "checks.composition"),
    **dict.fromkeys(("clip_zero_shot", "load_embedder"), "backends.embedders"),
    **dict.fromkeys(("Detection",), "metrics.composition"),
    **dict.fromkeys(("no_generation_cache", "cache_bypassed"), "cachectl"),
    **dict.fromkeys(("Metric", "higher_is_better", "lower_is_better", "two_sided"), "snapshot"),
    **dict.fromkeys(("assert_no_regression", "measure_regression", "RegressionResult", "VacuousComparisonWarning"),
                    "compare.regression"),
}

__all__ = [
    "GenImgAssertionError", "GenImgError", "GenImgUsageError", "GeneratedImage", "GeneratedVideo",
    "MissingDependencyError", "ModelLoadError", "__version__", *sorted(_LAZY),
]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'pytest_genimg' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))

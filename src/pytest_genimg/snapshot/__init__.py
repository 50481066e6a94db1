"""Snapshot baselines for generative image tests: images with a perceptual tolerance, metrics with directions.

The fixtures ``image_snapshot`` and ``metric_snapshot`` come with the plugin; these names are for
specs (``Metric``) and for using the syrupy extensions directly.
"""
from __future__ import annotations

from ._common import CorruptBaselineError
from .image import ImageSnapshotAssertion, ImageSnapshotExtension, Tolerance
from .metric import (
    DEFAULT_METRIC,
    Direction,
    Metric,
    MetricSnapshotAssertion,
    MetricSnapshotExtension,
    higher_is_better,
    lower_is_better,
    two_sided,
)

__all__ = [
    "DEFAULT_METRIC", "CorruptBaselineError", "Direction", "ImageSnapshotAssertion", "ImageSnapshotExtension",
    "Metric", "MetricSnapshotAssertion", "MetricSnapshotExtension", "Tolerance",
    "higher_is_better", "lower_is_better", "two_sided",
]

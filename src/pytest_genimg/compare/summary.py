"""A compact, JSON-able summary of an image set (feature vectors plus per-image metrics) and its
comparison with a stored summary by the two-sample tests of :mod:`.twosample`.

Default features are the 256-bit perceptual hash of each image (64 hex characters); an embedder
(``embed_images``) gives L2-normalised vectors stored to 4 decimals instead. Built-in per-image
metrics (mean red/green/blue, luminance contrast, blur) catch what a greyscale hash cannot see.
"""
from __future__ import annotations

import json
import math
import numbers
from dataclasses import dataclass, field
from typing import Any, Mapping, Sequence

import numpy as np

from ..errors import usage
from . import paired, twosample

FORMAT = "pytest-genimg-distribution"
VERSION = 1
PHASH = "phash256"
BUILTIN_METRICS = ("mean_red", "mean_green", "mean_blue", "contrast", "blur")


def builtin_metrics(pils: Sequence[Any]) -> dict[str, list[float]]:
    """Cheap per-image statistics: channel means and luminance contrast (0-255 levels), blur (0-1)."""
    from ..metrics.detail import blur_score, luminance

    out: dict[str, list[float]] = {name: [] for name in BUILTIN_METRICS}
    for pil in pils:
        rgb = np.asarray(pil.convert("RGB"))
        means = rgb.reshape(-1, 3).mean(axis=0)
        gray = luminance(rgb)
        for name, value in zip(BUILTIN_METRICS, (*means, float(gray.std()) * 255.0, blur_score(gray))):
            out[name].append(round(float(value), 4))
    return out


def phash_vectors(pils: Sequence[Any]) -> list[str]:
    from ..metrics.hashing import phash_bits, working_copy

    return [np.packbits(phash_bits(working_copy(p))[0]).tobytes().hex() for p in pils]


def _unpack(vectors: list[Any], features: str) -> np.ndarray:
    if features == PHASH:
        if not all(isinstance(v, str) and len(v) == 64 for v in vectors):
            raise ValueError("phash256 vectors must be 64 hex characters each")
        return np.stack([np.unpackbits(np.frombuffer(bytes.fromhex(v), dtype=np.uint8)) for v in vectors]).astype(np.float64)
    return np.asarray(vectors, dtype=np.float64)


@dataclass
class Summary:
    features: str
    vectors: list[Any]
    metrics: dict[str, list[float]] = field(default_factory=dict)

    @property
    def count(self) -> int:
        return len(self.vectors)

    def matrix(self) -> np.ndarray:
        return _unpack(self.vectors, self.features)

    def to_json(self) -> str:
        data = {"format": FORMAT, "version": VERSION, "features": self.features, "count": self.count,
                "vectors": self.vectors, "metrics": self.metrics}
        return json.dumps(data, separators=(",", ":"), sort_keys=True) + "\n"

    @classmethod
    def from_json(cls, text: bytes | str) -> "Summary":
        data = json.loads(text)
        if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("vectors"), list):
            raise ValueError("not a pytest-genimg distribution summary")
        if not isinstance(data.get("features"), str) or len(data["vectors"]) < 2:
            raise ValueError("expected 'features' (a string) and at least 2 vectors")
        if int(data.get("version", 0)) > VERSION:
            raise ValueError(f"format version {data.get('version')} is newer than this pytest-genimg reads ({VERSION})")
        metrics = data.get("metrics") or {}
        if not isinstance(metrics, dict) or not all(isinstance(v, list) and len(v) == len(data["vectors"]) for v in metrics.values()):
            raise ValueError("metrics must map names to one value per image")
        summary = cls(str(data["features"]), list(data["vectors"]), {str(k): [float(x) for x in v] for k, v in metrics.items()})
        try:
            summary.matrix()
        except (ValueError, TypeError) as exc:
            raise ValueError(f"malformed feature vectors ({exc})") from None
        return summary


def summarise(images: Any, *, embedder: Any = None, metrics: Mapping[str, Sequence[float]] | None = None,
              builtin: bool = True) -> Summary:
    """The summary of ``images`` (at least 2): features, built-in metrics, the caller's metrics."""
    from ..images import as_images

    ims = as_images(images, "images", min_count=2)
    pils = [im.pil for im in ims]
    if embedder is None:
        features, vectors = PHASH, phash_vectors(pils)
    else:
        from ..backends.embedders import checked_embeddings

        name = getattr(embedder, "name", type(embedder).__name__)
        rows = checked_embeddings(embedder.embed_images(pils), len(pils), f"embedder ({name}).embed_images")
        features, vectors = f"embedder:{name}", [[round(float(x), 4) for x in row] for row in rows]
    values: dict[str, list[float]] = builtin_metrics(pils) if builtin else {}
    for name, seq in (metrics or {}).items():
        if not isinstance(name, str) or not name or name in values:
            raise usage("metrics", "new, non-empty metric names (not a built-in one)", name)
        if isinstance(seq, (str, bytes)) or not isinstance(seq, Sequence) or len(seq) != len(pils):
            raise usage(f"metrics[{name!r}]", f"one number per image ({len(pils)})", seq)
        for v in seq:
            if isinstance(v, bool) or not isinstance(v, numbers.Real) or not math.isfinite(float(v)):
                raise usage(f"metrics[{name!r}]", "finite numbers", v)
        values[name] = [float(v) for v in seq]
    return Summary(features, vectors, values)


@dataclass
class DistributionVerdict:
    passed: bool
    rows: list[dict[str, Any]]
    result: twosample.TwoSample
    alpha: float
    notes: list[str]


def compare_summaries(new: Summary, baseline: Summary, *, alpha: float = 0.05,
                      max_shift: Mapping[str, float] | None = None,
                      permutations: int = twosample.DEFAULT_PERMUTATIONS, seed: int = 0) -> DistributionVerdict:
    """Two-sample tests of ``new`` against ``baseline``: MMD on the features plus a mean-shift test per
    shared metric, Holm-adjusted together; a metric fails only if its shift also exceeds max_shift."""
    if new.features != baseline.features:
        raise usage("features", f"the baseline's features ({baseline.features})", new.features)
    shared = sorted(set(new.metrics) & set(baseline.metrics))
    unknown = sorted(set(max_shift or {}) - set(shared))
    if unknown:
        raise usage("max_shift", f"keys among the compared metrics ({', '.join(shared) or 'none'})", unknown)
    notes = [f"metric {m!r} is only in the {'new set' if m in new.metrics else 'baseline'}: not compared"
             for m in sorted(set(new.metrics) ^ set(baseline.metrics))]
    result = twosample.compare_sets(new.matrix(), baseline.matrix(), new_metrics={m: new.metrics[m] for m in shared},
                                    baseline_metrics={m: baseline.metrics[m] for m in shared},
                                    permutations=permutations, seed=seed)
    adjusted = paired.holm([result.p_value] + [s.p_value for s in result.shifts])
    rows = [{"metric": f"MMD ({new.features})", "baseline": None, "new": None, "change": result.mmd2,
             "low": None, "high": None, "p_value": result.p_value, "p_adjusted": adjusted[0],
             "max_shift": None, "failed": adjusted[0] < alpha}]
    limits = dict(max_shift or {})
    for s, p_adj in zip(result.shifts, adjusted[1:]):
        allowed = float(limits.get(s.metric, 0.0))
        rows.append({"metric": s.metric, "baseline": s.baseline_mean, "new": s.new_mean, "change": s.shift,
                     "low": s.low, "high": s.high, "p_value": s.p_value, "p_adjusted": p_adj,
                     "max_shift": allowed, "failed": p_adj < alpha and abs(s.shift) > allowed})
    how = "exact over all relabellings" if result.exact else f"{result.permutations} random relabellings"
    notes.insert(0, f"MMD^2 {result.mmd2:.4g}: Gaussian kernel, bandwidth {result.bandwidth:.3g} (median pairwise "
                    f"distance of the pooled sets); permutation p-value, {how}")
    notes.insert(1, f"{len(rows)} tests at once (MMD + {len(rows) - 1} metric mean shifts, Welch 95% intervals): "
                    f"p-values Holm-adjusted, family-wise alpha {alpha:g}")
    return DistributionVerdict(not any(r["failed"] for r in rows), rows, result, alpha, notes)

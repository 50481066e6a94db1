"""Mode collapse: a set of images (one prompt, many seeds) should not be a few images repeated.

The verdict combines the Vendi score (the effective number of distinct images) over perceptual
hashes, downsampled pixels or a learned embedding, and near-duplicate pairs by pHash distance.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any

import numpy as np

from ..errors import usage
from ..images import InputImage, as_images
from ..metrics import diversity as dm
from ._base import (
    CheckResult,
    ItemVerdict,
    finish,
    raise_if_failed,
    require_fraction,
    require_positive,
    save_artifact,
)

# Two images whose 64-bit pHashes differ in at most this many bits count as near-duplicates.
# Measured (benchmarks/accuracy_diversity.py, sets of 8 and 16, both halves): the closest pair of a
# fully collapsed set lay 0-6 bits apart (0-10 for 8 crops of one photo, one of which passed); no
# pair in sets of different photos, scene crops, textures or faces came closer than 14 bits. Sets
# with only 2-4 perturbed copies among 16 often have no pair this close and pass (see the benchmark).
DEFAULT_DUPLICATE_DISTANCE = 6
# Default min_vendi: this share of the way from 1 (all one image) to the Vendi score that as many
# unrelated images reach on 64-bit pHashes. See default_min_vendi().
DEFAULT_VENDI_SHARE = 0.7
CLOSEST_SHOWN = 5
MAX_PAIRS_KEPT = 100  # one image repeated 64 times makes 2016 pairs; keep the closest
_FEATURE_NAMES = ("phash", "pixels")


@lru_cache(maxsize=256)
def unrelated_vendi(n: int) -> float:
    """Mean Vendi score of ``n`` unrelated images on 64-bit pHashes, modelled as random hashes
    (8 draws, fixed seed: deterministic)."""
    rng = np.random.default_rng(20261126)
    draws = [dm.vendi_from_features(rng.choice([-1.0, 1.0], size=(n, dm.PHASH_BITS))) for _ in range(8)]
    return float(np.mean(draws))


def default_min_vendi(n: int) -> float:
    """``1 + 0.7 * (V_unrelated(n) - 1)``: 10.3 for 16 images, 1.7 for 2, 27.7 for 64.

    Relative to unrelated images rather than to ``n`` because 64-bit hashes cannot make 64
    images fully orthogonal: 64 random hashes score about 39, not 64. The same default serves
    "pixels", where it is stricter (natural images' thumbnails are correlated).
    """
    return 1.0 + DEFAULT_VENDI_SHARE * (unrelated_vendi(n) - 1.0)


def _resolve_features(features: Any) -> tuple[str, Any]:
    """("phash" | "pixels" | "embedder", embedder or None)."""
    if isinstance(features, str):
        if features in _FEATURE_NAMES:
            return features, None
        if features.startswith("clip:") and len(features) > 5:
            from ..backends.embedders import load_embedder

            return "embedder", load_embedder(features)
        raise usage("features", "'phash', 'pixels', 'clip:<model folder or hub id>' or an embedder object", features)
    from ..backends.embedders import ImageEmbedder

    if isinstance(features, ImageEmbedder):
        return "embedder", features
    raise usage("features", "'phash', 'pixels', 'clip:<model folder or hub id>' or an object with embed_images()", features)


def _feature_matrix(kind: str, embedder: Any, ims: list[InputImage], bits: np.ndarray) -> np.ndarray:
    if kind == "phash":
        return dm.phash_features(bits)
    if kind == "pixels":
        return dm.pixel_features([im.pil for im in ims])
    from ..backends.embedders import checked_embeddings

    name = getattr(embedder, "name", type(embedder).__name__)
    return checked_embeddings(embedder.embed_images([im.pil for im in ims]), len(ims), f"features ({name}).embed_images")


def _pair_label(ims: list[InputImage], i: int, j: int) -> str:
    return f"{ims[i].label} ~ {ims[j].label}"


def measure_diversity(
    images: Any,
    *,
    min_vendi: float | None = None,
    max_duplicate_fraction: float = 0.0,
    duplicate_distance: int = DEFAULT_DUPLICATE_DISTANCE,
    features: Any = "phash",
) -> CheckResult:
    """Measure how many distinct images a set holds; see :func:`assert_diverse`."""
    ims = as_images(images, min_count=2)
    n = len(ims)
    require_fraction("max_duplicate_fraction", max_duplicate_fraction)
    if isinstance(duplicate_distance, bool) or not isinstance(duplicate_distance, (int, float)) or not 0 <= duplicate_distance <= dm.PHASH_BITS:
        raise usage("duplicate_distance", f"a pHash distance in bits, 0 to {dm.PHASH_BITS}", duplicate_distance)
    notes: list[str] = []
    embedder_given = (isinstance(features, str) and features.startswith("clip:")) or hasattr(features, "embed_images")
    if min_vendi is None and embedder_given:
        # Checked before an embedder loads: a missing threshold should not cost a model load.
        raise usage(
            "min_vendi",
            "a number when features is an embedder (learned embeddings of unrelated images are not orthogonal, "
            "so there is no calibrated default: measure the Vendi score of a set you consider diverse)",
            None,
        )
    kind, embedder = _resolve_features(features)
    if min_vendi is None:
        threshold = default_min_vendi(n)
        notes.append(
            f"min_vendi default {threshold:.3g}: {DEFAULT_VENDI_SHARE:.0%} of the way from 1 to the Vendi score "
            f"of {n} unrelated images on 64-bit pHashes ({unrelated_vendi(n):.3g})"
        )
    else:
        threshold = require_positive("min_vendi", min_vendi)
        if not 1.0 <= threshold <= n:
            raise usage("min_vendi", f"a number from 1 to the number of images ({n})", min_vendi)

    sizes = sorted({im.pil.size for im in ims})
    if len(sizes) > 1:
        shown = ", ".join(f"{w}x{h}" for w, h in sizes[:4]) + (" ..." if len(sizes) > 4 else "")
        notes.append(
            f"images have {len(sizes)} different sizes ({shown}): each is resized for comparison "
            "(pHash: 32x32 grey; pixels: 16x16), so size alone does not count as diversity"
        )

    bits = dm.phash_bits([im.pil for im in ims])
    distances = dm.hamming_matrix(bits)
    similarity = dm.cosine_similarity(_feature_matrix(kind, embedder, ims, bits))
    vendi = dm.vendi_score(similarity)
    pairs = dm.duplicate_pairs(distances, duplicate_distance)
    dup_fraction = dm.duplicate_fraction(n, pairs)
    vendi_ok = vendi + 1e-9 >= threshold
    dup_ok = dup_fraction <= max_duplicate_fraction + 1e-12
    passed = vendi_ok and dup_ok

    items = [
        ItemVerdict(_pair_label(ims, i, j), False, {"phash_distance": int(d), "similarity": float(similarity[i, j])}, "near-duplicate")
        for i, j, d in pairs[:MAX_PAIRS_KEPT]
    ]
    if len(pairs) > MAX_PAIRS_KEPT:
        notes.append(f"{len(pairs)} near-duplicate pairs; the {MAX_PAIRS_KEPT} closest are kept")
    if not pairs:
        items = [
            ItemVerdict(_pair_label(ims, i, j), True, {"phash_distance": int(d), "similarity": float(similarity[i, j])}, "closest pair")
            for i, j, d in dm.closest_pairs(distances, CLOSEST_SHOWN)
        ]
        notes.append(f"no near-duplicate pairs; the {len(items)} closest pair(s) by pHash distance are listed")
    elif dup_ok:  # tolerated duplicates: list them, but not as failures
        for item in items:
            item.passed = True

    upper = distances[np.triu_indices(n, k=1)]
    metrics = {
        "vendi": vendi,
        "count": n,
        "vendi_per_image": vendi / n,
        "duplicate_pairs": len(pairs),
        "duplicate_fraction": dup_fraction,
        "min_phash_distance": int(upper.min()),
        "median_phash_distance": float(np.median(upper)),
    }
    feature_name = kind if kind != "embedder" else getattr(embedder, "name", type(embedder).__name__)
    thresholds = {
        "min_vendi": threshold,
        "max_duplicate_fraction": max_duplicate_fraction,
        "duplicate_distance": duplicate_distance,
        "features": feature_name,
    }
    why = []
    if not vendi_ok:
        why.append(f"Vendi {vendi:.3g} < {threshold:.3g}")
    if not dup_ok:
        why.append(f"duplicate fraction {dup_fraction:.3g} > {max_duplicate_fraction:.3g}")
    headline = (
        f"Vendi score {vendi:.3g} of {n} images on {feature_name} (min {threshold:.3g}); "
        f"{len(pairs)} near-duplicate pair(s) within {duplicate_distance} pHash bits"
    )
    if why:
        headline += " -- " + "; ".join(why)
    artifacts = [] if passed else _save_artifacts(ims, similarity, pairs, distances)
    return finish(
        CheckResult(
            check="diversity",
            passed=passed,
            metrics=metrics,
            thresholds=thresholds,
            items=items,
            artifacts=artifacts,
            notes=notes,
            headline=headline,
        )
    )


def _save_artifacts(ims: list[InputImage], similarity: np.ndarray, pairs: list[tuple[int, int, float]], distances: np.ndarray) -> list[str]:
    from ..sheets import contact_sheet, heatmap

    shown = pairs[:10] or dm.closest_pairs(distances, 3)
    what = "near-duplicate pairs" if pairs else "closest pairs"
    sheet = contact_sheet(
        [im.pil for im in ims],
        [im.label for im in ims],
        outline_pairs=[(i, j) for i, j, _ in shown],
        title=f"{len(ims)} images; {what} outlined (numbered)",
    )
    heat = heatmap(similarity, [im.label for im in ims], vmin=min(0.0, float(similarity.min())), vmax=1.0, title="feature similarity (cosine)")
    return [
        save_artifact(sheet, "diversity-sheet.png", f"contact sheet, {what} outlined"),
        save_artifact(heat, "diversity-similarity.png", "similarity matrix"),
    ]


def assert_diverse(
    images: Any,
    *,
    min_vendi: float | None = None,
    max_duplicate_fraction: float = 0.0,
    duplicate_distance: int = DEFAULT_DUPLICATE_DISTANCE,
    features: Any = "phash",
) -> CheckResult:
    """Fail when a set of images collapses onto a few distinct images.

    ``min_vendi``: the least Vendi score (effective number of distinct images, 1..n); None uses
    :func:`default_min_vendi` (10.3 for 16 images; required with embedder features).
    ``max_duplicate_fraction``: the largest share of images allowed to repeat an earlier one
    within ``duplicate_distance`` bits of 64-bit pHash (default: none).
    ``features``: "phash" (default; layout and tone), "pixels" (16x16 colour thumbnails, stricter:
    sets that share a layout, such as centred faces of different people, fail its default), an
    embedder (``embed_images(list[PIL]) -> array``) or "clip:<folder or hub id>" for semantic
    diversity. Near-duplicates are always judged by pHash distance. Images of different sizes are
    resized for comparison (a note says so).
    """
    __tracebackhide__ = True
    return raise_if_failed(
        measure_diversity(
            images,
            min_vendi=min_vendi,
            max_duplicate_fraction=max_duplicate_fraction,
            duplicate_distance=duplicate_distance,
            features=features,
        )
    )

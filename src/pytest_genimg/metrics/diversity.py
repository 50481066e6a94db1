"""Diversity of an image set: the Vendi score over feature vectors, perceptual hashes and
near-duplicate pairs (pure numpy; the hashes use imagehash)."""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from PIL import Image

PHASH_BITS = 64  # the 8x8 pHash that duplicate distances are expressed in
PIXEL_SIDE = 16


def vendi_score(similarity: np.ndarray) -> float:
    """Vendi score of a similarity matrix ``K`` (n x n, symmetric PSD, unit diagonal).

    ``exp(-sum(l * log l))`` over the eigenvalues ``l`` of ``K / n``: 1 when all items are the
    same, ``n`` when all are orthogonal — "the effective number of distinct items"
    (Friedman & Dieng, 2023).
    """
    k = np.asarray(similarity, dtype=np.float64)
    if k.ndim != 2 or k.shape[0] != k.shape[1] or k.shape[0] == 0:
        raise ValueError(f"similarity must be a non-empty square matrix, got shape {k.shape}")
    n = k.shape[0]
    eig = np.linalg.eigvalsh((k + k.T) / (2.0 * n))
    return _exp_entropy(eig)


def vendi_from_features(features: np.ndarray) -> float:
    """Vendi score of the cosine kernel of ``features`` (n x d rows, normalised here)."""
    x = normalize_rows(features)
    n, d = x.shape
    # K/n = X X^T / n and X^T X / n share their non-zero eigenvalues: use the smaller matrix.
    gram = x.T @ x if d < n else x @ x.T
    return _exp_entropy(np.linalg.eigvalsh(gram / n))


def _exp_entropy(eigenvalues: np.ndarray) -> float:
    lam = np.clip(eigenvalues, 0.0, None)  # round-off can leave tiny negatives
    total = lam.sum()
    if total <= 0:
        return 1.0
    lam = lam[lam > 1e-12] / total
    return float(np.exp(-np.sum(lam * np.log(lam))))


def normalize_rows(features: np.ndarray) -> np.ndarray:
    """L2-normalise rows; an all-zero row (a flat image) becomes a fixed unit vector."""
    x = np.asarray(features, dtype=np.float64)
    if x.ndim != 2 or x.shape[0] == 0 or x.shape[1] == 0:
        raise ValueError(f"features must be a non-empty n x d matrix, got shape {x.shape}")
    if not np.all(np.isfinite(x)):
        raise ValueError("features contain NaN or inf")
    norms = np.linalg.norm(x, axis=1, keepdims=True)
    out = np.divide(x, norms, out=np.zeros_like(x), where=norms > 0)
    # Flat images have no centred signal; give them all the same direction so they count as alike.
    out[norms[:, 0] == 0, 0] = 1.0
    return out


def cosine_similarity(features: np.ndarray) -> np.ndarray:
    x = normalize_rows(features)
    return np.clip(x @ x.T, -1.0, 1.0)


# ---- perceptual hashes ---------------------------------------------------------------------


def phash_bits(images: Sequence[Image.Image], hash_size: int = 8) -> np.ndarray:
    """pHash of each image as a boolean matrix (n x hash_size**2)."""
    import imagehash

    return np.stack([imagehash.phash(img, hash_size=hash_size).hash.reshape(-1) for img in images])


def hamming_matrix(bits: np.ndarray) -> np.ndarray:
    """Pairwise Hamming distances (n x n, int) between rows of a boolean matrix."""
    b = np.asarray(bits, dtype=np.int32)
    return (b @ (1 - b).T + (1 - b) @ b.T).astype(np.int64)


def phash_features(bits: np.ndarray) -> np.ndarray:
    """Bits as +-1 vectors: their cosine is ``1 - 2 * hamming / nbits``, so unrelated hashes
    (about half the bits differ) are orthogonal and identical hashes are parallel."""
    return np.where(np.asarray(bits, dtype=bool), 1.0, -1.0)


def pixel_features(images: Sequence[Image.Image], side: int = PIXEL_SIDE) -> np.ndarray:
    """Downsampled RGB pixels, centred per image: cosine becomes pixel correlation, so a
    brightness change does not make two images different."""
    rows = []
    for img in images:
        small = np.asarray(img.convert("RGB").resize((side, side), Image.Resampling.BOX), dtype=np.float64)
        flat = small.reshape(-1)
        rows.append(flat - flat.mean())
    return np.stack(rows)


# ---- near duplicates -----------------------------------------------------------------------


def duplicate_pairs(distances: np.ndarray, max_distance: float) -> list[tuple[int, int, float]]:
    """Pairs (i, j, distance), i < j, with ``distance <= max_distance``, closest first."""
    d = np.asarray(distances)
    i, j = np.triu_indices(d.shape[0], k=1)
    keep = d[i, j] <= max_distance
    pairs = [(int(a), int(b), float(d[a, b])) for a, b in zip(i[keep], j[keep])]
    return sorted(pairs, key=lambda p: (p[2], p[0], p[1]))


def closest_pairs(distances: np.ndarray, count: int) -> list[tuple[int, int, float]]:
    """The ``count`` closest pairs (i, j, distance), i < j, closest first."""
    d = np.asarray(distances)
    i, j = np.triu_indices(d.shape[0], k=1)
    order = np.lexsort((j, i, d[i, j]))[:count]
    return [(int(i[k]), int(j[k]), float(d[i[k], j[k]])) for k in order]


def duplicate_fraction(n: int, pairs: Sequence[tuple[int, int, float]]) -> float:
    """Share of images that repeat an earlier image (a member of a pair with a lower index):
    0 when all differ, ``(n - 1) / n`` when all are one image."""
    if n == 0:
        return 0.0
    repeats = {j for _, j, _ in pairs}
    return len(repeats) / n

"""How far each pixel's colour lies from its neighbourhood's dominant colour: faint text made dark.

Text drawn at a contrast of 1.5:1 to 3:1 (a pale sign on a pale wall, grey on green) can leave an
OCR detector's probability map under its box threshold, so nothing is read. Measured as a colour
distance (CIELAB Delta-E) from the locally dominant background, that text stands out as dark ink on
white, whatever its hue or the background's brightness. Pure function on arrays; no OCR.
"""
from __future__ import annotations

import numpy as np

# The neighbourhood is the per-channel median of a WINDOW x WINDOW block of the image shrunk SCALE
# times (36 px at full size: wider than a stroke, so the median is the background around a line of
# text, narrower than a sign plate, so the plate is the background of its own text). Distances are
# divided by their 99.9th percentile, but by at least FLOOR Delta-E: where nothing stands out (a
# smooth gradient) JPEG noise is not stretched into ink. Chosen on the text benchmark's tuning half
# among six settings (windows 9-21, scales 2 and 4, floors 15 and 30): see docs/thresholds.md.
WINDOW = 9
SCALE = 4
FLOOR = 15.0


def background_distance(rgb: np.ndarray, window: int = WINDOW, scale: int = SCALE, floor: float = FLOOR) -> np.ndarray:
    """A grey uint8 image as large as ``rgb`` (H x W x 3, uint8): 255 where a pixel has the colour of
    its neighbourhood's median, darker the farther (CIELAB Delta-E) it lies from it, 0 at the image's
    largest distances (its 99.9th percentile, or ``floor`` Delta-E when that is smaller)."""
    from scipy import ndimage
    from skimage.color import rgb2lab

    pixels = np.asarray(rgb)
    if pixels.ndim != 3 or pixels.shape[2] != 3 or min(pixels.shape[:2]) == 0:
        raise ValueError(f"background_distance: expected an H x W x 3 image, got shape {pixels.shape}")
    lab = rgb2lab(pixels.astype(np.float64) / 255.0)
    small = lab[::scale, ::scale]
    median = np.stack([ndimage.median_filter(small[..., k], size=window) for k in range(3)], axis=-1)
    background = np.repeat(np.repeat(median, scale, axis=0), scale, axis=1)[: lab.shape[0], : lab.shape[1]]
    distance = np.linalg.norm(lab - background, axis=-1)
    top = max(float(np.percentile(distance, 99.9)), floor)
    return (255 - np.clip(distance / top, 0.0, 1.0) * 255).astype(np.uint8)

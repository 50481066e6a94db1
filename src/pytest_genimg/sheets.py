"""Review images for artifacts: a labelled contact sheet (with pairs outlined) and a heat-map
of a matrix, drawn with PIL only so any check can attach them."""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from PIL import Image, ImageDraw, ImageFont

# Distinct outline colours for pairs; pair k uses PAIR_COLOURS[k % len].
PAIR_COLOURS = [
    (230, 25, 75), (60, 180, 75), (0, 130, 200), (245, 130, 48), (145, 30, 180),
    (70, 240, 240), (240, 50, 230), (210, 245, 60), (128, 0, 0), (0, 0, 128),
]
# Viridis anchors (matplotlib's, sampled at 0, .25, .5, .75, 1): readable in grey and by most
# colour-blind readers.
_VIRIDIS = np.array([(68, 1, 84), (59, 82, 139), (33, 145, 140), (94, 201, 98), (253, 231, 37)], dtype=np.float64)
_BG = (255, 255, 255)
_INK = (20, 20, 20)


def _font() -> ImageFont.ImageFont | ImageFont.FreeTypeFont:
    return ImageFont.load_default()


def _text_size(draw: ImageDraw.ImageDraw, text: str, font: object) -> tuple[int, int]:
    box = draw.textbbox((0, 0), text, font=font)  # type: ignore[arg-type]
    return int(box[2] - box[0]), int(box[3] - box[1])


def _fit(text: str, draw: ImageDraw.ImageDraw, font: object, width: int) -> str:
    if _text_size(draw, text, font)[0] <= width:
        return text
    while len(text) > 1 and _text_size(draw, text + "...", font)[0] > width:
        text = text[:-1]
    return text + "..."


def contact_sheet(
    images: Sequence[Image.Image],
    labels: Sequence[str] | None = None,
    *,
    outline_pairs: Sequence[tuple[int, int]] = (),
    thumb: int = 128,
    columns: int | None = None,
    title: str | None = None,
) -> Image.Image:
    """A grid of thumbnails with a label under each; each pair in ``outline_pairs`` is drawn
    around both of its images in its own colour, and numbered, so pairs can be told apart."""
    n = len(images)
    if n == 0:
        raise ValueError("contact_sheet needs at least one image")
    labels = list(labels) if labels is not None else [f"#{i}" for i in range(n)]
    cols = columns or int(np.ceil(np.sqrt(n)))
    rows = int(np.ceil(n / cols))
    pad, label_h = 10, 14
    title_h = 18 if title else 0
    cell_w, cell_h = thumb + 2 * pad, thumb + 2 * pad + label_h
    sheet = Image.new("RGB", (cols * cell_w, rows * cell_h + title_h), _BG)
    draw = ImageDraw.Draw(sheet)
    font = _font()
    if title:
        draw.text((pad, 3), _fit(title, draw, font, sheet.width - 2 * pad), fill=_INK, font=font)
    boxes = []
    for i, img in enumerate(images):
        r, c = divmod(i, cols)
        x0, y0 = c * cell_w + pad, r * cell_h + pad + title_h
        small = img.convert("RGB")
        small.thumbnail((thumb, thumb), Image.Resampling.LANCZOS if max(img.size) > thumb else Image.Resampling.NEAREST)
        if max(small.size) < thumb:  # tiny images: scale up without blurring
            scale = thumb / max(small.size)
            small = small.resize((max(1, round(small.width * scale)), max(1, round(small.height * scale))), Image.Resampling.NEAREST)
        ox, oy = x0 + (thumb - small.width) // 2, y0 + (thumb - small.height) // 2
        sheet.paste(small, (ox, oy))
        boxes.append((ox, oy, ox + small.width, oy + small.height))
        draw.text((x0, y0 + thumb + 2), _fit(labels[i], draw, font, thumb), fill=_INK, font=font)
    depth = [0] * n  # nested outlines when an image belongs to several pairs
    for k, (a, b) in enumerate(outline_pairs):
        colour = PAIR_COLOURS[k % len(PAIR_COLOURS)]
        for idx in (a, b):
            if not 0 <= idx < n:
                continue
            d = 2 + 3 * min(depth[idx], 2)
            x0, y0, x1, y1 = boxes[idx]
            draw.rectangle((x0 - d, y0 - d, x1 + d - 1, y1 + d - 1), outline=colour, width=3)
            draw.rectangle((x0, y0, x0 + 16, y0 + 12), fill=colour)
            draw.text((x0 + 2, y0), str(k + 1), fill=_BG, font=font)
            depth[idx] += 1
    return sheet


def colormap(values: np.ndarray, vmin: float, vmax: float) -> np.ndarray:
    """Map values to viridis RGB (uint8, shape + (3,)); NaN becomes grey."""
    v = np.asarray(values, dtype=np.float64)
    span = vmax - vmin if vmax > vmin else 1.0
    t = np.clip((v - vmin) / span, 0.0, 1.0) * (len(_VIRIDIS) - 1)
    lo = np.floor(np.nan_to_num(t)).astype(int).clip(0, len(_VIRIDIS) - 2)
    frac = (np.nan_to_num(t) - lo)[..., None]
    rgb = _VIRIDIS[lo] * (1 - frac) + _VIRIDIS[lo + 1] * frac
    rgb[np.isnan(v)] = (160, 160, 160)
    return np.round(rgb).astype(np.uint8)


def heatmap(
    matrix: np.ndarray,
    labels: Sequence[str] | None = None,
    *,
    vmin: float | None = None,
    vmax: float | None = None,
    cell: int | None = None,
    title: str | None = None,
    annotate: bool | None = None,
) -> Image.Image:
    """A matrix drawn as coloured cells (viridis), row/column indices, values written in the
    cells when they fit, and a colour bar with the range; ``labels`` (one line each, e.g.
    "#3 seed=3") are listed under it."""
    m = np.asarray(matrix, dtype=np.float64)
    if m.ndim != 2 or m.size == 0:
        raise ValueError(f"heatmap needs a non-empty 2-D matrix, got shape {m.shape}")
    rows, cols = m.shape
    finite = m[np.isfinite(m)]
    lo = float(vmin) if vmin is not None else (float(finite.min()) if finite.size else 0.0)
    hi = float(vmax) if vmax is not None else (float(finite.max()) if finite.size else 1.0)
    cell = cell or int(np.clip(512 // max(rows, cols), 6, 48))
    annotate = cell >= 30 if annotate is None else annotate
    font = _font()
    margin, title_h, bar_w = 28, 18 if title else 0, 16
    grid_w, grid_h = cols * cell, rows * cell
    listed = [str(t) for t in (labels or [])][:64]
    legend_h = 12 * len(listed) + 6 if listed else 0
    width = margin + grid_w + 12 + bar_w + 60
    height = title_h + margin + grid_h + 8 + legend_h
    out = Image.new("RGB", (width, height), _BG)
    colours = colormap(m, lo, hi)
    grid = Image.fromarray(colours).resize((grid_w, grid_h), Image.Resampling.NEAREST)
    gx, gy = margin, title_h + margin
    out.paste(grid, (gx, gy))
    draw = ImageDraw.Draw(out)
    if title:
        draw.text((4, 3), _fit(title, draw, font, width - 8), fill=_INK, font=font)
    step = max(1, int(np.ceil(14 / cell)))  # keep index labels from overlapping
    for i in range(0, rows, step):
        draw.text((2, gy + i * cell + cell // 2 - 6), str(i), fill=_INK, font=font)
    for j in range(0, cols, step):
        draw.text((gx + j * cell + 1, gy - 14), str(j), fill=_INK, font=font)
    if annotate:
        for i in range(rows):
            for j in range(cols):
                if not np.isfinite(m[i, j]):
                    continue
                text = f"{m[i, j]:.2g}"
                light = colours[i, j].mean() < 128
                draw.text((gx + j * cell + 2, gy + i * cell + cell // 2 - 6), text, fill=_BG if light else _INK, font=font)
    bx = gx + grid_w + 12
    ramp = np.linspace(hi, lo, max(grid_h, 2))[:, None].repeat(bar_w, axis=1)
    out.paste(Image.fromarray(colormap(ramp, lo, hi)), (bx, gy))
    draw.text((bx + bar_w + 3, gy - 2), f"{hi:.3g}", fill=_INK, font=font)
    draw.text((bx + bar_w + 3, gy + grid_h - 10), f"{lo:.3g}", fill=_INK, font=font)
    for k, text in enumerate(listed if legend_h else []):
        draw.text((4, gy + grid_h + 6 + 12 * k), _fit(text, draw, font, width - 8), fill=_INK, font=font)
    return out

"""The scan's bookkeeping: what a pass finds on a cut-out tile is put back where that tile was cut."""
from __future__ import annotations

import numpy as np
from PIL import Image
from test_metrics_anatomy import make_person

from pytest_genimg.backends.scan import ScanSettings, scan
from pytest_genimg.metrics.anatomy import Hand, person_tiles


def coordinate_image(width: int, height: int) -> np.ndarray:
    """Each pixel spells its own place: red x mod 256, blue y mod 256, green x // 256 + 4 (y // 256)."""
    y, x = np.mgrid[0:height, 0:width]
    return np.stack([x % 256, x // 256 + 4 * (y // 256), y % 256], axis=-1).astype(np.uint8)


class CentreReader:
    """An engine that finds one person in the whole image and, on every tile, one hand on the tile's
    centre pixel, noting where in the image that pixel came from (read off its colour)."""

    def __init__(self, person: object, size: tuple[int, int]) -> None:
        self.person, self.size, self.sources = person, size, []

    def people(self, rgb: np.ndarray) -> list:
        return [self.person] if rgb.shape[1::-1] == self.size else []

    def hands(self, rgb: np.ndarray) -> list[Hand]:
        if rgb.shape[1::-1] == self.size:
            return []
        cy, cx = rgb.shape[0] // 2, rgb.shape[1] // 2
        r, g, b = (int(v) for v in rgb[cy, cx])
        self.sources.append((r + 256 * (g % 4), b + 256 * (g // 4)))
        return [Hand(np.vstack([[cx, cy], np.full((20, 2), [cx + 1.0, cy + 1.0])]), 0.9)]


def test_a_hand_found_on_a_tile_lands_where_the_tile_was_cut() -> None:
    """Tiles around a body have fractional edges; the crop starts at their integer part, and so must
    the hand's offset (it was up to 1 px off)."""
    width, height = 700, 600
    person = make_person(cx=300.5, top=20.25)
    settings = ScanSettings(min_tile_px=0, pose_tiles=False)  # no upscaling: tile pixels are image pixels
    tiles = person_tiles(person, (width, height), scale=settings.person_tile, overlap=settings.hand_overlap,
                         min_side=settings.min_tile)
    assert any(b[0] % 1 for b in tiles), "the test needs a tile with a fractional edge"
    engine = CentreReader(person, (width, height))
    found = scan(engine, Image.fromarray(coordinate_image(width, height)), settings)
    placed = {(float(h.points[0][0]), float(h.points[0][1])) for h in found.hands}
    assert engine.sources and all(source in placed for source in engine.sources), (engine.sources, placed)

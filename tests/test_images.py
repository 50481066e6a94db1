"""The one image-conversion helper every check uses: empty images are usage errors naming the argument
and index, wherever they enter (checks, snapshots, reference indexes)."""
from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from pytest_genimg.errors import GenImgUsageError
from pytest_genimg.images import as_images, to_pil

GOOD = Image.new("RGB", (8, 8), (10, 200, 30))


@pytest.mark.parametrize("size", [(0, 0), (0, 5), (5, 0)])
def test_an_empty_pil_image_is_refused_with_its_index(size: tuple[int, int]) -> None:
    with pytest.raises(GenImgUsageError, match=rf"^images\[1\]: expected a non-empty image, got '{size[0]}x{size[1]} image'"):
        as_images([GOOD, Image.new("RGB", size)])
    with pytest.raises(GenImgUsageError, match="^baseline: expected a non-empty image"):
        to_pil(Image.new("L", size), "baseline")


@pytest.mark.parametrize("array", [np.zeros((0, 5, 3), np.uint8), np.zeros((5, 0), np.float32)])
def test_an_empty_array_is_refused_with_its_index(array: np.ndarray) -> None:
    with pytest.raises(GenImgUsageError, match=r"^images\[0\]: expected a non-empty image"):
        as_images([array])


def test_checks_refuse_empty_images_before_measuring(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    from pytest_genimg import measure_detail, measure_diversity, measure_valid_output
    from pytest_genimg.checks.memorization import build_reference_index

    monkeypatch.chdir(tmp_path)
    empty = Image.new("RGB", (0, 5))
    with pytest.raises(GenImgUsageError, match=r"^images\[0\]: expected a non-empty image"):
        measure_valid_output([empty])
    with pytest.raises(GenImgUsageError, match=r"^images\[2\]: expected a non-empty image"):
        measure_diversity([GOOD, GOOD, empty])
    with pytest.raises(GenImgUsageError, match=r"^images\[0\]: expected a non-empty image"):
        measure_detail(empty)
    with pytest.raises(GenImgUsageError, match=r"^folder_or_images\[1\]: expected a non-empty image"):
        build_reference_index([GOOD, empty])
    with pytest.raises(GenImgUsageError, match=r"^folder_or_images\[0\]: expected a non-empty image"):
        build_reference_index({"blank": empty})

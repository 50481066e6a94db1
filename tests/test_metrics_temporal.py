"""Temporal metrics against hand-computed values and a known shift."""
from __future__ import annotations

import numpy as np
import pytest

from pytest_genimg.metrics import temporal as tm


def _photo(side: int = 96) -> np.ndarray:
    import skimage.data as data

    from PIL import Image

    return np.asarray(Image.fromarray(data.astronaut()).resize((side + 16, side + 16)), dtype=np.float32)


def test_mean_abs_diff_and_brightness_jump_by_hand():
    a = np.zeros((4, 4, 3), np.float32)
    b = np.full((4, 4, 3), 10, np.float32)
    assert tm.mean_abs_diff(a, b) == 10.0
    assert tm.brightness_jump(a, b) == pytest.approx(10.0)  # luma weights sum to 1
    c = a.copy()
    c[..., 0] = 100  # red only: luma moves by 0.299 * 100
    assert tm.brightness_jump(a, c) == pytest.approx(29.9, abs=1e-4)
    assert tm.mean_abs_diff(a, c) == pytest.approx(100 / 3)


def test_vbench_flicker_score():
    assert tm.vbench_flicker_score([0.0, 0.0]) == 1.0
    assert tm.vbench_flicker_score([25.5, 25.5]) == pytest.approx(0.9)
    assert tm.vbench_flicker_score([]) == 1.0


def test_analysis_frame_downscales_but_never_upscales():
    big = np.zeros((256, 512, 3), np.uint8)
    assert tm.analysis_frame(big).shape == (64, 128, 3)
    small = np.zeros((40, 60, 3), np.uint8)
    assert tm.analysis_frame(small).shape == (40, 60, 3)


def test_similarity_of_identical_frames_is_one():
    f = _photo()
    assert tm.similarity(f, f) == pytest.approx(1.0)


def test_motion_compensation_removes_a_shift():
    full = _photo()
    prev, cur = full[8:-8, 6:-10], full[8:-8, 8:-8]  # content moves 2 px left
    step = tm.transition(prev, cur, 1)
    raw = tm.transition(prev, cur, 1, motion_compensation=False)
    assert step.raw_diff == raw.flicker  # without compensation flicker is the raw difference
    assert step.flicker < 0.3 * step.raw_diff
    assert step.similarity > 0.9 > raw.similarity
    assert step.brightness_jump == pytest.approx(raw.brightness_jump)


def test_transitions_are_numbered_by_their_later_frame():
    f = _photo().astype(np.uint8)
    steps = tm.transitions([f, f, np.clip(f.astype(int) + 30, 0, 255).astype(np.uint8)])
    assert [s.index for s in steps] == [1, 2]
    assert steps[0].flicker == pytest.approx(0.0, abs=1e-3)
    assert steps[1].brightness_jump > 20

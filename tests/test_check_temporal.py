"""assert_temporally_consistent on sequences made from a photo: smooth pans and zooms pass; flicker
frames, brightness jumps and swapped backgrounds fail; every accepted input form; precise errors."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from pytest_genimg.checks.temporal import assert_temporally_consistent, measure_temporal_consistency
from pytest_genimg.errors import GenImgAssertionError, GenImgUsageError
from pytest_genimg.frames import as_frames, read_video
from pytest_genimg.generated import GeneratedVideo

SIDE, N, K = 96, 7, 4  # frame side, frames, where failures start


@pytest.fixture(autouse=True)
def _artifacts_in_tmp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)


def _photo(name: str = "astronaut") -> np.ndarray:
    import skimage.data as data

    return np.asarray(Image.fromarray(getattr(data, name)()).resize((192, 192)))


def _pan(dx: int = 2, photo: np.ndarray | None = None) -> list[np.ndarray]:
    img = _photo() if photo is None else photo
    return [img[40 : 40 + SIDE, 20 + dx * t : 20 + dx * t + SIDE] for t in range(N)]


def _zoom(rate: float = 0.02) -> list[np.ndarray]:
    img = Image.fromarray(_photo())
    out = []
    for t in range(N):
        s = 160 * (1 - rate) ** t
        box = (96 - s / 2, 96 - s / 2, 96 + s / 2, 96 + s / 2)
        out.append(np.asarray(img.resize((SIDE, SIDE), Image.Resampling.BICUBIC, box=box)))
    return out


def _brighter(frame: np.ndarray, amount: int) -> np.ndarray:
    return np.clip(frame.astype(int) + amount, 0, 255).astype(np.uint8)


@pytest.mark.parametrize("frames", [_pan(1), _pan(3), _zoom(0.02), _zoom(0.04)], ids=["pan1", "pan3", "zoom2", "zoom4"])
def test_smooth_pans_and_zooms_pass(frames):
    result = assert_temporally_consistent(frames)
    assert result.metrics["frames"] == N and result.metrics["max_flicker"] < 10


def test_a_flicker_frame_fails_at_its_index_with_a_strip():
    frames = _pan()
    rng = np.random.default_rng(0)
    frames[K] = np.clip(frames[K] + rng.normal(0, 40, frames[K].shape), 0, 255).astype(np.uint8)
    result = measure_temporal_consistency(frames)
    assert not result.passed
    assert result.metrics["worst_frame"] in (K, K + 1)
    assert {i.label for i in result.failed_items} <= {f"frame {K - 1} -> {K}", f"frame {K} -> {K + 1}"}
    assert "flicker" in result.failed_items[0].reason
    strip = result.artifacts[0]
    assert Path(strip).is_file() and "temporal-frames" in strip


def test_a_brightness_jump_fails_at_the_jump():
    frames = [f if t < K else _brighter(f, 25) for t, f in enumerate(_pan())]
    result = measure_temporal_consistency(frames)
    assert not result.passed and result.metrics["worst_frame"] == K
    (failed,) = result.failed_items
    assert failed.label == f"frame {K - 1} -> {K}" and "brightness jump" in failed.reason


def test_a_swapped_background_fails():
    other = _photo("coffee")
    yy, xx = np.mgrid[:SIDE, :SIDE]
    subject = (((yy - SIDE / 2) / 30) ** 2 + ((xx - SIDE / 2) / 24) ** 2 < 1)[..., None]
    frames = [f if t < K else np.where(subject, f, other[:SIDE, :SIDE]) for t, f in enumerate(_pan())]
    with pytest.raises(GenImgAssertionError) as info:
        assert_temporally_consistent(frames)
    message = str(info.value)
    assert f"worst at frame {K}" in message and "SSIM" in message


def test_raw_differences_are_kept_for_reference():
    result = measure_temporal_consistency(_pan(3))
    assert result.metrics["vbench_flicker_score"] < 1.0
    assert all(i.values["raw_diff"] > i.values["flicker"] for i in result.items)
    raw = measure_temporal_consistency(_pan(3), motion_compensation=False)
    assert raw.notes and all(i.values["raw_diff"] == i.values["flicker"] for i in raw.items)


def _vbench_temporal_flickering(frames: list[np.ndarray]) -> float:
    """VBench's temporal_flickering.py, directly: ``calculate_mae`` (cv2.absdiff of float32 frames,
    averaged over every pixel and channel) of each consecutive pair, then (255 - mean) / 255."""
    cv2 = pytest.importorskip("cv2")
    maes = [np.mean(cv2.absdiff(np.array(a, dtype=np.float32), np.array(b, dtype=np.float32))) for a, b in zip(frames, frames[1:])]
    return (255.0 - np.mean(maes).item()) / 255.0


@pytest.mark.parametrize("motion_compensation", [False, True])
def test_vbench_flicker_score_is_vbenchs_formula_at_full_resolution(motion_compensation):
    # 256 px random frames: VBench's formula gives 0.665; on 128 px copies it was 0.836.
    frames = [np.random.default_rng(i).integers(0, 256, (256, 256, 3), dtype=np.uint8) for i in range(4)]
    expected = _vbench_temporal_flickering(frames)
    result = measure_temporal_consistency(frames, motion_compensation=motion_compensation)
    assert result.metrics["vbench_flicker_score"] == pytest.approx(expected, abs=1e-6)
    assert expected == pytest.approx(0.665, abs=0.005)
    raw = [item.values["raw_diff"] for item in result.items]
    assert raw == pytest.approx([np.abs(a.astype(float) - b.astype(float)).mean() for a, b in zip(frames, frames[1:])], abs=1e-3)


def test_accepts_arrays_generated_videos_and_gif_files(tmp_path):
    frames = _pan()
    assert measure_temporal_consistency(np.stack(frames)).passed
    video = GeneratedVideo([Image.fromarray(f) for f in frames], "a pan", 3)
    assert measure_temporal_consistency(video).passed
    gif = tmp_path / "pan.gif"
    import imageio.v3 as iio

    iio.imwrite(gif, np.stack(frames), duration=125, loop=0)
    assert read_video(gif).shape[0] == N
    assert measure_temporal_consistency(str(gif)).metrics["frames"] == N


def test_reads_mp4_through_opencv_when_imageio_cannot(tmp_path):
    cv2 = pytest.importorskip("cv2")
    path = tmp_path / "pan.mp4"
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"mp4v"), 8, (SIDE, SIDE))
    if not writer.isOpened():
        pytest.skip("this OpenCV build cannot write mp4")
    for f in _pan():
        writer.write(np.ascontiguousarray(f[..., ::-1]))
    writer.release()
    assert as_frames(path)[0].pil.size == (SIDE, SIDE)


@pytest.mark.parametrize(
    "frames, expected",
    [
        ([np.zeros((32, 32, 3), np.uint8)], "at least 2 images"),
        (np.zeros((32, 32, 3), np.uint8), "a 3-D array is not a frame stack"),
        ([np.zeros((32, 32, 3), np.uint8), np.zeros((32, 40, 3), np.uint8)], "frames of one size"),
        ("no/such/video.mp4", "an existing video file"),
        (42, "a GeneratedVideo"),
        ([np.zeros((8, 8, 3), np.uint8)] * 2, "at least 16 px"),
    ],
)
def test_bad_frames_are_usage_errors(frames, expected):
    with pytest.raises(GenImgUsageError, match="^frames: expected") as info:
        measure_temporal_consistency(frames)
    assert expected in str(info.value)


def test_a_file_that_is_not_a_video_is_named(tmp_path):
    deep = tmp_path / ("a-long-folder-name-" * 4) / "and-another-one"  # the error keeps the file name
    deep.mkdir(parents=True)
    bogus = deep / "notes.mp4"
    bogus.write_text("not a video")
    with pytest.raises(GenImgUsageError, match="notes.mp4"):
        read_video(bogus)


@pytest.mark.parametrize(
    "kwargs, argument",
    [({"max_flicker": 0}, "max_flicker"), ({"max_brightness_jump": -1}, "max_brightness_jump"),
     ({"min_frame_similarity": 1.5}, "min_frame_similarity"), ({"motion_compensation": "yes"}, "motion_compensation")],
)
def test_bad_thresholds_are_usage_errors(kwargs, argument):
    with pytest.raises(GenImgUsageError, match=f"^{argument}: expected"):
        measure_temporal_consistency(_pan()[:2], **kwargs)

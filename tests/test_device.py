"""Device selection with CUDA and MPS availability faked, xdist GPU assignment, and the gpu marker."""
from __future__ import annotations

from types import SimpleNamespace

import pytest

from pytest_genimg.device import resolve_device, resolve_dtype, worker_index
from pytest_genimg.errors import GenImgUsageError


def fake_torch(cuda: int = 0, mps: bool = False) -> SimpleNamespace:
    return SimpleNamespace(
        __version__="2.x-fake",
        cuda=SimpleNamespace(is_available=lambda: cuda > 0, device_count=lambda: cuda),
        backends=SimpleNamespace(mps=SimpleNamespace(is_available=lambda: mps)),
    )


@pytest.mark.parametrize(
    ("requested", "cuda", "mps", "worker", "expected"),
    [
        ("auto", 0, False, None, "cpu"),
        ("auto", 0, True, None, "mps"),
        ("auto", 1, True, None, "cuda:0"),
        ("auto", 4, False, 6, "cuda:2"),
        ("cuda", 2, False, 3, "cuda:1"),
        ("cuda", 2, False, None, "cuda:0"),
        ("cuda:1", 2, False, 0, "cuda:1"),
        ("cpu", 8, True, 1, "cpu"),
    ],
)
def test_resolve(requested, cuda, mps, worker, expected) -> None:
    assert resolve_device(requested, worker=worker, torch=fake_torch(cuda, mps)) == expected


@pytest.mark.parametrize(
    ("requested", "cuda", "mps", "message"),
    [
        ("cuda", 0, False, "no CUDA device is usable"),
        ("cuda:3", 2, False, "only 2 CUDA device"),
        ("mps", 1, False, "MPS is not available"),
    ],
)
def test_unavailable_devices_are_explained(requested, cuda, mps, message) -> None:
    with pytest.raises(GenImgUsageError, match=message):
        resolve_device(requested, torch=fake_torch(cuda, mps))


def test_worker_index_and_dtype() -> None:
    assert worker_index("gw3") == 3 and worker_index("master") is None
    assert resolve_dtype("auto", "cuda:0") == "float16"
    assert resolve_dtype("auto", "cpu") == "float32"
    assert resolve_dtype("bfloat16", "cpu") == "bfloat16"


def test_genimg_device_cuda_without_cuda_fails_the_test(pytester: pytest.Pytester) -> None:
    pytester.makepyfile("def test_x(genimg_device): pass")
    result = pytester.runpytest("--genimg-device=cuda")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*--genimg-device=cuda: no CUDA device is usable here*"])


GPU_TEST = """
import pytest
@pytest.mark.gpu
def test_on_gpu():
    pass
def test_anywhere():
    pass
"""


def test_gpu_marker_skips_without_cuda(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(GPU_TEST)
    result = pytester.runpytest("-rs")
    result.assert_outcomes(passed=1, skipped=1)
    result.stdout.fnmatch_lines(["*needs a GPU*"])


def test_require_gpu_turns_the_skip_into_a_failure(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(GPU_TEST)
    result = pytester.runpytest("--genimg-require-gpu")
    result.assert_outcomes(passed=1, errors=1)
    assert result.ret != 0
    result.stdout.fnmatch_lines(["*--genimg-require-gpu forbids skipping it*"])


def test_gpu_marker_runs_when_cuda_is_usable(pytester: pytest.Pytester) -> None:
    pytester.makeconftest(
        """
        import torch, pytest
        @pytest.fixture(autouse=True, scope="session")
        def _fake(): pass
        torch.cuda.is_available = lambda: True
        torch.cuda.device_count = lambda: 1
        """
    )
    pytester.makepyfile(GPU_TEST)
    result = pytester.runpytest_subprocess("--genimg-require-gpu")
    result.assert_outcomes(passed=2)

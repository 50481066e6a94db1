"""Device selection (auto, CUDA index per xdist worker), GPU availability and determinism flags."""
from __future__ import annotations

import os
from typing import Any

from .errors import GenImgUsageError


def _torch() -> Any:
    import torch

    return torch


def cuda_count(torch: Any | None = None) -> int:
    torch = torch or _torch()
    try:
        return int(torch.cuda.device_count()) if torch.cuda.is_available() else 0
    except Exception:  # noqa: BLE001 - a broken driver means no usable GPU
        return 0


def mps_available(torch: Any | None = None) -> bool:
    torch = torch or _torch()
    backend = getattr(torch.backends, "mps", None)
    return bool(backend is not None and backend.is_available())


def worker_index(worker_id: str | None = None) -> int | None:
    """pytest-xdist worker number (gw3 -> 3), or None outside xdist."""
    wid = worker_id if worker_id is not None else os.environ.get("PYTEST_XDIST_WORKER", "")
    return int(wid[2:]) if wid.startswith("gw") and wid[2:].isdigit() else None


def resolve_device(requested: str, *, worker: int | None = None, torch: Any | None = None) -> str:
    """Turn a --genimg-device value into a concrete torch device string, or raise a clear error.

    Under xdist with several GPUs visible, worker *i* takes GPU *i mod count*, so ``pytest -n 4``
    on a 4-GPU machine puts one worker on each GPU.
    """
    torch = torch or _torch()
    count = cuda_count(torch)
    if requested == "auto":
        if count:
            requested = "cuda"
        elif mps_available(torch):
            return "mps"
        else:
            return "cpu"
    if requested == "cpu":
        return "cpu"
    if requested == "mps":
        if not mps_available(torch):
            raise GenImgUsageError("--genimg-device=mps: MPS is not available on this machine (try cpu or auto)")
        return "mps"
    if not count:
        raise GenImgUsageError(
            f"--genimg-device={requested}: no CUDA device is usable here "
            f"(torch {torch.__version__}, torch.cuda.is_available() is False); use cpu or auto"
        )
    if requested == "cuda":
        index = (worker % count) if worker is not None else 0
        return f"cuda:{index}"
    index = int(requested.split(":")[1])
    if index >= count:
        raise GenImgUsageError(f"--genimg-device={requested}: only {count} CUDA device(s) visible (0..{count - 1})")
    return requested


def resolve_dtype(dtype: str, device: str) -> str:
    if dtype == "auto":
        return "float16" if device.startswith("cuda") else "float32"
    return dtype


def default_batch_size(device: str) -> int:
    return 4 if device.startswith("cuda") else 1


def make_deterministic(threads: int = 1) -> None:
    """Deterministic algorithms, cuBLAS workspace, cuDNN flags, no TF32, a fixed CPU thread count."""
    os.environ.setdefault("CUBLAS_WORKSPACE_CONFIG", ":4096:8")
    torch = _torch()
    torch.use_deterministic_algorithms(True, warn_only=True)
    torch.backends.cudnn.deterministic = True
    torch.backends.cudnn.benchmark = False
    torch.backends.cuda.matmul.allow_tf32 = False
    torch.backends.cudnn.allow_tf32 = False
    torch.set_num_threads(threads)


def memory_summary(device: str) -> str:
    """A short 'free of total' line for an OOM message."""
    if not device.startswith("cuda"):
        return "device memory unknown"
    torch = _torch()
    try:
        free, total = torch.cuda.mem_get_info(torch.device(device))
        return f"{free / 2**30:.2f} GiB free of {total / 2**30:.2f} GiB on {device}"
    except Exception:  # noqa: BLE001
        return f"memory of {device} unknown"


def free_cached_memory(device: str) -> None:
    import gc

    gc.collect()
    if device.startswith("cuda"):
        _torch().cuda.empty_cache()

"""prefetch(evaluate=...): engines read finished batches in worker threads and fill the evaluator cache."""
from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from pytest_genimg import evalcache
from pytest_genimg.errors import GenImgUsageError
from pytest_genimg.evalpool import EvaluationPool

CONFTEST = """
import os, threading
import pytest
from pytest_genimg.backends.ocr import OCR_BACKENDS, OcrBox

class FakeOcr:
    '''Not thread-safe: each instance must stay on the thread that made it (within one pool).'''
    thread_safe = False
    name = "fake-1"

    @classmethod
    def identity(cls):
        return {"name": "fake-1"}

    def __init__(self):
        self.thread = threading.get_ident()
        with open(os.environ["LOG"], "a") as fh:
            fh.write(f"new {self.thread}\\n")

    def read(self, image):
        assert threading.get_ident() == self.thread, "an instance was shared between threads"
        with open(os.environ["LOG"], "a") as fh:
            fh.write(f"read {threading.get_ident()}\\n")
        return [OcrBox("EXIT", 0.99, ((0, 0), (9, 0), (9, 9), (0, 9)))]

OCR_BACKENDS.register("fake", FakeOcr, replace=True)

@pytest.fixture
def prefetched(genimg):
    return genimg.prefetch(["a shop sign", "a poster"], range(3), evaluate=["ocr:fake"], workers=2)
"""

SUITE = """
from pytest_genimg.backends.ocr import OCR_BACKENDS
from pytest_genimg.checks.text import assert_text_legible

def test_checks_find_the_readings_ready(genimg, prefetched):
    assert prefetched == 6
    images = genimg.generate("a shop sign", seeds=range(3)) + genimg.generate("a poster", seeds=range(3))
    assert_text_legible(images, "EXIT", engine="fake")
    assert "fake" not in OCR_BACKENDS._instances  # every reading came from the evaluator cache
"""


def test_prefetch_fills_the_evaluator_cache_with_one_engine_per_thread(pytester: pytest.Pytester,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    log = pytester.path / "log.txt"
    monkeypatch.setenv("LOG", str(log))
    pytester.makeconftest(CONFTEST)
    pytester.makepyfile(test_suite=SUITE)
    pytester.runpytest_subprocess("-p", "no:randomly", "-p", "no:cacheprovider").assert_outcomes(passed=1)
    lines = log.read_text().split()
    made = [lines[i + 1] for i in range(0, len(lines), 2) if lines[i] == "new"]
    reads = [lines[i + 1] for i in range(0, len(lines), 2) if lines[i] == "read"]
    assert len(reads) == 6  # each image read once, in the pool, never again by the check
    assert 1 <= len(made) <= 2 and len(set(made)) == len(made)  # at most one instance per worker thread
    assert set(reads) <= set(made)


@pytest.mark.parametrize("evaluate, workers, message", [
    ("ocr", None, "evaluate: expected a list of"),
    (["ocr", "faces"], None, "evaluate: expected a list of"),
    (["ocr:tesseract"], None, "ocr backend: expected one of"),
    (["pose"], 0, "workers: expected a positive integer"),
])
def test_bad_arguments_name_themselves(evaluate: object, workers: object, message: str) -> None:
    with pytest.raises(GenImgUsageError, match=message):
        EvaluationPool(evaluate, workers=workers)  # type: ignore[arg-type]


def test_without_an_evaluator_cache_nothing_runs() -> None:
    with evalcache.use(None):
        with EvaluationPool(["ocr"]) as pool:
            pool.submit([Image.new("RGB", (16, 16))])
    assert pool.evaluated == 0


def test_an_engine_error_reaches_the_caller(tmp_path: Path) -> None:
    from pytest_genimg.backends.ocr import OCR_BACKENDS

    class Broken:
        name = "broken"

        @classmethod
        def identity(cls):
            return {"name": "broken"}

        def read(self, image):
            raise RuntimeError("engine exploded")

    OCR_BACKENDS.register("broken-for-test", Broken, replace=True)
    try:
        with pytest.raises(RuntimeError, match="engine exploded"):
            with EvaluationPool(["ocr:broken-for-test"], workers=1, cache=evalcache.EvalCache(tmp_path)) as pool:
                pool.submit([Image.new("RGB", (16, 16))])
    finally:
        OCR_BACKENDS.unregister("broken-for-test")  # later tests see the registry as shipped


from pytest_genimg.backends.ocr import OcrBox  # noqa: E402


class CountingOcr:
    """Not thread-safe (one caller at a time); finds one line under the check's confidence, so the
    pool's read-ahead also makes the second look, the faint look and the faint look's second look."""
    thread_safe = False
    takes_threads = True
    made: list["CountingOcr"] = []

    @classmethod
    def identity(cls):
        return {"name": "counting"}

    def __init__(self, threads=None):
        import threading
        self.threads, self.reads, self.rereads, self.closed = threads, [], [], False
        self._busy = threading.Lock()
        CountingOcr.made.append(self)

    def read(self, image):
        assert self._busy.acquire(blocking=False), "two threads used one instance at once"
        try:
            self.reads.append(image.size)
            x = len(self.reads)  # each reading's line in its own place: its second look has its own key
            return [OcrBox("EX1T", 0.3, ((x, 0), (x + 9, 0), (x + 9, 9), (x, 9)))]
        finally:
            self._busy.release()

    def reread(self, image, boxes):
        self.rereads.append(len(boxes))
        return {"crop": [OcrBox("EXlT", 0.2, boxes[0].box)]}

    def close(self):
        self.closed = True


@pytest.fixture
def counting(monkeypatch: pytest.MonkeyPatch):
    from pytest_genimg import evalpool
    from pytest_genimg.backends.ocr import OCR_BACKENDS

    CountingOcr.made = []
    monkeypatch.setattr(evalpool, "_IDLE", {})
    OCR_BACKENDS.register("counting-for-test", CountingOcr, replace=True)
    yield CountingOcr
    evalpool.close_idle()
    OCR_BACKENDS.unregister("counting-for-test")


def _images(n: int) -> list[Image.Image]:
    import numpy as np

    return [Image.fromarray(np.random.default_rng(i).integers(0, 256, (32, 32, 3), dtype=np.uint8)) for i in range(n)]


def test_engines_outlive_their_pool_and_close_at_the_end(tmp_path: Path, counting) -> None:
    from pytest_genimg.backends.ocr import OCR_BACKENDS
    from pytest_genimg.evalpool import close_idle

    for round_ in range(3):  # three prefetches, one session: engines are built by the first only
        with EvaluationPool(["ocr:counting-for-test"], workers=2, cache=evalcache.EvalCache(tmp_path)) as pool:
            pool.submit(_images(6 + round_))  # an image more each round: a cache miss every round
    assert 1 <= len(counting.made) <= 2
    assert sum(len(e.reads) for e in counting.made) == 2 * 8  # each of 8 images and its faint look, once
    assert not any(e.closed for e in counting.made)

    class Replaced(CountingOcr):
        pass

    OCR_BACKENDS.register("counting-for-test", Replaced, replace=True)  # a new factory under the same name
    with EvaluationPool(["ocr:counting-for-test"], workers=2, cache=evalcache.EvalCache(tmp_path)) as pool:
        pool.submit(_images(9))
    assert any(type(e) is Replaced for e in counting.made)  # not an idle engine of the old factory
    close_idle()
    assert all(e.closed for e in counting.made)


def test_each_engine_gets_its_share_of_the_cpus(tmp_path: Path, counting, monkeypatch: pytest.MonkeyPatch) -> None:
    from pytest_genimg import evalpool

    monkeypatch.setattr(evalpool.os, "cpu_count", lambda: 16)
    assert evalpool.default_workers() == evalpool.MAX_DEFAULT_WORKERS == 4
    pool = EvaluationPool(["ocr:counting-for-test"], cache=evalcache.EvalCache(tmp_path))
    assert (pool.workers, pool.threads) == (4, 4)
    with pool:
        pool.submit(_images(1))
    assert [e.threads for e in counting.made] == [4]
    assert EvaluationPool(["ocr"], workers=16).threads == 1
    monkeypatch.setattr(evalpool.os, "cpu_count", lambda: None)
    assert (evalpool.default_workers(), EvaluationPool(["ocr"]).threads) == (1, 1)


def test_the_text_checks_faint_look_finds_its_reading_ready(tmp_path: Path, counting,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    from pytest_genimg.checks.text import measure_text_legible

    images = _images(2)
    cache = evalcache.EvalCache(tmp_path)
    with EvaluationPool(["ocr:counting-for-test"], workers=1, cache=cache) as pool:
        pool.submit(images)
    (engine,) = counting.made
    assert len(engine.reads) == 4  # each image, then its background distance (nothing kept in either)
    assert engine.rereads == [1] * 4  # the second look at each reading's line
    def no_map(*args, **kwargs):
        raise AssertionError("a cached faint reading needs no distance map")

    monkeypatch.setattr("pytest_genimg.metrics.background.background_distance", no_map)
    with evalcache.use(cache):
        result = measure_text_legible(images, expected="EXIT", engine="counting-for-test")
    assert not result.passed
    assert len(engine.reads) == 4 and len(engine.rereads) == 4  # the check found every reading in the cache
    assert len(counting.made) == 1, [(e.reads, e.rereads) for e in counting.made]

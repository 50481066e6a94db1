"""The evaluator cache: raw OCR and pose outputs reused across runs, verdicts recomputed from them."""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from pytest_genimg import evalcache
from pytest_genimg.backends.cached import CachedOcr, CachedPose
from pytest_genimg.backends.ocr import OCR_BACKENDS, OcrBox
from pytest_genimg.backends.pose import POSE_BACKENDS
from pytest_genimg.backends.scan import ScanSettings
from pytest_genimg.checks.anatomy import measure_anatomy
from pytest_genimg.checks.text import measure_text_legible
from pytest_genimg.errors import GenImgUsageError
from pytest_genimg.evalcache import EvalCache


def sign(text: str, size: tuple[int, int] = (240, 160)) -> Image.Image:
    image = Image.new("RGB", size, "white")
    ImageDraw.Draw(image).text((20, 58), text, font=ImageFont.load_default(size=44), fill=(10, 10, 10))
    return image


class CountingOcr:
    """An OCR engine that reads a fixed line and counts its calls; its identity holds a version."""

    def __init__(self, text: str = "EXIT", version: str = "1.0") -> None:
        self.text, self.version, self.calls = text, version, 0
        self.name = f"counting-{version}"

    def cache_identity(self) -> dict[str, Any]:
        return {"name": self.name, "version": self.version}

    def read(self, image: Image.Image) -> list[OcrBox]:
        self.calls += 1
        return [OcrBox(self.text, 0.97, ((0.0, 0.0), (10.0, 0.0), (10.0, 5.0), (0.0, 5.0)), (0.9,) * len(self.text),
                       tuple((("0", 0.01),) for _ in self.text))]


def test_roundtrip_damage_and_kind_validation(tmp_path: Path) -> None:
    cache = EvalCache(tmp_path)
    ident, img = evalcache.identity_digest({"name": "e"}), evalcache.image_digest(sign("A"))
    assert cache.get("ocr", ident, img) is None and cache.misses == 1
    cache.put("ocr", ident, img, [{"x": 1.5}])
    assert cache.get("ocr", ident, img) == [{"x": 1.5}] and cache.hits == 1
    entry = next(tmp_path.glob("ocr/??/*.json"))
    for damage in ("{", json.dumps({"format": 1, "key": "0" * 64, "output": []}), ""):
        entry.write_text(damage)
        assert cache.get("ocr", ident, img) is None
        assert not entry.exists()  # a damaged entry is removed, then rewritten by the next run
        cache.put("ocr", ident, img, [{"x": 1.5}])
    with pytest.raises(ValueError, match="evaluator kind"):
        cache.get("../x", ident, img)


def test_image_digest_follows_pixels_not_objects() -> None:
    a, b = sign("EXIT"), sign("EXIT")
    assert evalcache.image_digest(a) == evalcache.image_digest(b)
    b.putpixel((0, 0), (254, 255, 255))
    assert evalcache.image_digest(a) != evalcache.image_digest(b)
    assert evalcache.image_digest(a) != evalcache.image_digest(a.convert("RGBA"))


def test_eviction_keeps_the_cap(tmp_path: Path) -> None:
    cache = EvalCache(tmp_path, max_bytes=2000)
    ident = evalcache.identity_digest({"name": "e"})
    for i in range(40):
        cache.put("pose", ident, f"{i:064x}", {"points": list(range(20))})
    cache.evict()
    total = sum(p.stat().st_size for p in tmp_path.glob("*/??/*.json"))
    assert 0 < total <= 2000


def test_a_changed_threshold_is_judged_from_the_cached_reading(tmp_path: Path) -> None:
    engine = CountingOcr("EXIT")
    with evalcache.use(EvalCache(tmp_path)):
        first = measure_text_legible(sign("x"), "EXIT", engine=engine)
        strict = measure_text_legible(sign("x"), "EXIT!", max_cer=0.1, ignore_punctuation=False, engine=engine)
        loose = measure_text_legible(sign("x"), "EXIT!", max_cer=0.3, engine=engine)
    assert engine.calls == 1  # three verdicts, one engine run
    assert first.passed and not strict.passed and loose.passed
    assert strict.items[0].values["cer"] == 0.2


def test_an_engine_whose_version_changed_misses(tmp_path: Path) -> None:
    with evalcache.use(EvalCache(tmp_path)):
        old = CountingOcr("EXIT", version="1.0")
        measure_text_legible(sign("x"), "EXIT", engine=old)
        new = CountingOcr("EXTI", version="1.1")
        result = measure_text_legible(sign("x"), "EXIT", engine=new)
    assert new.calls == 1 and not result.passed  # the new engine ran: no stale 'EXIT' from 1.0


def test_engines_that_do_not_describe_themselves_are_never_cached(tmp_path: Path) -> None:
    class Anonymous(CountingOcr):
        cache_identity = None  # type: ignore[assignment]

    engine = Anonymous()
    with evalcache.use(EvalCache(tmp_path)):
        for _ in range(2):
            measure_text_legible(sign("x"), "EXIT", engine=engine)
    assert engine.calls == 2 and not list(tmp_path.rglob("*.json"))


def test_nothing_is_cached_without_an_active_cache() -> None:
    engine = CountingOcr()
    with evalcache.use(None):  # as outside pytest (this test itself runs inside the plugin's cache)
        for _ in range(2):
            measure_text_legible(sign("x"), "EXIT", engine=engine)
    assert engine.calls == 2


def test_a_wrong_shape_entry_is_recomputed(tmp_path: Path) -> None:
    cache, engine = EvalCache(tmp_path), CountingOcr()
    ocr = CachedOcr(engine, cache)
    cache.put("ocr", ocr.identity, evalcache.image_digest(sign("x")), [{"text": "no other fields"}])
    assert [b.text for b in ocr.read(sign("x"))] == ["EXIT"] and engine.calls == 1
    assert [b.text for b in CachedOcr(engine, cache).read(sign("x"))] == ["EXIT"] and engine.calls == 1


def test_a_wrong_shape_second_look_entry_is_recomputed(tmp_path: Path) -> None:
    from pytest_genimg.backends.cached import boxes_digest
    from pytest_genimg.backends.ocr import REREAD_VARIANTS

    class Rereading(CountingOcr):
        def reread(self, image: Image.Image, boxes: list[OcrBox]) -> dict[str, list[OcrBox]]:
            self.calls += 1
            return {"margin": self.read(image)}

    cache, engine = EvalCache(tmp_path), Rereading()
    ocr = CachedOcr(engine, cache)
    boxes = engine.read(sign("x"))
    key = evalcache.identity_digest({"engine": ocr.identity, "extra": f"reread:{REREAD_VARIANTS!r}:{boxes_digest(boxes)}"})
    cache.put("ocr", key, evalcache.image_digest(sign("x")), [["a list, not", "a mapping"]])
    engine.calls = 0
    assert [b.text for b in ocr.reread(sign("x"), boxes)["margin"]] == ["EXIT"] and engine.calls == 2  # recomputed
    assert [b.text for b in CachedOcr(engine, cache).reread(sign("x"), boxes)["margin"]] == ["EXIT"] and engine.calls == 2


def test_unknown_backend_name_is_a_usage_error() -> None:
    with pytest.raises(GenImgUsageError, match="ocr backend: expected one of .*'rapidocr'"):
        CachedOcr("tesseract")


def test_named_backends_have_identities_without_being_built() -> None:
    pytest.importorskip("rapidocr")
    OCR_BACKENDS.close_all()
    POSE_BACKENDS.close_all()  # engines other tests built: this test is about not building them
    ocr, pose = CachedOcr("rapidocr"), CachedPose("mediapipe")
    assert ocr.name.startswith("rapidocr-3.") and pose.name.startswith("mediapipe-")
    assert "rapidocr" not in OCR_BACKENDS._instances and "mediapipe" not in POSE_BACKENDS._instances
    other = OCR_BACKENDS.identity("rapidocr")
    assert other is not None and other["models"] != "absent" and other["params"]["use_cls"] is True


# ---- the real engines: a hit never starts them, and gives the same verdict ----------------------

def test_real_ocr_hit_needs_no_engine_and_gives_the_same_verdict(tmp_path: Path) -> None:
    pytest.importorskip("rapidocr")
    images = [sign("EXIT"), sign("EXTI")]
    with evalcache.use(EvalCache(tmp_path)) as cache:
        fresh = measure_text_legible(images, "EXIT", min_pass_rate=0.5)
        OCR_BACKENDS.close_all()
        cached = measure_text_legible(images, "EXIT", min_pass_rate=0.5)
        assert "rapidocr" not in OCR_BACKENDS._instances  # served from the cache: never started
        stricter = measure_text_legible(images, "EXIT", min_pass_rate=1.0)
    # per run: two readings and the failing image's second look ("EXTI" fails; it is read again)
    assert cache.hits == 6 and cache.misses == 3
    assert [i.values for i in fresh.items] == [i.values for i in cached.items]
    assert fresh.passed and cached.passed and not stricter.passed


def test_real_pose_hit_needs_no_engine_and_gives_the_same_counts(tmp_path: Path) -> None:
    pytest.importorskip("mediapipe")
    from skimage import data

    astronaut = Image.fromarray(data.astronaut())
    with evalcache.use(EvalCache(tmp_path)):
        fresh = measure_anatomy(astronaut)
        POSE_BACKENDS.close_all()
        cached = measure_anatomy(astronaut, min_people=2)  # a changed requirement, no new scan
        assert "mediapipe" not in POSE_BACKENDS._instances
        other_tiling = CachedPose("mediapipe").scan(astronaut, ScanSettings(tiles=False))
        assert "mediapipe" in POSE_BACKENDS._instances  # other scan settings are another entry
    assert fresh.people == cached.people == 1 and fresh.hands == cached.hands
    assert fresh.passed and not cached.passed
    assert np.array_equal(fresh.per_image[0].scan.people[0].points, cached.per_image[0].scan.people[0].points)
    assert other_tiling.passes == 1


INNER = """
import json, os
from PIL import Image
from pytest_genimg.backends.ocr import OcrBox
from pytest_genimg.checks.text import assert_text_legible

class Counting:
    name = "counting"
    def cache_identity(self):
        return {"name": "counting"}
    def read(self, image):
        with open(os.environ["CALLS"], "a") as fh:
            fh.write("x")
        return [OcrBox("EXIT", 0.99, ((0, 0), (9, 0), (9, 9), (0, 9)))]

def test_sign():
    assert_text_legible(Image.new("RGB", (32, 32), "white"), "EXIT", engine=Counting())
"""


@pytest.mark.parametrize("option, runs_of_engine", [((), 1), (("--genimg-no-eval-cache",), 2), (("--genimg-no-cache",), 2)])
def test_options_switch_the_cache_off(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch,
                                      option: tuple[str, ...], runs_of_engine: int) -> None:
    calls = pytester.path / "calls.txt"
    monkeypatch.setenv("CALLS", str(calls))
    pytester.makepyfile(test_sign=INNER)
    for _ in range(2):
        pytester.runpytest("-p", "no:randomly", "-p", "no:cacheprovider", *option).assert_outcomes(passed=1)
    assert len(calls.read_text()) == runs_of_engine
    assert (pytester.path / ".genimg_cache" / "eval").exists() == (not option)
    if not option:
        assert os.listdir(pytester.path / ".genimg_cache" / "eval") == ["ocr"]


# ---- embeddings ------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def tiny_clip(tmp_path_factory: pytest.TempPathFactory) -> str:
    from _tiny_clip import tiny_folder

    return tiny_folder("clip", tmp_path_factory)


def test_image_embeddings_come_from_the_cache_without_the_model(tiny_clip: str, tmp_path: Path) -> None:
    from pytest_genimg.backends.embedders import load_embedder

    embedder = load_embedder(tiny_clip, device="cpu")
    images = [sign("A"), sign("B"), sign("C")]
    with evalcache.use(None):
        plain = embedder.embed_images(images)
    with evalcache.use(EvalCache(tmp_path)) as cache:
        first = embedder.embed_images(images[:2])
        model, embedder.model = embedder.model, None  # any computation now would fail
        try:
            again = embedder.embed_images(images[:2])
        finally:
            embedder.model = model
        mixed = embedder.embed_images([images[2], images[0]])  # one hit, one computed
    assert np.array_equal(first, again) and again.dtype == np.float32
    assert np.allclose(plain, np.concatenate([first, mixed[:1]]), atol=1e-6)
    assert cache.hits == 3 and cache.misses == 3


def test_an_embedder_of_other_weights_misses(tiny_clip: str, tmp_path: Path) -> None:
    import shutil

    from pytest_genimg.backends.embedders import load_embedder

    copy = tmp_path / "copy"
    shutil.copytree(tiny_clip, copy)
    same = load_embedder(str(copy), device="cpu")
    assert same.identity == load_embedder(tiny_clip, device="cpu").identity  # identified by content
    other = tmp_path / "other"
    shutil.copytree(tiny_clip, other)
    config = json.loads((other / "config.json").read_text())
    config["logit_scale_init_value"] = 2.0
    (other / "config.json").write_text(json.dumps(config))
    changed = load_embedder(str(other), device="cpu")
    assert changed.identity != same.identity


class _CountingFactory(CountingOcr):
    """A registered backend that describes itself without being built (like the built-in engines)."""

    built = 0

    def __init__(self) -> None:
        super().__init__("EXIT", "2.0")
        type(self).built += 1

    @classmethod
    def identity(cls) -> dict[str, Any]:
        return {"name": "counting-2.0", "version": "2.0"}


def test_the_evaluator_is_pinned_whether_its_reading_was_cached_or_not(tmp_path: Path) -> None:
    """A metric baseline names the engine from a run served wholly by the evaluator cache too."""
    from pytest_genimg.recording import open_record

    OCR_BACKENDS.register("counting-test", _CountingFactory)
    try:
        seen = []
        with evalcache.use(EvalCache(tmp_path)):
            for n in range(2):  # the first reading runs the engine, the second comes from the cache
                with open_record(f"t.py::test_{n}", tmp_path / "results") as record:
                    measure_text_legible(sign("x"), "EXIT", engine="counting-test")
                    seen.append(dict(record.evaluators))
            with open_record("t.py::test_object", tmp_path / "results") as record:
                measure_text_legible(sign("x"), "EXIT", engine=CountingOcr())
                seen.append(dict(record.evaluators))
    finally:
        OCR_BACKENDS.unregister("counting-test")
    assert _CountingFactory.built == 1
    assert seen[0] == seen[1] == {"ocr": {"name": "counting-2.0", "version": "2.0"}}
    assert seen[2] == {"ocr": {"engine": "counting-1.0"}}


def test_a_linked_subfolder_gets_no_entries_and_loses_none(tmp_path: Path) -> None:
    root, outside = tmp_path / "eval", tmp_path / "elsewhere"
    outside.mkdir()
    (root / "ocr").mkdir(parents=True)
    cache = EvalCache(root)
    key = cache.key("engine", "image")
    (root / "ocr" / key[:2]).symlink_to(outside, target_is_directory=True)
    cache.put("ocr", "engine", "image", [{"text": "EXIT"}])  # refused quietly: the engine runs again next time
    assert list(outside.iterdir()) == []
    planted = outside / f"{key}.json"  # neither served nor deleted through the link
    planted.write_text("{")
    assert cache.get("ocr", "engine", "image") is None and planted.exists()
    cache.max_bytes = 0
    cache.evict()  # nor evicted
    assert planted.exists()

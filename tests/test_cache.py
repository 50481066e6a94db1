"""The content-addressed generation cache: hits, misses, invalidation, damage, eviction, sharing."""
from __future__ import annotations

import json
import os
import time
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from pytest_genimg.cache import GenerationCache, cache_key


def img(value: int, size: int = 16) -> Image.Image:
    return Image.new("RGB", (size, size), (value, value // 2, 255 - value))


def test_put_get_roundtrip_and_frames(tmp_path: Path) -> None:
    cache = GenerationCache(tmp_path)
    key = cache_key({"prompt": "a"})
    assert cache.get(key) is None and cache.misses == 1
    cache.put(key, [img(10)], {"prompt": "a"})
    frames, meta = cache.get(key)
    assert np.array_equal(np.asarray(frames[0]), np.asarray(img(10))) and meta["prompt"] == "a"
    video_key = cache_key({"prompt": "v"})
    cache.put(video_key, [img(1), img(2), img(3)], {})
    frames, meta = cache.get(video_key)
    assert len(frames) == 3 and meta["frames"] == 3
    assert [f.getpixel((0, 0))[0] for f in frames] == [1, 2, 3]


def test_key_is_order_independent_and_sensitive_to_every_field() -> None:
    base = {"prompt": "a", "seed": 1, "steps": 4}
    assert cache_key(base) == cache_key(dict(reversed(list(base.items()))))
    for field, other in (("prompt", "b"), ("seed", 2), ("steps", 5)):
        assert cache_key({**base, field: other}) != cache_key(base)


@pytest.mark.parametrize("damage", ["truncate_png", "garbage_png", "bad_json", "missing_png", "wrong_key"])
def test_damaged_entries_are_misses_and_removed(tmp_path: Path, damage: str) -> None:
    cache = GenerationCache(tmp_path)
    key = cache_key({"n": 1})
    cache.put(key, [img(50, 64)], {})
    png = next(tmp_path.glob("??/*.png"))
    meta = png.with_suffix(".json")
    if damage == "truncate_png":
        png.write_bytes(png.read_bytes()[:40])
    elif damage == "garbage_png":
        png.write_bytes(b"not a png at all")
    elif damage == "bad_json":
        meta.write_text("{")
    elif damage == "missing_png":
        png.unlink()
    else:
        meta.write_text(json.dumps({"key": "0" * 64}))
    assert cache.get(key) is None
    cache.put(key, [img(50, 64)], {})
    assert cache.get(key) is not None


def test_lru_eviction_keeps_recently_used(tmp_path: Path) -> None:
    cache = GenerationCache(tmp_path, max_bytes=10**9)
    keys = [cache_key({"i": i}) for i in range(6)]
    for i, key in enumerate(keys):
        cache.put(key, [Image.fromarray(np.random.default_rng(i).integers(0, 255, (32, 32, 3), dtype=np.uint8))], {})
    import os
    import time

    now = time.time()
    for age, key in enumerate(keys):  # keys[0] is the oldest use
        os.utime(tmp_path / key[:2] / f"{key}.json", (now - 100 + age, now - 100 + age))
    cache.get(keys[0])  # touch: now the most recent
    one = sum(size for _, size, _ in cache.entries()) // 6
    cache.max_bytes = one * 3 + one // 2
    assert cache.evict() == 3
    left = {k for _, _, k in cache.entries()}
    assert left == {keys[0], keys[4], keys[5]}


def test_rejects_non_digest_keys(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="sha256"):
        GenerationCache(tmp_path).get("../../etc/passwd")


def _noise(seed: int, size: tuple[int, int] = (32, 32), mode: str = "RGB") -> Image.Image:
    shape = (size[1], size[0], 3) if mode == "RGB" else (size[1], size[0])
    return Image.fromarray(np.random.default_rng(seed).integers(0, 255, shape, dtype=np.uint8), mode)


@pytest.mark.parametrize("replacement", ["other_size", "other_mode", "same_size_other_pixels"])
def test_a_valid_png_that_disagrees_with_its_sidecar_is_a_miss(tmp_path: Path, replacement: str) -> None:
    cache = GenerationCache(tmp_path)
    key = cache_key({"n": 2})
    cache.put(key, [_noise(1)], {})
    png = tmp_path / key[:2] / f"{key}.png"
    other = {"other_size": _noise(1, (32, 40)), "other_mode": _noise(1, mode="L"),
             "same_size_other_pixels": _noise(2)}[replacement]
    other.save(png)  # a readable PNG, but not what was stored
    assert cache.get(key) is None
    assert not png.exists()  # discarded, so the next put writes a fresh entry


def test_foreign_files_in_the_cache_are_ignored_by_eviction(tmp_path: Path) -> None:
    cache = GenerationCache(tmp_path)
    (tmp_path / "zz").mkdir()
    (tmp_path / "zz" / "notes.json").write_text("{}")
    (tmp_path / "ab").mkdir()
    (tmp_path / "ab" / ("cd" * 32 + ".json")).write_text("{}")  # a digest name in the wrong folder
    (tmp_path / "README.txt").write_text("ours? no")
    cache.put(cache_key({"n": 3}), [_noise(3)], {})
    assert [k for _, _, k in cache.entries()] == [cache_key({"n": 3})]
    cache.max_bytes = 1
    assert cache.evict() == 1
    assert (tmp_path / "zz" / "notes.json").exists() and (tmp_path / "README.txt").exists()
    assert (tmp_path / "ab" / ("cd" * 32 + ".json")).exists()


def test_a_linked_subfolder_gets_no_entries_and_generation_goes_on(tmp_path: Path) -> None:
    root, outside = tmp_path / "cache", tmp_path / "elsewhere"
    outside.mkdir()
    root.mkdir()
    key = cache_key({"n": 4})
    (root / key[:2]).symlink_to(outside, target_is_directory=True)
    cache = GenerationCache(root)
    with pytest.warns(UserWarning, match="generation cache"):
        cache.put(key, [_noise(4)], {})
    assert list(outside.iterdir()) == []
    planted = outside / f"{key}.json"  # an entry planted there is neither served nor deleted
    planted.write_text("{")
    assert cache.get(key) is None and planted.exists()


def _deny_writes(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    import errno

    import pytest_genimg.cache as cache_module

    calls: list[int] = []

    def read_only(*args, **kwargs):
        calls.append(1)
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(cache_module, "atomic_write_bytes", read_only)
    return calls


def test_a_read_only_cache_warns_once_and_stops_writing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = GenerationCache(tmp_path)
    calls = _deny_writes(monkeypatch)
    with pytest.warns(UserWarning, match="not writable.*without caching") as caught:
        for i in range(3):
            cache.put(cache_key({"i": i}), [_noise(i)], {})
    assert len(caught) == 1 and len(calls) == 1
    assert cache.get(cache_key({"i": 0})) is None


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root writes through chmod 0o555")
def test_a_read_only_cache_folder_on_disk(tmp_path: Path) -> None:
    (tmp_path / "c").mkdir()
    cache = GenerationCache(tmp_path / "c")
    (tmp_path / "c").chmod(0o555)
    try:
        with pytest.warns(UserWarning, match="not writable"):
            cache.put(cache_key({"i": 1}), [_noise(1)], {})
    finally:
        (tmp_path / "c").chmod(0o755)


def test_stale_temp_files_are_swept_on_start_and_counted_in_the_cap(tmp_path: Path) -> None:
    first = GenerationCache(tmp_path)
    key = cache_key({"n": 5})
    first.put(key, [_noise(5, (64, 64))], {})
    folder = tmp_path / key[:2]
    stale = folder / f".{key[:40]}.0123456789abcdef.genimg.tmp"  # names keep 40 characters of the file's
    live = folder / f".{key[:40]}.fedcba9876543210.genimg.tmp"
    legacy_root = tmp_path / ".fingerprints.json.k3_x9abc.tmp"
    for path in (stale, live, legacy_root):
        path.write_bytes(b"x" * 50_000)
    old = time.time() - 3600
    os.utime(stale, (old, old))
    os.utime(legacy_root, (old, old))
    cache = GenerationCache(tmp_path)  # a new session
    assert cache.swept == 2 and not stale.exists() and not legacy_root.exists() and live.exists()
    entry = sum(size for _, size, _ in cache.entries())
    assert cache.total_bytes() == entry + 50_000
    cache.max_bytes = 50_000 + entry - 1  # the live temp file alone pushes the cache over its cap
    assert cache.evict() == 1 and live.exists()


RUN = """
import hashlib, numpy as np, pytest

@pytest.mark.parametrize("seed", [0, 1])
def test_gen(genimg, seed):
    image = genimg.generate("a red cube", seed=seed, steps=2)
    digest = hashlib.sha256(np.asarray(image.image).tobytes()).hexdigest()[:16]
    print(f"RESULT seed={seed} cached={image.cached} digest={digest} loaded={genimg.model.loaded}")
"""


def _results(result: pytest.RunResult) -> dict[str, tuple[str, str]]:
    out = {}
    for line in result.outlines:
        if "RESULT" in line:
            fields = dict(part.split("=") for part in line.split("RESULT ")[1].split())
            out[fields["seed"]] = (fields["cached"], fields["digest"])
    return out


def test_hit_miss_and_same_pixels_across_sessions(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(RUN)
    cache_dir = pytester.path / "gc"
    first = pytester.runpytest_subprocess("-s", "--genimg-deterministic", f"--genimg-cache-dir={cache_dir}")
    first.assert_outcomes(passed=2)
    second = pytester.runpytest("-s", f"--genimg-cache-dir={cache_dir}")
    third = pytester.runpytest_subprocess("-s", "--genimg-deterministic", "--genimg-no-cache")
    a, b, c = _results(first), _results(second), _results(third)
    assert {v[0] for v in a.values()} == {"False"} and {v[0] for v in b.values()} == {"True"}
    assert "loaded=False" in second.stdout.str()  # all from the cache: the weights never loaded
    assert {k: v[1] for k, v in a.items()} == {k: v[1] for k, v in b.items()} == {k: v[1] for k, v in c.items()}
    assert a["0"][1] != a["1"][1]
    # Changing a key field (steps) regenerates instead of reusing.
    pytester.makepyfile(RUN.replace("steps=2", "steps=3"))
    changed = _results(pytester.runpytest("-s", f"--genimg-cache-dir={cache_dir}"))
    assert {v[0] for v in changed.values()} == {"False"}
    assert changed["0"][1] != a["0"][1]


def test_a_cache_folder_that_cannot_be_written_costs_only_the_caching(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(RUN)
    (pytester.path / "a_file").write_text("not a folder")
    result = pytester.runpytest("-s", "-p", "no:randomly", f"--genimg-cache-dir={pytester.path / 'a_file' / 'cache'}")
    result.assert_outcomes(passed=2)
    assert {v[0] for v in _results(result).values()} == {"False"}
    assert result.stdout.str().count("is not writable") == 1  # one warning, not one per test
    result.stdout.fnmatch_lines(["*GenImgWarning: generation cache*not writable*generating without caching*"])


def test_corrupt_entry_in_a_run_regenerates(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(RUN)
    cache_dir = pytester.path / "gc"
    first = _results(pytester.runpytest("-s", f"--genimg-cache-dir={cache_dir}"))
    for png in cache_dir.glob("??/*.png"):
        png.write_bytes(png.read_bytes()[: len(png.read_bytes()) // 2])
    again = pytester.runpytest("-s", f"--genimg-cache-dir={cache_dir}")
    again.assert_outcomes(passed=2)
    results = _results(again)
    assert {v[0] for v in results.values()} == {"False"}
    assert {k: v[1] for k, v in results.items()} == {k: v[1] for k, v in first.items()}


def test_two_xdist_workers_share_one_cache(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(RUN.replace('[0, 1]', '[0, 1, 2, 3, 0, 1, 2, 3]'))
    cache_dir = pytester.path / "gc"
    run = pytester.runpytest_subprocess("-s", "-n", "2", f"--genimg-cache-dir={cache_dir}")
    run.assert_outcomes(passed=8)
    entries = list(cache_dir.glob("??/*.json"))
    assert len(entries) == 4  # four distinct requests, one entry each, none corrupt
    for meta in entries:
        assert json.loads(meta.read_text())["key"] == meta.stem
    serial = _results(pytester.runpytest("-s", "--genimg-no-cache"))
    warm = pytester.runpytest("-s", f"--genimg-cache-dir={cache_dir}")
    assert {k: v[1] for k, v in _results(warm).items()} == {k: v[1] for k, v in serial.items()}
    assert {v[0] for v in _results(warm).values()} == {"True"}

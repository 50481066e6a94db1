"""--genimg-mutate through the public door: the cache stays clean, clean replays are mutated without
regenerating, the mutated model names itself everywhere, and bad input is refused before any test runs."""
from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from pytest_genimg.cache import GenerationCache
from pytest_genimg.generation import Generator
from pytest_genimg.models.loaded import LoadedModel
from pytest_genimg.mutate import Mutator, parse_mutation, register_mutator
from pytest_genimg.settings import Settings

PAINTER = '''
import numpy as np
from PIL import Image

CALLS = []

class Painter:
    """Noise that depends on the prompt and the seed; counts its calls."""
    fingerprint = "painter-v1"

    def generate(self, prompt, *, seed, **kwargs):
        CALLS.append((prompt, seed))
        rng = np.random.default_rng([seed, sum(map(ord, prompt))])
        return Image.fromarray(rng.integers(0, 256, (32, 32, 3), dtype=np.uint8))

def make():
    return Painter()
'''


class Painter:
    def __init__(self) -> None:
        self.calls: list[tuple[str, int]] = []

    def generate(self, prompt: str, *, seed: int, **kwargs: object) -> Image.Image:
        self.calls.append((prompt, seed))
        rng = np.random.default_rng([seed, sum(map(ord, prompt))])
        return Image.fromarray(rng.integers(0, 256, (32, 32, 3), dtype=np.uint8))


def _model(painter: Painter) -> LoadedModel:
    return LoadedModel(spec="painter", instance=painter, fingerprint="painter-v1", device="cpu", dtype="float32",
                       source="factory", is_diffusers=False)


def _px(item) -> np.ndarray:  # type: ignore[no-untyped-def]
    return np.asarray(item.image)


def test_output_mutations_replay_clean_cache_entries_and_never_store_mutated_pixels(tmp_path: Path) -> None:
    painter = Painter()
    cache = GenerationCache(tmp_path)
    clean = Generator(_model(painter), Settings(), cache).generate("a cat", seeds=range(4))
    assert len(painter.calls) == 4
    blurred = Generator(_model(painter), Settings(), cache, mutation=parse_mutation("blur")).generate("a cat", seeds=range(4))
    assert len(painter.calls) == 4  # replayed from the clean cache, not regenerated
    assert all(b.cached and not np.array_equal(_px(b), _px(c)) for b, c in zip(blurred, clean))
    assert all(b.model == "painter-v1" and b.describe()["mutation"] == "blur:2" for b in blurred)
    assert all("mutation" not in c.describe() for c in clean)
    again = Generator(_model(painter), Settings(), cache).generate("a cat", seeds=range(4))
    assert all(np.array_equal(_px(a), _px(c)) for a, c in zip(again, clean))


def test_a_mutated_run_on_an_empty_cache_stores_only_clean_pixels(tmp_path: Path) -> None:
    painter = Painter()
    cache = GenerationCache(tmp_path)
    Generator(_model(painter), Settings(), cache, mutation=parse_mutation("noise")).generate("a dog", seeds=range(3))
    stored = Generator(_model(painter), Settings(), cache).generate("a dog", seeds=range(3))
    fresh = Generator(_model(Painter()), Settings(), None).generate("a dog", seeds=range(3))
    assert all(s.cached for s in stored)
    assert all(np.array_equal(_px(s), _px(f)) for s, f in zip(stored, fresh))


def test_request_mutations_serve_another_request_under_the_asked_name(tmp_path: Path) -> None:
    painter = Painter()
    cache = GenerationCache(tmp_path)
    gen = Generator(_model(painter), Settings(), cache)
    clean = gen.generate("a cat, at night", seeds=range(5))
    swapped = Generator(_model(painter), Settings(), cache, mutation=parse_mutation("swap_seed")).generate("a cat, at night", seeds=range(4))
    assert len(painter.calls) == 5  # seed k+1 came from the cache
    assert [s.seed for s in swapped] == [0, 1, 2, 3]
    assert all(np.array_equal(_px(s), _px(c)) for s, c in zip(swapped, clean[1:]))
    dropped = Generator(_model(painter), Settings(), cache, mutation=parse_mutation("prompt_drop")).generate("a cat, at night", seed=0)
    assert painter.calls[-1] == ("a cat", 0) and dropped.prompt == "a cat, at night"
    assert np.array_equal(_px(dropped), _px(gen.generate("a cat", seed=0)))  # cached under what was generated


def test_a_prefetched_request_is_counted_once(tmp_path: Path) -> None:
    painter = Painter()
    mutation = parse_mutation("swap_seed")
    gen = Generator(_model(painter), Settings(), GenerationCache(tmp_path), mutation=mutation)
    gen.prefetch(["a cat"], seeds=range(4))
    assert mutation.stats["requests_changed"] == 0  # nothing a test asked for yet
    gen.generate("a cat", seeds=range(4))
    assert mutation.stats["requests_changed"] == 4 and len(painter.calls) == 4


def test_a_mutator_that_changes_the_pipeline_call_gets_its_own_cache_key(tmp_path: Path) -> None:
    register_mutator(Mutator("slow_test", "a pipeline option that changes pixels", ("compute",),
                             before_call=lambda n, s: None, changes_pipeline=True), replace=True)
    painter = Painter()
    cache = GenerationCache(tmp_path)
    Generator(_model(painter), Settings(), cache).generate("a cat", seed=0)
    Generator(_model(painter), Settings(), cache, mutation=parse_mutation("slow_test")).generate("a cat", seed=0)
    assert len(painter.calls) == 2


def _suite(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(painter=PAINTER, test_suite='''
        import numpy as np
        import pytest
        from pytest_genimg import assert_diverse

        pytestmark = pytest.mark.limitation("diversity")

        def test_distinct(genimg):
            assert_diverse(genimg.generate("a cat", seeds=range(4)), min_vendi=2)
    ''')
    pytester.makeini("[pytest]\ngenimg_model = painter:make\n")
    pytester.syspathinsert()


def test_the_mutated_run_names_its_mutation_in_header_report_and_junit(pytester: pytest.Pytester) -> None:
    _suite(pytester)
    result = pytester.runpytest("-p", "no:cacheprovider", "-p", "no:randomly", "--genimg-mutate=collapse",
                                "--junitxml=junit.xml", "--genimg-report-json=report.json")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["genimg: MUTATED run --genimg-mutate=collapse:1 *", "changed 0 of 0 outputs, 3 requests*"])
    props = {(p.get("name"), p.get("value")) for p in ET.parse(pytester.path / "junit.xml").iter("property")}
    assert ("genimg.mutation", "collapse:1") in props
    report = json.loads((pytester.path / "report.json").read_text())
    assert report["runs"][0]["mutation"] == "collapse"
    test = report["tests"][0]
    assert test["limitations"] == ["diversity"] and test["generations"][0]["mutation"] == "collapse:1"


def test_flicker_on_an_image_model_says_not_applicable(pytester: pytest.Pytester) -> None:
    _suite(pytester)
    result = pytester.runpytest("-p", "no:cacheprovider", "-p", "no:randomly", "--genimg-mutate=flicker")
    result.assert_outcomes(passed=1)
    result.stdout.fnmatch_lines(["changed 0 of 0 outputs*", "not applicable: *(it applies to video outputs)"])


@pytest.mark.parametrize(("args", "message"), [
    (["--genimg-mutate=blurr"], "mutation: expected one of black, blur, collapse, *"),
    (["--genimg-mutate=blur:99"], "*blur strength: expected a number in [[]0.1, 20[]] px (sigma), got '99'"),
    (["--genimg-mutate=blur", "--snapshot-update"], "*--genimg-mutate=blur with --snapshot-update: refused*"),
    (["--genimg-mutate=Blur!"], "*expected a mutation NAME or NAME:STRENGTH*"),
])
def test_bad_mutation_input_is_a_usage_error(pytester: pytest.Pytester, args: list[str], message: str) -> None:
    _suite(pytester)
    result = pytester.runpytest("-p", "no:cacheprovider", *args)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*" + message.lstrip("*")])


def test_a_pipeline_changing_mutation_is_neither_replayed_from_nor_recorded_into_the_store(tmp_path: Path) -> None:
    from pytest_genimg.replay import RecordStore

    register_mutator(Mutator("slow_store_test", "a pipeline option that changes pixels", ("compute",),
                             before_call=lambda n, s: None, changes_pipeline=True), replace=True)
    painter, store, settings = Painter(), RecordStore(tmp_path / "records"), Settings(record_mode="new")
    Generator(_model(painter), settings, None, store).generate("a cat", seed=0)
    mutated = Generator(_model(painter), settings, None, store, mutation=parse_mutation("slow_store_test"))
    item = mutated.generate("a cat", seed=0)
    assert len(painter.calls) == 2 and item.replayed is None  # the clean recording is not what it generates
    mutated.generate("a dog", seed=0)
    assert len(list((tmp_path / "records" / "images").glob("??/*.png"))) == 1  # nothing mutated recorded

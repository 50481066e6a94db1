"""Hand-written examples for docs/api.md (scripts/gen_api_docs.py): one per public name, fixture
and option. Keep each short and true to the signature (the generator checks the keywords); inside a
test function, ``genimg`` is the fixture."""
from __future__ import annotations

from typing import Any

NAMES: dict[str, str] = {
    "assert_composition": '''from pytest_genimg import assert_composition


def test_red_cube_left_of_blue_ball(genimg, genimg_detector):
    images = genimg.generate("a red cube to the left of a blue ball", seeds=range(4))
    assert_composition(images, objects={"cube": {"count": 1, "color": "red"}, "ball": {"count": 1, "color": "blue"}},
                       relations=[("cube", "left of", "ball")], detector=genimg_detector, min_pass_rate=0.75)''',
    "measure_composition": '''from pytest_genimg import measure_composition


def test_people_counts(genimg):
    result = measure_composition(genimg.generate("an empty waiting room", seeds=range(4)), objects={"person": 0})
    print(result.metrics["pass_rate"], [item.values["count[person]"] for item in result.items])''',
    "composition_from_prompt": '''from pytest_genimg import composition_from_prompt

parsed = composition_from_prompt("two red apples to the left of a bowl")
assert parsed.objects == {"apple": {"count": 2, "color": "red"}, "bowl": ">=1"}
assert parsed.relations == [("apple", "left of", "bowl")]''',
    "Detection": '''from pytest_genimg import Detection, measure_composition


class MyDetector:  # any object with detect(rgb, labels) -> list[Detection]
    name = "my-detector"

    def detect(self, rgb, labels):
        return [Detection("cat", (10, 10, 60, 60), score=0.9)]


def test_own_detector(genimg):
    measure_composition(genimg.generate("a cat", seed=0), objects={"cat": 1}, detector=MyDetector())''',
    "assert_no_regression": '''from pytest_genimg import assert_no_regression, measure_text_legible


def test_text_no_worse_than_production(genimg, genimg_baseline):
    prompt, seeds = 'a shop sign that says "OPEN"', range(32)
    candidate = measure_text_legible(genimg.generate(prompt, seeds=seeds), expected="OPEN")
    baseline = measure_text_legible(genimg_baseline.generate(prompt, seeds=seeds), expected="OPEN")
    assert_no_regression(candidate, baseline, max_drop=0.1, alpha=0.05)''',
    "measure_regression": '''from pytest_genimg import measure_detail, measure_regression


def test_blur_change(genimg, genimg_baseline):
    seeds = range(16)
    result = measure_regression(measure_detail(genimg.generate("a brick wall", seeds=seeds)),
                                measure_detail(genimg_baseline.generate("a brick wall", seeds=seeds)), metrics=["blur"])
    print(result.message())''',
    "RegressionResult": '''from pytest_genimg import RegressionResult, measure_regression

result = measure_regression({"seed=0": True, "seed=1": True, "seed=2": False}, {"seed=0": True, "seed=1": True, "seed=2": True})
assert isinstance(result, RegressionResult)
print(result.message())  # change in pass rate, its interval, the McNemar p-value and the flipped pairs''',
    "VacuousComparisonWarning": '''import pytest
from pytest_genimg import VacuousComparisonWarning

# In pytest.ini, make a baseline model that is the model under test an error:
#   filterwarnings = error::pytest_genimg.VacuousComparisonWarning
pytestmark = pytest.mark.filterwarnings("error::pytest_genimg.VacuousComparisonWarning")''',
    # -- errors and generated images ----------------------------------------------------------------
    "GenImgAssertionError": '''import pytest
from pytest_genimg import GenImgAssertionError, assert_valid_output


@pytest.mark.xfail(strict=True, raises=GenImgAssertionError, reason="a known limitation of this model")
def test_no_black_images(genimg):
    assert_valid_output(genimg.generate("a night sky", seeds=range(4)))''',
    "GenImgError": '''from pytest_genimg import GenImgError

try:
    run_my_suite_step()
except GenImgError as exc:  # any error the plugin raises on purpose (usage, model load, missing engine)
    print(f"pytest-genimg: {exc}")''',
    "GenImgUsageError": '''import pytest
from pytest_genimg import GenImgUsageError, assert_diverse


def test_bad_threshold_is_named(genimg):
    with pytest.raises(GenImgUsageError, match="min_vendi"):
        assert_diverse(genimg.generate("a cat", seeds=range(4)), min_vendi=-1)''',
    "MissingDependencyError": '''import pytest
from pytest_genimg import MissingDependencyError, assert_text_legible


def test_sign(genimg):
    try:
        assert_text_legible(genimg.generate('a sign that says "EXIT"', seed=0), expected="EXIT")
    except MissingDependencyError as exc:  # the message says what to pip install
        pytest.skip(str(exc))''',
    "ModelLoadError": '''from pytest_genimg import ModelLoadError
from pytest_genimg.models.sources import load_model

try:
    model = load_model("org/missing-model", device="cpu", dtype="float32")
except ModelLoadError as exc:
    print(exc)  # names the spec and every source that was tried''',
    "GeneratedImage": '''from pytest_genimg import GeneratedImage


def test_provenance(genimg):
    image = genimg.generate("a red cube on a table", seed=42)
    assert isinstance(image, GeneratedImage)
    assert (image.prompt, image.seed) == ("a red cube on a table", 42)
    image.save("cube.png")  # attribute access falls through to the PIL image''',
    "GeneratedVideo": '''import pytest
from pytest_genimg import GeneratedVideo, assert_temporally_consistent


@pytest.mark.genimg(model="tiny-video")
def test_clip(genimg):
    clip = genimg.generate("a boat on a lake", seed=0)
    assert isinstance(clip, GeneratedVideo) and len(clip) == len(clip.frames)
    frozen = GeneratedVideo([clip.frames[0]] * 8, clip.prompt, clip.seed)
    assert_temporally_consistent(frozen)''',
    # -- results -------------------------------------------------------------------------------------
    "CheckResult": '''from pytest_genimg import measure_diversity


def test_result_fields(genimg):
    result = measure_diversity(genimg.generate("a portrait photo", seeds=range(8)))
    print(result.passed, result.metrics["vendi"], result.thresholds)
    for item in result.items:
        print(item.label, item.passed, item.reason)
    print(result.message())  # what the assert_* twin would raise''',
    "ItemVerdict": '''from pytest_genimg import measure_valid_output


def test_each_image_has_a_verdict(genimg):
    result = measure_valid_output(genimg.generate("a cat", seeds=range(4)))
    failing = [item.label for item in result.items if not item.passed]  # ItemVerdict per image
    assert not failing, failing''',
    "AnatomyResult": '''from pytest_genimg import measure_anatomy


def test_two_people(genimg):
    result = measure_anatomy(genimg.generate("two people shaking hands, photo", seed=2))
    assert result.people == 2, result.message()''',
    # -- checks ---------------------------------------------------------------------------------------
    "assert_balanced": '''from pytest_genimg import assert_balanced, clip_zero_shot


def test_doctors_are_not_all_men(genimg, genimg_clip_model):
    classifier = clip_zero_shot(["man", "woman"], genimg_clip_model, template="a photo of a {}")
    assert_balanced(genimg.generate("a photo of a doctor", seeds=range(16)), classifier, attribute="gender")''',
    "measure_balance": '''from pytest_genimg import measure_balance


def palette(image):
    r, g, b = image.convert("RGB").resize((1, 1)).getpixel((0, 0))
    return "warm" if r > b else "cool"


def test_palette_shares(genimg):
    result = measure_balance(genimg.generate("an abstract painting", seeds=range(16)), palette, expected=["warm", "cool"])
    print(result.message())''',
    "assert_detailed": '''from pytest_genimg import assert_detailed


def test_full_resolution_detail(genimg):
    assert_detailed(genimg.generate("a forest, highly detailed", seeds=range(4), size=512), min_pass_rate=0.75)''',
    "measure_detail": '''from pytest_genimg import measure_detail


def test_detail_figures(genimg):
    result = measure_detail(genimg.generate("a city street", seed=0))
    print(result.items[0].values)''',
    "assert_diverse": '''from pytest_genimg import assert_diverse


def test_no_mode_collapse(genimg):
    assert_diverse(genimg.generate("a portrait photo", seeds=range(16)), min_vendi=8)''',
    "measure_diversity": '''from pytest_genimg import measure_diversity


def test_repeated_seed_is_a_duplicate(genimg):
    one = genimg.generate("a portrait photo", seed=3)
    result = measure_diversity([one] * 8)
    assert not result.passed and result.metrics["vendi"] < 1.01''',
    "assert_latency_under": '''import pytest
from pytest_genimg import assert_latency_under


@pytest.mark.gpu
def test_latency(genimg):
    assert_latency_under(lambda: genimg.generate("a cat", seed=0, cache=False), seconds=1.5, statistic="p90",
                         repeats=10, device=genimg.device)''',
    "measure_latency": '''from pytest_genimg import measure_latency


def test_latency_figures(genimg):
    result = measure_latency(lambda: genimg.generate("a cat", seed=0, cache=False), repeats=3, device=genimg.device)
    print(result.metrics["latency_median_s"], result.metrics["latency_p90_s"])''',
    "latency_budget": '''from pytest_genimg import latency_budget


def test_request_within_budget(genimg):
    with latency_budget(2.0, device=genimg.device) as timing:
        image = genimg.generate("a cat", seed=0)
    print(timing.elapsed)''',
    "assert_memory_under": '''from pytest_genimg import assert_memory_under


def test_memory(genimg):
    assert_memory_under(lambda: genimg.generate("a cat", seed=0, cache=False), gib=4.0, of="peak", device=genimg.device)''',
    "measure_memory": '''from pytest_genimg import measure_memory


def test_memory_increase(genimg):
    result = measure_memory(lambda: genimg.generate("a cat", seed=0, cache=False), of="increase", device=genimg.device)
    print(result.metrics["memory_increase_gib"])''',
    "assert_energy_under": '''import pytest
from pytest_genimg import assert_energy_under


@pytest.mark.gpu
def test_energy(genimg):
    assert_energy_under(lambda: genimg.generate("a cat", seed=0, cache=False), joules=400, repeats=3, device=genimg.device)''',
    "measure_energy": '''from pytest_genimg import measure_energy


def test_energy_figure(genimg):
    result = measure_energy(lambda: genimg.generate("a cat", seed=0, cache=False), device=genimg.device)
    print(result.metrics.get("energy_j", result.headline))  # no counter: the headline says why''',
    "assert_throughput_over": '''import pytest
from pytest_genimg import assert_throughput_over


@pytest.mark.gpu
def test_batched_throughput(genimg):
    assert_throughput_over(lambda: genimg.generate("a cat", seeds=range(4), cache=False), images_per_s=2.0,
                           device=genimg.device)''',
    "measure_throughput": '''from pytest_genimg import measure_throughput


def test_throughput_figure(genimg):
    result = measure_throughput(lambda: genimg.generate("a cat", seeds=[0, 1], cache=False), repeats=2, device=genimg.device)
    print(result.metrics["throughput_ips"])''',
    "assert_no_extra_limbs": '''from pytest_genimg import assert_no_extra_limbs


def test_hands(genimg):
    assert_no_extra_limbs(genimg.generate("a man waving with both hands", seeds=range(4)), min_pass_rate=0.75)''',
    "measure_anatomy": '''from pytest_genimg import measure_anatomy


def test_one_chef(genimg):
    result = measure_anatomy(genimg.generate("a portrait of a chef", seed=1), strict=True, expect_people=1)
    print(result.people, result.metrics["extra_hands"])''',
    "assert_no_text": '''from pytest_genimg import assert_no_text


def test_no_pseudo_text(genimg):
    assert_no_text(genimg.generate("a quiet forest lake at dawn, no signs", seeds=range(4)))''',
    "measure_no_text": '''from pytest_genimg import measure_no_text


def test_text_found(genimg):
    result = measure_no_text(genimg.generate("a mountain landscape", seed=0), min_confidence=0.8)
    print(result.message())''',
    "assert_text_legible": '''from pytest_genimg import assert_text_legible


def test_sign_text(genimg):
    images = genimg.generate('a shop sign that says "OPEN 24/7"', seeds=range(4))
    assert_text_legible(images, expected="OPEN 24/7", max_cer=0.1, min_pass_rate=0.75)''',
    "measure_text_legible": '''from pytest_genimg import measure_text_legible


def test_read_text(genimg):
    result = measure_text_legible(genimg.generate('a banner that reads "SALE"', seed=0), expected="SALE")
    print(result.items[0].values)  # what OCR read, its CER and confidence''',
    "assert_not_memorized": '''from pytest_genimg import assert_not_memorized, build_reference_index


def test_no_training_copies(genimg):
    index = build_reference_index("data/training_sample", path=".genimg_cache/training.index.npz")
    assert_not_memorized(genimg.generate("a cat on a sofa", seeds=range(8)), index)''',
    "measure_memorization": '''from pytest_genimg import build_reference_index, measure_memorization


def test_closest_training_images(genimg):
    index = build_reference_index("data/training_sample")
    result = measure_memorization(genimg.generate("a cat", seed=0), index, max_distance=40)
    print(result.items[0].values)''',
    "build_reference_index": '''from pytest_genimg import build_reference_index

# Hash a folder of training images once; path= caches the index on disk for later runs.
index = build_reference_index("data/training_sample", path=".genimg_cache/training.index.npz")
print(len(index.names))''',
    "ReferenceIndex": '''from pytest_genimg import ReferenceIndex, build_reference_index

index = build_reference_index(["a.png", "b.png"])
assert isinstance(index, ReferenceIndex)
print(index.names, index.build_seconds)''',
    "assert_prompt_aligned": '''from pytest_genimg import assert_prompt_aligned


def test_colour_word(genimg, genimg_clip_model):
    images = genimg.generate("a red cube on a table", seeds=range(4))
    assert_prompt_aligned(images, distractors=["a blue cube on a table", "a green cube on a table"],
                          min_score=None, model=genimg_clip_model, min_pass_rate=0.75)''',
    "measure_prompt_alignment": '''from pytest_genimg import measure_prompt_alignment


def test_clip_scores(genimg, genimg_clip_model):
    result = measure_prompt_alignment(genimg.generate("a bowl of fruit", seeds=range(4)), model=genimg_clip_model)
    print(result.metrics["mean_clip_score"], result.metrics["min_clip_score"])''',
    "assert_prompt_robust": '''from pytest_genimg import assert_prompt_robust


def test_typos_do_not_change_the_picture(genimg):
    assert_prompt_robust(genimg, "a red cube on a table", perturbations=("case", "typo"), seed=0)''',
    "measure_prompt_robust": '''from pytest_genimg import measure_prompt_robust


def test_robustness_figures(genimg):
    result = measure_prompt_robust(genimg, "a red cube on a table", extra_prompts=["a red cube on a table."])
    print(result.message())''',
    "assert_generation_survives": '''from pytest_genimg import assert_generation_survives, fuzz_prompts


def test_hostile_prompts(genimg):
    assert_generation_survives(genimg, fuzz_prompts(), seed=0)''',
    "measure_generation_survives": '''from pytest_genimg import measure_generation_survives


def test_long_prompt(genimg):
    result = measure_generation_survives(genimg, ["a cat " * 200, ""], allowed_errors=(ValueError,))
    print(result.message())''',
    "fuzz_prompts": '''from pytest_genimg import assert_generation_survives, fuzz_prompts

prompts = fuzz_prompts(max_tokens=77)  # empty, huge, unicode, injection-like ...


def test_fuzz(genimg):
    assert_generation_survives(genimg, prompts)''',
    "assert_reproducible": '''from pytest_genimg import assert_reproducible


def test_same_seed_same_image(genimg):
    assert_reproducible(genimg, "a red cube on a table", seed=42, runs=2)''',
    "measure_reproducible": '''from pytest_genimg import measure_reproducible


def test_repeat_distance(genimg):
    result = measure_reproducible(genimg, "a red cube on a table", seed=42, metric="max_abs")
    print(result.metrics)''',
    "assert_seed_sensitive": '''from pytest_genimg import assert_seed_sensitive


def test_seeds_matter(genimg):
    assert_seed_sensitive(genimg, "a red cube on a table", seeds=range(4))''',
    "measure_seed_sensitive": '''from pytest_genimg import measure_seed_sensitive


def test_seed_distances(genimg):
    result = measure_seed_sensitive(genimg, "a portrait photo", seeds=(0, 1), metric="phash")
    print(result.metrics)''',
    "assert_safe": '''from pytest_genimg import assert_safe


def nsfw_scores(images):  # your classifier: images -> one {label: score} dict per image
    return [{"nsfw": 0.0} for _ in images]


def test_safe_outputs(genimg):
    assert_safe(genimg.generate("a beach in summer", seeds=range(4)), nsfw_scores, max_score=0.5)''',
    "measure_safety": '''from pytest_genimg import measure_safety


def test_safety_scores(genimg):
    result = measure_safety(genimg.generate("a beach", seed=0), lambda images: [{"nsfw": 0.1} for _ in images],
                            max_score={"nsfw": 0.3})
    print(result.items[0].values)''',
    "assert_temporally_consistent": '''import pytest
from pytest_genimg import assert_temporally_consistent


@pytest.mark.genimg(model="tiny-video")
def test_no_flicker(genimg):
    assert_temporally_consistent(genimg.generate("a boat on a lake", seed=0), max_flicker=10)''',
    "measure_temporal_consistency": '''from pytest_genimg import measure_temporal_consistency

result = measure_temporal_consistency("clip.mp4", motion_compensation=False)  # a static-camera clip
print(result.metrics["vbench_flicker_score"], result.metrics["worst_frame"])''',
    "assert_valid_output": '''from pytest_genimg import assert_valid_output


def test_no_black_or_nan_images(genimg):
    assert_valid_output(genimg.generate("a night sky", seeds=range(4)))''',
    "measure_valid_output": '''from pytest_genimg import measure_valid_output


def test_validity(genimg):
    result = measure_valid_output(genimg.generate("a night sky", seeds=range(4)), black_level=0.02)
    print(result.message())''',
    "output_problems": '''import numpy as np
from pytest_genimg import output_problems

print(output_problems(np.zeros((64, 64, 3), np.uint8)))  # e.g. ['all black', ...]''',
    "assert_watermarked": '''from pytest_genimg import assert_watermarked


def test_sdxl_watermark(genimg):
    assert_watermarked(genimg.generate("a cat", seed=0, size=512), min_bit_accuracy=0.9)''',
    "measure_watermark": '''from pytest_genimg import measure_watermark


def test_watermark_bits(genimg):
    result = measure_watermark(genimg.generate("a cat", seed=0, size=512), method="dwtDct")
    print(result.items[0].values["bit_accuracy"])''',
    "add_watermark": '''from pytest_genimg import add_watermark, assert_watermarked


def test_marked_image_verifies(genimg):
    marked = add_watermark(genimg.generate("a cat", seed=1, size=256).image)
    assert_watermarked(marked)''',
    "decode_watermark": '''from PIL import Image
from pytest_genimg import decode_watermark

bits = decode_watermark(Image.open("output.png"), 48, method="dwtDct")
print("".join(str(int(b)) for b in bits))''',
    # -- embedders, cache control, metric baselines ---------------------------------------------------
    "clip_zero_shot": '''from pytest_genimg import assert_balanced, clip_zero_shot


def test_age_balance(genimg, genimg_clip_model):
    classifier = clip_zero_shot(["young adult", "elderly person"], genimg_clip_model, template="a photo of a {}")
    assert_balanced(genimg.generate("a photo of a CEO", seeds=range(16)), classifier, attribute="age")''',
    "load_embedder": '''from pytest_genimg import load_embedder

embedder = load_embedder("openai/clip-vit-base-patch32", device="cpu")  # a local folder works too
vectors = embedder.embed_texts(["a red cube", "a blue cube"])''',
    "no_generation_cache": '''from pytest_genimg import no_generation_cache


def test_fresh_images(genimg):
    with no_generation_cache():  # neither read nor write the generation cache in this block
        image = genimg.generate("a cat", seed=0)
    assert not image.cached''',
    "cache_bypassed": '''from pytest_genimg import cache_bypassed, no_generation_cache

with no_generation_cache():
    assert cache_bypassed()
assert not cache_bypassed()''',
    "Metric": '''from pytest_genimg import Metric, lower_is_better, measure_text_legible


def test_cer_does_not_regress(genimg, metric_snapshot):
    result = measure_text_legible(genimg.generate('a sign that says "EXIT"', seeds=range(8)), expected="EXIT")
    assert metric_snapshot(mean_cer=Metric(lower_is_better, abs_tol=0.02)) == {"mean_cer": result.metrics["mean_cer"]}''',
    "higher_is_better": '''from pytest_genimg import Metric, higher_is_better

PASS_RATE = Metric(higher_is_better, abs_tol=0.125)  # may rise freely, may fall by at most 0.125''',
    "lower_is_better": '''from pytest_genimg import Metric, lower_is_better

LATENCY = Metric(lower_is_better, rel_tol=0.05)  # may fall freely, may rise by at most 5%''',
    "two_sided": '''from pytest_genimg import Metric, two_sided

VENDI = Metric(two_sided, rel_tol=0.1)  # any change beyond 10% either way fails''',
}

FIXTURES: dict[str, str] = {
    "genimg_detector": '''from pytest_genimg import assert_composition


def test_umbrella(genimg, genimg_detector):  # skipped when no detector is configured
    assert_composition(genimg.generate("a man holding an umbrella", seeds=range(4)), detector=genimg_detector)''',
    "genimg_baseline": '''from pytest_genimg import assert_no_regression, measure_diversity


def test_no_less_diverse_than_production(genimg, genimg_baseline):  # skipped without --genimg-baseline-model
    candidate = genimg.generate("a portrait photo", seeds=range(16))
    baseline = genimg_baseline.generate("a portrait photo", seeds=range(16))
    assert_no_regression(measure_diversity(candidate), measure_diversity(baseline))''',
    "distribution_snapshot": '''def test_portrait_distribution(genimg, distribution_snapshot):
    # Other seeds of the same model pass; a blurred, collapsed or colour-cast model fails.
    assert distribution_snapshot == genimg.generate("a portrait photo", seeds=range(32))''',
    "genimg_snapshot_model": '''def test_baselines_folder(genimg_snapshot_model):
    print(genimg_snapshot_model)  # the model spec whose baselines are used (--genimg-snapshot-per-model), else None''',
    "genimg": '''def test_red_cube(genimg):
    image = genimg.generate("a red cube on a table", seed=42)
    images = genimg.generate("a red cube on a table", seeds=range(4), steps=8, size=(512, 512))
    genimg.prefetch(["a cat", "a dog"], range(8))  # full batches up front; later calls hit the cache''',
    "genimg_clip_model": '''from pytest_genimg import assert_prompt_aligned


def test_aligned(genimg, genimg_clip_model):  # skipped when no CLIP model is configured
    assert_prompt_aligned(genimg.generate("a bowl of fruit", seeds=range(4)), model=genimg_clip_model)''',
    "genimg_device": '''def test_on_the_suite_device(genimg_device):
    assert genimg_device in ("cpu", "mps") or genimg_device.startswith("cuda")''',
    "genimg_model": '''def test_model_identity(genimg_model):
    print(genimg_model.spec, genimg_model.source, genimg_model.fingerprint, genimg_model.device, genimg_model.dtype)''',
    "genimg_models": '''def test_pool(genimg_models):
    print(len(genimg_models), "models loaded in this session so far")''',
    "genimg_pipeline": '''def test_scheduler(genimg_pipeline):
    print(type(genimg_pipeline.scheduler).__name__)  # the diffusers pipeline itself''',
    "genimg_settings": '''def test_settings(genimg_settings):
    print(genimg_settings.model, genimg_settings.sources["model"])  # where each value came from''',
    "genimg_snapshot_device": '''def test_baseline_flavour(genimg_snapshot_device):
    print(genimg_snapshot_device)  # "cpu"/"cuda"/"mps" with --genimg-snapshot-per-device, else None''',
    "image_snapshot": '''def test_red_cube(genimg, image_snapshot):
    assert image_snapshot == genimg.generate("a red cube on a table", seed=42)
    assert image_snapshot(max_distance=4, min_ssim=0.95, name="close-up") == genimg.generate("a red cube, close-up", seed=1)''',
    "metric_snapshot": '''from pytest_genimg import Metric, higher_is_better, measure_diversity


def test_diversity_baseline(genimg, metric_snapshot):
    vendi = measure_diversity(genimg.generate("a portrait photo", seeds=range(16))).metrics["vendi"]
    assert metric_snapshot(vendi=Metric(higher_is_better, rel_tol=0.1)) == {"vendi": vendi}''',
}

# An example value per option (flags need none); each must parse with the option's own parser.
OPTION_VALUES: dict[str, str] = {
    "model": "/models/sd-turbo",
    "device": "cuda:1",
    "dtype": "float16",
    "variant": "fp16",
    "revision": "main",
    "steps": "4",
    "size": "768x512",
    "guidance": "7.5",
    "batch_size": "4",
    "cache_dir": "/tmp/genimg-cache",
    "cache_max_mb": "8192",
    "results_dir": "artifacts/genimg",
    "report": "artifacts/report.html",
    "report_json": "artifacts/report.json",
    "snapshot_max_distance": "4",
    "snapshot_min_ssim": "0.95",
    "snapshot_max_color_shift": "8",
    "clip_model": "openai/clip-vit-large-patch14",
    "baseline_model": "/models/sd-turbo-production",
    "evaluator_changed": "warn",
    "record_mode": "none",
    "mutate": "blur:2",
    "detector": "google/owlv2-base-patch16-ensemble",
    "shard": "1/4",
}


def marker_value(name: str, value: Any) -> str:
    """The example value as a Python literal for ``@pytest.mark.genimg(name=...)``."""
    if name in ("steps", "batch_size"):
        return str(value)
    if name == "guidance":
        return str(float(value))
    if name == "size":
        width, height = str(value).split("x")
        return f"({width}, {height})"
    return repr(value)

"""Accuracy and cost of the text checks on renders with known answers, built at run time.

    python benchmarks/accuracy_text.py                 # 3 tiers x 3 halves, tiny-sd, rapidocr
    python benchmarks/accuracy_text.py --n-base 20 --n-tier 20 --tiny-sd 0 --timing 0   # quicker
    python benchmarks/accuracy_text.py --engines rapidocr,rapidocr-v4
    python benchmarks/accuracy_text.py --halves fresh2 --n-base 100 --n-tier 100 --garbled 1 --tiny-sd -1 --timing 0   # docs' held-out figures
    python benchmarks/accuracy_text.py --halves fresh3 --n-base 100 --n-tier 100 --garbled 1 --tiny-sd -1 --timing 0   # session 8's
    python benchmarks/accuracy_text.py --halves fresh4 --n-base 100 --n-tier 100 --garbled 1 --tiny-sd -1 --timing 0   # session 9's
    python benchmarks/accuracy_text.py --halves fresh5 --n-base 100 --n-tier 100 --garbled 1 --tiny-sd -1 --timing 0   # session 10's
    python benchmarks/accuracy_text.py --halves fresh6 --n-base 100 --n-tier 100 --garbled 1 --tiny-sd -1 --timing 0   # session 17's
    python benchmarks/accuracy_text.py --halves fresh7 --n-base 100 --n-tier 100 --garbled 1 --tiny-sd -1 --timing 0   # session 19's held-out run (once)
    python benchmarks/accuracy_text.py --halves fresh8 --n-base 100 --n-tier 100 --garbled 1 --tiny-sd -1 --timing 0   # held out, run once

Each correct render must pass ``assert_text_legible(image, expected)``; each garbled twin (same
layout, garbled string) must fail it. Three tiers (cases_text.TIERS): standard (16-72 px fonts),
small (capital letters 12-20 px tall at 512 px) and low-contrast (WCAG 1.5:1 to 3:1). Ten fixed
halves (:data:`HALVES`): the defaults were chosen on the renders of seed ``TUNE_SEED`` ("tune");
``HELD_OUT_SEED``'s ("held-out", by its old name) was reported as held out until rounds of changes
had read its misses, and shares the tuning half's words, fonts and photos: development data now;
"fresh" (cases_text_fresh.py: its own seed, words, fonts and photos) and "fresh2" (cases_text_fresh2.py:
the same, fonts fetched from the package index) were the held-out figure until their runs were read:
development data now; "fresh3" (cases_text_fresh3.py, made the same way) was held out for session 8
until its run was read: development data now; "fresh4" (cases_text_fresh4.py, made the same way)
was held out for session 9 until its run was read: development data now; so was "fresh5"
(cases_text_fresh5.py) for session 10; "fresh6" (cases_text_fresh6.py, made the same way, its fonts
fetched with ``npm pack``; like fresh3 to fresh5, not in the default ``--halves``, so that it runs
once, on purpose) was held out for every text choice made before session 17 until its one run was
read (correct renders 98/95/98%, garbles failed 88/88/95% per tier): development data now; "fresh7"
(cases_text_fresh7.py, made the same way; not in the default ``--halves``, so that it runs once, on
purpose) was held out for every text choice made before session 19 until its one run was read (correct
renders 90/91/90%, garbles failed 92/91/94% per tier): development data now; "fresh8"
(cases_text_fresh8.py, made the same way, its photos fresh_photos' TEXT_FRESH8, chosen for it; not in
the default ``--halves``, so that it runs once, on purpose) is held out for every text choice made so
far. Every image is read once per
engine (readings kept in ``--cache``, keyed by the image's bytes, so renders of different sets,
which differ in their pixels, never share a reading; the run prints how many of each half's
renders the cache held before it). The settings compared are then judged by the check's own
code on those readings (``judge_twice``: the second look's readings are cached too). Also: ms per
512 px image and per second look, and what ``assert_no_text`` says about tiny-sd
images, text-free photos and noise.
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from cases_text import GARBLE_KINDS, PHOTOS, TIERS, TextCase
from cases_text_fresh import HALVES, build_halves, halves_of
from text_cache import CachedRereads, _box, _dump, image_digest

from pytest_genimg.backends.ocr import OcrBox, get_ocr
from pytest_genimg.checks._text_glyphs import glyph_doubts
from pytest_genimg.checks._text_judge import DEFAULT_FLAGGED_ONES, DEFAULT_GLYPH_TWINS, DEFAULT_TEXTURE_BELOW
from pytest_genimg.checks.text import (
    DEFAULT_LOOKALIKE_PROB,
    DEFAULT_MIN_CHARS,
    DEFAULT_MIN_CONFIDENCE,
    DEFAULT_PRESENCE_CONFIDENCE,
    DEFAULT_UNSURE_BELOW,
    TextCriteria,
    judge_twice,
    reading_from_boxes,
)
from pytest_genimg.metrics.text import TextNormalization

# (label, engine, keyword arguments of assert_text_legible)
SETTINGS: list[tuple[str, str, dict[str, Any]]] = [
    ("defaults (texture_below=0.7, unsure_below=0.5, second_look=True)", "rapidocr", {}),
    ("texture_below=None (the defaults before fresh2)", "rapidocr", {"texture_below": None}),
    ("texture_below=0.9", "rapidocr", {"texture_below": 0.9}),
    ("second_look=False", "rapidocr", {"second_look": False}),
    ("no background-distance look", "rapidocr", {"faint_look": False}),
    ("unsure_below=None", "rapidocr", {"unsure_below": None}),
    ("unsure_below=None, second_look=False (old)", "rapidocr", {"unsure_below": None, "second_look": False}),
    ("second look: margin only", "rapidocr", {"variants": ("margin",)}),
    ("glyph_twins=False (the defaults before session 12)", "rapidocr", {"glyph_twins": False}),
    ("flagged_ones=False (the defaults before session 20)", "rapidocr", {"flagged_ones": False}),
    ("max_lookalike_prob=None", "rapidocr", {"max_lookalike_prob": None}),
    ("fold_lookalikes=True", "rapidocr", {"fold_lookalikes": True}),
    ("max_edits=0", "rapidocr", {"max_edits": 0}),
    ("engine=rapidocr-v4", "rapidocr-v4", {}),
]


def image_key(case: TextCase) -> str:
    assert case.image is not None
    return image_digest(case.image)


def read_all(engine_name: str, cases: list[TextCase], cache: dict[str, Any]) -> tuple[dict[str, list[OcrBox]], list[float]]:
    store = cache.setdefault(engine_name, {})
    keys = {c.case_id: image_key(c) for c in cases}
    todo = [c for c in cases if keys[c.case_id] not in store]
    times: list[float] = []
    if todo:
        engine = get_ocr(engine_name)
        for n, case in enumerate(todo):
            assert case.image is not None
            start = time.perf_counter()
            boxes = engine.read(case.image)
            times.append(time.perf_counter() - start)
            store[keys[case.case_id]] = [_dump(b) for b in boxes]
            if (n + 1) % 50 == 0:
                print(f"  {engine_name}: {n + 1}/{len(todo)} read", file=sys.stderr, flush=True)
    readings = {cid: [_box(d) for d in store[key]] for cid, key in keys.items()}
    return readings, times


def time_engines(cases: list[TextCase], engines: list[str]) -> float | None:
    """Interleaved timing on the same renders, so the figures share the machine's load. Returns the
    default engine's median seconds per whole-image read (None without it)."""
    from pytest_genimg.backends.ocr import RapidOcrEngine

    contenders: dict[str, Any] = {}
    for name in engines:
        try:
            contenders[name] = get_ocr(name)
        except ImportError:
            continue
    if "rapidocr" in contenders:
        contenders["rapidocr, no alternatives"] = RapidOcrEngine(alternatives=False)
    times: dict[str, list[float]] = defaultdict(list)
    for case in cases:
        assert case.image is not None
        for name, engine in contenders.items():
            start = time.perf_counter()
            engine.read(case.image)
            times[name].append(time.perf_counter() - start)
    base = statistics.median(times["rapidocr"]) if "rapidocr" in times else None
    print(f"\nCost, interleaved on the same {len(cases)} renders (512 px; ms per image):")
    for name, values in times.items():
        med = statistics.median(values)
        ratio = f"  x{med / base:.2f} of rapidocr" if base else ""
        print(f"  {name:<28} median {1000 * med:6.0f}   p90 {1000 * float(np.percentile(values, 90)):6.0f}{ratio}")
    return base


def judge(case: TextCase, boxes: list[OcrBox], kwargs: dict[str, Any], rereads: CachedRereads) -> tuple[bool, str]:
    """The check's own verdict (``judge_twice``) on a cached reading, for one setting."""
    fold = kwargs.get("fold_lookalikes", False)
    criteria = TextCriteria(TextNormalization(fold_lookalikes=fold), max_edits=kwargs.get("max_edits"),
                            max_lookalike_prob=None if fold else kwargs.get("max_lookalike_prob", DEFAULT_LOOKALIKE_PROB),
                            unsure_below=kwargs.get("unsure_below", DEFAULT_UNSURE_BELOW),
                            texture_below=kwargs.get("texture_below", DEFAULT_TEXTURE_BELOW),
                            glyph_twins=kwargs.get("glyph_twins", DEFAULT_GLYPH_TWINS),
                            flagged_ones=kwargs.get("flagged_ones", DEFAULT_FLAGGED_ONES))
    reading = reading_from_boxes(boxes, DEFAULT_MIN_CONFIDENCE)
    if "variants" in kwargs:
        subset = CachedRereads(rereads.engine_name, {f"{rereads.engine_name}:reread": rereads.store,
                                                     f"{rereads.engine_name}:faint": rereads.faint}, kwargs["variants"])
        subset.faint_boxes = rereads.faint_boxes
        rereads = subset
    item = judge_twice(case.case_id, case.image, rereads, reading, case.expected, criteria, DEFAULT_MIN_CONFIDENCE,
                       kwargs.get("second_look", True), faint_look=kwargs.get("faint_look", True))
    return item.passed, str(item.values.get("read", reading.text))


def glyph_look(cases: list[TextCase], readings: dict[str, list[OcrBox]]) -> None:
    """What the glyph look (a "0" drawn as an O, a "1" as an l) says about every first reading, and its cost."""
    times, flagged = [], defaultdict(lambda: [0, 0, 0, 0])
    for c in cases:
        reading = reading_from_boxes(readings[c.case_id], DEFAULT_MIN_CONFIDENCE)
        start = time.perf_counter()
        doubts = glyph_doubts(c.image, reading, twins=False)  # the width rules this report counts ('0' at, '1' at)
        if any(any(ch in b.text for ch in "01") and any(d in b.text for d in "23456789") for b in reading.kept):
            times.append(time.perf_counter() - start)  # an image with a line the look measures (as glyph_doubts picks them)
        for digit, column in (("'0' at", 0), ("'1' at", 2)):
            flagged[c.params["half"]][column + (0 if c.correct else 1)] += any(digit in d for d in doubts)
    print("\nGlyph look (a '0' read among digits drawn as an O, a '1' as an l), on every first reading:")
    for half, (zr, zg, orr, og) in flagged.items():
        print(f"  {half:<9} zeros: flagged {zr} correct and {zg} garbled renders; ones: {orr} correct and {og} garbled")
    if times:
        print(f"  median {1000 * statistics.median(times):.1f} ms per image with a 0 or 1 among digits ({len(times)} images)")


def pct(num: int, den: int) -> str:
    return f"{100.0 * num / den:5.1f}% ({num}/{den})" if den else "    - (0/0)"


def summarise(cases: list[TextCase], verdicts: dict[str, bool]) -> tuple[int, int, int, int]:
    correct = [c for c in cases if c.correct]
    garbled = [c for c in cases if not c.correct]
    return (sum(verdicts[c.case_id] for c in correct), len(correct),
            sum(not verdicts[c.case_id] for c in garbled), len(garbled))


def breakdown(cases: list[TextCase], verdicts: dict[str, bool], key: Any, title: str) -> None:
    groups: dict[str, list[TextCase]] = defaultdict(list)
    for c in cases:
        groups[key(c)].append(c)
    print(f"\n  by {title}:")
    for name in sorted(groups):
        cp, cn, gf, gn = summarise(groups[name], verdicts)
        print(f"    {name:<22} correct pass {pct(cp, cn):<18} garbled fail {pct(gf, gn)}")


def no_text_images(n_tiny: int) -> list[tuple[str, Any]]:
    import cases_text
    from PIL import Image

    images: list[tuple[str, Any]] = []
    try:
        images += tiny_sd_images(n_tiny)
    except Exception as exc:  # noqa: BLE001 - the benchmark reports what it could not do
        print(f"  tiny-sd images unavailable: {type(exc).__name__}: {exc}")
    for name in PHOTOS:
        images.append((f"photo:{name}", cases_text._photo(name)))
    rng = np.random.default_rng(0)
    for i in range(10):
        images.append((f"noise:{i}", Image.fromarray(rng.integers(0, 256, (512, 512, 3), dtype=np.uint8))))
    return images


def tiny_sd_images(n: int) -> list[tuple[str, Any]]:
    import os

    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    import torch
    from diffusers import StableDiffusionPipeline
    from diffusers.utils import logging as dlogging

    from pytest_genimg.models.builtin import get_builtin

    dlogging.set_verbosity_error()
    dlogging.disable_progress_bar()
    model = get_builtin("tiny-sd")
    pipe = StableDiffusionPipeline.from_pretrained(str(model.path), safety_checker=None)
    pipe.set_progress_bar_config(disable=True)
    out = []
    for seed in range(n):
        gen = torch.Generator("cpu").manual_seed(seed)
        image = pipe('a shop sign that says "OPEN"', generator=gen, **model.call_kwargs()).images[0]
        out.append((f"tiny-sd:seed={seed}", image))
    return out


def tier_table(cases: list[TextCase], passed: dict[str, bool]) -> None:
    """Correct pass / garbled fail per half and tier (and garbles failing per kind): the targets
    (>= 98% both) apply to every row."""
    print(f"    {'half':<10} {'tier':<14} {'correct renders pass':<22} {'garbled renders fail':<22} "
          + " ".join(f"{k:>9}" for k in GARBLE_KINDS))
    for half in halves_of(cases):
        for tier in TIERS:
            group = [c for c in cases if c.params.get("half") == half and c.params.get("tier", "standard") == tier]
            if group:
                cp, cn, gf, gn = summarise(group, passed)
                kinds = [[not passed[c.case_id] for c in group if c.kind == k] for k in GARBLE_KINDS]
                print(f"    {half:<10} {tier:<14} {pct(cp, cn):<22} {pct(gf, gn):<22} "
                      + " ".join(f"{f'{sum(k)}/{len(k)}':>9}" for k in kinds))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n-base", type=int, default=120, help="correct standard renders per half (each with --garbled twins)")
    ap.add_argument("--n-tier", type=int, default=60, help="correct renders per half in the small and low-contrast tiers")
    ap.add_argument("--garbled", type=int, default=2)
    ap.add_argument("--halves", default="tune,held-out,fresh,fresh2", help="which fixed halves to build (tune, held-out, fresh, fresh2 to fresh8)")
    ap.add_argument("--engines", default="rapidocr")
    ap.add_argument("--cache", type=Path, default=Path("/tmp/genimg-bench-text.json"), help="JSON file of OCR readings")
    ap.add_argument("--system-fonts", action="store_true", help="tune and held-out halves: also use fonts under /usr/share/fonts")
    ap.add_argument("--tiny-sd", type=int, default=16, help="tiny-sd images for the no-text check (0: none; -1: skip that check)")
    ap.add_argument("--show", type=int, default=12, help="wrong verdicts to list per setting")
    ap.add_argument("--timing", type=int, default=24, help="renders for the interleaved timing (0: skip)")
    args = ap.parse_args()

    halves = [h for h in args.halves.split(",") if h]
    if not halves or set(halves) - {half for half, _, _ in HALVES}:
        ap.error(f"--halves: expected a comma-separated list of {', '.join(h for h, _, _ in HALVES)}, got {args.halves!r}")
    start = time.perf_counter()
    cases = build_halves(halves, args.n_base, args.n_tier, args.garbled, args.system_fonts)
    if not cases:
        print("no renders built")
        return
    print(f"built {len(cases)} renders ({sum(c.correct for c in cases)} correct) in {time.perf_counter() - start:.1f} s; "
          + ", ".join(f"{half} = seed {seed}" for half, seed, _ in HALVES if half in halves_of(cases)))
    cache: dict[str, Any] = json.loads(args.cache.read_text()) if args.cache.exists() else {}
    engines = [e for e in args.engines.split(",") if e]
    for name in engines:
        held = cache.get(name, {})
        print(f"  {name}: readings the cache held before this run: " + ", ".join(
            f"{half} {sum(image_key(c) in held for c in cases if c.params['half'] == half)}/"
            f"{sum(c.params['half'] == half for c in cases)}" for half in halves_of(cases)))
    readings: dict[str, dict[str, list[OcrBox]]] = {}
    timing: dict[str, list[float]] = {}
    for name in engines:
        try:
            load = time.perf_counter()
            get_ocr(name)
            load = time.perf_counter() - load
            readings[name], timing[name] = read_all(name, cases, cache)
            if timing[name]:
                print(f"  {name}: load {load:.2f} s")
        except ImportError as exc:
            print(f"  {name}: unavailable ({exc})")
    tmp = args.cache.with_suffix(".tmp")
    tmp.write_text(json.dumps(cache))
    tmp.replace(args.cache)

    all_verdicts: dict[str, dict[str, tuple[bool, str]]] = {}
    rereads = {name: CachedRereads(name, cache) for name in readings}
    looked_by_default: dict[str, int] = {}
    for label, engine, kwargs in SETTINGS:
        if engine in readings:
            all_verdicts[label] = {c.case_id: judge(c, readings[engine][c.case_id], kwargs, rereads[engine]) for c in cases}
            looked_by_default.setdefault(engine, len(rereads[engine].looked))
    tmp.write_text(json.dumps(cache))
    tmp.replace(args.cache)
    for half, seed, what in HALVES:
        sub = [c for c in cases if c.params["half"] == half]
        if not sub:
            continue
        print(f"\nText legibility [{half}, seed {seed}: {what}]: "
              f"{sum(c.correct for c in sub)} correct renders, {sum(not c.correct for c in sub)} garbled "
              f"({', '.join(f'{k} {sum(c.kind == k for c in sub)}' for k in GARBLE_KINDS)}); all tiers; targets >= 98% both")
        print(f"  {'setting':<50} {'correct renders pass':<22} {'garbled renders fail':<22} " + " ".join(f"{k:>9}" for k in GARBLE_KINDS))
        for label, verdicts in all_verdicts.items():
            passed = {k: v[0] for k, v in verdicts.items()}
            cp, cn, gf, gn = summarise(sub, passed)
            kinds = []
            for kind in GARBLE_KINDS:
                group = [c for c in sub if c.kind == kind]
                kinds.append(f"{100.0 * sum(not passed[c.case_id] for c in group) / max(1, len(group)):8.1f}%")
            print(f"  {label:<50} {pct(cp, cn):<22} {pct(gf, gn):<22} " + " ".join(kinds))

    default = next(iter(all_verdicts), None)
    for label in list(all_verdicts)[:2]:  # the defaults and the setting named second (a candidate for them)
        print(f"\nPer tier, {label}:")
        tier_table(cases, {k: v[0] for k, v in all_verdicts[label].items()})
    if default:
        passed = {k: v[0] for k, v in all_verdicts[default].items()}
        reported = halves_of(cases)[-1]  # the fresh half where it was built
        held = [c for c in cases if c.params["half"] == reported]
        print(f"\nBreakdown for {default}, {reported} half:")
        breakdown(held, passed, lambda c: c.category, "category")
        breakdown(held, passed, lambda c: "<= 9 chars" if len(c.expected.replace(" ", "")) <= 9 else ">= 10 chars", "length")
        breakdown(held, passed, lambda c: c.params["background"].split("(")[0], "background")
        breakdown(held, passed, lambda c: "16-31 px" if c.params["size"] < 32 else "32-72 px", "font size")
    for label, verdicts in all_verdicts.items():
        wrong = [c for c in cases if verdicts[c.case_id][0] != c.correct]
        if not wrong:
            continue
        print(f"\nWrong verdicts, {label} ({len(wrong)}):")
        for c in wrong[: args.show]:
            what = "false fail" if c.correct else f"false pass ({c.kind})"
            extra = f", cap {c.params['cap_px']} px" if c.params.get("cap_px") else ""
            extra += f", contrast {c.params['contrast']}:1" if c.params.get("contrast") else ""
            print(f"    {c.params['half']:<8} {c.params['tier']:<12} {what:<24} expected {c.expected!r:<14} drawn {c.text!r:<14} "
                  f"read {verdicts[c.case_id][1]!r}  [{c.params['font']}, {c.params['size']} px{extra}, {c.params['background']}, "
                  f"rot {c.params['rotation']}, blur {c.params['blur']}, jpeg {c.params['jpeg']}]")
        if len(wrong) > args.show:
            print(f"    ... {len(wrong) - args.show} more")

    if "rapidocr" in readings:
        glyph_look(cases, readings["rapidocr"])
    interleaved = time_engines(cases[: args.timing], engines) if args.timing > 0 else None
    print("\nCost during the accuracy run above (OCR of one 512 px image):")
    for name, times in timing.items():
        if times:
            print(f"  {name:<14} median {1000 * statistics.median(times):6.0f} ms   p90 "
                  f"{1000 * float(np.percentile(times, 90)):6.0f} ms   over {len(times)} images")
        else:
            print(f"  {name:<14} (readings from cache; no timing)")

    for name, looks in rereads.items():
        print(f"  {name} second look: the defaults ran it on {looked_by_default.get(name, 0)} of {len(cases)} renders "
              "(first reading failed)", end="")
        p90 = 1000 * float(np.percentile(looks.times, 90)) if looks.times else 0.0
        print(f"; median {1000 * statistics.median(looks.times):.0f} ms, p90 {p90:.0f} ms over {len(looks.times)} computed here"
              if looks.times else "; from cache, no timing")
        whole = statistics.median(timing[name]) if timing.get(name) else interleaved if name == "rapidocr" else None
        faint = statistics.median(looks.faint_times) if looks.faint_times else None
        print(f"  {name} background-distance look: the defaults ran it on {len(looks.faint_looked)} of {len(cases)} renders "
              "(nothing kept)" + (f"; median {1000 * faint:.0f} ms over {len(looks.faint_times)} computed here" if faint else
                                  "; from cache, no timing") + (f" ({faint / whole:.2f}x a whole-image read)" if faint and whole else ""))

    if args.tiny_sd < 0:
        print(f"\ntotal {time.perf_counter() - start:.0f} s")
        return
    print(f"\nNo text expected (assert_no_text and expected=None defaults: min_confidence={DEFAULT_PRESENCE_CONFIDENCE}, "
          f"min_chars={DEFAULT_MIN_CHARS}):")
    samples = no_text_images(max(0, args.tiny_sd))
    for name in engines:
        if name not in readings:
            continue
        ocr = get_ocr(name)
        groups: dict[str, list[tuple[str, Any]]] = defaultdict(list)
        for label, image in samples:
            groups[label.split(":")[0]].append((label, image))
        for group, members in groups.items():
            raw = [(label, ocr.read(image)) for label, image in members]
            best = max([0.0] + [b.score for _, boxes in raw for b in boxes])
            size = f"{members[0][1].size[0]} px"
            for threshold in (DEFAULT_PRESENCE_CONFIDENCE, DEFAULT_MIN_CONFIDENCE):
                flagged = []
                for label, boxes in raw:
                    reading = reading_from_boxes(boxes, threshold)
                    found = [b for b in reading.kept if sum(ch.isalnum() for ch in b.text) >= DEFAULT_MIN_CHARS]
                    if found:
                        flagged.append(f"{label} read {' '.join(b.text for b in found)!r}")
                print(f"  {name:<14} {group:<8} ({len(members):2d} images, {size}) min_confidence={threshold}: "
                      f"no_text passes {len(members) - len(flagged)}/{len(members)} "
                      f"(expected=None passes {len(flagged)}/{len(members)}); highest box score {best:.2f}")
                for line in flagged[:4]:
                    print(f"      {line}")
    print(f"\ntotal {time.perf_counter() - start:.0f} s")


if __name__ == "__main__":
    main()

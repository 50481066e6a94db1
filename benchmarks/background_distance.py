"""Detection on a background-distance image where the first reading of faint text kept nothing: the
settings tried on the tuning half of ``accuracy_text.py``'s renders (issue 15, part 2). The check
adopted (9, 4, 15) (``metrics/background.py``; ``judge_twice``'s faint look), which
``accuracy_text.py`` now measures with the rest of the defaults.

    python benchmarks/background_distance.py                    # tuning half, the settings tried
    python benchmarks/background_distance.py --halves "" --seeds 3 --tiers low-contrast,small --setting 9,4,15
    python benchmarks/background_distance.py --halves held-out  # once, after every choice

Each pixel's CIELAB distance from the locally dominant background colour (the per-channel median of
a ``window`` x ``window`` neighbourhood of an image shrunk ``scale`` times), divided by its 99.9th
percentile (at least ``floor`` Delta-E, so that a smooth gradient's JPEG noise is not stretched into
ink), drawn dark on white, is read again by the default engine; the lines it finds are then read
again from the original image's crops (the check's second look). An image whose first reading kept
nothing passes when one of those readings passes the check's own judgement and glyph look. Cost:
per image, against a whole-image OCR read of the same image timed in the same run.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from cases_text import TextCase  # noqa: E402
from text_halves import add_half_arguments, judged_halves, table  # noqa: E402

from pytest_genimg.backends.ocr import get_ocr  # noqa: E402
from pytest_genimg.metrics.background import background_distance  # noqa: E402
from pytest_genimg.checks._text_glyphs import shapes_checked  # noqa: E402
from pytest_genimg.checks._text_judge import TextCriteria, judge_expected  # noqa: E402
from pytest_genimg.checks.text import DEFAULT_MIN_CONFIDENCE, reading_from_boxes  # noqa: E402

# (window, scale, floor): the settings tried on the tuning half's four images with nothing kept
SETTINGS = ((15, 4, 15.0), (15, 2, 15.0), (11, 2, 15.0), (21, 2, 15.0), (15, 2, 30.0), (9, 4, 15.0))


def distance_image(image: Image.Image, window: int, scale: int, floor: float) -> Image.Image:
    """The check's background distance (:func:`~pytest_genimg.metrics.background.background_distance`) as an RGB image."""
    return Image.fromarray(background_distance(np.asarray(image.convert("RGB")), window, scale, floor)).convert("RGB")


def recovered(case: TextCase, engine: Any, setting: tuple[int, int, float], criteria: TextCriteria) -> tuple[bool, str, float]:
    """Whether the distance image's lines pass, what was read, and the seconds it took."""
    assert case.image is not None
    start = time.perf_counter()
    boxes = engine.read(distance_image(case.image, *setting))
    readings = [reading_from_boxes(boxes, DEFAULT_MIN_CONFIDENCE)]
    if boxes:
        readings += [reading_from_boxes(found, DEFAULT_MIN_CONFIDENCE) for found in engine.reread(case.image, boxes).values()]
    elapsed = time.perf_counter() - start
    for reading in readings:
        # without glyph_twins, as this benchmark's figures were measured
        item = shapes_checked(judge_expected(case.case_id, reading, case.expected, criteria), case.image, reading, twins=False)
        if item.passed:
            return True, reading.text, elapsed
    return False, " | ".join(r.text for r in readings), elapsed


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_half_arguments(ap)
    ap.add_argument("--setting", default="", help="window,scale,floor to try (default: every one in SETTINGS)")
    args = ap.parse_args()

    cases, _, readings, verdicts = judged_halves(args, {"faint_look": False})  # the defaults without the look
    base = {cid: v[0] for cid, v in verdicts.items()}
    empty = [c for c in cases if not reading_from_boxes(readings[c.case_id], DEFAULT_MIN_CONFIDENCE).kept]
    print(f"{len(empty)} of {len(cases)} renders with nothing kept by the first reading "
          f"({sum(c.correct for c in empty)} correct, {sum(not c.correct for c in empty)} garbled)")
    engine, criteria = get_ocr("rapidocr"), TextCriteria()
    settings = [tuple(float(v) if i == 2 else int(v) for i, v in enumerate(args.setting.split(",")))] if args.setting else SETTINGS
    table(cases, base, "defaults without the look")
    for setting in settings:
        verdicts, spent, whole = dict(base), [], []
        for c in empty:
            ok, read, elapsed = recovered(c, engine, setting, criteria)  # type: ignore[arg-type]
            start = time.perf_counter()
            engine.read(c.image)  # the whole-image read this step adds to, timed beside it
            whole.append(time.perf_counter() - start)
            spent.append(elapsed)
            verdicts[c.case_id] = ok
            print(f"    {setting} {c.case_id:<28} drawn {c.text!r:<12} expected {c.expected!r:<12} read {read!r}: "
                  f"{'pass' if ok else 'fail'}")
        table(cases, verdicts, f"+ background distance {setting}")
        if spent:
            print(f"    cost: median {1000 * statistics.median(spent):.0f} ms per image with nothing kept; a whole-image "
                  f"read {1000 * statistics.median(whole):.0f} ms in the same run (ratio "
                  f"{statistics.median(spent) / statistics.median(whole):.2f}); run on {len(empty)} of {len(cases)} renders")


if __name__ == "__main__":
    main()

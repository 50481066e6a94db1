"""The text check's glyph look (a "0" read among digits but drawn as an O, a "1" as an l) on unseen renders.

    python benchmarks/glyph_look_unseen.py                # seed 2, the machine's fonts too, 50 per tier
    python benchmarks/glyph_look_unseen.py --per-tier 20  # quicker

``accuracy_text.py`` chose the glyph look's threshold from font metrics and judged it on its tuning
seed. This builds renders of a third seed with the machine's fonts too (``--system-fonts``: condensed
and extra-light DejaVu beside matplotlib's DejaVu and STIX; Debian's Liberation 1.07 files hold 663
characters, under ``font_files``' floor of 1,000, and are left out), reads them with the default
engine, and reports, for correct renders whose reading has a 0 or 1 among other digits, how many the
glyph look flags (each a false fail), and for look-alike garbles drawing an O where a 0 belongs (an
l where a 1 belongs) that the recogniser read as the expected text (false passes without it), how
many it catches, how many it could not judge (ink pieces not paired one per character, see
``metrics.glyphs.pairing_doubt``: touching or overlapping glyphs, broken ones) and how many are
monospaced (O and 0, l and 1 about equally wide: nothing to see).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from cases_text import TIERS, build_cases

from pytest_genimg.backends.ocr import get_ocr
from pytest_genimg.checks._text_glyphs import glyph_doubts, line_ink
from pytest_genimg.checks.text import DEFAULT_MIN_CONFIDENCE, reading_from_boxes
from pytest_genimg.metrics.glyphs import pairing_doubt
from pytest_genimg.metrics.text import normalize_text


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seed", type=int, default=2, help="render seed (0 tunes accuracy_text.py, 1 is its held-out half)")
    ap.add_argument("--per-tier", type=int, default=50, help="renders of each kind per tier")
    ap.add_argument("--no-system-fonts", action="store_true", help="matplotlib's fonts only")
    args = ap.parse_args()
    engine = get_ocr("rapidocr")
    print(f"seed {args.seed}, {'bundled' if args.no_system_fonts else 'bundled and system'} fonts")
    for tier in TIERS:
        cases = build_cases(6 * args.per_tier, 1, args.seed, not args.no_system_fonts, tier)
        correct = [c for c in cases if c.correct and c.category in ("price", "phone", "date")][: args.per_tier]
        right = [0, 0, 0]  # readings with a 0 or 1 among digits, flagged, with every such line paired
        for c in correct:
            reading = reading_from_boxes(engine.read(c.image), DEFAULT_MIN_CONFIDENCE)
            lines = [b for b in reading.kept if any(z in b.text for z in "01") and any(d in b.text for d in "23456789")]
            if lines:
                right[0] += 1
                right[1] += bool(glyph_doubts(c.image, reading, twins=False))  # the width rules alone, as measured
                right[2] += not any(pairing_doubt(b.text, line_ink(c.image, b)) for b in lines)
        print(f"  {tier:<13} correct with a 0 or 1 among digits: {right[1]} of {right[0]} flagged ({right[2]} judged)")
        for drawn, meant, name in (("O", "0", "O-for-0"), ("l", "1", "l-for-1")):
            garbles = [c for c in cases if c.kind == "lookalike" and drawn in c.text and drawn not in c.expected
                       and meant in c.expected][: args.per_tier]
            fooled, caught, unjudged, mono = 0, 0, 0, 0
            for c in garbles:
                reading = reading_from_boxes(engine.read(c.image), DEFAULT_MIN_CONFIDENCE)
                if normalize_text(reading.text) != normalize_text(c.expected):
                    continue  # read as drawn (or worse): the CER fails it anyway
                fooled += 1
                if glyph_doubts(c.image, reading, twins=False):
                    caught += 1
                elif "Mono" in c.params["font"]:
                    mono += 1
                elif any(pairing_doubt(b.text, line_ink(c.image, b)) for b in reading.kept if meant in b.text):
                    unjudged += 1
            print(f"  {'':<13} {name} garbles read as expected: {caught} of {fooled} caught "
                  f"({unjudged} unjudged: ink not paired one piece per character; {mono} monospaced)")

if __name__ == "__main__":
    main()

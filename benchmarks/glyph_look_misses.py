"""Why the glyph look lets a look-alike garble pass: each passing look-alike, its substitution and
direction, and what the look measured on the line that holds it.

    python benchmarks/glyph_look_misses.py --halves tune,fresh,fresh2,fresh3     # the tuning subset
    python benchmarks/glyph_look_misses.py --halves tune --compare '{"glyph_twins": false}'   # before -> after
    python benchmarks/glyph_look_misses.py --fonts --halves tune,fresh,fresh2,fresh3   # O over 0, per face
    python benchmarks/glyph_look_misses.py --heights --halves tune,fresh,fresh2,fresh3   # 1 and l over the digits
    python benchmarks/glyph_look_misses.py --one-heights --halves tune,fresh,fresh2,fresh3   # the ones read right

Reads only cached OCR readings (accuracy_text.py's ``--cache``): a half whose renders are not all
in it is skipped with a note; this script never runs the OCR engine. Per passing look-alike garble
(the check's verdict at the defaults, accuracy_text.judge), prints the substitution ``src>dst`` of
cases_text.LOOKALIKES, the font, the first reading, and for each kept line holding a character
the garble touched: the ink pieces against the characters, :func:`pairing_doubt`'s reason, the
line's digits 2-9, and the width of every piece read as 0, O, 1, l or I over the widest digit 2-9
(``w/d``) and over the line's median piece height (``w/h``). Then a count per reason the look
abstained. With ``--correct``, the same measures for every correct render read right whose line
holds a 0, O or 1 (the other side of any new bound).
"""
from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from accuracy_text import image_key, judge, read_all
from cases_text import TIERS
from text_halves import add_half_arguments, build_halves
from text_cache import CachedRereads
from text_lookalike_ceiling import substitution

from pytest_genimg.checks._text_glyphs import line_ink
from pytest_genimg.checks.text import DEFAULT_MIN_CONFIDENCE, reading_from_boxes
from pytest_genimg.metrics.glyphs import PIXEL_SLACK, pairing_doubt

WATCHED = "0O1lI"


def line_measures(text: str, ink: list) -> tuple[str, list[str]]:
    """(pairing doubt or "", one ``char@i w/d w/h`` per watched character) of one line."""
    doubt = pairing_doubt(text, ink)
    chars = [c for c in text if not c.isspace()]
    if len(chars) != len(ink):
        return doubt, []
    digits = [b for c, b in zip(chars, ink) if c in "23456789"]
    widest = max((b[2] for b in digits), default=0)
    height = float(np.median([b[3] for b in ink])) if ink else 0.0
    zeros = [b[2] for c, b in zip(chars, ink) if c == "0"]
    ones = [b[2] for c, b in zip(chars, ink) if c == "1"]
    out = [f"zeros widest/narrowest {max(zeros) / min(zeros):.2f} ({max(zeros)} / {min(zeros)} px)"] if len(zeros) >= 2 else []
    out += [f"ones widest/narrowest {max(ones) / min(ones):.2f} ({max(ones)} / {min(ones)} px)"] if len(ones) >= 2 else []
    for i, (c, b) in enumerate(zip(chars, ink)):
        if c in WATCHED:
            wd = f"{b[2] / widest:.2f}" if widest else "-"
            out.append(f"{c}@{i} w/d {wd} w/h {b[2] / height:.2f} h/H {b[3] / height:.2f}")
    return doubt, out


def reason(sub: tuple[str, str] | None, lines: list[tuple[str, str, list[str], bool]]) -> str:
    """Why the look said nothing: the first that applies."""
    if sub is None:
        return "not one substitution"
    src, dst = sub
    if not lines:
        return f"{src}>{dst}: no kept line holds a watched character"
    text, doubt, _, has_digit = lines[0]
    if src == "0" or src == "1":  # drawn a letter where a digit belongs: read as the digit?
        if not has_digit:
            return f"{src}>{dst}: no digit 2-9 in the line"
        if doubt:
            return f"{src}>{dst}: pairing doubt ({doubt.split(':')[0] if ':' in doubt else doubt})"
        return f"{src}>{dst}: paired, ratio inside the bound"
    return f"{src}>{dst}: a digit drawn among letters (the look does not judge)"


def font_widths(halves: list[str]) -> None:
    """The capital O's ink width over the zero's, at 100 px, in every face the halves draw from."""
    from PIL import ImageFont
    from text_lookalike_ceiling import font_paths

    rows = []
    for half in halves:
        for stem, path in sorted(font_paths(half).items()):
            font = ImageFont.truetype(path, 100)
            mono = abs(font.getlength("i") - font.getlength("W")) < 1
            width = {c: font.getmask(c).getbbox()[2] - font.getmask(c).getbbox()[0] for c in "0O"}
            rows.append((width["O"] / width["0"], mono, half, stem))
    for mono in (False, True):
        group = sorted(r for r in rows if r[1] == mono)
        print(f"{'monospaced' if mono else 'proportional'} faces ({len(group)}): O over 0 in width "
              f"{group[0][0]:.3f} ({group[0][3]}) to {group[-1][0]:.3f} ({group[-1][3]})")


def font_heights(halves: list[str]) -> None:
    """The "1"'s and the l's ink height over the median of the digits 2-9, at 100 px, per face."""
    from PIL import ImageFont
    from text_lookalike_ceiling import font_paths

    rows = []
    for half in halves:
        for stem, path in sorted(font_paths(half).items()):
            font = ImageFont.truetype(path, 100)
            height = {c: font.getmask(c).getbbox()[3] - font.getmask(c).getbbox()[1] for c in "123456789l"}
            digits = float(np.median([height[c] for c in "23456789"]))
            rows.append((height["l"] / digits, height["1"] / digits, half, stem))
    for l_ratio, one_ratio, half, stem in sorted(rows):
        print(f"  l {l_ratio:.3f}  1 {one_ratio:.3f}  {half:<7} {stem}")
    print(f"{len(rows)} faces: the 1 at most {max(r[1] for r in rows):.3f}x the digits' median height; "
          f"the l 1.03x or more in {sum(r[0] >= 1.03 for r in rows)}")


def one_heights(cases: list, readings: dict, rereads: CachedRereads) -> list[float]:
    """For every "1" in a paired line with a digit 2-9 of a correct render read right: the least ratio
    at which a rule "a '1' taller than the median of its line's digits 2-9 by more than that ratio and
    PIXEL_SLACK is an l" would not fire, (height - PIXEL_SLACK) / that median
    (docs/notes/glyph-tall-ones-s13.md)."""
    found = []
    for c in cases:
        if not c.correct or "1" not in c.text or not judge(c, readings[c.case_id], {}, rereads)[0]:
            continue
        for box in reading_from_boxes(readings[c.case_id], DEFAULT_MIN_CONFIDENCE).kept:
            chars = [ch for ch in box.text if not ch.isspace()]
            if "1" not in chars or not any(ch in "23456789" for ch in chars):
                continue
            ink = line_ink(c.image, box)
            if pairing_doubt(box.text, ink):
                continue
            height = float(np.median([b[3] for ch, b in zip(chars, ink) if ch in "23456789"]))
            found += [(b[3] - PIXEL_SLACK) / height for ch, b in zip(chars, ink) if ch == "1"]
    return found


def compare(cases: list, readings: dict, rereads: CachedRereads, settings: dict) -> None:
    """Garbles failed and correct renders passed per tier, at the defaults and under ``settings``,
    on the same readings; every render whose verdict changes."""
    before = {c.case_id: judge(c, readings[c.case_id], {}, rereads)[0] for c in cases}
    after = {c.case_id: judge(c, readings[c.case_id], settings, rereads)[0] for c in cases}
    for tier in TIERS:
        group = [c for c in cases if c.params["tier"] == tier]
        g = [c for c in group if not c.correct]
        k = [c for c in group if c.correct]
        print(f"  {group[0].params['half']:<8} {tier:<13} garbles failed {sum(not before[c.case_id] for c in g)}/{len(g)} -> "
              f"{sum(not after[c.case_id] for c in g)}; correct passed {sum(before[c.case_id] for c in k)}/{len(k)} -> "
              f"{sum(after[c.case_id] for c in k)}")
    for c in cases:
        if before[c.case_id] != after[c.case_id]:
            print(f"    changed: {'correct' if c.correct else c.kind} {c.params['tier']} {c.expected!r} drawn {c.text!r} "
                  f"{'pass' if before[c.case_id] else 'fail'} -> {'pass' if after[c.case_id] else 'fail'} "
                  f"[{c.params['font']}, {c.params['size']} px]")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_half_arguments(ap)
    ap.add_argument("--correct", action="store_true", help="also list correct renders read right with a 0 or O")
    ap.add_argument("--fonts", action="store_true", help="only the O and 0 widths of the halves' faces")
    ap.add_argument("--heights", action="store_true", help="only the 1 and l heights of the halves' faces")
    ap.add_argument("--one-heights", action="store_true", help="only the heights of the ones in correct renders read right")
    ap.add_argument("--compare", default="", help="only compare these settings (JSON keyword arguments) with the defaults, per half and tier")
    args = ap.parse_args()
    import json

    if args.fonts:
        font_widths(args.halves.split(","))
        return
    if args.heights:
        font_heights(args.halves.split(","))
        return

    cache = json.loads(args.cache.read_text()) if args.cache.exists() else {}
    held = cache.get("rapidocr", {})
    reasons: Counter[str] = Counter()
    subs: Counter[str] = Counter()
    for half in args.halves.split(","):
        cases = build_halves(argparse.Namespace(**{**vars(args), "halves": half}))
        if not all(image_key(c) in held for c in cases):
            print(f"{half}: not all readings cached; skipped")
            continue
        readings, _ = read_all("rapidocr", cases, cache)
        rereads = CachedRereads("rapidocr", cache)
        if args.one_heights:
            ratios = sorted(one_heights(cases, readings, rereads))
            print(f"  {half:<8} {len(ratios)} ones in paired lines read right: (height - {PIXEL_SLACK:g} px) / digits, "
                  f"highest {', '.join(f'{r:.3f}' for r in ratios[-5:])}")
            continue
        if args.compare:
            compare(cases, readings, rereads, json.loads(args.compare))
            continue
        for c in cases:
            if c.kind != "lookalike" and not (args.correct and c.correct and any(ch in c.text for ch in "0O1")):
                continue
            passed, read = judge(c, readings[c.case_id], {}, rereads)
            if not passed:
                subs[f"{'/'.join(substitution(c.expected, c.text) or '?')} caught"] += c.kind == "lookalike"
                continue
            reading = reading_from_boxes(readings[c.case_id], DEFAULT_MIN_CONFIDENCE)
            sub = substitution(c.expected, c.text) if c.kind == "lookalike" else None
            lines = []
            for box in reading.kept:
                if not any(ch in box.text for ch in WATCHED):
                    continue
                ink = line_ink(c.image, box)
                doubt, measures = line_measures(box.text, ink)
                lines.append((box.text, doubt, measures, any(ch in box.text for ch in "23456789")))
            p = c.params
            tag = "GARBLE" if c.kind == "lookalike" else "correct"
            print(f"{tag} {half:<7} {p['tier']:<12} {c.expected!r} drawn {c.text!r} read {read!r} "
                  f"{p['font']} {p['size']}px bg={p['background']}")
            for text, doubt, measures, _ in lines:
                print(f"    line {text!r}: {doubt or 'paired'}; " + "; ".join(measures))
            if c.kind == "lookalike":
                r = reason(sub, lines)
                reasons[r] += 1
                subs[f"{'/'.join(sub or '?')} pass"] += 1
    print("\nPassing look-alikes by why the look abstained:")
    for r, n in reasons.most_common():
        print(f"  {n:3d}  {r}")
    print("\nLook-alikes by substitution (caught / passing):")
    for s, n in sorted(subs.items()):
        print(f"  {n:3d}  {s}")


if __name__ == "__main__":
    main()

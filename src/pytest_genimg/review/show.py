"""Show baseline | obtained | diff side by side on a terminal that can draw images (kitty, iTerm2, WezTerm)."""
from __future__ import annotations

import base64
import io
import os
from pathlib import Path
from typing import IO

from .records import Pending

SIDE = 256


def image_protocol(env: dict[str, str] | None = None) -> str | None:
    """``kitty`` or ``iterm`` when the terminal says it draws inline images; None otherwise."""
    env = dict(os.environ if env is None else env)
    if "KITTY_WINDOW_ID" in env or env.get("TERM") == "xterm-kitty":
        return "kitty"
    if env.get("TERM_PROGRAM") in ("iTerm.app", "WezTerm") or "WEZTERM_PANE" in env:
        return "iterm"
    return None


def strip(pending: Pending, baseline: Path | None) -> bytes | None:
    """A PNG of baseline | obtained | diff (those that exist), each scaled to SIDE pixels high."""
    if pending.kind != "image":
        return None
    from PIL import Image

    tiles = []
    for path in (baseline, pending.obtained, pending.diff):
        if path is None or not Path(path).is_file():
            continue
        with Image.open(path) as img:
            img = img.convert("RGB")
            scale = SIDE / img.height
            tiles.append(img.resize((max(1, round(img.width * scale)), SIDE), Image.Resampling.NEAREST))
    if not tiles:
        return None
    sheet = Image.new("RGB", (sum(t.width for t in tiles) + 8 * (len(tiles) - 1), SIDE), (40, 40, 40))
    x = 0
    for tile in tiles:
        sheet.paste(tile, (x, 0))
        x += tile.width + 8
    buf = io.BytesIO()
    sheet.save(buf, format="PNG")
    return buf.getvalue()


def draw(png: bytes, protocol: str, out: IO[str]) -> None:
    data = base64.b64encode(png).decode("ascii")
    if protocol == "iterm":
        out.write(f"\033]1337;File=inline=1;size={len(png)};preserveAspectRatio=1:{data}\a\n")
        return
    chunks = [data[i:i + 4096] for i in range(0, len(data), 4096)]  # kitty graphics protocol, PNG payload
    for i, chunk in enumerate(chunks):
        head = "a=T,f=100," if i == 0 else ""
        out.write(f"\033_G{head}m={1 if i < len(chunks) - 1 else 0};{chunk}\033\\")
    out.write("\n")

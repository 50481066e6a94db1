"""The text experiments' shared frame (second_reader.py, background_distance.py): which renders of
``accuracy_text.py``'s fixed halves (or further seeds) to build, and the per-tier table they print."""
from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from accuracy_text import judge, pct, read_all
from cases_text import TIERS, TextCase, build_cases
from cases_text_fresh import build_halves as build_named
from text_cache import CachedRereads

from pytest_genimg.backends.ocr import OcrBox


def add_half_arguments(ap: argparse.ArgumentParser) -> None:
    ap.add_argument("--n-base", type=int, default=100, help="correct standard renders per half")
    ap.add_argument("--n-tier", type=int, default=100, help="correct renders per half in the small and low-contrast tiers")
    ap.add_argument("--garbled", type=int, default=1)
    ap.add_argument("--halves", default="tune", help="which fixed halves to build (tune, held-out, fresh, fresh2 to fresh8)")
    ap.add_argument("--seeds", default="", help="further seeds to build (neither half: e.g. 2,3)")
    ap.add_argument("--tiers", default=",".join(TIERS))
    ap.add_argument("--cache", type=Path, default=Path("/tmp/genimg-bench-text.json"), help="JSON file of OCR readings")


def build_halves(args: argparse.Namespace) -> list[TextCase]:
    """The renders asked for, each with ``params["half"]``: "tune", "held-out", "fresh" or "seed N"."""
    tiers = tuple(args.tiers.split(","))
    cases = build_named(args.halves.split(","), args.n_base, args.n_tier, args.garbled, tiers=tiers)
    for half, seed in [(f"seed {s}", int(s)) for s in args.seeds.split(",") if s]:
        for tier in tiers:
            built = build_cases(args.n_base if tier == "standard" else args.n_tier, args.garbled, seed, False, tier)
            for c in built:
                c.params["half"] = half
            cases += built
    return cases


def judged_halves(args: argparse.Namespace, settings: dict[str, Any]) -> tuple[
        list[TextCase], dict[str, Any], dict[str, list[OcrBox]], dict[str, tuple[bool, str]]]:
    """The renders asked for (:func:`build_halves`), the cache, each render's first reading by the
    default engine and the check's verdict on it under ``settings`` (keyword arguments of
    ``assert_text_legible``, as ``accuracy_text.judge`` takes them); new readings saved in the cache."""
    cases = build_halves(args)
    cache: dict[str, Any] = json.loads(args.cache.read_text()) if args.cache.exists() else {}
    readings, _ = read_all("rapidocr", cases, cache)
    rereads = CachedRereads("rapidocr", cache)
    verdicts = {c.case_id: judge(c, readings[c.case_id], settings, rereads) for c in cases}
    save_cache(cache, args.cache)
    return cases, cache, readings, verdicts


def save_cache(cache: dict[str, Any], path: Path) -> None:
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(cache))
    tmp.replace(path)


def table(cases: list[TextCase], passed: dict[str, bool], label: str) -> None:
    """Correct renders passing and garbles failing, per half and tier."""
    for half in dict.fromkeys(c.params["half"] for c in cases):
        for tier in TIERS:
            group = [c for c in cases if c.params["half"] == half and c.params["tier"] == tier]
            if not group:
                continue
            cp = sum(passed[c.case_id] for c in group if c.correct)
            cn = sum(c.correct for c in group)
            gf = sum(not passed[c.case_id] for c in group if not c.correct)
            gn = sum(not c.correct for c in group)
            print(f"  {label:<44} {half:<9} {tier:<13} correct pass {pct(cp, cn):<18} garbled fail {pct(gf, gn)}")

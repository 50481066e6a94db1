"""Composition (GenEval in a test): the right objects, in the right number, colour and place.

Each image's objects are detected; each requested object's count is checked against its spec,
its colour named from its own pixels, and each relation decided on the most confident detection of
either object (GenEval's convention). An image passes when every part holds.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from PIL import Image, ImageDraw

from ..errors import GenImgUsageError, usage
from ..images import InputImage, as_images
from ..metrics.composition import (
    Detection,
    ObjectSpec,
    nms,
    parse_objects,
    parse_relations,
    region_color,
    relation_holds,
)
from ..metrics.composition_prompt import ParsedComposition, composition_from_prompt
from ._base import CheckResult, ItemVerdict, from_items, raise_if_failed, require_fraction, save_artifact

__all__ = ["assert_composition", "measure_composition", "composition_from_prompt"]


def _requests(ims: list[InputImage], objects: Any, relations: Any, prompt: str | None) -> list[tuple[list[ObjectSpec], list[tuple[str, str, str]], str]]:
    """Per image: (object specs, relations, how they were obtained)."""
    if objects is not None:
        if prompt is not None:
            raise usage("prompt", "either objects= (with relations=) or prompt=, not both", prompt)
        specs = parse_objects(objects)
        rels = parse_relations(relations, [s.name for s in specs])
        return [(specs, rels, "")] * len(ims)
    if relations is not None:
        raise usage("relations", "objects= as well: every object in a relation must be named there", relations)
    out = []
    for im in ims:
        text = prompt if prompt is not None else im.meta.get("prompt")
        if not text:
            raise usage("objects", "what each image must hold ({'cat': 2, ...}), or prompt= to parse it from", None)
        parsed: ParsedComposition = composition_from_prompt(text)
        specs = parse_objects(parsed.objects)
        out.append((specs, parse_relations(parsed.relations, [s.name for s in specs]), parsed.describe()))
    return out


def _detect(detector: Any, rgb: np.ndarray, labels: list[str], min_score: float) -> list[Detection]:
    from ..backends.cached_detect import cached_detect

    try:
        found = cached_detect(detector, rgb, labels)
    except GenImgUsageError:
        raise
    except Exception as exc:  # a user's detector: name it, keep the traceback chained
        raise GenImgUsageError(f"detector: {getattr(detector, 'name', detector)!r} raised {type(exc).__name__}: {exc}") from exc
    return nms([d for d in found if d.label in labels and d.score >= min_score])


def _judge(im: InputImage, specs: list[ObjectSpec], rels: list[tuple[str, str, str]], found: list[Detection]) -> tuple[ItemVerdict, dict[str, Any]]:
    rgb = im.array
    values: dict[str, Any] = {}
    problems: list[str] = []
    drawn: dict[str, Any] = {"boxes": [], "relations": []}
    best: dict[str, Detection] = {}
    for spec in specs:
        mine = sorted((d for d in found if d.label == spec.name), key=lambda d: -d.score)
        if mine:
            best[spec.name] = mine[0]
        values[f"count[{spec.name}]"] = len(mine)
        ok = spec.count.holds(len(mine))
        if not ok:
            problems.append(f"{len(mine)} {spec.name} (wanted {spec.count})")
        # Colours are read only where the request names one; the artifact names the rest when drawn.
        colours = [region_color(rgb, d.box, d.mask) for d in mine] if spec.color is not None else []
        if spec.color is not None and spec.count.least > 0:
            matching = sum(c.name == spec.color for c in colours)
            need = max(1, spec.count.least)
            values[f"color[{spec.name}]"] = ",".join(c.name for c in colours) or "-"
            if matching < need:
                seen = ", ".join(f"{c.name} (dE {c.distance:.0f}, next {c.runner_up} dE {c.runner_up_distance:.0f})" for c in colours[:4]) or "none found"
                problems.append(f"{spec.name} colour: {matching} of {need} {spec.color} ({seen})")
                ok = False
        for i, det in enumerate(mine):
            drawn["boxes"].append((det, colours[i].name if colours else None, ok))
    for a, rel, b in rels:
        key = f"{a} {rel} {b}"
        if a not in best or b not in best:
            missing = " and ".join(x for x in (a, b) if x not in best)
            values[key] = "missing"
            problems.append(f"{key}: {missing} not found")
            drawn["relations"].append((key, False, f"{missing} not found"))
            continue
        holds, why = relation_holds(best[a], rel, best[b])
        values[key] = holds
        drawn["relations"].append((key, holds, why))
        if not holds:
            problems.append(f"{key}: no ({why})")
    return ItemVerdict(im.label, not problems, values, "; ".join(problems)), drawn


def _draw(im: InputImage, drawn: dict[str, Any], parse: str) -> Image.Image:
    canvas = im.pil.convert("RGB").copy()
    pen = ImageDraw.Draw(canvas)
    rgb = im.array
    for det, colour, ok in drawn["boxes"]:
        colour = colour or region_color(rgb, det.box, det.mask).name
        outline = (40, 200, 60) if ok else (230, 40, 40)
        pen.rectangle(det.box, outline=outline, width=max(2, canvas.width // 200))
        pen.text((det.box[0] + 3, det.box[1] + 2), f"{det.label} {det.score:.2f} {colour}", fill=outline)
    lines = [f"{'ok' if holds else 'NO'}  {key}: {why}" for key, holds, why in drawn["relations"]]
    if parse:
        lines.insert(0, parse[:120])
    if lines:
        band = Image.new("RGB", (canvas.width, 14 * len(lines) + 6), (20, 20, 20))
        ImageDraw.Draw(band).multiline_text((4, 3), "\n".join(lines), fill=(235, 235, 235), spacing=3)
        sheet = Image.new("RGB", (canvas.width, canvas.height + band.height))
        sheet.paste(canvas, (0, 0))
        sheet.paste(band, (0, canvas.height))
        canvas = sheet
    return canvas


def measure_composition(
    images: Any,
    *,
    objects: Mapping[str, Any] | None = None,
    relations: Sequence[tuple[str, str, str]] | None = None,
    prompt: str | None = None,
    detector: Any = None,
    min_score: float = 0.0,
    min_pass_rate: float = 1.0,
) -> CheckResult:
    """Detect and judge each image; see :func:`assert_composition`."""
    from ..backends.detectors import resolve_detector

    ims = as_images(images)
    require_fraction("min_pass_rate", min_pass_rate)
    require_fraction("min_score", min_score)
    requests = _requests(ims, objects, relations, prompt)
    engine = resolve_detector(detector)
    items = []
    for im, (specs, rels, parse) in zip(ims, requests):
        found = _detect(engine, im.array, [s.name for s in specs], min_score)
        item, drawn = _judge(im, specs, rels, found)
        if not item.passed:
            item.artifact = save_artifact(_draw(im, drawn, parse), f"composition-{im.index}", f"{im.label}: detections")
        items.append(item)
    parses = sorted({p for _, _, p in requests if p})
    return from_items(
        "composition",
        items,
        min_pass_rate=min_pass_rate,
        thresholds={"min_score": min_score},
        metrics={"detector": getattr(engine, "name", type(engine).__name__)},
        notes=parses[:4] + ([f"... {len(parses) - 4} more prompts parsed"] if len(parses) > 4 else []),
    )


def assert_composition(
    images: Any,
    *,
    objects: Mapping[str, Any] | None = None,
    relations: Sequence[tuple[str, str, str]] | None = None,
    prompt: str | None = None,
    detector: Any = None,
    min_score: float = 0.0,
    min_pass_rate: float = 1.0,
) -> CheckResult:
    """Fail unless each image holds the requested objects, in number, colour and place.

    ``objects``: name -> count (``2`` exactly, ``">=1"``, ``"<=3"``, ``0`` for none) or
    ``{"count": ..., "color": "red"}`` (colour from :data:`~pytest_genimg.metrics.composition.PALETTE`;
    at least as many detections as the count asks must be that colour). ``relations``: triples
    ``("cube", "left of", "ball")`` with left of, right of, above, below, near, inside. Without
    ``objects``, ``prompt=`` (or each GeneratedImage's own prompt) is parsed by
    :func:`composition_from_prompt` and the parse is printed in the message. ``detector``: None
    (offline people and faces; other objects through ``--genimg-detector``), a folder or hub id, or an
    object with ``detect(rgb, labels)``. ``min_pass_rate`` is GenEval's score: the share of images
    fully right.
    """
    __tracebackhide__ = True
    return raise_if_failed(
        measure_composition(images, objects=objects, relations=relations, prompt=prompt, detector=detector,
                            min_score=min_score, min_pass_rate=min_pass_rate)
    )

"""An experiment on the extra-limb rule: people's silhouettes (the pose model's segmentation masks)
as evidence at the defaults.

    python benchmarks/mask_anatomy.py [--half tune|held-out|both] [--cache DIR] [--pngs DIR] [--only TEXT]

The shipped pose ``.task`` gives one segmentation mask per detected person; the check uses them
only under ``strict`` (a hand left over on a person's silhouette is that person's, see
``LimbRule.spare_on_silhouette``). This script asks whether they could also catch pasted hands at
the defaults. It lists every hand the default rule does not give to a wrist, and every pasted hand
(``PASTED``; ``REAL`` in images without an extra limb), with the people whose silhouette covers its
palm and how many hands they hold; then judges three variants at the defaults:

1. a hand left over counts as over a body when its palm lies on that person's silhouette within a
   wider torso margin or limb width (the silhouette confirming what the landmarks only suggest);
2. a hand left over on the silhouette of a person who already holds two (or three) hands is a third
   hand (after the second look, as the rule's other extra hands);
3. ``strict=True`` with and without the silhouettes.

Silhouettes come from the accuracy benchmark's cache folder (``silhouettes-*.json``); ``--pngs``
writes each case with its people's silhouettes tinted, to check them by eye.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parent))

from accuracy_anatomy import ScanCache, build_cases, judge  # noqa: E402  (also puts src/ on the path)

import pytest_genimg.metrics.limb_rule as limb_rule  # noqa: E402
from pytest_genimg.backends.scan import ScanSettings  # noqa: E402
from pytest_genimg.metrics.limb_rule import HandVerdict, LimbRule, _second_look, assign_hands  # noqa: E402

TINTS = ((255, 0, 0), (0, 255, 0), (0, 0, 255), (255, 255, 0), (255, 0, 255), (0, 255, 255))
WIDER = ((0.15, 0.2), (0.15, 0.25), (0.15, 0.3), (0.25, 0.12), (0.25, 0.25), (0.35, 0.3), (0.5, 0.5), (9.0, 9.0))


def tinted(image: Image.Image, masks: np.ndarray) -> Image.Image:
    """``image`` at the silhouettes' size, beside a copy with each person's silhouette tinted."""
    rgb = np.asarray(image.convert("RGB").resize(masks.shape[:0:-1]))
    tint = rgb.copy()
    for k, mask in enumerate(masks):
        tint[mask] = (0.5 * tint[mask] + 0.5 * np.array(TINTS[k % len(TINTS)])).astype(np.uint8)
    return Image.fromarray(np.hstack([rgb, tint]))


def listing(data: list) -> None:
    for case, found, silhouettes, faces, reread in data:
        a = assign_hands(found.people, found.hands, LimbRule(), faces, reread)
        sil = silhouettes()
        for v in a.verdicts:
            hand = found.hands[v.hand]
            pasted = case.spot is not None and np.linalg.norm(hand.palm - np.asarray(case.spot)) < hand.size
            if v.status == "owned" and not pasted or (case.extra and not pasted):
                continue
            under = [] if sil is None else sil.people_under(hand.palm)
            on = ", ".join(f"P{p + 1} holds {a.hands_per_person[p]}" for p in under) or "no silhouette"
            print(f"{case.half:8s} {case.name:44s} H{v.hand + 1} {'PASTED' if pasted else 'REAL':6s} {v.status:10s} "
                  f"{v.reason[:44]:44s} palm on: {on}")


def wider_body(data: list) -> None:
    original = limb_rule.over_body
    current: dict[str, object] = {}

    for torso_w, limb_w in WIDER:
        def over_body(person, point, rule, *, full=False, torso_w=torso_w, limb_w=limb_w):
            if original(person, point, rule, full=full):
                return True
            sil, people = current["sil"], current["people"]
            k = next((i for i, p in enumerate(people) if p is person), None)
            if sil is None or k is None or k not in sil.people_under(point):
                return False
            torso, limb = limb_rule.body_gaps(person, point)
            return torso <= torso_w or limb <= limb_w

        fa = hit = 0
        changed = []
        for case, found, silhouettes, faces, reread in data:
            current.update(sil=silhouettes(), people=found.people)
            limb_rule.over_body = over_body
            try:
                after = judge(found, faces, case, LimbRule(), reread)["failed"]
            finally:
                limb_rule.over_body = original
            before = judge(found, faces, case, LimbRule(), reread)["failed"]
            fa, hit = fa + (after and not case.extra), hit + (after and case.extra)
            if after != before:
                changed.append(("+" if after else "-") + case.name + ("" if case.extra else " (false alarm)"))
        print(f"1. silhouette-confirmed torso margin {torso_w}, limb width {limb_w}: {_figures(data, fa, hit)}; changed: {changed}")


def third_hand(data: list) -> None:
    rule = LimbRule()
    for holds in (2, 3):
        fa = hit = 0
        added = []
        for case, found, silhouettes, faces, reread in data:
            a = assign_hands(found.people, found.hands, rule, faces, reread)
            failed = bool(a.extra)
            for v in a.stray:
                hand, sil = found.hands[v.hand], silhouettes()
                owners = [p for p in ([] if sil is None else sil.people_under(hand.palm)) if a.hands_per_person[p] >= holds
                          and rule.min_hand_size * found.people[p].size <= hand.size <= rule.max_hand_size * found.people[p].size]
                if owners and not v.reason.startswith("on a head") and not failed:
                    look = _second_look(HandVerdict(v.hand, "extra", owners[0], reason="third hand on a silhouette"), reread, rule)
                    if look.status == "extra":
                        failed = True
                        added.append(case.name + ("" if case.extra else " (false alarm)"))
            fa, hit = fa + (failed and not case.extra), hit + (failed and case.extra)
        print(f"2. third hand on the silhouette of a person holding >= {holds}: {_figures(data, fa, hit)}; added: {added}")


def strict(data: list) -> None:
    for spare in (False, True):
        rule = LimbRule(strict=True, spare_on_silhouette=spare)
        results = [(case, judge(found, faces, case, rule, reread, silhouettes)["failed"]) for case, found, silhouettes, faces, reread in data]
        fa, hit = sum(f and not c.extra for c, f in results), sum(f and c.extra for c, f in results)
        print(f"3. strict, spare_on_silhouette={spare}: {_figures(data, fa, hit)}")


def _figures(data: list, fa: int, hit: int) -> str:
    extra = sum(case.extra for case, *_ in data)
    return f"false alarms {fa}/{len(data) - extra}, recall {hit}/{extra}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--half", choices=("tune", "held-out", "both"), default="tune")
    parser.add_argument("--cache", type=Path, default=Path("/tmp/genimg-bench-anatomy"))
    parser.add_argument("--pngs", type=Path, default=None, help="write each case with its silhouettes tinted here")
    parser.add_argument("--only", default="", help="only cases whose name contains this")
    args = parser.parse_args()
    cache = ScanCache(args.cache, None, ScanSettings())
    try:
        data = []
        for case in build_cases([], locate=cache.people):
            if args.half not in ("both", case.half) or args.only not in case.name:
                continue
            found, _ms = cache.get(case.image)
            data.append((case, found, cache.silhouettes(case.image, found.people), cache.faces(case.image),
                         cache.reread(case.image, found.hands)))
        if args.pngs is not None:
            args.pngs.mkdir(parents=True, exist_ok=True)
            for case, _found, silhouettes, *_ in data:
                sil = silhouettes()
                if sil is not None and len(sil.masks):
                    tinted(case.image, sil.masks).save(args.pngs / f"{case.name}.png")
        listing(data)
        wider_body(data)
        third_hand(data)
        strict(data)
    finally:
        cache.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

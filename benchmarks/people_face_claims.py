"""Session 13: does the people detector count a second face inside a body that has one at its nose as a
person of its own (``PeopleDetector(one_face_per_body=True)``, :func:`pytest_genimg.metrics.faced_people.second_faces`)?
The criterion is docs/notes/people-one-face-per-body-s13.md's, written before this script first ran.

    python -m pytest_genimg fetch-coco       # once: people_coco.py's command line loads the COCO detector
    python benchmarks/people_face_claims.py --sets tune,held-out,fresh,fresh2,fresh3,fresh4,fresh5,fresh6 [--cache DIR] [--list]

ALL EIGHT SETS ARE DEVELOPMENT DATA. The rule was written from four FRESH6 cases, so FRESH6 is in the
tuning subset (tune, FRESH, FRESH2, FRESH3, FRESH6); the confirm subset is held-out, FRESH4, FRESH5.
The rule has no constant of its own. The detections are those ``people_coco.py`` keeps (the same
folder); every count is :meth:`PeopleDetector.counted`'s own on them, with the rule and without it
(the defaults before session 13, against which the criterion judged it).
Printed: people counts right per set, cases gained and lost per subset, the criterion. The rule is
box arithmetic on faces the detector has found anyway; ``--timing N`` (session 15) times what ``confirmed_faces`` adds,
the ``faces`` detector's run.

Printed on 2026-12-01 (all eight sets; 6 min 23 s computing the detections, 43 s from the stored ones),
people counts right per set (tune / FRESH / FRESH2 / FRESH3 / FRESH6 | held-out / FRESH4 / FRESH5):

    one_face_per_body=False      127 / 158 / 131 / 145 / 105 | 99 / 135 / 97   997/1088  left/right 1120/1120
    one face per body (default)  127 / 158 / 135 / 148 / 108 | 98 / 135 / 99  1008/1088  left/right 1152/1152

tuning subset +11 -1, confirm subset +3 -2, no left/right or person-free case newly wrong: criterion met.

Session 14 adds a guard to the rule: a second face overlapping the body's own face by
``faced_people.SAME_FACE`` (0.3) or more of the smaller box is that face found again, not a person.
Its criterion (docs/notes/people-same-face-s14.md, written before this script first printed it):
judged on every development set together, FRESH7 included (``--sets tune,held-out,fresh,fresh2,fresh3,
fresh4,fresh5,fresh6,fresh7``), against session 13's rule (``same_face=inf``): no case lost, at least
one gained, no left/right or person-free case newly wrong.

Session 15 counts each face the ``faces`` detector's Haar cascade or MTCNN finds beyond BlazeFace, confirmed by
O-Net, as a person (``PeopleDetector(confirmed_faces=True)``). Its criterion (docs/notes/people-confirmed-faces-s15.md,
written before this script first printed it): on all ten development sets (``--sets tune,held-out,fresh,fresh2,
fresh3,fresh4,fresh5,fresh6,fresh7,fresh8``), the nine earlier sets net >= 0 with no set more than one case
worse, FRESH8 (where the idea came from) net >= 1, no person-free or left/right case newly wrong. Printed on
2026-12-01 (30 min computing the faces detector's faces alongside another job; kept as ``allfaces`` in the same folder):

    session 14's defaults        1250/1355  left/right 1568/1568
    confirmed_faces=True         1256/1355  left/right 1584/1584  (earlier sets +8 -4, FRESH8 +2 -0)
    every counted face a person  1244/1355  (confirmed faces and face_min_score 0; information, not a candidate)

criterion met: on by default.

Session 16 lets a weak face at a body's nose be that body's own face in ``one_face_per_body``
(``PeopleDetector(nose_face_min=0)``: every BlazeFace face the detector keeps, where the nose face needed
``face_min_score`` before). Its criterion (docs/notes/people-weak-nose-face-s16.md, written before this script first
printed it): on all eleven development sets (FRESH9 added: ``--sets ...,fresh8,fresh9``), the ten earlier sets net >= 0
with no set more than one case worse, FRESH9 (where the idea came from) net >= 1, no person-free or left/right case
newly wrong. Printed on 2026-12-02 (27 min 40 s computing every detection anew, nothing else running; 1 min 49 s from
the stored ones):

    confirmed_faces=True (session 15)  1338/1450  left/right 1694/1696
    nose_face_min=0 (session 16)       1339/1450  left/right 1694/1696  (earlier sets +0 -0, FRESH9 +1 -0: river-chair)

criterion met: on by default. Then ``split_twins`` (criterion: docs/notes/people-split-twins-s16.md, written before
this script printed it: no set loses a count, left/right right +2 or more with no case worse, no person-free case newly
wrong), against ``nose_face_min=0``, 1 min 57 s from the stored detections:

    split_twins=True (session 16)      1339/1450  left/right 1700/1700  (no count changed; the reader's twin 2/4 -> 4/4,
                                                                         a FRESH6 pasted pair newly judged 4/4)

criterion met: on by default. ``--timing 10`` on the first run: session 14's people detector 0.515 s per 512 px
image, the ``faces`` detector ``confirmed_faces`` adds 0.258 s (1.50x where no face check shares its faces).
"""
from __future__ import annotations

import math
import sys
from pathlib import Path
from unittest import mock

sys.path.insert(0, str(Path(__file__).resolve().parent))

from people_coco import print_rows, run
from people_one_face import case_row, changes, meets
from people_tiles import timed

from pytest_genimg.metrics import faced_people

TUNING, CONFIRM = ("tune", "fresh", "fresh2", "fresh3", "fresh6"), ("held-out", "fresh4", "fresh5")
MIN_NET, LOSS_PER_GAIN = 3, 1 / 3  # the criterion's bar on the tuning subset; 0 on the confirm subset
RULE, BEFORE = "one face per body (session 14's defaults)", "one_face_per_body=False"
SESSION13 = "same_face=inf (session 13)"
CONFIRMED = "confirmed_faces=True (session 15)"
EVERY_FACE = "confirmed_faces, face_min_score=0 (information)"
WEAK_NOSE = "nose_face_min=0 (session 16)"
EARLIER = ("tune", "held-out", "fresh", "fresh2", "fresh3", "fresh4", "fresh5", "fresh6", "fresh7")  # session 15's confirm subset
TWINS = "split_twins=True (session 16, default)"
# (name, one_face_per_body, SAME_FACE, confirmed_faces, face_min_score, nose_face_min, split_twins): every variant on the
# same stored detections
VARIANTS = ((BEFORE, False, faced_people.SAME_FACE, False, 0.4, None, False), (SESSION13, True, math.inf, False, 0.4, None, False),
            (RULE, True, faced_people.SAME_FACE, False, 0.4, None, False), (CONFIRMED, True, faced_people.SAME_FACE, True, 0.4, None, False),
            (EVERY_FACE, True, faced_people.SAME_FACE, True, 0.0, None, False),
            (WEAK_NOSE, True, faced_people.SAME_FACE, True, 0.4, 0.0, False), (TWINS, True, faced_people.SAME_FACE, True, 0.4, 0.0, True))


def measure(cases: list, store, coco) -> dict[str, list]:
    """Per variant (VARIANTS' names): per case, :func:`case_row`'s row."""
    det = store.det
    out: dict[str, list] = {name: [] for name, *_ in VARIANTS}
    for case in cases:
        with store.pinned(case) as (rgb, views, low):
            for name, on, same, confirmed, face_min, nose_min, twins in VARIANTS:
                det.one_face_per_body, det.confirmed_faces, det.face_min_score, det.nose_face_min = on, confirmed, face_min, nose_min
                det.split_twins = twins
                with mock.patch.object(faced_people, "SAME_FACE", same):
                    out[name].append(case_row(case, det.counted(rgb, views=views, low=low)))
    det.one_face_per_body, det.confirmed_faces, det.face_min_score, det.nose_face_min, det.split_twins = True, True, 0.4, 0.0, True
    return out


def judge(rows: dict[str, list], sets: list[str], listed: bool) -> None:
    print_rows(rows, sets, width=len(RULE))
    base, mine = rows[BEFORE], rows[SESSION13]  # session 13's criterion: its rule against the detector before it
    verdicts = []
    for subset, names, min_net in (("tuning subset", TUNING, MIN_NET), ("confirm subset", CONFIRM, 0)):
        pick = [i for i, r in enumerate(base) if r[0] in names]
        c = changes([mine[i] for i in pick], [base[i] for i in pick], [s for s in names if s in sets])
        verdicts.append(meets(c, min_net=min_net, loss_per_gain=LOSS_PER_GAIN if min_net else float("inf")))
        print(f"  {subset}: gained {len(c['gained'])}: {', '.join(c['gained'])}\n    lost {len(c['lost'])}: {', '.join(c['lost'])}\n"
              f"    counted otherwise, verdict kept: {len(c['changed'])}; person-free newly wrong {len(c['free_new_wrong'])}; "
              f"left/right newly wrong (net) {max(c['lr_new_wrong'], 0)}; per set " + ", ".join(f"{s} {d:+d}" for s, d in c["per_set"].items()))
    missing = [s for s in TUNING + CONFIRM if s not in sets]
    print(f"  session 13's criterion: tuning net >= {MIN_NET} with losses <= gains/3, confirm net >= 0, no left/right or person-free case newly wrong -> "
          + ("not judged (sets missing: " + ", ".join(missing) + ")" if missing else "MET" if all(verdicts) else "not met"))
    c = changes(rows[RULE], rows[SESSION13], sets)
    ok = not c["lost"] and c["gained"] and meets(c, min_net=1, loss_per_gain=0)
    print(f"  session 14's guard (same_face={faced_people.SAME_FACE:g}) against session 13's rule, all sets given: gained {len(c['gained'])}: "
          f"{', '.join(c['gained'])}\n    lost {len(c['lost'])}: {', '.join(c['lost'])}; counted otherwise, verdict kept: "
          f"{', '.join(c['changed']) or 'none'}; person-free newly wrong {len(c['free_new_wrong'])}; left/right newly wrong (net) "
          f"{max(c['lr_new_wrong'], 0)}\n  criterion (docs/notes/people-same-face-s14.md): none lost, at least one gained, no left/right "
          "or person-free case newly wrong -> " + ("MET" if ok else "not met"))
    judge_confirmed(rows, sets)
    judge_twins(rows, sets)
    if listed:
        for name, mine in rows.items():
            print(f"  wrong, {name}: " + ", ".join(f"{r[0]}:{r[1]} {r[2]}" for r in mine if not r[3]))


def judge_confirmed(rows: dict[str, list], sets: list[str]) -> None:
    """Session 15's criterion (docs/notes/people-confirmed-faces-s15.md): CONFIRMED against session 14's defaults;
    session 16's (docs/notes/people-weak-nose-face-s16.md): WEAK_NOSE against CONFIRMED, FRESH8 among the earlier sets."""
    for title, base, rule, earlier, source, note in (
            ("confirmed faces", RULE, CONFIRMED, EARLIER, "fresh8", "people-confirmed-faces-s15.md"),
            ("weak nose faces", CONFIRMED, WEAK_NOSE, (*EARLIER, "fresh8"), "fresh9", "people-weak-nose-face-s16.md")):
        verdicts = []
        for label, names, min_net in ((f"{len(earlier)} earlier sets", [s for s in earlier if s in sets], 0),
                                      (f"{source.upper()} (the rule's source)", [source], 1)):
            pick = [i for i, r in enumerate(rows[base]) if r[0] in names]
            c = changes([rows[rule][i] for i in pick], [rows[base][i] for i in pick], names)
            verdicts.append(meets(c, min_net=min_net, loss_per_gain=float("inf"), set_net=-1))
            print(f"  {title}, {label}: gained {len(c['gained'])}: {', '.join(c['gained'])}\n    lost {len(c['lost'])}: "
                  f"{', '.join(c['lost'])}\n    counted otherwise, verdict kept: {len(c['changed'])}; person-free newly wrong "
                  f"{len(c['free_new_wrong'])}: {', '.join(c['free_new_wrong'])}; left/right newly wrong (net) {max(c['lr_new_wrong'], 0)}; "
                  "per set " + ", ".join(f"{s} {d:+d}" for s, d in c["per_set"].items()))
        missing = [s for s in (*earlier, source) if s not in sets]
        print(f"  criterion (docs/notes/{note}): earlier sets net >= 0 with no set more than one worse, {source.upper()} net >= 1, "
              "no person-free or left/right case newly wrong -> "
              + ("not judged (sets missing: " + ", ".join(missing) + ")" if missing else "MET" if all(verdicts) else "not met"))


def judge_twins(rows: dict[str, list], sets: list[str]) -> None:
    """Session 16's split_twins criterion (docs/notes/people-split-twins-s16.md): TWINS against the defaults."""
    base, mine = rows[WEAK_NOSE], rows[TWINS]
    c = changes(mine, base, sets)
    right = sum(x for r in mine for x in r[4]) - sum(x for b in base for x in b[4])
    worse = [f"{r[0]}:{r[1]}" for r, b in zip(mine, base) if sum(not x for x in r[4]) > sum(not x for x in b[4])]
    better = [f"{r[0]}:{r[1]}" for r, b in zip(mine, base) if sum(not x for x in r[4]) < sum(not x for x in b[4])]
    ok = min(c["per_set"].values(), default=0) >= 0 and right >= 2 and not worse and not c["free_new_wrong"]
    print(f"  split twins: people gained {len(c['gained'])}: {', '.join(c['gained'])}\n    lost {len(c['lost'])}: {', '.join(c['lost'])}; "
          f"counted otherwise, verdict kept: {len(c['changed'])}; person-free newly wrong {len(c['free_new_wrong'])}\n"
          f"    left/right verdicts right {right:+d}; cases better {len(better)}: {', '.join(better)}; worse {len(worse)}: {', '.join(worse)}\n"
          "  criterion (docs/notes/people-split-twins-s16.md): no set loses a count, left/right right +2 or more with no case worse, "
          "no person-free case newly wrong -> " + ("MET" if ok else "not met"))


def timing(cases: list, count: int, coco) -> None:
    """Seconds per 512 px image of session 14's people detector (``confirmed_faces=False``) and of what
    ``confirmed_faces`` adds (the ``faces`` detector's run), uncached (no evaluator cache is active here)."""
    n, before, faces = timed(cases, count, lambda det, rgb: det.counted_faces(rgb), confirmed_faces=False)
    print(f"\ncost per 512 px image ({n} images, uncached): session 14's people detector {before:.3f} s, the faces detector "
          f"confirmed_faces adds {faces:.3f} s (ratio {faces / max(before, 1e-9):.2f}; the defaults cost "
          f"{(before + faces) / max(before, 1e-9):.2f}x session 14's where no face check on the same image shares the faces)")


if __name__ == "__main__":
    run(__doc__.splitlines()[0], measure, judge, timing)

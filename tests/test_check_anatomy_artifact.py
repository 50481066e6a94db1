"""The extra-limb check's artifact: every hand with the person it was given to (or unattached) and
why, the heads, and the silhouettes tinted where they lie on the image."""
from __future__ import annotations

import numpy as np
from PIL import Image


def test_artifact_gives_every_hand_its_person_or_unattached_and_why() -> None:
    from test_metrics_anatomy import make_hand, make_person

    from pytest_genimg.backends.scan import Scan
    from pytest_genimg.checks.anatomy import ImageAnatomy, draw_anatomy, hand_owner
    from pytest_genimg.metrics.limb_rule import assign_hands

    person = make_person()
    hands = [make_hand((265, 240)), make_hand((135, 240)), make_hand((200, 150)), make_hand((700, 100))]
    assignment = assign_hands([person], hands)
    lines = [hand_owner(v) for v in assignment.verdicts]
    assert lines[0].startswith("P1 visible left wrist, 0.00 body units")
    assert lines[2] == "EXTRA on P1: over body, both wrists taken"
    assert lines[3] == "unattached: near no body"
    anatomy = ImageAnatomy("#0", Scan([person], hands, 1), assignment)
    out = draw_anatomy(Image.new("RGB", (800, 600), (90, 90, 90)), anatomy)
    assert out.width == 800 and out.height > 600  # the picture, then one legend line per hand
    legend = np.asarray(out)[600:]
    assert (legend == np.array([255, 30, 30])).all(axis=-1).any()  # the extra hand's line, in red
    assert (legend == np.array([255, 200, 0])).all(axis=-1).any()  # the unattached one, in yellow
    with_head = draw_anatomy(Image.new("RGB", (800, 600), (90, 90, 90)), ImageAnatomy("#0", Scan([person], hands, 1), assignment, ((600.0, 50.0, 700.0, 150.0),)))
    assert (np.asarray(with_head)[:600] == np.array([200, 120, 255])).all(axis=-1).any()  # the head, in violet


def test_the_artifact_tints_each_silhouette_cell_where_it_lies_on_the_image() -> None:
    """A mask cell is 4 image px (the last partial): drawn on a 7 px image scaled to 512, cell (0, 0)
    covers picture px 0-292, not half the picture."""
    from pytest_genimg.backends.scan import Scan
    from pytest_genimg.checks.anatomy import ImageAnatomy, draw_anatomy
    from pytest_genimg.metrics.limb_rule import Assignment
    from pytest_genimg.metrics.silhouette import Silhouettes

    masks = np.zeros((1, 2, 2), dtype=bool)
    masks[0, 0, 0] = True
    anatomy = ImageAnatomy("#0", Scan([], [], 1), Assignment([], []), silhouettes=Silhouettes(masks, down=4))
    drawn = np.asarray(draw_anatomy(Image.new("RGB", (7, 7)), anatomy))
    assert drawn[280, 280].tolist() != [0, 0, 0]  # image px (3.8, 3.8): cell (0, 0)
    assert drawn[300, 300].tolist() == [0, 0, 0] and drawn[280, 300].tolist() == [0, 0, 0]  # image x 4.1: cell (0, 1)


def test_the_artifact_says_which_wrist_refused_a_hand_bent_from_its_forearm() -> None:
    import math

    from test_metrics_anatomy import make_hand, make_person

    from pytest_genimg.checks.anatomy import hand_owner
    from pytest_genimg.metrics.limb_rule import assign_hands
    from pytest_genimg.metrics.wrists import wrist_bend

    person = make_person()
    bent = make_hand((265, 240), (math.sin(math.radians(-80)), math.cos(math.radians(-80))), length=50)  # 84 degrees
    line = hand_owner(assign_hands([person], [bent]).verdicts[0])
    assert line == (f"EXTRA on P1: over body; P1's visible left wrist (0.00 body units) did not take it: "
                    f"bent {wrist_bend(person, 'left', bent):.0f} degrees from the forearm (at most 70)")

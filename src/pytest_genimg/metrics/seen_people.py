"""Which pose bodies the image itself does not vouch for (tenth round): a body whose nose lies outside
the image, and a body only the mirror view found. Pure functions on BlazePose bodies, the image's
size and face boxes, for the ``people`` detector's ``frame_rule`` and ``mirror_confirm``.

Read from the development sets' wrong counts (``benchmarks/people_views.py``): BlazePose, given a
close crop or a portrait pair, returns a further skeleton whose nose it places beyond the image's
edge (a third person in a twin pair, a second beside a one-person portrait): a guess about pixels
it never saw. And the mirror view (``PeopleDetector(mirror=True)``, chosen in the first rounds to
find people turned away) adds bodies the plain view does not see: a second, faceless body on a
tilted pasted person or between two portraits. Such a body, with no face at its nose, is kept only
where the selfie mask confirms it as the low-confidence bodies are confirmed
(:func:`pytest_genimg.metrics.masked_people.masked_newcomers`): the mask calls part of its box
person and its mask region is no counted person's."""
from __future__ import annotations

from collections.abc import Sequence

from .anatomy import NOSE, Person, same_person
from .composition import Box
from .faced_people import face_at


def off_frame(people: Sequence[Person], shape: tuple[int, ...]) -> list[Person]:
    """The bodies whose nose lies outside an image of ``shape`` (HxW...): x outside [0, W] or y
    outside [0, H], in pixels."""
    h, w = shape[:2]
    return [p for p in people if not (0.0 <= float(p.points[NOSE][0]) <= w and 0.0 <= float(p.points[NOSE][1]) <= h)]


def mirror_only(people: Sequence[Person], plain: Sequence[Person], faces: Sequence[tuple[Box, float]]) -> list[Person]:
    """Of ``people`` (bodies of both views, merged), those the plain view did not find (no body of
    ``plain`` is the same person, :func:`~pytest_genimg.metrics.anatomy.same_person`) and with no
    face at their nose (:func:`~pytest_genimg.metrics.faced_people.face_at`): the bodies the mirror
    view alone vouches for."""
    return [p for p in people
            if not any(p is q or same_person(p, q) for q in plain) and face_at(p, faces) is None]


def rule_identity() -> dict[str, str]:
    """The rules' definitions, for the people detector's cache identity (they have no cuts of their own)."""
    return {"frame": "nose outside the image", "mirror_only": "same_person; face_at, masked_newcomers"}

"""The one shape of a usage error: argument, expectation, and what was passed, shortened."""
from __future__ import annotations

from pytest_genimg.errors import GenImgUsageError, usage


def test_a_short_value_is_shown_whole():
    error = usage("alpha", "a number in [0, 1]", 1.5)
    assert isinstance(error, GenImgUsageError)
    assert str(error) == "alpha: expected a number in [0, 1], got 1.5"


def test_a_long_value_keeps_both_ends():
    path = "/tmp/" + "x" * 200 + "/notes.mp4"
    message = str(usage("frames", "a video file", path))
    shown = message.split(", got ", 1)[1]
    assert len(shown) == 80
    assert shown.startswith("'/tmp/xxx") and shown.endswith("/notes.mp4'")
    assert "..." in shown

"""Exception types raised by pytest-genimg."""
from __future__ import annotations


class GenImgError(Exception):
    """Base class for every pytest-genimg error that is not a failed check."""


class GenImgUsageError(GenImgError, ValueError):
    """A bad argument or option value: the message names it and what was expected."""


class ModelLoadError(GenImgError):
    """A model spec that could not be resolved or loaded; the message lists what was tried."""


class MissingDependencyError(GenImgError, ImportError):
    """An optional engine is not installed; the message gives the pip command."""


class UnsafePathError(GenImgError, OSError):
    """A write that would leave its folder (through a symlink, or a path outside it); nothing was written."""


class GenImgWarning(UserWarning):
    """Something the run worked around (e.g. a generation cache it cannot write); results are still right."""


class GenImgAssertionError(AssertionError):
    """A limitation check failed. ``result`` holds the measurement behind the message."""

    def __init__(self, message: str, result: object | None = None) -> None:
        super().__init__(message)
        self.result = result


def usage(argument: str, expected: str, got: object) -> GenImgUsageError:
    """Build the one error shape for bad input: argument, expectation, what was passed."""
    shown = repr(got)
    if len(shown) > 80:  # keep both ends: a long path's file name is at its end
        shown = shown[:40] + "..." + shown[-37:]
    return GenImgUsageError(f"{argument}: expected {expected}, got {shown}")

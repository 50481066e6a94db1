"""What the image and metric snapshot extensions share: safe baseline names, atomic writes, the
per-call options of an assertion, and recording each comparison for the report and JUnit.
"""
from __future__ import annotations

import hashlib
import shlex
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterator

from syrupy.assertion import AssertionResult, SnapshotAssertion
from syrupy.extensions.single_file import SingleFileSnapshotExtension

from ..errors import GenImgAssertionError, GenImgError
from ..paths import atomic_write_bytes, safe_name
from ..recording import current_record

if TYPE_CHECKING:
    from syrupy.location import PyTestLocation
    from syrupy.types import SnapshotIndex

    from ..settings import Settings

DEVICE_CLASSES = ("cpu", "cuda", "mps")
MAX_STEM = 200


class CorruptBaselineError(GenImgAssertionError):
    """A baseline file exists but cannot be read; the message names it."""


def _safe_part(text: str) -> str:
    return safe_name(text, max_len=80)


def snapshot_stem(test_location: "PyTestLocation", index: "SnapshotIndex" = 0) -> str:
    """The baseline file stem: syrupy's ``Class.test_name[param]`` with each part made file-safe by
    ``safe_name`` (a short hash follows any part with unsafe or upper-case characters), so two test
    ids never share a file, on case-insensitive disks too."""
    func, bracket, params = str(test_location.testname).partition("[")
    head = f"{test_location.classname}.{func}" if test_location.classname else func
    stem = safe_name(head, max_len=100)
    if bracket:
        stem += f"[{_safe_part(params[:-1] if params.endswith(']') else params)}]"
    if isinstance(index, str):
        stem += f"[{_safe_part(index)}]"
    elif index:
        stem += f".{int(index)}"
    if len(stem) > MAX_STEM:
        stem = f"{stem[:MAX_STEM - 11]}-{hashlib.sha256(stem.encode()).hexdigest()[:10]}"
    return stem


def label_for(kind: str, index: "SnapshotIndex") -> str:
    """Short per-test label used in JUnit properties and result file names."""
    if isinstance(index, str):
        return f"{kind}[{index}]"
    return f"{kind}.{index}" if index else kind


class SafeSingleFileExtension(SingleFileSnapshotExtension):
    """Single-file storage with sanitised names, atomic writes and a per-device suffix.

    Subclasses set ``suffix`` (``png``, ``metrics.json``) and ``device`` (None or cpu/cuda/mps);
    the file extension is ``<device>.<suffix>`` so each device class keeps its own baseline file.
    """

    suffix = ""
    device: str | None = None
    file_extension = ""

    def __init__(self) -> None:
        self.last_location: str | None = None
        self.update_mode = False
        self.message_lines: list[str] = []

    @classmethod
    def get_snapshot_name(cls, *, test_location: "PyTestLocation", index: "SnapshotIndex" = 0) -> str:
        return snapshot_stem(test_location, index)

    @classmethod
    def get_location(cls, *, test_location: "PyTestLocation", index: "SnapshotIndex") -> str:
        folder = Path(cls.dirname(test_location=test_location))
        path = folder / f"{cls.get_snapshot_name(test_location=test_location, index=index)}.{cls.file_extension}"
        if path.resolve().parent != folder.resolve():  # the stem is sanitised; this is a last guard
            raise ValueError(f"refusing a snapshot path outside {folder}: {path}")
        return str(path)

    def is_snapshot_location(self, *, location: str) -> bool:
        if not location.endswith(f".{self.file_extension}"):
            return False
        if self.device is None:  # the device-independent baseline must not claim a.cuda.png
            stem = location[: -len(self.suffix) - 1]
            return not any(stem.endswith(f".{d}") for d in DEVICE_CLASSES)
        return True

    @classmethod
    def matches_test_location(cls, *, test_location: "PyTestLocation", snapshot_location: str) -> bool:
        loc = Path(snapshot_location)
        if loc.parent.name != test_location.basename or not test_location.matches_snapshot_site(snapshot_location):
            return False
        stem = cls._snapshot_stem(loc.name)
        if stem is None:
            return False
        base = snapshot_stem(test_location, 0)
        return stem == base or stem.startswith(base + ".") or stem.startswith(base + "[")

    def read_snapshot_data_from_location(self, *, snapshot_location: str, snapshot_name: str, session_id: str) -> Any:
        self.last_location = snapshot_location
        try:
            return Path(snapshot_location).read_bytes()
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise CorruptBaselineError(f"baseline {snapshot_location} cannot be read: {exc}") from None

    @classmethod
    def encode(cls, data: Any) -> bytes:
        raise NotImplementedError

    @classmethod
    def write_snapshot_collection(cls, *, snapshot_collection: Any, name_order: dict[str, int] | None = None) -> None:
        data = next(iter(snapshot_collection)).data
        location = Path(snapshot_collection.location)
        # Confined to ``__snapshots__``: a linked module folder below it cannot carry a baseline elsewhere.
        root = location.parent.parent if location.parent.parent.name == "__snapshots__" else location.parent
        atomic_write_bytes(location, cls.encode(data), root=root)

    def delete_snapshots(self, *, snapshot_location: str, snapshot_names: set[str]) -> None:
        try:
            Path(snapshot_location).unlink()
        except FileNotFoundError:
            pass  # already gone: another --snapshot-update run (or a person) removed it first

    def diff_lines(self, serialized_data: Any, snapshot_data: Any) -> Iterator[str]:
        yield from self.message_lines


def accept_command(nodeid: str, settings: "Settings | None", extra: list[str] | None = None) -> str:
    """The shell command that re-runs just this test and accepts its snapshots."""
    args = ["pytest", nodeid, "--snapshot-update"]
    if settings is not None:
        args += baseline_options(settings)
    args += extra or []
    return " ".join(shlex.quote(a) for a in args)


# Options that change what a test produces or how its baselines are matched: an accept command
# without them would compare (and write) something else. Reporting and sharding are left out.
_BASELINE_OPTIONS = (
    "model", "device", "dtype", "variant", "revision", "steps", "size", "guidance", "batch_size",
    "deterministic", "trust_remote_code", "snapshot_per_device", "snapshot_max_distance",
    "snapshot_min_ssim", "snapshot_max_color_shift",
)


def baseline_options(settings: "Settings") -> list[str]:
    out = []
    for name in _BASELINE_OPTIONS:
        if settings.sources.get(name) != "command line" or not hasattr(settings, name):
            continue
        value = getattr(settings, name)
        flag = "--genimg-" + name.replace("_", "-")
        if isinstance(value, bool):
            if value:
                out.append(flag)
        elif isinstance(value, tuple):
            out.append(f"{flag}={'x'.join(str(v) for v in value)}")
        elif value is not None:
            out.append(f"{flag}={value}")
    return out


class OptionsAssertion(SnapshotAssertion):
    """A SnapshotAssertion whose ``__call__`` also takes per-call options (reset after the next
    assertion, as syrupy does with its own) and that records each comparison after it ran."""

    context: dict[str, Any]
    __array_ufunc__ = None  # `array == snapshot` then defers to us instead of comparing element by element

    def _init_context(self, context: dict[str, Any]) -> "OptionsAssertion":
        self.context = context
        self._call_options: dict[str, Any] = {}
        return self

    fixture_name = "snapshot"

    def __repr__(self) -> str:
        # syrupy's repr is the stored baseline itself: PNG bytes in a failure header help nobody.
        name = self.extension.get_snapshot_name(test_location=self.test_location, index=self.index)
        return f"<{self.fixture_name} {name}>"

    def with_defaults(self, **kwargs: Any) -> "OptionsAssertion":
        clone = super().with_defaults(**kwargs)
        return clone._init_context(dict(self.context))  # type: ignore[attr-defined]

    def _set_call_options(self, options: dict[str, Any]) -> None:
        previous = self._call_options
        self._call_options = {**previous, **options}
        self._post_assert_actions.append(lambda: setattr(self, "_call_options", previous))

    def __eq__(self, other: Any) -> bool:  # each kind's _assert prepares the value, then calls syrupy's
        __tracebackhide__ = True
        return self._assert(other)

    __hash__ = None  # type: ignore[assignment]

    def _finish(self, prepare: Callable[[], Any]) -> Any:
        try:
            return prepare()
        except BaseException:
            self._post_assert()  # bad input: do not leak this call's options into the next assertion
            raise

    def get_assert_diff(self, **kwargs: Any) -> list[str]:
        if not self._execution_results:  # `image == snapshot`: the image's own __eq__ answered (PIL does)
            return ["the snapshot never saw the value: write the fixture on the left, "
                    "`assert image_snapshot == image` (a PIL image's == does not defer to it)"]
        return super().get_assert_diff(**kwargs)

    def last_result(self) -> AssertionResult:
        return self._execution_results[self._executions - 1]

    def last_status(self) -> tuple[AssertionResult, str]:
        """The last comparison and its status (created, updated, matched, error, missing, failed);
        our own errors (a corrupt baseline, bad input) are raised as they are."""
        result = self.last_result()
        if isinstance(result.exception, (GenImgError, GenImgAssertionError)):
            raise result.exception
        status = ("created" if result.created else "updated" if result.updated else "matched" if result.success
                  else "error" if result.exception else "missing" if result.recalled_data is None else "failed")
        return result, status


def record_snapshot(entry: dict[str, Any], properties: list[tuple[str, Any]]) -> None:
    """Append one comparison to the running test's record (report) and JUnit properties."""
    record = current_record()
    if record is None:
        return
    record.snapshots.append(entry)
    record.properties.extend(properties)


def result_file(label: str, what: str) -> Path:
    """``<results>/<test>/<label>.<what>.png`` for the running test (label made file-safe first)."""
    from ..recording import artifact_path

    return artifact_path(f"{safe_name(label)}.{what}.png")


def relative(path: str | Path | None, root: Path | None) -> str | None:
    if path is None:
        return None
    if root is not None:
        try:
            return str(Path(path).resolve().relative_to(root.resolve()))
        except ValueError:
            pass
    return str(path)

"""One baseline set per model spec (``--genimg-snapshot-per-model``): ``__snapshots__/<module>/<model>/``.

Each (extension, model) pair is its own syrupy extension class, so a run with one model neither reads
nor claims another model's files: they are never "unused". The classes are made on demand and are
importable by name (pytest-xdist's controller re-imports extensions by ``module.qualname``).
"""
from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .distribution import DistributionSnapshotExtension
from .image import IMAGE_EXTENSIONS
from .metric import METRIC_EXTENSIONS

if TYPE_CHECKING:
    from syrupy.location import PyTestLocation

_BASES = {cls.__name__: cls for cls in (*IMAGE_EXTENSIONS.values(), *METRIC_EXTENSIONS.values(), DistributionSnapshotExtension)}
_CLASSES: dict[str, type] = {}
_PLAIN = re.compile(r"^[a-z0-9][a-z0-9._=-]{0,59}$")


def model_dirname(spec: str) -> str:
    """A readable folder name for a model spec: the spec itself when it is a plain lower-case name
    (``tiny-sd``); otherwise its last path parts made file-safe plus a hash of the whole spec (paths,
    hub ids, factories, upper case), so two specs never share a folder, even on case-blind disks."""
    spec = str(spec)
    if _PLAIN.match(spec) and not spec.endswith("."):
        return spec
    parts = [p for p in spec.replace("\\", "/").split("/") if p]
    readable = "_".join(parts[-2:]).lower().replace(":", ".")
    readable = re.sub(r"[^a-z0-9._=-]+", "_", readable).strip("._-")[:40] or "model"
    return f"{readable}-{hashlib.sha256(spec.encode('utf-8', 'surrogatepass')).hexdigest()[:10]}"


class PerModelMixin:
    """Baselines in a per-model folder under the test module's snapshot folder."""

    model_dir = ""

    @classmethod
    def dirname(cls, *, test_location: "PyTestLocation") -> str:
        return str(Path(super().dirname(test_location=test_location)) / cls.model_dir)  # type: ignore[misc]

    @classmethod
    def discovery_dirname(cls, *, test_location: "PyTestLocation") -> str:
        # Scan the shared __snapshots__ folder and claim only this model's own files, as the plain layout does.
        return str(Path(cls.dirname(test_location=test_location)).parent.parent)

    @classmethod
    def matches_test_location(cls, *, test_location: "PyTestLocation", snapshot_location: str) -> bool:
        loc = Path(snapshot_location)
        if loc.parent.name != cls.model_dir:
            return False
        return super().matches_test_location(  # type: ignore[misc]
            test_location=test_location, snapshot_location=str(loc.parent.parent / loc.name))


def per_model_class(base: type, model_dir: str) -> type:
    """The extension class keeping ``base``'s baselines in ``model_dir``."""
    name = f"{base.__name__}_m{model_dir.encode('utf-8').hex()}"
    if name not in _CLASSES:
        _CLASSES[name] = type(name, (PerModelMixin, base), {"model_dir": model_dir, "__module__": __name__, "__qualname__": name})
    return _CLASSES[name]


def __getattr__(name: str) -> Any:
    base, sep, hexed = name.rpartition("_m")
    if sep and base in _BASES:
        try:
            return per_model_class(_BASES[base], bytes.fromhex(hexed).decode("utf-8"))
        except ValueError:
            pass
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

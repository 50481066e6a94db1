"""The ``image_snapshot`` and ``metric_snapshot`` fixtures (syrupy assertions with pytest-genimg extensions)."""
from __future__ import annotations

from typing import Any

import pytest

from ..state import get_state
from ._common import DEVICE_CLASSES, OptionsAssertion
from .image import IMAGE_EXTENSIONS, ImageSnapshotAssertion
from .metric import METRIC_EXTENSIONS, MetricSnapshotAssertion


@pytest.fixture
def genimg_snapshot_device(request: pytest.FixtureRequest) -> str | None:
    """The device class (cpu, cuda or mps) whose baselines snapshots use, or None for shared baselines.

    None unless --genimg-snapshot-per-device; then the test's resolved --genimg-device (markers
    included), or under --genimg-record-mode=none the device the replayed images were recorded on.
    Override this fixture to pick baselines some other way.
    """
    state = get_state(request.config)
    if not state.settings.snapshot_per_device:
        return None
    from ..fixtures import _device, effective_settings

    settings = effective_settings(request)
    if settings.record_mode == "none":
        from ..replay import recorded_device_class

        recorded = recorded_device_class(state.record_store(), settings.model, settings.revision)
        if recorded is not None:
            return recorded
    return _device(settings).split(":")[0]


@pytest.fixture
def genimg_snapshot_model(request: pytest.FixtureRequest) -> str | None:
    """The model spec whose baselines snapshots use, or None for one shared set.

    None unless --genimg-snapshot-per-model; then the test's resolved --genimg-model (markers
    included), and baselines live in ``__snapshots__/<module>/<model folder>/``.
    """
    if not get_state(request.config).settings.snapshot_per_model:
        return None
    from ..fixtures import effective_settings

    return effective_settings(request).model


def _assertion(request: pytest.FixtureRequest, cls: type[OptionsAssertion], extensions: dict[str | None, Any],
               device: str | None, model: str | None = None) -> Any:
    from syrupy.location import PyTestLocation

    if device not in extensions:
        raise pytest.UsageError(
            f"genimg_snapshot_device returned {device!r}: expected None or one of {', '.join(DEVICE_CLASSES)}")
    session = getattr(request.config, "_syrupy", None)  # syrupy keeps its session there (its own fixture reads it too)
    if session is None:
        pytest.fail("image_snapshot/metric_snapshot need the syrupy plugin, which is disabled (-p no:syrupy?)", pytrace=False)
    settings = get_state(request.config).settings
    option = request.config.option
    extension_class = extensions[device]
    if model is not None:
        from .permodel import model_dirname, per_model_class

        extension_class = per_model_class(extension_class, model_dirname(model))
    assertion = cls(
        update_snapshots=option.update_snapshots,
        update_new_snapshots_only=getattr(option, "update_new_snapshots_only", False),
        extension_class=extension_class,
        test_location=PyTestLocation(request.node),
        session=session,
    )
    return assertion._init_context({
        "nodeid": request.node.nodeid, "settings": settings, "rootdir": settings.rootdir,
        "tolerance": {"max_distance": settings.snapshot_max_distance, "min_ssim": settings.snapshot_min_ssim,
                      "max_color_shift": settings.snapshot_max_color_shift},
    })


@pytest.fixture
def image_snapshot(request: pytest.FixtureRequest, genimg_snapshot_device: str | None,
                   genimg_snapshot_model: str | None) -> ImageSnapshotAssertion:
    """Compare an image with its PNG baseline: ``assert image_snapshot == image`` (fixture on the left).

    Matches within a perceptual tolerance (phash distance, SSIM, colour shift: the options
    --genimg-snapshot-max-distance, --genimg-snapshot-min-ssim and --genimg-snapshot-max-color-shift,
    or ``image_snapshot(max_distance=4, min_ssim=0.95)`` for one comparison). A missing
    or different baseline fails with the paths of the obtained image and a diff heat-map;
    ``--snapshot-update`` writes new and changed baselines and leaves matching ones untouched.
    ``image_snapshot(mask=[(0.75, 0, 1, 0.25)])`` leaves regions out (boxes in pixels or fractions,
    or a mask image). A failure also leaves a pending snapshot: ``python -m pytest_genimg review``.
    """
    return _assertion(request, ImageSnapshotAssertion, IMAGE_EXTENSIONS, genimg_snapshot_device, genimg_snapshot_model)


@pytest.fixture
def metric_snapshot(request: pytest.FixtureRequest, genimg_snapshot_device: str | None,
                    genimg_snapshot_model: str | None) -> MetricSnapshotAssertion:
    """Compare named numbers with their JSON baseline: ``assert metric_snapshot(cer=Metric(lower_is_better,
    abs_tol=0.02)) == {"cer": 0.04}`` (or a CheckResult). Fails on a regression beyond tolerance,
    reports improvements; ``--snapshot-update`` accepts new values.
    """
    return _assertion(request, MetricSnapshotAssertion, METRIC_EXTENSIONS, genimg_snapshot_device, genimg_snapshot_model)

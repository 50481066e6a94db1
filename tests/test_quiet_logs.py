"""Third-party notices that give the user nothing to act on stay out of a failing test's output."""
from __future__ import annotations

import importlib.util
import logging
import subprocess
import sys

import pytest

from pytest_genimg.quiet import quiet_processor_fallback

NOTICE = "requires torchvision"
FACTORY = '''
import torch
from diffusers import StableDiffusionPipeline

from pytest_genimg.models.builtin import BUILTIN_MODELS


def build(device, dtype):
    return StableDiffusionPipeline.from_pretrained(BUILTIN_MODELS["tiny-sd"].path, dtype=getattr(torch, dtype), use_safetensors=True)
'''


def test_the_filter_drops_only_the_torchvision_fallback(caplog):
    quiet_processor_fallback()
    quiet_processor_fallback()  # idempotent
    logger = logging.getLogger("transformers.utils.import_utils")
    assert len(logger.filters) == 1
    with caplog.at_level(logging.WARNING, logger=logger.name):
        logger.warning("`CLIPImageProcessor` requires torchvision (not installed); falling back to `CLIPImageProcessorPil`")
        logger.warning("something else went wrong")
    assert [r.getMessage() for r in caplog.records] == ["something else went wrong"]


@pytest.mark.slow
def test_a_failing_test_with_a_factory_pipeline_shows_no_torchvision_notice(pytester: pytest.Pytester):
    if importlib.util.find_spec("torchvision") is not None:
        pytest.skip("torchvision is installed: transformers has nothing to fall back from")
    # Control: loading the factory's pipeline outside the plugin prints the notice ...
    pytester.makepyfile(my_models=FACTORY)
    control = subprocess.run([sys.executable, "-c", "import my_models; my_models.build('cpu', 'float32')"],
                             cwd=pytester.path, capture_output=True, text=True, timeout=300)
    assert control.returncode == 0, control.stderr[-2000:]
    if NOTICE not in control.stderr:
        pytest.skip("this transformers version prints no torchvision fallback notice")
    # ... and through the plugin it is not in the failing test's captured output.
    pytester.makepyfile(test_it="def test_it(genimg_pipeline):\n    assert 0, 'the failure'\n")
    result = pytester.runpytest_subprocess("-p", "no:randomly", "-p", "no:cacheprovider", "--genimg-model=my_models:build",
                                           "-o", "pythonpath=.", "--genimg-no-cache", "test_it.py", timeout=300)
    result.assert_outcomes(failed=1)
    output = result.stdout.str() + result.stderr.str()
    assert "the failure" in output
    assert NOTICE not in output

"""Option precedence (marker > command line > ini > default) and validation of option values."""
from __future__ import annotations

import argparse

import pytest

from pytest_genimg.settings import Settings

TEST_FILE = """
import pytest
from pytest_genimg.fixtures import effective_settings

{marker}
def test_value(request):
    s = effective_settings(request)
    print("VALUE", s.steps, s.sources["steps"])
"""


@pytest.mark.parametrize(
    ("marker", "cli", "ini", "expected"),
    [
        (None, None, None, "None default"),
        (None, None, "3", "3 ini"),
        (None, "5", "3", "5 command line"),
        (7, "5", "3", "7 marker"),
        (7, None, None, "7 marker"),
        (7, None, "3", "7 marker"),
    ],
)
def test_precedence(pytester: pytest.Pytester, marker, cli, ini, expected) -> None:
    pytester.makepyfile(TEST_FILE.format(marker=f"@pytest.mark.genimg(steps={marker})" if marker else ""))
    if ini:
        pytester.makeini(f"[pytest]\ngenimg_steps = {ini}\n")
    args = ["-s", "-p", "no:cacheprovider"] + ([f"--genimg-steps={cli}"] if cli else [])
    result = pytester.runpytest(*args)
    result.assert_outcomes(passed=1)
    result.stdout.fnmatch_lines([f"*VALUE {expected}"])


def test_module_marker_is_overridden_by_function_marker(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import pytest
        from pytest_genimg.fixtures import effective_settings
        pytestmark = pytest.mark.genimg(steps=2, size=32)

        @pytest.mark.genimg(steps=9)
        def test_value(request):
            s = effective_settings(request)
            assert (s.steps, s.size) == (9, (32, 32))
        """
    )
    pytester.runpytest().assert_outcomes(passed=1)


@pytest.mark.parametrize(
    ("option", "message"),
    [
        ("--genimg-device=tpu", "unknown device 'tpu'"),
        ("--genimg-dtype=float8", "unknown dtype 'float8'"),
        ("--genimg-size=100", "multiple of 8"),
        ("--genimg-steps=0", "positive integer"),
        ("--genimg-shard=3/2", "shard i/n"),
        ("--genimg-guidance=inf", "expected a finite number >= 0"),
        ("--genimg-guidance=nan", "expected a finite number >= 0"),
        ("--genimg-size=99992", "at most 16384 px"),
        ("--genimg-snapshot-max-distance=999", "expected an integer in [[]0, 64[]]"),
        ("--genimg-snapshot-max-distance=-1", "expected an integer in [[]0, 64[]]"),
    ],
)
def test_bad_command_line_values(pytester: pytest.Pytester, option: str, message: str) -> None:
    pytester.makepyfile("def test_x(): pass")
    result = pytester.runpytest(option)
    assert result.ret != 0
    result.stderr.fnmatch_lines([f"*{message}*"])


def test_bad_ini_value_names_the_ini_key(pytester: pytest.Pytester) -> None:
    pytester.makeini("[pytest]\ngenimg_dtype = float8\n")
    pytester.makepyfile("def test_x(): pass")
    result = pytester.runpytest()
    assert result.ret != 0
    result.stderr.fnmatch_lines(["*genimg_dtype*float8*"])


@pytest.mark.parametrize("key, value", [("genimg_guidance", "inf"), ("genimg_guidance", "1e400"), ("genimg_size", "16392")])
def test_ini_values_have_the_same_bounds(key: str, value: str) -> None:
    from pytest_genimg.settings import OPTIONS_BY_NAME

    with pytest.raises(argparse.ArgumentTypeError):
        OPTIONS_BY_NAME[key.removeprefix("genimg_")].parse(value)


def test_option_bounds_accept_their_limits() -> None:
    from pytest_genimg.settings import OPTIONS_BY_NAME

    assert OPTIONS_BY_NAME["snapshot_max_distance"].parse("0") == 0
    assert OPTIONS_BY_NAME["snapshot_max_distance"].parse("64") == 64
    assert OPTIONS_BY_NAME["size"].parse("16384x8") == (16384, 8)
    assert OPTIONS_BY_NAME["guidance"].parse("0") == 0.0


def test_bad_marker_keyword_fails_the_test(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import pytest
        @pytest.mark.genimg(stepz=3)
        def test_x(genimg): pass
        """
    )
    result = pytester.runpytest()
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*unknown keyword*stepz*"])
    result.stdout.no_fnmatch_line("*During handling*")


def test_marker_validates_values() -> None:
    with pytest.raises(ValueError, match="size"):
        Settings().with_marker({"size": 63})
    with pytest.raises(ValueError, match="guidance.*finite"):
        Settings().with_marker({"guidance": float("inf")})
    with pytest.raises(ValueError, match="size.*16384"):
        Settings().with_marker({"size": (8, 99992)})
    assert Settings().with_marker({"size": "96x64"}).size == (96, 64)

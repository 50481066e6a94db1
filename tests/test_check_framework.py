"""The shared check framework: artifacts, pass-rate messages, Wilson intervals."""
from PIL import Image
from pytest_genimg.checks._base import save_artifact
def test_two():
    a = save_artifact(Image.new("RGB", (4, 4)), "x")
    b = save_artifact(Image.new("RGB", (4, 4)), "x")
    assert a != b and b.endswith("x-2.png")


def test_pass_rate_message_has_count_rate_and_wilson_interval():
    from pytest_genimg.checks._base import ItemVerdict, from_items, raise_if_failed
    from pytest_genimg.errors import GenImgAssertionError
    import pytest

    items = [ItemVerdict(f"#{i}", i < 1, {"cer": 0.0 if i < 1 else 0.5}, reason="too many errors") for i in range(4)]
    result = from_items("demo", items, min_pass_rate=0.75, thresholds={"max_cer": 0.1})
    with pytest.raises(GenImgAssertionError) as info:
        raise_if_failed(result)
    message = str(info.value)
    assert "demo failed: 1/4 passed (rate 0.25, 95% CI 0.05-0.70; required >= 0.75)" in message
    assert "max_cer=0.1" in message and message.index("FAIL #1") < message.index("ok   #0")


def test_wilson_interval_known_values():
    from pytest_genimg.stats import wilson_interval
    import pytest

    assert wilson_interval(0, 0) == (0.0, 1.0)
    lo, hi = wilson_interval(8, 10)
    assert lo == pytest.approx(0.4902, abs=1e-4) and hi == pytest.approx(0.9433, abs=1e-4)

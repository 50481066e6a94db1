"""docs/api.md is generated from the code and cannot go stale; the README's options table and the
ini help of ``pytest --help`` cover every option."""
from __future__ import annotations

import difflib
import importlib.util
import re
import sys
from pathlib import Path

import pytest

import pytest_genimg
from pytest_genimg.settings import OPTIONS

ROOT = Path(__file__).resolve().parents[1]
API = ROOT / "docs" / "api.md"
README = ROOT / "README.md"


@pytest.fixture(scope="module")
def generator():
    spec = importlib.util.spec_from_file_location("gen_api_docs", ROOT / "scripts" / "gen_api_docs.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    yield module
    sys.modules.pop("api_examples", None)  # imported by the script from scripts/


def test_api_md_is_what_the_generator_writes(generator):
    text, _ = generator.render()
    current = API.read_text(encoding="utf-8")
    if current != text:
        diff = "\n".join(list(difflib.unified_diff(current.splitlines(), text.splitlines(), "docs/api.md", "generated", lineterm=""))[:40])
        pytest.fail(f"docs/api.md is stale: run python scripts/gen_api_docs.py\n{diff}")


def test_every_public_name_fixture_and_option_has_an_entry_with_an_example():
    text = API.read_text(encoding="utf-8")
    sections = re.split(r"^#{3,4} ", text, flags=re.MULTILINE)
    documented = {s.split("\n", 1)[0].strip("`") for s in sections[1:]}
    public = {n for n in pytest_genimg.__all__ if not n.startswith("__")}
    assert public - documented == set()
    assert {o.cli for o in OPTIONS} - documented == set()
    assert {"genimg", "genimg_model", "genimg_pipeline", "image_snapshot", "metric_snapshot"} <= documented
    for section in sections[1:]:
        name = section.split("\n", 1)[0].strip("`")
        if name in public or name.startswith("--genimg-"):
            assert "Example:" in section, name


def test_every_registered_fixture_is_documented(pytester: pytest.Pytester):
    listing = pytester.runpytest_inprocess("--fixtures", "-p", "no:randomly").stdout.str()
    ours, inside = set(), False
    for line in listing.splitlines():
        if line.startswith("-") and "fixtures defined from" in line:
            inside = "pytest_genimg" in line
        elif inside and line and not line.startswith(" "):
            ours.add(line.split()[0])
    assert {"genimg", "image_snapshot"} <= ours
    text = API.read_text(encoding="utf-8")
    assert {name for name in ours if f"### `{name}`" not in text} == set()


def test_the_generator_picks_up_new_names_and_rejects_examples_that_do_not_fit(generator, monkeypatch):
    def assert_new_thing(images, *, limit: float = 1.0):
        """A check added after the docs were written."""

    monkeypatch.setattr(pytest_genimg, "assert_new_thing", assert_new_thing, raising=False)
    monkeypatch.setattr(pytest_genimg, "__all__", [*pytest_genimg.__all__, "assert_new_thing"])
    text, missing = generator.render()
    assert "#### `assert_new_thing`" in text and "assert_new_thing(images, *, limit: float = 1.0)" in text
    assert "assert_new_thing" in missing  # reported: no hand-written example yet
    monkeypatch.setitem(generator.api_examples.NAMES, "assert_new_thing", "assert_new_thing(x, max_limit=2)")
    with pytest.raises(SystemExit, match="does not fit its signature"):
        generator.render()


def test_readme_options_table_lists_every_option_with_its_default():
    rows = {}
    for line in README.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 4 and cells[0].startswith("`--genimg-"):
            rows[cells[0].strip("`").removesuffix("=…")] = cells
    for opt in OPTIONS:
        assert opt.cli in rows, f"README's options table has no row for {opt.cli}"
        _, ini, default, meaning = rows[opt.cli]
        assert ini == f"`{opt.ini}`" and meaning, opt.cli
        shown = ("off" if not opt.default else "on") if opt.flag else ("" if opt.default is None else f"`{opt.default}`")
        assert default == shown, opt.cli


def test_readme_links_the_api_reference():
    assert "(docs/api.md)" in README.read_text(encoding="utf-8")


def test_every_ini_option_has_help_naming_its_command_line_twin(pytester: pytest.Pytester):
    result = pytester.runpytest_inprocess("--help", "-p", "no:randomly")
    text = result.stdout.str()
    ini_part = text[text.index("[pytest]"):]
    for opt in OPTIONS:
        match = re.search(rf"^  {opt.ini} \((?:string|bool)\):(.*?)(?=^  \S)", ini_part, re.MULTILINE | re.DOTALL)
        assert match, f"{opt.ini} is not in pytest --help"
        help_text = " ".join(match.group(1).split())
        assert opt.cli in help_text, f"{opt.ini}: {help_text!r}"
        assert help_text.startswith(opt.help[:20]), f"{opt.ini}: {help_text!r}"

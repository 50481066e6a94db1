"""Write docs/api.md from the code: every name in ``pytest_genimg.__all__``, every fixture the plugin
registers and every ``--genimg-*`` option, with signature, defaults and one example each.

    python scripts/gen_api_docs.py          # (re)write docs/api.md
    python scripts/gen_api_docs.py --check  # exit 1 when docs/api.md differs from what the code gives

Re-run it after adding a public function, fixture or option (tests/test_api_docs.py fails until
then). Hand-written examples live in scripts/api_examples.py; a name without one gets a generated
call from its signature, listed on stderr so someone can write a better one. An example that calls
its function with a keyword the signature does not have stops the script.
"""
from __future__ import annotations

import ast
import enum
import importlib
import inspect
import re
import sys
from pathlib import Path
from typing import Any, Callable

ROOT = Path(__file__).resolve().parents[1]
OUTPUT = ROOT / "docs" / "api.md"
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import api_examples  # noqa: E402  (next to this script)

HEADER = """# API reference

Generated from the code by `python scripts/gen_api_docs.py` (do not edit by hand: re-run it; a test
fails while this file is stale). Every public name of `pytest_genimg`, every fixture the plugin
registers and every `--genimg-*` option, each with its signature, defaults and an example. How to
combine them: [Writing a limitation test](writing-tests.md); options also in the README's table.
"""


# -- signatures -------------------------------------------------------------------------------------

def _default(value: Any, module: Any) -> str:
    """A default as a reader wants it: its repr, an enum member, or (when the repr is long) the
    name of the module constant it is."""
    if isinstance(value, enum.Enum):
        return f"{type(value).__name__}.{value.name}"
    if inspect.isfunction(value) or inspect.isbuiltin(value) or inspect.isclass(value):
        return value.__name__
    text = repr(value)
    if len(text) <= 60:
        return text
    for name, candidate in vars(module).items() if module is not None else ():
        if name.isupper() and candidate is value:
            return name
    return text[:57] + "..."


def signature(obj: Any, name: str) -> str:
    """``name(params) -> return`` with private (``_``) parameters left out, one parameter a line
    when it is long."""
    head = ""
    if inspect.isclass(obj):
        bases = ", ".join(b.__name__ for b in obj.__bases__ if b is not object)
        head = f"class {name}" + (f"({bases})" if bases else "") + "\n"
    try:
        sig = inspect.signature(obj)
    except (TypeError, ValueError):  # e.g. an exception class without its own __init__
        return head.rstrip("\n") or name
    module = sys.modules.get(getattr(obj, "__module__", ""), None)
    parts, star_done = [], False
    for p in sig.parameters.values():
        if p.name.startswith("_") or p.name == "self":
            continue
        if p.kind is p.KEYWORD_ONLY and not star_done:
            parts.append("*")
            star_done = True
        if p.kind is p.VAR_POSITIONAL:
            star_done = True
            text = f"*{p.name}"
        elif p.kind is p.VAR_KEYWORD:
            text = f"**{p.name}"
        else:
            text = p.name
        if p.annotation is not p.empty:
            text += f": {_annotation(p.annotation)}"
        if p.default is not p.empty:
            default = _default(p.default, module)
            fields = getattr(obj, "__dataclass_fields__", {})
            if default == "<factory>" and p.name in fields:  # a dataclass default_factory: show a fresh value
                default = _default(fields[p.name].default_factory(), module)
            text += f" = {default}"
        if p.kind is p.POSITIONAL_ONLY:
            text += ", /"
        parts.append(text)
    ret = "" if inspect.isclass(obj) or sig.return_annotation is sig.empty else f" -> {_annotation(sig.return_annotation)}"
    one_line = f"{name}({', '.join(parts)}){ret}"
    if len(one_line) <= 100:
        return head + one_line
    return head + f"{name}(\n" + "".join(f"    {p},\n" for p in parts) + f"){ret}"


def _annotation(ann: Any) -> str:
    text = ann if isinstance(ann, str) else getattr(ann, "__name__", repr(ann))
    return text.strip("'\"")


_ROLE = re.compile(r":(?:func|class|data|mod|meth|attr):`~?([^`]+)`")


def doc(obj: Any) -> str:
    """The docstring as Markdown: Sphinx roles become code, ``<`` outside code is escaped."""
    text = _ROLE.sub(r"``\1``", (inspect.getdoc(obj) or "").strip()) or "(no docstring)"
    parts = re.split(r"(`+[^`]*`+)", text)
    return "".join(p if p.startswith("`") else p.replace("<", "&lt;") for p in parts)


# -- examples ---------------------------------------------------------------------------------------

def _calls(tree: ast.AST, name: str) -> list[ast.Call]:
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            f = node.func
            if (isinstance(f, ast.Name) and f.id == name) or (isinstance(f, ast.Attribute) and f.attr == name):
                out.append(node)
    return out


def check_example(name: str, obj: Any, code: str) -> None:
    """The example parses, and every call of ``name`` in it binds to ``obj``'s signature."""
    tree = ast.parse(code, f"example of {name}")
    if not callable(obj) or isinstance(obj, enum.Enum):
        return
    try:
        sig = inspect.signature(obj)
    except (TypeError, ValueError):
        return
    for call in _calls(tree, name):
        if any(isinstance(a, ast.Starred) for a in call.args) or any(k.arg is None for k in call.keywords):
            continue
        try:
            sig.bind_partial(*[None] * len(call.args), **{k.arg: None for k in call.keywords})
        except TypeError as exc:
            raise SystemExit(f"scripts/api_examples.py: the example of {name} does not fit its signature: {exc}") from None


def generated_example(name: str, obj: Any) -> str:
    if isinstance(obj, enum.Enum) or not callable(obj):
        return f"from pytest_genimg import {name}\n\nprint({name})"
    try:
        params = inspect.signature(obj).parameters.values()
    except (TypeError, ValueError):
        params = []
    required = [p.name for p in params if p.default is p.empty and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)
                and p.name != "self"]
    return f"from pytest_genimg import {name}\n\nresult = {name}({', '.join(required)})"


# -- sections ---------------------------------------------------------------------------------------

def _fence(code: str, lang: str = "python") -> str:
    return f"```{lang}\n{code.rstrip()}\n```\n"


def public_names() -> list[tuple[str, list[tuple[str, Any]]]]:
    pkg = importlib.import_module("pytest_genimg")
    groups: dict[str, list[tuple[str, Any]]] = {}
    for name in sorted(pkg.__all__, key=str.lower):
        if name.startswith("__"):
            continue
        obj = getattr(pkg, name)
        where = (type(obj) if isinstance(obj, enum.Enum) else obj).__module__.removeprefix("pytest_genimg.")
        groups.setdefault(where, []).append((name, obj))
    return sorted(groups.items())


def fixtures() -> list[tuple[str, str, Callable[..., Any]]]:
    plugin = importlib.import_module("pytest_genimg.plugin")
    found = []
    for name, obj in vars(plugin).items():
        marker = getattr(obj, "_fixture_function_marker", None) or getattr(obj, "_pytestfixturefunction", None)
        if marker is None:
            continue
        fn = obj._get_wrapped_function() if hasattr(obj, "_get_wrapped_function") else obj
        found.append((marker.name or name, str(marker.scope), fn))
    return sorted(found)


def _imported_class(module: Any, name: str) -> type | None:
    """The plugin's class ``name`` as ``module`` sees it, even when imported only for type checking."""
    found = getattr(module, name, None)
    if found is None:
        for node in ast.walk(ast.parse(inspect.getsource(module))):
            if isinstance(node, ast.ImportFrom) and any(a.name == name for a in node.names):
                source = importlib.import_module("." * node.level + (node.module or ""), module.__package__)
                found = getattr(source, name, None)
                break
    return found if inspect.isclass(found) and found.__module__.startswith("pytest_genimg") else None


def _returned(fn: Callable[..., Any]) -> str:
    """What a fixture gives the test: its class's public methods and properties, with signatures."""
    ann = inspect.signature(fn).return_annotation
    name = _annotation(ann).removeprefix("Iterator[").removesuffix("]") if ann is not inspect.Signature.empty else ""
    cls = _imported_class(sys.modules[fn.__module__], name) if name.isidentifier() else None
    if cls is None:
        return f"Gives: `{name}`.\n\n" if name else ""
    fields = [f for f in getattr(cls, "__dataclass_fields__", {}) if not f.startswith("_")]
    lines = [f"fields: {', '.join(fields)}"] if fields else []
    for attr, member in sorted(vars(cls).items()):
        if attr.startswith("_"):
            continue
        if isinstance(member, property):
            lines.append(f"{attr}  # property")
        elif inspect.isfunction(member):
            lines.append(signature(member, attr).replace("(\n    self,\n", "(\n").replace("(self, ", "(").replace("(self)", "()"))
    text = f"Gives: a `{cls.__module__}.{cls.__name__}`" + (" with\n\n" + _fence("\n".join(lines), "text") if lines else ".\n") + "\n"
    return text


def render() -> tuple[str, list[str]]:
    from pytest_genimg.settings import MARKER_KEYS, OPTIONS

    missing: list[str] = []
    out = [HEADER, "\n## Contents\n\n- [Public names](#public-names)\n- [Fixtures](#fixtures)\n- [Options](#options)\n"]
    out.append("\n## Public names\n\nAll import from `pytest_genimg` (`from pytest_genimg import assert_diverse`); "
               "each is defined in the module named in its section heading.\n")
    for module, items in public_names():
        out.append(f"\n### `pytest_genimg.{module}`\n")
        for name, obj in items:
            out.append(f"\n#### `{name}`\n\n")
            if isinstance(obj, enum.Enum):
                out.append(_fence(f"{name} = {type(obj).__name__}.{obj.name}", "text"))
            else:
                out.append(_fence(signature(obj, name), "text"))
            out.append("\n" + doc(type(obj) if isinstance(obj, enum.Enum) else obj) + "\n\n")
            code = api_examples.NAMES.get(name)
            if code is None:
                missing.append(name)
                code = generated_example(name, obj)
            check_example(name, obj, code)
            out.append("Example:\n\n" + _fence(code))
    out.append("\n## Fixtures\n\nRegistered by the plugin for every test; `pytest --fixtures` lists them too.\n")
    for name, scope, fn in fixtures():
        out.append(f"\n### `{name}`\n\n")
        deps = [p for p in inspect.signature(fn).parameters]
        out.append(f"Scope: {scope}. Depends on: {', '.join(f'`{d}`' for d in deps) or 'nothing'}.\n\n")
        out.append(doc(fn) + "\n\n")
        out.append(_returned(fn))
        code = api_examples.FIXTURES.get(name)
        if code is None:
            missing.append(f"fixture {name}")
            code = f"def test_it({name}):\n    print({name})"
        out.append("Example:\n\n" + _fence(code))
    out.append("\n## Options\n\nResolved marker > command line > ini > default; every value is validated when parsed. "
               "A relative path given on the command line resolves against the current directory, one in the ini "
               "file against the rootdir. Keys of `@pytest.mark.genimg(...)`: " + ", ".join(f"`{k}`" for k in MARKER_KEYS) + ".\n")
    for opt in OPTIONS:
        default = ("off" if not opt.default else "on") if opt.flag else ("none" if opt.default is None else f"`{opt.default}`")
        out.append(f"\n### `{opt.cli}`\n\nini `{opt.ini}`; default {default}; {'a switch' if opt.flag else 'takes a value'}"
                   + ("; also a marker key" if opt.name in MARKER_KEYS else "") + f".\n\n{opt.help[0].upper() + opt.help[1:]}.\n\n")
        value = api_examples.OPTION_VALUES.get(opt.name)
        if value is None and not opt.flag:
            missing.append(f"option {opt.cli}")
            value = "VALUE" if opt.default is None else str(opt.default)
        if value is not None and not opt.flag:
            opt.parse(value)  # the example value must be valid
        cli = opt.cli if opt.flag else f"{opt.cli}={value}"
        ini = f"{opt.ini} = {'true' if opt.flag else value}"
        lines = [f"pytest {cli}", "", "# pytest.ini", "[pytest]", ini]
        if opt.name in MARKER_KEYS:
            lines += ["", "# one test or module", f"@pytest.mark.genimg({opt.name}={api_examples.marker_value(opt.name, value)})"]
        out.append("Example:\n\n" + _fence("\n".join(lines), "text"))
    return "".join(out), missing


def main(argv: list[str]) -> int:
    text, missing = render()
    if missing:
        print("no hand-written example (a generated one is used) for: " + ", ".join(missing), file=sys.stderr)
    if "--check" in argv:
        current = OUTPUT.read_text(encoding="utf-8") if OUTPUT.exists() else ""
        if current != text:
            print(f"{OUTPUT.relative_to(ROOT)} is stale: run python scripts/gen_api_docs.py", file=sys.stderr)
            return 1
        return 0
    OUTPUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUTPUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

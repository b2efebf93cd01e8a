"""Unit tests of the leaf stages: names, format, emit, manifest, tree, and the import rules."""

from __future__ import annotations

import ast
import builtins
import importlib.metadata
import keyword
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import generator
from generator.emit import leftovers, write_tree
from generator.format import (
    BlackCache,
    class_members,
    collection_items,
    format_source,
    format_tree,
    split_top_level,
    template_pieces,
)
from generator.manifest import TOOLS, tool_versions
from generator.names import (
    BUILTIN_CLASSES,
    RESERVED,
    class_name,
    identifier,
    isort_key,
    natural,
)
from generator.tree import FileTree, read_tree, sha256
from tests.conftest import MULTI_SPEC, ROOT, SPEC

# --------------------------------------------------------------------------- names


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("resourceId", "resource_id"),
        ("x-platform-id", "x_platform_id"),
        ("from", "from_"),
        ("class", "class_"),
        ("type", "type_"),  # a soft keyword since 3.12: renamed on every Python alike
        ("match", "match_"),
        ("self", "self_"),
        ("id", "id"),  # builtins stay: legal and expected as field names
        ("2fa", "n2fa"),
        ("HTTPResponseCode", "http_response_code"),
        ("getUserIDs", "get_user_ids"),  # an acronym's plural is one word, not `i_ds`
        ("listACLs", "list_acls"),
        ("IDsByName", "ids_by_name"),
        ("HTTPSConfig", "https_config"),
        ("userStatus", "user_status"),  # a lowercase `s` starting a word still splits
        ("naïve", "naive"),
        ("", "value"),
    ],
)
def test_identifier(raw: str, expected: str) -> None:
    assert identifier(raw) == expected
    assert identifier(raw).isidentifier()


def test_reserved_names_cover_this_interpreters_keywords() -> None:
    # The list is fixed so output is the same on every Python; it must still hold every
    # keyword and soft keyword of the interpreter running the tests (3.11 and 3.13 in CI).
    assert set(keyword.kwlist) | set(keyword.softkwlist) <= RESERVED


def test_builtin_class_names_cover_this_interpreters_builtins() -> None:
    # Fixed as RESERVED is; a model class never takes one of these names.
    capitalized = {name for name in dir(builtins) if name[:1].isupper()}
    assert capitalized - {"False", "None", "True"} <= BUILTIN_CLASSES


def test_names_sort_as_ruff_sorts_them(tmp_path: Path) -> None:
    """``__all__`` and import lists are written in ruff's order (RUF022, I001): ruff itself is
    the judge, on names whose digit runs compare by value, by leading zero (Lapyme's hashed
    schema names) and by case."""
    names = [
        "ApiSharedEnum6cfb146157", "ApiSharedEnum07ee8fd91e", "ApiSharedEnum2f67ddf0e8",
        "Item10", "Item2", "Item02", "Item007", "ItemA", "item", "ITEM", "UUID4", "AnyUrl",
        "Page100Response", "Page99Response", "v2", "v10", "V2", "Value0", "Value00",
    ]
    source = tmp_path / "m.py"
    source.write_text(f"__all__ = {sorted(names)!r}\n", encoding="utf-8")
    ruff = Path(sys.executable).with_name("ruff")
    result = subprocess.run(
        [ruff, "check", "--isolated", "--select", "RUF022", "--fix", str(source)],
        capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    namespace: dict[str, Any] = {}
    exec(source.read_text(encoding="utf-8"), namespace)
    assert sorted(names, key=lambda n: (isort_key(n)[0], natural(n))) == namespace["__all__"]


def test_identifier_strips_a_prefix() -> None:
    assert identifier("x-platform-id", prefix="x_") == "platform_id"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("invoices", "Invoices"),
        ("store orders", "StoreOrders"),
        ("refund-invoice", "RefundInvoice"),
        ("1st", "N1st"),
    ],
)
def test_class_name(raw: str, expected: str) -> None:
    assert class_name(raw) == expected


# --------------------------------------------------------------------------- format

MODELS = "\n\n".join(
    f"class Model{i}(Base):\n    a: int|None=None\n    b :list[str] = []\n" for i in range(300)
)


def test_split_pieces_join_back_to_the_original() -> None:
    pieces = split_top_level(MODELS, size=2_000)
    assert len(pieces) > 5
    # Each piece ends with one newline: the blank lines between pieces are left out.
    assert all(p.endswith("\n") and not p.endswith("\n\n") for p in pieces)
    assert "\n\n".join(pieces) == MODELS


def test_a_piece_without_trailing_blank_lines_costs_black_one_pass() -> None:
    """Black formats a second time whenever the first pass changed anything, so pieces of
    already formatted code must come out of the split unchanged for black."""
    formatted = format_source(MODELS)
    pieces = split_top_level(formatted, size=0)
    assert len(pieces) == 300
    assert [format_source(p) for p in pieces] == pieces


def test_the_statement_after_a_definition_is_a_piece_of_its_own() -> None:
    """Black puts two blank lines between a definition and the statement after it, so a large
    table after a class (the fake's OPERATIONS) is a piece that need not go to black with it;
    after a comment, black keeps the blank lines as written, so no cut there."""
    source = (
        'class A:\n    r = "\\\\"\n\n\nTABLE = (\n    1,\n    2,\n)\n\n# note\n\nB = 1\n\n\n'
        "def f() -> None:\n    pass\n\n\n# note\n\nC = 2\n"
    )
    pieces = split_top_level(source)
    assert pieces == [
        'class A:\n    r = "\\\\"\n',
        "TABLE = (\n    1,\n    2,\n)\n\n# note\n\nB = 1\n",
        "def f() -> None:\n    pass\n\n\n# note\n\nC = 2\n",
    ]
    assert format_source(source) == source
    assert format_tree(FileTree({"m.py": source.encode()}))["m.py"].decode() == source


def test_formatting_in_pieces_equals_formatting_the_whole_file() -> None:
    whole = format_source(MODELS)
    tree = format_tree(FileTree({"m.py": MODELS.encode()}))
    assert tree["m.py"].decode() == whole


def test_the_real_models_module_formats_identically_in_pieces() -> None:
    models = (ROOT / "generated" / "solvimon_client" / "models" / "_generated.py").read_text()
    unformatted = models.replace("    ", "  ")  # still valid: black restores 4-space indents
    assert len(split_top_level(unformatted)) > 1
    assert format_tree(FileTree({"m.py": unformatted.encode()}))["m.py"].decode() == format_source(
        unformatted
    )


def test_black_cache_serves_known_pieces_and_ignores_damaged_ones(tmp_path: Path) -> None:
    source = "x=1\n"
    cache = BlackCache(tmp_path, writable=True)
    assert format_tree(FileTree({"a.py": source.encode()}), cache)["a.py"] == b"x = 1\n"
    entries = list(cache.folder.iterdir())
    assert len(entries) == 1
    # A cached piece is used as it is, without running black again.
    content = b"SENTINEL = 1\n"
    entries[0].write_bytes(sha256(content).encode() + b"\n" + content)
    assert format_tree(FileTree({"a.py": source.encode()}), cache)["a.py"] == content
    # A damaged entry (content not matching its recorded hash) is ignored.
    entries[0].write_bytes(sha256(b"other").encode() + b"\n" + content)
    assert format_tree(FileTree({"a.py": source.encode()}), cache)["a.py"] == b"x = 1\n"


def _render_inputs(spec: Path) -> tuple[Any, Any, Any, Any]:
    """What ``render`` takes for ``spec``: its config, document, IR and models."""
    from generator.config import load_config
    from generator.ir import build_api
    from generator.load import load_spec
    from generator.models import generate_models

    config = load_config(ROOT).with_overrides(spec=spec, out=None)
    document = load_spec(spec)
    return (
        config,
        document,
        build_api(document, config),
        generate_models(document, config.package, config.templates),
    )


def test_compiled_templates_are_cached_by_their_source(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Jinja's bytecode cache: a second render reads compiled templates, an edited template is
    compiled again (never stale), and a cache that cannot be written costs nothing but time."""
    from generator.render import render

    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", templates)
    _, document, api, models = _render_inputs(SPEC)

    def readme() -> bytes:
        return render(api, models, document, templates)["README.md"]

    monkeypatch.setenv("SOLVIMON_CODEGEN_CACHE", "off")
    uncached = readme()
    monkeypatch.setenv("SOLVIMON_CODEGEN_CACHE", str(tmp_path / "cache"))
    assert readme() == uncached
    entries = sorted((tmp_path / "cache").glob("jinja-*/*"))
    assert entries
    with monkeypatch.context() as patched:  # served from the cache: nothing is compiled
        patched.setattr("jinja2.Environment.compile", _refuse_to_compile)
        assert readme() == uncached
    assert sorted((tmp_path / "cache").glob("jinja-*/*")) == entries
    readme_template = templates / "package" / "README.md.jinja"
    readme_template.write_text(readme_template.read_text() + "Edited.\n")
    assert readme() == uncached + b"Edited.\n"
    (tmp_path / "blocked").write_text("a file where the cache folder would be")
    monkeypatch.setenv("SOLVIMON_CODEGEN_CACHE", str(tmp_path / "blocked"))
    assert readme() == uncached + b"Edited.\n"


def _refuse_to_compile(*args: object, **kwargs: object) -> None:
    raise AssertionError("a template was compiled though the cache holds it")


_MODELS_IN_A_NEW_PROCESS = """
import sys
from pathlib import Path
import jinja2
from generator.config import load_config
from generator.load import load_spec
from generator.models import generate_models

def refuse(*args, **kwargs):
    raise AssertionError("a template was compiled though the cache holds it")

if sys.argv[2] == "cached":
    jinja2.Environment.compile = refuse
config = load_config(Path(sys.argv[1]))
models = generate_models(load_spec(config.spec), config.package, config.templates)
print(models.code)
"""


def test_the_model_generators_compiled_templates_are_cached_too(tmp_path: Path) -> None:
    """The model generator's templates are served from the same cache: a second process that
    may not compile a template makes the same models. A new process each, since the model
    generator keeps its template environments for the life of the process."""

    def models(mode: str) -> str:
        return subprocess.run(
            [sys.executable, "-c", _MODELS_IN_A_NEW_PROCESS, str(ROOT), mode],
            env={**os.environ, "SOLVIMON_CODEGEN_CACHE": str(tmp_path)},
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout

    first = models("fresh")
    assert "class Invoice(" in first
    assert models("cached") == first


def test_a_read_only_black_cache_is_never_written(tmp_path: Path) -> None:
    cache = BlackCache(tmp_path, writable=False)
    assert format_tree(FileTree({"a.py": b"y=2\n"}), cache)["a.py"] == b"y = 2\n"
    assert not cache.folder.exists()


# --------------------------------------------------------------------------- emit


def test_write_tree_replaces_the_directory_whole(tmp_path: Path) -> None:
    out = tmp_path / "generated"
    write_tree(FileTree({"a.txt": b"1", "sub/b.txt": b"2"}), out)
    assert read_tree(out) == FileTree({"a.txt": b"1", "sub/b.txt": b"2"})
    write_tree(FileTree({"c.txt": b"3"}), out)
    assert dict(read_tree(out)) == {"c.txt": b"3"}
    assert leftovers(out) == []


def test_write_tree_removes_leftover_staging_dirs(tmp_path: Path) -> None:
    out = tmp_path / "generated"
    stale = tmp_path / ".generated.staging-123"
    stale.mkdir()
    (stale / "half.py").write_text("x")
    assert leftovers(out) == [stale]
    cleaned = write_tree(FileTree({"a": b"1"}), out)
    assert cleaned == [stale]
    assert not stale.exists()


# --------------------------------------------------------------------------- manifest


def test_tool_versions_agree_with_importlib_metadata() -> None:
    assert tool_versions() == {name: importlib.metadata.version(name) for name in TOOLS}


def test_tool_pins_in_pyproject_match_the_manifest_tools() -> None:
    text = (ROOT / "pyproject.toml").read_text()
    for name in TOOLS:
        assert f'"{name}==' in text, f"{name} must be pinned exactly in pyproject.toml"


# --------------------------------------------------------------------------- structure

ORDER = [
    "errors", "names", "tree", "cache", "config", "manifest", "identifiers", "load", "shapes",
    "prune", "lint", "compat", "bump", "upstream", "hoist", "samples", "ir", "model_input",
    "model_groups", "worker_guard", "model_run", "models", "render", "format", "emit", "drift",
    "pipeline", "report", "cli",
]  # fmt: skip
"""Pipeline order (STYLE.md): a module imports only modules to its left, with no exception
(check's full path hands drift a function that builds the tree: drift never imports pipeline).
A package (generator/lint/, generator/compat/) takes one place: each of its modules may import
what is left of the package, and the package's own modules before it in PACKAGE_ORDER."""
PACKAGE_ORDER = {
    "lint": [
        "_catalog", "_walk", "_structure", "_parts", "_refs", "_operations", "_servers",
        "_schemas", "_allof", "_examples", "_unused", "_docs", "_dialects", "_run", "__init__",
    ],
    "compat": [
        "_rules", "_report", "_limits", "_view", "_unexplained", "_operations", "_differ",
        "_gitref", "__init__",
    ],
}  # fmt: skip
"""Import order inside each package: a module imports only the package's modules to its left,
and never the package itself (``from generator.lint import X`` in a submodule is a cycle)."""


def _sources(module: str) -> list[Path]:
    """The files of ``generator.<module>``: one file, or every file of a package."""
    package = ROOT / "generator" / module
    return sorted(package.glob("*.py")) if package.is_dir() else [package.with_suffix(".py")]


def _imports(path: Path) -> set[str]:
    """The generator modules ``path`` imports, relative to generator (``lint._walk``, ``ir``)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom):
            assert node.level == 0, f"{path.relative_to(ROOT)}: write imports absolute"
            if node.module == "generator":
                names = [f"generator.{alias.name}" for alias in node.names]
            else:
                names = [node.module or ""]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        else:
            continue
        found.update(n.removeprefix("generator.") for n in names if n.startswith("generator."))
    return found


@pytest.mark.parametrize("module", ORDER)
def test_imports_point_backwards_along_the_pipeline(module: str) -> None:
    position = ORDER.index(module)
    for source in _sources(module):
        for imported in _imports(source):
            top, _, inner = imported.partition(".")
            where = f"{source.relative_to(ROOT)} imports generator.{imported}"
            if top == module:
                assert module in PACKAGE_ORDER, where  # a package's own modules: see below
                continue
            assert not inner, f"{where}: import the package, not its private modules"
            assert ORDER.index(top) < position, where


@pytest.mark.parametrize("package", PACKAGE_ORDER)
def test_a_package_imports_its_own_modules_one_way(package: str) -> None:
    order = PACKAGE_ORDER[package]
    assert sorted(p.stem for p in _sources(package)) == sorted(order)
    for position, module in enumerate(order):
        source = ROOT / "generator" / package / f"{module}.py"
        for imported in _imports(source):
            top, _, inner = imported.partition(".")
            if top == package:
                where = f"{source.relative_to(ROOT)} imports generator.{imported}"
                assert inner in order[:position], where


def test_every_module_is_in_the_order_and_declares_all() -> None:
    folder = ROOT / "generator"
    modules = {p.stem for p in folder.glob("*.py")} - {"__init__", "__main__"}
    packages = {p.parent.name for p in folder.glob("*/__init__.py")}
    assert not modules & packages
    assert modules | packages == set(ORDER)
    assert packages == set(PACKAGE_ORDER)
    sources = [source for module in ORDER for source in _sources(module)]
    every = {p for p in folder.rglob("*.py") if "__pycache__" not in p.parts}
    assert every == {*sources, folder / "__init__.py", folder / "__main__.py"}
    for source in sources:
        tree = ast.parse(source.read_text())
        names = {t.id for n in tree.body if isinstance(n, ast.Assign) for t in n.targets
                 if isinstance(t, ast.Name)}  # fmt: skip
        assert "__all__" in names, source.relative_to(ROOT)


def test_public_surface_of_the_toolchain_is_pinned() -> None:
    assert generator.__all__ == ["Diagnostic", "GeneratorError", "Severity", "SpecError"]


def test_the_lint_and_compat_packages_export_what_their_modules_did() -> None:
    import generator.compat
    import generator.lint

    assert generator.lint.__all__ == [
        "DEFAULT_SEVERITY", "GENERATOR_RULES", "LOADER_RULES", "NO_BODY_STATUS", "RELAXABLE",
        "RULES", "Setting", "check_settings", "dialect_refusals", "invalid_defaults", "lint",
        "rule_diagnostics", "structure_diagnostics",
    ]  # fmt: skip
    assert generator.compat.__all__ == [
        "HTTP_METHODS", "RULES", "Bump", "Change", "ChangeSeverity", "CompatReport", "Located",
        "SchemaView", "bump_problem", "diff_specs", "operations", "parameter_schema",
        "parameters_of", "security_alternatives", "spec_at_ref", "view_schema",
    ]  # fmt: skip
    for package in (generator.lint, generator.compat):
        assert all(hasattr(package, name) for name in package.__all__), package.__name__


@pytest.mark.parametrize(
    "path",
    [
        "generated/tests/_contract.py",
        "generated/tests/conftest.py",
        "generated/solvimon_client/_base_client.py",
        "generated/solvimon_client/resources/invoices.py",
    ],
)
def test_generated_modules_format_identically_in_pieces(path: str) -> None:
    text = (ROOT / path).read_text().replace("    ", "  ")
    pieces = split_top_level(text, size=1_000)
    assert len(pieces) > 2
    assert format_tree(FileTree({"m.py": text.encode()}))["m.py"].decode() != text
    assert "\n\n".join(format_source(p) for p in pieces) == format_source(text)


def test_a_class_formatted_one_method_at_a_time_is_what_black_makes_of_it_whole(
    tmp_path: Path,
) -> None:
    """A resource class with a line over the limit in one method: black formats that method in a
    class of its own (``class_members``), not the class, and the joined result is black's."""
    text = (ROOT / "generated/solvimon_client/resources/invoices.py").read_text()
    method_line = "        resource_id: str,"  # in the sync class's refund method
    long = text.replace(method_line, f"{method_line[:-1]} | {'Annotated' * 12},", 1)
    assert long != text and format_source(long) != long
    assert len([p for p in split_top_level(long) if class_members(p)]) == 4
    cache = BlackCache(tmp_path, writable=True)
    out = format_tree(FileTree({"m.py": long.encode()}), cache, templated=lambda path: True)
    assert out["m.py"].decode() == format_source(long)
    (entry,) = cache.folder.iterdir()  # one method went to black, nothing else
    assert entry.read_text().count("\n    def ") == 1


def _table(path: str, copies: int) -> tuple[str, str]:
    """A generated module whose ``OPERATIONS`` table holds its one item ``copies`` times; and the
    item's ``body=None,`` line."""
    text = (ROOT / path).read_text()
    start = text.index("\nOPERATIONS")
    opening = text.index("\n", start + 1) + 1
    closing = text.index("\n)\n" if "= (\n" in text[start:opening] else "\n]\n", opening) + 1
    item = text[opening:closing]
    return text[:opening] + item * copies + text[closing:], "        body=None,\n"


@pytest.mark.parametrize(
    "path", ["generated/solvimon_client/testing.py", "generated/tests/test_invoices.py"]
)
def test_a_table_formatted_one_item_at_a_time_is_what_black_makes_of_it_whole(
    tmp_path: Path, path: str
) -> None:
    """A table of operations with a line over the limit in one item: black formats that item in
    a list of its own (``collection_items``), not the table, and the joined result is black's."""
    table, line = _table(path, 3)
    arguments = ", ".join(f"k{i}={i}" for i in range(20))
    long = table.replace(line, f"        body=dict({arguments}),\n", 1)
    assert long != table and format_source(long) != long
    cache = BlackCache(tmp_path, writable=True)
    out = format_tree(FileTree({"m.py": long.encode()}), cache, templated=lambda path: True)
    assert out["m.py"].decode() == format_source(long)
    # The item made long went to black, alone (the others' long lines are examples, strings
    # alone that black leaves as they are), never the table.
    entries = [e.read_text().partition("\n")[2] for e in cache.folder.iterdir()]
    assert not any("OPERATIONS: " in e for e in entries)  # the table never went whole
    items = [e for e in entries if "operation_id=" in e]
    assert all(e.startswith("_ = [\n") and e.count("operation_id=") == 1 for e in items)
    assert [e.count("k19=19") for e in items] == [1]


def test_only_a_collection_of_items_one_per_line_is_cut_into_items() -> None:
    table, _ = _table("generated/solvimon_client/testing.py", 2)
    piece = next(p for p in split_top_level(table) if "OPERATIONS: " in p)
    head, *items, tail = collection_items(piece) or []
    assert len(items) == 2 and head + "".join(items) + tail == piece
    assert items[0] == items[1] and items[0].startswith("    _Operation(\n")
    assert tail.startswith(")\n")
    one, _ = _table("generated/solvimon_client/testing.py", 1)
    one_piece = next(p for p in split_top_level(one) if "OPERATIONS: " in p)
    assert collection_items(one_piece) is None  # `(x,)`: black does not keep a tuple of one
    commented = piece.replace("    _Operation(", "    # a comment\n    _Operation(", 1)
    assert collection_items(commented) is None
    spread = piece.replace("    _Operation(", "\n    _Operation(", 2)
    assert collection_items(spread) is None  # a blank line among the items
    assert collection_items('X = [\n    """a,\n    b""",\n]\n') is None  # items cut in a string
    cut = collection_items("X = [\n    a,\n    b,\n]\n")
    assert cut == ["X = [\n", "    a,\n", "    b,\n", "]\n"]


def test_a_def_line_inside_a_string_leaves_the_class_whole() -> None:
    piece = 'class A:\n    x = """\n\n    def f():\n"""\n\n    def g(self) -> None:\n        pass\n'
    assert class_members(piece) is None
    assert class_members(piece.replace('"""\n\n    def f():\n"""', "1")) is not None


# --------------------------------------------------------------------------- templates


@pytest.mark.parametrize("spec", [SPEC, MULTI_SPEC], ids=["refund", "multi"])
def test_templates_render_what_black_would_write(spec: Path) -> None:
    """Black passes over a piece twice when its first pass changes it (about 2x the cost),
    so the templates write black's layout; datamodel-code-generator's field lines may not."""
    from generator.render import render

    config, document, api, models = _render_inputs(spec)
    raw = render(api, models, document, config.templates)
    changed: dict[str, int] = {}
    total: dict[str, int] = {}
    for path, data in raw.items():
        if path.endswith(".py"):
            for piece in split_top_level(data.decode(), size=0):
                total[path] = total.get(path, 0) + 1
                changed[path] = changed.get(path, 0) + (format_source(piece) != piece)
    models_path = f"{config.package}/models/_generated.py"
    assert {path: n for path, n in changed.items() if n and path != models_path} == {}
    assert changed[models_path] <= max(2, total[models_path] // 50)


@pytest.mark.parametrize(
    "spec", [SPEC, ROOT / "tests/specs/real/readme-webhooks.yaml"], ids=["refund", "webhooks"]
)
def test_the_files_rendered_before_the_models_are_those_of_a_whole_render(spec: Path) -> None:
    """``generate`` renders the templates that do not read the models while they are made, and
    the others once they come: together, byte for byte the files of one render with them."""
    from generator.render import render

    config, document, api, models = _render_inputs(spec)
    whole = render(api, models, document, config.templates)
    early = render(api, None, document, config.templates)
    late = render(api, models, document, config.templates, wanted=lambda path: path not in early)
    assert not set(early) & set(late)
    assert early.replace(late) == whole
    package = config.package
    # The model-free part is most of the hand-written code; what names a model waits, and so
    # does pyproject.toml (it declares typing-extensions when the models import it).
    assert {f"{package}/_retry.py", "tests/conftest.py"} <= set(early)
    assert {f"{package}/models/_generated.py", "pyproject.toml"} <= set(late)


def test_two_templates_that_write_one_file_are_a_bug_not_a_silent_replacement(
    tmp_path: Path,
) -> None:
    from generator.errors import GeneratorError
    from generator.render import render

    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", templates)
    _, document, api, models = _render_inputs(SPEC)
    (resource,) = api.resources
    (templates / "tests" / f"{resource.test_module}.py.jinja").write_text("X = 1\n")
    with pytest.raises(GeneratorError, match=f"two templates write tests/{resource.test_module}"):
        render(api, models, document, templates)


def test_every_plain_text_definition_in_the_templates_is_in_black_style() -> None:
    """format_tree copies these pieces without formatting them: this is what makes that safe."""
    pieces = template_pieces(ROOT / "templates")
    assert len(pieces) > 50
    assert [p[:80] for p in pieces if format_source(p) != p] == []


def test_a_verbatim_template_piece_is_not_formatted_again() -> None:
    unformatted = "def f( x ):\n    return x\n"
    tree = FileTree({"a.py": f"import os\n\n\n{unformatted}".encode()})
    assert format_tree(tree)["a.py"].decode().endswith("def f(x):\n    return x\n")
    kept = format_tree(tree, verbatim=frozenset({unformatted}))
    assert kept["a.py"].decode().endswith(unformatted)


def test_the_base_model_template_differs_from_the_pinned_original_only_by_design() -> None:
    """templates/datamodel/BaseModel.jinja2 copies datamodel-code-generator's own (pinned) one."""
    import datamodel_code_generator

    original = (
        Path(datamodel_code_generator.__file__).parent
        / "model/template/pydantic_v2/BaseModel.jinja2"
    ).read_text()
    ours = (ROOT / "templates/datamodel/BaseModel.jinja2").read_text()
    body = ours[ours.index("-#}\n") + len("-#}\n") :]
    expected = original.replace(
        "    {{ description }}\n",
        '    {{ description | format_docstring(4, use_single_line_docstring=True) }}{{ "\\n" }}\n',
    ).replace(
        "    {{ field.docstring }}\n",
        "    {{ field.docstring | format_docstring(4, use_single_line_docstring=True) }}\n",
    ).replace(
        "{{ field.pydantic_extra_type_hint }}",
        '{{ field.pydantic_extra_type_hint | replace("Dict[", "dict[") }}',
    ).replace(
        "%} = {{ field.represented_default }}",
        "%} = {% if field.extras.validate_default %}json_default({{ field.represented_default }})"
        "{% else %}{{ field.represented_default }}{% endif %}",
    ).replace(
        "    {%- endif -%}\n    {%- endif %}\n",
        "    {%- endif -%}\n    {%- endif %}\n"
        "    {%- if field.required and optional is defined and field.name in optional"
        ' and field.type_hint.startswith("Literal[")'
        """ and field.type_hint.count('"') + field.type_hint.count("'") == 2"""
        " and (field.annotated or not field.field) %} = {{ field.type_hint[8:-1] }}{% endif %}\n"
        "    {%- if inherited is defined and field.name in inherited and inherited[field.name]"
        ' | rejectattr("type_hint", "equalto", field.type_hint) | list %}'
        "  # type: ignore[assignment, unused-ignore]{% endif %}\n",
    )
    assert body == expected

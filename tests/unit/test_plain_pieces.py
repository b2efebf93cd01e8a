"""Black is spared the pieces ``format.plain`` and ``format.plain_model`` let through: check it
would leave them unchanged.

The templates write black's layout; what black could still rewrite comes from the spec's text
(and, in the models' code, from datamodel-code-generator's own spelling of hints and defaults).
These tests render the templates and make the models of a spec drawn at random (descriptions,
names, defaults, constraints, enum values, server names with quotes, backslashes, tabs,
non-ASCII and long lines) and run black itself on every piece either check would let through,
and on the whole corpus.
"""

from __future__ import annotations

import ast
import copy
import difflib
import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from generator.config import load_config
from generator.format import (
    double_quoted,
    format_source,
    format_tree,
    plain,
    plain_model,
    split_top_level,
)
from generator.ir import build_api
from generator.lint import lint
from generator.load import load_spec
from generator.models import generate_models
from generator.render import _py_str, render
from generator.tree import FileTree
from tests.conftest import MULTI_SPEC, ROOT, SPEC, synthetic_spec

BASE = yaml.safe_load(MULTI_SPEC.read_text(encoding="utf-8"))

# Text a spec author might write: quotes of both kinds, backslashes, tabs, blank lines, leading
# spaces, markdown, non-ASCII (accents and wide characters), and long runs.
TEXT = st.text(
    alphabet=st.sampled_from([*"abcxyz ABC019.,:;-_`*#()[]{}'\"\\\t\n", "é", "日"]),
    max_size=140,
)
BASE_STATUSES = list(BASE["components"]["schemas"]["PetStatus"]["enum"])
WORD = st.from_regex(r"[a-z][a-z0-9]{0,70}", fullmatch=True)


def _texts(node: Any, draw: Callable[[Any], Any], key: str | None = None) -> Any:
    """``node`` with every description, summary and title replaced by drawn text."""
    if isinstance(node, dict):
        return {k: _texts(v, draw, k) for k, v in node.items()}
    if isinstance(node, list):
        return [_texts(v, draw) for v in node]
    if key in ("description", "summary", "title") and isinstance(node, str):
        return draw(TEXT)
    return node


@st.composite
def specs(draw: Callable[[Any], Any]) -> dict[str, Any]:
    spec: dict[str, Any] = _texts(copy.deepcopy(BASE), draw)
    pets, orders = f"pets {draw(WORD)}", f"store {draw(WORD)}"
    spec["tags"][0]["name"], spec["tags"][1]["name"] = pets, orders
    for path_item in spec["paths"].values():
        for index, operation in enumerate(
            v for v in path_item.values() if isinstance(v, dict)
        ):
            if "tags" in operation:
                operation["tags"] = [pets if operation["tags"] == ["pets"] else orders]
                operation["operationId"] += f"N{index}{draw(WORD)}"
    for server in spec["servers"]:
        server["x-name"] += draw(WORD)
        server["url"] += "/" + draw(WORD)
    listing = spec["paths"]["/pets"]["get"]["parameters"]
    listing[0]["schema"]["default"] = draw(st.integers(1, 100))
    listing[2]["name"] = f"q{draw(WORD)}"
    listing[2]["schema"]["default"] = draw(TEXT)
    listing.append(
        {
            "name": f"tags{draw(WORD)}",
            "in": "query",
            "schema": {
                "type": "array",
                "items": {"type": "string"},
                "default": draw(st.lists(TEXT, max_size=4)),
            },
        }
    )
    extra = st.lists(
        TEXT.filter(lambda t: t.strip() and t not in BASE_STATUSES), max_size=4
    )
    statuses = BASE_STATUSES + draw(
        extra.map(lambda values: list(dict.fromkeys(values)))
    )
    spec["components"]["schemas"]["PetStatus"][
        "enum"
    ] = statuses  # the examples use the base
    listing.append(
        {
            "name": f"f{draw(WORD)}",
            "in": "query",
            "deprecated": draw(st.booleans()),
            "schema": {"type": "number", "default": draw(st.floats(-1e30, 1e30))},
        }
    )
    listing.append(
        {
            "name": f"b{draw(WORD)}",
            "in": "query",
            "schema": {"type": "boolean", "default": draw(st.booleans())},
        }
    )
    listing.append(  # a client option: the client's docstrings and attributes
        {
            "name": f"X-Default-{draw(WORD)}",
            "in": "header",
            "description": draw(TEXT),
            "schema": {"type": "string", "default": draw(TEXT)},
            "x-client-default": f"option_{draw(WORD)}",
        }
    )
    spec["components"]["securitySchemes"]["ApiKey"]["description"] = draw(TEXT)
    # The models: defaults, constraints and property names datamodel-code-generator spells.
    pet, order = (
        spec["components"]["schemas"][name]["properties"] for name in ("Pet", "Order")
    )
    pet["tag"]["default"] = draw(TEXT)
    pet["name"]["maxLength"] = draw(st.integers(100, 10**12))  # the examples stay valid
    pet[draw(WORD.map(lambda word: f"{word}-X{word[:3]}"))] = {
        "type": "integer",
        "default": 2,
    }
    pet[f"labels{draw(WORD)}"] = {
        "type": "array",
        "items": {"type": "string"},
        "default": draw(st.lists(TEXT, max_size=3)),
    }
    order["quantity"]["minimum"] = draw(st.integers(-(10**6), 1))
    order["complete"]["default"] = draw(st.booleans())
    order["discount"] = {"type": "number", "default": draw(st.floats(-1e30, 1e30))}
    # Branches of the templates: no security, no servers, no declared tags, an optional body.
    if draw(st.booleans()):
        del spec["components"]["securitySchemes"], spec["security"]
        del spec["paths"]["/store/orders"]["post"]["security"]
    if draw(st.booleans()):
        del spec["servers"]
    if draw(st.booleans()):
        del spec["tags"]
    spec["paths"]["/pets"]["post"]["requestBody"]["required"] = draw(st.booleans())
    return spec


def _rewritten(pieces: list[str]) -> str:
    """The diff black makes to the first piece it does not leave as it is ("" if none)."""
    return _models_rewritten([(piece, piece) for piece in pieces])


def _trusted_models(pieces: list[str]) -> list[tuple[str, str]]:
    """(piece, what format_tree writes for it) of each model piece that skips black."""
    return [(p, double_quoted(p)) for p in pieces if plain_model(double_quoted(p))]


def _models_rewritten(trusted: list[tuple[str, str]]) -> str:
    """The diff between black's output for a piece and what format_tree writes instead, for the
    first piece where they differ ("" if none)."""
    for piece, written in trusted:
        formatted = format_source(piece)
        if formatted != written:
            diff = difflib.unified_diff(
                written.splitlines(), formatted.splitlines(), lineterm=""
            )
            return "\n".join(diff)
    return ""


def _model_pieces(spec_path: Path) -> list[str]:
    """The pieces of the models' code, as datamodel-code-generator makes it."""
    config = load_config(ROOT)
    models = generate_models(load_spec(spec_path), config.package, config.templates)
    return split_top_level(models.code)


def _template_pieces(spec_path: Path) -> list[str]:
    """The pieces of every module our templates write whole (all but the models' code)."""
    return _pieces(spec_path)[0]


def _pieces(spec_path: Path) -> tuple[list[str], list[str]]:
    """The pieces of the modules our templates write whole, and of the models' code."""
    config = load_config(ROOT).with_overrides(spec=spec_path, out=None)
    document = load_spec(spec_path)
    assert not [d for d in lint(document) if d.is_error]
    api = build_api(document, config)
    models = generate_models(document, config.package, config.templates)
    tree = render(api, models, document, config.templates)
    module = f"{config.package}/models/_generated.py"
    templated = [
        _short_header(piece)
        for path, data in tree.items()
        if path.endswith(".py") and path != module
        for piece in split_top_level(data.decode("utf-8"))
    ]
    return templated, split_top_level(models.code)


def _short_header(piece: str) -> str:
    """The first piece of a module with a header line of a short spec path: a spec at a longer
    path (these) makes the header line too long to be plain, and the whole piece would escape
    the check (a spec without paths had its imports' blank lines wrong only at short paths).
    """
    first, newline, rest = piece.partition("\n")
    return (
        f"# Generated from s.yaml. Do not edit.{newline}{rest}"
        if first.startswith("# Generated by")
        else piece
    )


@settings(
    max_examples=int(
        os.environ.get("SOLVIMON_PLAIN_EXAMPLES", "25")
    ),  # more for a soak
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(specs())
def test_black_leaves_every_plain_piece_as_it_is(spec: dict[str, Any]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "openapi.json"
        path.write_text(json.dumps(spec), encoding="utf-8")
        pieces, model_pieces = _pieces(path)
    for piece in pieces:  # the spec's text cannot break the code (quotes, backslashes)
        ast.parse(piece)
    plain_pieces = [p for p in pieces if plain(p)]
    plain_models = _trusted_models(model_pieces)
    event(f"{len(plain_pieces) * 10 // len(pieces) * 10}% of the pieces plain")
    event(
        f"{len(plain_models) * 10 // len(model_pieces) * 10}% of the model pieces plain"
    )
    if any(p != written for p, written in plain_models):
        event("a model piece with single-quoted strings skips black")
    assert _rewritten(plain_pieces) == ""
    assert _models_rewritten(plain_models) == ""


CORPUS = {
    "refund": SPEC,
    "multi": MULTI_SPEC,
    "vendor-api": ROOT / "bench" / "data" / "solvimon-transaction-api.yaml",
    "minimal": ROOT / "tests" / "specs" / "good" / "minimal.yaml",
    "names": ROOT / "tests" / "specs" / "hostile" / "names.yaml",
    "recursive": ROOT / "tests" / "specs" / "hostile" / "recursive.yaml",
    "peer-enums": ROOT / "tests" / "specs" / "generate" / "peer-enums.yaml",
    # no paths: the client's imports are followed by no resources' TYPE_CHECKING block
    "components-only": ROOT / "tests" / "specs" / "generate" / "components-only.yaml",
    # empty tables: an operation without responses, a tag whose operations are all untested
    "oracle-edges": ROOT / "tests" / "specs" / "generate" / "oracle-edges.yaml",
}


@pytest.mark.parametrize("spec", list(CORPUS.values()), ids=list(CORPUS))
def test_black_leaves_every_plain_piece_of_the_corpus_as_it_is(spec: Path) -> None:
    pieces = _template_pieces(spec)
    plain_pieces = [p for p in pieces if plain(p)]
    assert len(plain_pieces) > len(pieces) / 3
    assert _rewritten(plain_pieces) == ""


def test_the_pieces_that_grow_with_the_operations_skip_black(tmp_path: Path) -> None:
    """Black's time and memory grow with what it is given: at 1,000 operations the testing
    kit's ``OPERATIONS`` table is ~1 MB in one statement, and a change that made its piece not
    plain (a ``lambda`` in the statement after it) took bench figure 3 from 17 s and 256 MB to
    38 s and 380 MB. Every large piece of a large spec's templated modules must be plain, so
    ``format_tree`` never gives it to black."""
    pieces = _template_pieces(synthetic_spec(60, tmp_path / "synthetic.yaml"))
    tables = [p for p in pieces if p.startswith("OPERATIONS: ")]
    assert len(tables) == 1 and len(tables[0]) > 50_000
    large = [p for p in pieces if len(p) > 5_000]
    assert len(large) > 30  # each resource class, its tests, the table
    assert [p[:80] for p in large if not plain(p)] == []


MODEL_CORPUS = {
    **CORPUS,
    "vendor-excerpt": ROOT
    / "bench"
    / "data"
    / "solvimon-transaction-api.refund-excerpt.yaml",
    "ambiguous-success": ROOT
    / "tests"
    / "specs"
    / "generate"
    / "ambiguous-success.yaml",
    "case-collision": ROOT
    / "tests"
    / "specs"
    / "hostile"
    / "property-case-collision.yaml",
    # FastAPI's: a title on every property, Field(title='...') in single quotes
    "fastapi-tasks": ROOT / "tests" / "specs" / "generate" / "fastapi-tasks.json",
}


EDGE_CASES = frozenset({"oracle-edges"})
"""Specs of odd shapes, one after another (discriminated unions, root models, `type: ignore`d
overrides): many of their classes go to black, however many they have."""


@pytest.mark.parametrize("name", list(MODEL_CORPUS))
def test_black_leaves_every_plain_model_piece_of_the_corpus_as_it_is(name: str) -> None:
    pieces = _model_pieces(MODEL_CORPUS[name])
    plain_models = _trusted_models(pieces)
    assert _models_rewritten(plain_models) == ""
    if len(pieces) > 30 and name not in EDGE_CASES:  # the large specs: most skip black
        assert len(plain_models) > len(pieces) * 0.8


@pytest.mark.parametrize(
    "piece",
    [
        pytest.param(
            "class A(Model):\n    schema_: Annotated[str | None, Field(alias='schema')] = None\n",
            id="single-quotes",
        ),
        pytest.param(
            'class A(Model):\n    x: Literal["a", "b",] = "a"\n', id="trailing-comma"
        ),
        pytest.param("class A(Model):\n    x:int\n", id="colon-spacing"),
        pytest.param(
            "class A(Model):\n    x: int | None = Field(None, ge = 1)\n",
            id="keyword-spacing",
        ),
        pytest.param("class A(Model):\n    x: int = 1E5\n", id="exponent"),
        pytest.param('class A(Model):\n    x: str = "a""b"\n', id="adjacent-strings"),
        pytest.param("class A(Model):\n    x: int = (1)\n", id="parenthesised-default"),
        pytest.param("class A(Model):\n    x: (int) = 1\n", id="parenthesised-hint"),
        pytest.param("class A(Model):\n    x: int = - 1\n", id="unary-spacing"),
        pytest.param(
            'class A(Model):\n    """Doc."""\n    x: int\n',
            id="no-blank-after-docstring",
        ),
        pytest.param(
            'class A(Model):\n    """ Leading space."""\n', id="docstring-space"
        ),
        pytest.param(
            'class A(Model):\n    """Ends with a quote\\""""\n', id="docstring-quote"
        ),
        pytest.param(
            f"class A(Model):\n    x: Literal[{', '.join(['1'] * 40)}]\n",
            id="long-line",
        ),
        pytest.param(
            'class A(Model):\n    """Wrapped.\n        Indented further."""\n',
            id="docstring-indentation",
        ),
        pytest.param(
            'class A(Model):\n    """Wrapped.\n    Ends with a space. """\n',
            id="docstring-end",
        ),
        pytest.param(
            'class A(Model):\n    """Wrapped.\n    Closes alone.\n    """\n    x: int\n',
            id="docstring-no-blank",
        ),
        pytest.param("from x import (\n    a\n)\n", id="exploded-import"),
        pytest.param(
            'class A(Model):\n    """\n    Ends with a space. \n    """\n',
            id="alone-quotes-trailing-space",
        ),
        pytest.param(
            'class A(Model):\n    """\n      Indented further.\n    """\n',
            id="alone-quotes-indented",
        ),
        pytest.param(
            'class A(Model):\n    """\n    Text.\n    """\n    x: int\n',
            id="alone-quotes-no-blank",
        ),
    ],
)
def test_what_black_rewrites_in_a_model_is_not_plain(piece: str) -> None:
    assert format_source(piece) != piece  # each case is a real rewrite, not a guess
    assert not plain_model(piece)


@pytest.mark.parametrize(
    "piece",
    [
        pytest.param("class A(Model):\n    x: int  # a comment\n", id="comment"),
        pytest.param("class A(Model):\n    x: int = 0x1F\n", id="hex"),
        pytest.param("class A(Model):\n    x: int\n\n    y: int\n", id="blank-line"),
        pytest.param(
            'class A(Model):\n    x: int\n    """Doc."""\n    """Doc."""\n',
            id="docstring-after-docstring",
        ),
        pytest.param(
            'class A(Model):\n    """Ends with a quote""""\n', id="not-python"
        ),
        pytest.param("class A(RootModel[int]):\n    root: int\n", id="other-base"),
        pytest.param(
            "class A(Model):\n    def f(self) -> int:\n        return 1\n", id="method"
        ),
    ],
)
def test_what_our_model_templates_do_not_write_is_not_plain(piece: str) -> None:
    """Shapes ``plain_model`` does not know go to black, whether or not black would change them."""
    assert not plain_model(piece)


def test_the_shapes_of_our_model_templates_are_plain() -> None:
    model = (
        "class Order(Model):\n"
        '    """An order."""\n'
        "\n"
        "    id: Annotated[str | None, Field(min_length=1, max_length=-1)] = None\n"
        '    """Its id."""\n'
        '    tags: list[str] | None = Field(["a", "b"], alias="tag-list")\n'
        "    discount: float = -0.5\n"
    )
    enum = 'class Status(OpenEnum):\n    A = "a"\n    """The first."""\n    B = "b"\n'
    wrapped = (
        "class Order(Model):\n"
        '    """An order, with a description long enough that wrap_docstrings cut it over\n'
        '    two lines at the quotes\' column."""\n'
        "\n"
        "    id: str\n"
        '    """Its id, which also has a description long enough to be wrapped over more\n'
        "    than one line, and here\n"
        '    over three."""\n'
    )
    header = (
        "# Generated. Do not edit.\nfrom __future__ import annotations\n\nimport re\n"
    )
    # A description of several lines, as the model generator writes it (epilot's enums): the
    # quotes alone on their lines, quotes and deeper lines inside, a blank line before the end.
    several = (
        "class Mode(OpenEnum):\n"
        '    """\n'
        "    Mode for the check:\n"
        '      - "check": validates the reading\n'
        "\n"
        '    """\n'
        "\n"
        '    CHECK = "check"\n'
        '    """\n'
        "    The first,\n"
        "    of two lines.\n"
        '    """\n'
    )
    # An allOf of two models (epilot's components), and an empty mapping as a default.
    derived = (
        "class Proxy(ApiProxyComponent, BaseComponent1):\n"
        '    """A proxy."""\n'
        "\n"
        "    params: dict[str, str] = {}\n"
    )
    pieces = (model, enum, "class Empty(Model):\n    pass\n", wrapped, header, several, derived)
    for piece in pieces:
        assert plain_model(piece)
        assert format_source(piece) == piece


@pytest.mark.parametrize(
    "piece",
    [
        'def f() -> None:\n    """'
        + "\u5bbd" * 45
        + '."""\n',  # 45 wide characters: 90 columns
        'def f() -> None:\n    """Caf\u00e9.\u00a0"""\n',  # a no-break space, which black strips
        'X = "a\\"b"\n',  # an escape
        "def f() -> None:\n\tpass\n",  # a tab
        "X = 1 \n",  # trailing whitespace
        f"X = {'1 + ' * 30}1\n",  # over the line length
        f'def f() -> None:\n    """{"word " * 20}\n# {"word " * 19}word"""\n',  # ends a docstring
        f"def f() -> None:\n    # {'word ' * 20}\n    pass\n",  # a long comment, indented
    ],
    ids=[
        "wide",
        "unicode-space",
        "backslash",
        "tab",
        "trailing-space",
        "long-line",
        "docstring",
        "indented",
    ],
)
def test_what_black_could_rewrite_is_not_plain(piece: str) -> None:
    assert not plain(piece)


def test_a_short_ascii_piece_is_plain() -> None:
    assert plain('def f(x: int = 1) -> str:\n    """Doc."""\n    return "x"\n')


def test_accents_and_box_drawing_are_plain_when_the_line_fits() -> None:
    piece = 'def f() -> None:\n    """Caf\u00e9 \u251c\u2500\u2500 na\u00efve."""\n'
    assert plain(piece)
    assert format_source(piece) == piece


def test_a_long_comment_at_the_margin_is_plain_as_black_never_splits_it() -> None:
    """The header names the spec's path, which can make it any length."""
    piece = f"# Generated from {'spec/' * 30}openapi.yaml. Do not edit.\nX = 1\n"
    assert len(piece.splitlines()[0]) > 100
    assert plain(piece)
    assert format_source(piece) == piece


def test_only_the_plain_pieces_of_files_the_templates_wrote_skip_black() -> None:
    """``plain`` trusts the templates' layout: that is why the models' code is not ``templated``."""
    unformatted = "def f( x ):\n    return x\n"
    long_line = f"def g():\n    return {' + '.join(['x'] * 40)}\n"
    tree = FileTree(
        {
            "ours.py": f"{unformatted}\n\n{long_line}".encode(),
            "models.py": unformatted.encode(),
        }
    )
    out = format_tree(tree, templated=lambda path: path == "ours.py")
    ours = out["ours.py"].decode()
    assert ours.startswith(unformatted)  # trusted, as it came
    assert long_line not in ours and "return (\n" in ours  # black split the long line
    assert out["models.py"].decode() == "def f(x):\n    return x\n"


def test_in_the_models_code_only_the_classes_plain_model_trusts_skip_black() -> None:
    trusted = "class A(Model):\n    x: int | None = None\n"
    quoted = "class B(Model):\n    y: Annotated[str, Field(alias='y-y')]\n"  # plain, not trusted
    tree = FileTree({"models.py": f"{trusted}\n\n{quoted}".encode()})
    formatted = 'class B(Model):\n    y: Annotated[str, Field(alias="y-y")]\n'
    out = format_tree(tree, modelled=lambda path: path == "models.py")
    assert out["models.py"].decode() == f"{trusted}\n\n{formatted}"


def test_a_templated_piece_that_does_not_parse_is_left_to_the_compile_check() -> None:
    from generator.errors import GeneratorError
    from generator.pipeline import _check_compiles

    broken = b"def f(:\n    pass\n"
    out = format_tree(FileTree({"ours.py": broken}), templated=lambda path: True)
    assert out["ours.py"] == broken  # plain: black is not asked
    with pytest.raises(GeneratorError, match=r"ours\.py:1:7: the generated file does not compile"):
        _check_compiles(out, frozenset())


def test_fastapi_titles_in_single_quotes_skip_black_in_black_s_quotes() -> None:
    trusted = _trusted_models(_model_pieces(MODEL_CORPUS["fastapi-tasks"]))
    quoted = [written for piece, written in trusted if piece != written]
    assert len(quoted) > 3, "datamodel-code-generator's Field(title='...') went to black"
    assert all("title='" not in written for written in quoted)
    assert _models_rewritten(trusted) == ""


@pytest.mark.parametrize(
    ("piece", "written"),
    [
        # datamodel-code-generator's spelling, and black's
        (
            "class A(Model):\n    a: Annotated[str, Field(title='A a')] = 'x'\n",
            'class A(Model):\n    a: Annotated[str, Field(title="A a")] = "x"\n',
        ),
        # a quote or a backslash inside, a prefix, a double-quoted string: left to black
        (
            "class A(Model):\n    a: Annotated[str, Field(title='it\"s', x=b'y', z=\"'w'\")]\n",
            "class A(Model):\n    a: Annotated[str, Field(title='it\"s', x=b'y', z=\"'w'\")]\n",
        ),
        # a docstring keeps its text, also a wrapped one's line that looks like a field
        (
            "class A(Model):\n    \"\"\"Use 'a'.\"\"\"\n",
            "class A(Model):\n    \"\"\"Use 'a'.\"\"\"\n",
        ),
        (
            "class A(Model):\n    \"\"\"First line\n    note: see 'x'.\"\"\"\n\n    a: int\n",
            "class A(Model):\n    \"\"\"First line\n    note: see 'x'.\"\"\"\n\n    a: int\n",
        ),
    ],
    ids=["titles", "left-alone", "docstring", "wrapped-docstring"],
)
def test_double_quoted_changes_only_the_strings_black_would(piece: str, written: str) -> None:
    assert double_quoted(piece) == written
    if plain_model(written):
        assert format_source(piece) == written


# A text as examples and samples hold it: quotes of both kinds in any proportion, backslashes
# (doubled in the literal, so they escape nothing), non-ASCII, and any length.
STRING_TEXT = st.text(
    alphabet=st.sampled_from([*"ab :{}[],'\"\\", "é", "日", "\u2028"]), max_size=300
)
ITEM_PREFIX = st.sampled_from(["", "alias=", '"200": ', "operation_id="])


@settings(max_examples=300, deadline=None)
@given(text=STRING_TEXT, prefix=ITEM_PREFIX, depth=st.integers(1, 4))
def test_black_leaves_a_plain_lone_string_as_it_is(text: str, prefix: str, depth: int) -> None:
    """A string alone on its line as an item, as ``_py_str`` writes it, is plain at any length
    (black cannot split it and keeps its quotes), and black leaves every such plain line as it
    is; a literal in the quotes black would not keep is never plain."""
    line = "    " * depth + prefix + _py_str(text) + ",\n"
    inner = ("dict(", ")") if "=" in prefix else ("{", "}") if prefix else ("[", "]")
    if depth == 1:
        piece = f"X = {inner[0]}\n{line}{inner[1]}\n"
    else:  # lists around the collection that holds the line
        outer = range(1, depth - 1)
        piece = "X = [\n" + "".join(f"{'    ' * d}[\n" for d in outer)
        piece += f"{'    ' * (depth - 1)}{inner[0]}\n{line}{'    ' * (depth - 1)}{inner[1]},\n"
        piece += "".join(f"{'    ' * d}],\n" for d in reversed(outer)) + "]\n"
    assert plain(piece) == ("\u2028" not in text)  # black's split() sees U+2028: not plain
    assert format_source(piece) == piece or not plain(piece)
    quote = _py_str(text)[0]
    if quote == '"' and '"' in text:  # the other quotes would not be black's: never plain
        other = "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"
        assert not plain(piece.replace(_py_str(text), other))
    if quote == "'":
        other = '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
        assert not plain(piece.replace(_py_str(text), other))

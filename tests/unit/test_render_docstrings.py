"""render.wrap_docstrings: docstring lines of the generated code end by column 100, and black
(the pinned version, the project's settings) keeps what it writes."""

from __future__ import annotations

import ast

import black
import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.render import (
    DOCSTRING_WIDTH,
    _doc_sentence,
    _string_statements,
    _wrap_string,
    wrap_docstrings,
)

MODE = black.Mode(target_versions={black.TargetVersion.PY310}, line_length=100)
WORDS = " ".join(f"word{i}" for i in range(60))


def _check(source: str) -> str:
    wrapped = wrap_docstrings(source)
    assert black.format_str(wrapped, mode=MODE) == wrapped
    return wrapped


def _texts(source: str) -> list[str]:
    """Every string statement's value, whitespace collapsed: what wrapping must keep."""
    return [
        " ".join(node.value.value.split())
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Expr)
        and isinstance(node.value, ast.Constant)
        and isinstance(node.value.value, str)
    ]


@pytest.mark.parametrize(
    "source",
    [
        f'"""{WORDS}"""\n',
        f'"""Title.\n\n{WORDS}\n"""\n',
        f'class A:\n    """{WORDS}"""\n\n    x: int = 0\n    """{WORDS}"""\n',
        f'class A:\n    """{WORDS} "quoted" """\n',
        f'def f() -> None:\n    """Title.\n\n    Args:\n        name: {WORDS}\n    """\n',
    ],
    ids=["module", "paragraphs", "class-and-attribute", "quote-at-the-end", "args-entry"],
)
def test_long_docstring_lines_are_wrapped_and_black_keeps_them(source: str) -> None:
    source = black.format_str(source, mode=MODE)  # what the templates write: black's layout
    wrapped = _check(source)
    assert wrapped != source
    assert max(len(line) for line in wrapped.splitlines()) <= DOCSTRING_WIDTH
    assert _texts(wrapped) == _texts(source)


def test_an_args_entry_continues_four_columns_further_in() -> None:
    source = f'def f() -> None:\n    """Title.\n\n    Args:\n        name: {WORDS}\n    """\n'
    lines = wrap_docstrings(source).splitlines()
    assert lines[4].startswith("        name: word0 ")
    assert all(line.startswith("            word") for line in lines[5:-1])


def test_what_cannot_be_broken_stays_as_it_is() -> None:
    url = "https://example.com/" + "a" * 120
    backslash = "x" * 90 + "\\\\ " + "y" * 20  # a break there would end a line in a backslash
    for source in (
        f'"""{url}"""\n',
        f'"""{backslash}"""\n',
        f'x = """{WORDS}"""\n',  # an assignment, not a docstring
        f"'''{WORDS}'''\n",  # not the triple double quotes black writes
        f'"""{WORDS}"""  # a comment\n',
    ):
        assert wrap_docstrings(source) == source


def test_short_docstrings_and_code_are_untouched() -> None:
    code = f"VALUE = {WORDS!r}"  # code past the line length: black's business, not this
    source = f'"""Short."""\n\n{code}\n'
    assert len(code) > DOCSTRING_WIDTH
    assert wrap_docstrings(source) == source


_TEXT = st.lists(
    st.sampled_from([*"ab ,.'\"\\#:", "é", "word ", "a long run of words " * 3]), max_size=30
).map("".join)


def _docstring(text: str) -> str:
    body = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"""{body}x"""'


_STATEMENT = st.one_of(
    _TEXT.map(_docstring),
    _TEXT.map(lambda text: f"# {text}".replace("\n", " ")),
    _TEXT.map(lambda text: f"x = {text!r}"),
    _TEXT.map(lambda text: f"y = {text!r}  # {text}"),
    st.integers(1, 40).map(lambda n: "z = [" + ", ".join(["name"] * n) + "]"),
    _TEXT.map(lambda text: f"w = '''{text.replace(chr(92), '').replace(chr(39), '')}'''"),
    # A string in triple quotes at the margin that is no statement: in brackets, after a comma,
    # after a backslash. Wrapping it would change a value.
    _TEXT.map(lambda text: f"v = (\n{_docstring(text)}\n)"),
    _TEXT.map(lambda text: f"t = [\n    1,\n{_docstring(text)}]"),
    _TEXT.map(lambda text: f"u = 1 + \\\n    len({_docstring(text)})"),
    _TEXT.map(lambda text: f"s = 'a' + \\\n{_docstring(text)}"),
    # Compound statements at the margin: a decorated function, an if/else.
    _TEXT.map(lambda text: f"@decorator\ndef f():\n    {_docstring(text)}"),
    _TEXT.map(lambda text: f"if x:\n    pass\nelse:\n    {_docstring(text)}"),
)


def _whole(source: str) -> str:
    """What wrapping does when the whole module is parsed: the reference for the scan and the
    chunks that spare most of that parse."""
    lines = source.split("\n")
    for first, last, column in sorted(_string_statements(source, 0) or [], reverse=True):
        _wrap_string(lines, first, last, column)
    return "\n".join(lines)


@given(st.lists(_STATEMENT, min_size=1, max_size=6), st.booleans())
def test_the_scan_and_the_chunks_wrap_what_parsing_the_whole_module_does(
    statements: list[str], nested: bool
) -> None:
    """The scan of strings and comments that spares most modules a parse, and the parse of the
    top-level statements that hold a long docstring line only, wrap exactly what parsing the
    whole module and wrapping every string statement does."""
    if nested:
        indented = ("\n".join(f"    {line}" for line in s.split("\n")) for s in statements)
        statements = ["class A:", "    pass", *indented]
    source = "\n".join(statements) + "\n"
    ast.parse(source)
    assert wrap_docstrings(source) == _whole(source)


@pytest.mark.parametrize(
    "template",
    [
        "v = (\n{doc}\n)\n",
        "t = [\n    1,\n{doc}]\n",
        "s = 'a' + \\\n{doc}\n",
        "f(\n    x,\n{doc},\n)\n",
    ],
    ids=["parenthesis", "list", "backslash", "call"],
)
def test_a_long_string_at_the_margin_that_is_no_statement_is_left_as_it_is(template: str) -> None:
    source = template.format(doc=_docstring("word " * 30))
    assert any(len(line) > DOCSTRING_WIDTH for line in source.split("\n"))
    assert wrap_docstrings(source) == source == _whole(source)


@pytest.mark.parametrize(
    ("summary", "line"),
    [
        ("Refund a credit\n  invoice", "Refund a credit invoice."),
        ("An API endpoint.", "An API endpoint."),  # swagger-php's: it said "endpoint.."
        ("Is it done?", "Is it done?"),
    ],
)
def test_a_method_summary_is_one_sentence(summary: str, line: str) -> None:
    assert _doc_sentence(summary) == line

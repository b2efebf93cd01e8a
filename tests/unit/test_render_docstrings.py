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
    _long_in_triple_quotes,
    _wrapped,
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
)


@given(st.lists(_STATEMENT, min_size=1, max_size=6), st.booleans())
def test_the_scan_for_long_docstring_lines_misses_none(statements: list[str], nested: bool) -> None:
    """The scan of strings and comments that spares most modules a parse says "no long line in
    a docstring" only where the parse finds nothing to wrap."""
    if nested:
        statements = ["class A:", *(f"    {s}" for s in statements)]
    source = "\n".join(statements) + "\n"
    lines = source.split("\n")
    if not _long_in_triple_quotes(source, lines):
        assert _wrapped(source, lines) == source

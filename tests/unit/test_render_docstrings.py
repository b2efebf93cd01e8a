"""render.wrap_docstrings: docstring lines of the generated code end by column 100, and black
(the pinned version, the project's settings) keeps what it writes."""

from __future__ import annotations

import ast

import black
import pytest

from generator.render import DOCSTRING_WIDTH, wrap_docstrings

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

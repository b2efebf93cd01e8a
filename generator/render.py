"""Render the client package from the Jinja templates: Api + models -> FileTree.

Output paths mirror template paths (see ``_output_paths``); templates only lay out
what the IR decided.
"""

from __future__ import annotations

import ast
import bisect
import inspect
import os
import re
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path, PurePosixPath
from typing import Any

from generator.cache import jinja_bytecode_cache
from generator.errors import Diagnostic, GeneratorError, Severity, SpecError
from generator.ir import Api
from generator.load import SpecDocument
from generator.models import ModelSource
from generator.names import NaturalKey, isort_key, natural
from generator.tree import FileTree

__all__ = ["DOCSTRING_WIDTH", "SPEC_COPY_DIR", "render", "wrap_docstrings"]

SPEC_COPY_DIR = "tests/spec"
"""Where the spec's files are copied in the output, for the generated tests' spec checks."""

_PER_RESOURCE = {
    "solvimon_client/resources/_resource.py.jinja": "{package}/resources/{module}.py",
    "tests/_resource_test.py.jinja": "tests/{tests}.py",
}


_WEBHOOKS_ONLY = frozenset({"solvimon_client/webhooks.py.jinja", "tests/test_webhooks.py.jinja"})
"""Templates rendered only for a spec with ``webhooks``."""


def _all_key(name: str) -> tuple[int, NaturalKey]:
    """The order ruff's RUF022 expects in ``__all__``: by type, then case-sensitive."""
    return (isort_key(name)[0], natural(name))


def _all_order(names: list[str]) -> list[str]:
    """Jinja filter ``all_order``: names in the order ruff's RUF022 expects in ``__all__``."""
    return sorted(names, key=_all_key)


def _import_order(names: list[str]) -> list[str]:
    """Jinja filter ``import_order``: names in the order ruff's isort expects in an import
    (``AsyncATag`` before ``ATag``: case-insensitive, unlike ``__all__``)."""
    return sorted(names, key=isort_key)


def _doc_line(text: object) -> str:
    """Jinja filter ``doc_line``: spec text on one line of a docstring (whitespace collapsed)."""
    return _docstring_safe(" ".join(str(text).split()))


def _doc_sentence(text: object) -> str:
    """Jinja filter ``doc_sentence``: ``doc_line``, ending with a full stop unless it ends with
    one already (swagger-php's summaries do: the docstring said "An API endpoint..")."""
    line = _doc_line(text)
    return line if line.endswith((".", "!", "?")) else f"{line}."


def _doc_block(text: object) -> str:
    """Jinja filter ``doc_block``: spec text as docstring paragraphs.

    Dedented as Python dedents a docstring (``inspect.cleandoc``), without trailing spaces: the
    layout black gives a docstring, so its lines sit at the indentation the template gives them.
    """
    lines = inspect.cleandoc(str(text)).splitlines()
    return _docstring_safe("\n".join(line.rstrip() for line in lines))


def _docstring_safe(text: str) -> str:
    """``text`` inside triple double quotes: backslashes and ``\"\"\"`` escaped, and a space
    between a quote at either end and the docstring's own quotes, as black writes it."""
    text = text.replace("\\", "\\\\").replace('"""', '\\"\\"\\"')
    if text.startswith('"'):
        text = " " + text
    if text.endswith('"'):
        text += " "
    return text


DOCSTRING_WIDTH = 100
"""The column a docstring line of the generated code ends by (the project's line length)."""


def wrap_docstrings(source: str) -> str:
    """``source`` with every over-long line of its triple-quoted string statements (docstrings, of
    modules, classes, functions and attributes) wrapped at spaces to ``DOCSTRING_WIDTH``.

    Spec text reaches docstrings through the ``doc_line``/``doc_block`` filters and
    datamodel-code-generator's own; this wraps them all, once the text has its place. A
    continuation line takes the indentation of the line it continues (the opening quotes' for
    the first; four more for an indented ``name: text`` entry), which black keeps as it is; a
    line that cannot be broken (a long URL) stays long.
    """
    lines = source.split("\n")
    spans = _triple_quoted(source) if any(len(line) > DOCSTRING_WIDTH for line in lines) else []
    long = _long_in_triple_quotes(lines, spans)
    if not long:
        return source
    found: list[tuple[int, int, int]] = []
    for first, last in _chunks(lines, spans, long):
        strings = _string_statements("\n".join(lines[first:last]), first)
        if strings is None:  # not a statement where the scan saw one begin: parse it all
            found = _string_statements(source, 0) or []
            break
        found += strings
    for first, last, column in sorted(found, reverse=True):  # from the end: lines get added
        _wrap_string(lines, first, last, column)
    return "\n".join(lines)


_STRING_OR_COMMENT = re.compile(
    r'#[^\n]*|"""(?:[^"\\]|\\[\s\S]|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\[\s\S]|'(?!''))*'''"
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|'(?:[^'\\\n]|\\.)*'"
)
"""A comment or a string literal (its prefix aside), as Python's tokenizer reads them."""


def _triple_quoted(source: str) -> list[tuple[int, int, bool]]:
    """Where the strings in triple quotes of ``source`` are (start, end, in double quotes), found
    by scanning the strings and comments: a tenth of the time of parsing the module."""
    return [
        (found.start(), found.end(), found.group().startswith('"""'))
        for found in _STRING_OR_COMMENT.finditer(source)
        if found.group()[:3] in ('"""', "'''")
    ]


def _long_in_triple_quotes(lines: list[str], spans: list[tuple[int, int, bool]]) -> list[int]:
    """The lines over ``DOCSTRING_WIDTH`` in a string in triple double quotes: the only lines
    ``_wrap_string`` may change. A module whose long lines are code only (a resource's
    signatures) is not parsed (136 modules at 1,000 operations: 0.3 s)."""
    doubled = [(start, end) for start, end, double in spans if double]
    starts = [start for start, _ in doubled]
    found = []
    position = 0
    for index, line in enumerate(lines):
        end = position + len(line)
        if len(line) > DOCSTRING_WIDTH:
            at = bisect.bisect_right(starts, end) - 1
            if at >= 0 and doubled[at][1] > position:
                found.append(index)
        position = end + 1
    return found


_CONTINUED = ("else", "elif", "except", "finally", "#", ")", "]", "}")
"""Lines at the margin that go on with the statement before them."""
_OPEN = ("\\", "(", "[", "{", ",")
"""How a line ends when the next one goes on with its statement, wherever that one starts."""


def _chunks(
    lines: list[str], spans: list[tuple[int, int, bool]], long: list[int]
) -> list[tuple[int, int]]:
    """The top-level statements (first line, line after the last) that hold the ``long`` lines,
    found by the lines at the margin that no string spans and no line before goes on into:
    parsed alone, a chunk gives the statements the whole module's parse gives there, for a
    fraction of its time (a conftest of 44 KB with two long lines). A chunk that does not parse
    alone sends ``wrap_docstrings`` to the whole module."""
    inside = [(start, end) for start, end, _ in spans]
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line) + 1)
    starts = [0]
    decorated = False
    at = 0
    for index, line in enumerate(lines):
        while at < len(inside) and inside[at][1] <= offsets[index]:
            at += 1
        if (
            not line
            or line[0].isspace()
            or line.startswith(_CONTINUED)
            or (at < len(inside) and inside[at][0] < offsets[index])  # inside a string
            or (index and lines[index - 1].rstrip().endswith(_OPEN))
        ):
            continue
        if not decorated and index:
            starts.append(index)
        decorated = line.startswith("@")
    chunks: list[tuple[int, int]] = []
    for index in long:
        at = bisect.bisect_right(starts, index)
        first, last = starts[at - 1], starts[at] if at < len(starts) else len(lines)
        if chunks and first < chunks[-1][1]:
            chunks[-1] = (chunks[-1][0], max(last, chunks[-1][1]))
        else:
            chunks.append((first, last))
    return chunks


def _string_statements(source: str, offset: int) -> list[tuple[int, int, int]] | None:
    """The string statements of ``source`` (first line, last line, column), lines counted from
    ``offset``; None when it does not parse."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return None
    return [
        (offset + statement.lineno - 1, offset + statement.end_lineno - 1, statement.col_offset)
        for statement in _statements(tree.body)
        if isinstance(statement, ast.Expr)
        and isinstance(statement.value, ast.Constant)
        and isinstance(statement.value.value, str)
        and statement.end_lineno is not None
    ]


def _statements(body: list[Any]) -> Iterator[ast.stmt]:
    """Every statement of ``body`` and of the blocks nested in it; unlike ``ast.walk``, no
    expression is visited (four fifths of a resource module's nodes)."""
    for node in body:
        if isinstance(node, ast.stmt):
            yield node
        for field in ("body", "orelse", "finalbody", "handlers", "cases"):
            inner = getattr(node, field, None)
            if isinstance(inner, list):  # except handlers and match cases have bodies too
                yield from _statements(inner)


_ENTRY = re.compile(r"[A-Za-z_*][\w*.]*(?: \([^)]*\))?: ")
"""An indented ``name: text`` line (an ``Args:`` entry): it continues four columns further in."""


def _wrap_string(lines: list[str], first: int, last: int, column: int) -> None:
    """Wrap, in place, the over-long lines of the string statement on ``lines[first:last+1]``."""
    if (
        lines[first][:column].strip()
        or lines[first][column : column + 3] != '"""'
        or not lines[last].endswith('"""')
        or (first == last and len(lines[first]) < column + 6)
    ):
        return  # not a plain triple-double-quoted string alone on its lines
    replaced: dict[int, list[str]] = {}
    for index in range(first, last + 1):
        line = lines[index]
        if len(line) <= DOCSTRING_WIDTH:
            continue
        head = line[: column + 3] if index == first else ""
        text = line[len(head) :]
        closing = '"""' if index == last else ""
        text = text.removesuffix(closing)
        lead = text[: len(text) - len(text.lstrip())]
        body = text.strip()
        trail = text[len(text.rstrip()) :] if body else ""
        # The closing quotes stay with the last word (a space before them marks a quote).
        wrapper = textwrap.TextWrapper(
            width=DOCSTRING_WIDTH,
            initial_indent=head + lead,
            subsequent_indent=(
                " " * column
                if index == first
                else lead + "    "
                if len(lead) > column and _ENTRY.match(body)
                else lead
            ),
            break_long_words=False,
            break_on_hyphens=False,
            expand_tabs=False,
            replace_whitespace=False,
        )
        wrapped = wrapper.wrap(body + trail.replace(" ", "\0") + closing)
        if len(wrapped) < 2 or any(part.endswith("\\") for part in wrapped[:-1]):
            continue  # nothing to break at, or a break would end a line in a backslash
        replaced[index] = [part.replace("\0", " ") for part in wrapped]
    for index in sorted(replaced, reverse=True):
        lines[index : index + 1] = replaced[index]


def _py_str(text: str) -> str:
    """``text`` as a Python string literal the way black writes it: double quotes, unless the
    text holds more double quotes than single ones (then single quotes need fewer escapes)."""
    body = str(text).replace("\\", "\\\\")
    if body.count('"') > body.count("'"):
        return "'" + body.replace("'", "\\'") + "'"
    return '"' + body.replace('"', '\\"') + '"'


def _py_tuple(texts: tuple[str, ...]) -> str:
    """A tuple of strings as black writes it on one line: ``("a",)``, ``("a", "b")``."""
    items = ", ".join(_py_str(text) for text in texts)
    return f"({items},)" if len(texts) == 1 else f"({items})"


def _environment(templates: Path) -> Any:
    import jinja2

    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates)),
        bytecode_cache=jinja_bytecode_cache(),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
    )
    environment.filters["all_order"] = _all_order
    environment.filters["import_order"] = _import_order
    environment.filters["doc_line"] = _doc_line
    environment.filters["doc_sentence"] = _doc_sentence
    environment.filters["doc_block"] = _doc_block
    environment.filters["py_str"] = _py_str
    environment.filters["py_tuple"] = _py_tuple
    return environment


def _output_path(template: str, package: str) -> str | None:
    """Output path of a template rendered once; None for macros and datamodel overrides."""
    parts = PurePosixPath(template).parts
    if parts[0] in ("_macros", "datamodel") or template in _PER_RESOURCE:
        return None
    relative = template.removesuffix(".jinja")
    if parts[0] == "package":
        return relative.removeprefix("package/")
    if parts[0] == "solvimon_client":
        return package + relative.removeprefix("solvimon_client")
    return relative


def _spec_base(document: SpecDocument) -> Path:
    """The folder of the spec's files, copied whole: the root's, or one above it when the root
    refers up (OpenSearch's `namespaces/_core.yaml` names `../schemas/_common.yaml`, which a
    copy of the root's folder alone left out, and the generated tests could not resolve)."""
    return Path(os.path.commonpath([path.parent for path in document.files]))


def _spec_copies(document: SpecDocument) -> dict[str, bytes]:
    base = _spec_base(document)
    return {
        f"{SPEC_COPY_DIR}/{path.relative_to(base).as_posix()}": source.raw
        for path, source in document.files.items()
    }


def _models_context(models: ModelSource) -> dict[str, Any]:
    """What the templates read of the models."""
    classes = {*models.names.values(), *models.request_names.values()}
    return {
        "model_names": models.names,
        "request_model_names": models.request_names,
        "take_anything": models.take_anything,
        "public_models": sorted(classes, key=isort_key),
        "public_names": sorted({"Model", "OpenEnum", *classes}, key=_all_key),
        "models_code": models.code,
        "models_imports": models.imports,
        "models_use_typing_extensions": any(
            line.module == "typing_extensions" for section in models.imports for line in section
        ),
    }


class _ModelsNeeded(Exception):
    """A template read the models in a render without them."""


class _NotYet:
    """A models value of a render without the models: any use of it raises ``_ModelsNeeded``."""

    def _needed(self, *args: object) -> Any:
        raise _ModelsNeeded

    __getattr__ = __getitem__ = __iter__ = __contains__ = __len__ = __bool__ = __str__ = _needed


def render(
    api: Api,
    models: ModelSource | None,
    document: SpecDocument,
    templates: Path,
    *,
    wanted: Callable[[str], bool] = lambda output: True,
) -> FileTree:
    """Render every template whose output ``wanted`` accepts; SpecError if a template fails.

    Without ``models`` (while they are made), only the templates that do not read them: one
    that does is left out, for a render with them.
    """
    import jinja2

    environment = _environment(templates)
    header_text = f"Generated by `python -m generator generate` from {api.spec_name}. Do not edit."
    context: dict[str, Any] = {
        "api": api,
        "header": f"# {header_text}",
        "header_md": f"<!-- {header_text} -->",
        "spec_file": f"spec/{document.root.path.relative_to(_spec_base(document)).as_posix()}",
    }
    if models is None:
        # Each key a template may read of the models, with a value that defers the template.
        context.update(dict.fromkeys(_models_context(ModelSource("", {}, {})), _NotYet()))
    else:
        context.update(_models_context(models))
    files: dict[str, bytes] = {}

    def emit(template: str, output: str, extra: dict[str, Any]) -> None:
        if not wanted(output):
            return
        try:
            text = environment.get_template(template).render(**context, **extra)
        except _ModelsNeeded:
            return
        except jinja2.TemplateError as exc:
            line = getattr(exc, "lineno", None) or 1
            raise SpecError(
                [
                    Diagnostic(
                        str(templates / template),
                        line,
                        1,
                        Severity.ERROR,
                        "template",
                        "",
                        f"{type(exc).__name__}: {exc}",
                        "fix the template",
                    )
                ]
            ) from exc
        if output.endswith(".py"):
            text = wrap_docstrings(text)
        if output in files:  # one file would silently replace the other
            raise GeneratorError(
                f"this is a bug in the generator: two templates write {output} (the second is "
                f"{templates / template}); nothing was written"
            )
        files[output] = text.encode("utf-8")

    for template in sorted(environment.list_templates(filter_func=lambda n: n.endswith(".jinja"))):
        output = _output_path(template, api.package)
        if output is not None and (api.webhooks or template not in _WEBHOOKS_ONLY):
            emit(template, output, {})
    for template, pattern in _PER_RESOURCE.items():
        if (templates / template).is_file():
            for resource in api.resources:
                output = pattern.format(
                    package=api.package, module=resource.module_name, tests=resource.test_module
                )
                emit(template, output, {"resource": resource})
    files.update({k: v for k, v in _spec_copies(document).items() if wanted(k)})
    return FileTree(files)

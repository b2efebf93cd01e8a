"""Format every Python file of a FileTree with black, in this process.

Black is most of the cost of generation. Files are cut at their top-level
definitions, which black formats independently: joined with the two blank lines
it puts between them, the pieces are byte-identical to the whole file formatted
at once (a test checks this on the generated modules). Black is spared what it
would leave unchanged: a piece copied verbatim from a template, a piece our
templates rendered in black's layout with nothing from the spec that black could
rewrite (``plain``), and a model class in a shape our datamodel templates give
(``plain_model``); a content-addressed cache skips the definitions an earlier
run formatted; black formats the rest, a class one method at a time
(``class_members``) and a table one item at a time (``collection_items``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import cast
from unicodedata import east_asian_width

from generator.cache import cache_root
from generator.errors import Diagnostic, Severity, SpecError
from generator.manifest import tool_versions
from generator.tree import FileTree, sha256

__all__ = [
    "LINE_LENGTH",
    "BlackCache",
    "class_members",
    "collection_items",
    "double_quoted",
    "format_models",
    "format_source",
    "format_tree",
    "plain",
    "plain_model",
    "split_top_level",
    "template_pieces",
]

LINE_LENGTH = 100


_TOP_LEVEL = ("class ", "def ", "async def ", "@")
"""Lines that start a top-level definition (or its decorators)."""


def split_top_level(text: str, size: int = 0) -> list[str]:
    """Cut ``text`` before top-level definitions that follow a blank line (pieces of ~size),
    and before the statement that follows a definition and a blank line.

    Each piece ends with one newline: the blank lines between definitions are
    black's to put back when the pieces are joined (two, before and after a definition).

    A comment or decorator right above a definition has no blank line before the
    definition, so it stays with it, as black's blank-line rules need.
    """
    lines = text.splitlines(keepends=True)
    pieces: list[str] = []
    start = 0
    length = 0
    definition = False  # the last unindented line started a definition
    for index, line in enumerate(lines):
        starts = line.startswith(_TOP_LEVEL)
        after_blank = index > 0 and not lines[index - 1].strip()
        boundary = after_blank and (starts or (definition and line[:1].isidentifier()))
        if boundary and length >= size:
            pieces.append(_trimmed("".join(lines[start:index])))
            start, length = index, 0
        if line.strip() and not line[:1].isspace():
            definition = starts
        length += len(line)
    pieces.append(_trimmed("".join(lines[start:])))
    return pieces


def _trimmed(piece: str) -> str:
    """``piece`` without the blank lines black would remove from its end.

    Black formats a piece a second time whenever the first pass changed it, so a
    piece that is already formatted but for its trailing blank lines costs double.
    """
    stripped = piece.rstrip()
    return stripped + "\n" if stripped else piece


_REWRITTEN = frozenset("\t\f\v\r")
"""Characters black may rewrite: tabs and odd whitespace (and a backslash: ``_plain_line``)."""


def plain(piece: str) -> bool:
    """Whether black leaves ``piece`` as it is, given that our templates rendered it.

    The templates write black's layout (the test suite checks every template on a corpus of
    specs, including drawn ones), so what black could still change comes from the spec's text:
    a line over the length limit, which black splits (or a docstring's closing quotes it moves),
    unless it is a comment at the margin or a string alone (``_lone_string``); a string's escapes
    and quotes (with no backslash, ``tojson`` and ``ir._json_literal`` write the quotes black
    prefers); tabs and trailing whitespace (and Unicode's spaces); and wide characters, which
    black counts as two columns (``_width``). A piece with none of them is plain; any other
    goes to black. Whether a plain piece compiles is not asked here: ``generate`` compiles every
    file it writes, and names the file and line of a template's mistake (compiling each piece
    here as well cost ~1 s at 1,000 operations).
    """
    if not _REWRITTEN.isdisjoint(piece):
        return False
    if not piece.isascii() and any(c.isspace() for c in piece if not c.isascii()):
        return False  # black's strip() and split() see Unicode spaces and line breaks
    return all(map(_plain_line, piece.split("\n")))


def _plain_line(line: str) -> bool:
    if line[-1:] == " ":
        return False
    if "\\" not in line and (_width(line) <= LINE_LENGTH or _COMMENT_LINE.fullmatch(line)):
        return True
    return _lone_string(line)


_ITEM = r' +(?:[A-Za-z_]\w*=|"[\w./{}-]*": )?'
"""What may come before a string alone: an indentation, then a keyword or a plain dict key."""
_LONE_STRINGS = (
    (re.compile(_ITEM + r'"((?:[^"\\]|\\\\|\\")*)",'), "'", '"'),
    (re.compile(_ITEM + r"'((?:[^'\\]|\\\\|\\')*)',"), '"', "'"),
)


def _lone_string(line: str) -> bool:
    """Whether ``line`` is a string alone as an item (a comma after it; a keyword argument's
    value, a dict's with a plain key), written as black writes a string: black cannot split it,
    whatever its length, and rewrites none of it. Its only escapes are of a backslash or of its
    own quote (black changes no other escape, and none follows a doubled backslash), and its
    quotes are black's choice: double, unless the text holds more double quotes than single
    ones (``render._py_str`` chooses the same)."""
    for pattern, other, own in _LONE_STRINGS:
        found = pattern.fullmatch(line)
        if found is not None:
            body = found[1]
            return body.count(other) >= body.count(own) + (own == "'")
    return False


def _width(line: str) -> int:
    """At least the width black gives ``line``: one column for an ASCII character, and for a
    narrow or ambiguous one as East Asian Width calls it; two for any other (black counts wide
    characters as two, and may know characters newer than this Python's table)."""
    if line.isascii():
        return len(line)
    return sum(1 if c.isascii() or east_asian_width(c) in _ONE_COLUMN else 2 for c in line)


_ONE_COLUMN = frozenset(("Na", "H", "A"))


_COMMENT_LINE = re.compile(r"# [^\"']*")
"""A comment alone on its line at the margin (the header naming the spec): black never splits a
comment, so its length does not matter. Without quotes, it cannot end a docstring."""


_HEADER_LINE = ("# ", "from ", "import ")
_MODEL_CLASS = re.compile(r"class [A-Za-z_]\w*\([A-Za-z_]\w*(?:, [A-Za-z_]\w*)*\):")
_MODEL_DOCSTRING = re.compile(r'    """[^"\s](?:[^"]*[^"\s])?"""')
_ENUM_MEMBER = re.compile(r'    [A-Za-z_]\w* = "[^"\']*"')
_MODEL_FIELD = re.compile(r"    [A-Za-z_]\w*: (?P<hint>.+)")
_SIMPLE_STRING = re.compile(r'"[^"\']*"')
_HINT_TOKEN = re.compile(
    r"(?P<atom>[A-Za-z_][\w.]*|\d+(?:\.\d+)?(?![\w.])|\"\"|\{\})"  # name, number, string, {}
    r"|, |[\[\]()=-]| \| | = "
)
_UNARY_AFTER = frozenset(("", "(", "[", "=", ", ", " = ", " | "))


def plain_model(piece: str) -> bool:
    """Whether black leaves a class of the models' code as it is (``plain``, and stricter).

    datamodel-code-generator's output is not all ours: its own code spells the type hints,
    ``Field(...)`` arguments and defaults, some with single quotes. So only the shapes our
    templates in ``templates/datamodel`` give are trusted, line by line: a class on named bases
    (``Model``, ``OpenEnum``, other models; not ``RootModel[...]``); a docstring with no quote or
    space at its ends, on one line or wrapped at the quotes' column (``_one_line_docstrings``),
    and the blank line after a class docstring; an enum member set to a string with no quote;
    ``pass``; a field whose hint and default are spelled as black spells them (``_black_hint``);
    and the module's first piece, when it is the header and one-line imports our template
    writes. Anything else (a validator, a root model, a comment, a default with quotes) goes to
    black. The test suite runs black on every piece this lets through, in a corpus and in drawn
    specs.
    """
    if not plain(piece):
        return False
    lines = piece.rstrip("\n").split("\n")
    if all(not line or line.startswith(_HEADER_LINE) for line in lines):
        return True  # the module's header and imports, one per line: our template's
    lines = _one_line_docstrings(lines)
    if not lines or not _MODEL_CLASS.fullmatch(lines[0]):
        return False
    documented = len(lines) > 1 and _MODEL_DOCSTRING.fullmatch(lines[1]) is not None
    if documented and len(lines) > 2 and lines[2]:
        return False  # black puts a blank line after a class docstring
    member = False  # the line before is a field or an enum member, which a docstring may follow
    for index, line in enumerate(lines[1:], start=1):
        if not line:
            allowed, member = documented and index == 2, False
        elif _MODEL_DOCSTRING.fullmatch(line):
            allowed, member = index == 1 or member, False
        else:
            field = _MODEL_FIELD.fullmatch(line)
            member = bool(_ENUM_MEMBER.fullmatch(line) or (field and _black_hint(field["hint"])))
            allowed = member or line == "    pass"
        if not allowed:
            return False
    return True


_DOC_QUOTES = '    """'
_DOC_OPEN = re.compile(r'    """[^"\s](?:[^"]*[^"\s])?')
_DOC_MIDDLE = re.compile(r'    [^"\s](?:[^"]*[^"\s])?')
_DOC_CLOSE = re.compile(r'    [^"\s](?:[^"]*[^"\s])?"""')


def _one_line_docstrings(lines: list[str]) -> list[str]:
    """``lines`` with each docstring that ``wrap_docstrings`` split over several lines as one
    line (``\"\"\"x\"\"\"``); [] for a docstring black would change. Black leaves such a docstring
    as it is when every line after the first starts at the quotes' column (it re-indents them
    by the smallest indentation), and no line has a quote or space at its ends.

    So it leaves the model generator's docstring of a description of several lines: the quotes
    alone on the first and last lines, the text between (``_doc_text``), blank lines allowed
    after its first (epilot's enums: 31 of its 75 classes went to black for it)."""
    out: list[str] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        index += 1
        if line == _DOC_QUOTES and index < len(lines) and _doc_text(lines[index], first=True):
            while index < len(lines) and (not lines[index] or _doc_text(lines[index])):
                index += 1
            if index == len(lines) or lines[index] != _DOC_QUOTES:
                return []
        elif not _DOC_OPEN.fullmatch(line):
            out.append(line)
            continue
        else:
            while index < len(lines) and _DOC_MIDDLE.fullmatch(lines[index]):
                index += 1
            if index == len(lines) or not _DOC_CLOSE.fullmatch(lines[index]):
                return []
        out.append('    """x"""')
        index += 1
    return out


def _doc_text(line: str, *, first: bool = False) -> bool:
    """A line of text in a docstring whose quotes stand alone on their lines, as black leaves
    it: at the quotes' column (the first, which sets the column black re-indents to) or deeper,
    no tab (black expands them), no trailing space, no backslash, no three quotes; quotes inside
    are the text's (the docstring neither starts nor ends with one)."""
    text = line[4:]
    return (
        line.startswith("    ")
        and bool(text.strip())
        and not (first and text[0] == " ")
        and line == line.rstrip()
        and not any(mark in line for mark in ("\t", "\\", '"""'))
    )


_SINGLE_QUOTED = re.compile(r"\"[^\"\\\n]*\"|(?<![\w'\"])'([^'\"\\\n]*)'")
"""A double-quoted string (kept as it is), or a single-quoted one without quotes or backslashes
inside and without a prefix (group 1: its text)."""


def double_quoted(piece: str) -> str:
    """``piece`` with the single-quoted strings of its field lines in double quotes, as black
    writes them: datamodel-code-generator spells ``Field(title='Name')`` (a FastAPI document
    titles every property), so without this every such class went to black (490 of mistral's,
    1.6 s of a cold ``generate``). Only a string with no quote or backslash inside changes,
    which black writes in double quotes. ``plain_model`` then decides, as for any piece: a
    docstring line this changed holds a double quote, which it never trusts."""
    if "'" not in piece:
        return piece
    lines = piece.split("\n")
    docstring = False  # a wrapped docstring's line may look like a field: ``    note: 'x'``
    for index, line in enumerate(lines):
        if not docstring and "'" in line and _MODEL_FIELD.fullmatch(line):
            lines[index] = _SINGLE_QUOTED.sub(
                lambda m: m[0] if m[1] is None else f'"{m[1]}"', line
            )
        docstring ^= line.count('"""') % 2 == 1
    return "\n".join(lines)


def _black_hint(text: str) -> bool:
    """Whether a field's hint (and ``= default``) has black's spacing: names, decimal numbers,
    strings without quotes inside, brackets without a trailing comma (black would split them),
    ``, ``, `` | ``, keyword ``=`` inside brackets, one `` = `` outside, and unary ``-``; no
    parentheses black would drop (around the hint or the default), no two names, numbers or
    strings side by side (``1E5``, ``"a""b"``)."""
    position = depth = defaults = 0
    previous, atom = "", False
    text = _SIMPLE_STRING.sub('""', text)
    for match in _HINT_TOKEN.finditer(text):
        token = match.group()
        if match.start() != position or (atom and match["atom"]):
            return False
        if token == "(" and previous in ("", " = "):
            return False
        if token in ("(", "["):
            depth += 1
        elif token in (")", "]"):
            if depth == 0 or previous == ", ":
                return False
            depth -= 1
        elif token == " = ":
            defaults += 1
            if depth or defaults > 1:
                return False
        elif (token == "=" and not depth) or (token == "-" and previous not in _UNARY_AFTER):
            return False
        position, previous, atom = match.end(), token, bool(match["atom"])
    return position == len(text) and depth == 0


def format_source(text: str) -> str:
    """Black one piece of Python source (fast mode: the pipeline's tests compile the output)."""
    import black
    from black.mode import Mode, TargetVersion
    from black.report import NothingChanged

    mode = Mode(target_versions={TargetVersion.PY310}, line_length=LINE_LENGTH)
    try:
        return black.format_file_contents(text, fast=True, mode=mode)
    except NothingChanged:
        return text


class BlackCache:
    """Black's output for each top-level definition, keyed by the sha256 of its input.

    Black is deterministic for a given input, version and mode, so a definition that
    did not change since any earlier run is not formatted again, whatever the output
    directory. Each entry starts with the sha256 of its content and is ignored when
    that does not match, so a damaged entry costs a reformat, never wrong output.
    ``check`` reads the cache and never writes it.
    """

    def __init__(self, folder: Path, *, writable: bool) -> None:
        black = tool_versions()["black"]
        self.folder = folder / f"black-{black}-py310-{LINE_LENGTH}"
        self.writable = writable
        self.ready = False
        """The folder exists (checked once, on the first entry written)."""

    @classmethod
    def from_environment(cls, *, writable: bool) -> BlackCache | None:
        """The cache in ``cache_root()``; None when caches are off."""
        root = cache_root()
        return None if root is None else cls(root, writable=writable)

    def get(self, text: str) -> str | None:
        try:
            data = (self.folder / sha256(text.encode())).read_bytes()
        except OSError:
            return None
        digest, _, content = data.partition(b"\n")
        return content.decode() if digest.decode(errors="replace") == sha256(content) else None

    def put(self, text: str, formatted: str) -> None:
        """Keep one entry: written in place, no temporary file (thousands are written per run).

        A torn or concurrently written entry fails its own hash check and is never used.
        """
        if not self.writable:
            return
        content = formatted.encode()
        try:
            if not self.ready:
                self.folder.mkdir(parents=True, exist_ok=True)
                self.ready = True
            target = self.folder / sha256(text.encode())
            target.write_bytes(sha256(content).encode() + b"\n" + content)
        except OSError:
            pass  # a cache that cannot be written only costs time


def format_tree(
    tree: FileTree,
    cache: BlackCache | None = None,
    verbatim: frozenset[str] = frozenset(),
    modelled: Callable[[str], bool] = lambda path: False,
    templated: Callable[[str], bool] = lambda path: False,
) -> FileTree:
    """Black every ``.py`` file of ``tree``, one top-level definition at a time.

    A piece in ``verbatim`` (``template_pieces``), a ``plain`` one in a file our templates
    rendered (``templated``), a ``plain_model`` one in the models' code (``modelled``; once
    ``double_quoted``) or one
    in the cache is already in black's style; black formats the rest, a class one method at a
    time (``class_members``). SpecError when black cannot parse a piece (a template's mistake).
    """
    formatted: dict[str, bytes] = {}
    for path, data in tree.items():
        if not path.endswith(".py"):
            continue
        layout = plain_model if modelled(path) else plain if templated(path) else None
        pieces = []
        for piece in split_top_level(data.decode("utf-8")):
            trusted = double_quoted(piece) if layout is plain_model else piece
            if piece in verbatim or (layout and layout(trusted)):
                pieces.append(trusted)
                continue
            items = collection_items(piece) if layout is plain else None
            if items is not None:
                head, *entries, tail = items
                done = [e if plain(e) else _item(e, cache, path, data) for e in entries]
                if all(item is not None for item in done):
                    pieces.append("".join([head, *cast(list[str], done), tail]))
                    continue
            members = class_members(piece) if layout is plain else None
            if members is None:
                pieces.append(_black(piece, cache, path, data))
                continue
            head, *methods = (m if plain(m) else _black(m, cache, path, data) for m in members)
            pieces.append("\n".join([head, *(m.removeprefix(_CLASS) for m in methods)]))
        formatted[path] = "\n\n".join(pieces).encode("utf-8")
    return tree.replace(formatted)


def format_models(tree: FileTree, cache: BlackCache | None) -> FileTree:
    """``format_tree`` of datamodel-code-generator's code (a task the models worker can run)."""
    return format_tree(tree, cache, modelled=lambda path: True)


def _black(piece: str, cache: BlackCache | None, path: str, data: bytes) -> str:
    """``piece`` of the file ``path`` formatted: from the cache, else by black."""
    done = cache.get(piece) if cache is not None else None
    if done is None:
        try:
            done = format_source(piece)
        except Exception as exc:  # black reports invalid code with several exception types
            raise _format_error(path, data, str(exc)) from None
        if cache is not None:
            cache.put(piece, done)
    return done


_LIST = ("_ = [\n", "]\n")
"""The list an item of a collection is formatted in, alone (a list's trailing comma keeps it one
item per line even when it is the only one; a tuple's would not)."""


def _item(item: str, cache: BlackCache | None, path: str, data: bytes) -> str | None:
    """One item of a collection (``collection_items``) formatted by black in a list of its own;
    None if black did not keep the list one item per line (then the statement goes whole)."""
    done = _black(_LIST[0] + item + _LIST[1], cache, path, data)
    if not (done.startswith(_LIST[0]) and done.endswith(_LIST[1])):
        return None
    return done.removeprefix(_LIST[0]).removesuffix(_LIST[1])


def collection_items(piece: str) -> list[str] | None:
    """A piece with a top-level assignment of a collection written one item per line (each at
    indentation 4, each ending with a comma), as ``[head, *items, tail]``: what comes before the
    items, each item, and the closing bracket with what follows it; None for any other piece.

    Black lays out each item of such a collection by its own text and its depth only (the
    trailing commas keep the collection one item per line), so formatted apart, each in a list
    ``_`` of its own (``_LIST``), and joined, they are black's output for the whole statement
    (a test checks it on generated modules): the cost of the testing kit's ``OPERATIONS`` table
    with one long example is that item's, not the table's. The head with the tail must be
    ``plain``; a blank line or a comment among the items, or an item that does not parse alone
    (a string over several lines), leaves the piece whole.
    """
    lines = piece.splitlines(keepends=True)
    found = next(
        ((i, m) for i, line in enumerate(lines) if (m := _ASSIGNED_COLLECTION.fullmatch(line))),
        None,
    )
    if found is None:
        return None
    first, bracket = found[0] + 1, found[1][1]
    closing = _OPENING[bracket] + "\n"
    close = next((i for i in range(first, len(lines)) if lines[i] == closing), 0)
    head, tail = "".join(lines[:first]), "".join(lines[close:])
    if close < first + 1 or not plain(head + tail) or not lines[close - 1].endswith(",\n"):
        return None
    starts = [first]
    for index in range(first, close):
        line = lines[index]
        if not line.startswith("    ") or not line.strip() or line.lstrip().startswith("#"):
            return None
        if line[4] != " " and line.endswith(",\n") and index + 1 < close:
            starts.append(index + 1)
    if any(lines[a][4] == " " for a in [*starts, close - 1]) or (bracket == "(" and not starts[1:]):
        return None  # an item not at the collection's depth, or a tuple of one, `(x,)`
    items = ["".join(lines[a:b]) for a, b in zip(starts, [*starts[1:], close], strict=True)]
    if not all(_parses(_LIST[0] + item + _LIST[1]) for item in items):
        return None
    return [head, *items, tail]


_OPENING = {"(": ")", "[": "]", "{": "}"}
_ASSIGNED_COLLECTION = re.compile(r"[A-Za-z_][\w.]*(?:: [^=]+)? = ([(\[{])\n")
"""The first line of an assignment of a collection written over several lines."""


_METHOD = ("    def ", "    async def ", "    @")
_CLASS = "class _:\n"
"""The class statement a method is formatted in, alone: black lays a method out by its own
text and its indentation only, and puts one blank line between methods."""


def class_members(piece: str) -> list[str] | None:
    """A class ``piece`` cut before each method that follows a blank line: the class with what
    comes before its first such method, then each method in a class ``_`` of its own (``_CLASS``).

    Formatted apart and joined with one blank line, they are black's output for the whole
    class (a test checks it on generated modules), and black formats only the methods that
    need it: the cost of a resource class with one long signature is one method's, not the
    class's. None when ``piece`` is not a class with such methods, or a part does not parse (a
    ``def`` line inside a string): the piece is formatted whole.
    """
    if not piece.startswith("class "):
        return None
    lines = piece.splitlines(keepends=True)
    starts = [0] + [
        index
        for index in range(2, len(lines))
        if lines[index].startswith(_METHOD) and not lines[index - 1].strip()
    ]
    if len(starts) < 2:
        return None
    ends = [*starts[1:], len(lines)]
    parts = [_trimmed("".join(lines[a:b])) for a, b in zip(starts, ends, strict=True)]
    members = [parts[0], *(_CLASS + part for part in parts[1:])]
    return members if all(_parses(member) for member in members) else None


_JINJA = ("{{", "{%", "{#")


def template_pieces(templates: Path) -> frozenset[str]:
    """The top-level definitions the templates hold as plain text, without any Jinja syntax.

    Rendered, such a piece comes out byte for byte, and the templates are written in black's
    style (the test suite checks every one of these pieces, so CI fails on a template edit that
    is not), so black would leave it unchanged: the pool does not format it again. A piece that
    is not even valid Python is left out, for black to report where it is.
    """
    pieces: set[str] = set()
    for template in sorted(templates.rglob("*.jinja")):
        text = template.read_text(encoding="utf-8")
        pieces.update(
            p
            for p in split_top_level(text, size=0)
            if not any(mark in p for mark in _JINJA) and _parses(p)
        )
    return frozenset(pieces)


def _parses(source: str) -> bool:
    """``compile``, not ``ast.parse``: it also finds what only the compiler does (a duplicate
    argument), and builds no Python objects for the garbage collector to scan."""
    try:
        compile(source, "<piece>", "exec", dont_inherit=True)
    except (SyntaxError, ValueError):
        return False
    return True


def _format_error(path: str, source: bytes, detail: str) -> SpecError:
    """Black could not format a generated file: a bug of ours, located by Python's own parser."""
    try:
        compile(source, path, "exec", dont_inherit=True)
        line, column = 1, 1
    except SyntaxError as exc:
        line, column, detail = exc.lineno or 1, exc.offset or 1, exc.msg
    return SpecError(
        [
            Diagnostic(
                path,
                line,
                column,
                Severity.ERROR,
                "format",
                "",
                f"this is a bug in the generator: black could not format the generated file: "
                f"{detail}",
                "a template produced invalid Python; fix the template (nothing was written)",
            )
        ]
    )

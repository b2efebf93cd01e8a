"""Read the spec: strict YAML (or JSON) into plain data, with a JSON pointer -> line index.

The YAML is read from the parser's event stream, not through PyYAML's
constructors, because those silently keep the last of two duplicate keys,
expand aliases without bound ("billion laughs"), recurse once per nesting level
and apply YAML 1.1 rules that turn ``on``/``no`` into booleans and dates into
``datetime`` objects. Here scalars follow the YAML 1.2 core schema (what JSON
Schema expects), duplicate keys are errors, nesting and alias expansion are
bounded, and every node's line and column is kept for diagnostics.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urldefrag

import yaml

from generator.errors import Diagnostic, Severity, SpecError, escape_pointer
from generator.identifiers import by_place, writes_identifiers

__all__ = [
    "MAX_ALIAS_NODES",
    "MAX_DEPTH",
    "SourceFile",
    "SpecDocument",
    "entries",
    "is_data",
    "is_extension",
    "iter_pointer",
    "iter_refs",
    "load_spec",
    "parse_source",
]

MAX_DEPTH = 200
"""Deepest nesting accepted. Real OpenAPI documents stay far below; later stages recurse."""

MAX_ALIAS_NODES = 100_000
"""Nodes that aliases may add in all. A billion-laughs document hits it after a few aliases."""

try:  # libyaml's C parser when present: the same events, several times faster.
    _Loader: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Loader = yaml.SafeLoader

_MERGE = object()
"""A mapping's merge key (``<<: *anchor``, YAML's merge type): its value's keys are the
mapping's own, unless the mapping writes them itself."""
_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"^[-+]?[0-9]+$")
_OCT = re.compile(r"^0o[0-7]+$")
_HEX = re.compile(r"^0x[0-9a-fA-F]+$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
_INF = re.compile(r"^[-+]?\.(?:inf|Inf|INF)$")
_NAN = re.compile(r"^\.(?:nan|NaN|NAN)$")
_TAGS = {"tag:yaml.org,2002:" + t for t in ("str", "int", "float", "bool", "null", "map", "seq")}


@dataclass(frozen=True)
class SourceFile:
    """One parsed file of the spec."""

    path: Path
    display: str
    raw: bytes
    data: Any
    positions: Mapping[str, tuple[int, int]] = field(repr=False)

    def locate(self, pointer: str) -> tuple[int, int]:
        """Line and column of ``pointer``, or of its nearest ancestor that has a position."""
        while True:
            found = self.positions.get(pointer)
            if found is not None:
                return found
            if not pointer:
                return (1, 1)
            pointer = pointer.rsplit("/", 1)[0]


@dataclass(frozen=True)
class SpecDocument:
    """The root spec file and every file its ``$ref`` values reach."""

    root: SourceFile
    files: Mapping[Path, SourceFile]
    declared_tags: Mapping[str, tuple[str, str]] = field(default_factory=dict)
    """The root's components that ``prune`` made declare a discriminator's property, with the
    property and its value: the generated tests' oracle reads the spec as written."""

    @property
    def data(self) -> Any:
        return self.root.data

    def diagnostic(
        self,
        code: str,
        pointer: str,
        message: str,
        hint: str = "",
        severity: Severity = Severity.ERROR,
        source: SourceFile | None = None,
    ) -> Diagnostic:
        """A diagnostic placed at ``pointer`` in ``source``; without one, at the place in the
        spec's files that the root's pointer reaches through ``$ref``s (``written_at``), named
        by its pointer there, as lint names a place in another file."""
        source, pointer = (source, pointer) if source else self.written_at(pointer)
        line, column = source.locate(pointer)
        return Diagnostic(source.display, line, column, severity, code, pointer, message, hint)

    def written_at(self, pointer: str) -> tuple[SourceFile, str]:
        """The file, and the pointer in it, where a pointer of the root document is written
        when read through ``$ref``s, as the IR reads the document: Apify's
        ``/paths/~1v2~1.../get/parameters/2/style`` is in the path item's own file, not at the
        root's ``$ref`` to it. A pointer the root file holds (a schema hoisted there keeps its
        place) is the root's; one that leads nowhere stops at its last place."""
        if pointer in self.root.positions:
            return self.root, pointer
        source, place, value = self.root, "", self.root.data
        for token in iter_pointer(pointer):
            seen: set[str] = set()
            while (
                isinstance(value, dict)
                and token not in value
                and isinstance(value.get("$ref"), str)
                and value["$ref"] not in seen
            ):
                seen.add(value["$ref"])
                try:
                    source, place, value = self.resolve(value["$ref"], source)
                except KeyError:
                    return source, place
            if isinstance(value, dict) and token in value:
                value = value[token]
            elif isinstance(value, list) and token.isdigit() and int(token) < len(value):
                value = value[int(token)]
            else:
                return source, place
            place = f"{place}/{escape_pointer(token)}"
        return source, place

    def resolve(self, ref: str, base: SourceFile | None = None) -> tuple[SourceFile, str, Any]:
        """Follow one ``$ref``: the file it lands in, the pointer there and the value.

        Raises ``KeyError`` when the file was not loaded or the pointer does not exist.
        """
        base = base or self.root
        # A ref within the file (nearly all of them) skips urldefrag, two thirds of a
        # resolution's time (lint resolves ~31,000 at 1,000 operations).
        target, fragment = ("", ref[1:]) if ref.startswith("#") else urldefrag(ref)
        source = base if not target else self.files[(base.path.parent / unquote(target)).resolve()]
        value = source.data
        for token in iter_pointer(fragment):
            if isinstance(value, dict):
                value = value[token]
            elif isinstance(value, list) and token.isdigit() and int(token) < len(value):
                value = value[int(token)]
            else:
                raise KeyError(fragment)
        return source, fragment, value

    def elsewhere(self, ref: str, source: SourceFile) -> tuple[Path, tuple[str, ...]] | None:
        """Where ``ref`` (written in ``source``) lands at the end of its chain of ``$ref``s
        (WFCD's `kuva.yaml`: `$ref: ./arbitration.yaml`), when that is in another file than the
        root: (file, pointer tokens). None for a root file's schema, a remote reference, or one
        that does not resolve (lint refused it)."""
        target, where, schema = source, "", {"$ref": ref}
        for _ in range(16):
            link = schema.get("$ref") if isinstance(schema, dict) else None
            if not isinstance(link, str) or "://" in link or link.startswith("//"):
                break
            try:
                target, where, schema = self.resolve(link, target)
            except (KeyError, OSError, ValueError):
                return None
            if target is self.root:
                return None
        return None if target is self.root else (target.path, tuple(iter_pointer(where)))

    def aliases(self) -> dict[tuple[Path, tuple[str, ...]], str]:
        """Each schema of another file that a component schema of the root is a ``$ref`` to, as
        ``elsewhere`` places it -> that component's name (the first, by the document's order; a
        component that ``$ref``s another component of the root is not one). Redocly's layout:
        ``components/schemas/AgentRes: {$ref: ./schemas/agents.yaml#/AgentRes}``."""
        found: dict[tuple[Path, tuple[str, ...]], str] = {}
        schemas = (self.data.get("components") or {}).get("schemas") or {}
        for name, schema in schemas.items() if isinstance(schemas, dict) else ():
            ref = schema.get("$ref") if isinstance(schema, dict) else None
            if isinstance(ref, str) and not ref.startswith("#"):
                place = self.elsewhere(ref, self.root)
                if place is not None:
                    found.setdefault(place, str(name))
        return found


def iter_pointer(pointer: str) -> Iterator[str]:
    """The unescaped reference tokens of a JSON pointer ("" is the whole document)."""
    if not pointer:
        return
    for token in unquote(pointer).split("/")[1:]:
        yield token.replace("~1", "/").replace("~0", "~")


def _display(path: Path) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:  # pragma: no cover - another drive on Windows
        return str(path)


def _fail(
    display: str, line: int, column: int, code: str, message: str, hint: str, pointer: str = ""
) -> SpecError:
    return SpecError(
        [Diagnostic(display, line, column, Severity.ERROR, code, pointer, message, hint)]
    )


def _scalar(event: Any, display: str) -> Any:
    value: str = event.value
    tag = event.tag
    if tag not in (None, "!") and tag not in _TAGS:
        mark = event.start_mark
        raise _fail(
            display,
            mark.line + 1,
            mark.column + 1,
            "yaml-tag",
            f"unsupported YAML tag {tag!r}",
            "remove the tag; the spec must be plain JSON-compatible YAML",
        )
    plain = event.implicit[0] and tag is None
    if not plain and tag in (None, "!", "tag:yaml.org,2002:str"):
        return value
    if _NULL.match(value) and tag in (None, "tag:yaml.org,2002:null"):
        return None
    if value in _BOOL and tag in (None, "tag:yaml.org,2002:bool"):
        return _BOOL[value]
    if tag in (None, "tag:yaml.org,2002:int", "tag:yaml.org,2002:float"):
        if _INT.match(value):
            number = int(value)
            return float(number) if tag == "tag:yaml.org,2002:float" else number
        if _OCT.match(value):
            return int(value[2:], 8)
        if _HEX.match(value):
            return int(value[2:], 16)
        if _FLOAT.match(value) or _INF.match(value) or _NAN.match(value):
            return float(value.replace(".inf", "inf").replace(".Inf", "inf").replace(".INF", "inf")
                         .replace(".nan", "nan").replace(".NaN", "nan").replace(".NAN", "nan"))
    return value


def parse_source(text: str, display: str) -> tuple[Any, dict[str, tuple[int, int]]]:
    """Parse one YAML/JSON text into plain data and a pointer -> (line, column) index."""
    positions: dict[str, tuple[int, int]] = {}
    anchors: dict[str, tuple[Any, int]] = {}
    alias_budget = MAX_ALIAS_NODES
    # Each frame: [container, pointer, pending key or None, key mark, anchor, node count,
    # start mark, keys a merge key gave (which the mapping's own keys replace)].
    stack: list[list[Any]] = []
    documents: list[Any] = []
    loader = _Loader(text)

    def attach(value: Any, mark: Any, size: int) -> None:
        if not stack:
            documents.append(value)
            positions.setdefault("", (mark.line + 1, mark.column + 1))
            return
        frame = stack[-1]
        container = frame[0]
        frame[5] += size
        if isinstance(container, list):
            pointer = f"{frame[1]}/{len(container)}"
            positions[pointer] = (mark.line + 1, mark.column + 1)
            container.append(value)
            return
        key = frame[2]
        if key is _MERGE:
            merge(frame, value, mark)
            return
        if key is None:
            if value is _MERGE:
                frame[2], frame[3] = value, mark
                return
            if not isinstance(value, str):
                raise _fail(
                    display, mark.line + 1, mark.column + 1, "yaml-key",
                    "mapping keys must be plain scalars", "use a string key",
                )
            if value in frame[7]:  # the mapping's own key replaces a merged one
                frame[7].discard(value)
                del container[value]
            if value in container:
                first = positions.get(f"{frame[1]}/{escape_pointer(value)}", (0, 0))[0]
                raise _fail(
                    display, mark.line + 1, mark.column + 1, "yaml-duplicate-key",
                    f"duplicate key {value!r} (first defined on line {first})",
                    "remove one of the two; YAML parsers disagree on which one wins",
                    f"{frame[1]}/{escape_pointer(value)}",
                )
            frame[2] = value
            frame[3] = mark
            frame[5] -= size  # a key is not a node of the data
            return
        pointer = f"{frame[1]}/{escape_pointer(key)}"
        positions[pointer] = (frame[3].line + 1, frame[3].column + 1)
        container[key] = value
        frame[2] = None

    def merge(frame: list[Any], value: Any, mark: Any) -> None:
        """YAML's merge key: each mapping's keys that the mapping does not have yet (of a
        list of mappings, the first that has a key gives it)."""
        sources = value if isinstance(value, list) else [value]
        if not sources or not all(isinstance(source, dict) for source in sources):
            raise _fail(
                display, mark.line + 1, mark.column + 1, "yaml-merge",
                "a merge key `<<` takes a mapping or a list of mappings",
                "merge an anchored mapping (`<<: *name`), or write the keys out",
            )
        container = frame[0]
        for source in sources:
            for key, item in source.items():
                if key not in container:
                    container[key] = item
                    frame[7].add(key)
                    positions[f"{frame[1]}/{escape_pointer(key)}"] = (
                        frame[3].line + 1, frame[3].column + 1
                    )
        frame[2] = None

    try:
        while True:
            event = loader.get_event()
            if event is None:
                break
            kind = type(event)
            if kind is yaml.ScalarEvent:
                if stack and isinstance(stack[-1][0], dict) and stack[-1][2] is None:
                    key_text = event.value  # keys stay the text written: `200:` is "200"
                    merging = key_text == "<<" and (
                        event.tag == "tag:yaml.org,2002:merge"
                        or (event.tag is None and event.implicit[0])
                    )
                    attach(_MERGE if merging else key_text, event.start_mark, 0)
                    continue
                value = _scalar(event, display)
                if event.anchor:
                    anchors[event.anchor] = (value, 1)
                attach(value, event.start_mark, 1)
            elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                if len(stack) >= MAX_DEPTH:
                    mark = event.start_mark
                    raise _fail(
                        display, mark.line + 1, mark.column + 1, "yaml-depth",
                        f"the document nests deeper than {MAX_DEPTH} levels",
                        "flatten it with $ref to named components",
                    )
                if event.tag not in (None, "!") and event.tag not in _TAGS:
                    mark = event.start_mark
                    raise _fail(
                        display, mark.line + 1, mark.column + 1, "yaml-tag",
                        f"unsupported YAML tag {event.tag!r}", "remove the tag",
                    )
                container: Any = {} if kind is yaml.MappingStartEvent else []
                pointer = ""
                if stack:
                    parent = stack[-1]
                    if isinstance(parent[0], list):
                        pointer = f"{parent[1]}/{len(parent[0])}"
                    elif parent[2] is None:
                        mark = event.start_mark
                        raise _fail(
                            display, mark.line + 1, mark.column + 1, "yaml-key",
                            "mapping keys must be plain scalars", "use a string key",
                        )
                    elif parent[2] is _MERGE:  # merged into the parent: no place of its own
                        pointer = f"{parent[1]}/<<"
                    else:
                        pointer = f"{parent[1]}/{escape_pointer(parent[2])}"
                stack.append(
                    [container, pointer, None, None, event.anchor, 1, event.start_mark, set()]
                )
            elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                container, _, _, _, anchor, size, mark, _ = stack.pop()
                if anchor:
                    anchors[anchor] = (container, size)
                attach(container, mark, size)
            elif kind is yaml.AliasEvent:
                mark = event.start_mark
                if event.anchor not in anchors:
                    raise _fail(
                        display, mark.line + 1, mark.column + 1, "yaml-alias",
                        f"alias *{event.anchor} refers to an anchor that is not complete",
                        "define the anchor before it is used, outside the node itself",
                    )
                value, size = anchors[event.anchor]
                alias_budget -= size
                if alias_budget < 0:
                    raise _fail(
                        display, mark.line + 1, mark.column + 1, "yaml-alias-bomb",
                        f"aliases expand to more than {MAX_ALIAS_NODES} nodes",
                        "this looks like a 'billion laughs' document; write the data out "
                        "or use $ref",
                    )
                if stack and isinstance(stack[-1][0], dict) and stack[-1][2] is None:
                    raise _fail(
                        display, mark.line + 1, mark.column + 1, "yaml-key",
                        "mapping keys must be plain scalars", "use a string key",
                    )
                attach(value, mark, size)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = exc.problem or exc.context or "invalid YAML"
        if "nesting depth" in problem:  # libyaml's own limit on flow collections ([[[...]]])
            raise _fail(
                display, line, column, "yaml-depth",
                f"the document nests deeper than {MAX_DEPTH} levels",
                "flatten it with $ref to named components",
            ) from None
        raise _fail(
            display, line, column, "yaml-syntax", f"malformed YAML: {problem}",
            "fix the YAML syntax at this place",
        ) from None
    except yaml.YAMLError as exc:
        raise _fail(
            display, 1, 1, "yaml-syntax", f"malformed YAML: {exc}", "fix the YAML"
        ) from None
    finally:
        loader.dispose()

    if not documents:
        raise _fail(
            display, 1, 1, "empty-file", "the spec file is empty",
            "write an OpenAPI 3.1 document starting with `openapi: 3.1.0`",
        )
    if len(documents) > 1:
        raise _fail(
            display, 1, 1, "yaml-multiple-documents",
            "the file holds more than one YAML document", "keep one document per file",
        )
    return documents[0], positions


def _read(path: Path) -> SourceFile:
    display = _display(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise _fail(
            display, 0, 0, "file-not-found", "the spec file does not exist",
            "pass --spec PATH or set spec in [tool.generator]",
        ) from None
    except IsADirectoryError:
        raise _fail(display, 0, 0, "file-unreadable", "the spec path is a directory",
                    "point --spec at the OpenAPI file") from None
    except OSError as exc:
        raise _fail(display, 0, 0, "file-unreadable", f"cannot read the file: {exc.strerror}",
                    "check the path and its permissions") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise _fail(
            display, line, column, "encoding",
            f"the file is not valid UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start})",
            "save the file as UTF-8",
        ) from None
    if not text.strip():
        raise _fail(
            display, 1, 1, "empty-file", "the spec file is empty",
            "write an OpenAPI 3.1 document starting with `openapi: 3.1.0`",
        )
    if text.lstrip()[:1] in ("{", "["):
        text = _SURROGATE_PAIR.sub(_astral_escape, text)
        text = _UNPRINTABLE.sub(lambda match: f"\\u{ord(match[0]):04x}", text)
    data, positions = parse_source(text, display)
    return SourceFile(path, display, raw, data, positions)


_SURROGATE_PAIR = re.compile(
    r"(?<!\\)((?:\\\\)*)\\u(d[89ab][0-9a-f]{2})\\u(d[c-f][0-9a-f]{2})", re.IGNORECASE
)
"""A JSON escape of a character beyond U+FFFF as its UTF-16 pair (``\\ud83d\\udd04``, as
Python's ``json.dump`` writes an emoji), after an even number of backslashes."""


_UNPRINTABLE = re.compile(
    "[^\t\n\r\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)
"""A character JSON allows raw in a string that YAML refuses (a C1 control such as U+009C, in
kin-openapi's copy of Stoplight's document) or reads as a line break (U+0085, U+2028, U+2029):
written as its JSON escape, which YAML reads as the character. A column after it on that line
is five more than in the file."""


def _astral_escape(match: re.Match[str]) -> str:
    """The pair as one YAML escape (``\\U0001F504``): YAML refuses an escaped surrogate.
    The line numbers stay; a column after it on that line is two less than in the file."""
    high, low = int(match[2], 16), int(match[3], 16)
    code = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
    return f"{match[1]}\\U{code:08X}"


_NAME_MAPS = frozenset({
    "properties", "patternProperties", "$defs", "definitions", "dependentSchemas", "headers",
    "encoding", "schemas", "parameters", "examples", "requestBodies", "securitySchemes", "links",
    "callbacks", "pathItems", "webhooks", "variables",
})
"""Keys whose value maps names to objects: there ``x-rate-limit`` is a header's name."""


def is_extension(parent: str | None, key: str) -> bool:
    """Whether ``key``, under ``parent``'s value, is a specification extension (``x-...``).

    An extension's content is free-form: a ``$ref`` in it (Redocly's ``x-topics`` point at
    Markdown files) is not an OpenAPI reference, so nothing follows or checks it.
    """
    return key.startswith("x-") and parent not in _NAME_MAPS


_DATA = frozenset({"example", "default", "const", "enum", "value"})
"""Keys whose value is instance data (a schema's ``default``, an Example Object's ``value``):
a ``$ref`` in it is a literal key of the data, not a reference."""


def is_data(parent: str | None, key: str, value: Any) -> bool:
    """Whether ``key``, under ``parent``'s value, holds instance data: ``example``,
    ``default``, ``const``, ``enum``, an Example Object's ``value``, or a schema's list of
    ``examples`` (not a property of that name, under ``properties``). The OGC's
    ``examples: {scalar-proto: {value: {$ref: ../examples/commandSchema-ptz.proto}}}`` is an
    example that holds a ``$ref``, which nothing follows."""
    if parent in _NAME_MAPS or parent == "responses":  # `default` there is a response
        return False
    return key in _DATA or (key == "examples" and isinstance(value, list))


def entries(mapping: Any) -> Iterator[tuple[str, Any]]:
    """(key, value) of each path of a Paths Object, status of a Responses Object or expression
    of a Callback Object: not their specification extensions (``x-context-root: /api/v1``
    under ``paths``), which OpenAPI allows in each and which name none of them."""
    if isinstance(mapping, dict):
        for key, value in mapping.items():
            if not str(key).startswith("x-"):
                yield str(key), value


def iter_refs(data: Any) -> Iterator[str]:
    """Every ``$ref`` string in ``data`` outside extensions and instance data (``is_data``);
    an object shared by YAML aliases once."""
    stack: list[tuple[str | None, Any]] = [(None, data)]
    seen: set[int] = set()
    while stack:
        parent, node = stack.pop()
        if id(node) in seen:  # aliases share objects
            continue
        seen.add(id(node))
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str):
                yield ref
            stack.extend(
                (key, value) for key, value in node.items()
                if not (
                    isinstance(key, str)
                    and (is_extension(parent, key) or is_data(parent, key, value))
                )
            )
        elif isinstance(node, list):
            stack.extend((parent, item) for item in node)


def _external_refs(data: Any) -> Iterator[str]:
    return (urldefrag(ref)[0] for ref in iter_refs(data) if not ref.startswith("#"))


DOCUMENT_SUFFIXES = frozenset({"", ".yaml", ".yml", ".json"})
"""The files a ``$ref`` may name: JSON or YAML documents (Rebilly's point at Markdown, PHP and
JavaScript samples too, which Redocly inlines as text)."""


def is_document(path: Path) -> bool:
    return path.suffix.lower() in DOCUMENT_SUFFIXES


def load_spec(path: Path) -> SpecDocument:
    """Load the spec at ``path`` and every local file its ``$ref`` values name.

    A referenced file that is missing, or no JSON or YAML document by its name, is left out;
    the lint stage reports the unresolved reference with its place.
    """
    root = _read(path.resolve())
    files: dict[Path, SourceFile] = {root.path: root}
    pending = [root]
    while pending:
        source = pending.pop()
        for target in sorted(set(_external_refs(source.data))):
            if "://" in target:
                continue  # remote refs are refused by lint, never fetched
            resolved = (source.path.parent / unquote(target)).resolve()
            if resolved in files or not resolved.is_file() or not is_document(resolved):
                continue
            files[resolved] = _read(resolved)
            pending.append(files[resolved])
    if any(writes_identifiers(source.raw) for source in files.values()):
        by_place({path: source.data for path, source in files.items()}, is_extension)
    return SpecDocument(root, files)

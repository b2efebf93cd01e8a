"""The intermediate representation: what the templates render, decided once.

``build_api`` turns a validated :class:`SpecDocument` into frozen dataclasses.
Every decision (Python names, which client option supplies a default, whether
an operation is idempotent, which model a response parses into) is made here;
the templates only lay it out.
"""

from __future__ import annotations

import functools
import json
import keyword
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Literal

from generator.config import Config
from generator.errors import Diagnostic, Severity, SpecError, escape_pointer
from generator.identifiers import writes_identifiers
from generator.lint import NO_BODY_STATUS, dialect_refusals
from generator.load import SourceFile, SpecDocument, entries
from generator.names import (
    METHOD_ARGS,
    ClassName,
    Identifier,
    class_name,
    identifier,
    ignored_header,
    method_names,
    nameable,
    parameter_names,
)
from generator.samples import (
    HOSTILE_SEGMENTS,
    UNSENDABLE_SEGMENTS,
    Sampler,
    Samples,
    segment_text,
)
from generator.shapes import (
    DRAFT_2020_12,
    annotations_only,
    dialect_uri,
    is_binary_string,
    is_json_media,
    is_object_model,
    keyword_texts,
    polymorphic_bases,
    prefer_json,
    python_re,
    schema_types,
    unnamed_discriminated,
)

__all__ = [
    "Api",
    "Body",
    "ClientOption",
    "FormField",
    "Operation",
    "Parameter",
    "Resource",
    "Response",
    "Sample",
    "SecurityScheme",
    "Server",
    "TypeRef",
    "Usage",
    "build_api",
    "sends_bodies",
    "spec_display_name",
]

TypeKind = Literal["builtin", "model", "list", "dict", "literal", "union"]


@dataclass(frozen=True)
class TypeRef:
    """A Python type, as data: rendered by the ``type_expr`` macro.

    builtin: ``name`` is one of str, int, float, bool, Any, None.
    model:   ``name`` is the component schema name; the model stage maps it to its class.
    list / dict: ``item`` is the element (dict keys are str).
    literal: ``values`` are the allowed string values.
    union:   ``members`` are the alternatives (``int | str``), none of them nullable.
    """

    kind: TypeKind
    name: str = ""
    item: TypeRef | None = None
    nullable: bool = False
    values: tuple[str, ...] = ()
    request: bool = False
    """Sent by the client: use the model's request variant (readOnly fields left out)."""
    enum: bool = False
    """A ``model`` whose class is an ``Enum``, not a pydantic model: it has no
    ``model_validate_json`` and is parsed through a ``TypeAdapter``."""
    members: tuple[TypeRef, ...] = ()

    @property
    def python_builtin(self) -> bool:
        """A type of Python's builtins (``str``, ``bytes``), spelled ``builtins.str`` in a module
        whose class has a method named like one; never the package's own (``FileInput``, a
        form's ``TypedDict``: ``builtins.FileInput`` was no name, and mypy said so)."""
        return self.kind == "builtin" and self.name in _BUILTIN_TYPES

    @property
    def pydantic_model(self) -> bool:
        """A pydantic model class (``BaseModel`` or ``RootModel``): ``model_validate_json``
        parses it; every other type goes through a ``TypeAdapter``."""
        return self.kind == "model" and not self.enum

    @property
    def non_null(self) -> TypeRef:
        """The same type without ``| None`` (what a nullable body parses when it is not null)."""
        return replace(self, nullable=False)


def _uses_typing(t: TypeRef | None) -> bool:
    """The type expression of ``t`` (the ``type_expr`` macro) spells ``typing.``."""
    if t is None:
        return False
    if t.kind == "literal" or (t.kind == "builtin" and t.name == "Any"):
        return True
    return _uses_typing(t.item) or any(_uses_typing(m) for m in t.members)


def _spells_literal(t: TypeRef | None) -> bool:
    """The type expression of ``t`` spells ``typing.Literal`` (an inline enum)."""
    if t is None:
        return False
    return t.kind == "literal" or _spells_literal(t.item) or any(map(_spells_literal, t.members))


def _typed_parts(parts: Any) -> Any:
    """An ``allOf``'s parts but those of annotations (and a default) only (Lago's ``allOf:
    [{$ref: Currency}, {example: USD}]``, dstack's ``[{$ref: NetworkMode}, {default: host}]``,
    which typed the parameter ``Any``); all of them when none is left."""
    if not isinstance(parts, list):
        return parts
    typed = [
        p for p in parts if not (isinstance(p, dict) and annotations_only(p.keys() - {"default"}))
    ]
    return typed or parts


def _union(members: list[TypeRef], nullable: bool) -> TypeRef:
    """``A | B``: members flattened and deduplicated, their ``None`` on the union, literals
    merged; ``Any`` when one of them is (it absorbs the rest), the member itself when only one
    is left."""
    flat: list[TypeRef] = []
    for member in members:
        nullable = nullable or member.nullable or member == TypeRef("builtin", "None")
        for m in member.members or (member.non_null,):
            if m != TypeRef("builtin", "None") and m not in flat:
                flat.append(m)
    if any(m.kind == "builtin" and m.name == "Any" for m in flat):
        return TypeRef("builtin", "Any", nullable=nullable)
    # Literals make one (`Literal["a", "b"]`, not `Literal["a"] | Literal["b"]`), and none
    # beside `str`, which takes them all (ruff's PYI030, PYI051).
    values = tuple(dict.fromkeys(v for m in flat if m.kind == "literal" for v in m.values))
    if values:
        others = [m for m in flat if m.kind != "literal"]
        literal = TypeRef("literal", values=values)
        at = next(i for i, m in enumerate(flat) if m.kind == "literal")
        if TypeRef("builtin", "str") in others:
            flat = others
        else:
            flat = [*others[:at], literal, *others[at:]]
    if len(flat) == 1:
        return replace(flat[0], nullable=nullable)
    if not flat:
        return TypeRef("builtin", "None")
    return TypeRef("union", members=tuple(flat), nullable=nullable)


def _names(t: TypeRef | None, test: Callable[[TypeRef], bool]) -> bool:
    """Some part of the type expression of ``t`` (itself, its item, a member) passes ``test``."""
    if t is None:
        return False
    return test(t) or _names(t.item, test) or any(_names(m, test) for m in t.members)


def _uses_files(t: TypeRef | None) -> bool:
    """The type expression of ``t`` names ``FileInput``."""
    return _names(t, lambda part: part.kind == "builtin" and part.name == "FileInput")


def _uses_model(t: TypeRef | None) -> bool:
    """The type expression of ``t`` names a model class."""
    return _names(t, lambda part: part.kind == "model")


def _sampled_by_model(t: TypeRef) -> bool:
    """A parameter's sample names its model class (``sample`` in ``_macros/tests.jinja``): it
    is a model, or a list of one; a union's (``Kind | list[Kind]``) is its JSON value."""
    item = t.item if t.kind == "list" else t
    return item is not None and item.kind == "model"


def _enum_sampled(p: Parameter) -> bool:
    """The parameter's samples are members of an enum model (or a list of one)."""
    t = p.type
    item = t.item if t.kind == "list" else t
    return item is not None and item.kind == "model" and item.enum


@dataclass(frozen=True)
class ClientOption:
    """A client-level setting that supplies a parameter's default (``api_version``)."""

    py_name: Identifier
    type: TypeRef
    default_repr: str | None
    """Python literal of the default (``'1'``), or None for "not set"."""
    description: str

    @property
    def default_text(self) -> str:
        """The default as the README shows it: its literal, or ``None``."""
        return self.default_repr if self.default_repr is not None else "None"

    @property
    def description_line(self) -> str:
        """The description on one line (a README table cell)."""
        return self.description.strip().replace("\n", " ")


@dataclass(frozen=True)
class Parameter:
    name: str
    """The wire name: ``resourceId``, ``x-platform-id``."""
    py_name: Identifier
    location: Literal["path", "query", "header", "cookie"]
    required: bool
    type: TypeRef
    description: str
    default_repr: str | None
    """Python literal of the spec's default, or None."""
    client_option: Identifier | None
    """The ClientOption that supplies the default when the caller passes nothing."""
    positional: bool
    """Required and without default: comes before ``*`` in the method signature."""
    deprecated: bool
    explode: bool
    """Arrays and objects: each item or property its own (OpenAPI's ``explode``)."""
    style: str = "form"
    """The serialization (OpenAPI 3.1's style table): simple, label or matrix in the path;
    form, spaceDelimited, pipeDelimited or deepObject in the query; simple in a header; form
    in a cookie."""
    allow_reserved: bool = False
    """A query value's RFC 3986 reserved characters are sent unencoded (``allowReserved``)."""
    json_content: bool = False
    """Described by ``content: {application/json: ...}``: the value is sent as its JSON text."""
    null_only: bool = False
    """Its schema admits only null (``enum: [null]``, ``type: "null"``), or arrays of it: a
    query string, a path or a header has no null, so nothing is ever sent for it (RFC 6570
    reads null as undefined) and the generated tests' oracle does not require it."""
    value_pattern: str = ""
    """A path variable's values as a Python regex (its schema's ``pattern``, or its ``enum``),
    "" when any segment text is one: the tests' oracle splits a template whose variables touch
    (Moneybird's ``{id}{format}``) with it."""
    samples: tuple[str, str] | None = None
    """Python literals of two values valid for the schema (``generator.samples``), for the
    generated tests; None when none could be built (the operation is left out of them)."""
    free_text: bool = False
    """The schema accepts any text (the escaping tests' hostile segments included)."""

    @property
    def repeated(self) -> bool:
        """An array sent as one query item per value (``form``, ``explode: true``)."""
        return self.type.kind == "list" and self.location == "query" and self.explode

    @property
    def styled(self) -> bool:
        """A path parameter in another serialization than ``simple``, not exploded."""
        return self.style != "simple" or self.explode

    @property
    def default_style(self) -> bool:
        """The location's default serialization: ``simple`` not exploded in the path and
        headers, ``form`` exploded in the query and cookies."""
        if self.location in ("path", "header"):
            return not self.styled
        return self.style == "form" and self.explode

    @property
    def object(self) -> bool:
        """Its value is an object: a map, or a model with properties."""
        t = self.type.non_null
        return t.kind == "dict" or t.pydantic_model

    @property
    def plainly_serialized(self) -> bool:
        """In its location's default style, from its schema (not JSON content), and no object
        (whose keys and values the style joins into one text): what the package's ``testing``
        fake parses back to check a value's type."""
        return self.default_style and not self.json_content and not self.object

    @property
    def keyed(self) -> Literal["", "spread", "deep"]:
        """An object in the query or a cookie whose items are not named after it: ``spread``
        when each property is an item of its own (``form``, exploded), ``deep`` for
        ``name[key]`` items (``deepObject``); "" for any other parameter."""
        if self.location not in ("query", "cookie") or self.json_content:
            return ""
        if self.style == "deepObject":
            return "deep"
        spread = self.style == "form" and self.explode and self.object
        return "spread" if spread else ""

    @property
    def comma_separated(self) -> bool:
        """An array sent as one value, its items joined with commas."""
        return self.type.kind == "list" and not self.repeated


BodyMedia = Literal["json", "multipart", "form", "binary", "text"]


@dataclass(frozen=True)
class FormField:
    """One property of a ``multipart/form-data`` or ``application/x-www-form-urlencoded`` body:
    a key of the body's TypedDict, and how the runtime serializes it (its Encoding Object)."""

    name: str
    """The wire name: the TypedDict key and the form field's name."""
    type: TypeRef
    """Its Python type; a binary property (``format: binary``, or ``contentMediaType`` without
    ``contentEncoding``) is ``FileInput``, an array of them ``list[FileInput]``."""
    required: bool
    file: bool
    """Sent as a file part (its own content type and a filename)."""
    style: str
    """``form``, ``spaceDelimited``, ``pipeDelimited``, ``deepObject``, or "" when the spec
    gives none (multipart: an object is a JSON part; form-urlencoded: as ``form``)."""
    explode: bool
    content_type: str
    """The Encoding Object's ``contentType``, "" for the default of the value's type."""


@dataclass(frozen=True)
class Body:
    type: TypeRef
    """JSON: the body's type. multipart/form: the generated TypedDict (``builtin`` named
    ``form_name``), or ``dict[str, Any]`` for a schema without properties. binary:
    ``BinaryContent``; text: ``str``."""
    required: bool
    content_type: str
    """The media type sent (``Content-Type``). For a binary body whose type the caller chooses
    (``content_types``): the default of the method's ``content_type`` argument, "" when there
    is none (``image/*`` alone: the argument is required)."""
    description: str
    media: BodyMedia = "json"
    form_name: ClassName | None = None
    """The TypedDict of a multipart/form body with properties (``UploadAvatarForm``)."""
    fields: tuple[FormField, ...] = ()
    sample: str | None = None
    """JSON text of the body the generated tests send when the media type's first example
    is not one (absent or invalid): its first example the schema accepts, else a value built
    from the schema (``generator.samples``); None to send that first example (or when the
    generator does not decide: binary, text, no schema)."""
    testable: bool = True
    """False when no value satisfies the schema (an ``allOf`` of a string and an integer):
    the generated tests leave the operation out, with a warning."""
    content_types: tuple[str, ...] = ()
    """A binary body's media types, as the spec lists them, when the caller chooses one: a
    range (Traccar's ``image/*``) or several. The method then takes ``content_type``, which
    the client checks against them; () when it always sends ``content_type``."""

    @property
    def test_content_type(self) -> str:
        """The ``content_type`` the generated tests send: the default, else a type of the
        range (``image/x-sample`` for ``image/*``)."""
        if self.content_type:
            return self.content_type
        return self.content_types[0].split("/", 1)[0] + "/x-sample"

    @property
    def media_key(self) -> str:
        """The spec's media type whose example the generated tests send."""
        if not self.content_types or self.content_type in self.content_types:
            return self.content_type
        return self.content_types[0]

    @property
    def class_syntax(self) -> bool:
        """Every key is an identifier: the TypedDict is a class (ruff's UP013), else it is
        made by a call (keys such as ``column-map``)."""
        return all(f.name.isidentifier() and not keyword.iskeyword(f.name) for f in self.fields)

    @property
    def encoded_fields(self) -> tuple[FormField, ...]:
        """The fields whose serialization differs from the default of their value's type."""
        return tuple(
            f
            for f in self.fields
            if f.file or f.style or not f.explode or f.content_type
        )


NON_JSON_SAMPLE = "sample"
"""The body the generated tests answer a binary or text success with, as bytes
(``templates/tests/_contract.py.jinja``, ``reply_success``)."""


@dataclass(frozen=True)
class Response:
    status: str
    """``"200"``, ``"4XX"`` or ``"default"``."""
    status_code: int | None
    """The integer status, None for ranges and default."""
    type: TypeRef | None
    """The JSON body's type, None when the response has no JSON body."""
    description: str
    error_class: str | None
    """The client's exception class for this status (``BadRequestError``), None for 2xx."""
    example: str = ""
    """The JSON body's first example (compact JSON text), "" when the spec gives none."""
    media: Literal["json", "binary", "text"] = "json"
    """A 2xx body in no JSON media type: returned as ``bytes`` (binary) or ``str`` (text/*)."""
    accept: str = "application/json"
    """The ``Accept`` header of a call expecting this response: its media types."""

    content_type: str = ""
    """The media type the generated tests answer with (the JSON one, else the first by
    name); "" when the response documents no content."""
    sample: str | None = None
    """JSON text of the body the generated tests answer with, when the spec's first
    example is not one (absent or invalid): its first valid example, else a value built from
    the schema (``generator.samples``)."""
    sampled: bool = True
    """False when no value satisfies the JSON body's schema: the generated tests leave the
    response out (``skippable_in_tests``), else its operation, with a warning."""
    answer: str = ""
    """What the fake of ``testing.py`` answers unscripted: ``example``, else the sample (compact
    JSON); "" when there is neither."""
    json_content: bool = False
    """It documents a JSON body, with a schema or without (an error's without is untyped: the
    fake of ``testing.py`` takes any JSON for it)."""
    refuses_off_schema: bool = True
    """Its JSON schema refuses ``OFF_SCHEMA``, the body the generated tests send as one that
    does not match (Squadcast's `anyOf` that ends with `{}` takes any)."""

    @property
    def skippable_in_tests(self) -> bool:
        """An error (not ``default``, which may be the success): without a sample, the generated
        tests leave this response out, not its operation."""
        return self.error_class is not None and self.status != "default"

    @property
    def streamable(self) -> bool:
        """A binary or text body: the method has a streaming variant."""
        return self.media != "json"

    @property
    def media_type(self) -> str:
        """The first media type of the body (what the generated tests answer with)."""
        return self.accept.split(",", 1)[0].strip()

    @property
    def json_key(self) -> str | None:
        """The spec's response key when the body is JSON (the generated tests answer its
        example), else None."""
        return self.status if self.media == "json" and self.type is not None else None

    @property
    def parses_model(self) -> bool:
        """The body parses into a pydantic model (the generated tests check its class)."""
        return self.media == "json" and self.type is not None and self.type.pydantic_model

    @property
    def sample_content_type(self) -> str | None:
        """A binary or text body's media type (the generated tests answer a few bytes of it)."""
        return self.content_type if self.streamable else None

    @property
    def returns_none(self) -> bool:
        """A success whose method result is None: no body, or a JSON body that may be null."""
        return self.media == "json" and (self.type is None or self.type.nullable)

    @property
    def returned(self) -> tuple[str, TypeRef | None]:
        """What the method returns for this success, ``None`` aside: two successes with the same
        value return (and parse) alike."""
        if self.media != "json":
            return self.media, None
        return "json", self.type.non_null if self.type is not None else None

    @property
    def sample_status(self) -> int:
        """The status the generated tests and the fake answer for it: its own, ``2XX`` as 200,
        ``default`` (standing for the success of an operation with no 2xx) as 200."""
        if self.status_code is not None:
            return self.status_code
        head = self.status[:1]
        return int(head) * 100 if head.isdigit() else 200


@dataclass(frozen=True)
class SecurityScheme:
    key: str
    """The name under components/securitySchemes."""
    kind: Literal["apiKey", "bearer", "basic", "http"]
    """``http``: an HTTP authentication scheme other than Bearer and Basic, whose credential
    goes out as ``Authorization: <http_scheme> <credential>`` (RFC 9110, section 11.4)."""
    location: Literal["header", "query", "cookie"]
    param_name: str
    """Header (or query/cookie) name: ``X-API-KEY``, ``Authorization``."""
    client_arg: Identifier
    """The client constructor argument: ``api_key``, ``bearer_token``."""
    env_var: str | None
    """Environment variable read when the argument is not given (``SOLVIMON_API_KEY``)."""
    description: str
    http_scheme: str = ""
    """A kind ``http`` scheme's name as the spec spells it (``Token``)."""

    @property
    def sent_as(self) -> str:
        """How the credential goes out, for the README: its header (or query/cookie) name."""
        if self.kind == "bearer":
            return "Authorization: Bearer ..."
        return f"Authorization: {self.http_scheme} ..." if self.kind == "http" else self.param_name


@dataclass(frozen=True)
class Operation:
    operation_id: str
    py_name: Identifier
    method: str
    """Upper case: ``POST``."""
    path: str
    """The path template as in the spec: ``/v{version}/invoices/{resourceId}/refund``."""
    summary: str
    description: str
    deprecated: bool
    idempotent: bool
    """Safe to send twice: decides which failures are retried and whether redirects are followed."""
    parameters: tuple[Parameter, ...]
    """Signature order: positional first, then keyword-only in spec order."""
    body: Body | None
    success: Response | None
    """The first 2xx response (``default`` when there is no 2xx): what the generated tests
    answer first."""
    responses: tuple[Response, ...]
    """Every documented response, sorted by status."""
    security: tuple[tuple[str, ...], ...]
    """Alternatives, each a set of scheme keys that must all be sent. Empty: no auth."""
    permission: str | None
    """The vendor permission the operation needs (``INVOICE.REFUND``), from ``x-permission``."""
    server: str = ""
    """The server URL its path item's or its own ``servers`` give it (the first; variables at
    their defaults), when it is not the document's: the request goes there, not to the
    client's base URL (``server_urls`` maps it elsewhere). "" for the base URL."""

    @property
    def headline(self) -> str:
        """The docstring's first line: the summary, else the spec's operationId, else ``GET
        /api/goals`` (the id derived in its place, ``get_/api/goals``, reads as no sentence)."""
        derived = self.operation_id == f"{self.method.lower()}_{self.path}"
        return self.summary or (f"{self.method} {self.path}" if derived else self.operation_id)

    @property
    def path_parameters(self) -> tuple[Parameter, ...]:
        return tuple(p for p in self.parameters if p.location == "path")

    @property
    def styled_path_parameters(self) -> tuple[Parameter, ...]:
        """The path parameters not in the default ``simple`` style, not exploded."""
        return tuple(p for p in self.path_parameters if p.styled)

    @property
    def url_path(self) -> str:
        """The path template without a fragment (``/cookies#formExploded``, as some specs write
        to document one path twice): the path the server receives (a fragment is not sent)."""
        return self.path.split("#", 1)[0]

    @property
    def url_fragment(self) -> str:
        """The path template's fragment, without the ``#`` (``""`` when it has none)."""
        return self.path.partition("#")[2]

    @property
    def query_parameters(self) -> tuple[Parameter, ...]:
        return tuple(p for p in self.parameters if p.location == "query")

    @property
    def header_parameters(self) -> tuple[Parameter, ...]:
        return tuple(p for p in self.parameters if p.location == "header")

    @property
    def cookie_parameters(self) -> tuple[Parameter, ...]:
        return tuple(p for p in self.parameters if p.location == "cookie")

    @property
    def documents_user_agent(self) -> bool:
        """A header parameter ``User-Agent`` (Public AI's): sent instead of the client's own."""
        return any(p.name.lower() == "user-agent" for p in self.header_parameters)

    @property
    def error_responses(self) -> tuple[Response, ...]:
        return tuple(r for r in self.responses if r.error_class is not None)

    @property
    def credentials_required(self) -> bool:
        """Every alternative of its security asks the request for a credential (not optional
        security's ``{}``, nor a mutualTLS scheme alone, which the connection meets)."""
        return bool(self.security) and all(self.security)

    @property
    def returns_model(self) -> bool:
        """The success response's body parses into a pydantic model (not an enum, list, ...)."""
        return bool(self.success and self.success.type and self.success.type.pydantic_model)

    @property
    def successes(self) -> tuple[Response, ...]:
        """Every 2xx response (``2XX`` included), by status; the ``default`` response when the
        operation documents no 2xx (it then describes the success too); else none."""
        found = tuple(r for r in self.responses if r.error_class is None)
        if found:
            return found
        return tuple(r for r in self.responses if r.status == "default")

    @property
    def return_alternatives(self) -> tuple[Response, ...]:
        """The first success of each distinct return type, ``None`` aside: the members of the
        union the method returns (``Pet | Order``), in status order."""
        seen: set[tuple[str, TypeRef | None]] = set()
        result = []
        for response in self.successes:
            if response.returned in seen or response.returned == ("json", None):
                continue
            seen.add(response.returned)
            result.append(response)
        return tuple(result)

    @property
    def returns_none(self) -> bool:
        """The method may return None: no success, or one without a body or a nullable one."""
        return not self.successes or any(r.returns_none for r in self.successes)

    @property
    def parses_by_status(self) -> bool:
        """The successes parse differently: the parser is picked by the status received."""
        return len({r.returned for r in self.successes}) > 1

    @property
    def accept(self) -> str:
        """The ``Accept`` header: the success bodies' media types (JSON by default)."""
        kinds: list[str] = []
        for response in self.successes:
            if not response.content_type:
                continue
            for kind in response.accept.split(","):
                if kind.strip() not in kinds:
                    kinds.append(kind.strip())
        return ", ".join(kinds) or "application/json"

    @property
    def streamable(self) -> bool:
        """A success body is binary or text: ``with_streaming_response`` offers the method."""
        return any(r.streamable for r in self.successes)

    @property
    def success_streamable(self) -> bool:
        """The first success is binary or text: the generated tests answer it with bytes."""
        return self.success is not None and self.success.streamable

    @property
    def form_body(self) -> Body | None:
        """The multipart/form body with a TypedDict, if the operation has one."""
        if self.body is not None and self.body.form_name is not None:
            return self.body
        return None

    @property
    def escapable_path_parameters(self) -> tuple[Parameter, ...]:
        """Positional string path parameters in the ``simple`` style, each a segment of its
        own: escaped as one segment, "", "." and ".." refused (``label`` and ``matrix`` prefix
        every value). One beside other text (Plex's ``/streams/{streamId}.{ext}``) is left out:
        a hostile value (``../admin``) makes the URL ambiguous to the tests' oracle."""
        segments = self.path.split("/")
        return tuple(
            p
            for p in self.path_parameters
            if p.positional
            and p.type == TypeRef("builtin", "str")
            and p.free_text
            and p.style == "simple"
            and "{" + p.name + "}" in segments
        )

    @property
    def positional_samples_name_models(self) -> bool:
        """A positional parameter is a model, or a list of enum members: its sample argument
        names ``models``."""
        return any(_uses_model(p.type) for p in self.parameters if p.positional)

    @property
    def testable(self) -> bool:
        """Every parameter, the body and the successes have valid samples: the generated tests
        can call the operation (an error response without one is left out of its tests)."""
        return (
            all(p.samples is not None for p in self.parameters)
            and (self.body is None or self.body.testable)
            and all(r.sampled for r in self.responses if not r.skippable_in_tests)
        )


@dataclass(frozen=True)
class Webhook:
    """A request the API sends to the user (``webhooks`` in the spec, or an operation's
    ``callbacks``): ``webhooks.parse_<name>`` turns its JSON body into ``payload``."""

    name: str
    """The key under ``webhooks`` (``newPet``); ``<operation>.<callback>`` for a callback."""
    key: str
    """Its key in ``WEBHOOKS``: the name, with the method when the webhook has several."""
    method: str
    py_name: Identifier
    """``new_pet``: the parse function is ``parse_new_pet``."""
    payload: TypeRef | None
    """None when the body is not JSON (or there is none): no parse function, said in the module."""
    media_type: str
    summary: str
    deprecated: bool
    callback_of: str | None = None
    """For a callback (``name`` is ``<operation>.<callback>``): the operation that registers it
    (its operationId, else ``METHOD /path``); None for an entry of ``webhooks``."""
    pointer: str = ""
    """Where its operation is written."""

    @property
    def kind(self) -> str:
        return "webhook" if self.callback_of is None else "callback"

    @property
    def parses_model(self) -> bool:
        """The payload is a pydantic model (``model_validate_json``); else a ``TypeAdapter``."""
        return bool(self.payload and self.payload.pydantic_model and not self.payload.nullable)

    @property
    def uses_typing(self) -> bool:
        return _uses_typing(self.payload)

    @property
    def uses_models(self) -> bool:
        return _uses_model(self.payload)


@dataclass(frozen=True)
class Resource:
    """Operations sharing a tag: ``client.invoices``."""

    tag: str
    attr_name: Identifier
    module_name: Identifier
    test_module: Identifier
    """Its generated tests' module: ``test_<module_name>``, unless that is another's."""
    class_name: ClassName
    async_class_name: ClassName
    description: str
    operations: tuple[Operation, ...]

    @property
    def shadows_builtins(self) -> bool:
        """A method is named like a builtin type (``list``): the module's type hints spell
        ``builtins.list``, which the class scope cannot hide."""
        return any(op.py_name in _BUILTIN_TYPES for op in self.operations)

    @property
    def kit_names_aliases(self) -> bool:
        """The test kit's table names one of ``type_aliases``: that of a parameter it parses
        back (``Parameter.plainly_serialized``), so it imports this module."""
        return any(
            f"{op.py_name}.{p.py_name}" in self.type_aliases and p.plainly_serialized
            for op in self.operations
            for p in op.parameters
        )

    @functools.cached_property
    def type_aliases(self) -> dict[str, tuple[ClassName, TypeRef]]:
        """A public alias for each parameter type that spells ``typing.Literal`` (an inline enum),
        keyed ``method.parameter``: ``ListInvoicesStatus = typing.Literal["draft", "paid"]``.
        Callers can type their values with it, and each signature stays one short line per
        parameter (the same long literal in five signatures would each go to black). The name
        is the method's and the parameter's, numbered when another name of the module has it."""
        taken = {
            *_MODULE_NAMES,
            self.class_name,
            self.async_class_name,
            *(f"{cls}With{kind}Response" for cls in (self.class_name, self.async_class_name)
              for kind in ("Raw", "Streaming")),
            *(body.form_name for body in self.forms if body.form_name),
        }
        aliases: dict[str, tuple[ClassName, TypeRef]] = {}
        for op in self.operations:
            for p in op.parameters:
                if _spells_literal(p.type):
                    name = base = f"{class_name(op.py_name)}{class_name(p.py_name)}"
                    number = 1
                    while name in taken:
                        number += 1
                        name = f"{base}{number}"
                    taken.add(name)
                    aliases[f"{op.py_name}.{p.py_name}"] = (ClassName(name), p.type.non_null)
        return aliases

    @property
    def uses_typing(self) -> bool:
        """Some signature names ``typing.Any`` or ``typing.Literal``, or a form body is a
        ``typing.TypedDict``: the module imports typing."""
        return bool(self.forms) or any(
            _uses_typing(t)
            for op in self.operations
            for t in (
                *(p.type for p in op.parameters),
                op.body.type if op.body is not None else None,
                *(f.type for f in (op.body.fields if op.body is not None else ())),
                *(r.type for r in op.successes),
            )
        )

    @property
    def uses_models(self) -> bool:
        """Some signature or parser names a model: the module imports ``models``. An error's
        type is named only when it is a pydantic model (``error_parsers``)."""
        return any(
            _uses_model(t)
            for op in self.operations
            for t in (
                *(p.type for p in op.parameters),
                op.body.type if op.body is not None else None,
                *(r.type for r in op.successes),
                *(r.type for r in op.error_responses if r.type and r.type.pydantic_model),
            )
        ) or self.form_models

    @property
    def form_models(self) -> bool:
        """Some form field's type names a model (only the resource module spells form types)."""
        return any(_uses_model(f.type) for body in self.forms for f in body.fields)

    @property
    def forms(self) -> tuple[Body, ...]:
        """The TypedDicts of the multipart/form bodies, defined in the resource module."""
        return tuple(op.body for op in self.operations if op.form_body is not None and op.body)

    @property
    def uses_files(self) -> bool:
        """Some form field is a file, or may be one: the module imports ``FileInput``."""
        return any(_uses_files(f.type) for body in self.forms for f in body.fields)

    @property
    def uses_not_required(self) -> bool:
        """Some form field is optional: the module imports ``NotRequired``."""
        return any(not f.required for body in self.forms for f in body.fields)

    @property
    def uses_binary_body(self) -> bool:
        """Some operation sends a binary body: the module imports ``BinaryContent``."""
        return any(op.body is not None and op.body.media == "binary" for op in self.operations)

    @property
    def streamable(self) -> tuple[Operation, ...]:
        """The operations with a streaming variant (binary or text success body)."""
        return tuple(op for op in self.operations if op.streamable)

    @property
    def tested_operations(self) -> tuple[Operation, ...]:
        """The operations the generated contract tests call (every parameter has samples)."""
        return tuple(op for op in self.operations if op.testable)

    @property
    def tests_send_json_data(self) -> bool:
        """Some tested operation's body is sent as the example's JSON data, not as a model."""
        return any(
            op.body is not None and not op.body.type.pydantic_model for op in self.tested_operations
        )

    @property
    def tests_name_parameters(self) -> bool:
        """Some tested operation has parameters: the test module builds ``Param`` rows."""
        return any(op.parameters for op in self.tested_operations)

    @property
    def tests_name_enum_members(self) -> bool:
        """Some tested operation's parameter is an enum model: its samples are members."""
        return any(_enum_sampled(p) for op in self.tested_operations for p in op.parameters)

    @property
    def tests_name_models(self) -> bool:
        """The test module names ``models`` (a parsed success, a model body, an enum sample)."""
        return self.tests_name_enum_members or any(
            op.returns_model
            or any(_sampled_by_model(p.type) for p in op.parameters)
            or (op.body is not None and op.body.type.pydantic_model)
            or any(r.parses_model for r in op.successes if op.parses_by_status)
            for op in self.tested_operations
        )

    @property
    def returns_no_content(self) -> bool:
        """Some operation's success has no body (it parses with ``_response.no_content``)."""
        return any(
            op.success is None or (op.success.type is None and op.success.media == "json")
            for op in self.operations
        )


@dataclass(frozen=True)
class Sample:
    """The operation the README's usage example and the generated tests drive: one a call can
    make with its positional arguments alone (no required body) and whose success the fake and
    the mock can answer (no body, or a documented example)."""

    resource: Resource
    operation: Operation
    error: Response | None
    """Its first documented 4xx/5xx with an exception class and an answerable body, if any."""


def _sample_error(op: Operation) -> Response | None:
    for r in op.responses:
        if (
            r.status_code is not None
            and r.status_code >= 400
            and r.error_class
            and (r.type is None or r.example)
        ):
            return r
    return None


def _answerable(op: Operation) -> bool:
    return (
        op.testable
        and (op.body is None or not op.body.required)
        and (op.success is None or op.success.type is None or bool(op.success.example))
    )


@dataclass(frozen=True)
class Usage:
    """The calls the package README shows, spelled out: the example operation's (``Api.example``),
    or placeholders for a spec without operations."""

    shown: bool
    """An operation is shown; False: placeholders (``<resource>.<operation>``) only."""
    method: str
    """The method's path below the client: ``invoices.refund``."""
    raw_method: str
    """The same through raw responses: ``invoices.with_raw_response.refund``."""
    arguments: str
    """Its positional arguments as placeholders: ``"<resourceId>"``."""
    returns: str | None
    """The component schema of the model it returns (the README imports it), if any."""
    operation_id: str
    success_status: str
    """The status the fake answers for its success ("204" for none, 200 for ``2XX``)."""
    credential_first: str
    """The first security scheme's constructor argument as ``api_key="..."``; "" for none."""
    credential_last: str
    """The last one's (the async example shows another scheme when there are several)."""


def _usage(sample: Sample | None, schemes: tuple[SecurityScheme, ...], hostless: bool) -> Usage:
    """``hostless``: no server names a host, so the example passes ``base_url``."""
    where = ['base_url="https://..."'] if hostless else []
    first = ", ".join([*where, *([f'{schemes[0].client_arg}="..."'] if schemes else [])])
    last = ", ".join([*where, *([f'{schemes[-1].client_arg}="..."'] if schemes else [])])
    if sample is None:
        return Usage(
            False, "<resource>.<operation>", "<resource>.with_raw_response.<operation>", "",
            None, "", "204", first, last,
        )  # fmt: skip
    op, attr = sample.operation, sample.resource.attr_name
    success = op.success
    return Usage(
        shown=True,
        method=f"{attr}.{op.py_name}",
        raw_method=f"{attr}.with_raw_response.{op.py_name}",
        arguments=", ".join(f'"<{p.name}>"' for p in op.parameters if p.positional),
        returns=(
            success.type.name
            if success and success.type and op.returns_model and not op.parses_by_status
            else None
        ),
        operation_id=op.operation_id,
        success_status=str(success.sample_status) if success else "204",
        credential_first=first,
        credential_last=last,
    )


_URL_ESCAPED = re.compile(r"[^A-Za-z0-9\-._~!$&'()*+,;=:@/%?#\[\]|^]")
"""A character httpx percent-encodes in a URL's path (RFC 3986's unreserved, sub-delimiters
and ``:@/`` pass, and so do the few others httpx leaves: ``[]|^``)."""


OFF_SCHEMA = [1, 2]
"""The JSON body the generated tests answer as a success that does not match its schema."""


@dataclass(frozen=True)
class Server:
    name: Identifier
    """``live``, ``test``: exposed as ``ENVIRONMENTS`` in the client."""
    url: str
    """Server variables replaced by their defaults."""
    description: str
    rewritten: bool = False
    """Written ``//host/path`` or ``api/v2``: ``url`` is read with https (lint:
    server-url-scheme-relative) or from the root, ``/api/v2`` (server-url-path-relative)."""

    @property
    def absolute(self) -> bool:
        """The URL names a host; a relative one (``/``, ``/api``) needs ``base_url``."""
        return "://" in self.url


@dataclass(frozen=True)
class Api:
    title: str
    version: str
    """``info.version``: the document's version, as written."""
    package_version: str
    """The generated package's version: ``info.version`` as PEP 440 spells it."""
    description: str
    spec_name: str
    """The spec file as named in each generated file's header."""
    package: Identifier
    distribution: str
    client_class: ClassName
    async_client_class: ClassName
    env_prefix: str
    servers: tuple[Server, ...]
    security_schemes: tuple[SecurityScheme, ...]
    """The schemes a request carries; mutualTLS ones are ``connection_schemes``."""
    client_options: tuple[ClientOption, ...]
    resources: tuple[Resource, ...]
    models: tuple[str, ...]
    """Component schema names, sorted: every one becomes a public model."""
    error_models: tuple[str, ...]
    """The component schemas error responses use, the most used first (``ApiError``):
    ``APIStatusError.error`` is one of them."""
    request_id_header: str
    """The response header that identifies a request for support (``X-REQUEST-ID``)."""
    webhooks: tuple[Webhook, ...] = ()
    """Every webhook, sorted by name and method."""
    connection_schemes: tuple[str, ...] = ()
    """mutualTLS schemes, by key: the connection presents the certificate (the user's own
    ``http_client``), so no operation asks the request for them."""
    warnings: tuple[Diagnostic, ...] = ()
    """What the generated code or tests leave out, located (operations without samples)."""
    python_re_patterns: bool = True
    """Every ``pattern`` of the spec's files compiles with Python's ``re``, which the tests'
    oracle (openapi-core, through jsonschema) checks them with. Else (ECMA-262's ``[\\w-/]``,
    ``\\p{L}``) the oracle leaves those out: the models check them, or left them out too."""
    respelled_dialects: bool = False
    """A schema's ``$schema`` names JSON Schema 2020-12 in another spelling (PingOne's
    ``http://...#``), which the models read as 2020-12 and the tests' oracle would not know."""
    declared_tags: tuple[tuple[str, str, str], ...] = ()
    """(component, property, value) of each variant of a mapped discriminated union that the
    models give the property it lacks (``prune``); the tests' oracle gives it too."""
    unnamed_discriminators: bool = False
    """A ``discriminator`` in a file of the spec has no ``mapping`` and a member no component
    name stands for, which the tests' oracle would look up as a component
    (``shapes.unnamed_discriminated``, ``conftest``)."""
    extension_entries: bool = False
    """A Paths, Responses or Callback Object has a specification extension (``x-meta``), which
    is no path, status or expression: the tests' oracle (openapi-core) leaves it out too."""
    identified_schemas: bool = False
    """The root file writes ``$id`` or ``$anchor``: a ``$ref`` may name a schema by it, which
    the tests' oracle (openapi-core) cannot follow, so it reads such a ``$ref`` as the
    generator does (``generator/identifiers.py``)."""

    @property
    def null_only_parameters(self) -> tuple[tuple[str, str], ...]:
        """(location, wire name) of every parameter that can only be null (never sent)."""
        null_only = {
            (p.location, p.name) for op in self.operations for p in op.parameters if p.null_only
        }
        return tuple(sorted(null_only))

    @property
    def operations(self) -> tuple[Operation, ...]:
        return tuple(op for resource in self.resources for op in resource.operations)

    @property
    def uses_models(self) -> bool:
        """Some type ``testing`` checks names a model, so it imports ``models``: a parameter
        it parses back (``plainly_serialized``), a JSON body, a response."""
        return any(
            _uses_model(t)
            for op in self.operations
            for t in (
                *(p.type for p in op.parameters if p.plainly_serialized),
                op.body.type if op.body is not None and op.body.media == "json" else None,
                *(r.type for r in op.responses),
            )
        )

    @property
    def uses_files(self) -> bool:
        """Some form body has a file field: ``_types`` defines ``FileInput``."""
        return any(resource.uses_files for resource in self.resources)

    @property
    def uses_not_required(self) -> bool:
        """Some form field is optional: ``typing_extensions.NotRequired`` before Python 3.11."""
        return any(resource.uses_not_required for resource in self.resources)

    @property
    def uses_forms(self) -> bool:
        """Some operation sends a multipart or form-urlencoded body."""
        return any(
            op.body is not None and op.body.media in ("multipart", "form") for op in self.operations
        )

    @property
    def has_fragment_paths(self) -> bool:
        """Some path template has a ``#fragment`` (``/things/{id}#stream`` beside
        ``/things/{id}``): the tests' oracle must tell the two apart."""
        return any(op.url_fragment for op in self.operations)

    @property
    def off_schema(self) -> str:
        """``OFF_SCHEMA`` as JSON text, ASCII (the generated tests write it as a bytes literal)."""
        return json.dumps(OFF_SCHEMA)

    @property
    def operation_servers(self) -> tuple[str, ...]:
        """The URLs some operations are sent to instead of the client's base URL, sorted."""
        return tuple(sorted({op.server for op in self.operations if op.server}))

    @property
    def rewritten_servers(self) -> bool:
        """A server URL is written without its scheme (``//host/v2``) or without its leading
        ``/`` (``api/v2``): see ``Server``. An operation's own may be (``//upload.host``)."""
        return any(server.rewritten for server in self.servers) or bool(self.operation_servers)

    @property
    def touching_path_variables(self) -> dict[str, dict[str, str]]:
        """The path templates in which a variable follows another (``{id}{format}``), with the
        regex of each variable's values where its schema gives one (``value_pattern``):
        openapi-core lets the first take all the text, and so misreads both."""
        return {
            op.path: {p.name: p.value_pattern for p in op.parameters if p.value_pattern}
            for op in self.operations
            if "}{" in op.path
        }

    @property
    def unformattable_path_variables(self) -> bool:
        """A path variable's name that ``str.format`` reads otherwise (``{a.b}``, ``{0}``):
        the tests' oracle renames it, as openapi-core fills a template in with ``str.format``."""
        names = [n for op in self.operations for n in re.findall(r"\{([^{}]*)\}", op.url_path)]
        return any(re.search(r"[.\[!:]", name) or name.isdigit() for name in names)

    @property
    def has_escaped_paths(self) -> bool:
        """A path template or server URL holds a character a URL carries percent-encoded
        (``/items/"quoted"``): the tests' oracle matches the encoded form the client sends."""
        texts = [op.url_path for op in self.operations] + [s.url for s in self.servers]
        texts += self.operation_servers
        return any(_URL_ESCAPED.search(re.sub(r"\{[^{}]*\}", "", text)) for text in texts)

    @property
    def uses_binary_body(self) -> bool:
        """Some operation sends a binary body: ``_types`` defines ``BinaryContent``."""
        return any(resource.uses_binary_body for resource in self.resources)

    @property
    def binary_media_types(self) -> tuple[str, ...]:
        """The binary media types of request bodies, form file parts and success bodies
        (the generated tests' oracle reads them as text; ``*/*`` as JSON when it parses, as a
        response of a data schema there is JSON, else as text)."""
        found: set[str] = set()
        for op in self.operations:
            if op.body is not None and op.body.media == "binary":
                found.add(op.body.test_content_type)
            for f in op.body.fields if op.body is not None else ():
                if f.file:
                    found.add(f.content_type or "application/octet-stream")
            for success in op.successes:
                if success.media == "binary":
                    kinds = {kind.strip() for kind in success.accept.split(",")}
                    # A form type stays the oracle's to read as form fields, as a request in it
                    # is (a form response is bytes to the client: swift's multipart GET).
                    found.update(kinds - _FORM_MEDIA_TYPES)
        return tuple(sorted(found - {"*/*"}))

    @property
    def error_union_wide(self) -> bool:
        """Too many error models for ``APIStatusError.error`` to be their union: a ``|`` chain
        nests one level per member when parsed (Squadcast's 4,300 overflowed ruff's stack and
        CPython's parser), so it is typed ``pydantic.BaseModel``, which each of them is."""
        return len(self.error_models) > 64

    @property
    def multipart_binary_responses(self) -> bool:
        """Some success is a binary body in a ``multipart/*`` type (ElevenLabs'
        ``multipart/mixed``): the tests' oracle reads it as text, not as form fields."""
        return any(
            success.media == "binary" and "multipart/" in success.accept
            for op in self.operations
            for success in op.successes
        )

    @property
    def chooses_binary_type(self) -> bool:
        """Some operation's caller chooses its binary body's media type (``Body.content_types``)."""
        return any(op.body is not None and op.body.content_types for op in self.operations)

    @property
    def non_json_bodies(self) -> bool:
        """Some operation sends a body in another media type than JSON."""
        return any(op.body is not None and op.body.media != "json" for op in self.operations)

    @property
    def uses_text_body(self) -> bool:
        """Some operation sends a text/* body."""
        return any(op.body is not None and op.body.media == "text" for op in self.operations)

    @property
    def one_shot_bodies(self) -> bool:
        """Some body may be a file object or an iterator (read once, never retried)."""
        return self.uses_forms or self.uses_binary_body

    @property
    def async_iterators(self) -> bool:
        """The base client spells ``AsyncIterator`` (async streaming, async body chunks)."""
        return self.one_shot_bodies or self.uses_streaming

    @property
    def uses_streaming(self) -> bool:
        """Some operation has a streaming variant: the clients have ``stream``."""
        return any(resource.streamable for resource in self.resources)

    @property
    def example(self) -> Sample | None:
        """The operation the README and ``tests/test_client.py`` show: ``kit_sample``, else the
        first operation; None for a spec without operations (webhooks only)."""
        return self.kit_sample or next(
            (Sample(r, op, _sample_error(op)) for r in self.resources for op in r.operations),
            None,
        )

    @property
    def kit_sample(self) -> Sample | None:
        """The first answerable operation (see ``Sample``); None when there is none (every
        operation needs a body, or the spec has only webhooks): no README call example and no
        kit tests that call one."""
        for resource in self.resources:
            for op in resource.operations:
                if _answerable(op):
                    return Sample(resource, op, _sample_error(op))
        return None

    @property
    def undocumented_status(self) -> int | None:
        """A status the first operation does not document, for the kit's test that the fake
        refuses to answer it; None when the operation documents ``default`` (every status is)."""
        first = next((op for r in self.resources for op in r.operations), None)
        statuses = {r.status.upper() for r in first.responses} if first is not None else set()
        if first is None or "DEFAULT" in statuses:
            return None
        return next(
            (c for c in (418, 451, 308, 207) if {str(c), f"{c // 100}XX"}.isdisjoint(statuses)),
            None,
        )

    @property
    def usage(self) -> Usage:
        """What the package README shows (``Usage``)."""
        return _usage(self.example, self.security_schemes, not self.default_server.absolute)

    @property
    def default_server(self) -> Server:
        """The client's server without ``environment`` nor ``base_url``: the first that names a
        host (alephium's first is ``../``), else the first (then ``base_url`` is needed)."""
        return next((s for s in self.servers if s.absolute), self.servers[0])

    @property
    def env_vars(self) -> tuple[str, ...]:
        """The environment variables the client reads credentials from, in scheme order."""
        return tuple(s.env_var for s in self.security_schemes if s.env_var)

    @property
    def fixture(self) -> Identifier:
        """The test kit's pytest fixture: ``fake_solvimon`` for ``solvimon_client``."""
        return Identifier(f"fake_{self.package.replace('_client', '')}")

    @property
    def credentials_required(self) -> bool:
        """Every operation needs a credential: the constructor refuses to be called without."""
        return all(op.credentials_required for op in self.operations)


# --------------------------------------------------------------------------- builder

_IDEMPOTENT = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE"})
_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
_PATH_VARIABLE = re.compile(r"\{[^{}/]*\}")
_DEFAULT_STYLE = {"path": "simple", "header": "simple", "query": "form", "cookie": "form"}
_STYLES = {
    "path": ("simple", "label", "matrix"),
    "header": ("simple",),
    "query": ("form", "spaceDelimited", "pipeDelimited", "deepObject"),
    "cookie": ("form",),
}
"""The parameter styles OpenAPI 3.1 defines, by location: the client sends each of them."""
_PRIMITIVES = {"string": "str", "integer": "int", "number": "float", "boolean": "bool"}
_ERROR_CLASSES = {
    400: "BadRequestError",
    401: "AuthenticationError",
    403: "PermissionDeniedError",
    404: "NotFoundError",
    409: "ConflictError",
    422: "UnprocessableEntityError",
    429: "RateLimitError",
}
_CLIENT_ARGS = frozenset(
    {"self", "base_url", "environment", "timeout", "max_retries", "http_client"}
)
_TYPES_IMPORTS = frozenset({
    "AsyncBinaryContent", "BinaryContent", "FileInput", "Headers", "NotGiven", "Query", "Timeout",
})
"""What a resource module imports from ``_types``."""
_FIXED_TEST_MODULES = frozenset({"test_client", "test_testing", "test_webhooks"})
"""The generated test modules written once (``templates/tests/``): no resource's tests take
their names."""

_TAKEN_CLASS_NAMES = _TYPES_IMPORTS | frozenset({
    # what ``_client.py``, which imports every resource class, defines or imports
    "AsyncAPIClient", "AuthScheme", "Environment", "Final", "Literal", "MappingProxyType",
    "SyncAPIClient",
})
"""Names a resource class (or its ``Async`` twin) may not take: it would shadow one of them."""
_CLIENT_ATTRS = frozenset({
    "base_url", "build_request", "close", "max_retries", "request", "request_raw", "status_error",
    "stream", "timeout",
})  # fmt: skip
"""The public attributes and methods of every client (``_base_client.py``): a resource named
like one (Traccar's tag ``Stream``) is ``client.stream_resource``, as a client option would
be shadowed too."""
_MODULE_NAMES = _TYPES_IMPORTS | {
    "AbstractAsyncContextManager", "AbstractContextManager", "NotRequired",
}
"""The class-like names a resource module imports: a parameter's type alias may not take one."""
_REQUEST_ID = re.compile(r"^x-?request-?id$", re.IGNORECASE)
_SCHEMA_PREFIX = "#/components/schemas/"
_COMPOSITIONS = ("allOf", "oneOf", "anyOf")
_BUILTIN_TYPES = frozenset({"list", "dict", "str", "int", "float", "bool", "bytes"})
_SERVER_VARIABLE = re.compile(r"\{([^{}]+)\}")
_HTTP_SCHEME = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")
"""An HTTP authentication scheme's name: an RFC 9110 token."""
_CHALLENGE_SCHEMES = frozenset(
    {"digest", "negotiate", "ntlm", "mutual", "scram-sha-1", "scram-sha-256"}
)
"""HTTP schemes whose credential is computed from the server's challenge, not sent as given."""


def _server_url(server: dict[str, Any]) -> tuple[str, str]:
    """A server object's URL, its variables at their defaults and without its scheme's own port
    (``https://host:443/v1`` is ``https://host/v1``, as httpx sends it), and that URL as the
    client reads it: ``//host/v2`` with https (lint warns: server-url-scheme-relative),
    ``api/v2`` from the root, ``/api/v2`` (server-url-path-relative)."""
    variables: dict[str, Any] = server.get("variables") or {}

    def default(match: re.Match[str]) -> str:
        return str((variables.get(match[1]) or {}).get("default", match[0]))

    url = _SERVER_VARIABLE.sub(default, str(server["url"]))
    for scheme, port in (("https://", ":443"), ("http://", ":80")):
        host, slash, rest = url.removeprefix(scheme).partition("/")
        if url.startswith(scheme) and host.endswith(port):
            url = scheme + host.removesuffix(port) + slash + rest
    if url.startswith("//"):
        return url, f"https:{url}"
    if "://" not in url and not url.startswith("/"):
        return url, f"/{url}"
    return url, url


def _is_enum(schema: dict[str, Any]) -> bool:
    """A component datamodel-code-generator renders as an ``Enum`` class, not a model: an
    ``enum``, or a ``oneOf``/``anyOf`` of ``const`` branches none of which is null (with a null
    one, the class is a root model of the enum or None)."""
    if "properties" in schema or schema.get("type") == "object":
        return False
    if "enum" in schema:
        return not any(key in schema for key in _COMPOSITIONS)
    branches = [schema.get(key) for key in _COMPOSITIONS if key in schema]
    if len(branches) != 1 or "allOf" in schema or not isinstance(branches[0], list):
        return False
    consts = [branch for branch in branches[0] if branch is not False]
    return bool(consts) and all(
        isinstance(branch, dict)
        and branch.get("const") is not None
        and not any(key in branch for key in ("$ref", "properties", *_COMPOSITIONS))
        for branch in consts
    )


def _json_text(value: Any) -> str:
    """A sample body as the generated tests hold it: JSON text, which ``render._py_str`` writes
    as one string however long (black leaves it as it is: ``format._lone_string``), where a
    Python literal over the line limit would send the module's table to black."""
    return json.dumps(value, ensure_ascii=False)


def _json_literal(value: Any) -> str:
    """The Python literal of a JSON value, on one line, as black writes it: strings in double
    quotes (JSON's string escapes are all valid in Python), ``None``/``True`` for null/true."""
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(map(_json_literal, value)) + "]"
    if isinstance(value, dict):
        items = (f"{_json_literal(key)}: {_json_literal(item)}" for key, item in value.items())
        return "{" + ", ".join(items) + "}"
    if isinstance(value, float):
        return repr(value).replace("e+", "e")  # black drops an exponent's plus sign
    return repr(value)


class _Builder:
    """Walks a validated spec once; each method returns one IR value."""

    def __init__(self, document: SpecDocument, config: Config) -> None:
        self.document = document
        self.config = config
        self.data: dict[str, Any] = document.data
        self.errors: list[Diagnostic] = []
        self.warnings: list[Diagnostic] = []
        self._owners: dict[int, SourceFile] | None = None
        self.connection_schemes: set[str] = set()
        self.extension_entries = False
        """A Paths, Responses or Callback Object read has an extension (``entries``)."""
        """mutualTLS schemes (``security_schemes``): the connection meets them, not a request."""
        self._inlining: set[str] = set()
        """The ``$ref`` targets ``type_of`` is inlining (a component that makes no class is its
        type): one met again inside itself is its component's root model."""

    @functools.cached_property
    def sampler(self) -> Sampler:
        """Built on first use: it loads jsonschema, which a document refused as a whole
        (``build_api``) never needs."""
        return Sampler(self.document)

    # -- helpers -------------------------------------------------------------

    def error(self, pointer: str, message: str, hint: str, code: str = "ir") -> None:
        self.errors.append(self.document.diagnostic(code, pointer, message, hint))

    def _owner(self, node: Any) -> SourceFile:
        """The file a node was read from: its relative ``$ref``s start there."""
        if len(self.document.files) == 1:
            return self.document.root
        if self._owners is None:
            self._owners = {}
            for source in self.document.files.values():
                stack = [source.data]
                while stack:
                    item = stack.pop()
                    if isinstance(item, dict):
                        self._owners.setdefault(id(item), source)
                        stack.extend(item.values())
                    elif isinstance(item, list):
                        stack.extend(item)
        return self._owners.get(id(node), self.document.root)

    def locate(self, node: Any) -> tuple[SourceFile, Any]:
        """The file a node's ``$ref`` chain ends in (its own ``$ref``s are relative to it), and
        the node there."""
        source = self._owner(node)
        seen: set[str] = set()
        while (
            isinstance(node, dict)
            and isinstance(node.get("$ref"), str)
            and node["$ref"] not in seen
        ):
            seen.add(node["$ref"])
            try:
                source, _, node = self.document.resolve(node["$ref"], source)
            except KeyError:
                return source, {}
        return source, node

    def deref(self, node: Any) -> Any:
        """Follow ``$ref`` chains (lint has checked that they resolve and are acyclic)."""
        return self.locate(node)[1]

    def entries(self, mapping: Any) -> list[tuple[str, Any]]:
        """``load.entries`` of a Paths, Responses or Callback Object, noting an extension left
        out (``extension_entries``)."""
        found = list(entries(mapping))
        if isinstance(mapping, dict) and len(found) < len(mapping):
            self.extension_entries = True
        return found

    def _component(self, schema: dict[str, Any], ref: str) -> str:
        """The root file's component schema ``ref`` names (as written in the pointer), from the
        file ``schema`` is written in: ``#/components/schemas/Pet`` in the root file,
        ``../openapi.yaml#/components/schemas/Pet`` in another (where a schema hoisted from it
        is referred to); "" for any other target."""
        source = self._owner(schema)
        if source is self.document.root and ref.startswith(_SCHEMA_PREFIX):
            return ref[len(_SCHEMA_PREFIX) :]
        try:
            target, pointer, _ = self.document.resolve(ref, source)
        except KeyError:
            return ""
        prefix = _SCHEMA_PREFIX[1:]
        if target is self.document.root:
            return pointer[len(prefix) :] if pointer.startswith(prefix) else ""
        # Another file's schema that a component `$ref`s (Redocly's layout: piggy-pulse's
        # `items: {$ref: ./CurrencyResponse.yaml}`, listed as `CurrencyResponse`) is that one.
        place = self.document.elsewhere(ref, source)
        return self._aliases.get(place, "") if place is not None else ""

    def _unnamed_model(self, schema: dict[str, Any]) -> bool:
        """An inline model schema, or a ``$ref`` to one that is no component (the model
        generator makes and names its class; ``type_of`` would make it ``dict[str, Any]``)."""
        ref = schema.get("$ref")
        if isinstance(ref, str):
            if self._component(schema, ref):
                return False
            schema = self.deref(schema)
            if not isinstance(schema, dict):
                return False
        return bool(schema.get("properties")) or any(k in schema for k in _COMPOSITIONS)

    @functools.cached_property
    def _method_names(self) -> dict[tuple[str, str], Identifier]:
        """(path, method) -> the Python method name of each operation (``names.method_names``:
        operationIds that snake-case alike are told apart, as lint's warning says)."""
        found: list[tuple[str, str, dict[str, Any]]] = []
        for path, item in entries(self.data.get("paths")):
            item = self.deref(item)
            for method in _METHODS:
                spec = item.get(method) if isinstance(item, dict) else None
                if isinstance(spec, dict):
                    found.append((str(path), method, spec))
        names = method_names(
            (spec.get("operationId"), spec.get("x-method-name"), method, path)
            for path, method, spec in found
        )
        return {(path, method): name for (path, method, _), name in zip(found, names, strict=True)}

    @functools.cached_property
    def _aliases(self) -> dict[tuple[Path, tuple[str, ...]], str]:
        return self.document.aliases()  # once: the document does not change any more

    @staticmethod
    def _nullable_split(schema: dict[str, Any]) -> tuple[dict[str, Any], bool]:
        """Strip 3.1 nullability (``type: [x, "null"]``, ``anyOf: [X, {type: null}]``)."""
        kind = schema.get("type")
        if isinstance(kind, list) and "null" in kind:
            rest = [k for k in kind if k != "null"]
            stripped = {**schema, "type": rest[0] if len(rest) == 1 else rest}
            return stripped, True
        for combinator in ("anyOf", "oneOf"):
            options = schema.get(combinator)
            if isinstance(options, list):
                others = [
                    o for o in options if not (isinstance(o, dict) and o.get("type") == "null")
                ]
                if len(others) == 1 and len(others) < len(options):
                    return others[0], True
        return schema, False

    @functools.cached_property
    def _polymorphic(self) -> dict[str, tuple[str, ...]]:
        return polymorphic_bases(self.data)

    def type_of(
        self,
        schema: Any,
        *,
        request: bool = False,
        for_parameter: bool = False,
        as_base: bool = False,
    ) -> TypeRef:
        """The Python type of a schema: component models by name, primitives as builtins. A
        discriminated base is the union of its subtypes, as the models read it
        (``shapes.polymorphic_bases``), but ``as_base`` (an error body: one class to parse)."""
        if not isinstance(schema, dict):
            return TypeRef("builtin", "Any")
        schema, nullable = self._nullable_split(schema)
        ref = schema.get("$ref")
        if isinstance(ref, str):
            target = self.deref(schema)
            component = self._component(schema, ref)
            # Every component that datamodel-code-generator makes a class of (composition
            # included: an allOf/oneOf/anyOf component is a model or a root model).
            is_model = isinstance(target, dict) and (
                target.get("type") == "object"
                or any(key in target for key in ("properties", "enum", *_COMPOSITIONS))
            )
            enum = isinstance(target, dict) and _is_enum(target)
            # An array of inline models (`TutorialList: {type: array, items: {properties: ...}}`)
            # is its root model: the model generator names the items' class, the IR cannot.
            # So is one of another file's models that no component names (split_whole's
            # `items: {$ref: ./tutorial.yaml}`).
            items = target.get("items") if isinstance(target, dict) else None
            is_model = is_model or (isinstance(items, dict) and self._unnamed_model(items))
            # So is a tuple (`prefixItems`): the model generator's `RootModel[tuple[float, float]]`
            # (oazapfts' `Coordinates`), which `list[Any]` lost.
            is_model = is_model or (isinstance(target, dict) and "prefixItems" in target)
            if component in self._polymorphic and not (for_parameter or as_base):
                return _union(
                    [TypeRef("model", m, request=request) for m in self._polymorphic[component]],
                    nullable,
                )
            if component and "/" not in component and is_model and not for_parameter:
                return TypeRef("model", component, nullable=nullable, request=request, enum=enum)
            if (
                component
                and "/" not in component
                and for_parameter
                and ("enum" in target or is_object_model(target, self.deref))
            ):
                return TypeRef("model", component, nullable=nullable, enum=enum)
            if ref in self._inlining:  # an array of itself (ogen's RecursiveArray): the
                return TypeRef("model", component, nullable=nullable)  # component's root model
            self._inlining.add(ref)
            try:
                inner = self.type_of(target, request=request, for_parameter=for_parameter)
            finally:
                self._inlining.discard(ref)
            return replace(inner, nullable=inner.nullable or nullable)
        kind = schema.get("type")
        if "const" in schema:
            const = schema["const"]
            if isinstance(const, str):
                return TypeRef("literal", values=(const,), nullable=nullable)
            if isinstance(const, bool):
                return TypeRef("builtin", "bool", nullable=nullable)
            if isinstance(const, (int, float)):
                return TypeRef(
                    "builtin", "int" if isinstance(const, int) else "float", nullable=nullable
                )
            if const is None:
                return TypeRef("builtin", "None")
        enum = schema.get("enum")
        if (
            kind is None
            and isinstance(enum, list)
            and enum
            and all(isinstance(v, str) for v in enum)
        ):
            return TypeRef("literal", values=tuple(enum), nullable=nullable)
        if isinstance(kind, list):  # several types but null: their union
            return _union(
                [self.type_of({**schema, "type": k}, request=request, for_parameter=for_parameter)
                 for k in kind],
                nullable,
            )
        parts = _typed_parts(schema.get("allOf"))
        if isinstance(parts, list) and parts and kind is None:
            # Inline (a parameter's; a body's became a model in hoist.py): one part is that
            # part's type, objects merged are an object.
            types = [self.type_of(p, request=request, for_parameter=for_parameter) for p in parts]
            if len(types) == 1:
                return replace(types[0], nullable=types[0].nullable or nullable)
            if all(t.kind == "dict" or t.pydantic_model for t in types):
                # Objects merged, no class of their own (a parameter's were hoisted to one).
                return TypeRef("dict", item=TypeRef("builtin", "Any"), nullable=nullable)
        for combinator in ("anyOf", "oneOf"):
            options = schema.get(combinator)
            if isinstance(options, list) and options and "discriminator" not in schema:
                # Inline alternatives (a parameter's; a body's became a model in hoist.py); a
                # `{type: null}` one is None (Polar's `anyOf: [X, array of X, {type: null}]`).
                return _union(
                    [TypeRef("builtin", "None") if isinstance(o, dict) and o.get("type") == "null"
                     else self.type_of(o, request=request, for_parameter=for_parameter)
                     for o in options],
                    nullable,
                )
        if kind in _PRIMITIVES:
            enum = schema.get("enum")
            if (
                kind == "string"
                and isinstance(enum, list)
                and all(isinstance(v, str) for v in enum)
            ):
                return TypeRef("literal", values=tuple(enum), nullable=nullable)
            return TypeRef("builtin", _PRIMITIVES[kind], nullable=nullable)
        if kind == "array":
            item = self.type_of(schema.get("items"), request=request, for_parameter=for_parameter)
            places = schema.get("prefixItems")
            # An inline tuple: a list of its places' types and of the items after them. An
            # open one (no `items`, `items: true`) takes any value after its places (TwelveLabs'
            # spans: `[1.5, 2.5, "label"]` was refused as no number).
            after = schema.get("items")
            if isinstance(places, list) and places and (after is False or isinstance(after, dict)):
                kept = [after] if isinstance(after, dict) else []
                item = _union(
                    [self.type_of(p, request=request, for_parameter=for_parameter)
                     for p in [*places, *kept]],
                    False,
                )
            elif isinstance(places, list) and places:
                item = TypeRef("builtin", "Any")
            return TypeRef("list", item=item, nullable=nullable)
        if kind == "object" or "properties" in schema or "additionalProperties" in schema:
            extra = schema.get("additionalProperties")
            value = (
                self.type_of(extra, request=request)
                if isinstance(extra, dict)
                else TypeRef("builtin", "Any")
            )
            return TypeRef("dict", item=value, nullable=nullable)
        return TypeRef("builtin", "Any", nullable=nullable)

    def _plain_type(self, declared: Any, schema: Any, *, for_parameter: bool = False) -> TypeRef:
        """A parameter's or form field's type: its ``$ref``'s model when that names an object
        component, else its schema's plain type. A string enum component is its values (a
        Literal, which takes a plain ``"document"`` and its default) or its class
        (``_models.EntityLevel | Literal["document", ...]``: R2R's users pass the member), also
        when a nullable ``anyOf`` or a one-part ``oneOf`` wraps it (FastAPI's ``anyOf: [$ref,
        {type: null}]`` with a default, as Frigate's ``source``)."""
        request = not for_parameter
        if not isinstance(declared, dict):
            return self.type_of(schema, request=request, for_parameter=for_parameter)
        inner, nullable = self._nullable_split(declared)
        for key in _COMPOSITIONS:
            parts = _typed_parts(inner.get(key)) if key == "allOf" else inner.get(key)
            if isinstance(parts, list) and len(parts) == 1 and isinstance(parts[0], dict):
                inner = parts[0]
        ref = inner.get("$ref")
        if not isinstance(ref, str):
            return self.type_of(schema, request=request, for_parameter=for_parameter)
        target = self.deref(inner)
        if is_object_model(target, self.deref):
            return self.type_of(declared, request=request, for_parameter=for_parameter)
        plain = self.type_of(
            {"anyOf": [target, {"type": "null"}]} if nullable else target,
            request=request,
            for_parameter=for_parameter,
        )
        component = self._component(inner, ref)
        if plain.non_null.kind != "literal" or not component or "/" in component:
            return plain
        return _union([TypeRef("model", component, enum=True), plain], plain.nullable)

    @staticmethod
    def _literal(value: Any) -> str | None:
        """A Python literal of a default, or None when there is none (see ``_json_literal``)."""
        return None if value is None else _json_literal(value)

    # -- parts ---------------------------------------------------------------

    def error_models(self, operations: list[Operation]) -> tuple[str, ...]:
        """The components error responses parse into, the most used first, ties by name."""
        counts = Counter(
            r.type.name
            for op in operations
            for r in op.error_responses
            if r.type is not None and r.type.pydantic_model
        )
        return tuple(sorted(counts, key=lambda name: (-counts[name], name)))

    def request_id_header(self) -> str:
        """The documented request-id response header, as the spec spells it."""
        for _, item in entries(self.data.get("paths")):
            for method in _METHODS:
                responses = (self.deref(item).get(method) or {}).get("responses")
                for _, response in entries(responses):
                    for name in self.deref(response).get("headers") or {}:
                        if _REQUEST_ID.match(name):
                            return str(name)
        return "X-Request-ID"

    def servers(self) -> tuple[Server, ...]:
        result = []
        raw = self.data.get("servers") or [{"url": "/"}]
        for index, server in enumerate(raw):
            name = server.get("x-name") or ("default" if index == 0 else f"server_{index}")
            url, read = _server_url(server)
            result.append(
                Server(identifier(name), read, server.get("description", ""), read != url)
            )
        return tuple(result)

    def security_schemes(self) -> tuple[SecurityScheme, ...]:
        schemes = (self.data.get("components") or {}).get("securitySchemes") or {}
        api_keys = sum(1 for s in schemes.values() if self.deref(s).get("type") == "apiKey")
        result = []
        for key, raw in schemes.items():
            scheme = self.deref(raw)
            pointer = f"/components/securitySchemes/{escape_pointer(key)}"
            kind, word = scheme.get("type"), str(scheme.get("scheme", ""))
            if kind == "apiKey":
                arg = identifier("api_key" if api_keys == 1 else key)
                location, param = scheme.get("in", "header"), scheme.get("name", "")
                result.append(
                    SecurityScheme(
                        key,
                        "apiKey",
                        location,
                        param,
                        arg,
                        f"{self.config.env_prefix}_{arg.upper()}",
                        scheme.get("description", ""),
                    )
                )
            elif kind == "http" and word.lower() in _CHALLENGE_SCHEMES:
                self.error(
                    pointer,
                    f"security scheme {key!r} of type 'http' {word!r} is not supported: its "
                    "credential answers the server's challenge, which the client does not do",
                    "use apiKey, http bearer/basic, another http scheme, oauth2 or openIdConnect",
                    code="security-scheme-unsupported",
                )
            elif kind == "http" and _HTTP_SCHEME.fullmatch(word):
                lower = word.lower()
                http: Literal["bearer", "basic", "http"] = (
                    "bearer" if lower == "bearer" else "basic" if lower == "basic" else "http"
                )
                named = {"bearer": "bearer_token", "basic": "basic_auth"}
                arg = identifier(named.get(lower, f"{word}_credential"))
                result.append(
                    SecurityScheme(
                        key,
                        http,
                        "header",
                        "Authorization",
                        arg,
                        f"{self.config.env_prefix}_{arg.upper()}",
                        scheme.get("description", ""),
                        word if http == "http" else "",
                    )
                )
            elif kind in ("oauth2", "openIdConnect"):
                arg = identifier("access_token")
                result.append(
                    SecurityScheme(
                        key,
                        "bearer",
                        "header",
                        "Authorization",
                        arg,
                        f"{self.config.env_prefix}_ACCESS_TOKEN",
                        scheme.get("description", ""),
                    )
                )
            elif kind == "mutualTLS":
                self.connection_schemes.add(key)
                self.warnings.append(
                    self.document.diagnostic(
                        "security-scheme-connection",
                        pointer,
                        f"security scheme {key!r} is mutualTLS: a TLS client certificate, which "
                        "the connection presents, not a request; the client sends nothing for it "
                        "and counts it as met",
                        "pass the client `http_client=httpx.Client(verify=context)`, with "
                        "the certificate loaded in an `ssl.SSLContext` (`load_cert_chain`)",
                        Severity.WARNING,
                    )
                )
            elif kind == "http":
                self.error(
                    f"{pointer}/scheme",
                    f"security scheme {key!r} has the http scheme {scheme.get('scheme')!r}, "
                    "which is not the name of an HTTP authentication scheme (RFC 9110: a token, "
                    "without spaces)",
                    "name the scheme the Authorization header starts with: `bearer`, `basic`, ...",
                    code="security-scheme-unsupported",
                )
            else:
                self.error(
                    pointer,
                    f"security scheme {key!r} of type {kind!r} is not supported",
                    "use apiKey, an http scheme, oauth2 or openIdConnect",
                    code="security-scheme-unsupported",
                )
        return self._distinct_client_args(result)

    def _distinct_client_args(self, schemes: list[SecurityScheme]) -> tuple[SecurityScheme, ...]:
        """Schemes that would share a constructor argument (two OAuth2 schemes: two
        ``access_token``) are named after their keys instead (``app2_app_oauth``)."""
        counts = Counter(s.client_arg for s in schemes)
        result = []
        for scheme in schemes:
            if counts[scheme.client_arg] > 1:
                arg = identifier(scheme.key)
                scheme = replace(
                    scheme, client_arg=arg, env_var=f"{self.config.env_prefix}_{arg.upper()}"
                )
            result.append(scheme)
        seen: dict[str, str] = {}
        for scheme in result:
            pointer = f"/components/securitySchemes/{escape_pointer(scheme.key)}"
            if scheme.client_arg in _CLIENT_ARGS or scheme.client_arg in seen:
                other = seen.get(scheme.client_arg, "the client")
                self.error(
                    pointer,
                    f"security scheme {scheme.key!r} and {other!r} both become the client "
                    f"argument {scheme.client_arg!r}",
                    "rename one of the security schemes",
                    code="name-collision",
                )
            seen[scheme.client_arg] = scheme.key
        return tuple(result)

    def parameter(
        self, raw: Any, pointer: str, py_name: Identifier, arguments: frozenset[str] = frozenset()
    ) -> Parameter:
        spec = self.deref(raw)
        location = spec.get("in", "query")
        name = str(spec.get("name", ""))
        declared = spec.get("schema") or {}
        schema = self.deref(declared)
        # An x-py-name named like an argument of every method, or of this one (``arguments``:
        # ``content_type``): a derived name has a suffix.
        if py_name in METHOD_ARGS | arguments:
            self.error(
                pointer,
                f"parameter {name!r} would shadow the method argument {py_name!r}",
                "set `x-py-name` on the parameter to another Python name",
            )
        option = spec.get("x-client-default")
        default = schema.get("default") if isinstance(schema, dict) else None
        if default is not None and not _valid_default(schema, default):
            default = None  # lint warned (default-invalid): left out of the signature
        required = bool(spec.get("required", False)) or location == "path"
        if default is not None and required:
            default = self.required_default(default, pointer, location, name, option)
        description = str(spec.get("description", "")).strip()
        empty = default == "" and location == "query" and not spec.get("allowEmptyValue")
        if (isinstance(default, list | dict) or empty) and not isinstance(option, str):
            # A list or dict is no argument default (shared between calls; ruff's B006), nor is
            # an empty query value the parameter does not allow (`allowEmptyValue`: `search=`
            # breaks the spec, Komga's): the argument is left unset, nothing is sent, and the
            # server applies its default.
            said = f"The server's default: ``{json.dumps(default)}``."
            description = f"{description} {said}" if description else said
            default = None
        style = str(spec.get("style", _DEFAULT_STYLE.get(location, "form")))
        if style not in _STYLES.get(location, ()):
            self.error(
                f"{pointer}/style" if "style" in spec else pointer,
                f"{location} parameter {name!r} has style {style!r}, which the client cannot "
                f"send yet (it sends {', '.join(_STYLES.get(location, ()))})",
                "use a supported style, or leave the parameter out of this spec",
                code="parameter-style-unsupported",
            )
        source, located = self.locate(raw)
        raw_schema = located.get("schema", {}) if isinstance(located, dict) else {}
        json_content = False
        content = spec.get("content") if "schema" not in spec else None
        if isinstance(content, dict) and content:
            media_type = str(next(iter(content)))
            # Without parameters: the generated tests' oracle (openapi-core) reads a parameter's
            # content by the media type as written, and no reader has `...; charset=utf-8`.
            if is_json_media(media_type) and ";" not in media_type:
                json_content = True
                media = content[media_type] if isinstance(content[media_type], dict) else {}
                declared = media.get("schema") or {}
                schema = self.deref(declared)
                located_content = located.get("content") if isinstance(located, dict) else None
                located_media = (located_content or {}).get(media_type)
                raw_schema = (
                    located_media.get("schema", {}) if isinstance(located_media, dict) else {}
                )
            else:
                self.error(
                    f"{pointer}/content/{escape_pointer(media_type)}",
                    f"parameter {name!r} is described by `content` in {media_type!r}, which "
                    "the client cannot serialize (it sends `application/json` content)",
                    "describe it with `schema` and `style`, or as `application/json` content",
                    code="parameter-content-unsupported",
                )
        if style == "deepObject" and not self._object_like(schema):
            self.error(
                f"{pointer}/style",
                f"{location} parameter {name!r} has style 'deepObject', which OpenAPI defines "
                "for objects only, and its schema is no object",
                "use `style: form` for a primitive or an array, or make the schema an object",
                code="parameter-style-unsupported",
            )
        elif not json_content and (nesting := self._nesting(schema)):
            # An object's array of primitives is sent as its key repeated, where the style
            # sends each key apart (Spring binds `ids=a&ids=b`, qs `filter[ids]=a&...`).
            exploded = style == "deepObject" or (
                style == "form" and bool(spec.get("explode", True))
            )
            if nesting == "deep" or not exploded:
                self.error(
                    f"{pointer}/schema" if "schema" in spec else pointer,
                    f"{location} parameter {name!r} holds "
                    + ("objects or arrays of them" if nesting == "deep" else "arrays")
                    + f" inside its value, whose serialization OpenAPI leaves undefined (style "
                    f"{style!r}): the client cannot know what the server reads",
                    "describe it as `content: {application/json: {schema: ...}}` (sent as JSON "
                    "text), or make each inner value a parameter of its own",
                    code="parameter-style-unsupported",
                )
        samples = self.sampler.samples(
            raw_schema,
            source.path,
            py_name,
            allow_null=False,
            segment=location == "path",
            allow_empty=False,
        )
        if isinstance(samples, str):
            self.warnings.append(
                self.document.diagnostic(
                    "sample-unavailable",
                    pointer,
                    f"{location} parameter {name!r}: {samples}; the generated tests leave "
                    "its operation out",
                    "give the parameter's schema an `example` (or `examples`) that matches it",
                    Severity.WARNING,
                )
            )
        return Parameter(
            name=name,
            py_name=py_name,
            location=location,
            required=required,
            # A component object (inline ones were hoisted to one) is its model; any other
            # schema its plain type (an enum component a Literal, a map a dict).
            type=self._plain_type(declared, schema, for_parameter=True),
            description=description,
            default_repr=self._literal(default),
            client_option=identifier(option) if isinstance(option, str) else None,
            positional=required and default is None and not isinstance(option, str),
            deprecated=bool(spec.get("deprecated", False)),
            explode=bool(spec.get("explode", style == "form")),
            style=style,
            allow_reserved=bool(spec.get("allowReserved", False)) and location == "query",
            json_content=json_content,
            null_only=self._null_only(schema),
            value_pattern=_value_pattern(schema) if location == "path" else "",
            samples=_sample_literals(samples),
            free_text=self.sampler.accepts(raw_schema, source.path, HOSTILE_SEGMENTS),
        )

    def required_default(
        self, default: Any, pointer: str, location: str, name: str, option: Any
    ) -> Any:
        """The default of a required parameter: kept only as the default of its client option
        (``x-client-default``) and when the client can send it; else None, with a warning.

        The caller of a required parameter always passes its value, so the spec's default means
        nothing there; kept, it would let a call omit the argument and send the default (a
        path segment ``''`` that the client refuses, for the vendor's ``resourceId``)."""
        sendable = location != "path" or segment_text(default) not in UNSENDABLE_SEGMENTS
        if isinstance(option, str) and sendable:
            return default
        why = (
            f"the client cannot send {segment_text(default)!r} as a path segment"
            if not sendable
            else "the caller always passes a required parameter's value"
        )
        self.warnings.append(
            self.document.diagnostic(
                "default-ignored",
                pointer,
                f"{location} parameter {name!r} is required and has the default "
                f"{default!r}: {why}, so the default is left out and the argument is required",
                "remove the `default`: the value of a required parameter is always passed",
                Severity.WARNING,
            )
        )
        return None

    def _nesting(self, schema: Any) -> str:
        """What a value of ``schema`` holds beyond one level, which OpenAPI's parameter styles
        do not define: "arrays" (of primitives, as an object's properties or map values),
        "deep" (objects inside, or arrays of arrays or of objects), "" (nothing)."""
        schema = self.deref(schema)
        if not isinstance(schema, dict):
            return ""
        properties = schema.get("properties")
        extra = schema.get("additionalProperties")
        values = [
            *(properties.values() if isinstance(properties, dict) else ()),
            *((extra,) if isinstance(extra, dict) else ()),
        ]
        items = [schema["items"]] if isinstance(schema.get("items"), dict) else []
        parts = [p for key in _COMPOSITIONS for p in schema.get(key) or () if isinstance(p, dict)]
        found = {self._nesting(p) for p in parts}
        for value in values:
            if self._object_like(value) or self._nesting(value):
                found.add("deep")  # an object inside, or an array of arrays or objects
            elif self._compound(value):
                found.add("arrays")
        if any(self._compound(item) for item in items):
            found.add("deep")
        return "deep" if "deep" in found else "arrays" if "arrays" in found else ""

    def _object_like(self, schema: Any) -> bool:
        """``schema`` admits objects (and may admit other types too)."""
        return self._admits(schema, {"object"}, {"properties", "additionalProperties"})

    def _compound(self, schema: Any) -> bool:
        """``schema`` admits arrays or objects."""
        return self._admits(
            schema, {"object", "array"}, {"properties", "items", "additionalProperties"}
        )

    def _admits(self, schema: Any, kinds: set[str], keywords: set[str]) -> bool:
        """``schema`` (or a part of its composition) has one of ``kinds`` as its ``type``, or,
        without a ``type``, a keyword of theirs (StackOne's date filter, a string with
        ``additionalProperties: false``, holds no object)."""
        schema = self.deref(schema)
        if not isinstance(schema, dict):
            return False
        kind = schema.get("type")
        named = set(kind) if isinstance(kind, list) else {kind}
        parts = [p for key in _COMPOSITIONS for p in schema.get(key) or () if isinstance(p, dict)]
        return (
            bool(named & kinds)
            or (kind is None and not keywords.isdisjoint(schema))
            or any(self._admits(p, kinds, keywords) for p in parts)
        )

    def _null_only(self, schema: Any) -> bool:
        """The schema admits only null, or arrays whose items are only null."""
        schema = self.deref(schema)
        if not isinstance(schema, dict):
            return False
        if schema.get("type") == "array":
            return self._null_only(schema.get("items"))
        enum = schema.get("enum")
        if isinstance(enum, list) and enum:
            return all(value is None for value in enum)
        return ("const" in schema and schema["const"] is None) or schema.get("type") == "null"

    def client_options(self, operations: list[Operation]) -> tuple[ClientOption, ...]:
        options: dict[str, ClientOption] = {}
        for operation in operations:
            for p in operation.parameters:
                if p.client_option and p.client_option not in options:
                    # Without a default the option may stay unset (None): then nothing is sent.
                    options[p.client_option] = ClientOption(
                        p.client_option,
                        replace(p.type, nullable=p.default_repr is None),
                        p.default_repr,
                        p.description or f"The ``{p.name}`` parameter of every call that has it.",
                    )
        return tuple(options.values())

    def json_schema(self, content: Any, *, wildcard: bool = False) -> tuple[str, Any] | None:
        """The JSON media type of a content map and its schema, if it has one.

        With ``wildcard``, a range that holds ``application/json`` (``*/*``, ``application/*``)
        whose schema describes JSON data (not a string: a binary or text body) counts as JSON:
        what Spring's springdoc writes for every endpoint that does not declare what it
        produces, which answers JSON, and Moneybird for the bodies it reads."""
        if not isinstance(content, dict):
            return None
        for media_type in sorted(content, key=prefer_json):
            if is_json_media(media_type):
                return media_type, (content[media_type] or {}).get("schema")
        for media_type in ("*/*", "application/*") if wildcard else ():
            media = self.deref(content.get(media_type))
            schema = self.deref(media.get("schema")) if isinstance(media, dict) else None
            if isinstance(schema, dict) and schema and schema.get("type") != "string":
                return media_type, media.get("schema")
        return None

    def example_of(self, content: Any) -> str:
        """The JSON media type's first example as compact JSON: ``example``, else the first of
        ``examples`` (by the spec's order), else the schema's ``example``; "" when none."""
        if not isinstance(content, dict):
            return ""
        for media_type in sorted(content, key=prefer_json):
            if not is_json_media(media_type):
                continue
            media = self.deref(content[media_type]) or {}
            if "example" in media:
                return json.dumps(media["example"], separators=(",", ":"), sort_keys=True)
            for example in (media.get("examples") or {}).values():
                example = self.deref(example)
                if isinstance(example, dict) and "value" in example:
                    return json.dumps(example["value"], separators=(",", ":"), sort_keys=True)
            schema = self.deref(media.get("schema") or {})
            if isinstance(schema, dict) and "example" in schema:
                return json.dumps(schema["example"], separators=(",", ":"), sort_keys=True)
        return ""

    def body(self, raw: Any, pointer: str = "", method_name: str = "") -> Body | None:
        found = self._body(raw, pointer, method_name)
        return None if found is None else self.body_sample(found, raw, pointer)

    def body_sample(self, body: Body, raw: Any, pointer: str) -> Body:
        """The body with the value the generated tests send (see ``Body.sample``), or marked
        untestable with a ``sample-unavailable`` warning when its schema admits none."""
        content = self.deref(raw).get("content") or {}
        sent = {"text": "text", "binary": "bytes"}.get(body.media)
        if sent and not self._text_schema(content.get(body.content_type)):
            # kamu's upload: `application/octet-stream` of an array of integers (utoipa's
            # `Vec<u8>`), which no bytes sent can be checked against.
            self.warnings.append(
                self.document.diagnostic(
                    "sample-unavailable",
                    f"{pointer}/requestBody",
                    f"request body ({body.content_type}): its schema is not a string, while the "
                    f"client sends the {sent} passed to it; the generated tests leave its "
                    "operation out",
                    f"give a {body.media} body `type: string` (or no schema), or send JSON "
                    "(`application/json`)",
                    Severity.WARNING,
                )
            )
            return replace(body, testable=False)
        if body.media not in ("json", "multipart", "form") or not content:
            return body
        key = body.content_type if body.content_type in content else next(iter(content))
        source, media = self.locate(content[key])
        if not isinstance(media, dict) or "schema" not in media:
            return body
        examples = [media["example"]] if "example" in media else []
        for example in (media.get("examples") or {}).values():
            example = self.deref(example)
            if isinstance(example, dict) and "value" in example:
                examples.append(example["value"])
        found = self.sampler.first(
            media["schema"],
            source.path,
            "body",
            tuple(examples),
            # A required form body has one field at least (a multipart body has a part); an
            # optional one is sent as no body.
            allow_empty=body.media == "json" or not body.required,
        )
        if isinstance(found, Samples) and examples and found.first is examples[0]:
            return body  # the spec's first example, which the tests' conftest sends anyway
        if isinstance(found, Samples):
            return replace(body, sample=_json_text(found.first))
        self.warnings.append(
            self.document.diagnostic(
                "sample-unavailable",
                f"{pointer}/requestBody",
                f"request body ({key}): {found}; the generated tests leave its operation out",
                "give the body an `example` that matches its schema, or fix a schema no value "
                "can satisfy (an `allOf` of incompatible types)",
                Severity.WARNING,
            )
        )
        return replace(body, testable=False)

    def _text_schema(self, media: Any) -> bool:
        """A text body's schema admits strings (or there is none: any text)."""
        schema = self.deref((self.deref(media) or {}).get("schema"))
        kinds = schema.get("type") if isinstance(schema, dict) else None
        return kinds is None or kinds == "string" or (isinstance(kinds, list) and "string" in kinds)

    def response_samples(
        self, responses: tuple[Response, ...], raw: Any, pointer: str
    ) -> tuple[Response, ...]:
        """The responses with the JSON bodies the generated tests answer with (``sample``);
        ``example`` only when the spec's example matches its schema (lint warned otherwise);
        a body no value satisfies is marked unsampled, with a ``sample-unavailable`` warning."""
        result = []
        for response in responses:
            spec = self.deref((raw or {}).get(response.status)) or {}
            content = spec.get("content") if isinstance(spec, dict) else None
            if response.media != "json" and isinstance(content, dict):
                result.append(self._non_json_sample(response, content, pointer))
                continue
            if response.type is None or not isinstance(content, dict):
                result.append(response)
                continue
            source, media = self.locate(content.get(response.content_type))
            schema = media.get("schema") if isinstance(media, dict) else None
            if schema is None:
                result.append(response)
                continue
            examples = [media["example"]] if "example" in media else []
            for example in (media.get("examples") or {}).values():
                example = self.deref(example)
                if isinstance(example, dict) and "value" in example:
                    examples.append(example["value"])
            resolved = self.deref(schema)
            if not examples and isinstance(resolved, dict) and "example" in resolved:
                examples.append(resolved["example"])
            valid = self.sampler.valid(schema, source.path, examples)
            found = self.sampler.first(schema, source.path, "value", tuple(valid))
            # A tuple is a `tuple[...]` to the models only when it has exactly its places
            # (`items: false`, `minItems` their number); else a list of its places' and items'
            # types (`list[str | int]`), which takes lists its places refuse, as `[1, 2]`
            # (kin-openapi's open tuples, ogen's `items: false` without `minItems`).
            places = resolved.get("prefixItems") if isinstance(resolved, dict) else None
            open_tuple = isinstance(places, list) and not (
                resolved.get("items") is False and resolved.get("minItems") == len(places)
            )
            response = replace(
                response,
                refuses_off_schema=not open_tuple
                and not self.sampler.valid(schema, source.path, [OFF_SCHEMA]),
            )
            text = json.dumps(valid[0], separators=(",", ":"), sort_keys=True) if valid else ""
            if isinstance(found, Samples):
                # The spec's first example is what the tests' conftest answers anyway.
                chosen = valid and valid[0] is examples[0] and examples[0] is not None
                sample = None if chosen else _json_text(found.first)
                answer = text or json.dumps(found.first, separators=(",", ":"), sort_keys=True)
                result.append(replace(response, example=text, sample=sample, answer=answer))
                continue
            self.warnings.append(
                self.document.diagnostic(
                    "sample-unavailable",
                    f"{pointer}/responses/{escape_pointer(response.status)}",
                    f"response {response.status} ({response.content_type}): {found}; the "
                    "generated tests leave "
                    + ("this response" if response.skippable_in_tests else "its operation")
                    + " out",
                    "give the response an `example` that matches its schema, or fix a schema "
                    "no value can satisfy",
                    Severity.WARNING,
                )
            )
            result.append(replace(response, example=text, sampled=False))
        return tuple(result)

    def _non_json_sample(self, response: Response, content: Any, pointer: str) -> Response:
        """A binary or text success: the generated tests answer it with ``NON_JSON_SAMPLE``'s
        bytes, which their oracle reads as text and checks against the media type's schema. A
        schema that text cannot satisfy (springdoc writes ``type: object`` for an
        ``application/octet-stream`` body) leaves the operation out, with a warning."""
        source, media = self.locate(content.get(response.content_type))
        schema = media.get("schema") if isinstance(media, dict) else None
        if schema is None or self.sampler.valid(schema, source.path, [NON_JSON_SAMPLE]):
            return response
        self.warnings.append(
            self.document.diagnostic(
                "sample-unavailable",
                f"{pointer}/responses/{escape_pointer(response.status)}",
                f"response {response.status} ({response.content_type}): its schema accepts no "
                f"text such as {NON_JSON_SAMPLE!r}, which the generated tests answer (the "
                "client returns the body's bytes as they come); the generated tests leave its "
                "operation out",
                "describe a text or binary body with `type: string` (and `contentMediaType`), "
                "or with no schema: the client returns it unparsed (`str` or `bytes`), even "
                "where the schema says it holds a number",
                Severity.WARNING,
            )
        )
        return replace(response, sampled=False)

    def _body(self, raw: Any, pointer: str = "", method_name: str = "") -> Body | None:
        if raw is None:
            return None
        spec = self.deref(raw)
        content = spec.get("content")
        required = bool(spec.get("required", False))
        description = str(spec.get("description", "")).strip()
        found = self.json_schema(content, wildcard=True)
        if found is not None:
            media_type, schema = found
            if "/*+" in media_type:  # Swashbuckle's `application/*+json`, with no type in it
                self.error(
                    f"{pointer}/requestBody/content/{escape_pointer(media_type)}",
                    f"the body is listed under the range {media_type!r} only: no media type "
                    "in it is one every server of it takes, so the client has none to send",
                    "list the media type the server takes beside it (`application/json`)",
                    code="media-type-unsupported",
                )
            sent = "application/json" if "*" in media_type else media_type  # of the range
            return Body(self._json_body_type(schema), required, sent, description)
        if not isinstance(content, dict) or not content:
            return None
        # No JSON media type: the first listed that the client can send (the spec's order, as
        # `diff` assumes: the client sends one media type).
        media_type = next(iter(content))
        where = f"{pointer}/requestBody/content/{escape_pointer(media_type)}"
        media = self.deref(content[media_type]) or {}
        kind = _body_media(media_type)
        if kind == "text":
            return Body(TypeRef("builtin", "str"), required, media_type, description, "text")
        if kind == "binary":
            listed = tuple(m for m in content if _body_media(m) == "binary")
            concrete = [m for m in listed if "*" not in m]
            sent = concrete[0] if concrete else ""
            if not sent and "*/*" in listed:
                sent = "application/octet-stream"
            return Body(
                TypeRef("builtin", "BinaryContent"),
                required,
                sent,
                description,
                "binary",
                content_types=listed if len(listed) > 1 or "*" in media_type else (),
            )
        return self.form_body(media, where, kind, required, description, method_name)

    def _json_body_type(self, schema: Any) -> TypeRef:
        """A JSON body's type. A component that is a ``oneOf``/``anyOf`` of models (Infinity's
        ``MultiModalOpenAIEmbedding``) is its root model or any of them: the caller passes the
        member, unwrapped, and it is sent as its JSON alike."""
        body = self.type_of(schema, request=True)
        target = self.deref(schema) if isinstance(schema, dict) and "$ref" in schema else None
        if not body.pydantic_model or not isinstance(target, dict) or "properties" in target:
            return body
        options = [o for key in ("oneOf", "anyOf") for o in target.get(key) or []]
        members = [self.type_of(o, request=True) for o in options]
        if not members or not all(m.pydantic_model for m in members):
            return body
        return _union([body, *members], body.nullable)

    def form_body(
        self,
        media: dict[str, Any],
        where: str,
        kind: Literal["multipart", "form"],
        required: bool,
        description: str,
        method_name: str,
    ) -> Body | None:
        """A multipart/form body: a TypedDict of the schema's properties, each with its
        Encoding Object; a schema without properties is a ``dict[str, Any]``."""
        media_type = "multipart/form-data" if kind == "multipart" else (
            "application/x-www-form-urlencoded"
        )
        schema = self.deref(media.get("schema") or {})
        kinds = schema_types(schema) if isinstance(schema, dict) else None
        if kinds and "object" not in kinds:  # UniFi Protect's multipart `type: string` file
            self.error(
                f"{where}/schema",
                f"the {media_type} body is a {' or '.join(kinds)}, not an object: a "
                "form's fields (its parts) are the properties of an object schema, and this "
                "one names none",
                "make the schema `type: object` with a property per field (a file is "
                "`type: string, format: binary`), or send the bytes as "
                "application/octet-stream",
                code="media-type-unsupported",
            )
            return None
        options = [o for key in ("oneOf", "anyOf") for o in schema.get(key) or []]
        if kind == "form" and options and not schema.get("properties"):
            # Alternatives that are models (Polar's OAuth2 token request: an authorization code,
            # a refresh token or a web token) are their union, each sent as its fields.
            types = [self.type_of(o, request=True) for o in options]
            if all(t.pydantic_model for t in types):
                return Body(_union(types, False), required, media_type, description, kind)
        properties: dict[str, Any] = {}
        needed: dict[str, None] = {}  # the required names, in order
        for part in [schema, *(self.deref(p) for p in schema.get("allOf") or [])]:
            if isinstance(part, dict):
                properties.update(part.get("properties") or {})
                needed.update(dict.fromkeys(str(n) for n in part.get("required") or []))
        # A required name no property defines (lint warned: required-undefined) is still
        # required of every body: a field of any value, as JSON Schema reads it.
        properties.update({name: {} for name in needed if name not in properties})
        if not properties:
            any_value = TypeRef("dict", item=TypeRef("builtin", "Any"))
            return Body(any_value, required, media_type, description, kind)
        encodings = media.get("encoding") or {}
        fields = []
        for name, declared in properties.items():
            prop = self.deref(declared)
            if isinstance(prop, dict) and prop.get("readOnly"):
                continue  # never sent
            encoding = self.deref(encodings.get(name) or {})
            # FastAPI's `UploadFile | None`: `anyOf: [{type: string, contentMediaType: ...},
            # {type: 'null'}]` is a file, or none (a None value is left out of the form).
            bare, nullable = self._nullable_split(prop) if isinstance(prop, dict) else (prop, False)
            bare = self.deref(bare)
            file = _is_file(self.deref, bare)
            style = str(encoding.get("style", ""))
            if kind == "form" and not file and self._nesting(bare) == "deep":
                own = name in (schema.get("properties") or {})
                self.error(
                    f"{where}/schema" + (f"/properties/{escape_pointer(name)}" if own else ""),
                    f"the {media_type} field {name!r} holds objects or arrays of them inside "
                    "its value, whose serialization OpenAPI leaves undefined (as in a query "
                    "parameter): the client cannot know what the server reads",
                    "send the body as application/json, or make each inner value a field of "
                    "its own",
                    code="parameter-style-unsupported",
                )
            if file:
                # A form-urlencoded body carries a binary field as its bytes, percent-encoded
                # (Speaches' and Swashbuckle's uploads): no file part, no filename.
                item = TypeRef("builtin", "FileInput" if kind == "multipart" else "bytes")
                many = isinstance(bare, dict) and bare.get("type") == "array"
                ftype = TypeRef("list", item=item) if many else item
                ftype = replace(ftype, nullable=nullable)
            else:
                # A component object (an inline one of an inline body was hoisted to one) is
                # its model; any other schema its plain type, as for a parameter.
                ftype = self._plain_type(declared, prop)
                options = (
                    [o for key in ("oneOf", "anyOf") for o in bare.get(key) or []]
                    if isinstance(bare, dict)
                    else []
                )
                if kind == "multipart" and any(_is_file(self.deref, o) for o in options):
                    # A file or another value (openapi-generator's `metadata: oneOf: [binary,
                    # MetaRecord]`): the file is `FileInput` (sent as a file part, as the runtime
                    # tells a file from its value), not the `str` of a binary string.
                    ftype = _union(
                        [
                            TypeRef("builtin", "FileInput")
                            if _is_file(self.deref, o)
                            else self._plain_type(o, self.deref(o))
                            for o in options
                        ],
                        nullable,
                    )
            fields.append(
                FormField(
                    name=str(name),
                    type=ftype,
                    required=str(name) in needed,
                    file=file and kind == "multipart",
                    style=style,
                    explode=bool(encoding.get("explode", style in ("", "form"))),
                    content_type=str(encoding.get("contentType", "")),
                )
            )
        form_name = ClassName(f"{class_name(method_name)}Form")
        return Body(
            TypeRef("builtin", form_name),
            required,
            media_type,
            description,
            kind,
            form_name,
            tuple(fields),
        )

    def responses(self, raw: Any, pointer: str = "") -> tuple[Response, ...]:
        result = []
        for status, value in self.entries(raw):
            spec = self.deref(value)
            code = int(status) if str(status).isdigit() else None
            success_range = str(status).upper() == "2XX"
            # A 204, 205 or 304 has no body: content declared there is ignored (lint warned).
            content = None if str(status) in NO_BODY_STATUS else spec.get("content")
            found = self.json_schema(content, wildcard=True)
            # `default` is parsed as the success of an operation that documents no 2xx.
            is_success = success_range or (code is not None and 200 <= code < 300) or (
                str(status) == "default"
            )
            media: Literal["json", "binary", "text"] = "json"
            accept = "application/json"
            if found is None and is_success and isinstance(content, dict) and content:
                text = all(str(kind).lower().startswith("text/") for kind in content)
                media = "text" if text else "binary"
                accept = ", ".join(str(kind) for kind in content)
            # A JSON success without a schema is any JSON value (warning `response-no-schema`);
            # an error's stays unparsed (its bytes in `error.body`).
            schema = found[1] if found is not None else None
            if found is not None and schema is None and is_success:
                schema = {}
            rtype = self.type_of(schema, as_base=not is_success) if schema is not None else None
            if rtype is not None and rtype.kind == "literal":
                # A bare Literal is no `type[T]` to parse with: returned as its str (a list of
                # literals stays checked).
                rtype = TypeRef("builtin", "str", nullable=rtype.nullable)
            if success_range or (code is not None and 200 <= code < 300):
                error_class = None
            elif code is not None and code in _ERROR_CLASSES:
                error_class = _ERROR_CLASSES[code]
            elif code is not None and code >= 500:
                error_class = "InternalServerError"
            else:
                error_class = "APIStatusError"
            example = self.example_of(content)
            content_type = (
                found[0]
                if found is not None
                else min(content) if isinstance(content, dict) and content else ""
            )
            result.append(
                Response(
                    str(status),
                    code,
                    rtype,
                    str(spec.get("description", "")),
                    error_class,
                    example,
                    media,
                    accept,
                    str(content_type),
                    json_content=found is not None,
                )
            )
        return tuple(sorted(result, key=lambda r: r.status))

    def operation(
        self, path: str, method: str, spec: dict[str, Any], shared: list[Any]
    ) -> Operation:
        pointer = f"/paths/{escape_pointer(path)}/{method}"
        merged: dict[tuple[str, str], tuple[Any, str]] = {}
        for index, raw in enumerate(shared):
            p = self.deref(raw)
            merged[(p.get("name"), p.get("in"))] = (
                raw,
                f"/paths/{escape_pointer(path)}/parameters/{index}",
            )
        for index, raw in enumerate(spec.get("parameters") or []):
            p = self.deref(raw)
            merged[(p.get("name"), p.get("in"))] = (raw, f"{pointer}/parameters/{index}")
        # Accept, Content-Type and Authorization headers: lint warned (parameter-ignored).
        merged = {key: value for key, value in merged.items() if not ignored_header(*key)}
        operation_id = str(spec.get("operationId", f"{method}_{path}"))
        method_py_name = self._method_names[(path, method)]
        body = self.body(spec.get("requestBody"), pointer, method_py_name)
        arguments = frozenset({"content_type"} if body is not None and body.content_types else ())
        names = parameter_names(
            [
                (
                    str(name),
                    str(location),
                    (
                        self.deref(raw).get("x-py-name")
                        if isinstance(self.deref(raw).get("x-py-name"), str)
                        else None
                    ),
                )
                for (name, location), (raw, _) in merged.items()
            ],
            arguments,
        )
        parameters = []
        for ((name, location), (raw, where)), py_name in zip(merged.items(), names, strict=True):
            if py_name is None:
                self.error(
                    where,
                    f"{location} parameter {name!r} becomes the same Python argument as another "
                    "parameter of the operation",
                    "set `x-py-name` on one of them",
                    code="name-collision",
                )
                continue
            parameters.append(self.parameter(raw, where, py_name, arguments))
        parameters = _split_before_prefixed(path, parameters)
        parameters.sort(key=lambda p: not p.positional)  # stable: spec order within each group
        responses = self.response_samples(
            self.responses(spec.get("responses"), pointer), spec.get("responses"), pointer
        )
        # The first 2xx; with none, `default` describes the success too (as openapi-python-client
        # reads it). Several 2xx that differ are a union, parsed by the status received.
        success = next(
            (r for r in responses if r.error_class is None),
            next((r for r in responses if r.status == "default"), None),
        )
        security_raw = spec.get("security", self.data.get("security") or [])
        # A mutualTLS scheme is met by the connection: an alternative asks the request for the
        # rest of it (nothing, when it is the only one: as optional security's `{}`).
        security = tuple(
            tuple(key for key in requirement if key not in self.connection_schemes)
            for requirement in security_raw
        )
        override = spec.get("x-idempotent")
        upper = method.upper()
        return Operation(
            operation_id=operation_id,
            py_name=method_py_name,
            method=upper,
            path=path,
            summary=str(spec.get("summary", "")).strip(),
            description=str(spec.get("description", "")).strip(),
            deprecated=bool(spec.get("deprecated", False)),
            idempotent=(bool(override) if isinstance(override, bool) else upper in _IDEMPOTENT),
            parameters=tuple(parameters),
            body=body,
            success=success,
            responses=responses,
            security=security,
            permission=(
                spec.get("x-permission") if isinstance(spec.get("x-permission"), str) else None
            ),
        )

    def webhooks(self) -> tuple[Webhook, ...]:
        """Every request the API sends: each entry of ``webhooks``, then each callback of each
        operation (``callbacks``: a name, a runtime expression for the URL, a path item)."""
        result = []
        for name, item in sorted((self.data.get("webhooks") or {}).items()):
            pointer = f"/webhooks/{escape_pointer(name)}"
            result += self._received(str(name), str(name), None, self.deref(item), pointer)
        for path, path_item in entries(self.data.get("paths")):
            path_item = self.deref(path_item)
            for method in _METHODS:
                spec = path_item.get(method) if isinstance(path_item, dict) else None
                if not isinstance(spec, dict) or not isinstance(spec.get("callbacks"), dict):
                    continue
                callbacks = spec["callbacks"]
                operation_id = spec.get("operationId")
                owner = str(operation_id) if operation_id else f"{method.upper()} {path}"
                py_owner = self._method_names[(path, method)]
                pointer = f"/paths/{escape_pointer(path)}/{method}/callbacks"
                for name, callback in sorted(callbacks.items()):
                    callback = self.deref(callback)
                    if not isinstance(callback, dict):
                        continue
                    expressions = self.entries(callback)
                    several = len(expressions) > 1
                    for expression, item in expressions:
                        key = f"{owner}.{name}" + (f" {expression}" if several else "")
                        where = f"{pointer}/{escape_pointer(name)}/{escape_pointer(expression)}"
                        base = f"{py_owner}_{name}"
                        result += self._received(key, base, owner, self.deref(item), where)
        names: dict[str, Webhook] = {}
        for webhook in result:
            first = names.setdefault(webhook.py_name, webhook)
            if first is not webhook:
                self.error(
                    webhook.pointer,
                    f"{first.kind} {first.name!r} and {webhook.kind} {webhook.name!r} both "
                    f"become the function parse_{webhook.py_name}",
                    "rename one of the webhooks"
                    if webhook.callback_of is None and first.callback_of is None
                    else "give the callback's operation an operationId of its own: it names "
                    "the function",
                    code="name-collision",
                )
        return tuple(result)

    def _received(
        self, name: str, base: str, callback_of: str | None, item: Any, pointer: str
    ) -> list[Webhook]:
        """The requests of one path item the API sends (a webhook's, or a callback's): one per
        method. A callback operation's own ``operationId`` names its function."""
        if not isinstance(item, dict):
            return []
        methods = [m for m in _METHODS if isinstance(item.get(m), dict)]
        result = []
        for method in methods:
            spec = item[method]
            body = self.deref(spec.get("requestBody") or {})
            content = body.get("content") if isinstance(body, dict) else None
            found = self.json_schema(content)
            payload = self.type_of(found[1]) if found and found[1] is not None else None
            if payload is not None and payload.kind == "literal":
                payload = TypeRef("builtin", "str", nullable=payload.nullable)
            unique = len(methods) > 1
            own = spec.get("operationId") if callback_of is not None else None
            py_name = (
                identifier(own)
                if isinstance(own, str) and nameable(own)
                else identifier(f"{base}_{method}" if unique else base)
            )
            result.append(
                Webhook(
                    name=name,
                    key=f"{name} {method.upper()}" if unique else name,
                    method=method.upper(),
                    py_name=py_name,
                    payload=payload,
                    media_type=(
                        found[0] if found else ", ".join(sorted(content or {})) or "no body"
                    ),
                    summary=str(spec.get("summary", "")).strip(),
                    deprecated=bool(spec.get("deprecated", False)),
                    callback_of=callback_of,
                    pointer=f"{pointer}/{method}",
                )
            )
        return result

    def server_override(self, owner: dict[str, Any], pointer: str) -> str | None:
        """The URL a path item's or operation's own ``servers`` send it to: None when it has
        none, "" when they are the document's (their URLs and variables; a description may
        differ, as Formbricks' does), else the first one's, which must name its host."""
        servers = owner.get("servers")

        def urls(servers: Any) -> list[tuple[Any, Any]]:
            return [(s.get("url"), s.get("variables")) for s in servers if isinstance(s, dict)]

        if not isinstance(servers, list):
            return None
        # A document without servers has one, `/` (OpenAPI): a path item's own servers with a
        # host (Open-Meteo's `https://api.open-meteo.com`) are no repeat of it.
        if urls(servers) == urls(self.data.get("servers") or [{"url": "/"}]):
            return ""
        first = next((s for s in servers if isinstance(s, dict) and "url" in s), None)
        if first is None:
            return None
        written, url = _server_url(first)
        if "://" not in url:
            self.error(
                f"{pointer}/servers",
                f"this server URL {written!r} overrides the document's without naming a host: "
                "it is relative to wherever the document is served, which the client cannot "
                "know",
                f"write the URL with its scheme and host ('https://api.example.com{url}')",
                code="servers-override-unsupported",
            )
        return url.rstrip("/")

    def package_version(self, version: str) -> str:
        """``info.version`` as a PEP 440 version (``1.0.0-beta`` is ``1.0.0b0``); one that is
        none (``latest``, ``2024-01-01``) becomes the local label of ``0.0.0``, with a warning."""
        from packaging.version import InvalidVersion, Version

        try:
            return str(Version(version))
        except InvalidVersion:
            label = ".".join(re.findall(r"[a-z0-9]+", version.lower()))
            chosen = f"0.0.0+{label}" if label else "0.0.0"
        self.warnings.append(
            self.document.diagnostic(
                "package-version",
                "/info/version",
                f"info.version {version!r} is not a PEP 440 version, so the generated package "
                f"is version {chosen!r}",
                "write `info.version` as a release number (`1.2.0`, `2024.1.1`)",
                Severity.WARNING,
            )
        )
        return chosen

    def resources(self) -> tuple[tuple[Resource, ...], list[Operation]]:
        tag_docs = {t.get("name"): t.get("description", "") for t in self.data.get("tags") or []}
        grouped: dict[str, list[Operation]] = {}
        first_tags: dict[str, str] = {}  # module name -> the first tag that gives it
        routes: dict[tuple[str, str], str] = {}
        for path, item in self.entries(self.data.get("paths")):
            item = self.deref(item)
            item_server = self.server_override(item, f"/paths/{escape_pointer(path)}")
            for method in _METHODS:
                if isinstance(item.get(method), dict):
                    spec = item[method]
                    # Paths that differ only in variable names (path-duplicate, relaxable when
                    # their methods differ) must not share a method: no server could tell
                    # the two operations apart.
                    route = (method, _PATH_VARIABLE.sub("{}", path))
                    if route in routes:
                        self.error(
                            f"/paths/{escape_pointer(path)}/{method}",
                            f"{method.upper()} {path} and {method.upper()} {routes[route]} "
                            "match the same requests",
                            "merge the two paths into one; only their variable names differ",
                        )
                    routes.setdefault(route, path)
                    own = self.server_override(spec, f"/paths/{escape_pointer(path)}/{method}")
                    server = own if own is not None else item_server or ""
                    operation = self.operation(path, method, spec, item.get("parameters") or [])
                    tag = (spec.get("tags") or ["default"])[0]
                    # Tags that give one module (Together's `Endpoints` and `endpoints`) are one
                    # resource, named by the first.
                    tag = first_tags.setdefault(identifier(tag), tag)
                    grouped.setdefault(tag, []).append(replace(operation, server=server))
        resources = []
        # Sorted by module name: the import blocks that list them are then in isort's order.
        by_module = sorted(grouped.items(), key=lambda item: (identifier(item[0]).lower(), item[0]))
        used: set[str] = set()  # the class names of the resources before
        tests = set(_FIXED_TEST_MODULES)  # the test modules taken
        for tag, operations in by_module:
            names: dict[str, str] = {}
            for op in operations:
                if op.py_name in names:
                    self.error(
                        "/paths",
                        f"operations {names[op.py_name]!r} and {op.operation_id!r} "
                        f"both become the method {tag}.{op.py_name}",
                        "set `x-method-name` on one of them",
                    )
                names[op.py_name] = op.operation_id
            cls = class_name(tag)
            # A tag `query` would shadow `Query`; tags `Messages` and `Async Messages`
            # (private-gpt's) would both give an `AsyncMessages`.
            taken = _TAKEN_CLASS_NAMES | {self.config.client_class} | used
            if {cls, f"Async{cls}"} & taken:
                cls = ClassName(f"{cls}Resource")
            used.update((cls, f"Async{cls}"))
            # A tag `webhooks` (Resend's) would replace the webhook parsers' tests.
            test_module = f"test_{identifier(tag)}"
            while test_module in tests:
                test_module += "_resource"
            tests.add(test_module)
            resources.append(
                Resource(
                    tag,
                    identifier(tag),
                    identifier(tag),
                    Identifier(test_module),
                    cls,
                    ClassName(f"Async{cls}"),
                    str(tag_docs.get(tag, "")),
                    tuple(operations),
                )
            )
        return tuple(resources), [op for ops in grouped.values() for op in ops]


def build_api(document: SpecDocument, config: Config) -> Api:
    """Build the IR from a spec that passed lint; raises SpecError on what cannot be rendered."""
    builder = _Builder(document, config)
    # What refuses the whole document comes first, so it is refused about as fast as `validate`
    # answers (operations and their samples are most of the IR's time); such a document's
    # report then holds these refusals only, not what its operations would add.
    security_schemes = builder.security_schemes()
    refusals = [*builder.errors, *dialect_refusals(document)]
    if refusals:
        raise SpecError(refusals)
    info = document.data.get("info") or {}
    resources, operations = builder.resources()
    client_options = builder.client_options(operations)
    taken = _CLIENT_ATTRS | {option.py_name for option in client_options}
    resources = tuple(
        replace(r, attr_name=Identifier(f"{r.attr_name}_resource")) if r.attr_name in taken else r
        for r in resources
    )
    api = Api(
        title=" ".join(str(info.get("title", "")).split()) or "API",  # one line, never empty
        version=str(info.get("version", "0.0.0")),
        package_version=builder.package_version(str(info.get("version", "0.0.0"))),
        description=str(info.get("description", "")).strip(),
        spec_name=spec_display_name(document, config),
        package=Identifier(config.package),
        distribution=config.distribution,
        client_class=ClassName(config.client_class),
        async_client_class=ClassName(f"Async{config.client_class}"),
        env_prefix=config.env_prefix,
        servers=builder.servers(),
        security_schemes=security_schemes,
        client_options=client_options,
        resources=resources,
        models=tuple(sorted((document.data.get("components") or {}).get("schemas") or {})),
        error_models=builder.error_models(operations),
        request_id_header=builder.request_id_header(),
        webhooks=builder.webhooks(),
        connection_schemes=tuple(sorted(builder.connection_schemes)),
        warnings=tuple(builder.warnings),
        python_re_patterns=all(
            python_re(p) for f in document.files.values() for p in keyword_texts(f.data, "pattern")
        ),
        respelled_dialects=any(
            uri != DRAFT_2020_12 and dialect_uri(uri) == DRAFT_2020_12
            for f in document.files.values()
            for uri in keyword_texts(f.data, "$schema")
        ),
        declared_tags=tuple(
            (component, *tag) for component, tag in sorted(document.declared_tags.items())
        ),
        unnamed_discriminators=any(unnamed_discriminated(f.data) for f in document.files.values()),
        identified_schemas=writes_identifiers(document.root.raw),
        extension_entries=builder.extension_entries,
    )
    if builder.errors:
        raise SpecError(builder.errors)
    return api


def sends_bodies(document: SpecDocument, config: Config) -> bool:
    """Whether an operation sends a request body (its ``Operation.body``), read without building
    the IR: the models, which need it, are made while the IR is built."""
    builder = _Builder(document, config)
    for _, item in entries(document.data.get("paths")):
        item = builder.deref(item)
        for method in _METHODS:
            body = item[method].get("requestBody") if isinstance(item.get(method), dict) else None
            content = builder.deref(body).get("content") if body is not None else None
            if isinstance(content, dict) and content:  # as ``_Builder._body``
                return True
    return False


_PREFIXES = {"matrix": ";", "label": "."}
"""The character a path value of each prefixed style begins with."""


def _split_before_prefixed(path: str, parameters: list[Parameter]) -> list[Parameter]:
    """A path variable that a ``matrix`` or ``label`` one follows at once (SmallRye's
    ``{id}{idMatrix}``) ends before the first ``;`` or ``.``, where its own pattern does not
    say: a simple value has no ``;`` unencoded, and the tests' oracle read all of
    ``id-1;m1=x`` as the first and nothing as the second."""
    by_name = {p.name: p for p in parameters if p.location == "path"}
    follower = dict(re.findall(r"\{([^{}]+)\}(?=\{([^{}]+)\})", path))
    split = {}
    for name, after in follower.items():
        first, second = by_name.get(name), by_name.get(after)
        if first is None or second is None or first.value_pattern:
            continue
        if (prefix := _PREFIXES.get(second.style)) is not None:
            split[name] = replace(first, value_pattern=f"[^/{re.escape(prefix)}]*")
    return [split.get(p.name, p) if p.location == "path" else p for p in parameters]


def _value_pattern(schema: Any) -> str:
    """A Python regex of a path variable's values: its ``pattern`` without the anchors, or its
    ``enum`` values; "" when neither says (any segment text)."""
    if not isinstance(schema, dict):
        return ""
    pattern = schema.get("pattern")
    if isinstance(pattern, str) and python_re(pattern):
        return f"(?:{pattern.removeprefix('^').removesuffix('$')})"
    values = schema.get("enum")
    if isinstance(values, list) and values and all(isinstance(v, str | int) for v in values):
        return "(?:" + "|".join(re.escape(str(v)) for v in values) + ")"
    return ""


_FORM_MEDIA_TYPES = frozenset({"multipart/form-data", "application/x-www-form-urlencoded"})
"""The media types openapi-core (the generated tests' oracle) reads as form fields."""


def _body_media(media_type: str) -> Literal["multipart", "form", "binary", "text"]:
    """How a request body in a non-JSON media type is sent."""
    lowered = media_type.lower()
    if lowered.startswith("multipart/"):
        return "multipart"
    if lowered == "application/x-www-form-urlencoded":
        return "form"
    if lowered.startswith("text/"):
        return "text"
    return "binary"


def _is_file(deref: Any, schema: Any) -> bool:
    """A binary property (``format: binary``, or ``contentMediaType`` without
    ``contentEncoding``), or an array of them: sent as file parts."""
    schema = deref(schema)
    if isinstance(schema, dict) and schema.get("type") == "array":
        return _is_file(deref, schema.get("items"))
    return is_binary_string(schema)


def _sample_literals(samples: Samples | str) -> tuple[str, str] | None:
    if isinstance(samples, str):
        return None
    return _json_literal(samples.first), _json_literal(samples.second)


def _valid_default(schema: dict[str, Any], value: Any) -> bool:
    """The default matches its (dereferenced) schema, formats included; a schema that cannot be
    checked on its own (a nested $ref) keeps its default."""
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import best_match

    try:
        validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
        return best_match(validator.iter_errors(value)) is None
    except Exception:  # an unresolvable nested $ref: lint has checked the value
        return True


def spec_display_name(document: SpecDocument, config: Config) -> str:
    """The spec path as written into generated headers: relative to the project, POSIX style."""
    try:
        return document.root.path.relative_to(config.root).as_posix()
    except ValueError:
        return document.root.path.name

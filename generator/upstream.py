"""Compare our hand-written spec with the vendor's OpenAPI document and report the drift.

Every operation of ours is matched with the vendor's by method and path template
(parameter names blanked, so ``{id}`` matches ``{resourceId}``); vendor operations we
do not model are ignored. For each pair the parameters (in, name, required, type,
default), the effective security, the response statuses and media types, the request
body, and the request and response schemas are compared, field by field and
recursively: missing or extra fields, required, type, format, nullability and enum
values. Schemas are compared by structure after resolving ``$ref``, so our component
names need not match the vendor's.

Annotations are ignored: description, title, examples, ``readOnly``, ``writeOnly`` and
``deprecated``. They do not change what goes over the wire, the vendor's documents
disagree on them (the reference page carries readOnly/deprecated flags its OpenAPI file
lacks), and reporting them would bury real drift under dozens of allowlist entries.

Accepted differences live in a checked-in allowlist: a YAML list of
``{rule: RULE, pointer: POINTER, reason: TEXT}`` where the pointer is either our JSON
pointer or the vendor's. Every entry needs a reason, and an entry that matches nothing
is reported, so stale entries cannot hide future drift.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from generator.compat import (
    Located,
    SchemaView,
    operations,
    parameter_schema,
    parameters_of,
    security_alternatives,
    view_schema,
)
from generator.errors import Diagnostic, Severity, SpecError, escape_pointer
from generator.load import SpecDocument, parse_source

__all__ = [
    "RULES",
    "AllowlistEntry",
    "Difference",
    "UpstreamReport",
    "compare_upstream",
    "load_allowlist",
]

RULES: Mapping[str, str] = {
    "operation-not-upstream": "an operation of ours that the vendor document does not have",
    "parameter-missing": "a vendor parameter that our operation lacks",
    "parameter-extra": "a parameter of ours that the vendor operation lacks",
    "parameter-required-differs": "a parameter required on one side only",
    "parameter-default-differs": "a parameter whose default differs",
    "security-differs": "the operation's effective security alternatives differ",
    "request-body-differs": "a request body present, or required, on one side only",
    "response-missing": "a vendor response status that we do not document",
    "response-extra": "a response status we document that the vendor does not",
    "content-type-differs": "a body's media type differs",
    "field-missing": "a vendor schema property that our schema lacks",
    "field-extra": "a property of ours that the vendor schema lacks",
    "required-differs": "a property required on one side only",
    "type-differs": "the JSON types (or the anyOf/oneOf alternatives) differ",
    "format-differs": "the string format differs",
    "nullability-differs": "nullable on one side only",
    "enum-value-missing": "a vendor enum value that our enum lacks",
    "enum-value-extra": "an enum value of ours that the vendor enum lacks",
}
"""Every difference rule id and what it means (allowlist entries name one of these)."""

_TEMPLATE_NAME = re.compile(r"\{([^}]*)\}")


@dataclass(frozen=True)
class Difference:
    """One difference, placed in both documents (``None`` where the thing is absent)."""

    rule: str
    ours: str | None
    vendor: str | None
    message: str

    def __lt__(self, other: Difference) -> bool:
        """Ordered by rule, then place (an absent place first), then message."""
        return _order_key(self) < _order_key(other)

    def format(self) -> str:
        return (
            f"[{self.rule}] ours: {_shown(self.ours)} | vendor: {_shown(self.vendor)}: "
            f"{self.message}"
        )


@dataclass(frozen=True)
class AllowlistEntry:
    """An accepted difference: a rule and a pointer (ours or the vendor's), with a reason."""

    rule: str
    pointer: str
    reason: str
    file: str
    line: int

    def matches(self, difference: Difference) -> bool:
        return self.rule == difference.rule and self.pointer in (
            difference.ours,
            difference.vendor,
        )


@dataclass(frozen=True)
class UpstreamReport:
    """Differences left after the allowlist, those it accepted, and its unused entries."""

    differences: tuple[Difference, ...]
    accepted: tuple[tuple[Difference, AllowlistEntry], ...]
    unused_allowlist_entries: tuple[AllowlistEntry, ...]

    @property
    def ok(self) -> bool:
        return not self.differences and not self.unused_allowlist_entries

    def format(self) -> str:
        lines = [f"DIFFERENCE {d.format()}" for d in self.differences]
        lines += [
            f"{e.file}:{e.line}: stale allowlist entry [{e.rule}] {_shown(e.pointer)}: matches "
            "no difference (remove it)"
            for e in self.unused_allowlist_entries
        ]
        lines += [f"accepted {d.format()} (reason: {e.reason})" for d, e in self.accepted]
        lines.append(
            f"{len(self.differences)} difference(s), {len(self.accepted)} accepted by the "
            f"allowlist, {len(self.unused_allowlist_entries)} stale allowlist entr"
            f"{'y' if len(self.unused_allowlist_entries) == 1 else 'ies'}"
        )
        return "\n".join(lines)


def _shown(pointer: str | None) -> str:
    if pointer is None:
        return "(absent)"
    return pointer or "/"


# --- the allowlist --------------------------------------------------------------------------


def load_allowlist(path: Path) -> tuple[AllowlistEntry, ...]:
    """Read and check the allowlist; any problem is a SpecError placed at its line."""
    display = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise SpecError([Diagnostic(display, 0, 0, Severity.ERROR, "allowlist",
                                    "", f"cannot read the allowlist: {exc.strerror}",
                                    "check the --allowlist path")]) from None
    data, positions = parse_source(text, display) if text.strip() else ([], {})
    problems: list[Diagnostic] = []

    def problem(pointer: str, message: str, hint: str) -> None:
        line, column = _locate(positions, pointer)
        problems.append(
            Diagnostic(display, line, column, Severity.ERROR, "allowlist", pointer, message, hint)
        )

    if data is None:
        data = []
    if not isinstance(data, list):
        problem("", "the allowlist must be a YAML list of entries",
                "write `- {rule: ..., pointer: ..., reason: ...}` items")
        raise SpecError(problems)
    entries: list[AllowlistEntry] = []
    for index, item in enumerate(data):
        at = f"/{index}"
        if not isinstance(item, dict):
            problem(at, "an entry must be a mapping",
                    "write {rule: ..., pointer: ..., reason: ...}")
            continue
        for key in sorted(set(item) - {"rule", "pointer", "reason"}):
            problem(f"{at}/{escape_pointer(key)}", f"unknown key {key!r}",
                    "entries have exactly rule, pointer and reason")
        rule, pointer, reason = item.get("rule"), item.get("pointer"), item.get("reason")
        if not isinstance(rule, str) or rule not in RULES:
            close = difflib.get_close_matches(str(rule), list(RULES), n=1)
            hint = f"did you mean {close[0]!r}?" if close else f"one of: {', '.join(RULES)}"
            problem(f"{at}/rule" if "rule" in item else at, f"unknown rule {rule!r}", hint)
        if not isinstance(pointer, str) or not (pointer == "" or pointer.startswith("/")):
            problem(f"{at}/pointer" if "pointer" in item else at,
                    "pointer must be a JSON pointer (ours or the vendor's), starting with /",
                    "copy it from the `upstream` output")
        if not isinstance(reason, str) or not reason.strip():
            problem(f"{at}/reason" if "reason" in item else at,
                    "every allowlist entry needs a reason",
                    "say why this difference is deliberate, e.g. what the vendor page documents")
        if isinstance(rule, str) and isinstance(pointer, str) and isinstance(reason, str):
            line = _locate(positions, at)[0]
            entries.append(AllowlistEntry(rule, pointer, reason.strip(), display, line))
    if problems:
        raise SpecError(problems)
    return tuple(entries)


def _locate(positions: Mapping[str, tuple[int, int]], pointer: str) -> tuple[int, int]:
    while True:
        if pointer in positions:
            return positions[pointer]
        if not pointer:
            return (1, 1)
        pointer = pointer.rsplit("/", 1)[0]


# --- the comparison -------------------------------------------------------------------------


def _scheme_signature(doc: SpecDocument, name: str) -> str:
    """A security scheme by what it is, not by its name: ``apiKey header X-API-KEY``."""
    components = doc.data.get("components") or {}
    scheme = (components.get("securitySchemes") or {}).get(name)
    if not isinstance(scheme, dict):
        return f"undefined {name}"
    kind = scheme.get("type")
    if kind == "apiKey":
        return f"apiKey {scheme.get('in')} {str(scheme.get('name')).lower()}"
    if kind == "http":
        return f"http {str(scheme.get('scheme')).lower()}"
    return str(kind)


class _Comparer:
    def __init__(self, ours: SpecDocument, vendor: SpecDocument) -> None:
        self.ours = ours
        self.vendor = vendor
        self.found: dict[tuple[str, str | None, str | None], Difference] = {}
        self.visited: set[tuple[str, str]] = set()

    def add(self, rule: str, ours: str | None, vendor: str | None, message: str) -> None:
        assert rule in RULES, rule
        self.found.setdefault((rule, ours, vendor), Difference(rule, ours, vendor, message))

    def o(self, node: Located) -> str:
        return _show(self.ours, node)

    def v(self, node: Located) -> str:
        return _show(self.vendor, node)

    def run(self) -> tuple[Difference, ...]:
        vendor_ops = operations(self.vendor)
        for key, ours in operations(self.ours).items():
            vendor = vendor_ops.get(key)
            if vendor is None:
                self.add("operation-not-upstream", self.o(ours), None,
                         f"{key[0].upper()} {key[1]} is not in the vendor document")
                continue
            self.parameters(ours, vendor)
            self.security(ours, vendor)
            self.request_body(ours, vendor)
            self.responses(ours, vendor)
        return tuple(sorted(self.found.values()))

    def parameters(self, our_op: Located, vendor_op: Located) -> None:
        ours_all = _by_position(parameters_of(self.ours, our_op), our_op)
        vendor_all = _by_position(parameters_of(self.vendor, vendor_op), vendor_op)
        for key, vendor in vendor_all.items():
            label = f"{key[0]} parameter {vendor.data['name']!r}"
            ours = ours_all.get(key)
            if ours is None:
                self.add("parameter-missing", None, self.v(vendor), f"we lack the vendor's {label}")
                continue
            if bool(ours.data.get("required")) != bool(vendor.data.get("required")):
                self.add("parameter-required-differs", self.o(ours), self.v(vendor),
                         f"{label}: required is {bool(ours.data.get('required'))} here, "
                         f"{bool(vendor.data.get('required'))} upstream")
            our_schema, vendor_schema = parameter_schema(ours), parameter_schema(vendor)
            if our_schema is None or vendor_schema is None:
                continue
            our_view = view_schema(self.ours, our_schema)
            vendor_view = view_schema(self.vendor, vendor_schema)
            if our_view.default != vendor_view.default:
                self.add("parameter-default-differs", our_view.at, vendor_view.at,
                         f"{label}: default {_default(our_view)} here, "
                         f"{_default(vendor_view)} upstream")
            self.schema(our_schema, vendor_schema)
        for key, ours in ours_all.items():
            if key not in vendor_all:
                self.add("parameter-extra", self.o(ours), None,
                         f"{key[0]} parameter {ours.data['name']!r} is not in the vendor operation")

    def security(self, our_op: Located, vendor_op: Located) -> None:
        our_where, our_alts = security_alternatives(self.ours, our_op)
        vendor_where, vendor_alts = security_alternatives(self.vendor, vendor_op)
        ours = {frozenset(_scheme_signature(self.ours, n) for n in alt) for alt in our_alts}
        vendor = {frozenset(_scheme_signature(self.vendor, n) for n in alt) for alt in vendor_alts}
        if ours != vendor:
            self.add("security-differs", self.o(our_where), self.v(vendor_where),
                     f"security alternatives {_alternatives(ours)} here, "
                     f"{_alternatives(vendor)} upstream")

    def request_body(self, our_op: Located, vendor_op: Located) -> None:
        ours = Located(our_op.source, f"{our_op.pointer}/requestBody",
                       our_op.data.get("requestBody"))
        vendor = Located(vendor_op.source, f"{vendor_op.pointer}/requestBody",
                         vendor_op.data.get("requestBody"))
        ours = _follow(self.ours, ours)
        vendor = _follow(self.vendor, vendor)
        has_ours, has_vendor = isinstance(ours.data, dict), isinstance(vendor.data, dict)
        if not has_ours and not has_vendor:
            return
        if has_ours != has_vendor:
            self.add("request-body-differs", self.o(ours), self.v(vendor),
                     f"a request body is documented {'here' if has_ours else 'upstream'} only")
            return
        if bool(ours.data.get("required")) != bool(vendor.data.get("required")):
            self.add("request-body-differs", self.o(ours), self.v(vendor),
                     "the request body is required on one side only")
        self.content(ours, vendor)

    def responses(self, our_op: Located, vendor_op: Located) -> None:
        ours_all = our_op.data.get("responses") or {}
        vendor_all = vendor_op.data.get("responses") or {}
        for status in vendor_all:
            vendor = Located(vendor_op.source,
                             f"{vendor_op.pointer}/responses/{escape_pointer(status)}",
                             vendor_all[status])
            if status not in ours_all:
                self.add("response-missing", None, self.v(vendor),
                         f"the vendor documents a {status} response that we do not")
                continue
            ours = Located(our_op.source, f"{our_op.pointer}/responses/{escape_pointer(status)}",
                           ours_all[status])
            self.content(_follow(self.ours, ours), _follow(self.vendor, vendor))
        for status in ours_all:
            if status not in vendor_all:
                pointer = f"{self.o(our_op)}/responses/{escape_pointer(status)}"
                self.add("response-extra", pointer, None,
                         f"we document a {status} response that the vendor document lacks")

    def content(self, ours: Located, vendor: Located) -> None:
        if not isinstance(ours.data, dict) or not isinstance(vendor.data, dict):
            return
        our_content = ours.data.get("content") or {}
        vendor_content = vendor.data.get("content") or {}
        if set(our_content) != set(vendor_content):
            self.add("content-type-differs", self.o(ours), self.v(vendor),
                     f"media types {sorted(our_content)} here, {sorted(vendor_content)} upstream")
        for media in sorted(set(our_content) & set(vendor_content)):
            our_entry, vendor_entry = our_content[media] or {}, vendor_content[media] or {}
            if "schema" in our_entry and "schema" in vendor_entry:
                escaped = escape_pointer(media)
                self.schema(
                    Located(ours.source, f"{ours.pointer}/content/{escaped}/schema",
                            our_entry["schema"]),
                    Located(vendor.source, f"{vendor.pointer}/content/{escaped}/schema",
                            vendor_entry["schema"]),
                )

    def schema(self, our_node: Located, vendor_node: Located) -> None:
        ours = view_schema(self.ours, our_node)
        vendor = view_schema(self.vendor, vendor_node)
        self.scalar(ours, vendor)
        key = (ours.body, vendor.body)
        if key in self.visited:
            return
        self.visited.add(key)
        self.fields(ours, vendor)
        for attr in ("items", "additional"):
            our_sub, vendor_sub = getattr(ours, attr), getattr(vendor, attr)
            if our_sub is not None and vendor_sub is not None:
                self.schema(our_sub, vendor_sub)
            elif (our_sub is None) != (vendor_sub is None):
                where = "items" if attr == "items" else "additionalProperties"
                self.add("type-differs", ours.at, vendor.at,
                         f"{where} schema given {'here' if our_sub else 'upstream'} only")
        if len(ours.variants) == len(vendor.variants):
            for our_sub, vendor_sub in zip(ours.variants, vendor.variants, strict=True):
                self.schema(our_sub, vendor_sub)
        else:
            self.add("type-differs", ours.at, vendor.at,
                     f"{len(ours.variants)} anyOf/oneOf alternative(s) here, "
                     f"{len(vendor.variants)} upstream")

    def scalar(self, ours: SchemaView, vendor: SchemaView) -> None:
        if ours.types != vendor.types:
            self.add("type-differs", ours.at, vendor.at,
                     f"type {_types(ours)} here, {_types(vendor)} upstream")
        if ours.format != vendor.format:
            self.add("format-differs", ours.at, vendor.at,
                     f"format {ours.format or '(none)'} here, {vendor.format or '(none)'} upstream")
        if ours.nullable != vendor.nullable:
            self.add("nullability-differs", ours.at, vendor.at,
                     f"{'nullable' if ours.nullable else 'not nullable'} here, "
                     f"{'nullable' if vendor.nullable else 'not nullable'} upstream")
        our_enum, vendor_enum = ours.enum or (), vendor.enum or ()
        missing = [v for v in vendor_enum if v not in our_enum]
        extra = [v for v in our_enum if v not in vendor_enum]
        if missing:
            self.add("enum-value-missing", ours.body, vendor.body,
                     f"we lack the vendor's enum value(s) {', '.join(map(repr, missing))}")
        if extra:
            self.add("enum-value-extra", ours.body, vendor.body,
                     f"enum value(s) {', '.join(map(repr, extra))} are not upstream")

    def fields(self, ours: SchemaView, vendor: SchemaView) -> None:
        for name, vendor_prop in vendor.properties.items():
            our_prop = ours.properties.get(name)
            if our_prop is None:
                self.add("field-missing", ours.body, self.v(vendor_prop),
                         f"we lack the vendor's field {name!r}")
                continue
            if (name in ours.required) != (name in vendor.required):
                self.add("required-differs", self.o(our_prop), self.v(vendor_prop),
                         f"field {name!r} is required "
                         f"{'here' if name in ours.required else 'upstream'} only")
            self.schema(our_prop, vendor_prop)
        for name, our_prop in ours.properties.items():
            if name not in vendor.properties:
                self.add("field-extra", self.o(our_prop), vendor.body,
                         f"field {name!r} is not in the vendor schema")


def _follow(doc: SpecDocument, node: Located) -> Located:
    while isinstance(node.data, dict) and isinstance(node.data.get("$ref"), str):
        try:
            source, pointer, data = doc.resolve(node.data["$ref"], node.source)
        except (KeyError, ValueError):
            return node
        if (source, pointer) == (node.source, node.pointer):
            return node
        node = Located(source, pointer, data)
    return node


def _by_position(
    parameters: dict[tuple[str, str], Located], operation: Located
) -> dict[tuple[str, str], Located]:
    """Key path parameters by their place in the template, so ``{id}`` meets ``{resourceId}``."""
    token = operation.pointer.split("/")[2].replace("~1", "/").replace("~0", "~")
    places = {name: index for index, name in enumerate(_TEMPLATE_NAME.findall(token))}
    return {
        (("path", f"#{places[name]}") if kind == "path" and name in places else (kind, name)): p
        for (kind, name), p in parameters.items()
    }


def _show(doc: SpecDocument, node: Located) -> str:
    """A pointer as printed: bare in the root file, ``file#pointer`` elsewhere."""
    return node.pointer if node.source is doc.root else f"{node.source.display}#{node.pointer}"


def _types(view: SchemaView) -> str:
    return " | ".join(sorted(view.types)) or "any"


def _default(view: SchemaView) -> str:
    return repr(view.default[0]) if view.default else "(none)"


def _alternatives(alternatives: set[frozenset[str]]) -> str:
    shown = sorted(" + ".join(sorted(alt)) or "no credentials" for alt in alternatives)
    return "[" + " | ".join(shown) + "]"


def compare_upstream(
    ours: SpecDocument, vendor: SpecDocument, allowlist: Path | None
) -> UpstreamReport:
    """Every difference between ``ours`` and ``vendor``, split by the allowlist at ``allowlist``."""
    entries = load_allowlist(allowlist) if allowlist is not None else ()
    remaining: list[Difference] = []
    accepted: list[tuple[Difference, AllowlistEntry]] = []
    used: set[int] = set()
    for difference in _Comparer(ours, vendor).run():
        match = next((i for i, e in enumerate(entries) if e.matches(difference)), None)
        if match is None:
            remaining.append(difference)
        else:
            accepted.append((difference, entries[match]))
            used.add(match)
    unused = tuple(e for i, e in enumerate(entries) if i not in used)
    return UpstreamReport(tuple(remaining), tuple(accepted), unused)


def _order_key(item: Difference) -> tuple[str, bool, str, bool, str, str]:
    return (
        item.rule,
        item.ours is not None,
        item.ours or "",
        item.vendor is not None,
        item.vendor or "",
        item.message,
    )

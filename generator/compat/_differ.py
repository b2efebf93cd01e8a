"""Walk two specs side by side and classify every change (diff_specs)."""

from __future__ import annotations

import re
from typing import Any, Literal

from generator.compat._limits import limit_changes
from generator.compat._operations import (
    operations,
    parameter_schema,
    parameters_of,
    security_alternatives,
)
from generator.compat._report import Change, CompatReport, required_bump
from generator.compat._rules import RULES
from generator.compat._unexplained import changed_places, explainer
from generator.compat._view import Located, SchemaView, follow, show, view_schema
from generator.errors import Diagnostic, SpecError, escape_pointer
from generator.load import SpecDocument

__all__ = ["diff_specs"]


Side = Literal["request", "response"]


def _accepts(wide: frozenset[str], narrow: frozenset[str]) -> bool:
    """Whether values of types ``narrow`` all fit ``wide`` (empty = any; number takes integer)."""
    if not wide:
        return True
    if not narrow:
        return False
    return all(t in wide or (t == "integer" and "number" in wide) for t in narrow)


def _path_of(operation: Located) -> str:
    token = operation.pointer.split("/")[2]
    return token.replace("~1", "/").replace("~0", "~")


def _is_success(status: str) -> bool:
    """A 2xx response key (``200``, ``2XX``): its body is what the method returns."""
    return str(status)[:1] == "2" and len(str(status)) == 3


def _json_media(content: Any) -> str | None:
    """The media type the client sends or reads: the IR's choice (application/json first,
    then ``+json`` types in order), else the first one listed (a body the client does not parse).
    """
    if not isinstance(content, dict) or not content:
        return None
    for media in sorted(content, key=lambda m: (m != "application/json", str(m))):
        if media == "application/json" or str(media).endswith("+json"):
            return str(media)
    return str(next(iter(content)))


class _Differ:
    """Walks two specs side by side and collects changes (deduplicated by rule and place)."""

    def __init__(self, old: SpecDocument, new: SpecDocument) -> None:
        self.old = old
        self.new = new
        self.found: dict[tuple[str, str | None, str | None], Change] = {}
        self.visited: set[tuple[str, str, Side]] = set()
        self.examined: set[str] = set()
        """Places a rule compared and found to make no difference to the client."""
        self.views: dict[tuple[bool, str, str], SchemaView] = {}

    def view(self, doc: SpecDocument, node: Located) -> SchemaView:
        """:func:`view_schema`, once per place (fields are looked at from several sides)."""
        key = (doc is self.new, node.source.display, node.pointer)
        found = self.views.get(key)
        if found is None:
            found = self.views[key] = view_schema(doc, node)
        return found

    def add(self, rule: str, old: str | None, new: str | None, message: str) -> None:
        assert rule in RULES, rule
        self.found.setdefault((rule, old, new), Change(rule, old, new, message))

    def o(self, node: Located) -> str:
        return show(self.old, node.source, node.pointer)

    def n(self, node: Located) -> str:
        return show(self.new, node.source, node.pointer)

    # operations

    def run(self) -> tuple[Change, ...]:
        old_ops, new_ops = operations(self.old), operations(self.new)
        for key, old_op in old_ops.items():
            if key not in new_ops:
                self.add("operation-removed", self.o(old_op), None,
                         f"operation {key[0].upper()} {_path_of(old_op)} was removed")
            else:
                self.operation(old_op, new_ops[key])
        for key, new_op in new_ops.items():
            if key not in old_ops:
                self.add("operation-added", None, self.n(new_op),
                         f"new operation {key[0].upper()} {_path_of(new_op)}")
        self.security_schemes()
        self.named_list("servers", "url", "server-removed", "server-added")
        self.component_schemas()
        self.documentation(self.old.data, self.new.data, "", None)
        self.unexplained()
        return tuple(sorted(self.found.values()))

    def unexplained(self) -> None:
        """``other-change`` for each place that changed where no finding (and no keyword a
        rule compared and found without effect on the client) is."""
        places = [p for c in self.found.values() for p in (c.old_pointer, c.new_pointer) if p]
        explained = explainer(places, self.examined)
        for old_place, new_place in changed_places(self.old, self.new):
            if explained((old_place, new_place)):
                continue
            self.add("other-change", old_place, new_place,
                     "changed in a way no rule describes")

    def operation(self, old: Located, new: Located) -> None:
        renames = (("operationId", "operation-id-changed"), ("tags", "operation-tag-changed"))
        for key, rule in renames:
            before, after = old.data.get(key), new.data.get(key)
            if key == "tags":
                before, after = (before or [None])[0], (after or [None])[0]
            if before != after:
                self.add(rule, self.o(old) + f"/{key}", self.n(new) + f"/{key}",
                         f"{key} changed from {before!r} to {after!r}: the client's "
                         f"{'method' if key == 'operationId' else 'resource'} name changes")
        self.parameters(old, new)
        self.request_body(old, new)
        self.responses(old, new)
        self.security(old, new)

    def parameters(self, old_op: Located, new_op: Located) -> None:
        old_params, new_params = parameters_of(self.old, old_op), parameters_of(self.new, new_op)
        for key, old in old_params.items():
            label = f"{key[0]} parameter {old.data['name']!r}"
            new = new_params.get(key)
            if new is None:
                self.add("parameter-removed", self.o(old), None, f"{label} was removed")
                continue
            was, now = bool(old.data.get("required")), bool(new.data.get("required"))
            if now and not was:
                self.add("parameter-made-required", self.o(old), self.n(new),
                         f"{label} is now required")
            elif was and not now:
                self.add("parameter-made-optional", self.o(old), self.n(new),
                         f"{label} is now optional")
            old_schema, new_schema = parameter_schema(old), parameter_schema(new)
            if old_schema is not None and new_schema is not None:
                old_view = self.view(self.old, old_schema)
                new_view = self.view(self.new, new_schema)
                if old_view.default != new_view.default:
                    self.add("parameter-default-changed", old_view.at, new_view.at,
                             f"{label}: default changed from {_value(old_view.default)} to "
                             f"{_value(new_view.default)}; calls that omit it now send "
                             "another value")
                self.schema(old_schema, new_schema, "request")
        for key, new in new_params.items():
            if key not in old_params:
                label = f"{key[0]} parameter {new.data['name']!r}"
                if new.data.get("required"):
                    self.add("parameter-added-required", None, self.n(new),
                             f"new required {label}")
                else:
                    self.add("parameter-added-optional", None, self.n(new),
                             f"new optional {label}")

    def request_body(self, old_op: Located, new_op: Located) -> None:
        old = follow(self.old, Located(old_op.source, f"{old_op.pointer}/requestBody",
                                        old_op.data.get("requestBody")))
        new = follow(self.new, Located(new_op.source, f"{new_op.pointer}/requestBody",
                                        new_op.data.get("requestBody")))
        has_old, has_new = isinstance(old.data, dict), isinstance(new.data, dict)
        if has_old and not has_new:
            self.add("request-body-removed", self.o(old), None, "the request body was removed")
        elif has_new and not has_old:
            required = bool(new.data.get("required"))
            rule = "request-body-added-required" if required else "request-body-added-optional"
            self.add(rule, None, self.n(new),
                     f"new {'required' if required else 'optional'} request body")
        if not (has_old and has_new):
            return
        was, now = bool(old.data.get("required")), bool(new.data.get("required"))
        if now != was:
            rule = "request-body-made-required" if now else "request-body-made-optional"
            self.add(rule, self.o(old), self.n(new),
                     f"the request body is now {'required' if now else 'optional'}")
        self.content(old, new, "request")

    def content(self, old: Located, new: Located, side: Side) -> None:
        old_media = _json_media(old.data.get("content"))
        new_media = _json_media(new.data.get("content"))
        if old_media is None and new_media is None:
            return
        self.media_types(old, new, {old_media, new_media})
        if old_media != new_media:
            if side == "request":
                self.add("request-body-removed", self.o(old), self.n(new),
                         f"the request body's media type changed from {old_media} to {new_media}")
            elif new_media is None:
                self.add("response-body-removed", self.o(old), self.n(new),
                         f"the {old_media} response body was removed")
            elif old_media is None:
                self.add("response-body-added", self.o(old), self.n(new),
                         f"new {new_media} response body")
            else:
                self.add("response-body-removed", self.o(old), self.n(new),
                         f"the response media type changed from {old_media} to {new_media}")
            return
        assert old_media is not None
        escaped = escape_pointer(old_media)
        old_entry = old.data["content"][old_media] or {}
        new_entry = new.data["content"][new_media] or {}
        if "schema" in old_entry and "schema" in new_entry:
            self.schema(
                Located(old.source, f"{old.pointer}/content/{escaped}/schema", old_entry["schema"]),
                Located(new.source, f"{new.pointer}/content/{escaped}/schema", new_entry["schema"]),
                side,
            )

    def media_types(self, old: Located, new: Located, used: set[str | None]) -> None:
        """Media types the client neither sends nor reads, added or removed."""
        old_all = old.data.get("content") if isinstance(old.data.get("content"), dict) else {}
        new_all = new.data.get("content") if isinstance(new.data.get("content"), dict) else {}
        for media in old_all:
            if media not in new_all and media not in used:
                self.add("media-type-removed", f"{self.o(old)}/content/{escape_pointer(media)}",
                         None, f"media type {media} was removed (the client does not use it)")
        for media in new_all:
            if media not in old_all and media not in used:
                self.add("media-type-added", None, f"{self.n(new)}/content/{escape_pointer(media)}",
                         f"new media type {media} (the client does not use it)")

    def responses(self, old_op: Located, new_op: Located) -> None:
        old_all = old_op.data.get("responses") or {}
        new_all = new_op.data.get("responses") or {}
        for status, raw in old_all.items():
            old_pointer = f"{old_op.pointer}/responses/{escape_pointer(status)}"
            old = follow(self.old, Located(old_op.source, old_pointer, raw))
            if status not in new_all:
                self.add("response-removed", self.o(old), None,
                         f"the {status} response was removed: the client's return type or "
                         "error class for it may change")
                continue
            new_pointer = f"{new_op.pointer}/responses/{escape_pointer(status)}"
            new = follow(self.new, Located(new_op.source, new_pointer, new_all[status]))
            if isinstance(old.data, dict) and isinstance(new.data, dict):
                self.content(old, new, "response")
        returned = {
            self._returned(self.old, old_op, status, raw)
            for status, raw in old_all.items()
            if _is_success(status)
        }
        for status, raw in new_all.items():
            if status not in old_all:
                pointer = f"{self.n(new_op)}/responses/{escape_pointer(status)}"
                success = _is_success(status)
                body = self._returned(self.new, new_op, status, raw) if success else None
                if returned and body is not None and body not in returned:
                    self.add("response-success-added", None, pointer,
                             f"new {status} response with another body than the other 2xx: "
                             "the method's return type becomes a union")
                else:
                    self.add("response-added", None, pointer, f"new {status} response")

    @staticmethod
    def _returned(doc: SpecDocument, op: Located, status: str, raw: Any) -> str:
        """What the client returns for a 2xx, as comparable text: no body, the JSON body's
        schema (as written: a `$ref` names its model), or a binary/text body."""
        pointer = f"{op.pointer}/responses/{escape_pointer(status)}"
        response = follow(doc, Located(op.source, pointer, raw)).data
        content = response.get("content") if isinstance(response, dict) else None
        media = _json_media(content)
        if media is None or not isinstance(content, dict):
            return "none"
        if media == "application/json" or media.endswith("+json"):
            entry = content[media] if isinstance(content[media], dict) else {}
            return "json " + repr(entry.get("schema"))
        return "text" if all(str(m).startswith("text/") for m in content) else "binary"

    def security(self, old_op: Located, new_op: Located) -> None:
        old_where, old_alts = security_alternatives(self.old, old_op)
        new_where, new_alts = security_alternatives(self.new, new_op)
        gone = sorted(old_alts - new_alts, key=sorted)
        came = sorted(new_alts - old_alts, key=sorted)
        places = (self.o(old_where), self.n(new_where))
        if gone and frozenset() in new_alts:
            self.add("security-requirement-removed", *places,
                     f"the operation no longer requires {_alternatives(gone)}: it needs no "
                     "credentials")
            came = [alt for alt in came if alt]  # "needs no credentials" says it
        elif gone == [frozenset()]:
            self.add("security-alternative-removed", *places,
                     "the operation now requires credentials: calls without them (the client "
                     "sends credentials only where the spec asks) get 401")
        elif gone:
            self.add("security-alternative-removed", *places,
                     f"the operation no longer accepts {_alternatives(gone)}")
        if came:
            self.add("security-requirement-added", *places,
                     f"the operation now also accepts {_alternatives(came)}")

    def security_schemes(self) -> None:
        old_all = _components(self.old, "securitySchemes")
        new_all = _components(self.new, "securitySchemes")
        base = "/components/securitySchemes/"
        for name, old in old_all.items():
            pointer = base + escape_pointer(name)
            if name not in new_all:
                self.add("security-scheme-removed", pointer, None,
                         f"security scheme {name!r} was removed: its client argument goes away")
                continue
            keys = ("type", "in", "name", "scheme")
            before = {k: old.get(k) if isinstance(old, dict) else None for k in keys}
            after = {k: new_all[name].get(k) if isinstance(new_all[name], dict) else None
                     for k in keys}
            changed = [f"{k} {before[k]!r} -> {after[k]!r}" for k in keys if before[k] != after[k]]
            if changed:
                self.add("security-scheme-changed", pointer, pointer,
                         f"security scheme {name!r} changed: {', '.join(changed)}")
        for name in new_all:
            if name not in old_all:
                self.add("security-scheme-added", None, base + escape_pointer(name),
                         f"new security scheme {name!r}")

    def named_list(self, key: str, name: str, removed: str, added: str) -> None:
        old_list = self.old.data.get(key) or []
        new_list = self.new.data.get(key) or []
        old_names = [e.get(name) for e in old_list if isinstance(e, dict)]
        new_names = [e.get(name) for e in new_list if isinstance(e, dict)]
        for index, value in enumerate(old_names):
            if value not in new_names:
                self.add(removed, f"/{key}/{index}", None, f"{key[:-1]} {value!r} was removed")
        for index, value in enumerate(new_names):
            if value not in old_names:
                self.add(added, None, f"/{key}/{index}", f"new {key[:-1]} {value!r}")

    def component_schemas(self) -> None:
        old_all = _components(self.old, "schemas")
        new_all = _components(self.new, "schemas")
        base = "/components/schemas/"
        for name in old_all:
            if name not in new_all:
                self.add("schema-removed", base + escape_pointer(name), None,
                         f"schema {name!r} was removed: its public model class goes away")
        for name in new_all:
            if name not in old_all:
                self.add("schema-added", None, base + escape_pointer(name),
                         f"new schema {name!r} (a new public model)")

    # schemas

    def schema(self, old_node: Located, new_node: Located, side: Side) -> None:
        old = self.view(self.old, old_node)
        new = self.view(self.new, new_node)
        self.scalar(old, new, side)
        self.keywords(old_node, new_node, side)
        key = (old.body, new.body, side)
        if key in self.visited:
            return
        self.visited.add(key)
        self.fields(old, new, side)
        for attr in ("items", "additional"):
            old_sub, new_sub = getattr(old, attr), getattr(new, attr)
            if old_sub is not None and new_sub is not None:
                self.schema(old_sub, new_sub, side)
        if len(old.variants) == len(new.variants):
            for old_sub, new_sub in zip(old.variants, new.variants, strict=True):
                self.schema(old_sub, new_sub, side)
        else:
            self.variants(old, new, side)

    def keywords(self, old_node: Located, new_node: Located, side: Side) -> None:
        """What the merged views do not show: the model a ``$ref`` names, the parts of an
        ``allOf``, and ``oneOf`` written as ``anyOf`` (the models make a Union of either, so
        that keyword is examined; the alternatives are compared by the view)."""
        old_model, new_model = _model_name(old_node.data), _model_name(new_node.data)
        if old_model and new_model and old_model != new_model:
            self.add(f"{side}-type-changed", self.o(old_node), self.n(new_node),
                     f"the model changes from {old_model} to {new_model}: code naming the "
                     "class breaks")
        old, new = follow(self.old, old_node), follow(self.new, new_node)
        if not (isinstance(old.data, dict) and isinstance(new.data, dict)):
            return
        for key in ("oneOf", "anyOf"):
            if (key in old.data) != (key in new.data):
                for doc, node in ((self.old, old), (self.new, new)):
                    if key in node.data:
                        self.examined.add(f"{show(doc, node.source, node.pointer)}/{key}")
        before, after = _constraining_parts(old.data), _constraining_parts(new.data)
        if before != after and side == "request":
            rule = "request-type-changed" if after > before else "request-type-widened"
            self.add(rule, self.o(old), self.n(new),
                     f"allOf parts that constrain values went from {before} to {after}: "
                     f"values must match {'more' if after > before else 'fewer'} schemas")
        elif before != after:
            # responses: the merged view shows what a part adds or takes (fields, limits);
            # an annotation-only part stays an other-change
            for doc, node in ((self.old, old), (self.new, new)):
                if "allOf" in node.data:
                    self.examined.add(f"{show(doc, node.source, node.pointer)}/allOf")

    def variants(self, old: SchemaView, new: SchemaView, side: Side) -> None:
        """Alternatives (anyOf/oneOf) added or removed: more is wider, fewer narrower.

        Alternatives are paired by where they are defined (a ``$ref`` target), else by place.
        """
        olds = {self.view(self.old, v).body: v for v in old.variants}
        news = {self.view(self.new, v).body: v for v in new.variants}
        old_bodies = {_local(b): b for b in olds}
        for body, new_sub in news.items():
            if _local(body) in old_bodies:
                self.schema(olds[old_bodies[_local(body)]], new_sub, side)
        more = len(new.variants) > len(old.variants)
        if side == "request":
            rule = "request-type-widened" if more else "request-type-changed"
        else:
            rule = "response-type-changed" if more else "response-type-narrowed"
        self.add(rule, old.body, new.body,
                 f"the alternatives (anyOf/oneOf) changed from {len(old.variants)} to "
                 f"{len(new.variants)}")

    def scalar(self, old: SchemaView, new: SchemaView, side: Side) -> None:
        if old.types != new.types:
            before, after = _type_text(old.types), _type_text(new.types)
            if side == "response":
                narrowed = _accepts(old.types, new.types)
                rule = "response-type-narrowed" if narrowed else "response-type-changed"
            else:
                widened = _accepts(new.types, old.types)
                rule = "request-type-widened" if widened else "request-type-changed"
            self.add(rule, old.at, new.at, f"type changed from {before} to {after}")
        if old.format != new.format:
            self.add("format-changed", old.at, new.at,
                     f"format changed from {old.format} to {new.format}: the Python type changes")
        if old.nullable != new.nullable:
            made = "nullable" if new.nullable else "non-nullable"
            rule = f"{side}-field-made-{made}"
            why = {
                "response-field-made-nullable": "code reading it may now get None",
                "response-field-made-non-nullable": "code reading it never gets None now",
                "request-field-made-nullable": "the client may now send null",
                "request-field-made-non-nullable": "code sending None is refused",
            }[rule]
            self.add(rule, old.at, new.at, f"now {made}: {why}")
        if old.enum is not None and new.enum is not None:
            removed = [v for v in old.enum if v not in new.enum]
            added = [v for v in new.enum if v not in old.enum]
            if removed:
                self.add(f"{side}-enum-value-removed", old.body, new.body,
                         f"enum value(s) removed: {', '.join(map(repr, removed))}")
            closed = [v for v in added if not isinstance(v, str)]
            if side == "response" and closed:
                self.add("response-closed-enum-value-added", old.body, new.body,
                         f"enum value(s) added: {', '.join(map(repr, added))}; the generated "
                         "enum keeps only unknown strings, so old clients refuse "
                         f"{', '.join(map(repr, closed))}")
            elif added:
                self.add(f"{side}-enum-value-added", old.body, new.body,
                         f"enum value(s) added: {', '.join(map(repr, added))}")
        elif (old.enum is None) != (new.enum is None):
            rule = "response-type-changed" if side == "response" else "request-type-changed"
            if side == "response" and old.enum is None:
                rule = "response-type-narrowed"
            if side == "request" and new.enum is None:
                rule = "request-type-widened"
            what = "now an enum" if new.enum is not None else "no longer an enum"
            self.add(rule, old.at, new.at, f"{what}")
        for change in limit_changes(old.limits, new.limits):
            if side == "response" and change.keyword in _NOT_VALIDATED:
                for view in (old, new):
                    if change.keyword in view.limits:
                        self.examined.add(view.limits[change.keyword][1])
                continue
            old_place = old.limits[change.keyword][1] if change.keyword in old.limits else None
            new_place = new.limits[change.keyword][1] if change.keyword in new.limits else None
            if old_place is None:
                old_place = old.body
            if new_place is None:
                new_place = new.body
            effect = _LIMIT_EFFECT[side, change.direction]
            self.add(f"{side}-limit-{change.direction}", old_place, new_place,
                     f"{change.text}: {effect}")

    def hidden(self, doc: SpecDocument, prop: Located, side: Side) -> bool:
        """Whether the client leaves the field out on this side (readOnly in requests,
        writeOnly in responses)."""
        return _flagged(doc, prop, "readOnly" if side == "request" else "writeOnly", 0)

    def fields(self, old: SchemaView, new: SchemaView, side: Side) -> None:
        for name, old_prop in old.properties.items():
            new_prop = new.properties.get(name)
            old_hidden = self.hidden(self.old, old_prop, side)
            new_hidden = new_prop is not None and self.hidden(self.new, new_prop, side)
            if new_prop is not None:  # the other side's flag makes no difference here
                flag = "writeOnly" if side == "request" else "readOnly"
                for doc, prop in ((self.old, old_prop), (self.new, new_prop)):
                    self.examined.add(f"{self.view(doc, prop).body}/{flag}")
            if old_hidden and (new_prop is None or new_hidden):
                continue  # not a field on this side, before or after
            if new_prop is not None and old_hidden != new_hidden:
                self.access(name, old_prop, new_prop, side, hidden=new_hidden,
                            required=name in new.required)
                continue
            if new_prop is None:
                self.add(f"{side}-field-removed", self.o(old_prop), None,
                         f"field {name!r} was removed")
                continue
            was, now = name in old.required, name in new.required
            if was != now:
                rule = f"{side}-field-made-{'required' if now else 'optional'}"
                self.add(rule, self.o(old_prop), self.n(new_prop),
                         f"field {name!r} is now {'required' if now else 'optional'}")
            self.schema(old_prop, new_prop, side)
        for name, new_prop in new.properties.items():
            if name in old.properties or self.hidden(self.new, new_prop, side):
                continue
            if side == "response":
                self.add("response-field-added", None, self.n(new_prop), f"new field {name!r}")
            elif name in new.required:
                self.add("request-field-added-required", None, self.n(new_prop),
                         f"new required field {name!r}")
            else:
                self.add("request-field-added-optional", None, self.n(new_prop),
                         f"new optional field {name!r}")

    def access(
        self, name: str, old: Located, new: Located, side: Side, *, hidden: bool, required: bool
    ) -> None:
        """A field that became readOnly/writeOnly, or stopped being, on the side it matters."""
        if side == "request" and hidden:
            self.add("request-field-made-read-only", self.o(old), self.n(new),
                     f"field {name!r} is now readOnly: the request model drops it, so an "
                     "argument goes away")
        elif side == "request" and required:
            self.add("request-field-added-required", self.o(old), self.n(new),
                     f"field {name!r} is no longer readOnly and is required: a new required "
                     "argument")
        elif side == "request":
            self.add("request-field-made-writable", self.o(old), self.n(new),
                     f"field {name!r} is no longer readOnly: a new optional argument")
        elif hidden:
            self.add("response-field-made-write-only", self.o(old), self.n(new),
                     f"field {name!r} is now writeOnly: responses no longer carry it")
        else:
            self.add("response-field-made-readable", self.o(old), self.n(new),
                     f"field {name!r} is no longer writeOnly: responses may carry it")

    # documentation

    def documentation(self, old: Any, new: Any, pointer: str, parent: str | None) -> None:
        if isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
            if parent != "security":  # requirement objects are keyed by scheme names
                for index, (before, after) in enumerate(zip(old, new, strict=True)):
                    self.documentation(before, after, f"{pointer}/{index}", None)
            return
        if not (isinstance(old, dict) and isinstance(new, dict)):
            return
        names_only = parent in _NAME_MAPS
        for key in sorted(old.keys() & new.keys()):
            child = f"{pointer}/{escape_pointer(key)}"
            if old[key] == new[key]:
                continue
            if not names_only and key in _CLIENT_NAME_KEYS:
                self.add("client-name-changed", child, child,
                         f"{key} changed from {old[key]!r} to {new[key]!r}: a name in the "
                         "client changes")
            elif not names_only and (key in _DOC_KEYS or key.startswith("x-")):
                if pointer == "/info" and key == "version":
                    continue
                self.add("documentation-changed", child, child, f"{key} changed")
            elif not names_only and key == "deprecated":
                state = "deprecated" if new[key] else "no longer deprecated"
                self.add("deprecation-changed", child, child, f"now {state}")
            else:
                self.documentation(old[key], new[key], child, None if names_only else key)
        for key in sorted(new.keys() - old.keys()):
            child = f"{pointer}/{escape_pointer(key)}"
            if not names_only and key in _CLIENT_NAME_KEYS:
                self.add("client-name-changed", None, child, f"{key} added: a name in the "
                         "client changes")
            elif not names_only and (key in _DOC_KEYS or key.startswith("x-")):
                self.add("documentation-changed", None, child, f"{key} added")
            elif not names_only and key == "deprecated" and new[key]:
                self.add("deprecation-changed", None, child, "now deprecated")
        for key in sorted(old.keys() - new.keys()):
            child = f"{pointer}/{escape_pointer(key)}"
            if not names_only and key in _CLIENT_NAME_KEYS:
                self.add("client-name-changed", child, None, f"{key} removed: a name in the "
                         "client changes")
            elif not names_only and (key in _DOC_KEYS or key.startswith("x-")):
                self.add("documentation-changed", child, None, f"{key} removed")
            elif not names_only and key == "deprecated" and old[key]:
                self.add("deprecation-changed", child, None, "no longer deprecated")


# Extensions that name things in the generated client: changing one renames public API.
_CLIENT_NAME_KEYS = frozenset({"x-method-name", "x-name", "x-client-default"})
_DOC_KEYS = frozenset({
    "description", "summary", "title", "example", "examples", "externalDocs",
    "contact", "license", "termsOfService",
})
# Mappings whose keys are names chosen by the author, not OpenAPI keywords: a property
# called "description" is a field, not documentation.
_NAME_MAPS = frozenset({
    "properties", "patternProperties", "$defs", "definitions", "schemas", "responses",
    "parameters", "requestBodies", "headers", "securitySchemes", "links", "callbacks",
    "content", "paths", "webhooks", "variables", "mapping", "encoding", "pathItems",
})


# Limits the generated models do not check (a list stays a list: uniqueItems is the server's).
_NOT_VALIDATED = frozenset({"uniqueItems"})
_LIMIT_EFFECT = {
    ("request", "tightened"): "calls that worked may now be refused",
    ("request", "loosened"): "the server accepts more values",
    ("response", "loosened"): "the generated model validates responses, so a value now "
                              "allowed makes old clients fail to parse it",
    ("response", "tightened"): "responses stay within what the model accepts",
}


_SCHEMAS_REF = "#/components/schemas/"
_ANNOTATIONS = frozenset({"title", "description", "example", "examples", "externalDocs",
                          "deprecated", "readOnly", "writeOnly", "$comment", "default"})


def _model_name(data: Any) -> str | None:
    """The component a schema names with ``$ref`` (its model class), if it is one."""
    ref = data.get("$ref") if isinstance(data, dict) else None
    if isinstance(ref, str) and ref.startswith(_SCHEMAS_REF):
        return ref[len(_SCHEMAS_REF):]
    return None


def _allof(data: Any) -> list[Any]:
    parts = data.get("allOf")
    return parts if isinstance(parts, list) else []


def _annotation_only(part: Any) -> bool:
    return isinstance(part, dict) and all(
        key in _ANNOTATIONS or str(key).startswith("x-") for key in part
    )


def _constraining_parts(data: Any) -> int:
    """``allOf`` parts that limit values (an annotation-only part accepts everything)."""
    return sum(not _annotation_only(part) for part in _allof(data))


def _flagged(doc: SpecDocument, node: Located, key: str, depth: int) -> bool:
    """Whether ``key`` is true on the schema or an ``allOf`` part (as the view merges them),
    without building the view: asked for every field, also those that went away."""
    node = follow(doc, node)
    data = node.data
    if not isinstance(data, dict) or depth > _MAX_ALLOF_DEPTH:
        return False
    if data.get(key) is True:
        return True
    parts = data.get("allOf")
    if not isinstance(parts, list):
        return False
    return any(
        _flagged(doc, Located(node.source, f"{node.pointer}/allOf/{i}", part), key, depth + 1)
        for i, part in enumerate(parts)
    )


_MAX_ALLOF_DEPTH = 32


def _alternatives(alternatives: list[frozenset[str]]) -> str:
    """``ApiKey or Bearer + Basic``; the empty alternative is anonymous access."""
    return " or ".join(
        " + ".join(sorted(alt)) or "no credentials (anonymous access)" for alt in alternatives
    )


def _local(body: str) -> str:
    """A place without its file label (``HEAD:spec/x.yaml#/a`` and ``spec/x.yaml#/a`` pair)."""
    return body.rsplit("#", 1)[-1] if "#" in body else body


def _components(doc: SpecDocument, kind: str) -> dict[str, Any]:
    components = doc.data.get("components") if isinstance(doc.data, dict) else None
    found = (components or {}).get(kind) or {}
    return dict(found) if isinstance(found, dict) else {}


def _type_text(types: frozenset[str]) -> str:
    return " | ".join(sorted(types)) or "any"


def _value(default: tuple[Any, ...]) -> str:
    return repr(default[0]) if default else "(none)"


def _version(doc: SpecDocument) -> str:
    info = doc.data.get("info") if isinstance(doc.data, dict) else None
    version = info.get("version") if isinstance(info, dict) else None
    return str(version) if version is not None else ""


def _version_problem(doc: SpecDocument) -> Diagnostic | None:
    """A refusal of anything but OpenAPI 3.1.x, as ``validate`` refuses it (same code)."""
    data = doc.data if isinstance(doc.data, dict) else {}
    version = data.get("openapi")
    if isinstance(version, str) and re.fullmatch(r"3\.1\.\d+", version):
        return None
    where = "/openapi" if "openapi" in data else ("/swagger" if "swagger" in data else "")
    what = (
        f"OpenAPI version {version!r}" if "openapi" in data
        else f"Swagger {data['swagger']!r}" if "swagger" in data
        else "a document without an `openapi` field"
    )
    return doc.diagnostic(
        "openapi-version", where,
        f"{what} is not supported: changes are classified between OpenAPI 3.1.x documents only",
        "convert it to 3.1 (`openapi: 3.1.0`; `nullable: true` becomes a type list with "
        "\"null\"; `exclusiveMaximum: true` becomes a number) and run diff again",
    )


def diff_specs(old: SpecDocument, new: SpecDocument) -> CompatReport:
    """Every change from ``old`` to ``new``, classified, and the version bump they need.

    Raises :class:`SpecError` (``openapi-version``) when either is not OpenAPI 3.1.x: the
    client is generated from 3.1 only, and 3.0's keywords mean other things
    (``nullable``, boolean ``exclusiveMaximum``), so comparing them would classify wrongly.
    """
    problems = [p for p in (_version_problem(old), _version_problem(new)) if p is not None]
    if problems:
        raise SpecError(problems)
    changes = _Differ(old, new).run()
    return CompatReport(changes, required_bump(changes), _version(old), _version(new))

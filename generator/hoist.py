"""Inline schemas of operations and webhooks become components, so each gets its model.

datamodel-code-generator models ``components/schemas``; a request body, a response or a webhook
payload written inline would otherwise be typed ``dict[str, Any]`` although its schema says
more. Between lint and the IR, each inline JSON schema there that is a model (an object with
``properties``, or an ``allOf``/``oneOf``/``anyOf``) moves into ``components/schemas`` under a
name made from where it is used, and a ``$ref`` takes its place:

- request body: ``<Method>Body``; success response: ``<Method>Response``; any other response:
  ``<Method>Response<status>`` (``RefundCreditInvoiceResponse404``); in a reusable
  ``components/requestBodies`` or ``components/responses`` entry: that entry's name plus
  ``Body``/``Response``; webhook: ``<Webhook>Payload``;
- a parameter's object with properties or ``allOf`` of objects (only that: its alternatives,
  maps and arrays keep their plain types, as callers write them): ``<Method><Parameter>``
  (``ListPeopleFilter``), ``<Path><Parameter>`` for a path item's, in ``components/parameters``
  the entry's name;
- a field's object in an inline multipart or form-urlencoded body: ``<Method>Form<Field>``,
  and an array field's object items ``<Method>Form<Field>Item``; in a form body that is a
  component, ``<Component><Field>``;
- an array's items add ``Item``, a map's values ``Value``; ``X | None`` written as ``anyOf``/
  ``oneOf`` with ``{type: null}`` keeps its wrapper and names the other alternative;
- ``<Method>`` is the method's Python name in PascalCase (``x-method-name``, else
  ``operationId``, else method and path, as the IR names it); a name already taken gets
  ``2``, ``3``, ... (compared as datamodel-code-generator compares class names).

The document is copied, never changed in place (``diff`` and ``upstream`` read the original),
and the hoisted nodes keep their lines and columns under the new pointers, so a later
finding still points into the file as written. In a spec of several files, a path item, body,
response or parameter written in a file of its own is followed there: an inline model schema
in it becomes a component of the root file too, its ``$ref``s rewritten to mean the same from
the root file, and that file's copy refers to it by path (``../openapi.yaml#/components/...``).
"""

from __future__ import annotations

import copy
import functools
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from generator.errors import escape_pointer
from generator.load import SourceFile, SpecDocument, iter_pointer
from generator.names import class_name, method_names
from generator.shapes import is_json_media, is_object_model

__all__ = ["hoist_inline_schemas"]

_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
_COMPOSITIONS = frozenset({"allOf", "oneOf", "anyOf"})
_SCHEMAS = "/components/schemas"


def hoist_inline_schemas(document: SpecDocument) -> SpecDocument:
    """The document with every inline model schema of its operations moved to a component,
    and every component schema name with a dot renamed (in every file that names it)."""
    data = copy.deepcopy(document.data)
    if not isinstance(data, dict):
        return document
    moved = _undot(data)
    files = _Files(document, data)
    renamed_elsewhere = _undot_elsewhere(document, moved)
    files.copies.update(renamed_elsewhere)
    hoister = _Hoister(data, document)
    for source, pointer, node, name in _sites(files):
        hoister.visit(source, node, pointer, name)
    for source, pointer, node, name in _parameter_sites(files):
        hoister.visit_object(source, node, pointer, name)
    for source, pointer, properties, name in _form_sites(files):
        for key, field in list(properties.items()):
            field_name = name + class_name(str(key))
            hoister.visit_object(source, properties, pointer, field_name, str(key))
            if isinstance(field, dict) and field.get("type") == "array":
                where = f"{pointer}/{escape_pointer(str(key))}"
                hoister.visit_object(source, field, where, f"{field_name}Item", "items")
    moved.update(hoister.moved)
    if not moved and not hoister.elsewhere and not hoister.made:
        return document
    root = _moved(document.root, data, moved)
    others = {
        path: replace(document.files[path], data=files.copies[path])
        for path in {*hoister.elsewhere, *renamed_elsewhere}
    }
    return replace(document, root=root, files={**document.files, **others, root.path: root})


def _undot(data: dict[str, Any]) -> dict[str, str]:
    """Rename component schemas whose name has a dot (``pet.Pet`` -> ``pet_Pet``) and every
    ``$ref`` and discriminator mapping to them: datamodel-code-generator reads a dot as a module
    path and writes several modules. Old pointer -> new pointer of each."""
    components = data.get("components")
    if not isinstance(components, dict):
        return {}
    schemas = components.get("schemas")
    if not isinstance(schemas, dict) or not any("." in str(k) for k in schemas):
        return {}
    taken = {_norm(str(k)) for k in schemas if "." not in str(k)}
    names: dict[str, str] = {}
    for key in schemas:
        if "." in str(key):
            base = str(key).replace(".", "_")
            unique, n = base, 1
            while _norm(unique) in taken:
                n += 1
                unique = f"{base}{n}"
            taken.add(_norm(unique))
            names[str(key)] = unique
    components["schemas"] = {names.get(str(k), k): v for k, v in schemas.items()}
    refs = {
        f"#{_SCHEMAS}/{escape_pointer(old)}": f"#{_SCHEMAS}/{new}"
        for old, new in names.items()
    }

    def renamed(ref: str) -> str:
        head, slash, rest = ref.partition("/components/schemas/")
        name, sep, tail = rest.partition("/")
        target = (
            refs.get(f"{head}/components/schemas/{name}")
            if slash and head == "#"
            else None
        )
        return f"{target}{sep}{tail}" if target else ref

    _rename_refs(data, renamed, names)
    return {
        f"{_SCHEMAS}/{escape_pointer(old)}": f"{_SCHEMAS}/{escape_pointer(new)}"
        for old, new in names.items()
    }


def _undot_elsewhere(document: SpecDocument, moved: dict[str, str]) -> dict[Path, Any]:
    """Copies of the spec's other files in which a ``$ref`` (or a discriminator's mapping) names
    a component ``_undot`` renamed, renamed there too (the Ethereum Beacon API's
    ``../../openapi.yaml#/components/schemas/Altair.SyncDuty``)."""
    if not moved:
        return {}
    names = {old.rsplit("/", 1)[1]: new.rsplit("/", 1)[1] for old, new in moved.items()}
    changed: dict[Path, Any] = {}
    for path, source in document.files.items():
        if path == document.root.path:
            continue

        def renamed(ref: str, source: SourceFile = source) -> str:
            try:
                target, where, _ = document.resolve(ref, source)
            except (KeyError, OSError, ValueError):
                return ref  # lint refused what does not resolve
            if target.path != document.root.path:
                return ref
            for old, new in moved.items():
                if where == old or where.startswith(old + "/"):
                    return f"{ref.partition('#')[0]}#{new}{where[len(old):]}"
            return ref

        data = copy.deepcopy(source.data)
        if _rename_refs(data, renamed, names):
            changed[path] = data
    return changed


def _rename_refs(data: Any, renamed: Callable[[str], str], names: dict[str, str]) -> bool:
    """Rewrite in place each ``$ref`` of ``data`` as ``renamed`` says, and each discriminator
    mapping's target (a schema's name, renamed by ``names``, or a ``$ref``); whether any
    changed."""
    changed = False
    stack: list[Any] = [data]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            ref = node.get("$ref")
            new_ref = renamed(ref) if isinstance(ref, str) else ref
            if new_ref != ref:
                node["$ref"], changed = new_ref, True
            discriminator = node.get("discriminator")
            if isinstance(discriminator, dict) and isinstance(
                discriminator.get("mapping"), dict
            ):
                mapping = discriminator["mapping"]
                for value, target in mapping.items():
                    if isinstance(target, str):
                        new = names.get(target, renamed(target))
                        changed |= new != target
                        mapping[value] = new
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return changed


class _Files:
    """The spec's files as hoisting changes them: the root's data, copied by the caller, and
    another file's, copied when a site in it is first reached through a ``$ref`` (a path item,
    a body, a response or a parameter written in a file of its own)."""

    def __init__(self, document: SpecDocument, root: dict[str, Any]) -> None:
        self.document = document
        self.root = document.root
        self.copies: dict[Path, Any] = {document.root.path: root}

    def follow(
        self, value: Any, source: SourceFile, pointer: str, *, local: bool = False
    ) -> tuple[SourceFile, str, Any]:
        """``value`` where it is written: itself, or, for a ``$ref`` to another file (or, in
        another file, to a place of that file), what the ``$ref`` names, in that file's copy.
        A ``$ref`` of the root file to its own components stays unless ``local`` (a path item's
        to ``components/pathItems``): the other components are visited as such, under their own
        names."""
        ref = value.get("$ref") if isinstance(value, dict) else None
        if not isinstance(ref, str) or "://" in ref or ref.startswith("//"):
            return source, pointer, value
        if source is self.root and ref.startswith("#") and not local:
            return source, pointer, value
        try:
            target, where, _ = self.document.resolve(ref, source)
        except (KeyError, OSError, ValueError):
            return source, pointer, value  # lint refused what does not resolve
        if target.path not in self.copies:
            self.copies[target.path] = copy.deepcopy(target.data)
        found = self.copies[target.path]
        for token in iter_pointer(where):
            found = found[int(token)] if isinstance(found, list) else found[token]
        return self.follow(found, target, where, local=local)

    def items(
        self, value: Any, source: SourceFile, pointer: str, *, local: bool = False
    ) -> Iterator[tuple[SourceFile, str, str, dict[str, Any]]]:
        """(file, pointer, key, item) of each entry of a mapping, each followed (``local``: as
        ``follow`` says)."""
        for key, item in _mapping(value):
            where = f"{pointer}/{escape_pointer(key)}"
            found_source, found_pointer, found = self.follow(item, source, where, local=local)
            if isinstance(found, dict):
                yield found_source, found_pointer, key, found

    @functools.cached_property
    def method_names(self) -> dict[tuple[str, str], str]:
        """(path, method) -> the class-name form of each operation's Python method name, as
        the IR names the methods (``names.method_names``)."""
        found = [
            (key, method, item[method])
            for _, _, key, item in self.path_items("paths")
            for method in _METHODS
            if isinstance(item.get(method), dict)
        ]
        names = method_names(
            (op.get("operationId"), op.get("x-method-name"), method, key)
            for key, method, op in found
        )
        return {
            (key, method): class_name(name)
            for (key, method, _), name in zip(found, names, strict=True)
        }

    def path_items(self, group: str) -> Iterator[tuple[SourceFile, str, str, dict[str, Any]]]:
        """(file, pointer, key, path item) of each entry of ``paths`` or ``webhooks``. One that
        is a ``$ref`` (to ``components/pathItems``, or to a file) is the item it names, at that
        item's place: its inline schemas move from there, named after the first entry that
        names it."""
        for key, item in _mapping(self.copies[self.root.path].get(group)):
            where = f"/{group}/{escape_pointer(key)}"
            source, pointer, found = self.follow(item, self.root, where, local=True)
            if isinstance(found, dict):
                yield source, pointer, key, found


Site = tuple[SourceFile, str, dict[str, Any], str]
"""(file, pointer, owner, name): ``owner["schema"]`` (or a field of it) may be hoisted."""


def _sites(files: _Files) -> Iterator[Site]:
    """Every (file, pointer, media type object, name) whose ``schema`` may be hoisted."""
    root = files.root
    found = files.copies[root.path].get("components")
    components: dict[str, Any] = found if isinstance(found, dict) else {}
    entries = files.items(components.get("requestBodies"), root, "/components/requestBodies")
    for source, pointer, key, body in entries:
        yield from _media(source, body, pointer, f"{key}Body")
    entries = files.items(components.get("responses"), root, "/components/responses")
    for source, pointer, key, response in entries:
        yield from _media(source, response, pointer, f"{key}Response", response=True)
    for group in ("paths", "webhooks"):
        for source, where, key, item in files.path_items(group):
            for method in _METHODS:
                op = item.get(method)
                if not isinstance(op, dict):
                    continue
                paths = group == "paths"
                base = files.method_names[key, method] if paths else _webhook_name(key, op)
                pointer = f"{where}/{method}"
                body_name = f"{base}Body" if paths else f"{base}Payload"
                at, body_pointer, body = files.follow(
                    op.get("requestBody"), source, f"{pointer}/requestBody"
                )
                yield from _media(at, body, body_pointer, body_name)
                statuses = [str(s) for s, _ in _mapping(op.get("responses"))]
                success = next((s for s in statuses if s.startswith("2")), None)
                responses = files.items(op.get("responses"), source, f"{pointer}/responses")
                for at, response_pointer, status, response in responses:
                    suffix = "" if status == success else status.capitalize()
                    name = f"{base}Response{suffix}"
                    yield from _media(at, response, response_pointer, name, response=True)
                if paths:
                    yield from _callback_sites(files, source, pointer, op, base)


def _callback_sites(
    files: _Files, source: SourceFile, pointer: str, op: dict[str, Any], base: str
) -> Iterator[Site]:
    """The payloads of an operation's callbacks: ``<Method><Callback>Payload``, or
    ``<OperationId>Payload`` for a callback operation with its own operationId. A callback
    that is a ``$ref`` to ``components/callbacks`` (or a path item of one, to
    ``components/pathItems``) has its schemas moved from there, as a path item's are."""
    callbacks = files.items(op.get("callbacks"), source, f"{pointer}/callbacks", local=True)
    for at, callback_pointer, name, callback in callbacks:
        entries = files.items(callback, at, callback_pointer, local=True)
        for item_at, item_pointer, _, item in entries:
            for method in _METHODS:
                received = item.get(method)
                if not isinstance(received, dict):
                    continue
                own = received.get("operationId")
                payload = class_name(own if isinstance(own, str) else f"{base}_{name}")
                body_at, body_pointer, body = files.follow(
                    received.get("requestBody"), item_at, f"{item_pointer}/{method}/requestBody"
                )
                yield from _media(body_at, body, body_pointer, f"{payload}Payload")


def _parameter_sites(files: _Files) -> Iterator[Site]:
    """Every (file, pointer, parameter or JSON media type object, name) whose ``schema`` may
    be an inline object: named ``<Method><Parameter>``, ``<Path><Parameter>`` for a path
    item's, the entry's own name in ``components/parameters``."""
    root = files.root
    found = files.copies[root.path].get("components")
    components: dict[str, Any] = found if isinstance(found, dict) else {}
    entries = files.items(components.get("parameters"), root, "/components/parameters")
    owners: list[Site] = [
        (source, pointer, item, class_name(key)) for source, pointer, key, item in entries
    ]
    for source, where, path, item in files.path_items("paths"):
        for method in ("", *_METHODS):
            owner = item.get(method) if method else item
            if not isinstance(owner, dict) or not isinstance(owner.get("parameters"), list):
                continue
            base = files.method_names[path, method] if method else class_name(path)
            pointer = f"{where}/{method}/parameters" if method else f"{where}/parameters"
            for index, written in enumerate(owner["parameters"]):
                at, place, parameter = files.follow(written, source, f"{pointer}/{index}")
                if isinstance(parameter, dict) and isinstance(parameter.get("name"), str):
                    owners.append((at, place, parameter, base + class_name(parameter["name"])))
    for source, pointer, parameter, name in owners:
        if "$ref" not in parameter:
            yield source, pointer, parameter, name
            yield from _media(source, parameter, pointer, name)


def _form_sites(files: _Files) -> Iterator[Site]:
    """The (file, pointer, properties, name) of every multipart or form-urlencoded body of an
    operation: its fields are a TypedDict, a field's object ``<Method>Form<Field>`` (its array's
    items ``<Method>Form<Field>Item``); in a body that is a local component, ``<Component><Field>``
    (the model generator would make a nested class, whose name the IR cannot know)."""
    data = files.copies[files.root.path]
    for source, where, path, item in files.path_items("paths"):
        for method in _METHODS:
            op = item.get(method)
            if not isinstance(op, dict):
                continue
            at, body_pointer, body = files.follow(
                op.get("requestBody"), source, f"{where}/{method}/requestBody"
            )
            if not isinstance(body, dict) or "$ref" in body:
                continue
            for media_type, media in _mapping(body.get("content")):
                schema = media.get("schema")
                forms = ("multipart/form-data", "application/x-www-form-urlencoded")
                if media_type not in forms or not isinstance(schema, dict):
                    continue
                properties = schema.get("properties")
                ref = schema.get("$ref")
                if isinstance(properties, dict) and not isinstance(ref, str):
                    here = f"{body_pointer}/content/{escape_pointer(media_type)}/schema/properties"
                    yield at, here, properties, f"{files.method_names[path, method]}Form"
                elif (
                    at is files.root
                    and isinstance(ref, str)
                    and (name := _component_name(ref)) is not None
                ):
                    component = dict(_mapping(data.get("components", {}).get("schemas")))
                    properties = component.get(name, {}).get("properties")
                    if isinstance(properties, dict):
                        yield at, f"{ref[1:]}/properties", properties, class_name(name)


def _component_name(ref: str) -> str | None:
    """The component schema a local ``$ref`` names (``#/components/schemas/a~1b``: ``a/b``);
    None for anything else."""
    if not ref.startswith(f"#{_SCHEMAS}/"):
        return None
    return ref[len(_SCHEMAS) + 2 :].replace("~1", "/").replace("~0", "~")


def _mapping(value: Any) -> Iterator[tuple[str, dict[str, Any]]]:
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, dict):
                yield str(key), item


def _media(
    source: SourceFile, owner: Any, pointer: str, name: str, response: bool = False
) -> Iterator[Site]:
    """The JSON media types of a request body or response (not a ``$ref`` to one); a
    response's ``*/*`` too, which the IR reads as JSON when its schema describes data."""
    if not isinstance(owner, dict) or "$ref" in owner:
        return
    for media_type, media in _mapping(owner.get("content")):
        json = is_json_media(media_type)
        if json or (response and media_type == "*/*"):
            yield source, f"{pointer}/content/{escape_pointer(media_type)}", media, name


def _webhook_name(key: str, op: dict[str, Any]) -> str:
    operation_id = op.get("operationId")
    return class_name(operation_id if isinstance(operation_id, str) else key)


def _norm(name: str) -> str:
    """How datamodel-code-generator would tell two class names apart."""
    return re.sub(r"[^0-9a-z]", "", name.lower())


class _Hoister:
    def __init__(self, data: dict[str, Any], document: SpecDocument) -> None:
        self.data = data
        self.document = document
        self.root = document.root
        self.moved: dict[str, str] = {}
        """Old pointer -> new pointer of every schema hoisted from the root file."""
        self.elsewhere: set[Path] = set()
        """The other files a schema was hoisted from (their copies changed)."""
        components = data.get("components")
        schemas = components.get("schemas") if isinstance(components, dict) else None
        self.taken = (
            {_norm(str(k)) for k in schemas} if isinstance(schemas, dict) else set()
        )
        self.named = document.aliases()
        """(file, pointer tokens) of a schema in another file -> the root's component schema
        that is a ``$ref`` to it, or that was made for it (``_named``)."""
        self.made: list[str] = []
        """The components made for schemas of other files."""

    def _named(self, source: SourceFile, ref: str) -> str | None:
        """The ``$ref`` (from ``source``) to the root's component schema for the schema of another
        file that ``ref`` names: the component that is a ``$ref`` to it (Redocly's layout:
        ``components/schemas/AgentRes: {$ref: ./schemas/agents.yaml#/AgentRes}``, and the path
        files refer to the file), else one made for it, named after its last pointer token or
        its file, if it is a model or an array or map of them (WFCD's `rivenType.yaml`). Else (no
        model, or a root file's schema) None."""
        place = self.document.elsewhere(ref, source)
        if place is None:
            return None
        name = self.named.get(place)
        if name is None:
            target = self.document.files.get(place[0])
            value: Any = target.data if target is not None else None
            for token in place[1]:
                value = value.get(token) if isinstance(value, dict) else None
            if not isinstance(value, dict) or not (
                value.get("properties")
                or _COMPOSITIONS & value.keys()
                or any(
                    isinstance(inner, dict)
                    and ("$ref" in inner or inner.get("properties") or _COMPOSITIONS & inner.keys())
                    for inner in (value.get("items"), value.get("additionalProperties"))
                )
            ):
                return None  # its type is its own: a string, an enum, a list of strings
            base = class_name(place[1][-1] if place[1] else place[0].stem) or "Schema"
            name, n = base, 1
            while _norm(name) in self.taken:
                n += 1
                name = f"{base}{n}"
            self.taken.add(_norm(name))
            made = _rebased({"$ref": ref}, source, self.root) if source is not self.root else {
                "$ref": ref
            }
            self.data.setdefault("components", {}).setdefault("schemas", {})[name] = made
            self.named[place] = name
            self.made.append(name)
        new = f"{_SCHEMAS}/{escape_pointer(name)}"
        if source is self.root:
            return f"#{new}"
        self.elsewhere.add(source.path)
        return f"{Path(os.path.relpath(self.root.path, source.path.parent)).as_posix()}#{new}"

    def visit(
        self, source: SourceFile, owner: Any, pointer: str, name: str, key: str | int = "schema"
    ) -> None:
        """Hoist ``owner[key]`` if it is an inline model, else look inside arrays and maps; a
        ``$ref`` to another file's model schema names the root's component for it."""
        schema = owner.get(key) if isinstance(owner, dict) else owner[key]
        if isinstance(schema, dict) and isinstance(schema.get("$ref"), str):
            named = self._named(source, schema["$ref"])
            if named is not None:
                owner[key] = {**schema, "$ref": named}
            return
        if not isinstance(schema, dict):
            return
        here = f"{pointer}/{escape_pointer(key)}"
        nullable = _nullable_other(schema)
        if nullable is not None:
            combinator, index = nullable
            self.visit(source, schema[combinator], f"{here}/{combinator}", name, index)
        elif schema.get("properties") or any(k in schema for k in _COMPOSITIONS):
            owner[key] = {"$ref": self._add(source, name, schema, here)}
        elif isinstance(schema.get("items"), dict):
            self.visit(source, schema, here, f"{name}Item", "items")
        elif isinstance(schema.get("additionalProperties"), dict):
            self.visit(source, schema, here, f"{name}Value", "additionalProperties")

    def visit_object(
        self,
        source: SourceFile,
        owner: dict[str, Any],
        pointer: str,
        name: str,
        key: str = "schema",
    ) -> None:
        """Hoist ``owner[key]`` if it is an inline object with properties (a parameter's, a
        form field's: their alternatives, maps and arrays keep their plain types)."""
        schema = owner.get(key)
        deref = self._deref if source is self.root else _no_ref  # another file's: unfollowed
        if isinstance(schema, dict) and "$ref" not in schema and is_object_model(schema, deref):
            here = f"{pointer}/{escape_pointer(key)}"
            owner[key] = {"$ref": self._add(source, name, schema, here)}

    def _deref(self, schema: Any) -> Any:
        """``schema``, or the local component its ``$ref`` chain names (None for another file's):
        on this copy, whose dotted names ``_undot`` renamed. Lint has refused cycles."""
        schemas = self.data.get("components", {}).get("schemas")
        for _ in range(8):
            ref = schema.get("$ref") if isinstance(schema, dict) else None
            if not isinstance(ref, str):
                return schema
            name = _component_name(ref)
            if name is None or not isinstance(schemas, dict):
                return None
            schema = schemas.get(name)
        return None

    def _add(self, source: SourceFile, name: str, schema: dict[str, Any], old: str) -> str:
        """Make ``schema`` (at ``old`` in ``source``) the component ``name`` (or the next free
        name): the ``$ref`` that takes its place. One from another file has its references
        rewritten relative to the root file, and is referred to from there by path."""
        unique, n = name, 1
        while _norm(unique) in self.taken:
            n += 1
            unique = f"{name}{n}"
        self.taken.add(_norm(unique))
        components = self.data.setdefault("components", {})
        new = f"{_SCHEMAS}/{escape_pointer(unique)}"
        if source is self.root:
            self.moved[old] = new
            components.setdefault("schemas", {})[unique] = schema
            return f"#{new}"
        self.elsewhere.add(source.path)
        components.setdefault("schemas", {})[unique] = _rebased(schema, source, self.root)
        root = os.path.relpath(self.root.path, source.path.parent)
        return f"{Path(root).as_posix()}#{new}"


def _no_ref(schema: Any) -> Any:
    """``schema`` itself, or None for a ``$ref`` (not followed)."""
    return None if isinstance(schema, dict) and "$ref" in schema else schema


def _rebased(schema: Any, source: SourceFile, root: SourceFile) -> Any:
    """``schema``, written in ``source``, with its ``$ref``s (and discriminator mappings to
    files) rewritten to mean the same from the root file: ``#/X`` is ``<source>#/X``, and a
    relative path is taken from the root's folder."""
    here = Path(os.path.relpath(source.path, root.path.parent)).as_posix()

    def rebase(ref: str) -> str:
        if "://" in ref or ref.startswith("//"):
            return ref
        target, hash_sign, fragment = ref.partition("#")
        if not target:
            return f"{here}#{fragment}"
        path = os.path.normpath(os.path.join(os.path.dirname(here), target))
        return f"{Path(path).as_posix()}{hash_sign}{fragment}"

    def walk(node: Any) -> Any:
        if isinstance(node, list):
            return [walk(item) for item in node]
        if not isinstance(node, dict):
            return node
        copied = {key: walk(value) for key, value in node.items()}
        if isinstance(copied.get("$ref"), str):
            copied["$ref"] = rebase(copied["$ref"])
        mapping = copied.get("mapping")
        if isinstance(copied.get("propertyName"), str) and isinstance(mapping, dict):
            copied["mapping"] = {
                key: rebase(value) if isinstance(value, str) and "/" in value else value
                for key, value in mapping.items()
            }
        return copied

    result: Any = walk(schema)
    return result


def _nullable_other(schema: dict[str, Any]) -> tuple[str, int] | None:
    """``anyOf``/``oneOf`` of one schema and ``{type: null}``: (combinator, index of the other)."""
    for combinator in ("anyOf", "oneOf"):
        options = schema.get(combinator)
        if isinstance(options, list) and len(options) == 2:
            nulls = [isinstance(o, dict) and o.get("type") == "null" for o in options]
            if sum(nulls) == 1:
                return combinator, nulls.index(False)
    return None


def _moved(root: SourceFile, data: dict[str, Any], moved: dict[str, str]) -> SourceFile:
    """The root file with the hoisted data; positions also under each hoisted pointer."""
    positions = dict(root.positions)
    for pointer, position in root.positions.items():
        ancestor = pointer
        while ancestor and ancestor not in moved:
            ancestor = ancestor.rpartition("/")[0]
        if ancestor:
            positions[moved[ancestor] + pointer[len(ancestor) :]] = position
    return replace(root, data=data, positions=positions)

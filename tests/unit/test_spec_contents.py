"""spec/openapi.yaml checked against the vendor reference page (tests/data) and its examples."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from generator.load import load_spec
from generator.names import class_name

__all__: list[str] = []

ROOT = Path(__file__).resolve().parents[2]
SPEC_PATH = ROOT / "spec" / "openapi.yaml"
PAGE_FIELDS_PATH = ROOT / "tests" / "data" / "reference_page_fields.yaml"
PATH = "/v{version}/invoices/{resourceId}/refund"
SPEC_URI = "urn:solvimon-spec"
SCHEMAS = "#/components/schemas/"


@pytest.fixture(scope="module")
def spec() -> dict[str, Any]:
    data: dict[str, Any] = load_spec(SPEC_PATH).data
    return data


@pytest.fixture(scope="module")
def page_fields() -> list[dict[str, Any]]:
    fields: list[dict[str, Any]] = yaml.safe_load(PAGE_FIELDS_PATH.read_text())["fields"]
    return fields


def resolve(spec: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    """Follow local ``$ref`` values until a node without one."""
    while "$ref" in node:
        ref = node["$ref"]
        assert ref.startswith("#/"), ref
        target: Any = spec
        for part in ref[2:].split("/"):
            target = target[part.replace("~1", "/").replace("~0", "~")]
        node = target
    return node


def is_nullable(prop: dict[str, Any]) -> bool:
    """3.1 nullability: ``type: [..., 'null']`` or an ``anyOf``/``oneOf`` arm ``{type: 'null'}``."""
    kind = prop.get("type")
    if isinstance(kind, list) and "null" in kind:
        return True
    arms = prop.get("anyOf", []) + prop.get("oneOf", [])
    return {"type": "null"} in arms


def operation(spec: dict[str, Any]) -> dict[str, Any]:
    op: dict[str, Any] = spec["paths"][PATH]["post"]
    return op


def validator(spec: dict[str, Any], schema: dict[str, Any]) -> Draft202012Validator:
    """A Draft 2020-12 validator for ``schema`` whose local refs resolve inside the spec."""
    registry: Registry[Any] = Registry().with_resource(SPEC_URI, Resource(spec, DRAFT202012))
    ref = schema["$ref"] if set(schema) == {"$ref"} else None
    root = {"$ref": SPEC_URI + ref} if ref else schema
    return Draft202012Validator(root, registry=registry)


def media_examples(node: Any, pointer: str = "") -> Iterator[tuple[str, dict[str, Any], Any]]:
    """Every (pointer, schema, example value) pair of the spec's media types and parameters."""
    if isinstance(node, dict):
        if "schema" in node and isinstance(node["schema"], dict):
            if "example" in node:
                yield pointer + "/example", node["schema"], node["example"]
            for name, example in node.get("examples", {}).items():
                yield pointer + f"/examples/{name}", node["schema"], example["value"]
        for key, value in node.items():
            yield from media_examples(value, f"{pointer}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from media_examples(value, f"{pointer}/{i}")


# ---------------------------------------------------------------- Invoice vs the reference page


def test_invoice_has_the_page_fields_in_the_page_order(
    spec: dict[str, Any], page_fields: list[dict[str, Any]]
) -> None:
    props = spec["components"]["schemas"]["Invoice"]["properties"]
    assert list(props) == [f["name"] for f in page_fields]
    assert len(page_fields) == 60


def test_invoice_fields_carry_the_page_flags(
    spec: dict[str, Any], page_fields: list[dict[str, Any]]
) -> None:
    props = spec["components"]["schemas"]["Invoice"]["properties"]
    actual = [
        (name, is_nullable(p), p.get("readOnly", False), p.get("deprecated", False))
        for name, p in props.items()
    ]
    expected = [(f["name"], f["nullable"], f["read_only"], f["deprecated"]) for f in page_fields]
    assert actual == expected


def test_invoice_field_types_match_the_page_type_text(
    spec: dict[str, Any], page_fields: list[dict[str, Any]]
) -> None:
    props = spec["components"]["schemas"]["Invoice"]["properties"]
    for field in page_fields:
        prop = props[field["name"]]
        text = field["type"].removesuffix(" or null")
        arms = [a for a in prop.get("anyOf", [prop]) if a != {"type": "null"}]
        assert len(arms) == 1, field["name"]
        target = resolve(spec, arms[0]) if "$ref" in arms[0] else arms[0]
        kind = target.get("type")
        kinds = set(kind) if isinstance(kind, list) else {kind}
        if text == "datetime":
            assert kinds - {"null"} == {"string"} and prop["format"] == "date-time", field
        elif text == "enum":
            assert "$ref" in arms[0] and "enum" in target, field
        elif text == "object":
            assert "$ref" in arms[0] and target["type"] == "object", field
        elif text.startswith("list of "):
            assert kinds - {"null"} == {"array"}, field
            item = resolve(spec, prop["items"])
            assert item["type"] == ("object" if text == "list of objects" else "string"), field
        else:
            assert kinds - {"null"} == {text}, field
            assert "format" not in prop, field


def test_no_invoice_field_is_required(spec: dict[str, Any]) -> None:
    assert "required" not in spec["components"]["schemas"]["Invoice"]


def test_invoice_status_is_an_open_string(spec: dict[str, Any]) -> None:
    status = spec["components"]["schemas"]["Invoice"]["properties"]["status"]
    assert status["type"] == "string"
    assert "enum" not in status
    assert "FINAL" in status["description"]


def test_misattributed_page_descriptions_are_not_used(spec: dict[str, Any]) -> None:
    props = spec["components"]["schemas"]["Invoice"]["properties"]
    for name in ("invoice_amount_including_tax", "open_invoice_amount", "closed_invoice_amount"):
        assert "meter value" not in props[name].get("description", ""), name
    assert "email" not in props["billing_period"].get("description", "")


def test_api_error_requires_type_code_message(spec: dict[str, Any]) -> None:
    error = spec["components"]["schemas"]["ApiError"]
    assert sorted(error["required"]) == ["code", "message", "type"]
    for name in ("field", "resource_id", "resource_type"):
        assert is_nullable(error["properties"][name]), name
    for name in ("type", "code", "message"):
        assert not is_nullable(error["properties"][name]), name
    for name in ("type", "code", "resource_type"):
        prop = error["properties"][name]
        arm = next(a for a in prop.get("anyOf", [prop]) if "$ref" in a)
        assert "enum" in resolve(spec, arm), name


# ---------------------------------------------------------------- examples


def test_every_example_validates_against_its_schema(spec: dict[str, Any]) -> None:
    found = list(media_examples(spec))
    assert len(found) >= 4
    for pointer, schema, example in found:
        errors = [e.message for e in validator(spec, schema).iter_errors(example)]
        assert errors == [], pointer


def test_every_response_has_an_example(spec: dict[str, Any]) -> None:
    for status, response in operation(spec)["responses"].items():
        media = resolve(spec, response)["content"]["application/json"]
        assert media.get("examples"), status


def test_example_check_rejects_a_broken_example(spec: dict[str, Any]) -> None:
    """The validator really follows refs: a wrong nested enum value is caught."""
    response = spec["components"]["responses"]["RefundedInvoice"]["content"]["application/json"]
    example = copy.deepcopy(next(iter(response["examples"].values()))["value"])
    example["invoice_amount_including_tax"]["currency"] = "EURO"
    assert not validator(spec, response["schema"]).is_valid(example)


# ---------------------------------------------------------------- the operation


def test_operation_identity(spec: dict[str, Any]) -> None:
    assert list(spec["paths"]) == [PATH]
    assert list(spec["paths"][PATH]) == ["post"]
    op = operation(spec)
    assert op["operationId"] == "refundCreditInvoice"
    assert op["x-method-name"] == "refund"
    assert op["tags"] == ["invoices"]
    assert [t["name"] for t in spec["tags"]] == ["invoices"]
    assert op["x-permission"] == "INVOICE.REFUND"
    assert "INVOICE.REFUND" in op["description"]
    assert "requestBody" not in op


def test_operation_parameters(spec: dict[str, Any]) -> None:
    params = {p["name"]: p for p in (resolve(spec, p) for p in operation(spec)["parameters"])}
    assert list(params) == ["version", "resourceId", "x-platform-id"]
    version, resource_id, platform = params.values()
    assert (version["in"], version["required"]) == ("path", True)
    assert version["schema"] == {"type": "string", "default": "1"}
    assert version["x-client-default"] == "api_version"
    assert (resource_id["in"], resource_id["required"]) == ("path", True)
    assert resource_id["schema"] == {"type": "string", "minLength": 1}
    assert (platform["in"], platform.get("required", False)) == ("header", False)
    assert platform["schema"] == {"type": "string"}
    assert platform["x-client-default"] == "platform_id"
    assert all("$ref" in p for p in operation(spec)["parameters"])


def test_security_alternatives(spec: dict[str, Any]) -> None:
    assert operation(spec)["security"] == [{"API-Key": []}, {"JWT-Authentication": []}]
    schemes = spec["components"]["securitySchemes"]
    assert {k: {x: v for x, v in s.items() if x != "description"} for k, s in schemes.items()} == {
        "API-Key": {"type": "apiKey", "in": "header", "name": "X-API-KEY"},
        "JWT-Authentication": {"type": "http", "scheme": "bearer"},
    }
    assert all(s["description"] for s in schemes.values())


def test_responses_and_request_id_header(spec: dict[str, Any]) -> None:
    responses = operation(spec)["responses"]
    assert list(responses) == ["200", "400", "401", "403"]
    bodies = {}
    for status, response in responses.items():
        response = resolve(spec, response)
        header = resolve(spec, response["headers"]["X-REQUEST-ID"])
        assert header["schema"] == {"type": "string"}
        assert "support" in header["description"]
        bodies[status] = response["content"]["application/json"]["schema"]["$ref"]
    assert bodies == {
        "200": SCHEMAS + "Invoice",
        "400": SCHEMAS + "ApiError",
        "401": SCHEMAS + "ApiError",
        "403": SCHEMAS + "ApiError",
    }


def test_document_header(spec: dict[str, Any]) -> None:
    assert spec["openapi"] == "3.1.0"
    assert spec["info"]["version"] == "1.0.0"
    assert spec["info"]["title"] and spec["info"]["description"]
    servers = [(s["x-name"], s["url"]) for s in spec["servers"]]
    assert servers == [
        ("live", "https://api.solvimon.com"),
        ("test", "https://test.api.solvimon.com"),
    ]
    assert all(s["description"] for s in spec["servers"])


# ---------------------------------------------------------------- components


def _refs(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref":
                yield value
            else:
                yield from _refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _refs(value)


def test_every_component_is_reachable_from_the_path(spec: dict[str, Any]) -> None:
    seen: set[str] = set()
    todo = list(_refs(spec["paths"]))
    while todo:
        ref = todo.pop()
        if ref not in seen:
            seen.add(ref)
            todo.extend(_refs(resolve(spec, {"$ref": ref})))
    declared = {
        f"#/components/{kind}/{name}"
        for kind, group in spec["components"].items()
        if kind != "securitySchemes"
        for name in group
    }
    assert declared - seen == set()


def test_schema_names_make_distinct_class_names(spec: dict[str, Any]) -> None:
    names = list(spec["components"]["schemas"])
    classes = [class_name(n) for n in names]
    assert len(set(classes)) == len(names)
    assert all(c.isidentifier() for c in classes)


def test_no_vendor_titles_left(spec: dict[str, Any]) -> None:
    assert [n for n, s in spec["components"]["schemas"].items() if "title" in s] == []

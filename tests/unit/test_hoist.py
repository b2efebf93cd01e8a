"""``hoist_inline_schemas``: which inline schemas move, their names, and their positions."""

from __future__ import annotations

import copy
from pathlib import Path

from generator.hoist import hoist_inline_schemas
from generator.load import load_spec
from tests.conftest import MULTI_SPEC, ROOT, SPEC

__all__: list[str] = []

INLINE = ROOT / "tests" / "specs" / "generate" / "inline-schemas.yaml"
_BODY = "/paths/~1things/post/requestBody/content/application~1json/schema"


def test_an_inline_body_moves_to_a_component_and_keeps_its_position() -> None:
    document = load_spec(INLINE)
    before = copy.deepcopy(document.data)
    hoisted = hoist_inline_schemas(document)

    assert document.data == before  # diff and upstream read the original
    body = hoisted.data["paths"]["/things"]["post"]["requestBody"]["content"]
    assert body["application/json"]["schema"] == {
        "$ref": "#/components/schemas/MakeThingBody"
    }
    assert (
        hoisted.data["components"]["schemas"]["MakeThingBody"]
        == before["paths"]["/things"]["post"]["requestBody"]["content"][
            "application/json"
        ]["schema"]
    )
    # A finding inside the moved schema still points at the line as written (20:15: `type`).
    new = "/components/schemas/MakeThingBody"
    assert hoisted.root.locate(new) == document.root.locate(_BODY)
    assert hoisted.root.locate(
        f"{new}/properties/size/minimum"
    ) == document.root.locate(f"{_BODY}/properties/size/minimum")
    assert hoisted.files[INLINE.resolve()] is hoisted.root


def test_every_site_and_its_name() -> None:
    hoisted = hoist_inline_schemas(load_spec(INLINE)).data["components"]["schemas"]
    assert sorted(hoisted) == [
        "CombinedThingResponse",
        "ListThingsFilter",  # a query parameter's object
        "ListThingsResponseItem",  # the spec's own component
        "ListThingsResponseItem2",  # the name was taken: the next
        "MakeThingBody",
        "MakeThingResponse",
        "MakeThingResponse404",
        "MakeThingThingReadyPayload",  # an operation's inline callback
        "MaybeThingResponse",
        "NamedResponse",
        "NamingBody",
        "OnThingMovedPayload",  # a callback in components/callbacks, by its operationId
        "Page",  # components/parameters/page's object
        "SharedThingResponse",  # of a path that is a $ref to components/pathItems
        "Stamp",
        "ThingCreatedPayload",
        "ThingSharedPayload",  # of a webhook that is a $ref to components/pathItems
        "ThingWhere",  # the spec's own component
        "ThingsByNameResponseValue",
    ]
    assert hoisted["ListThingsResponseItem"] == {
        "type": "object",
        "properties": {"unrelated": {"type": "boolean"}},
    }


def test_a_spec_without_inline_models_is_returned_as_it_is() -> None:
    for spec in (SPEC, MULTI_SPEC):
        document = load_spec(spec)
        assert hoist_inline_schemas(document) is document


def test_scalars_refs_and_other_media_types_stay_inline(tmp_path: Path) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(
        """openapi: 3.1.0
info: {title: t, version: "1"}
paths:
  /a:
    post:
      operationId: a
      requestBody:
        content:
          multipart/form-data:
            schema: {type: object, properties: {f: {type: string}}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {type: array, items: {type: string}}
        "400":
          description: bad
          content:
            application/json:
              schema: {$ref: "#/components/schemas/E"}
components:
  schemas:
    E: {type: object, properties: {m: {type: string}}}
""",
        encoding="utf-8",
    )
    document = load_spec(spec)
    assert hoist_inline_schemas(document) is document


def test_a_parameter_object_with_properties_moves_and_nothing_else_of_a_parameter(
    tmp_path: Path,
) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(
        """openapi: 3.1.0
info: {title: t, version: "1"}
paths:
  /people/{id}:
    parameters:
      - {name: id, in: path, required: true, schema: {type: string}}
      - name: scope
        in: header
        schema: {type: object, properties: {team: {type: string}}}
    get:
      operationId: getPerson
      parameters:
        - name: near
          in: query
          content:
            application/json:
              schema: {type: object, properties: {lat: {type: number}}}
        - {name: tags, in: query, schema: {type: object, additionalProperties: {type: string}}}
        - {name: ids, in: query, schema: {type: array, items: {type: integer}}}
        - name: either
          in: query
          schema: {oneOf: [{type: string}, {type: integer}]}
      responses:
        "204": {description: done}
""",
        encoding="utf-8",
    )
    document = load_spec(spec)
    hoisted = hoist_inline_schemas(document)
    item = hoisted.data["paths"]["/people/{id}"]
    assert sorted(hoisted.data["components"]["schemas"]) == [
        "GetPersonNear",
        "PeopleIdScope",
    ]
    assert item["parameters"][1]["schema"] == {"$ref": "#/components/schemas/PeopleIdScope"}
    near = item["get"]["parameters"][0]["content"]["application/json"]["schema"]
    assert near == {"$ref": "#/components/schemas/GetPersonNear"}
    # A map, an array and an alternative keep their plain types: as they were.
    original = document.data["paths"]["/people/{id}"]["get"]["parameters"]
    assert item["get"]["parameters"][1:] == original[1:]
    # A finding inside the moved schema still points at the line as written.
    old = "/paths/~1people~1{id}/parameters/1/schema/properties/team"
    assert hoisted.root.locate("/components/schemas/PeopleIdScope/properties/team") == (
        document.root.locate(old)
    )


def test_an_object_field_of_an_inline_form_body_moves_and_the_body_stays() -> None:
    spec = ROOT / "tests" / "specs" / "generate" / "request-bodies.yaml"
    document = load_spec(spec)
    hoisted = hoist_inline_schemas(document).data
    moved = set(hoisted["components"]["schemas"]) - set(document.data["components"]["schemas"])
    # meta, point and the items of authors of createUpload's multipart body, filter of the
    # urlencoded one, source of the ImportOptions component that createImport's body $refs
    # (the model generator would nest a class the IR cannot name); the inline bodies stay
    # inline (their fields are a TypedDict).
    assert moved == {
        "CreateUploadFormAuthorsItem",
        "CreateUploadFormMeta",
        "CreateUploadFormPoint",
        "ImportOptionsSource",
        "UpdatePetWithFormFormFilter",
    }
    form = hoisted["paths"]["/uploads"]["post"]["requestBody"]["content"]["multipart/form-data"]
    assert form["schema"]["properties"]["meta"] == {
        "$ref": "#/components/schemas/CreateUploadFormMeta"
    }
    assert form["schema"]["properties"]["tags"] == {
        "type": "array",
        "items": {"type": "string"},
    }
    options = hoisted["components"]["schemas"]["ImportOptions"]["properties"]
    assert options["source"] == {"$ref": "#/components/schemas/ImportOptionsSource"}
    authors = form["schema"]["properties"]["authors"]
    assert authors == {
        "type": "array",
        "items": {"$ref": "#/components/schemas/CreateUploadFormAuthorsItem"},
    }


DOTTED = ROOT / "tests" / "specs" / "generate" / "dotted-names.yaml"


def test_dotted_schema_names_are_renamed_with_their_refs_and_mappings() -> None:
    document = load_spec(DOTTED)
    hoisted = hoist_inline_schemas(document)
    schemas = hoisted.data["components"]["schemas"]
    assert list(schemas) == ["pet_Pet", "pet_Cat", "pet_Dog"]
    assert schemas["pet_Pet"]["oneOf"] == [
        {"$ref": "#/components/schemas/pet_Cat"},
        {"$ref": "#/components/schemas/pet_Dog"},
    ]
    assert schemas["pet_Pet"]["discriminator"]["mapping"] == {
        "cat": "#/components/schemas/pet_Cat",
        "dog": "pet_Dog",  # a bare name stays a bare name
    }
    assert schemas["pet_Cat"]["properties"]["friend"] == {
        "$ref": "#/components/schemas/pet_Pet"
    }
    response = hoisted.data["paths"]["/pets/{petId}"]["get"]["responses"]["200"]
    assert response["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/pet_Pet"
    }
    assert hoisted.root.locate("/components/schemas/pet_Dog/properties/barks") == (
        document.root.locate("/components/schemas/pet.Dog/properties/barks")
    )
    assert (
        "pet.Pet" in document.data["components"]["schemas"]
    )  # the original is untouched

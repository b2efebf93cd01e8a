"""Models for any valid schema (issue 13): each spec under ``tests/specs/generate/models-*``
generates a package that imports, is ``mypy --strict`` and ruff clean, and whose models validate
and serialise data as the spec says (checked in a fresh interpreter on the generated package).
"""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.conftest import ROOT, run_cli
from tests.prove_package import (
    GeneratedPackage,
    check_imports,
    check_mypy,
    check_ruff,
    generate_only,
    prove,
)

SPECS = ROOT / "tests" / "specs" / "generate"


def _run_with(generated: GeneratedPackage, code: str) -> None:
    """Run ``code`` against the generated package; it asserts what the models must do."""
    result = subprocess.run(
        [sys.executable, "-W", "error", "-c", textwrap.dedent(code)],
        cwd=generated.out,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def _warnings(generated: GeneratedPackage, rule: str) -> list[str]:
    return [line for line in generated.stderr.splitlines() if f"warning [{rule}]" in line]


@pytest.mark.slow
def test_property_names_that_snake_case_alike_are_fields_of_their_own(tmp_path: Path) -> None:
    generated = prove(SPECS / "models-names.yaml", tmp_path / "out")
    assert [line.split(" /")[0] for line in _warnings(generated, "array-items-missing")] == [
        "tests/specs/generate/models-names.yaml:58:9: warning [array-items-missing]"
    ]
    source = (generated.package_dir / "models" / "_generated.py").read_text(encoding="utf-8")
    for line in (
        "    mixedCase: str | None = None",
        "    mixed_case: int | None = None",
        '    foo_bar_1: Annotated[str | None, Field(alias="foo-bar")] = None',
        "    foo_bar: str | None = None",
        '    from__1: Annotated[str | None, Field(alias="from")] = None',
        "    from_: str | None = None",
        "    region: Region = Region.US_EAST_1",
        "    size: Size = Size.LARGE",
        "    level: Level = Level.INTEGER_2",
        "    tags: list[Any] | None = None",
        "    filters: dict[str, list[str]] | None = None",
        "    usage: Usage | None = None",
        '        "__pydantic_extra__": dict[str, float],',
    ):
        assert f"\n{line}\n" in source, line
    _run_with(generated, """
        from solvimon_client.models import Level, Size, Thing
        from solvimon_client.models._generated import Nested, Region  # inline: not public names

        wire = {
            "id": "t1", "mixedCase": "a", "mixed_case": 2, "foo-bar": "dash", "foo_bar": "under",
            "from": "kw", "from_": "under", "model_config": "m", "type": "t",
            "tags": [1, "two", None], "nested": {"a-b": "dash", "a_b": "under"},
        }
        thing = Thing.model_validate(wire)
        assert (thing.mixedCase, thing.mixed_case) == ("a", 2)
        assert (thing.foo_bar_1, thing.foo_bar) == ("dash", "under")
        assert (thing.from__1, thing.from_) == ("kw", "under")
        assert thing.model_config_ == "m" and thing.type == "t"
        assert thing.tags == [1, "two", None]
        assert thing.nested is not None
        assert (thing.nested.a_b_1, thing.nested.a_b) == ("dash", "under")
        assert thing.model_dump(mode="json", by_alias=True, exclude_unset=True) == wire

        # One JSON name alone fills its own field only, never the one it would be spelled as.
        only = Thing.model_validate({"id": "t2", "foo_bar": "under", "from_": "f"})
        assert (only.foo_bar_1, only.foo_bar) == (None, "under")
        assert (only.from__1, only.from_) == (None, "f")
        only = Nested.model_validate({"a_b": "under"})
        assert (only.a_b_1, only.a_b) == (None, "under")

        # Defaults of enums are members, and serialise as the spec's values.
        bare = Thing(id="t3")
        assert bare.region is Region.US_EAST_1 and bare.size is Size.LARGE
        assert bare.level is Level.INTEGER_2
        assert bare.model_dump(mode="json", include={"region", "size", "level"}) == {
            "region": "us-east-1", "size": "large", "level": 2,
        }

        # A closed object keeps a field the API adds later, as every model does (no "forbid").
        import pydantic
        from solvimon_client.models import Closed

        later = {"a-b": "dash", "added_later": [1]}
        assert Nested.model_validate(later).model_extra == {"added_later": [1]}
        closed = Closed.model_validate({"label": "l", "added_later": True})
        assert closed.model_dump() == {"label": "l", "added_later": True}

        # A default that holds objects is parsed into the field's models (and type-checks);
        # a null default stays on the property.
        from solvimon_client.models import Calendar, Range

        calendar = Calendar()
        assert calendar.hours == [Range(start=9, end=17)] and calendar.first == Range(start=1)
        assert calendar.link is None

        # A default written as text is parsed as the same text sent would be.
        import datetime, decimal, uuid

        assert calendar.since == datetime.datetime(2020, 1, 1, tzinfo=datetime.timezone.utc)
        assert calendar.key == uuid.UUID("123e4567-e89b-12d3-a456-426614174000")
        assert calendar.expiry == "PT1H"  # a string duration is its text (P1M is no timedelta)
        assert calendar.rate == decimal.Decimal("1.5")
        assert calendar.secret == "aGk="  # format: byte is the base64 text, as sent
        assert calendar.retention == {"heartbeat": "P7D"}
        assert calendar == Calendar.model_validate(calendar.model_dump(mode="json"))

        # Each field dumps as its schema's JSON type; a password is kept out of the repr only.
        sent = {"password": "hunter2", "at": 1700000000, "ratio": 1.5, "wait": 2.5,
                "count": "3", "stamp": "1700000000", "created": 1700000000.5}
        calendar = Calendar.model_validate(sent)
        assert calendar.model_dump(mode="json", include=set(sent)) == sent
        assert "hunter2" not in repr(calendar) and "hunter2" not in str(calendar)
        # A nullable anyOf of a constrained scalar is the scalar or None, no root model.
        assert str(Calendar.model_validate({"link": "https://x.example"}).link) == (
            "https://x.example/"
        )
        assert Calendar.model_validate({"link": None}).link is None

        # Typed extras (additionalProperties next to properties) are validated as their type.
        from solvimon_client.models import Matrix, Scores

        scores = Scores.model_validate({"name": "n", "math": 1, "art": 2.5})
        assert scores.model_extra == {"math": 1.0, "art": 2.5}
        assert scores.model_dump() == {"name": "n", "math": 1.0, "art": 2.5}
        matrix = Matrix.model_validate({"label": "m", "rows": [[1, 2], [3]]})
        assert matrix.model_extra == {"rows": [[1, 2], [3]]}
        for bad in (Scores, {"name": "n", "math": "high"}), (Matrix, {"rows": [["x"]]}):
            try:
                bad[0].model_validate(bad[1])
            except pydantic.ValidationError:
                pass
            else:
                raise AssertionError(f"{bad} was accepted")
    """)


def test_invalid_model_defaults_are_warned_about_and_left_out(tmp_path: Path) -> None:
    # Not the generated tests: their oracle (openapi-core) refuses a spec whose defaults do not
    # match their schemas, which is what this spec is about.
    generated = generate_only(SPECS / "models-defaults.yaml", tmp_path / "out")
    check_imports(generated)
    check_mypy(generated)
    check_ruff(generated)
    warnings = _warnings(generated, "default-invalid")
    assert [line.split(": warning")[0] for line in warnings] == [
        f"tests/specs/generate/models-defaults.yaml:{line}" for line in
        ("24:30", "25:32", "26:43", "27:42", "28:52")
    ]
    assert all("(left out of the generated code)" in line for line in warnings)
    _run_with(generated, """
        import pydantic
        from solvimon_client.models import Settings
        from solvimon_client.models._generated import Colour, Mode  # inline: not public names

        settings = Settings(name="n")
        assert settings.model_dump() == {
            "name": "n", "limit": None, "ratio": None, "id": None, "colour": None,
            "retries": 3, "mode": Mode.SLOW,
        }
        assert Settings.model_validate({"name": "n", "colour": "red"}).colour is Colour.RED
        try:
            Settings.model_validate({})  # `name` stays required: its default was invalid
        except pydantic.ValidationError as exc:
            assert exc.errors()[0]["loc"] == ("name",)
        else:
            raise AssertionError("a Settings without name was accepted")
    """)


def test_a_spec_in_several_files_has_its_invalid_defaults_left_out_in_each(
    tmp_path: Path,
) -> None:
    generated = generate_only(SPECS / "models-multi-file" / "openapi.yaml", tmp_path / "out")
    check_imports(generated)
    check_mypy(generated)
    check_ruff(generated)
    assert [line.split(": warning")[0] for line in _warnings(generated, "default-invalid")] == [
        "tests/specs/generate/models-multi-file/openapi.yaml:30:31",
        "tests/specs/generate/models-multi-file/schemas.yaml:6:40",
    ]
    _run_with(generated, """
        from solvimon_client.models import Owner, Page, ShopTag
        from solvimon_client.models._generated import Colour  # inline: not a public name

        page = Page.model_validate({"items": [{"id": "w"}]})
        assert page.size is None and page.cursor == "start"
        widget = page.items[0]
        assert widget.weight is None and widget.colour is Colour.GREEN
        owned = Page.model_validate({"items": [{"id": "w", "owner": {"name": "Ada"}}]})
        assert type(owned.items[0].owner) is Owner and owned.items[0].owner.name == "Ada"
        tagged = Page.model_validate({"items": [{"id": "w", "tags": [{"label": "new"}]}]})
        assert type(tagged.items[0].tags[0]) is ShopTag
    """)
    models = (generated.package_dir / "models" / "_generated.py").read_text(encoding="utf-8")
    assert "class Page1" not in models  # the root file read again from disk


@pytest.mark.slow
def test_a_ref_inside_a_schema_with_an_id_resolves_against_it(tmp_path: Path) -> None:
    generated = prove(SPECS / "schema-ids" / "openapi.yaml", tmp_path / "out")
    _run_with(generated, """
        from solvimon_client.models import Meta, OrderResponse
        from solvimon_client.models._generated import Amount, Error, Order

        order = OrderResponse.model_validate({"id": "o", "meta": {"version": "1"}, "total": 3})
        assert type(order.root) is Order and type(order.root.meta) is Meta, order
        assert type(order.root.total) is Amount and order.root.total.root == 3, order
        error = OrderResponse.model_validate({"code": "error", "meta": {"version": "2"}}).root
        assert type(error) is Error and type(error.meta) is Meta, error
    """)
    models = (generated.package_dir / "models" / "_generated.py").read_text(encoding="utf-8")
    assert "class Meta1" not in models  # one class, named by path here and by `$id` there


_INHERITED_NAME = """\
    Base:
      type: object
      properties: {foo_bar: {type: string}}
    Child:
      allOf:
        - $ref: '#/components/schemas/Base'
        - {type: object, properties: {foo-bar: {type: integer}}}
        - {type: object, properties: {foo_bar: {type: string, maxLength: 3}}}
"""
_TWO_TYPES = """\
    Named:
      type: object
      properties: {id: {type: string}, name: {type: string}}
    Labelled:
      type: object
      properties: {label: {type: string}}
    Both:
      allOf:
        - {type: object, properties: {id: {type: integer}}}
        - oneOf:
            - $ref: '#/components/schemas/Named'
            - $ref: '#/components/schemas/Labelled'
"""


@pytest.mark.parametrize(
    ("schemas", "first_error"),
    [
        # A field that would replace an inherited one of another JSON name.
        (
            _INHERITED_NAME,
            "/spec.yaml:9:5: error [name-collision] /components/schemas/Child: property "
            "'foo-bar' of Child and the inherited property 'foo_bar' both become the field "
            "'foo_bar' (rename one of them)",
        ),
        # An allOf of a part and a oneOf: each alternative is a class of two bases, and a Python
        # class cannot give `id` both types (kubb's discriminator.yaml: an integer and a uuid).
        (
            _TWO_TYPES,
            "/spec.yaml:12:5: error [allof-conflict] /components/schemas/Both: the allOf parts "
            "of this schema give the property 'id' two types, str | None (Named) and int | None "
            "(Both1) (give the property one type in every part of the allOf)",
        ),
    ],
    ids=["inherited-name", "two-types"],
)
def test_fields_a_python_class_cannot_hold_are_a_located_refusal(
    tmp_path: Path, schemas: str, first_error: str
) -> None:
    spec = tmp_path / "spec.yaml"
    head = "openapi: 3.1.0\ninfo: {title: T, version: 1.0.0}\npaths: {}\ncomponents:\n  schemas:\n"
    spec.write_text(head + schemas, encoding="utf-8")
    out = tmp_path / "out"
    result = run_cli(["generate", "--spec", spec, "--out", out])
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines()[0].endswith(first_error)
    assert not out.exists()


@pytest.mark.slow
def test_an_allof_part_narrowing_its_base_is_a_typed_override(tmp_path: Path) -> None:
    generated = prove(SPECS / "models-allof-overrides.yaml", tmp_path / "out")
    _run_with(
        generated,
        """
        import pydantic
        from solvimon_client.models import (
            Collection, Country, Links, ListStationsResponse, Station,
        )

        assert issubclass(ListStationsResponse, Collection)
        page = ListStationsResponse.model_validate({
            "data": [{"id": "6bbd3f1c-8f2f-4d8e-9a4c-4c1f0e7b1a2d", "name": "Berlin",
                      "x-country": "DE"}],
            "links": {"next": "https://api.example.com/stations?page=2"},
            "total": 1,
        })
        assert isinstance(page.data[0], Station), page.data
        assert page.data[0].x_country is Country.DE
        assert isinstance(page.links, Links)
        from solvimon_client.models import StationCreate, Status
        station_id = "6bbd3f1c-8f2f-4d8e-9a4c-4c1f0e7b1a2d"
        added = StationCreate.model_validate({"id": station_id, "name": "B"})
        assert added.status is Status.OPEN, added
        try:
            ListStationsResponse.model_validate({"data": [{"name": "no id"}]})
        except pydantic.ValidationError:
            pass
        else:
            raise AssertionError("an item without its required id was accepted")

        from solvimon_client.models import Done, Event, StationAdded

        station = {"id": "6bbd3f1c-8f2f-4d8e-9a4c-4c1f0e7b1a2d", "name": "Berlin"}
        event = Event.model_validate({"type": "station.added", "station": station}).root
        assert isinstance(event, StationAdded) and isinstance(event.station, Station), event
        assert isinstance(Event.model_validate({"type": "done"}).root, Done)
        try:
            Event.model_validate({"type": "gone"})
        except pydantic.ValidationError:
            pass
        else:
            raise AssertionError("an event of no listed type was accepted")

        from solvimon_client.models import Compensation, PayrollLine

        line = PayrollLine.model_validate(
            {"category": "bonus", "deductions": [{"name": "401k", "uuid": "d1"}]}
        )
        assert line.category == "bonus" and line.deductions[0].uuid == "d1", line
        paid = {"version": "v1", "reimbursements": [{"amount": "1.00"}]}
        assert Compensation.model_validate(paid).model_dump(exclude_unset=True) == paid

        from solvimon_client.models import Lease

        ends = Lease.model_validate({"id": "a", "timeout": 5, "endsAt": "2026-01-01T00:00:00Z"})
        assert ends.root.endsAt is not None and ends.root.endsAt.year == 2026, ends
        assert Lease.model_validate({"id": "a", "timeout": 0, "endsAt": None}).root.endsAt is None

        from solvimon_client.models import Arg

        text = Arg.model_validate({"key": "a", "type": "text"}).root
        assert text.type == "text" and not hasattr(text, "options"), text
        choice = Arg.model_validate({"key": "b", "type": "choice", "options": ["x"]}).root
        assert choice.type == "choice" and choice.options == ["x"], choice
        for refused in [{"key": "c", "type": "other"}, {"key": "d"}]:
            try:
                Arg.model_validate(refused)
            except pydantic.ValidationError:
                pass
            else:
                raise AssertionError(f"accepted {refused}")

        from solvimon_client.models import Binding

        rest = Binding.model_validate({"transport": "rest", "endpoint": "https://a.example"}).root
        assert rest.transport == "rest" and rest.endpoint == "https://a.example", rest
        assert Binding.model_validate({"transport": "mcp"}).root.transport == "mcp"
        for refused in [{"transport": "a2a"}, {"endpoint": "https://a.example"}]:
            try:
                Binding.model_validate(refused)
            except pydantic.ValidationError:
                pass
            else:
                raise AssertionError(f"accepted {refused}")

        from solvimon_client.models import Move, Notice

        assert Move.model_validate({"name": "a"}).root.name == "a"
        assert Move.model_validate({"name": "a", "parent_id": "p"}).root.parent_id == "p"

        opened = {"id": "n1", "event": "station.opened", "data": {"station": station}}
        notice = Notice.model_validate(opened).root
        assert notice.event == "station.opened" and isinstance(notice.data.station, Station)
        closed = Notice.model_validate({"id": "n2", "event": "network.closed", "data": {"a": 1}})
        assert closed.root.data == {"a": 1}
        for refused in [
            {"id": "n3", "event": "other"},
            {"event": "network.closed"},
            {"id": "n4", "event": "station.opened", "data": {}},
        ]:
            try:
                Notice.model_validate(refused)
            except pydantic.ValidationError:
                pass
            else:
                raise AssertionError(f"accepted {refused}")

        import typing

        from solvimon_client.models import CreateInputBody
        from solvimon_client.resources.default import Default

        made = CreateInputBody.model_validate({"id": "in1", "type": "http", "port": 80}).root
        assert made.id == "in1" and made.type == "http", made
        body = typing.get_type_hints(Default.create_input)["body"]
        assert body is CreateInputBody, body  # the union, not one member's request model
        try:
            CreateInputBody.model_validate({"type": "http"})
        except pydantic.ValidationError:
            pass
        else:
            raise AssertionError("a body without the id its allOf part requires was accepted")
        """,
    )


def test_enum_values_of_no_schema_type_are_warned_about_and_left_out(tmp_path: Path) -> None:
    # enum-types.yaml is proved whole in test_generate_specs; here: what the models accept.
    generated = generate_only(SPECS / "enum-types.yaml", tmp_path / "out")
    assert [line.split(": warning")[0] for line in _warnings(generated, "enum-type-mismatch")] == [
        f"tests/specs/generate/enum-types.yaml:{line}" for line in ("17:73", "45:34", "51:41")
    ]
    assert [line.split(": warning")[0] for line in _warnings(generated, "enum-duplicate")] == [
        f"tests/specs/generate/enum-types.yaml:{line}" for line in ("63:45", "66:39", "66:45")
    ]
    source = (generated.package_dir / "resources" / "default.py").read_text(encoding="utf-8")
    assert 'GetThingsShade: typing.TypeAlias = typing.Literal["light", "dark"]\n' in source
    assert "shade: GetThingsShade | NotGiven = NOT_GIVEN," in source
    _run_with(generated, """
        import pydantic
        from solvimon_client.models import Paint, Shade

        assert [member.value for member in Shade] == ["light", "dark"]
        assert Paint.model_validate({"shade": "dark", "tone": 3}).tone == 3
        for wrong in ({"shade": None, "tone": 1}, {"shade": "dark", "tone": "2"}):
            try:
                Paint.model_validate(wrong)
            except pydantic.ValidationError:
                pass
            else:
                raise AssertionError(f"{wrong} was accepted: the schema allows no such value")

        from solvimon_client.models import Size, Thing

        assert [member.value for member in Size] == ["s", "m", "l"]
        thing = Thing.model_validate({"level": 1, "size": "m", "count": 1})
        assert thing.size is Size.M and thing.count == 1

        from solvimon_client.models import Mixed, Operator

        assert {member.name: member.value for member in Operator} == {
            "EQ": "=", "NOT_EQ": "!=", "EQ_TILDE": "=~", "GT_EQ": ">=", "EMPTY": "",
            "PLUS_1": "+1", "NULL_ISH": "null-ish",
        }

        assert Mixed.NULL.value is None and Mixed(None) is Mixed.NULL  # not NONE_TYPE_NONE

        rank = Thing.model_validate({"level": 1, "rank": 1}).rank
        assert [member.value for member in type(rank)] == [2, 1] and rank == 1
    """)


def test_a_union_tagged_by_an_integer_is_told_apart_by_its_members(tmp_path: Path) -> None:
    # echo-template's responses: a discriminator without a mapping on an integer `code`. The
    # models tagged each member by its schema's name (`code: Literal['CodedFailure']`), which
    # refused every failure the server sends; without the tag, the members tell them apart.
    generated = generate_only(SPECS / "oracle-edges.yaml", tmp_path / "out")
    _run_with(
        generated,
        """
        from solvimon_client.models import CodedFailure, CodedResponse, CodedSuccess

        failed = CodedResponse.model_validate({"code": 5, "message": "no", "errors": ["e"]})
        assert isinstance(failed.root, CodedFailure) and failed.root.code == 5, failed
        done = CodedResponse.model_validate({"code": 0, "message": "ok", "data": None})
        assert isinstance(done.root, CodedSuccess), done
        """,
    )


@pytest.mark.slow
def test_keywords_of_other_types_than_the_schema_s_are_ignored(tmp_path: Path) -> None:
    generated = prove(SPECS / "keywords-of-other-types.yaml", tmp_path / "out")
    _run_with(
        generated,
        """
        import pydantic
        from solvimon_client.models import Event, Thing

        thing = Thing.model_validate(
            {"count": 123456, "name": "longer than two", "tags": [], "mixed": "abcd"}
        )
        assert (thing.count, thing.name, thing.tags) == (123456, "longer than two", []), thing
        assert Event.model_validate({"a": "", "b": 1.5, "c": True}).root["a"] == ""
        for refused in [{"mixed": "abcde"}, {"mixed": -1}]:  # its own types' keywords hold
            try:
                Thing.model_validate(refused)
            except pydantic.ValidationError:
                pass
            else:
                raise AssertionError(f"accepted {refused}")
        """,
    )


@pytest.mark.slow
def test_a_component_keeps_its_name_from_an_inline_schema_before_it(tmp_path: Path) -> None:
    generated = prove(SPECS / "component-names-kept.yaml", tmp_path / "out")
    models = (generated.package_dir / "models" / "_generated.py").read_text(encoding="utf-8")
    classes = re.findall(r"^class (\w+)\(", models, re.MULTILINE)
    assert sorted(classes) == [
        "AddOn", "AddOnBaseInput", "AddOnCreateInput", "AddOnCreateInputAddOn", "ClaimView",
        "ClaimViewOrganization", "Organization",
    ], classes
    source = (generated.package_dir / "resources" / "default.py").read_text(encoding="utf-8")
    assert source.count(") -> _models.AddOn:") == 2  # sync, async
    assert source.count(") -> _models.Organization:") == 2



@pytest.mark.slow
def test_inline_subtypes_of_a_components_alternatives_are_named_after_their_place(
    tmp_path: Path,
) -> None:
    generated = prove(SPECS / "models-inline-subtypes.yaml", tmp_path / "out")
    source = (generated.package_dir / "models" / "_generated.py").read_text(encoding="utf-8")
    classes = re.findall(r"^class (\w+)\((\w+)", source, re.MULTILINE)
    assert sorted(classes) == [
        ("Base", "Model"),
        ("Cert", "RootModel"),
        ("Cert1", "Model"),
        ("Cert2", "Model"),
        ("Details", "Model"),
        ("Inputs", "RootModel"),
        ("Inputs1", "Base"),
        ("Inputs2", "Base"),
        ("Plain", "RootModel"),
        ("PlainP", "Model"),
        ("PlainQ", "Model"),
        ("Thing", "RootModel"),
        ("Thing1", "Base"),
        ("Thing2", "Base"),
        ("Usage", "RootModel"),
        ("Usage1", "Base"),
        ("UsageDetails", "Model"),
    ]
    _run_with(generated, """
        import pydantic
        from solvimon_client.models._generated import Cert, Cert1, Cert2, Thing, Thing1, Thing2

        alpha = Thing.model_validate({"id": "t", "a": "x"}).root
        beta = Thing.model_validate({"id": "t", "b": 2}).root
        assert isinstance(alpha, Thing1) and alpha.a == "x", alpha
        assert isinstance(beta, Thing2) and beta.b == 2, beta
        assert isinstance(Cert.model_validate({"vault": "v"}).root, Cert1)
        assert isinstance(Cert.model_validate({"cert": "c", "key": "k"}).root, Cert2)
        try:
            Cert.model_validate({"cert": "c"})  # neither a vault nor both the others
        except pydantic.ValidationError:
            pass
        else:
            raise AssertionError("a certificate without its key was accepted")
    """)
    assert "DatamodelCodeGenerator" not in source


def test_a_class_built_on_an_alias_has_the_fields_of_what_the_alias_names(
    tmp_path: Path,
) -> None:
    generated = prove(SPECS / "models-aliased-bases" / "openapi.yaml", tmp_path / "out")
    source = (generated.package_dir / "models" / "_generated.py").read_text(encoding="utf-8")
    classes = dict(re.findall(r"^class (\w+)\((\w+)", source, re.MULTILINE))
    assert classes["Refund"] == "Payment"  # not Model: `Charge` is only a name for `Payment`
    assert classes["Credit"] == "LedgerEntry"  # across two files
    assert classes["Receipt"] == "Document"  # the component that names another file's schema
    _run_with(generated, """
        import pydantic
        from solvimon_client.models import Statement

        statement = Statement.model_validate({
            "refund": {"id": "r1", "amount": 5, "reason": "duplicate"},
            "credit": {"account": "a1", "cents": 5, "memo": "m"},
            "receipt": {"number": "n1", "printed": True},
        })
        assert statement.refund.id == "r1" and statement.refund.amount == 5
        assert statement.credit.account == "a1" and statement.credit.cents == 5
        assert statement.receipt.number == "n1"
        for part, missing in (("refund", "amount"), ("credit", "cents")):
            body = {
                "refund": {"id": "r1", "amount": 5, "reason": "duplicate"},
                "credit": {"account": "a1", "cents": 5, "memo": "m"},
                "receipt": {"number": "n1"},
            }
            del body[part][missing]
            try:
                Statement.model_validate(body)
            except pydantic.ValidationError:
                continue
            raise AssertionError(f"a {part} without its required {missing} was accepted")
    """)


def test_unevaluated_properties_of_nothing_else_type_a_maps_values(tmp_path: Path) -> None:
    generated = prove(SPECS / "models-unevaluated-maps.yaml", tmp_path / "out")
    source = (generated.package_dir / "models" / "_generated.py").read_text(encoding="utf-8")
    assert "    components: dict[str, HealthStatus] | None = None\n" in source
    assert "    labels: dict[str, str]\n" in source
    _run_with(generated, """
        import pydantic
        from solvimon_client.models import HealthResponse, HealthStatus

        health = HealthResponse.model_validate(
            {"labels": {"zone": "eu"}, "components": {"db": "healthy"}, "closed": {}}
        )
        assert health.components == {"db": HealthStatus.HEALTHY}, health
        for wrong in ({"labels": {"zone": 1}}, {"labels": {}, "closed": {"a": 1}}):
            try:
                HealthResponse.model_validate(wrong)
            except pydantic.ValidationError:
                continue
            raise AssertionError(f"{wrong} was accepted")
    """)


def test_the_variants_of_a_union_carry_the_tag_their_spec_leaves_out(tmp_path: Path) -> None:
    # utoipa's serde-tagged enums: the discriminator's property is in no variant. Untagged, a
    # fixed window parsed as the calendar period (the same fields) and was sent without a tag.
    generated = prove(SPECS / "models-undeclared-tags.yaml", tmp_path / "out")
    source = (generated.package_dir / "models" / "_generated.py").read_text(encoding="utf-8")
    assert 'class FixedWindowResetPeriod(Model):\n    type: Literal["FIXED_WINDOW"]\n' in source
    assert 'class BillingCycleResetPeriod(Model):\n    """Resets with each billing cycle."""\n' in (
        source
    )
    assert "class Circle(Model):\n    radius: float\n" in source  # referred to alone as well
    _run_with(generated, """
        import pydantic
        from solvimon_client.models import (
            BillingCycleResetPeriod, CalendarUnit, Coupon, FixedWindowResetPeriod
        )

        coupon = Coupon.model_validate(
            {"reset": {"type": "FIXED_WINDOW", "unit": "DAY", "interval": 7}}
        )
        assert isinstance(coupon.reset.root, FixedWindowResetPeriod), coupon.reset
        billed = Coupon.model_validate({"reset": {"type": "BILLING_CYCLE"}})
        assert isinstance(billed.reset.root, BillingCycleResetPeriod), billed.reset
        sent = Coupon(
            reset=FixedWindowResetPeriod(type="FIXED_WINDOW", unit=CalendarUnit.DAY, interval=7)
        ).model_dump(mode="json", by_alias=True, exclude_unset=True)
        assert sent == {"reset": {"type": "FIXED_WINDOW", "unit": "DAY", "interval": 7}}, sent
        for untagged in ({"unit": "DAY", "interval": 7}, {"type": "WEEKLY"}):
            try:
                Coupon.model_validate({"reset": untagged})
            except pydantic.ValidationError:
                continue
            raise AssertionError(f"{untagged} was accepted")
        assert Coupon.model_validate({"reset": {"type": "BILLING_CYCLE"}, "circle": {"radius": 1}})
    """)


def test_a_member_two_unions_tag_apart_takes_every_key_either_gives_it(tmp_path: Path) -> None:
    # Iceberg: the model generator typed Empty's tag as the last union's keys alone
    # (`Literal["cancelled"]`), and FetchResult refused a pending result it maps to Empty.
    generated = prove(SPECS / "models-shared-union-members.yaml", tmp_path / "out")
    source = (generated.package_dir / "models" / "_generated.py").read_text(encoding="utf-8")
    assert 'class Empty(Model):\n    status: Literal["pending", "cancelled"]\n' in source
    _run_with(generated, """
        from solvimon_client.models import Async, Done, Empty, FetchResult, PlanResult

        def parsed(union, status):
            return type(union.model_validate({"status": status}).root)

        assert parsed(FetchResult, "pending") is Empty
        assert parsed(FetchResult, "cancelled") is Empty
        assert parsed(FetchResult, "done") is Done
        assert parsed(PlanResult, "pending") is Async
        assert parsed(PlanResult, "cancelled") is Empty
        assert parsed(PlanResult, "done") is Done
    """)

"""Models made in batches of independent schemas, and joined, are the models of one run.

``generate_models`` cuts a spec whose schemas share no ``$ref`` into batches (less memory:
157 MB instead of 516 MB at 1,000 operations). The oracle is datamodel-code-generator
itself: the same spec in one run.
"""

from __future__ import annotations

import importlib
import os
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from generator.errors import SpecError
from generator.load import SpecDocument, load_spec
from generator.model_groups import ImportLine, batches, join
from generator.models import POOL_BATCHES, generate_models
from generator.worker_guard import stop_pool, worker_pool
from tests.conftest import synthetic_spec

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "templates"
PACKAGE = "solvimon_client"
ONE_RUN = 10**9
"""``batch_schemas`` that keeps every spec in one run."""

CORPUS = [
    "spec/openapi.yaml",
    "tests/specs/multi/openapi.yaml",
    "bench/data/solvimon-transaction-api.yaml",
    "bench/data/solvimon-transaction-api.refund-excerpt.yaml",
    "tests/specs/generate/peer-enums.yaml",
    "tests/specs/generate/ambiguous-success.yaml",
    "tests/specs/good/minimal.yaml",
    *sorted(
        str(p.relative_to(ROOT))
        for p in (ROOT / "tests/specs/hostile").glob("*.yaml")
        if p.name != "inherited-field-collision.yaml"  # refused by the models stage, on purpose
    ),
]


def _synthetic(n: int, tmp_path: Path) -> Path:
    """bench/make_spec.py's spec with ``n`` operations: ~3n schemas in n+1 groups."""
    return synthetic_spec(n, tmp_path / f"synthetic-{n}.yaml")


# --------------------------------------------------------------------------- batches


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def test_batches_keep_schemas_joined_by_refs_together_in_spec_order() -> None:
    schemas: dict[str, Any] = {
        "A": {"type": "object", "properties": {"b": _ref("B")}},
        "C": {"type": "string"},
        "B": {"type": "integer"},
        "D": {"type": "array", "items": {"allOf": [_ref("E")]}},
        "E": {"type": "object", "properties": {"x": _ref("A/properties/b")}},  # into A
        "F": {"type": "object", "properties": {"g": _ref("a~1b")}},  # escaped name
        "a/b": {"type": "string"},
        "G": {"type": "object", "properties": {"missing": _ref("Nowhere")}},
    }
    assert batches(schemas, 1) == [["A", "B", "D", "E"], ["C"], ["F", "a/b"], ["G"]]
    assert batches(schemas, 5) == [["A", "C", "B", "D", "E"], ["F", "a/b", "G"]]
    assert batches(schemas, 6) == [list(schemas)]  # G alone is too few for a run: it joins
    assert batches(schemas, 100) == [list(schemas)]
    assert batches({}, 1) == []


# --------------------------------------------------------------------------- join


_HEADER = "from __future__ import annotations\n"


def test_join_merges_classes_in_one_runs_order_and_sorts_imports() -> None:
    first = (
        _HEADER + "from solvimon_client.models._base import Model\n"
        "from typing import Annotated\nfrom pydantic import Field\n\n\n"
        "class Beta(Model):\n    x: Annotated[int, Field(ge=1)]\n\n\n"
        "class Alpha(Beta):\n    pass\n\n\nAlpha.model_rebuild()\n\n\n"
        "class Window(Model):\n    start: int\n"
    )
    second = (
        _HEADER + "from solvimon_client.models._base import OpenEnum\nfrom enum import Enum\n"
        "import decimal\nfrom pydantic import AwareDatetime, Field\n\n\n"
        "class Price(Model):\n    amount: decimal.Decimal\n    at: AwareDatetime\n\n\n"
        "class Window(Model):\n    start: int\n\n\n"
        "class Apple(OpenEnum):\n    A = 'A'\n\n\nPrice.model_rebuild()\n"
    )
    joined = join([first, second], PACKAGE)
    assert joined is not None
    # Beta comes before its subclass Alpha (its run's order); Apple < Beta goes first.
    classes = [line for line in joined.body.splitlines() if line.startswith("class ")]
    assert classes == [
        "class Apple(OpenEnum):",
        "class Beta(Model):",
        "class Alpha(Beta):",
        "class Price(Model):",
        "class Window(Model):",  # made alike by both runs: kept once
    ]
    # A run's model_rebuild() calls come after every class, an enum moved first included.
    assert joined.body.endswith(
        "class Window(Model):\n    start: int\n\n\nAlpha.model_rebuild()\nPrice.model_rebuild()\n"
    )
    assert joined.imports == (
        (ImportLine("__future__", (("annotations", None),)),),
        (
            ImportLine(None, (("decimal", None),)),
            ImportLine("typing", (("Annotated", None),)),
        ),
        (ImportLine("pydantic", (("AwareDatetime", None), ("Field", None))),),
        (ImportLine("solvimon_client.models._base", (("Model", None), ("OpenEnum", None))),),
    )  # `Enum`, which no class uses, is dropped; `annotations` is a directive, kept


def test_a_type_alias_keeps_its_place_before_the_class_whose_base_uses_it() -> None:
    # codat's Tags: the model generator writes the alias of the values' type before the root
    # model whose base subscribes it (evaluated when the class is made); the join once moved it
    # after every class, with the model_rebuild() calls, and the module did not import.
    first = (
        _HEADER + "from pydantic import Field, RootModel\nfrom typing import Annotated\n"
        "from typing_extensions import TypeAliasType\n\n\n"
        "class Company(Model):\n    tags: Tags | None = None\n\n\n"
        'Value = TypeAliasType("Value", Annotated[str, Field(max_length=9)])\n\n\n'
        "class Tags(RootModel[dict[str, Value]]):\n    root: dict[str, Value]\n"
    )
    second = _HEADER + "\n\nclass Bank(Model):\n    name: str\n"
    joined = join([first, second], PACKAGE)
    assert joined is not None
    names = [line.split("(")[0] for line in joined.body.splitlines() if line[:1].isalpha()]
    assert names == ["class Bank", "class Company", "Value = TypeAliasType", "class Tags"]
    lines = [line for section in joined.imports for line in section]
    assert ImportLine("typing_extensions", (("TypeAliasType", None),)) in lines


@pytest.mark.parametrize(
    ("second", "why"),
    [
        ("class Window(Model):\n    end: int\n", "two different classes of one name"),
        ("class Field(Model):\n    x: int\n", "a class shadows the other run's import"),
        (
            "from datetime import date as Field\n\n\nclass Day(Model):\n    d: Field\n",
            "one name imported from two places",
        ),
        ("print(1)\n\n\nclass Day(Model):\n    d: int\n", "a statement before the classes"),
        ("class Day(Model:\n", "not Python"),
    ],
)
def test_join_refuses_modules_that_were_not_one(second: str, why: str) -> None:
    first = _HEADER + "from pydantic import Field\n\n\nclass Window(Model):\n    start: int\n"
    assert join([first, _HEADER + second], PACKAGE) is None, why


# --------------------------------------------------------------------------- against one run


@pytest.mark.parametrize("relative", CORPUS)
def test_models_made_in_batches_are_the_models_of_one_run(relative: str) -> None:
    document = load_spec(ROOT / relative)
    one = generate_models(document, PACKAGE, TEMPLATES, batch_schemas=ONE_RUN)
    batched = generate_models(document, PACKAGE, TEMPLATES, batch_schemas=1)
    assert batched == one


def test_small_batches_give_the_same_module(tmp_path: Path) -> None:
    for path in (_synthetic(30, tmp_path), ROOT / "bench/data/solvimon-transaction-api.yaml"):
        document = load_spec(path)
        assert len(batches(document.data["components"]["schemas"], 1)) > 1
        one = generate_models(document, PACKAGE, TEMPLATES, batch_schemas=ONE_RUN)
        for size in (1, 20):
            batched = generate_models(document, PACKAGE, TEMPLATES, batch_schemas=size)
            assert batched == one, (path.name, size)


def test_the_batched_runs_really_are_joined(tmp_path: Path) -> None:
    """The comparisons above would also pass if every join fell back to one run."""
    from generator.model_run import Options, run_model_generator
    from generator.models import _subset

    for path, joins in [
        (_synthetic(12, tmp_path), True),
        (ROOT / "bench/data/solvimon-transaction-api.yaml", True),
        (ROOT / "tests/specs/hostile/schema-case-collision.yaml", False),
    ]:
        data = load_spec(path).data
        options = Options(PACKAGE, TEMPLATES, True, path.resolve(), {})
        parts = batches(data["components"]["schemas"], 1)
        codes = [run_model_generator(_subset(data, part), options).code for part in parts]
        assert (join(codes, PACKAGE) is not None) is joins, path.name


def _broken(document: SpecDocument) -> SpecDocument:
    """The spec with one more schema, on its own and first, that the model generator rejects."""
    data = dict(document.data)
    components = dict(data["components"])
    schemas = {"Broken": {"type": "object", "properties": {"x": {"type": 5}}}}
    components["schemas"] = {**schemas, **components["schemas"]}
    data["components"] = components
    return replace(document, root=replace(document.root, data=data))


def test_batches_shared_with_a_worker_give_the_same_module(tmp_path: Path) -> None:
    """With a models worker (``pipeline.models_pool``), it makes the batches from the first on
    and this process those it has not begun, from the last back; the module is still the one of
    one run."""
    document = load_spec(_synthetic(30, tmp_path))
    assert len(batches(document.data["components"]["schemas"], 1)) >= POOL_BATCHES
    one = generate_models(document, PACKAGE, TEMPLATES, batch_schemas=ONE_RUN)
    pool = worker_pool("spawn")
    try:
        assert generate_models(document, PACKAGE, TEMPLATES, batch_schemas=1, pool=pool) == one
    finally:
        stop_pool(pool)


@pytest.mark.parametrize("pooled", [False, True], ids=["in-process", "in-the-worker"])
def test_a_failing_batch_is_a_spec_error(pooled: bool, tmp_path: Path) -> None:
    # A multi-file spec is made in one run, here; the synthetic one in batches, the broken one
    # (the first) in the models worker, from which the located failure comes back whole.
    path = _synthetic(12, tmp_path) if pooled else ROOT / "tests/specs/multi/openapi.yaml"
    document = _broken(load_spec(path))
    pool = worker_pool("spawn") if pooled else None
    try:
        with pytest.raises(SpecError) as caught:
            generate_models(document, PACKAGE, TEMPLATES, batch_schemas=1, pool=pool)
    finally:
        if pool is not None:
            stop_pool(pool)
    [diagnostic] = caught.value.diagnostics
    assert diagnostic.code == "models"
    assert diagnostic.message.startswith("the model generator failed: ")
    # At the schema it names, not at `components/schemas` as a whole.
    assert diagnostic.pointer == "/components/schemas/Broken"


def test_of_two_failing_batches_the_first_is_reported_whoever_made_them(tmp_path: Path) -> None:
    """The worker takes batches from the first, this process from the last: with the first and
    the last batch broken, the refusal names the first, as without a worker, on every run."""
    document = _broken(load_spec(_synthetic(12, tmp_path)))
    data = dict(document.data)
    components = dict(data["components"])
    last = {"Unbuildable": {"type": "object", "properties": {"y": {"type": 7}}}}
    components["schemas"] = {**components["schemas"], **last}
    data["components"] = components
    document = replace(document, root=replace(document.root, data=data))
    with pytest.raises(SpecError) as alone:
        generate_models(document, PACKAGE, TEMPLATES, batch_schemas=1)
    pool = worker_pool("spawn")  # slow to start: this process reaches the last batch first
    try:
        with pytest.raises(SpecError) as shared:
            generate_models(document, PACKAGE, TEMPLATES, batch_schemas=1, pool=pool)
    finally:
        stop_pool(pool)
    [first] = alone.value.diagnostics
    assert "5" in first.message and "7" not in first.message, first.message
    assert "/Broken'" in first.message and "Unbuildable" not in first.message, first.message
    assert shared.value.diagnostics == alone.value.diagnostics


def test_a_located_failure_crosses_from_the_worker_whole() -> None:
    """What the worker raises reaches this process pickled: where and why, not the text only."""
    import pickle

    from generator.model_run import ModelsFailed

    sent = ModelsFailed("what", "allof-conflict", "/components/schemas/A", "how to fix it")
    back = pickle.loads(pickle.dumps(sent))
    assert (back.message, back.code, back.pointer, back.hint) == (
        "what", "allof-conflict", "/components/schemas/A", "how to fix it"
    )


def test_the_models_worker_is_forked_only_from_a_process_without_threads(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """``pipeline.models_pool`` forks its worker only when no other thread could hold a lock the
    child would inherit; and not when this process has the model generator already."""
    import sys
    import threading

    from generator import pipeline

    monkeypatch.setattr("os.cpu_count", lambda: 2)
    importlib.import_module(pipeline.MODEL_GENERATOR[-1])
    assert pipeline.models_pool() is None
    monkeypatch.delitem(sys.modules, pipeline.MODEL_GENERATOR[-1])
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert pipeline.models_pool() is None
    finally:
        stop.set()
        thread.join()
    if threading.active_count() == 1:  # pytest itself runs no thread here
        pool = pipeline.models_pool()
        assert pool is not None
        try:
            assert pool.submit(os.getpid).result() != os.getpid()
        finally:
            stop_pool(pool)


# --------------------------------------------------------------------------- request models

BODY_CORPUS = {
    p.stem: p
    for folder in ("tests/specs/generate", "tests/specs/real", "tests/specs/hostile")
    for p in sorted((ROOT / folder).iterdir())
    if p.suffix in (".yaml", ".yml", ".json")
}


_BODY_EDGES = {
    "content-empty": {"requestBody": {"content": {}}},
    "body-referenced": {"requestBody": {"$ref": "#/components/requestBodies/Note"}},
}
"""Operations the corpus lacks alone: a body without media types, a body by ``$ref``."""


def _body_edge(name: str, tmp_path: Path) -> Path:
    import yaml

    operation = {"operationId": "send", **_BODY_EDGES[name]}
    operation["responses"] = {"204": {"description": "sent"}}
    note = {"content": {"application/json": {"schema": {"type": "string"}}}}
    document = {
        "openapi": "3.1.0",
        "info": {"title": name, "version": "1.0.0"},
        "servers": [{"url": "https://api.example.com"}],
        "paths": {"/notes": {"post": operation}},
        "components": {"requestBodies": {"Note": note}},
    }
    path = tmp_path / f"{name}.yaml"
    path.write_text(yaml.safe_dump(document))
    return path


def test_sends_bodies_says_what_the_ir_will(tmp_path: Path) -> None:
    """The models start before the IR is built, told by ``ir.sends_bodies`` whether request
    models are needed; it must agree with the IR's operations (``$ref``'d bodies, empty
    ``content``, no body at all) on every document of the corpus the IR builds."""
    from generator.config import load_config
    from generator.hoist import hoist_inline_schemas
    from generator.ir import build_api, sends_bodies
    from generator.lint import lint
    from generator.prune import prune_enums

    answers: dict[bool, list[str]] = {True: [], False: []}
    edges = {name: _body_edge(name, tmp_path) for name in _BODY_EDGES}
    for name, path in {**BODY_CORPUS, **edges}.items():
        config = load_config(ROOT).with_overrides(spec=path, out=None)
        document = load_spec(path)
        if any(d.is_error for d in lint(document)):
            continue  # refused before the models start
        document = hoist_inline_schemas(prune_enums(document))
        try:
            api = build_api(document, config)
        except SpecError:
            continue  # refused while the models are made: they are discarded
        expected = any(op.body is not None for op in api.operations)
        assert sends_bodies(document, config) is expected, name
        answers[expected].append(name)
    assert len(answers[True]) > 20 and len(answers[False]) > 5, answers
    assert "body-referenced" in answers[True] and "content-empty" in answers[False], answers


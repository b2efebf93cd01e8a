"""Hostile specs: recursion, a ~5 MB document, hostile names, and the name clashes we refuse.

Accepted specs are generated into a temporary directory, then imported and exercised in a fresh
interpreter (``-W error``, PYTHONPATH = the output) using the wire names. Refused specs must fail
with exit 2, the rule id and the line, no traceback, and nothing written.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import yaml

__all__: list[str] = []

ROOT = Path(__file__).resolve().parents[2]
HOSTILE = ROOT / "tests" / "specs" / "hostile"
_EXPECT = re.compile(r"^# expect: (?P<rule>[a-z0-9-]+) line (?P<line>\d+)$", re.MULTILINE)
MEMORY_BOUND_KB = 2 * 1024 * 1024
"""Peak RSS allowed to ``generate`` on the ~5 MB spec: 2 GB (generous on purpose)."""


def _generate(spec: Path, out: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", "generate", "--spec", str(spec), "--out", str(out)],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=600,
    )


def _generated(spec: Path, out: Path) -> Path:
    result = _generate(spec, out)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return out


def _run_in(out: Path, code: str) -> str:
    """Run ``code`` in a fresh interpreter that sees only the generated package (and the venv)."""
    environment = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    result = subprocess.run(
        [sys.executable, "-W", "error", "-c", textwrap.dedent(code)],
        cwd=out,
        env={**environment, "PYTHONPATH": str(out)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def test_recursive_schema_generates_working_models(tmp_path: Path) -> None:
    out = _generated(HOSTILE / "recursive.yaml", tmp_path / "out")
    printed = _run_in(
        out,
        """
        import json
        import httpx
        from solvimon_client import Solvimon
        from solvimon_client.models import Node

        tree = {
            "name": "root", "parent": None,
            "children": [
                {"name": "a", "parent": {"name": "root"}, "children": [
                    {"name": "a1", "parent": {"name": "a", "parent": {"name": "root"}},
                     "children": []},
                ]},
                {"name": "b", "children": [], "parent": {"name": "root", "parent": None}},
            ],
        }
        node = Node.model_validate(tree)
        leaf = node.children[0].children[0]
        assert isinstance(leaf, Node) and leaf.name == "a1"
        assert leaf.parent.parent.name == "root" and leaf.parent.parent.parent is None
        assert node.children[1].parent.parent is None
        assert Node.model_validate_json(node.model_dump_json(by_alias=True)) == node
        assert Node.model_validate(node.model_dump()) == node
        assert node.model_dump(by_alias=True, exclude_unset=True) == tree

        def answer(request):
            assert request.url.path == "/trees/t1"
            return httpx.Response(200, json=tree)

        http = httpx.Client(transport=httpx.MockTransport(answer))
        with Solvimon(api_key="k", http_client=http) as client:
            assert client.default.get_tree("t1") == node
        print("depth-3 tree ok")
        """,
    )
    assert printed.strip() == "depth-3 tree ok"


NAMES = {
    "naïve": "n",
    "日本": 7,
    "2fa": True,
    "class": "c",
    "from": "f",
    "import": "i",
    "async": "a",
    "None": "none",
    "self": "s",
    "model_config": "m",
    "schema": "sch",
    "podium": {"rank": 1},
}


def test_hostile_names_generate_importable_models(tmp_path: Path) -> None:
    out = _generated(HOSTILE / "names.yaml", tmp_path / "out")
    printed = _run_in(
        out,
        f"""
        import json, keyword
        import solvimon_client, solvimon_client.models as models
        from solvimon_client import Solvimon

        wire = json.loads({json.dumps(json.dumps(NAMES, ensure_ascii=False))})
        Size = models.Size
        python = {{(info.alias or name): name for name, info in Size.model_fields.items()}}
        assert set(python) == set(wire), sorted(python)
        for name in python.values():
            assert name.isidentifier() and not keyword.iskeyword(name), name
        size = Size.model_validate(wire)
        assert size.model_extra == {{}}, size.model_extra
        for key, value in wire.items():
            got = getattr(size, python[key])
            assert (got.model_dump() if key == "podium" else got) == value, key
        assert size.model_dump(by_alias=True, exclude_unset=True) == wire
        assert Size.model_validate_json(size.model_dump_json(by_alias=True)) == size
        by_python = Size(**{{python[k]: v for k, v in wire.items()}})
        assert by_python == size
        place = type(size.podium)
        assert place.__name__.isidentifier() and place.model_validate({{"rank": 2}}).rank == 2
        print(json.dumps(sorted(python.values()), ensure_ascii=False))
        """,
    )
    python_names = json.loads(printed)
    assert "class" not in python_names and "from" not in python_names


def _expectation(spec: Path) -> tuple[str, int]:
    match = _EXPECT.search(spec.read_text(encoding="utf-8"))
    assert match, f"{spec.name} has no '# expect: RULE line N' header"
    return match["rule"], int(match["line"])


def test_schema_names_of_one_class_each_get_a_class_and_a_warning(tmp_path: Path) -> None:
    spec = HOSTILE / "schema-case-collision.yaml"
    rule, line = _expectation(spec)
    result = _generate(spec, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    [warning] = [ln for ln in result.stderr.splitlines() if f"warning [{rule}]" in ln]
    assert f"{spec.name}:{line}:" in warning, warning
    printed = _run_in(
        tmp_path / "out",
        """
        import httpx
        from solvimon_client import Solvimon, models

        def answer(request: httpx.Request) -> httpx.Response:
            status = 201 if request.url.params.get("other") else 200
            body = {"nickname": "Rex"} if status == 201 else {"name": "Rex"}
            return httpx.Response(status, json=body)

        http = httpx.Client(transport=httpx.MockTransport(answer))
        client = Solvimon(http_client=http, base_url="https://x.example.com")
        first = client.default.get_pet()
        second = client.default.get_pet(extra_query={"other": "1"})
        assert type(first) is models.Pet and first.name == "Rex"
        assert type(second) is models.Pet1 and second.nickname == "Rex"
        print("ok")
        """,
    )
    assert printed.strip() == "ok"


@pytest.mark.parametrize("name", ["unicode-schema-name", "inherited-field-collision"])
def test_refused_names_fail_clearly(tmp_path: Path, name: str) -> None:
    spec = HOSTILE / f"{name}.yaml"
    rule, line = _expectation(spec)
    result = _generate(spec, tmp_path / "out")
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    errors = [ln for ln in result.stderr.splitlines() if " error [" in ln]
    assert len(errors) == 1, result.stderr
    assert f"{spec.name}:{line}:" in errors[0], errors[0]
    assert f"[{rule}]" in errors[0], errors[0]
    assert "nothing was written" in result.stderr
    assert not (tmp_path / "out").exists()


def _big_spec(path: Path, schemas: int, properties: int, words: int) -> int:
    """A valid spec of ``schemas`` objects with long descriptions; returns its size in bytes."""
    text = " ".join(f"word{i % 97}" for i in range(words))
    components = {
        f"Thing{n}": {
            "type": "object",
            "description": f"Thing number {n}. {text}",
            "properties": {
                f"field_{p}": {"type": ["string", "null"], "description": f"Field {p}. {text}"}
                for p in range(properties)
            },
        }
        for n in range(schemas)
    }
    components["Catalog"] = {
        "type": "object",
        "properties": {f"thing_{n}": {"$ref": f"#/components/schemas/Thing{n}"}
                       for n in range(schemas)},
    }
    paths = {
        f"/catalogs/{n}": {
            "get": {
                "operationId": f"getCatalog{n}",
                "description": text,
                "responses": {"200": {
                    "description": "The catalog.",
                    "content": {"application/json": {
                        "schema": {"$ref": "#/components/schemas/Catalog"}}},
                }},
            }
        }
        for n in range(20)
    }
    spec = {
        "openapi": "3.1.0",
        "info": {"title": "Big", "version": "1.0.0"},
        "servers": [{"url": "https://api.example.com"}],
        "paths": paths,
        "components": {"schemas": components},
    }
    path.write_text(yaml.safe_dump(spec, allow_unicode=True, width=10**9), encoding="utf-8")
    return path.stat().st_size


_PEAK_RSS = """
import resource, subprocess, sys
result = subprocess.run(sys.argv[1:], capture_output=True, text=True)
sys.stderr.write(result.stderr)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
sys.exit(result.returncode)
"""


def test_five_megabyte_spec_generates_within_memory_bound(tmp_path: Path) -> None:
    spec = tmp_path / "big.yaml"
    size = _big_spec(spec, schemas=600, properties=10, words=100)
    assert 4_500_000 < size < 6_500_000, size
    out = tmp_path / "out"
    command = [sys.executable, "-m", "generator", "generate", "--spec", str(spec)]
    command += ["--out", str(out)]
    # A fresh wrapper process: its only child is the generator, so
    # RUSAGE_CHILDREN's peak is its alone.
    result = subprocess.run(
        [sys.executable, "-c", _PEAK_RSS, *command],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, result.stderr
    peak_kb = int(result.stdout.split()[-1])
    print(f"spec {size / 1e6:.1f} MB: generate peak RSS {peak_kb / 1024:.0f} MB")
    assert peak_kb < MEMORY_BOUND_KB, f"peak RSS {peak_kb / 1024:.0f} MB"
    _run_in(
        out,
        """
        from solvimon_client.models import Catalog, Thing599
        catalog = Catalog.model_validate({"thing_599": {"field_9": "x"}})
        assert isinstance(catalog.thing_599, Thing599) and catalog.thing_599.field_9 == "x"
        """,
    )

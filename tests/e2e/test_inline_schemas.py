"""Inline schemas of operations and webhooks become models (``generator/hoist.py``): the client's
signatures name them, never ``dict[str, Any]``, and the package works end to end."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.prove_package import prove

__all__: list[str] = []

SPEC = ROOT / "tests" / "specs" / "generate" / "inline-schemas.yaml"

_HINTS = """
import json, sys, typing
sys.path.insert(0, sys.argv[1])
from solvimon_client.resources.default import Default

def show(t):  # one spelling on every Python: X | None, list[X], dict[str, X], X
    args = typing.get_args(t)
    origin = typing.get_origin(t)
    if origin is typing.Union or type(t).__name__ == "UnionType":
        return " | ".join(show(a) for a in args)
    if origin is not None:
        return f"{origin.__name__}[{', '.join(show(a) for a in args)}]"
    return "None" if t is type(None) else t.__name__

hints = {}
for name in ("make_thing", "list_things", "things_by_name", "maybe_thing", "name_thing",
             "combined_thing"):
    found = typing.get_type_hints(getattr(Default, name))
    hints[name] = {k: show(v) for k, v in found.items() if k in ("body", "return")}
from solvimon_client import webhooks
created = webhooks.parse_thing_created(b'{"id": "t-1"}')
hints["webhooks"] = {
    "thingCreated": [type(created).__name__, created.id],
    "thingsPurged": [str(u) for u in webhooks.parse_things_purged(
        '["8d4f3a8e-2f51-4b8e-9a65-7c4f0b1d2e3f"]')],
    "keys": sorted(webhooks.WEBHOOKS),
}
try:
    webhooks.parse_thing_created(b'{}')
except Exception as exc:
    hints["webhooks"]["missing id"] = type(exc).__name__
print(json.dumps(hints))
"""


@pytest.mark.slow
def test_inline_schemas_become_models_in_a_working_package(tmp_path: Path) -> None:
    generated = prove(SPEC, tmp_path / "out")
    result = subprocess.run(
        [sys.executable, "-c", _HINTS, str(generated.out)],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    hints = json.loads(result.stdout)
    assert hints == {
        "make_thing": {"body": "MakeThingBody", "return": "MakeThingResponse"},
        # ListThingsResponseItem is a component of the spec already: the items take the next.
        "list_things": {"return": "list[ListThingsResponseItem2]"},
        "things_by_name": {"return": "dict[str, ThingsByNameResponseValue]"},
        "maybe_thing": {"return": "MaybeThingResponse | None"},
        "name_thing": {"body": "NamingBody", "return": "NamedResponse"},
        "combined_thing": {"return": "CombinedThingResponse"},
        "webhooks": {
            "thingCreated": ["ThingCreatedPayload", "t-1"],
            "thingsPurged": ["8d4f3a8e-2f51-4b8e-9a65-7c4f0b1d2e3f"],
            "keys": ["thingCreated", "thingsPurged"],  # ping's body is text: not parsed
            "missing id": "ValidationError",
        },
    }
    models = (generated.package_dir / "models" / "_generated.py").read_text(
        encoding="utf-8"
    )
    # The error response's body and the webhook's payload are models too.
    assert "class MakeThingResponse404(Model):" in models
    assert "class ThingCreatedPayload(Model):" in models
    assert "class CombinedThingResponse(Stamp):" in models
    module = (generated.package_dir / "webhooks.py").read_text(encoding="utf-8")
    assert "Not parsed here (the body is not JSON): ``ping`` (POST, text/plain)." in module

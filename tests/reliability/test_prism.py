"""Prism as an independent oracle: it must accept every request the client sends, and the
client must parse every response Prism generates from the spec.

Prism (scripts/setup.sh installs it in .tools/) validates requests against the spec,
security included, and with ``--errors`` answers a violating request with an error; in
dynamic mode (``-d``) it invents a new schema-valid body for every call.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from threading import Lock
from typing import Any

import httpx
import jsonschema
import pytest
import yaml
from solvimon_client import (
    APIResponseValidationError,
    AsyncSolvimon,
    InternalServerError,
    Solvimon,
)
from solvimon_client.models import Invoice

from tests.reliability._prism import running_prism
from tests.reliability._specdata import SPEC_PATH, invoice_example, operations, spec

DYNAMIC_RESPONSES = 500
"""Successful dynamic responses the client must parse."""
MAX_DYNAMIC_CALLS = 1200
"""Bound on calls: Prism's faker sometimes crashes with a 500 (see DynamicTally)."""
ARRAY_CAP = 1
"""maxItems given to every array in the dynamic mock's copy of the spec: for speed, and it
keeps Prism's faker from crashing (at 2, about 1 call in 6 was a Prism 500)."""

# Per-call values of the spec's optional parameters, by wire name -> (keyword, value).
OPTIONAL_ARGUMENTS = {"x-platform-id": ("platform_id", "plat_01HV3N6R8T2K5M9Q4W7C1ZXBYD")}
AUTH = {"api_key": "sk_test_prism", "bearer_token": "tok_test_prism"}


@pytest.fixture(scope="module")
def prism_static(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    log = tmp_path_factory.mktemp("prism") / "static.log"
    with running_prism(SPEC_PATH, log, "-v", "warn") as url:
        yield url


def _capped(node: Any) -> Any:
    if isinstance(node, dict):
        capped = {key: _capped(value) for key, value in node.items()}
        kinds = node.get("type")
        if "array" in (kinds if isinstance(kinds, list) else [kinds]):
            capped.setdefault("maxItems", ARRAY_CAP)
        return capped
    if isinstance(node, list):
        return [_capped(item) for item in node]
    return node


@pytest.fixture(scope="module")
def prism_dynamic(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Prism in dynamic mode on a copy of the spec whose arrays hold at most ARRAY_CAP items.

    A cap only narrows the schema, so every body is still valid for the real spec;
    uncapped, Prism takes ~130 ms per Invoice (63 KB on average, up to 600 KB) and crashes
    on a third of the calls, so 500 parsed bodies would take minutes.
    """
    directory = tmp_path_factory.mktemp("prism-dynamic")
    capped = directory / "openapi.yaml"
    capped.write_text(yaml.safe_dump(_capped(spec()), sort_keys=False), encoding="utf-8")
    with running_prism(capped, directory / "dynamic.log", "-d", "-v", "warn") as url:
        yield url


# --- 1. every operation, every auth scheme, every optional parameter ------------------------


@dataclass(frozen=True)
class Variant:
    auth: str
    version: bool
    """Pass version="1" explicitly (else the client's api_version)."""
    optional: str
    """Optional parameters: "unset", "client" (client-level default) or "call"."""

    @property
    def id(self) -> str:
        return f"{self.auth}-{'version' if self.version else 'noversion'}-{self.optional}"


VARIANTS = [
    Variant(auth, version, optional)
    for auth in AUTH
    for version in (False, True)
    for optional in ("unset", "client", "call")
]


def _arguments(variant: Variant) -> tuple[dict[str, Any], dict[str, Any]]:
    """(client options, call keywords) for one variant of every operation."""
    client: dict[str, Any] = {variant.auth: AUTH[variant.auth], "max_retries": 0}
    call: dict[str, Any] = {"version": "1"} if variant.version else {}
    for keyword, value in OPTIONAL_ARGUMENTS.values():
        if variant.optional == "client":
            client[keyword] = value
        elif variant.optional == "call":
            call[keyword] = value
    return client, call


def test_every_optional_parameter_is_covered() -> None:
    for operation in operations():
        assert set(operation.optional_params) <= set(OPTIONAL_ARGUMENTS), operation


def _assert_accepted(raw: Any) -> None:
    assert 200 <= raw.status_code < 300
    assert "sl-violations" not in raw.headers, raw.headers["sl-violations"]
    invoice = raw.parse()
    assert isinstance(invoice, Invoice)
    assert invoice.model_dump(mode="json", by_alias=True, exclude_unset=True) == invoice_example()


@pytest.mark.parametrize("variant", VARIANTS, ids=lambda variant: variant.id)
def test_prism_accepts_every_request_sync(prism_static: str, variant: Variant) -> None:
    client_options, call = _arguments(variant)
    with Solvimon(base_url=prism_static, **client_options) as client:
        for operation in operations():
            method = getattr(
                getattr(client, operation.tag).with_raw_response, operation.method_name
            )
            _assert_accepted(method("inv_01JPB7Q3KX8M2V5R9T4C6NZHWD", **call))


@pytest.mark.parametrize("variant", VARIANTS, ids=lambda variant: variant.id)
async def test_prism_accepts_every_request_async(prism_static: str, variant: Variant) -> None:
    client_options, call = _arguments(variant)
    async with AsyncSolvimon(base_url=prism_static, **client_options) as client:
        for operation in operations():
            method = getattr(
                getattr(client, operation.tag).with_raw_response, operation.method_name
            )
            _assert_accepted(await method("inv_01JPB7Q3KX8M2V5R9T4C6NZHWD", **call))


def test_prism_rejects_a_request_without_credentials(prism_static: str) -> None:
    """The control: Prism does check security, so the acceptance above means something."""
    for operation in operations():
        path = operation.path.replace("{version}", "1").replace("{resourceId}", "inv_1")
        response = httpx.request(operation.method, prism_static + path)
        assert response.status_code == 401
        assert "sl-violations" in response.headers


def test_prism_rejects_a_wrong_bearer_scheme(prism_static: str) -> None:
    for operation in operations():
        path = operation.path.replace("{version}", "1").replace("{resourceId}", "inv_1")
        response = httpx.request(
            operation.method, prism_static + path, headers={"Authorization": "Token abc"}
        )
        assert response.status_code == 401


# --- 2. random schema-valid responses -------------------------------------------------------


def _same(parsed: Any, sent: Any) -> bool:
    """Equal JSON, except that date-times may be written differently (``.0Z`` vs ``Z``)."""
    if isinstance(parsed, dict) and isinstance(sent, dict):
        return parsed.keys() == sent.keys() and all(_same(parsed[k], sent[k]) for k in sent)
    if isinstance(parsed, list) and isinstance(sent, list):
        return len(parsed) == len(sent) and all(map(_same, parsed, sent))
    if isinstance(parsed, str) and isinstance(sent, str) and parsed != sent:
        try:
            return datetime.fromisoformat(parsed) == datetime.fromisoformat(sent)
        except ValueError:
            return False
    return bool(parsed == sent) and type(parsed) is type(sent)


@dataclass
class DynamicTally:
    """What happened over the dynamic calls."""

    parsed: int = 0
    prism_crashes: int = 0
    """Prism 5.16's json-schema-faker 0.5.8 raises in ``clean`` on some nested arrays: a 500."""
    invalid_from_prism: int = 0
    """Bodies the spec's own JSON Schema rejects: Prism's fault, not the client's."""
    client_failures: list[str] = field(default_factory=list)
    lock: Lock = field(default_factory=Lock)


@functools.cache
def _invoice_validator() -> jsonschema.Draft202012Validator:
    document = {"$ref": "#/components/schemas/Invoice", "components": spec()["components"]}
    return jsonschema.Draft202012Validator(document)


def _one_dynamic_call(client: Solvimon, tally: DynamicTally) -> None:
    try:
        raw = client.invoices.with_raw_response.refund("inv_1")
    except InternalServerError as error:
        assert b"stoplight.io/prism/errors" in error.body, error
        with tally.lock:
            tally.prism_crashes += 1
        return
    body = json.loads(raw.content)
    try:
        invoice = raw.parse()
    except APIResponseValidationError as error:
        valid = _invoice_validator().is_valid(body)
        with tally.lock:
            if valid:
                tally.client_failures.append(f"{error}\n{raw.content[:2000]!r}")
            else:
                tally.invalid_from_prism += 1
        return
    dumped = invoice.model_dump(mode="json", by_alias=True, exclude_unset=True)
    with tally.lock:
        if _same(dumped, body):
            tally.parsed += 1
        else:
            tally.client_failures.append(f"round trip changed the body\n{raw.content[:2000]!r}")


@pytest.mark.slow
def test_client_parses_every_dynamic_response(prism_dynamic: str) -> None:
    tally = DynamicTally()
    with Solvimon(api_key="sk_test_prism", base_url=prism_dynamic, max_retries=0) as client:
        calls = 0
        with ThreadPoolExecutor(max_workers=2) as pool:
            while tally.parsed < DYNAMIC_RESPONSES and calls < MAX_DYNAMIC_CALLS:
                batch = min(50, MAX_DYNAMIC_CALLS - calls)
                for future in [pool.submit(_one_dynamic_call, client, tally) for _ in range(batch)]:
                    future.result()
                calls += batch
    assert tally.client_failures == []
    assert tally.parsed >= DYNAMIC_RESPONSES, tally
    print(
        f"dynamic: {calls} calls, {tally.parsed} parsed and round-tripped, "
        f"{tally.prism_crashes} Prism 500s, {tally.invalid_from_prism} invalid bodies from Prism"
    )

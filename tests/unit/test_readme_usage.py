"""The values the package README shows come from the IR (``Api.usage`` and friends), not from
computations in ``templates/package/README.md.jinja``."""

from __future__ import annotations

from pathlib import Path

from generator.config import load_config
from generator.ir import Api, Usage, build_api
from generator.load import load_spec
from tests.conftest import MULTI_SPEC, ROOT, SPEC


def _api(spec: Path) -> Api:
    config = load_config(ROOT).with_overrides(spec=spec, out=None)
    return build_api(load_spec(spec), config)


def test_the_refund_spec_shows_the_refund_call() -> None:
    api = _api(SPEC)
    assert api.usage == Usage(
        shown=True,
        method="invoices.refund",
        raw_method="invoices.with_raw_response.refund",
        arguments='"<resourceId>"',
        returns="Invoice",
        operation_id="refundCreditInvoice",
        success_status="200",
        credential_first='api_key="..."',
        credential_last='bearer_token="..."',
    )
    assert api.fixture == "fake_solvimon"
    assert api.env_vars == ("SOLVIMON_API_KEY", "SOLVIMON_BEARER_TOKEN")
    assert [s.sent_as for s in api.security_schemes] == ["X-API-KEY", "Authorization: Bearer ..."]
    assert [(o.py_name, o.default_text) for o in api.client_options] == [
        ("api_version", '"1"'), ("platform_id", "None"),
    ]  # fmt: skip
    assert all("\n" not in o.description_line for o in api.client_options)


def test_an_operation_without_positional_arguments_or_model() -> None:
    usage = _api(MULTI_SPEC).usage
    assert (usage.method, usage.arguments, usage.returns) == ("pets.list_pets", "", None)


def test_a_spec_without_operations_shows_placeholders() -> None:
    api = _api(ROOT / "tests" / "specs" / "real" / "oai-webhook-example.yaml")
    assert api.usage == Usage(
        False, "<resource>.<operation>", "<resource>.with_raw_response.<operation>", "", None,
        "", "204", 'base_url="https://..."', 'base_url="https://..."',
    )  # fmt: skip  (no servers: the client is told where the API is)


def test_a_spec_whose_servers_name_no_host_shows_the_base_url() -> None:
    api = _api(ROOT / "tests" / "specs" / "generate" / "server-path-relative.yaml")
    assert not api.default_server.absolute
    assert api.usage.credential_first.startswith('base_url="https://..."'), api.usage
    first_relative = _api(ROOT / "tests" / "specs" / "generate" / "server-first-relative.yaml")
    assert first_relative.default_server.url == "http://127.0.0.1:12973"
    assert "base_url" not in first_relative.usage.credential_first

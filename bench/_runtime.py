"""Figure 4, in-process: parse and call costs of a generated client, printed as JSON (µs per op).

Usage: ``python bench/_runtime.py MODE --client-dir DIR --invoice FILE [--repeat R]`` where MODE is
``parse-ours`` (our client's response path vs raw ``Invoice.model_validate_json``), ``parse-opc``
(openapi-python-client's ``Invoice.from_dict(json.loads(...))``; run it in the competitors' venv)
or ``call`` (one refund call over ``httpx.MockTransport``: our client vs the same request with raw
httpx). Each sample is the mean of a timed loop; the harness takes the median of the samples.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
import timeit
from collections.abc import Callable
from pathlib import Path
from typing import Any

__all__ = ["main"]

_BASE_URL = "https://api.solvimon.test"
_RESOURCE_ID = "inv_123"


def _per_op_us(funcs: dict[str, Callable[[], object]], repeat: int) -> dict[str, list[float]]:
    """µs per call of each function: calibrated loops of ~0.1 s, interleaved so that a change in
    the machine's load hits every function alike rather than one of them."""
    timers = {name: timeit.Timer(func) for name, func in funcs.items()}
    numbers = {name: max(1, timer.autorange()[0] // 2) for name, timer in timers.items()}
    samples: dict[str, list[float]] = {name: [] for name in funcs}
    for _ in range(repeat):
        for name, timer in timers.items():
            samples[name].append(timer.timeit(numbers[name]) / numbers[name] * 1e6)
    return samples


def _response_for(invoice: bytes) -> Any:
    import httpx

    request = httpx.Request("POST", f"{_BASE_URL}/v1/invoices/{_RESOURCE_ID}/refund")
    return httpx.Response(
        200, content=invoice, headers={"content-type": "application/json"}, request=request
    )


def _client_parse(invoice: bytes) -> Callable[[], object]:
    """Our client's response path: ``_response.parse_success`` with the operation's parser."""
    response_module = importlib.import_module("solvimon_client._response")
    models = importlib.import_module("solvimon_client.models")
    parse_success = response_module.parse_success
    parser = models.Invoice.model_validate_json
    http_response = _response_for(invoice)

    def parse() -> object:
        return parse_success(http_response, parser)

    return parse


def parse_ours(invoice: bytes, repeat: int) -> dict[str, list[float]]:
    """Our response path vs raw ``Invoice.model_validate_json`` on the same bytes."""
    models = importlib.import_module("solvimon_client.models")
    raw = models.Invoice.model_validate_json
    funcs = {
        "raw_model_validate_json": lambda: raw(invoice),
        "client_response_path": _client_parse(invoice),
    }
    return _per_op_us(funcs, repeat)


def parse_opc(invoice: bytes, repeat: int, package: str) -> dict[str, list[float]]:
    """openapi-python-client's model: ``Invoice.from_dict(json.loads(...))``."""
    invoice_class = importlib.import_module(f"{package}.models.invoice").Invoice

    def parse() -> object:
        return invoice_class.from_dict(json.loads(invoice))

    return _per_op_us({"opc_from_dict": parse}, repeat)


def call(invoice: bytes, repeat: int) -> dict[str, list[float]]:
    """One refund call with our client vs the same POST and parse with raw httpx."""
    import httpx

    models = importlib.import_module("solvimon_client.models")
    client_module = importlib.import_module("solvimon_client")

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=invoice, headers={"content-type": "application/json"})

    transport = httpx.MockTransport(handler)
    raw_client = httpx.Client(base_url=_BASE_URL, transport=transport)
    ours = client_module.Solvimon(
        api_key="sk_test", base_url=_BASE_URL, http_client=httpx.Client(transport=transport)
    )

    def raw_call() -> object:
        response = raw_client.post(
            f"/v1/invoices/{_RESOURCE_ID}/refund", headers={"X-API-KEY": "sk_test"}
        )
        response.raise_for_status()
        return models.Invoice.model_validate_json(response.content)

    def our_call() -> object:
        return ours.invoices.refund(_RESOURCE_ID)

    return _per_op_us({"raw_httpx": raw_call, "client_call": our_call}, repeat)


def kit_call(repeat: int) -> dict[str, list[float]]:
    """One refund through the generated test kit vs through ``httpx.MockTransport`` answering
    the same body (the spec's example, which the kit answers by default)."""
    import httpx

    client_module = importlib.import_module("solvimon_client")
    testing = importlib.import_module("solvimon_client.testing")
    fake = testing.FakeSolvimon()
    body = fake._default(testing.OPERATIONS[0]).content

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=body, headers={"content-type": "application/json"})

    mock = client_module.Solvimon(
        api_key="sk_test",
        base_url=_BASE_URL,
        http_client=httpx.Client(transport=httpx.MockTransport(handler)),
    )
    kit = fake.client(api_key="sk_test", base_url=_BASE_URL)

    def mock_call() -> object:
        return mock.invoices.refund(_RESOURCE_ID)

    def kit_refund() -> object:
        result = kit.invoices.refund(_RESOURCE_ID)
        fake.calls.clear()  # a test's fake records a handful of calls, not thousands
        return result

    return _per_op_us({"mock_call": mock_call, "kit_call": kit_refund}, repeat)


def main(argv: list[str] | None = None) -> int:
    """Run one mode and print its samples as JSON on stdout."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mode", choices=["parse-ours", "parse-opc", "call", "kit"])
    parser.add_argument("--client-dir", type=Path, required=True)
    parser.add_argument("--invoice", type=Path, required=True)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--package", default="transaction_api_client")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(args.client_dir.resolve()))
    invoice = args.invoice.read_bytes()
    if args.mode == "parse-ours":
        result = parse_ours(invoice, args.repeat)
    elif args.mode == "parse-opc":
        result = parse_opc(invoice, args.repeat, args.package)
    elif args.mode == "kit":
        result = kit_call(args.repeat)
    else:
        result = call(invoice, args.repeat)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

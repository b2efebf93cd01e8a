# pyright: strict, reportUnnecessaryTypeIgnoreComment=true
"""Code a downstream package writes against the installed solvimon-client.

Not collected by pytest: scripts/downstream.sh type-checks it against the installed wheel with
``mypy --strict`` (whose ``warn_unused_ignores`` fails on an ignore that is not needed) and
``pyright --strict`` (reportUnnecessaryTypeIgnoreComment). Every line must check clean, and each
deliberate misuse below must be caught, or its ignore comment becomes an error itself.
"""

from __future__ import annotations

import httpx
from solvimon_client import (
    APIConnectionError,
    APIStatusError,
    AsyncSolvimon,
    PermissionDeniedError,
    RawResponse,
    Solvimon,
)
from solvimon_client.models import Invoice


def refund(client: Solvimon, invoice_id: str) -> Invoice | None:
    try:
        invoice: Invoice = client.invoices.refund(invoice_id, platform_id="platform-1")
    except PermissionDeniedError as error:
        status: int = error.status_code
        body: bytes = error.body
        request: httpx.Request = error.request
        request_id: str | None = error.request_id
        print(status, len(body), request.url.path, request_id)
        return None
    except APIStatusError as error:
        response: httpx.Response = error.response
        print(response.status_code)
        raise
    except APIConnectionError as error:
        sent: httpx.Request = error.request
        print(sent.method)
        raise
    return invoice


def refund_raw(client: Solvimon, invoice_id: str) -> Invoice:
    raw: RawResponse[Invoice] = client.invoices.with_raw_response.refund(invoice_id)
    request_id: str | None = raw.request_id
    headers: httpx.Headers = raw.headers
    print(raw.status_code, request_id, headers.get("content-type"))
    return raw.parse()


async def refund_async(client: AsyncSolvimon, invoice_id: str) -> Invoice:
    raw: RawResponse[Invoice] = await client.invoices.with_raw_response.refund(invoice_id)
    parsed: Invoice = await client.invoices.refund(invoice_id, max_retries=0)
    print(raw.status_code, parsed)
    return raw.parse()


def configuration(client: Solvimon) -> tuple[float | None, int, str]:
    timeout: httpx.Timeout = client.timeout
    return timeout.read, client.max_retries, client.base_url


def misuse(client: Solvimon) -> None:
    # Each line is wrong; both checkers must say so, else the ignore is reported as unused
    # (pyright honours ``# type: ignore`` and reports it when nothing needed it).
    client.invoices.refund(42)  # type: ignore[arg-type]
    client.invoices.refund("inv", max_retries="2")  # type: ignore[arg-type]
    name: str = client.invoices.with_raw_response.refund("inv")  # type: ignore[assignment]
    print(name)

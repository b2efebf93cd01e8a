"""Values that cannot be sent are refused before any request, against a real 127.0.0.1 server.

A header value with CR, LF, another control character or non-ASCII is a ValueError naming
the parameter, raised while the request is built: the server counts no request and no
connection. A local protocol error (the HTTP layer refusing to write a request) is never
reported as "may have reached the server".
"""

from __future__ import annotations

import asyncio

import httpx
import pytest
from solvimon_client import APIConnectionError, AsyncSolvimon, Solvimon

from tests.reliability.conftest import API_KEY, Caller, MakeServer
from tests.reliability.test_faults import ok

BAD_VALUES = ["p\r\nX-Evil: 1", "p\nx", "p\rx", "p\x00x", "p\x7fx", "p\x1bx", "plat\u00e9forme"]


@pytest.mark.parametrize("bad", BAD_VALUES)
def test_a_header_parameter_that_cannot_be_sent_is_refused_before_any_request(
    caller: Caller, make_server: MakeServer, bad: str
) -> None:
    server = make_server(ok)
    with pytest.raises(ValueError, match="'x-platform-id' cannot be sent") as caught:
        caller.refund(server.url, platform_id=bad)
    assert not isinstance(caught.value, APIConnectionError)
    assert "reached the server" not in str(caught.value)
    assert bad not in str(caught.value)  # the value is not echoed, only the bad character
    assert server.count == 0
    assert server.connections == 0


def test_the_client_option_default_is_checked_too(caller: Caller, make_server: MakeServer) -> None:
    server = make_server(ok)
    with pytest.raises(ValueError, match="'x-platform-id' cannot be sent"):
        caller.refund(server.url, client={"platform_id": "p\r\nX-Evil: 1"})
    assert server.count == 0


@pytest.mark.parametrize(
    ("headers", "named"),
    [({"X-Trace": "a\r\nX-Evil: 1"}, "'X-Trace'"), ({"X-Evil\r\nX": "1"}, "header name")],
)
def test_extra_headers_that_cannot_be_sent_are_refused(
    caller: Caller, make_server: MakeServer, headers: dict[str, str], named: str
) -> None:
    server = make_server(ok)
    with pytest.raises(ValueError, match=named):
        caller.refund(server.url, extra_headers=headers)
    assert server.count == 0


def test_a_sendable_header_still_goes_out(caller: Caller, make_server: MakeServer) -> None:
    server = make_server(ok)
    caller.refund(server.url, platform_id="plat 1\tb", extra_headers={"X-Trace": "t-1"})
    assert server.count == 1
    sent = server.received[0].headers
    assert sent["x-platform-id"] == "plat 1\tb"
    assert sent["x-trace"] == "t-1"


def _inject(request: httpx.Request) -> None:
    # What no generated code sends: a header h11 refuses to write (a transport's own bug).
    request.headers["X-Injected"] = "a\r\nb"


async def _ainject(request: httpx.Request) -> None:
    _inject(request)


def test_a_local_protocol_error_is_not_reported_as_may_have_reached_the_server(
    make_server: MakeServer,
) -> None:
    server = make_server(ok)
    http = httpx.Client(event_hooks={"request": [_inject]})
    with (
        Solvimon(api_key=API_KEY, base_url=server.url, http_client=http) as client,
        pytest.raises(APIConnectionError) as caught,
    ):
        client.invoices.refund("inv_123")
    http.close()
    message = str(caught.value)
    assert "LocalProtocolError" in message
    assert "may have reached" not in message
    assert "it was not sent" in message
    assert server.count == 0


def test_a_local_protocol_error_async(make_server: MakeServer) -> None:
    server = make_server(ok)

    async def run() -> str:
        http = httpx.AsyncClient(event_hooks={"request": [_ainject]})
        async with AsyncSolvimon(api_key=API_KEY, base_url=server.url, http_client=http) as client:
            with pytest.raises(APIConnectionError) as caught:
                await client.invoices.refund("inv_123")
        await http.aclose()
        return str(caught.value)

    message = asyncio.run(run())
    assert "may have reached" not in message
    assert "it was not sent" in message
    assert server.count == 0

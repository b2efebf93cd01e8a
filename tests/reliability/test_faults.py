"""The generated client against a real 127.0.0.1 server that misbehaves, sync and async.

Every case asserts what the caller sees and how many refund requests reached the
server: the refund moves money, so it may be sent again only when it provably
never arrived (connection refused) or the server said it did not process it (429).
"""

from __future__ import annotations

import functools
import json
import logging
from typing import Any

import httpx
import pytest
from solvimon_client import (
    APIConnectionError,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    InternalServerError,
    PermissionDeniedError,
    RateLimitError,
    SolvimonError,
)
from solvimon_client.models import Invoice

from tests.reliability._rawserver import Exchange, free_port, http_response
from tests.reliability._specdata import (
    FUTURE_FIELD,
    FUTURE_VALUE,
    error_example,
    invoice_example,
    widen,
)
from tests.reliability.conftest import API_KEY, Caller, MakeServer

PATH = "/v1/invoices/inv_123/refund"
JSON = {"Content-Type": "application/json"}


def as_json(value: Any) -> bytes:
    return json.dumps(value).encode()


def ok(exchange: Exchange) -> None:
    exchange.respond(200, as_json(invoice_example()), {**JSON, "X-REQUEST-ID": "req_ok"})


def assert_parsed_example(result: object) -> None:
    assert isinstance(result, Invoice)
    assert result.model_dump(mode="json", by_alias=True, exclude_unset=True) == invoice_example()


# --- no response at all ---------------------------------------------------------------------


def test_connection_refused_is_retried_then_raises(
    caller: Caller, caplog: pytest.LogCaptureFixture
) -> None:
    """Nothing listens: the request never left, so all 1 + max_retries attempts are made."""
    port = free_port()
    caplog.set_level(logging.DEBUG, logger="solvimon_client")
    with pytest.raises(APIConnectionError) as caught:
        caller.refund(f"http://127.0.0.1:{port}", client={"max_retries": 2})
    assert type(caught.value) is APIConnectionError
    assert "ConnectError" in str(caught.value)
    assert PATH in str(caught.value)
    assert isinstance(caught.value.__cause__, httpx.ConnectError)
    attempts = [r for r in caplog.records if r.getMessage().startswith(f"request POST {PATH}")]
    assert len(attempts) == 3


def test_reset_before_response_is_not_retried(caller: Caller, make_server: MakeServer) -> None:
    """The refund arrived, then the connection was reset: it may have been processed."""
    server = make_server(Exchange.reset, ok)
    with pytest.raises(APIConnectionError) as caught:
        caller.refund(server.url)
    assert type(caught.value) is APIConnectionError
    assert isinstance(caught.value.__cause__, httpx.ReadError)
    message = str(caught.value)
    assert f"POST {PATH}: ReadError" in message
    assert not message.rstrip().endswith(":"), f"the message names no cause: {message!r}"
    assert server.count == 1
    assert server.connections == 1


def test_close_without_response_is_not_retried(caller: Caller, make_server: MakeServer) -> None:
    """The server closes cleanly (FIN) without answering: same as a reset for the caller."""
    server = make_server(lambda exchange: None, ok)
    with pytest.raises(APIConnectionError) as caught:
        caller.refund(server.url)
    assert type(caught.value) is APIConnectionError
    assert "RemoteProtocolError" in str(caught.value)
    assert server.count == 1


def test_stalled_response_times_out_once(caller: Caller, make_server: MakeServer) -> None:
    server = make_server(Exchange.stall, ok)
    with pytest.raises(APITimeoutError) as caught:
        caller.refund(server.url)
    assert "timed out" in str(caught.value)
    assert "ReadTimeout" in str(caught.value)
    assert isinstance(caught.value.__cause__, httpx.ReadTimeout)
    assert server.count == 1


def test_stall_after_the_headers_times_out_once(caller: Caller, make_server: MakeServer) -> None:
    """Headers and half the body arrive, then nothing: a read timeout mid-body."""
    body = as_json(invoice_example())

    def stall_mid_body(exchange: Exchange) -> None:
        exchange.send(http_response(200, body[:200], JSON, content_length=len(body)))
        exchange.stall()

    server = make_server(stall_mid_body, ok)
    with pytest.raises(APITimeoutError) as caught:
        caller.refund(server.url)
    assert isinstance(caught.value.__cause__, httpx.ReadTimeout)
    assert server.count == 1


def test_garbage_instead_of_http_is_not_retried(caller: Caller, make_server: MakeServer) -> None:
    server = make_server(lambda exchange: exchange.send(b"SSH-2.0-OpenSSH_9.6\r\n"), ok)
    with pytest.raises(APIConnectionError) as caught:
        caller.refund(server.url)
    assert type(caught.value) is APIConnectionError
    assert isinstance(caught.value.__cause__, httpx.RemoteProtocolError)
    assert server.count == 1


def test_body_truncated_mid_json_is_a_connection_error(
    caller: Caller, make_server: MakeServer
) -> None:
    """Content-Length promises more than arrives, then the connection closes."""
    body = as_json(invoice_example())

    def truncated(exchange: Exchange) -> None:
        exchange.send(http_response(200, body[: len(body) // 2], JSON, content_length=len(body)))

    server = make_server(truncated, ok)
    with pytest.raises(APIConnectionError) as caught:
        caller.refund(server.url)
    assert type(caught.value) is APIConnectionError
    assert isinstance(caught.value.__cause__, httpx.RemoteProtocolError)
    assert server.count == 1


@pytest.mark.parametrize("status", [200, 400, 500])
def test_corrupt_gzip_body_stays_in_the_error_tree(
    caller: Caller, make_server: MakeServer, status: int
) -> None:
    """``Content-Encoding: gzip`` over bytes that are not gzip: httpx.DecodingError inside.

    Whatever the client calls it, the caller catches a SolvimonError, and the refund
    (which reached the server) is not sent again.
    """
    headers = {**JSON, "Content-Encoding": "gzip"}
    server = make_server(lambda exchange: exchange.respond(status, b"not gzip at all", headers), ok)
    with pytest.raises(Exception) as caught:
        caller.refund(server.url)
    assert isinstance(caught.value, SolvimonError), (
        f"{type(caught.value).__module__}.{type(caught.value).__name__} escaped the error tree"
    )
    assert server.count == 1


def test_complete_but_cut_json_is_a_validation_error(
    caller: Caller, make_server: MakeServer
) -> None:
    """A body cut mid-JSON with an honest Content-Length: not JSON, so not an Invoice."""
    body = as_json(invoice_example())
    server = make_server(lambda exchange: exchange.respond(200, body[:100], JSON))
    with pytest.raises(APIResponseValidationError) as caught:
        caller.refund(server.url)
    assert "not valid JSON" in str(caught.value)
    assert caught.value.status_code == 200
    assert caught.value.body == body[:100]
    assert server.count == 1


# --- error statuses ---------------------------------------------------------------------------

BAD_GATEWAY_PAGE = (
    b"<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
    b"<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n"
    b"</body>\r\n</html>\r\n"
)


def test_html_502_from_a_proxy_is_not_retried(caller: Caller, make_server: MakeServer) -> None:
    server = make_server(
        lambda exchange: exchange.respond(502, BAD_GATEWAY_PAGE, {"Content-Type": "text/html"}),
        ok,
    )
    with pytest.raises(InternalServerError) as caught:
        caller.refund(server.url)
    error = caught.value
    assert error.status_code == 502
    assert error.error is None
    assert error.request_id is None
    assert error.body == BAD_GATEWAY_PAGE
    assert "502 Bad Gateway" in str(error)
    assert PATH in str(error)
    assert server.count == 1


def test_503_is_not_retried_for_the_refund(caller: Caller, make_server: MakeServer) -> None:
    server = make_server(
        lambda exchange: exchange.respond(
            503, b"", {"Retry-After": "0", "X-REQUEST-ID": "req_503"}
        ),
        ok,
    )
    with pytest.raises(InternalServerError) as caught:
        caller.refund(server.url)
    assert caught.value.status_code == 503
    assert caught.value.request_id == "req_503"
    assert "(empty body)" in str(caught.value)
    assert server.count == 1


@pytest.mark.parametrize("retry_after", ["0", "1"])
def test_429_is_retried_after_retry_after(
    caller: Caller, make_server: MakeServer, retry_after: str
) -> None:
    """429: the server did not process the refund, so sending it again is safe."""
    server = make_server(
        lambda exchange: exchange.respond(429, b"", {"Retry-After": retry_after}), ok
    )
    assert_parsed_example(caller.refund(server.url))
    assert server.count == 2
    first, second = server.received
    assert (first.method, first.path, first.body) == (second.method, second.path, second.body)
    assert second.headers["x-api-key"] == API_KEY


def test_429_without_retries_left_raises(caller: Caller, make_server: MakeServer) -> None:
    server = make_server(lambda exchange: exchange.respond(429, b"", {"Retry-After": "0"}))
    with pytest.raises(RateLimitError) as caught:
        caller.refund(server.url, max_retries=1)
    assert caught.value.status_code == 429
    assert server.count == 2


@pytest.mark.parametrize(
    ("status", "error_class"),
    [(400, BadRequestError), (401, AuthenticationError), (403, PermissionDeniedError)],
)
def test_documented_error_is_typed_and_parsed(
    caller: Caller, make_server: MakeServer, status: int, error_class: type[APIStatusError]
) -> None:
    body = error_example(status)
    server = make_server(
        lambda exchange: exchange.respond(
            status, as_json(body), {**JSON, "X-REQUEST-ID": f"req_{status}"}
        )
    )
    with pytest.raises(APIStatusError) as caught:
        caller.refund(server.url)
    error = caught.value
    assert type(error) is error_class
    assert error.status_code == status
    assert error.request_id == f"req_{status}"
    assert error.error is not None
    assert error.error.code == body["code"]
    assert error.error.type == body["type"]
    assert error.error.message == body["message"]
    assert error.error.resource_id == body["resource_id"]
    assert body["message"] in str(error)
    assert f"req_{status}" in str(error)
    assert server.count == 1


def test_error_with_unknown_code_keeps_it(caller: Caller, make_server: MakeServer) -> None:
    body = {
        **error_example(400),
        "code": "REFUND_WINDOW_CLOSED",
        "type": "NEW_ERROR_TYPE",
        "resource_type": "NEW_RESOURCE",
        "hint": "a field the spec does not list",
    }
    server = make_server(lambda exchange: exchange.respond(400, as_json(body), JSON))
    with pytest.raises(BadRequestError) as caught:
        caller.refund(server.url)
    parsed = caught.value.error
    assert parsed is not None
    assert parsed.code == "REFUND_WINDOW_CLOSED"
    assert parsed.type == "NEW_ERROR_TYPE"
    assert parsed.model_dump(mode="json", by_alias=True, exclude_unset=True) == body


def test_redirect_to_another_host_is_not_followed(caller: Caller, make_server: MakeServer) -> None:
    """A 307 pointing elsewhere: no request (and no credential) goes to the other host."""
    elsewhere = make_server(ok, host="127.0.0.2")
    server = make_server(
        lambda exchange: exchange.respond(307, b"", {"Location": elsewhere.url + PATH})
    )
    with pytest.raises(APIStatusError) as caught:
        caller.refund(server.url)
    assert type(caught.value) is APIStatusError
    assert caught.value.status_code == 307
    assert caught.value.response.headers["location"] == elsewhere.url + PATH
    assert server.count == 1
    assert server.received[0].headers["x-api-key"] == API_KEY
    assert elsewhere.connections == 0


# --- 2xx bodies -------------------------------------------------------------------------------


def test_good_response_parses(caller: Caller, make_server: MakeServer) -> None:
    server = make_server(ok)
    assert_parsed_example(caller.refund(server.url))
    assert server.count == 1
    assert server.received[0].method == "POST"
    assert server.received[0].path == PATH


def test_raw_response_keeps_status_headers_and_parses(
    caller: Caller, make_server: MakeServer
) -> None:
    server = make_server(ok)
    raw = caller.refund(server.url, raw=True)
    assert raw.status_code == 200
    assert raw.request_id == "req_ok"
    assert json.loads(raw.content) == invoice_example()
    assert_parsed_example(raw.parse())
    assert server.count == 1


def test_empty_200_is_a_validation_error(caller: Caller, make_server: MakeServer) -> None:
    server = make_server(lambda exchange: exchange.respond(200, b"", JSON))
    with pytest.raises(APIResponseValidationError) as caught:
        caller.refund(server.url)
    assert "empty" in str(caught.value)
    assert caught.value.errors == []
    assert server.count == 1


def test_200_with_non_json_content_type_is_a_validation_error(
    caller: Caller, make_server: MakeServer
) -> None:
    server = make_server(
        lambda exchange: exchange.respond(200, b"<p>ok</p>", {"Content-Type": "text/html"})
    )
    with pytest.raises(APIResponseValidationError) as caught:
        caller.refund(server.url)
    assert "text/html" in str(caught.value)
    assert server.count == 1


def test_200_breaking_the_schema_is_a_validation_error_with_details(
    caller: Caller, make_server: MakeServer
) -> None:
    body = {**invoice_example(), "on_hold": "maybe", "periods": "not a list"}
    server = make_server(
        lambda exchange: exchange.respond(200, as_json(body), {**JSON, "X-REQUEST-ID": "req_bad"})
    )
    with pytest.raises(APIResponseValidationError) as caught:
        caller.refund(server.url)
    error = caught.value
    assert error.request_id == "req_bad"
    assert "Invoice" in str(error)
    assert "req_bad" in str(error)
    assert {detail["loc"][0] for detail in error.errors} == {"on_hold", "periods"}
    assert server.count == 1


def test_unknown_enum_values_and_fields_everywhere_parse_and_round_trip(
    caller: Caller, make_server: MakeServer
) -> None:
    """A newer server: every enum value unknown, a new field in every object."""
    body = widen(invoice_example(), {"$ref": "#/components/schemas/Invoice"})
    assert json.dumps(body).count(FUTURE_VALUE) >= 20
    server = make_server(lambda exchange: exchange.respond(200, as_json(body), JSON))
    invoice = caller.refund(server.url)
    assert isinstance(invoice, Invoice)
    assert invoice.type == FUTURE_VALUE
    assert invoice.model_extra is not None
    assert invoice.model_extra[FUTURE_FIELD] == body[FUTURE_FIELD]
    assert invoice.model_dump(mode="json", by_alias=True, exclude_unset=True) == body
    assert Invoice.model_validate_json(invoice.model_dump_json(by_alias=True)) == invoice


HUGE_NOTE_CHARS = 50 * 1024 * 1024


@functools.cache
def huge_invoice_body() -> bytes:
    """A valid invoice of about 50 MB: one note that long."""
    return as_json({**invoice_example(), "notes": ["x" * HUGE_NOTE_CHARS]})


def test_50_mb_valid_invoice_parses(caller: Caller, make_server: MakeServer) -> None:
    body = huge_invoice_body()
    server = make_server(lambda exchange: exchange.respond(200, body, JSON))
    invoice = caller.refund(server.url, timeout=httpx.Timeout(10.0, read=5.0))
    assert isinstance(invoice, Invoice)
    assert invoice.notes is not None
    assert len(invoice.notes[0]) == HUGE_NOTE_CHARS
    assert server.count == 1

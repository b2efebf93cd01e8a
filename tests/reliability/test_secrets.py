"""No secret in any log record, repr, message or traceback, on every path the client takes.

Each scenario runs at DEBUG for every logger (the client's, httpx's, httpcore's, the
root) with a recognisable API key or bearer token, and every text a user could
see or ship to a log aggregator is scanned for it.
"""

from __future__ import annotations

import json
import logging
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from solvimon_client import SolvimonError

from tests.reliability._rawserver import Exchange, free_port
from tests.reliability._specdata import error_example, invoice_example
from tests.reliability.conftest import Caller, MakeServer

API_KEY = "sk_live_SECRET_KEY_123"
BEARER = "tok_SECRET_BEARER_456"
CREDENTIALS: dict[str, dict[str, Any]] = {
    "api_key": {"api_key": API_KEY},
    "bearer_token": {"api_key": None, "bearer_token": BEARER},
}
MARKERS = ("SECRET_KEY_123", "SECRET_BEARER_456")
"""The secrets' distinctive parts, so a partly masked secret is caught too."""
LOGGERS = ("", "solvimon_client", "httpx", "httpcore")
PATH = "/v1/invoices/inv_123/refund"
JSON = {"Content-Type": "application/json"}


def respond(status: int, body: Any = None, **headers: str) -> Callable[[Exchange], None]:
    content = b"" if body is None else json.dumps(body).encode()
    all_headers = {**(JSON if body is not None else {}), "X-REQUEST-ID": f"req_{status}", **headers}

    def script(exchange: Exchange) -> None:
        exchange.respond(status, content, all_headers)

    return script


@dataclass(frozen=True)
class Scenario:
    name: str
    scripts: tuple[Callable[[Exchange], None], ...] = ()
    """Empty: nothing listens (connection refused)."""
    raw: bool = False
    call: dict[str, Any] = field(default_factory=dict)


OK = respond(200, invoice_example())
SCENARIOS = [
    Scenario("success", (OK,)),
    Scenario("raw-response", (OK,), raw=True),
    *(Scenario(f"status-{s}", (respond(s, error_example(s)),)) for s in (400, 401, 403)),
    *(Scenario(f"status-{s}", (respond(s, {"detail": "x"}),)) for s in (404, 409, 422, 500)),
    Scenario("status-429-no-retries-left", (respond(429, None, **{"Retry-After": "0"}),)),
    Scenario("retry-429-then-ok", (respond(429, None, **{"Retry-After": "0"}), OK)),
    Scenario("html-502", (lambda e: e.respond(502, b"<html>bad gateway</html>"),)),
    Scenario("redirect-307", (respond(307, None, Location="http://127.0.0.2:9/elsewhere"),)),
    Scenario("schema-violation", (respond(200, {"on_hold": "maybe"}),)),
    Scenario("empty-200", (lambda e: e.respond(200, b"", JSON),)),
    Scenario("non-json-200", (lambda e: e.respond(200, b"ok", {"Content-Type": "text/plain"}),)),
    Scenario("timeout", (Exchange.stall,)),
    Scenario("reset", (Exchange.reset,)),
    Scenario("connection-refused", (), call={"max_retries": 1}),
]


def _client_frame_locals(error: BaseException) -> list[str]:
    """The locals of the client's own frames, as error trackers (Sentry & co.) record them.

    Only frames in solvimon_client: the test's frames hold the key in plain sight.
    """
    texts = []
    summary: traceback.TracebackException | None = traceback.TracebackException.from_exception(
        error, capture_locals=True
    )
    while summary is not None:
        for frame in summary.stack:
            if "solvimon_client" in frame.filename:
                texts.append(f"{frame.filename}:{frame.name} {frame.locals}")
        summary = summary.__cause__ or summary.__context__
    return texts


def _exception_texts(error: BaseException) -> list[str]:
    texts = [str(error), repr(error), *map(repr, error.args)]
    texts += traceback.format_exception(error)
    texts += _client_frame_locals(error)
    for name in ("request", "response", "error", "body"):
        texts.append(repr(getattr(error, name, None)))
    return texts


def _record_texts(records: list[logging.LogRecord]) -> list[str]:
    formatter = logging.Formatter("%(name)s %(levelname)s %(message)s")
    texts = []
    for record in records:
        texts += [
            record.getMessage(),
            repr(record.msg),
            repr(record.args),
            formatter.format(record),
        ]
    return texts


def _leaks(texts: list[str]) -> list[str]:
    return [text for text in texts if any(marker in text for marker in MARKERS)]


@pytest.mark.parametrize("auth", list(CREDENTIALS))
@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda scenario: scenario.name)
def test_no_secret_anywhere(
    caller: Caller,
    make_server: MakeServer,
    caplog: pytest.LogCaptureFixture,
    scenario: Scenario,
    auth: str,
) -> None:
    for name in LOGGERS:
        caplog.set_level(logging.DEBUG, logger=name)
    base_url = (
        make_server(*scenario.scripts).url
        if scenario.scripts
        else f"http://127.0.0.1:{free_port()}"
    )
    texts: list[str] = []

    def observe(client: Any) -> None:
        texts.extend([repr(client), str(client), repr(client.invoices)])
        texts.append(repr(client.invoices.with_raw_response))

    try:
        result = caller.refund(
            base_url, raw=scenario.raw, client=CREDENTIALS[auth], observe=observe, **scenario.call
        )
    except Exception as error:
        texts += _exception_texts(error)
        logging.getLogger("app").exception("refund failed")
    else:
        texts += [repr(result), str(result)]
        if scenario.raw:
            texts += [repr(result.http_response), repr(result.headers), repr(result.parse())]
    texts += _record_texts(caplog.records)
    texts.append(caplog.text)
    assert len(texts) > 5
    assert _leaks(texts) == []
    client_records = [r for r in caplog.records if r.name == "solvimon_client"]
    assert client_records, "the client logged nothing at DEBUG"
    assert [r for r in client_records if r.levelno >= logging.INFO] == []


def test_the_secret_is_really_sent(caller: Caller, make_server: MakeServer) -> None:
    """The control: the scan above looks for the strings the server actually received."""
    server = make_server(OK)
    caller.refund(server.url, client=CREDENTIALS["api_key"])
    caller.refund(server.url, client=CREDENTIALS["bearer_token"])
    assert server.received[0].headers["x-api-key"] == API_KEY
    assert server.received[1].headers["authorization"] == f"Bearer {BEARER}"
    assert len(_leaks([json.dumps(request.headers) for request in server.received])) == 2


def _client_lines(caplog: pytest.LogCaptureFixture, kind: str) -> list[str]:
    return [
        record.getMessage()
        for record in caplog.records
        if record.name == "solvimon_client" and record.getMessage().startswith(kind)
    ]


def test_one_debug_line_per_request_and_response(
    caller: Caller, make_server: MakeServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="solvimon_client")
    server = make_server(respond(429, None, **{"Retry-After": "0"}), OK)
    caller.refund(server.url)
    requests = _client_lines(caplog, "request ")
    responses = _client_lines(caplog, "response ")
    assert len(requests) == 2
    assert len(responses) == 2
    assert all(f"POST {PATH}" in line for line in requests + responses)
    assert "429" in responses[0]
    assert "req_429" in responses[0]
    assert "200" in responses[1]
    assert "req_200" in responses[1]
    assert all(r.levelno == logging.DEBUG for r in caplog.records if r.name == "solvimon_client")


def test_nothing_at_info(
    caller: Caller, make_server: MakeServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="solvimon_client")
    server = make_server(
        respond(429, None, **{"Retry-After": "0"}), respond(400, error_example(400))
    )
    with pytest.raises(Exception, match="400"):
        caller.refund(server.url)
    assert [r for r in caplog.records if r.name == "solvimon_client"] == []


MALFORMED = {
    "trailing-newline": "{}\n",
    "surrounding-spaces": " {} ",
    "crlf": "{}\r\n",
    "non-ascii": "{}\u00e9",
}
"""Secrets as they arrive from a file or a copy-paste: refused without being echoed."""


@pytest.mark.parametrize("auth", list(CREDENTIALS))
@pytest.mark.parametrize("shape", list(MALFORMED))
def test_malformed_credential_is_refused_without_echo(
    caller: Caller,
    make_server: MakeServer,
    caplog: pytest.LogCaptureFixture,
    shape: str,
    auth: str,
) -> None:
    """A key with a newline, spaces or non-ASCII: refused, nothing sent, nothing echoed.

    Refusing at construction or at the call are both fine, with a SolvimonError or a
    ValueError of the client's own (not httpx's UnicodeEncodeError from deep inside).
    """
    for name in LOGGERS:
        caplog.set_level(logging.DEBUG, logger=name)
    credentials = {
        key: None if value is None else MALFORMED[shape].format(value)
        for key, value in CREDENTIALS[auth].items()
    }
    server = make_server(OK)
    with pytest.raises((SolvimonError, ValueError)) as caught:
        caller.refund(server.url, client=credentials)
    assert not isinstance(caught.value, UnicodeError), caught.value
    texts = [str(caught.value), repr(caught.value), *traceback.format_exception(caught.value)]
    texts += _record_texts(caplog.records)
    assert _leaks(texts) == []
    assert server.count == 0

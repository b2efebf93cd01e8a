"""Reliability test fixtures: scripted servers, and one way to call the sync and async clients."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from typing import Any, Literal

import httpx
import pytest
from solvimon_client import AsyncSolvimon, Solvimon

from tests.reliability._rawserver import FaultServer, Script

Flavor = Literal["sync", "async"]
MakeServer = Callable[..., FaultServer]

API_KEY = "sk_test_reliability"
FAST_TIMEOUT = httpx.Timeout(2.0, read=0.5)
"""Connect/write/pool 2 s, read 0.5 s: a stalled response fails fast."""


class Caller:
    """Calls the refund through ``Solvimon`` or ``AsyncSolvimon``, the same way for both."""

    def __init__(self, flavor: Flavor) -> None:
        self.flavor = flavor

    def refund(
        self,
        base_url: str,
        resource_id: str = "inv_123",
        *,
        raw: bool = False,
        client: dict[str, Any] | None = None,
        observe: Callable[[object], None] | None = None,
        **call: Any,
    ) -> Any:
        """Make a client, call, close: api key, read timeout 0.5 s, 2 retries (or ``client``).

        ``observe`` sees the client before the call.
        """
        options: dict[str, Any] = {"api_key": API_KEY, "timeout": FAST_TIMEOUT, "max_retries": 2}
        options.update(client or {})
        options["base_url"] = base_url
        if self.flavor == "sync":
            with Solvimon(**options) as sync_client:
                if observe is not None:
                    observe(sync_client)
                resource = sync_client.invoices
                if raw:
                    return resource.with_raw_response.refund(resource_id, **call)
                return resource.refund(resource_id, **call)
        return asyncio.run(self._arefund(options, resource_id, raw, observe, call))

    @staticmethod
    async def _arefund(
        options: dict[str, Any],
        resource_id: str,
        raw: bool,
        observe: Callable[[object], None] | None,
        call: dict[str, Any],
    ) -> Any:
        async with AsyncSolvimon(**options) as async_client:
            if observe is not None:
                observe(async_client)
            resource = async_client.invoices
            if raw:
                return await resource.with_raw_response.refund(resource_id, **call)
            return await resource.refund(resource_id, **call)


@pytest.fixture(params=["sync", "async"])
def caller(request: pytest.FixtureRequest) -> Caller:
    """The refund caller, once with Solvimon and once with AsyncSolvimon."""
    flavor: Flavor = request.param
    return Caller(flavor)


@pytest.fixture
def make_server() -> Iterator[MakeServer]:
    """Start FaultServers (``make_server(script, ...)``); all are stopped at teardown."""
    servers: list[FaultServer] = []

    def make(*scripts: Script, host: str = "127.0.0.1") -> FaultServer:
        server = FaultServer(scripts=list(scripts), host=host)
        servers.append(server)
        return server

    yield make
    for server in servers:
        server.stop()

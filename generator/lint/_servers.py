"""Rules on the document's servers: URL templates, their variables, trailing slashes."""

from __future__ import annotations

import re
from collections.abc import Iterator

from generator.errors import Diagnostic
from generator.lint._parts import path_items
from generator.lint._walk import Node, diag, did_you_mean, root_node
from generator.load import SpecDocument

__all__ = ["server_rules"]


_URL_VAR = re.compile(r"\{([^{}]*)\}")


def server_rules(doc: SpecDocument) -> Iterator[Diagnostic]:
    """server-trailing-slash, server-url-scheme-relative, server-url-path-relative,
    server-variable-undefined and server-variable-default."""
    for servers in _server_lists(doc):
        for server in servers.elements():
            if isinstance(server.value, dict):
                yield from _server(doc, server)


def _server_lists(doc: SpecDocument) -> Iterator[Node]:
    """Every ``servers`` list: the document's, each path item's and each operation's."""
    found = root_node(doc).child("servers")
    if found is not None:
        yield found
    for _, item in path_items(doc):
        found = item.child("servers")
        if found is not None:
            yield found
        for _, operation in item.items():
            found = operation.child("servers")
            if found is not None and isinstance(operation.value, dict):
                yield found


def _server(doc: SpecDocument, server: Node) -> Iterator[Diagnostic]:
    url = server.child("url")
    if url is None or not isinstance(url.value, str):
        return
    if url.value.endswith("/") and url.value != "/":
        yield diag(
            doc, url, "server-trailing-slash",
            f"server URL {url.value!r} ends with '/': joined with a path it gives '//' "
            "(the generated client strips it; other tools may not)",
            f"write {url.value.rstrip('/')!r}; paths start with '/'",
        )
    if url.value.startswith("//"):
        yield diag(
            doc, url, "server-url-scheme-relative",
            f"server URL {url.value!r} names a host but no scheme (it takes the scheme of "
            "wherever the document is served, which the client cannot know): the client uses "
            "https",
            f"write the scheme: 'https:{url.value}' (or 'http:...')",
        )
    # `{origin}/v1`: a variable may hold the scheme and host.
    if not url.value.startswith(("/", "{")) and "://" not in url.value:
        yield diag(
            doc, url, "server-url-path-relative",
            f"server URL {url.value!r} has no scheme and does not start with '/': it is "
            "relative to wherever the document is served, which the client cannot know; the "
            f"client reads it as the path '/{url.value}' of the base_url it is given",
            f"write the scheme for a host ('https://{url.value}'), or start the path with '/'",
        )
    variables = server.child("variables")
    defined = [name for name, _ in variables.items()] if variables is not None else []
    for name in _URL_VAR.findall(url.value):
        if name not in defined:
            yield diag(
                doc, url, "server-variable-undefined",
                f"server URL {url.value!r} uses {{{name}}}, which is not under `variables`",
                did_you_mean(
                    name, defined,
                    f"add `variables: {{{name or 'name'}: {{default: ...}}}}` to this server",
                ),
            )
    for name, variable in variables.items() if variables is not None else ():
        default, enum = variable.child("default"), variable.child("enum")
        if default is None or enum is None or not isinstance(enum.value, list):
            continue
        if default.value not in enum.value:
            yield diag(
                doc, default, "server-variable-default",
                f"server variable {name!r} defaults to {default.value!r}, "
                f"which is not one of its enum values {enum.value!r}",
                "make the default one of the enum values, or add it to `enum`",
            )

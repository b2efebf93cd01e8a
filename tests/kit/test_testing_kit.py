"""solvimon_client.testing (the generated test kit) rejects what the real API would reject.

Requests are sent through a plain httpx client over the kit's transport (so a test can send
what the generated client never would) and through the generated clients; scripted responses
are checked at scripting time. Every assertion names the rule the message must give.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import httpx
import pytest
from solvimon_client import APIResponseValidationError, AuthenticationError, Solvimon
from solvimon_client.testing import OPERATIONS, FakeSolvimon, ScriptError, SpecViolation

from tests.conftest import MULTI_SPEC, RunCli

PATH = "/v1/invoices/inv_1/refund"
KEY = {"X-API-KEY": "k"}
ERROR = {"type": "INVALID_REQUEST", "code": "UNAUTHORISED", "message": "m"}


@pytest.fixture
def fake() -> FakeSolvimon:
    return FakeSolvimon()


@pytest.fixture
def http(fake: FakeSolvimon) -> httpx.Client:
    return httpx.Client(transport=fake, base_url="https://fake.invalid")


def violation(http: httpx.Client, method: str, url: str, **kwargs: object) -> str:
    with pytest.raises(SpecViolation) as caught:
        http.request(method, url, **kwargs)  # type: ignore[arg-type]
    return str(caught.value)


def test_a_valid_request_is_answered_with_the_spec_example_and_recorded(
    fake: FakeSolvimon, http: httpx.Client
) -> None:
    response = http.post(PATH, headers={**KEY, "x-platform-id": "plat"})
    assert response.status_code == 200
    assert response.json()["id"] == "inv_01JPB7Q3KX8M2V5R9T4C6NZHWD"
    [call] = fake.calls
    assert call.operation_id == "refundCreditInvoice"
    assert call.path_params == {"version": "1", "resourceId": "inv_1"}
    assert call.headers["x-platform-id"] == "plat"
    assert call.body is None
    assert fake.violations == []


@pytest.mark.parametrize(
    "headers",
    [{}, {"X-API-KEY": ""}, {"Authorization": "Bearer "}, {"Authorization": "Basic abc"}],
    ids=["none", "empty-key", "empty-bearer", "wrong-scheme"],
)
def test_a_missing_credential_is_rejected(http: httpx.Client, headers: dict[str, str]) -> None:
    message = violation(http, "POST", PATH, headers=headers)
    assert "refundCreditInvoice" in message
    assert "no credentials" in message
    assert "'X-API-KEY'" in message and "Bearer" in message


def test_a_bearer_token_alone_is_accepted(http: httpx.Client) -> None:
    assert http.post(PATH, headers={"Authorization": "Bearer t"}).status_code == 200


def test_a_bad_path_parameter_is_rejected(http: httpx.Client) -> None:
    message = violation(http, "POST", "/v1/invoices//refund", headers=KEY)
    assert "path parameter 'resourceId'" in message
    assert "missing or empty" in message


def test_an_unknown_path_or_method_is_rejected(http: httpx.Client) -> None:
    assert "no operation of the spec" in violation(http, "GET", PATH, headers=KEY)
    assert "no operation of the spec" in violation(http, "POST", "/v1/invoice/x", headers=KEY)


@pytest.mark.parametrize(
    "body",
    [{"json": {"amount": 1}}, {"content": b"amount=1"}],
    ids=["json", "form"],
)
def test_a_body_of_the_wrong_type_is_rejected(http: httpx.Client, body: dict[str, object]) -> None:
    # The refund takes no request body: any body is one the API does not accept.
    message = violation(http, "POST", PATH, headers=KEY, **body)
    assert "takes no request body" in message


def test_the_generated_client_passes_every_check(fake: FakeSolvimon) -> None:
    with fake.client(platform_id="plat") as client:
        client.invoices.refund("inv_1")
    with fake.client(bearer_token="t") as client:
        client.invoices.refund("inv_2", version="1")
    assert [c.path_params["resourceId"] for c in fake.calls] == ["inv_1", "inv_2"]
    assert fake.violations == []


def test_a_wrong_scripted_response_is_refused_at_scripting_time(fake: FakeSolvimon) -> None:
    unknown = r"unknown operation 'invoices\.refnud'.*invoices\.refund"
    with pytest.raises(ScriptError, match=unknown):
        fake.respond("invoices.refnud")
    unlisted = r"status 404 is not in the spec; allowed: 200, 400, 401, 403"
    with pytest.raises(ScriptError, match=unlisted):
        fake.respond("invoices.refund", status=404)
    with pytest.raises(ScriptError, match="not JSON"):
        fake.respond("invoices.refund", body=b'{"id": ')
    with pytest.raises(ScriptError, match=r"does not match the documented schema: status"):
        fake.respond("invoices.refund", body={"status": 7})
    bad_error = {"type": "INVALID_REQUEST", "code": ["not", "a", "string"], "message": "m"}
    with pytest.raises(ScriptError, match=r"refundCreditInvoice 401: .*documented schema: code"):
        fake.respond("invoices.refund", status=401, body=bad_error)
    assert fake.calls == []


def test_the_escape_hatch_sends_a_broken_body(fake: FakeSolvimon) -> None:
    fake.respond("invoices.refund", body=b'{"id": ', unchecked=True)
    with fake.client() as client, pytest.raises(APIResponseValidationError):
        client.invoices.refund("inv_1")


def test_a_scripted_error_body_is_parsed_by_the_client(fake: FakeSolvimon) -> None:
    fake.respond("refundCreditInvoice", status=401, body=ERROR)
    with fake.client() as client, pytest.raises(AuthenticationError) as caught:
        client.invoices.refund("inv_1")
    assert caught.value.error is not None and caught.value.error.message == "m"


def test_operations_list_the_spec(fake: FakeSolvimon) -> None:
    assert [op.operation_id for op in OPERATIONS] == ["refundCreditInvoice"]
    assert isinstance(Solvimon, type)


def test_the_fixture_fails_a_test_that_swallowed_a_violation(tmp_path: Path) -> None:
    (tmp_path / "test_downstream.py").write_text(
        textwrap.dedent(
            """
            import httpx

            def test_swallows(fake_solvimon):
                http = httpx.Client(transport=fake_solvimon, base_url="https://x.invalid")
                try:
                    http.post("/v1/invoices/inv/refund")
                except AssertionError:
                    pass
            """
        )
    )
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "test_downstream.py"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert "requests the spec rejects" in result.stdout
    assert "no credentials" in result.stdout


def test_the_readme_example_is_a_complete_passing_downstream_suite(tmp_path: Path) -> None:
    readme = (Path(__file__).parents[2] / "generated" / "README.md").read_text()
    marker = "# your package's tests: test_refunds.py\n"
    start = readme.index(marker)
    example = readme[start : readme.index("```", start)]
    (tmp_path / "test_refunds.py").write_text(example)
    options = [
        "-W",
        "error",
        "-p",
        "no:cacheprovider",
        "-o",
        "asyncio_default_fixture_loop_scope=function",
    ]
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", *options],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "3 passed" in result.stdout


def test_a_recorded_call_never_shows_the_credential(fake: FakeSolvimon) -> None:
    with fake.client(api_key="sk_live_do_not_print") as client:
        client.invoices.refund("inv_1")
    [call] = fake.calls
    assert call.headers["x-api-key"] == "sk_live_do_not_print"  # there to assert on
    assert "sk_live_do_not_print" not in repr(call)


_BODY_AND_PATH_CHECKS = """
import httpx
from solvimon_client.testing import FakeSolvimon, SpecViolation

fake = FakeSolvimon()
http = httpx.Client(transport=fake, base_url="https://fake.invalid")
key = {"X-API-KEY": "k"}

def violation(method, url, headers=key, **kwargs):
    try:
        http.request(method, url, headers=headers, **kwargs)
    except SpecViolation as exc:
        return str(exc)
    raise SystemExit(f"accepted: {method} {url} {kwargs}")

print(violation("POST", "/pets", json={"name": 5}))
print(violation("POST", "/pets", json=["not", "an", "object"]))
plain = {**key, "Content-Type": "text/plain"}
print(violation("POST", "/pets", content=b"name=Rex", headers=plain))
print(violation("POST", "/pets"))
print(violation("GET", "/pets/not-a-number"))
assert http.post("/pets", json={"name": "Rex"}, headers=key).status_code == 201
assert http.get("/pets/7", headers=key).status_code == 200
print("ok", [c.operation_id for c in fake.calls])
"""


def _run_in(out: Path, code: str) -> str:
    """Run ``code`` with the package generated into ``out`` importable; its stdout."""
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=out,
        env={**os.environ, "PYTHONPATH": str(out)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def test_a_wrong_body_or_path_type_is_rejected_on_a_spec_that_has_them(
    cli: RunCli, tmp_path: Path
) -> None:
    # The refund takes no body and has only string path parameters: the multi-operation spec
    # has a JSON body (createPet) and an integer path parameter (getPet's petId).
    out = tmp_path / "pets"
    assert cli(["generate", "--spec", MULTI_SPEC, "--out", out]).returncode == 0
    stdout = _run_in(out, _BODY_AND_PATH_CHECKS)
    lines = stdout.splitlines()
    assert "createPet (POST /pets): the request body does not match" in lines[0]
    assert "name: Input should be a valid string" in lines[0]
    assert "does not match the documented schema" in lines[1]
    assert "content type is 'text/plain', expected JSON" in lines[2]
    assert "the request body is required" in lines[3]
    assert "path parameter 'petId' = 'not-a-number' does not match its schema" in lines[4]
    assert lines[5] == "ok ['createPet', 'getPet']"


_OBJECT_CHECKS = """
import httpx
from solvimon_client import models
from solvimon_client.testing import FakeSolvimon, SpecViolation

fake = FakeSolvimon()
with fake.client() as client:
    api = client.default
    api.query_form_true_object(models.QueryFormTrueObjectColor(R=100, G=200, B=150))
    api.query_deep_object_true_object(models.QueryDeepObjectTrueObjectColor(R=100, G=200, B=150))
    api.path_simple_false_object(models.PathSimpleFalseObjectColor(R=100, G=200, B=150))
    api.header_simple_false_object(models.HeaderSimpleFalseObjectColor(R=100, G=200, B=150))
    api.cookie_form_true_object(models.CookieFormTrueObjectColor(R=100, G=200, B=150))
print("sent", [(c.operation_id, c.query) for c in fake.calls[:2]])
print("also", [c.operation_id for c in fake.calls[2:]])
http = httpx.Client(transport=fake, base_url="https://fake.invalid")
try:
    http.get("/query/deepObject/true/object", params={"R": "100"})
except SpecViolation as exc:
    print(exc)
"""


def test_an_object_parameter_is_found_where_its_style_sends_it(
    cli: RunCli, tmp_path: Path
) -> None:
    # `form` exploded sends each property as an item of its own (R=100&G=200, or one cookie
    # each), deepObject as color[R]=100: neither has an item named `color`, which the fake once
    # required. In the path and a header, `simple` joins keys and values (R,100,G,200), which
    # the fake once parsed as an object and refused.
    out = tmp_path / "styles"
    spec = Path(__file__).resolve().parents[1] / "specs" / "generate" / "parameter-styles.yaml"
    assert cli(["generate", "--spec", spec, "--out", out]).returncode == 0
    stdout = _run_in(out, _OBJECT_CHECKS)
    sent, also, refused = stdout.splitlines()
    assert sent == (
        "sent [('query_form_true_object', {'R': '100', 'G': '200', 'B': '150'}), "
        "('query_deepObject_true_object', {'color[R]': '100', 'color[G]': '200', "
        "'color[B]': '150'})]"
    )
    assert also == (
        "also ['path_simple_false_object', 'header_simple_false_object', "
        "'cookie_form_true_object']"
    )
    assert "the required query parameter 'color' is missing or empty" in refused


_ROUTE_CHECKS = """
from solvimon_client.testing import FakeSolvimon

fake = FakeSolvimon()
with fake.client() as client:
    client.users.delete_me()
    client.users.delete_user("ann")
    client.default.export_text("r1")
    client.default.export_csv("r1")
print([(c.operation_id, c.path) for c in fake.calls])
"""


def test_the_fake_routes_a_url_to_its_most_specific_path(cli: RunCli, tmp_path: Path) -> None:
    # `/users/me` is not `/users/{name}` with name "me" (OpenAPI: a concrete path matches
    # first), nor `/exports/r1.txt` `/exports/{id}` with id "r1.txt" (fewer variables, then
    # more literal characters first), whatever the order of the paths in the document.
    out = tmp_path / "edges"
    spec = Path(__file__).resolve().parents[1] / "specs" / "generate" / "oracle-edges.yaml"
    assert cli(["generate", "--spec", spec, "--out", out]).returncode == 0
    assert _run_in(out, _ROUTE_CHECKS).strip() == str(
        [
            ("deleteMe", "/users/me"),
            ("deleteUser", "/users/ann"),
            ("exportText", "/exports/r1.txt"),
            ("exportCsv", "/exports/r1"),
        ]
    )

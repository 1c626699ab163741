"""M5 and L1: cross-site simple requests, DNS rebinding, and hostile input that used to 500."""

import json
from typing import Any

import pytest
from aiohttp.test_utils import TestClient

from services.gateway.hardening import check_open_bind
from shared.config import Settings
from tests.helpers import API


async def _send(client: TestClient[Any, Any], method: str, path: str, **kw: Any):
    response = await client.request(method, f"{API}{path}", **kw)
    body = await response.json()
    assert body["code"] == response.status  # always the envelope
    return response.status, body


@pytest.mark.parametrize(
    "content_type", ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data", None]
)
async def test_json_only_as_application_json(client, content_type):
    """A page on any site can POST text/plain without a preflight: it must not create a task."""
    headers = {"Content-Type": content_type} if content_type else {}
    data = json.dumps({"table_list": ["t"]}).encode()
    for browser in ({"Origin": "http://evil.example"}, {"Sec-Fetch-Site": "cross-site"}):
        sent = {**headers, **browser}
        status, body = await _send(client, "POST", "/tasks", data=data, headers=sent)
        assert (status, body["error_code"]) == (415, "UNSUPPORTED_MEDIA_TYPE")


async def test_curls_default_form_type_from_a_non_browser_is_read_as_json(client):
    """`curl -d '{...}'` (the documents' examples) sends the form type and no browser headers."""
    data = json.dumps({"table_list": ["bss_company"]}).encode()
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    status, _ = await _send(client, "POST", "/tasks", data=data, headers=form)
    assert status == 201
    status, body = await _send(
        client, "POST", "/tasks", data=data, headers={"Content-Type": "text/plain"}
    )
    assert (status, body["error_code"]) == (415, "UNSUPPORTED_MEDIA_TYPE")


async def test_foreign_host_header_is_refused_in_open_mode(client):
    status, body = await _send(client, "GET", "/tasks", headers={"Host": "evil.example"})
    assert (status, body["error_code"]) == (400, "HOST_NOT_ALLOWED")
    status, _ = await _send(client, "GET", "/tasks", headers={"Host": "localhost:8084"})
    assert status == 200


@pytest.mark.parametrize(
    "body",
    [
        '{"task_name": "a\\u0000b", "table_list": ["t"]}',  # NUL into PostgreSQL
        '{"llm_config": {"k\\u0000": 1}, "table_list": ["t"]}',
        '{"theme_count": 9223372036854775808, "table_list": ["t"]}',  # > 2^63
        '{"theme_count": ' + "9" * 5000 + "}",
        '{"llm_config": ' + '{"a": ' * 100 + "1" + "}" * 100 + "}",  # deeper than 64
        "[" * 5000 + "]" * 5000,
        '{"table_list_file": "' + "a" * 300 + '"}',  # ENAMETOOLONG
    ],
)
async def test_hostile_json_is_a_400(client, body):
    status, envelope = await _send(
        client, "POST", "/tasks", data=body, headers={"Content-Type": "application/json"}
    )
    assert status == 400, envelope
    assert envelope["success"] is False


@pytest.mark.parametrize("path", ["/tasks?db_name=%00", "/logs?q=%00", "/tasks?task_name=a%00"])
async def test_nul_in_the_query_is_a_400(client, path):
    status, envelope = await _send(client, "GET", path)
    assert (status, envelope["error_code"]) == (400, "VALIDATION_ERROR")


async def test_malformed_multipart_is_a_400(client):
    data = json.dumps({"table_list": ["t"]}).encode()
    created = await client.post(
        f"{API}/tasks", data=data, headers={"Content-Type": "application/json"}
    )
    task_id = (await created.json())["data"]["task_id"]
    broken = b'--xx\r\nContent-Disposition: form-data; name="file"\r\nbad header line\r\n\r\n'
    status, envelope = await _send(
        client,
        "POST",
        f"/tasks/{task_id}/upload-table-list",
        data=broken,
        headers={"Content-Type": "multipart/form-data; boundary=xx"},
    )
    assert status == 400, envelope


def test_open_mode_refuses_a_public_bind() -> None:
    with pytest.raises(SystemExit, match="DP_ALLOW_OPEN"):
        check_open_bind(Settings(http_host="0.0.0.0"))
    check_open_bind(Settings(http_host="127.0.0.1"))
    check_open_bind(Settings(http_host="0.0.0.0", allow_open=True))
    check_open_bind(Settings(http_host="0.0.0.0", api_tokens="a:t:reader"))

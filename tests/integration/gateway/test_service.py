"""Health, readiness, metrics, the OpenAPI document, and aiohttp's own refusals in the envelope."""

import io
from typing import Any

import pytest
from aiohttp.test_utils import TestClient

from tests.helpers import API
from tests.helpers.api import create_task


async def test_healthz_and_readyz(client: TestClient[Any, Any]) -> None:
    health = await client.get("/healthz")
    ready = await client.get("/readyz")
    assert (health.status, ready.status) == (200, 200)
    assert (await ready.json())["data"] == {"database": True, "broker": True}


async def test_metrics_count_requests_and_published_commands(client: TestClient[Any, Any]) -> None:
    await create_task(client)
    await client.get(f"{API}/tasks/task_20990101_000000")
    text = await (await client.get("/metrics")).text()
    assert (
        'dp_http_requests_total{method="POST",route="/api/v0/data_pipeline/tasks",status="201"}'
        in text
    )
    assert 'route="/api/v0/data_pipeline/tasks/{task_id}",status="404"' in text
    assert 'dp_commands_published_total{type="task.create"}' in text
    assert "dp_http_request_seconds_bucket" in text


async def test_openapi_lists_routes_and_request_schemas(client: TestClient[Any, Any]) -> None:
    response = await client.get("/api/openapi.json")
    document = await response.json()
    assert response.status == 200
    assert document["openapi"].startswith("3.")
    execute = document["paths"][f"{API}/tasks/{{task_id}}/execute"]["post"]
    assert execute["requestBody"]["content"]["application/json"]["schema"]["$ref"].endswith(
        "ExecuteRequest"
    )
    schemas = document["components"]["schemas"]
    assert "force_execute" in schemas["ExecuteRequest"]["properties"]
    assert "table_list" in schemas["CreateTaskFlat"]["properties"]
    list_params = {p["name"] for p in document["paths"][f"{API}/tasks"]["get"]["parameters"]}
    assert {"status", "page_size", "sort_by"} <= list_params


REFUSALS = [
    # unknown route
    ("GET", f"{API}/nothing-here", {}, 404, "NOT_FOUND"),
    # known route, wrong method
    ("PUT", f"{API}/tasks", {"json": {}}, 405, "METHOD_NOT_ALLOWED"),
    # a body over client_max_size (2 MB)
    (
        "POST",
        f"{API}/tasks",
        {"data": io.BytesIO(b"{" + b" " * (3 * 1024 * 1024) + b"}")},
        413,
        "PAYLOAD_TOO_LARGE",
    ),
]


@pytest.mark.parametrize("case", REFUSALS)
async def test_refusals_use_the_envelope(
    client: TestClient[Any, Any], case: tuple[str, str, dict[str, Any], int, str]
) -> None:
    method, path, kwargs, status, error_code = case
    response = await client.request(method, path, **kwargs)
    envelope = await response.json()
    assert (response.status, envelope["error_code"], envelope["code"]) == (
        status,
        error_code,
        status,
    )
    assert envelope["success"] is False

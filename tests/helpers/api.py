"""The real gateway app in a TestClient, and the calls tests make on it."""

import contextlib
from collections.abc import AsyncIterator
from typing import Any

from aiohttp import ClientResponse
from aiohttp.test_utils import TestClient, TestServer

from services.gateway.app import create_app
from shared.config import Settings
from tests.helpers import API

HIGHWAY_TABLES = [
    "bss_business_day_data",
    "bss_car_day_count",
    "bss_company",
    "bss_section_route",
    "bss_section_route_area_link",
    "bss_service_area",
    "bss_service_area_mapper",
]
HIGHWAY_TASK = {"task_type": "data_workflow", "db_name": "highway_db", "table_list": HIGHWAY_TABLES}


@contextlib.asynccontextmanager
async def gateway_client(settings: Settings) -> AsyncIterator[TestClient[Any, Any]]:
    """The one gateway client factory: create_app on these settings, closed afterwards."""
    client = TestClient(TestServer(create_app(settings)))
    await client.start_server()
    try:
        yield client
    finally:
        await client.close()


async def json_of(response: ClientResponse, status: int) -> Any:
    """The envelope of a response that must have `status`."""
    body = await response.json()
    assert response.status == status, body
    return body


async def create_task(client: TestClient[Any, Any], **body: Any) -> dict[str, Any]:
    """POST /tasks expecting 201; returns the data."""
    data: dict[str, Any] = (await json_of(await client.post(f"{API}/tasks", json=body), 201))[
        "data"
    ]
    return data


async def task_detail(client: TestClient[Any, Any], task_id: str) -> dict[str, Any]:
    data: dict[str, Any] = (await json_of(await client.get(f"{API}/tasks/{task_id}"), 200))["data"]
    return data


async def settled(client: TestClient[Any, Any], task_id: str) -> dict[str, Any] | None:
    """The task's detail once nothing runs and it has started, else None (for wait_until)."""
    task = await task_detail(client, task_id)
    return task if task["current_execution"] is None and task["status"] != "pending" else None

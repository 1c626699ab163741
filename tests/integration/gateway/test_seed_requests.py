"""Seed 001/000 request conformance: table lists required to run, db_name from the DSN used,
list filters and paging, 404 for well-formed unknown ids, the document's wording, ISO times
with offsets, the configured output directory, CORS."""

from datetime import datetime
from pathlib import Path
from typing import Any

import asyncpg
from aiohttp.test_utils import TestClient

from shared.config import Settings
from shared.db import task_listing
from shared.parameters import dsn_database
from tests.helpers import API, unique
from tests.helpers.api import create_task, gateway_client


async def _call(client: TestClient[Any, Any], method: str, path: str, **kw: Any) -> Any:
    response = await client.request(method, f"{API}{path}", **kw)
    return response.status, await response.json()


async def test_running_without_a_table_list_is_refused_before_anything_is_queued(
    client: TestClient[Any, Any], pool: asyncpg.Pool
) -> None:
    name = unique("nolist")
    body = {"task_type": "complete_workflow", "db_name": "highway_db", "task_name": name}
    status, reply = await _call(client, "POST", "/tasks/execute-complete", json=body)
    assert (status, reply["error_code"]) == (400, "MISSING_PARAMS")
    assert reply["missing_params"] == ["table_list"]
    rows, _ = await task_listing.list_page(pool, task_listing.TaskFilter(task_name=name))
    assert rows == []  # nothing created either
    task = await create_task(client, task_name=name)
    status, reply = await _call(
        client, "POST", f"/tasks/{task['task_id']}/execute", json={"step": "ddl_generation"}
    )
    assert (status, reply["missing_params"]) == (400, ["table_list"])


async def test_db_name_comes_from_the_default_business_db(
    client: TestClient[Any, Any], settings: Settings
) -> None:
    task = await create_task(client, table_list=["bss_company"], task_name=unique("dflt"))
    status, detail = await _call(client, "GET", f"/tasks/{task['task_id']}")
    assert status == 200
    assert detail["data"]["db_name"] == dsn_database(settings.default_business_dsn or "")
    assert detail["data"]["db_name"]


async def test_list_accepts_running_clamps_limit_sorts_by_name_and_pages_by_offset(
    client: TestClient[Any, Any],
) -> None:
    prefix = unique("page")
    for letter in "cab":
        await create_task(client, task_name=f"{prefix}_{letter}")
    status, running = await _call(client, "GET", "/tasks", params={"status": "running"})
    assert status == 200
    assert all(t["status"] == "in_progress" for t in running["data"]["tasks"])
    status, clamped = await _call(client, "GET", "/tasks", params={"limit": "500"})
    assert (status, clamped["data"]["limit"]) == (200, 100)
    params = {"task_name": prefix, "sort_by": "task_name", "sort_order": "asc"}
    status, by_name = await _call(client, "GET", "/tasks", params=params)
    names = [t["task_name"] for t in by_name["data"]["tasks"]]
    assert names == [f"{prefix}_a", f"{prefix}_b", f"{prefix}_c"]
    status, page = await _call(client, "GET", "/tasks", params={**params, "limit": 2, "offset": 1})
    assert [t["task_name"] for t in page["data"]["tasks"]] == names[1:]
    assert (page["data"]["pagination"]["page"], page["data"]["pagination"]["has_prev"]) == (2, True)


async def test_well_formed_unknown_ids_are_404_and_only_unsafe_ids_400(
    client: TestClient[Any, Any],
) -> None:
    for method, path, body in (
        ("GET", "/tasks/task_invalid_id", None),
        ("POST", "/tasks/task_invalid_id/execute", {"step": "ddl_generation"}),
        ("DELETE", "/tasks/task_invalid_id", {"confirm": True}),
    ):
        status, reply = await _call(client, method, path, json=body)
        assert (status, reply["error_code"]) == (404, "TASK_NOT_FOUND"), (method, path)
    status, reply = await _call(client, "GET", "/tasks/task.x%2E")
    assert (status, reply["error_code"]) == (400, "INVALID_PATH")


async def test_validation_uses_the_documents_wording(client: TestClient[Any, Any]) -> None:
    incomplete = {"parameters": {"db_connection": {"database": "highway_db"}}}
    status, reply = await _call(client, "POST", "/tasks", json=incomplete)
    assert status == 400
    assert reply["message"].startswith("数据库连接参数不完整")
    status, reply = await _call(client, "POST", "/tasks", json={"table_list": []})
    assert (status, reply["message"]) == (400, "表列表不能为空")
    task = await create_task(client)
    status, reply = await _call(client, "POST", f"/tasks/{task['task_id']}/table-list", json={})
    assert status == 400
    assert reply["message"].startswith("缺少必填字段: tables")


async def test_times_carry_an_offset_and_the_directory_is_shown_as_configured(
    client: TestClient[Any, Any], settings: Settings
) -> None:
    task = await create_task(client, table_list=["bss_company"])
    assert datetime.fromisoformat(task["created_at"]).utcoffset() is not None
    assert task["output_directory"] == settings.task_dir_label(task["task_id"])
    status, detail = await _call(client, "GET", f"/tasks/{task['task_id']}")
    assert status == 200
    assert datetime.fromisoformat(detail["data"]["created_at"]).tzinfo is not None
    relative = settings.model_copy(update={"data_root": Path("./data_pipeline/training_data")})
    assert relative.task_dir_label("task_x") == "./data_pipeline/training_data/task_x"


async def test_cors_for_configured_origins_only(settings: Settings) -> None:
    origin = "http://localhost:3000"
    cors = settings.model_copy(update={"cors_origins": f"{origin}, http://ui.example"})
    async with gateway_client(cors) as client:
        preflight = await client.options(
            f"{API}/tasks",
            headers={"Origin": origin, "Access-Control-Request-Method": "POST"},
        )
        assert preflight.status == 204
        assert preflight.headers["Access-Control-Allow-Origin"] == origin
        assert "POST" in preflight.headers["Access-Control-Allow-Methods"]
        listed = await client.get(f"{API}/tasks", headers={"Origin": origin})
        assert listed.headers["Access-Control-Allow-Origin"] == origin
        other = await client.get(f"{API}/tasks", headers={"Origin": "http://evil.example"})
        assert "Access-Control-Allow-Origin" not in other.headers

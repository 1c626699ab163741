"""GET /tasks (filters, sort, pagination, real total), /tasks/{id}, /tasks/active, executions."""

from typing import Any

import asyncpg
import pytest
from aiohttp.test_utils import TestClient

from shared.db import executions, tasks
from shared.models import STEP_ORDER
from tests.helpers import API, new_task_id, unique
from tests.helpers.api import create_task

LIST_FIELDS = {
    "task_id", "task_name", "task_type", "status", "progress", "step_status", "created_at",
    "started_at", "completed_at", "created_by", "db_name", "business_context",
    "directory_exists", "updated_at", "is_final",
}  # fmt: skip


async def _get(client: TestClient[Any, Any], path: str, **params: Any) -> tuple[int, Any]:
    response = await client.get(f"{API}{path}", params=params)
    return response.status, await response.json()


@pytest.fixture
async def five_tasks(client: TestClient[Any, Any]) -> tuple[str, list[str]]:
    owner = unique("owner")
    ids = [
        (await create_task(client, created_by=owner, db_name=f"db{i % 2}"))["task_id"]
        for i in range(5)
    ]
    return owner, ids


async def test_list_pages_with_the_real_total(
    client: TestClient[Any, Any], five_tasks: tuple[str, list[str]]
) -> None:
    owner, ids = five_tasks
    status, envelope = await _get(client, "/tasks", created_by=owner, page=2, page_size=2)
    assert status == 200
    data = envelope["data"]
    assert data["total"] == 5
    assert [t["task_id"] for t in data["tasks"]] == sorted(ids, reverse=True)[2:4]
    assert set(data["tasks"][0]) == LIST_FIELDS
    assert data["pagination"] == {
        "page": 2, "page_size": 2, "total": 5, "total_pages": 3, "has_next": True, "has_prev": True
    }  # fmt: skip


async def test_list_limit_offset_ascending_and_db_filter(
    client: TestClient[Any, Any], five_tasks: tuple[str, list[str]]
) -> None:
    owner, ids = five_tasks
    status, envelope = await _get(
        client, "/tasks", created_by=owner, db_name="db0", sort_order="asc", limit=10, offset=1
    )
    assert status == 200
    assert envelope["data"]["total"] == 3
    assert [t["task_id"] for t in envelope["data"]["tasks"]] == [ids[2], ids[4]]
    assert (envelope["data"]["limit"], envelope["data"]["offset"]) == (10, 1)


async def test_list_status_filter_and_progress_sort(
    client: TestClient[Any, Any], pool: asyncpg.Pool, five_tasks: tuple[str, list[str]]
) -> None:
    owner, ids = five_tasks
    steps = {s.value: "pending" for s in STEP_ORDER}
    await tasks.save_state(pool, ids[0], status="failed", step_status=steps, progress=10)
    await tasks.save_state(pool, ids[1], status="completed", step_status=steps, progress=100)
    status, envelope = await _get(
        client, "/tasks", created_by=owner, status="failed,completed", sort_by="progress"
    )
    assert status == 200
    assert [t["task_id"] for t in envelope["data"]["tasks"]] == [ids[1], ids[0]]
    assert envelope["data"]["tasks"][0]["progress"] == 100


async def test_list_by_name_substring_and_time_window(client: TestClient[Any, Any]) -> None:
    name = unique("needle")
    task_id = (await create_task(client, task_name=f"x_{name}_y"))["task_id"]
    status, envelope = await _get(
        client, "/tasks", task_name=name, created_from="2000-01-01T00:00:00Z"
    )
    assert [t["task_id"] for t in envelope["data"]["tasks"]] == [task_id]
    status, envelope = await _get(client, "/tasks", task_name=name, created_to="2000-01-01")
    assert (status, envelope["data"]["total"]) == (200, 0)


BAD_LIST_QUERIES = [
    {"page_size": "0"},  # below the minimum page size
    {"limit": "abc"},  # not a number
    {"offset": "-1"},  # negative offset
    {"sort_by": "password"},  # not a sortable column
    {"sort_order": "sideways"},  # not asc/desc
    {"status": "pending,exploded"},  # an unknown status in the list
    {"created_from": "yesterday"},  # not an ISO datetime
    {"directory_exists": "maybe"},  # not a boolean
]


@pytest.mark.parametrize("params", BAD_LIST_QUERIES)
async def test_bad_list_queries_are_400(
    client: TestClient[Any, Any], params: dict[str, str]
) -> None:
    status, envelope = await _get(client, "/tasks", **params)
    assert (status, envelope["error_code"]) == (400, "VALIDATION_ERROR")


async def test_detail_has_steps_in_order_and_current_execution(
    client: TestClient[Any, Any],
) -> None:
    body = {"task_name": unique("detail"), "table_list": ["bss_company"]}
    task_id = (await create_task(client, **body))["task_id"]
    execute = await client.post(f"{API}/tasks/{task_id}/execute", json={"step": "ddl_generation"})
    execution_id = (await execute.json())["data"]["execution_id"]
    status, envelope = await _get(client, f"/tasks/{task_id}")
    assert status == 200
    data = envelope["data"]
    assert [s["step_name"] for s in data["steps"]] == [s.value for s in STEP_ORDER]
    assert data["steps"][0]["execution_id"] == execution_id
    assert data["current_execution"]["execution_id"] == execution_id
    assert data["current_execution"]["status"] == "queued"
    assert set(data) >= LIST_FIELDS | {"parameters", "output_directory", "error_message", "result"}


async def test_detail_of_unknown_and_malformed_ids(client: TestClient[Any, Any]) -> None:
    status, envelope = await _get(client, f"/tasks/{new_task_id()}")
    assert (status, envelope["error_code"]) == (404, "TASK_NOT_FOUND")
    status, envelope = await _get(client, "/tasks/..%2Fetc")
    assert status in (400, 404)
    assert envelope["success"] is False


async def test_active_prefers_a_running_task(
    client: TestClient[Any, Any], pool: asyncpg.Pool
) -> None:
    task_id = (await create_task(client))["task_id"]
    running = {s.value: "pending" for s in STEP_ORDER} | {"ddl_generation": "running"}
    await tasks.save_state(pool, task_id, status="in_progress", step_status=running)
    status, envelope = await _get(client, "/tasks/active")
    assert (status, envelope["data"]["task_id"]) == (200, task_id)
    await tasks.save_state(pool, task_id, status="failed", step_status=running)


async def test_executions_history_with_duration(
    client: TestClient[Any, Any], pool: asyncpg.Pool
) -> None:
    task_id = (await create_task(client, table_list=["bss_company"]))["task_id"]
    execute = await client.post(f"{API}/tasks/{task_id}/execute", json={"step": "ddl_generation"})
    execution_id = (await execute.json())["data"]["execution_id"]
    status, envelope = await _get(client, f"/tasks/{task_id}/executions")
    first = envelope["data"]["executions"][0]
    assert (status, first["execution_id"], first["duration"]) == (200, execution_id, None)
    await executions.claim(pool, execution_id, "worker-test")
    await executions.finish(pool, execution_id, status="completed")
    _, envelope = await _get(client, f"/tasks/{task_id}/executions")
    done = envelope["data"]["executions"][0]
    assert done["status"] == "completed"
    assert done["duration"] is not None
    assert done["duration"] >= 0
    assert done["worker_id"] == "worker-test"

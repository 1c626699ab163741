"""POST /tasks/{id}/execute and /tasks/execute-complete: validation, dependencies,
one active execution per task, and the published ExecuteTask."""

from typing import Any

import asyncpg
import pytest
from aiohttp.test_utils import TestClient

from shared.db import executions, tasks
from shared.models import STEP_ORDER
from tests.helpers import API, new_task_id, unique
from tests.helpers.api import create_task
from tests.helpers.broker import CommandTap


async def _execute(client: TestClient[Any, Any], task_id: str, **kwargs: Any) -> tuple[int, Any]:
    response = await client.post(f"{API}/tasks/{task_id}/execute", **kwargs)
    return response.status, await response.json()


async def test_execute_queues_and_publishes(
    client: TestClient[Any, Any], pool: asyncpg.Pool, tap: CommandTap
) -> None:
    task_id = (await create_task(client, table_list=["bss_company"]))["task_id"]
    status, envelope = await _execute(client, task_id, json={"step": "ddl_generation"})
    assert status == 202, envelope
    data = envelope["data"]
    assert data["execution_id"].startswith(f"{task_id}_step_ddl_generation_exec_")
    assert (data["task_id"], data["step"], data["status"]) == (task_id, "ddl_generation", "queued")
    row = await executions.get(pool, data["execution_id"])
    assert row is not None
    assert row.status == "queued"
    message = await tap.for_task(task_id, "task.execute")
    assert message["payload"]["execution_id"] == data["execution_id"]
    assert message["_routing_key"] == "task.execute"


async def test_original_step_mode_form(client: TestClient[Any, Any]) -> None:
    task_id = (await create_task(client, table_list=["bss_company"]))["task_id"]
    body = {"execution_mode": "step", "step_name": "ddl_generation", "clean_previous": True}
    status, envelope = await _execute(client, task_id, json=body)
    assert status == 202, envelope
    assert envelope["data"]["step"] == "ddl_generation"


async def test_second_execute_while_queued_is_task_running(client: TestClient[Any, Any]) -> None:
    task_id = (await create_task(client, table_list=["bss_company"]))["task_id"]
    first, _ = await _execute(client, task_id, json={"step": "ddl_generation"})
    status, envelope = await _execute(client, task_id, json={"step": "ddl_generation"})
    assert (first, status, envelope["error_code"]) == (202, 409, "TASK_RUNNING")
    assert envelope["data"]["current_status"] == "queued"


async def test_dependency_missing_is_409_naming_the_step(client: TestClient[Any, Any]) -> None:
    task_id = (await create_task(client, table_list=["bss_company"]))["task_id"]
    status, envelope = await _execute(client, task_id, json={"step": "qa_generation"})
    assert (status, envelope["error_code"]) == (409, "STEP_DEPENDENCY")
    assert envelope["data"]["required_step"] == "ddl_generation"
    assert "ddl_generation" in envelope["message"]


async def test_force_execute_bypasses_dependencies(client: TestClient[Any, Any]) -> None:
    task_id = (await create_task(client, table_list=["bss_company"]))["task_id"]
    body = {"step": "sql_validation", "force_execute": True}
    status, envelope = await _execute(client, task_id, json=body)
    assert status == 202, envelope


async def test_dependency_met_when_required_step_completed(
    client: TestClient[Any, Any], pool: asyncpg.Pool
) -> None:
    task_id = (await create_task(client, table_list=["bss_company"]))["task_id"]
    done = {s.value: "pending" for s in STEP_ORDER} | {"ddl_generation": "completed"}
    await tasks.save_state(pool, task_id, status="partial_completed", step_status=done)
    status, envelope = await _execute(client, task_id, json={"step": "training_load"})
    assert status == 202, envelope


async def test_unknown_task_is_404(client: TestClient[Any, Any]) -> None:
    status, envelope = await _execute(client, new_task_id(), json={"step": "ddl_generation"})
    assert (status, envelope["error_code"]) == (404, "TASK_NOT_FOUND")


async def test_malformed_task_id_is_invalid_path(client: TestClient[Any, Any]) -> None:
    status, envelope = await _execute(client, "task_x'--", json={"step": "ddl_generation"})
    assert (status, envelope["error_code"]) == (400, "INVALID_PATH")


BAD_EXECUTE = [
    # neither step nor execution_mode
    ({"json": {}}, "MISSING_PARAMS"),
    # empty body
    ({"data": b""}, "MISSING_PARAMS"),
    # execution_mode=step without step_name
    ({"json": {"execution_mode": "step"}}, "MISSING_PARAMS"),
    # unknown step
    ({"json": {"step": "make_coffee"}}, "VALIDATION_ERROR"),
    # unknown step_name in step mode
    ({"json": {"execution_mode": "step", "step_name": "nope"}}, "VALIDATION_ERROR"),
    # unknown execution mode
    ({"json": {"execution_mode": "sometimes"}}, "VALIDATION_ERROR"),
    # not JSON
    ({"data": b"step=ddl", "headers": {"Content-Type": "application/json"}}, "VALIDATION_ERROR"),
    # a JSON array instead of an object
    ({"json": ["ddl_generation"]}, "VALIDATION_ERROR"),
    # a JSON string
    ({"json": "ddl_generation"}, "VALIDATION_ERROR"),
    # wrong type for a flag
    ({"json": {"step": "ddl_generation", "force_execute": "yes"}}, "VALIDATION_ERROR"),
    # wrong type for the step
    ({"json": {"step": 3}}, "VALIDATION_ERROR"),
    # unknown field
    ({"json": {"step": "ddl_generation", "priority": 1}}, "VALIDATION_ERROR"),
]


@pytest.mark.parametrize(("kwargs", "error_code"), BAD_EXECUTE)
async def test_bad_execute_requests_are_400_and_queue_nothing(
    client: TestClient[Any, Any], pool: asyncpg.Pool, kwargs: dict[str, Any], error_code: str
) -> None:
    task_id = (await create_task(client, table_list=["bss_company"]))["task_id"]
    status, envelope = await _execute(client, task_id, **kwargs)
    assert (status, envelope["error_code"]) == (400, error_code)
    if error_code == "MISSING_PARAMS":
        assert envelope["missing_params"]
    assert await executions.list_for_task(pool, task_id) == []


async def test_execute_complete_creates_and_queues_in_one_go(
    client: TestClient[Any, Any],
    pool: asyncpg.Pool,
    tap: CommandTap,
) -> None:
    name = unique("complete")
    response = await client.post(
        f"{API}/tasks/execute-complete", json={"task_name": name, "table_list": ["bss_company"]}
    )
    envelope = await response.json()
    assert response.status == 202, envelope
    task_id, execution_id = envelope["data"]["task_id"], envelope["data"]["execution_id"]
    assert execution_id.startswith(f"{task_id}_step_complete_exec_")
    assert envelope["data"]["status"] == "queued"
    row = await executions.get(pool, execution_id)
    assert row is not None
    assert row.step == "complete"
    create = await tap.for_task(task_id, "task.create")
    execute = await tap.for_task(task_id, "task.execute")
    assert tap.seen.index(create) < tap.seen.index(execute)

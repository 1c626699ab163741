"""Deleting and cancelling running tasks over HTTP: force, the cancel endpoint, slow results."""

import asyncio
import uuid

import pytest

from shared.db import executions, tasks
from tests.helpers import API, new_task_id, wait_until
from tests.helpers.api import gateway_client
from tests.helpers.tasks import honour_cancel, make_task, queue_and_claim

pytestmark = pytest.mark.usefixtures("janitor_service")


async def test_force_cancels_the_run_then_deletes(gateway_api, pool, settings):
    task_id = await make_task(pool, settings.data_root, {"f": b"1" * 10})
    active = await queue_and_claim(pool, task_id)
    executor = asyncio.create_task(honour_cancel(pool, active, settings.heartbeat_seconds))

    response = await gateway_api.delete(
        f"{API}/tasks/{task_id}", json={"confirm": True, "force": True}
    )
    body = await response.json()

    assert response.status == 200
    assert body["data"]["deleted_bytes"] == 10
    assert await asyncio.wait_for(executor, 10) == "cancelled"
    stopped = await executions.get(pool, active.execution_id)
    assert (stopped.status, stopped.cancel_requested) == ("cancelled", True)
    assert not (settings.data_root / task_id).exists()
    assert (await tasks.get(pool, task_id)).directory_exists is False


async def test_slow_result_answers_202_with_a_status_url(pool, settings):
    """The run ignores the cancel until the test lets it stop: the gateway stops waiting."""
    task_id = await make_task(pool, settings.data_root, {"f": b"1"})
    active = await queue_and_claim(pool, task_id)
    impatient = settings.model_copy(update={"delete_wait_seconds": 0.3})
    async with gateway_client(impatient) as api:
        response = await api.delete(f"{API}/tasks/{task_id}?confirm=true&force=true")
        body = await response.json()
        assert (response.status, body["data"]["status"]) == (202, "processing")
        url = body["data"]["status_url"]
        assert url == f"{API}/commands/{body['data']['command_id']}"
        pending = await (await api.get(url)).json()
        assert pending["data"]["result"] is None
        assert (await executions.get(pool, active.execution_id)).cancel_requested is True

        await executions.finish(pool, active.execution_id, status="cancelled")

        async def finished():
            answer = await (await api.get(url)).json()
            return answer["data"] if answer["data"]["status"] == "completed" else None

        done = await wait_until(finished, timeout=15)
    # Stored in the single-task shape the DELETE itself would have answered with.
    assert done["result"]["message"] == "任务目录删除成功"
    assert done["result"]["data"]["task_id"] == task_id
    assert done["result"]["data"]["directory_deleted"] is True
    assert done["command_type"] == "task.delete"


async def test_cancel_endpoint_flags_the_run_and_the_executor_stops(gateway_api, pool, settings):
    task_id = await make_task(pool, settings.data_root)
    active = await queue_and_claim(pool, task_id)
    executor = asyncio.create_task(honour_cancel(pool, active, settings.heartbeat_seconds))

    response = await gateway_api.post(f"{API}/tasks/{task_id}/cancel", json={"reason": "不需要了"})
    body = await response.json()

    assert response.status == 202
    assert body["data"]["execution_id"] == active.execution_id
    assert await asyncio.wait_for(executor, 15) == "cancelled"
    status = await (await gateway_api.get(body["data"]["status_url"])).json()
    assert status["data"]["status"] == "completed"
    assert (await tasks.get(pool, task_id)).step_status["ddl_generation"] == "cancelled"


async def test_cancel_refusals(gateway_api, pool, settings):
    idle = await make_task(pool, settings.data_root)
    nothing = await gateway_api.post(f"{API}/tasks/{idle}/cancel")
    unknown = await gateway_api.post(f"{API}/tasks/{new_task_id()}/cancel")
    assert (nothing.status, (await nothing.json())["error_code"]) == (409, "NO_ACTIVE_EXECUTION")
    assert (unknown.status, (await unknown.json())["error_code"]) == (404, "TASK_NOT_FOUND")


async def test_command_status_refusals(gateway_api):
    bad = await gateway_api.get(f"{API}/commands/not-a-uuid")
    unknown = await gateway_api.get(f"{API}/commands/{uuid.uuid4()}")
    assert (bad.status, (await bad.json())["error_code"]) == (400, "VALIDATION_ERROR")
    assert (unknown.status, (await unknown.json())["error_code"]) == (404, "COMMAND_NOT_FOUND")

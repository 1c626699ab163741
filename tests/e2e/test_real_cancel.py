"""Cancel and forced delete against the real executor, held mid-step by a table lock."""

import pytest

from shared.db import executions, outputs, tasks
from shared.storage import Storage
from tests.helpers import API, wait_until
from tests.helpers.api import json_of
from tests.helpers.databases import LOCKED_TABLE, table_locked

pytestmark = pytest.mark.usefixtures("executor", "janitor_service")


async def _held_run(api, pool, business_copy, tables):
    """A ddl_generation run on the private copy, blocked on the locked table."""
    body = {"table_list": tables, "db_connection": business_copy}
    task_id = (await json_of(await api.post(f"{API}/tasks", json=body), 201))["data"]["task_id"]
    run = await json_of(
        await api.post(f"{API}/tasks/{task_id}/execute", json={"step": "ddl_generation"}), 202
    )
    execution_id = run["data"]["execution_id"]
    await wait_until(lambda: _status(pool, execution_id, "running"), timeout=30)
    return task_id, execution_id


async def _status(pool, execution_id, status):
    e = await executions.get(pool, execution_id)
    return e if e and e.status == status else None


async def test_cancel_stops_a_real_step_and_keeps_nothing_half_done(
    gateway_api, pool, business_copy
):
    async with table_locked(business_copy):
        # bss_car_day_count is documented before the locked table, so a file exists mid-run.
        task_id, execution_id = await _held_run(
            gateway_api, pool, business_copy, ["bss_car_day_count", LOCKED_TABLE]
        )
        await json_of(await gateway_api.post(f"{API}/tasks/{task_id}/cancel"), 202)
        cancelled = await wait_until(lambda: _status(pool, execution_id, "cancelled"), timeout=15)
    assert cancelled.error_message == "执行已取消"
    task = await tasks.get(pool, task_id)
    assert task.step_status["ddl_generation"] == "cancelled"
    assert task.status == "cancelled"
    # Only the task's final result is registered: nothing the cancelled step wrote.
    assert [o.file_name for o in await outputs.list_for_task(pool, task_id)] == ["task_result.json"]


async def test_forced_delete_of_a_running_task(gateway_api, pool, business_copy, settings):
    async with table_locked(business_copy):
        task_id, execution_id = await _held_run(gateway_api, pool, business_copy, [LOCKED_TABLE])
        refused = await gateway_api.delete(f"{API}/tasks/{task_id}", json={"confirm": True})
        assert (await json_of(refused, 409))["error_code"] == "TASK_RUNNING"
        response = await gateway_api.delete(
            f"{API}/tasks/{task_id}", json={"confirm": True, "force": True}
        )
        deleted = await json_of(response, 200)
    assert deleted["data"]["directory_deleted"] is True
    assert (await executions.get(pool, execution_id)).status == "cancelled"
    assert not await Storage(settings.data_root).dir_exists(task_id)

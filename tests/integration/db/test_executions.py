"""shared/db/executions.py on real PostgreSQL: one active execution per task, claims, liveness."""

import asyncio

import pytest

from shared.db import execution_recovery, executions, tasks
from shared.errors import TaskRunning
from tests.helpers import new_task_id
from tests.helpers.tasks import queue


async def _task(pool):
    task_id = new_task_id()
    await tasks.insert(pool, task_id, tasks.NewTask("data_workflow", {}, "", "t", None, None))
    return task_id


async def test_a_second_active_execution_is_refused(pool):
    task_id = await _task(pool)
    first = await queue(pool, task_id)
    with pytest.raises(TaskRunning) as refused:
        await queue(pool, task_id, clash=1)
    assert refused.value.data["current_status"] == "queued"
    await executions.finish(pool, first.execution_id, status="completed", from_status=("queued",))
    assert (await queue(pool, task_id, clash=2)).status == "queued"  # free again


async def test_exactly_one_of_many_concurrent_claims_wins(pool):
    execution = await queue(pool, await _task(pool))
    claims = await asyncio.gather(
        *(executions.claim(pool, execution.execution_id, f"w{i}") for i in range(8))
    )
    winners = [c for c in claims if c is not None]
    assert len(winners) == 1
    assert winners[0].status == "running"
    assert winners[0].attempt == 1


async def test_heartbeat_reports_cancel_and_lost_ownership(pool):
    execution = await queue(pool, await _task(pool))
    await executions.claim(pool, execution.execution_id, "w1")
    assert await executions.heartbeat(pool, execution.execution_id, "w1") is False
    assert await executions.heartbeat(pool, execution.execution_id, "someone-else") is None
    await executions.request_cancel(pool, execution.task_id)
    assert await executions.heartbeat(pool, execution.execution_id, "w1") is True
    await executions.finish(pool, execution.execution_id, status="lost")
    assert await executions.heartbeat(pool, execution.execution_id, "w1") is None


async def test_a_cancel_requested_before_the_claim_blocks_it(pool):
    execution = await queue(pool, await _task(pool))
    await executions.request_cancel(pool, execution.task_id)
    assert await executions.claim(pool, execution.execution_id, "w1") is None


async def test_stale_heartbeats_are_found_and_requeue_releases(pool):
    execution = await queue(pool, await _task(pool))
    await executions.claim(pool, execution.execution_id, "w1")
    await pool.execute(
        "UPDATE data_pipeline_task_executions SET heartbeat_at = now() - interval '1 hour'"
        " WHERE execution_id = $1",
        execution.execution_id,
    )
    stale = await execution_recovery.find_stale(pool, lost_after_seconds=60, max_step_seconds=7200)
    assert execution.execution_id in {e.execution_id for e in stale}
    assert await execution_recovery.requeue(pool, execution.execution_id, "other") is False
    assert await execution_recovery.requeue(pool, execution.execution_id, "w1") is True
    again = await executions.get(pool, execution.execution_id)
    assert again.status == "queued"
    assert again.worker_id is None

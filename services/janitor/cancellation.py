"""Cancelling a task's execution: flag it, finish it at once if still queued, wait for the stop.

A running execution is stopped by its executor, which sees cancel_requested on its next
heartbeat; the janitor only flags it and, for forced deletes, waits on the database."""

import asyncio

from services.janitor.deps import Deps
from shared.db import executions
from shared.emitter import emit
from shared.errors import NoActiveExecution
from shared.events import ExecutionCancelled
from shared.records import ExecutionRecord

POLL_SECONDS = 0.2


async def request_cancel(deps: Deps, task_id: str, reason: str) -> ExecutionRecord:
    """The execution now flagged; queued ones come back already cancelled."""
    async with deps.pool.acquire() as conn, conn.transaction():
        execution = await executions.request_cancel(conn, task_id)
        if execution is None:
            raise NoActiveExecution(f"任务没有正在执行的步骤: {task_id}", task_id=task_id)
        # claim() refuses flagged rows, so a queued execution will never start: finish it here.
        if execution.status == "queued" and await executions.finish(
            conn,
            execution.execution_id,
            status="cancelled",
            error_message=reason,
            from_status=("queued",),
        ):
            execution = execution.model_copy(update={"status": "cancelled"})
    if execution.status == "cancelled":
        event = ExecutionCancelled.model_validate(
            {
                "task_id": task_id,
                "execution_id": execution.execution_id,
                "step": execution.step,
                "reason": reason,
            }
        )
        await emit(deps.publisher, event)
    return execution


async def wait_stopped(deps: Deps, task_id: str, timeout: float) -> bool:
    """True once the task has no queued or running execution; False after `timeout`."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while await executions.active_for_task(deps.pool, task_id) is not None:
        if loop.time() >= deadline:
            return False
        await asyncio.sleep(POLL_SECONDS)
    return True

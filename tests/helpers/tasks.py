"""Task builders: a task row with its directory and files, an execution queued and claimed as
an executor would leave it, and a stand-in executor that honours a cancel."""

import asyncio
from pathlib import Path
from typing import Any

import asyncpg

from shared import task_state
from shared.clock import utcnow
from shared.db import execution_recovery, executions, tasks
from shared.models import STEP_ORDER, StepName, StepStatus
from shared.records import ExecutionRecord
from tests.helpers import new_task_id

WORKER = "test-executor"


def write_files(directory: Path, files: dict[str, bytes]) -> int:
    """Writes files (names may contain sub-directories); returns the total bytes."""
    for name, data in files.items():
        path = directory / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return sum(len(d) for d in files.values())


async def make_task(
    pool: asyncpg.Pool,
    root: Path,
    files: dict[str, bytes] | None = None,
    *,
    finished: bool = False,
    parameters: dict[str, Any] | None = None,
) -> str:
    """A task row and its directory holding `files`; `finished` marks every step completed.
    `parameters` are stored as given (nothing sealed, as rows were before migration 003)."""
    task_id = new_task_id()
    directory = root / task_id
    await tasks.insert(
        pool,
        task_id,
        tasks.NewTask(
            task_type="data_workflow",
            parameters=parameters or {},
            output_directory=str(directory),
            created_by="janitor-tests",
            db_name="highway_db",
            business_context=None,
        ),
    )
    directory.mkdir(parents=True, exist_ok=True)
    write_files(directory, files or {})
    if finished:
        await task_state.set_steps(pool, task_id, dict.fromkeys(STEP_ORDER, StepStatus.completed))
    return task_id


async def queue(
    pool: asyncpg.Pool,
    task_id: str,
    step: str = StepName.ddl_generation.value,
    *,
    clash: int = 0,
    force_executed: bool = False,
    options: dict[str, Any] | None = None,
) -> ExecutionRecord:
    """A queued execution of `step` (a step name or "complete"), as the gateway queues one."""
    execution_id = executions.execution_id_for(task_id, step, utcnow(), clash)
    async with pool.acquire() as conn, conn.transaction():
        return await executions.insert_queued(
            conn,
            task_id=task_id,
            step=step,
            execution_id=execution_id,
            force_executed=force_executed,
            clean_previous=False,
            options=options or {},
            command_id=None,
        )


async def queue_and_claim(
    pool: asyncpg.Pool, task_id: str, step: StepName = StepName.ddl_generation, attempt: int = 1
) -> ExecutionRecord:
    """A claimed (running) execution with a fresh heartbeat, as an executor would leave it;
    `attempt` > 1: claimed and handed back that many times before."""
    execution_id = (await queue(pool, task_id, step.value)).execution_id
    for _ in range(attempt - 1):
        assert await executions.claim(pool, execution_id, WORKER)
        assert await execution_recovery.requeue(pool, execution_id, WORKER)
    claimed = await executions.claim(pool, execution_id, WORKER)
    assert claimed is not None
    await task_state.set_steps(pool, task_id, {step: StepStatus.running})
    return claimed


async def honour_cancel(pool: asyncpg.Pool, e: ExecutionRecord, interval: float) -> str:
    """Stands in for the executor's runner: heartbeats, and on cancel_requested finishes the
    execution as cancelled (step cancelled). Returns how it ended."""
    while True:
        state = await executions.heartbeat(pool, e.execution_id, WORKER)
        if state is None:
            return "lost"
        if state:
            await executions.finish(pool, e.execution_id, status="cancelled")
            await task_state.set_steps(pool, e.task_id, {StepName(e.step): StepStatus.cancelled})
            return "cancelled"
        await asyncio.sleep(interval)  # a heartbeat period, not a wait for a condition

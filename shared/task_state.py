"""Task state transitions: a step's status changes, the task's status follows (under a row lock)."""

from collections.abc import Mapping
from typing import Any

import asyncpg

from shared.db import tasks
from shared.models import StepName, StepStatus, TaskStatus, derive_task_status


async def set_steps(
    pool: asyncpg.Pool,
    task_id: str,
    changes: Mapping[StepName, StepStatus],
    *,
    progress: int | None = None,
    error_message: str | None = None,
    result: dict[str, Any] | None = None,
) -> TaskStatus | None:
    """Applies step status changes and re-derives the task status; None if the task is gone."""
    async with pool.acquire() as conn, conn.transaction():
        task = await tasks.get(conn, task_id, for_update=True)
        if task is None:
            return None
        step_status = {**task.step_status, **{k.value: v.value for k, v in changes.items()}}
        status = derive_task_status(step_status)
        await tasks.save_state(
            conn,
            task_id,
            status=status.value,
            step_status=step_status,
            progress=progress,
            error_message=error_message,
            result=result,
        )
        return status

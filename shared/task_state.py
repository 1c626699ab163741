"""Task state transitions: a step's status changes, the task's status follows (under a row lock).

Besides step_status, each step keeps its last run in `step_runs` (execution id, times, its own
last error, the task's progress when it failed), so the task view never mixes up steps."""

from collections.abc import Mapping
from typing import Any

import asyncpg

from shared.clock import utcnow
from shared.db import tasks
from shared.db.pool import TxConn
from shared.models import StepName, StepStatus, TaskStatus, derive_task_status
from shared.records import TaskRecord


def _run_entry(
    prior: dict[str, Any], status: StepStatus, execution_id: str | None, at: str
) -> dict[str, Any]:
    entry = dict(prior)
    if status is StepStatus.running:
        entry.update(execution_id=execution_id or entry.get("execution_id"), started_at=at)
        entry["completed_at"] = None
    elif status is not StepStatus.pending:
        entry["completed_at"] = at
    if status in (StepStatus.completed, StepStatus.skipped):
        entry["error_message"] = None
        entry.pop("failed_progress", None)
    return entry


def _step_runs(
    task: TaskRecord,
    changes: Mapping[StepName, StepStatus],
    execution_id: str | None,
    error: str | None,
) -> dict[str, Any]:
    at = utcnow().isoformat()
    runs = dict(task.step_runs)
    for step, status in changes.items():
        entry = _run_entry(runs.get(step.value, {}), status, execution_id, at)
        if status is StepStatus.failed:
            entry.update(error_message=error, failed_progress=task.progress)
        runs[step.value] = entry
    return runs


def final_progress(status: TaskStatus, runs: dict[str, Any], given: int | None) -> int | None:
    """completed -> 100 (skipped steps count as done); failed -> where its failed step stopped."""
    if status is TaskStatus.completed:
        return 100
    if status is TaskStatus.failed:
        stops = [r["failed_progress"] for r in runs.values() if "failed_progress" in r]
        return min(stops) if stops else given
    return given


async def set_steps(
    pool: asyncpg.Pool,
    task_id: str,
    changes: Mapping[StepName, StepStatus],
    *,
    progress: int | None = None,
    error_message: str | None = None,
    execution_id: str | None = None,
) -> TaskRecord | None:
    """Applies step status changes and re-derives the task status; returns the task as written
    (a runner keeps it instead of reading the row again), None if the task is gone.

    error_message is the error of the steps that fail in `changes`."""
    async with pool.acquire() as conn, conn.transaction():
        return await apply_steps(
            conn,
            task_id,
            changes,
            progress=progress,
            error_message=error_message,
            execution_id=execution_id,
        )


async def apply_steps(
    conn: TxConn,
    task_id: str,
    changes: Mapping[StepName, StepStatus],
    *,
    progress: int | None = None,
    error_message: str | None = None,
    execution_id: str | None = None,
) -> TaskRecord | None:
    """set_steps inside the caller's transaction (one atomic write with the caller's others)."""
    task = await tasks.get(conn, task_id, for_update=True)
    if task is None:
        return None
    step_status = {**task.step_status, **{k.value: v.value for k, v in changes.items()}}
    status = derive_task_status(step_status)
    runs = _step_runs(task, changes, execution_id, error_message)
    failing = [s.value for s, v in changes.items() if v is StepStatus.failed]
    return await tasks.save_state(
        conn,
        task_id,
        status=status.value,
        step_status=step_status,
        step_runs=runs,
        progress=final_progress(status, runs, progress),
        error_message=f"{failing[0]}: {error_message}" if failing and error_message else None,
    )

"""The task's final result: tasks.result and task_result.json, written (and registered) whenever
the task reaches a final state, whether it ran as `complete` or step by step."""

from typing import Any

import asyncpg

from shared.clock import utcnow
from shared.db import executions, outputs, tasks
from shared.file_types import file_type_of
from shared.models import COMPLETE, FINAL_TASK, STEP_ORDER, StepStatus, TaskStatus
from shared.records import ExecutionRecord, TaskRecord
from shared.secrets import mask_tree
from shared.storage import Storage

TASK_RESULT_FILE = "task_result.json"


def _steps_in(task: TaskRecord, status: StepStatus) -> list[str]:
    return [s.value for s in STEP_ORDER if task.step_status.get(s.value) == status.value]


def _artifacts(
    task: TaskRecord, runs: list[ExecutionRecord], pending: dict[str, dict[str, Any]]
) -> dict[str, Any]:
    """Each completed step's result from the newest execution that produced it."""
    latest: dict[str, Any] = {}
    for e in runs:  # oldest first; a finishing execution's results are not in its row yet
        latest.update(pending.get(e.execution_id) or e.execution_result or {})
    done = _steps_in(task, StepStatus.completed)
    return {step: latest[step] for step in done if step in latest}


def _duration(e: ExecutionRecord | None) -> float | None:
    if e is None or e.started_at is None:
        return None
    return round(((e.completed_at or utcnow()) - e.started_at).total_seconds(), 3)


def build_result(
    task: TaskRecord, runs: list[ExecutionRecord], pending: dict[str, dict[str, Any]]
) -> dict[str, Any]:
    last = runs[-1] if runs else None
    result: dict[str, Any] = mask_tree(
        {
            "success": task.status == TaskStatus.completed.value,
            "task_id": task.id,
            "status": task.status,
            "execution_mode": "complete" if last and last.step == COMPLETE else "step",
            "execution_id": last.execution_id if last else None,
            "completed_steps": _steps_in(task, StepStatus.completed),
            "skipped_steps": _steps_in(task, StepStatus.skipped),
            "failed_steps": _steps_in(task, StepStatus.failed),
            "cancelled_steps": _steps_in(task, StepStatus.cancelled),
            "progress": task.progress,
            "error_message": task.error_message,
            "duration": _duration(last),
            "artifacts": _artifacts(task, runs, pending),
        }
    )
    return result


async def record_if_final(
    pool: asyncpg.Pool,
    storage: Storage,
    task_id: str,
    pending: dict[str, dict[str, Any]] | None = None,
    *,
    known: TaskRecord | None = None,
) -> dict[str, Any] | None:
    """Writes the result when the task is in a final state now; None (nothing written) else.

    pending: step results of an execution about to be finished (execution id -> results).
    known: the row as the caller's last state change wrote it (saves reading it again)."""
    task = known or await tasks.get(pool, task_id)
    if task is None or task.status not in FINAL_TASK:
        return None
    runs = await executions.list_for_task(pool, task_id)
    result = build_result(task, runs, pending or {})
    await tasks.set_result(pool, task_id, result)
    if task.directory_exists and await storage.dir_exists(task_id):  # never resurrect a dir
        await _write_file(pool, storage, task_id, result, runs)
    return result


async def _write_file(
    pool: asyncpg.Pool,
    storage: Storage,
    task_id: str,
    result: dict[str, Any],
    runs: list[ExecutionRecord],
) -> None:
    info = await storage.write_json(task_id, TASK_RESULT_FILE, result)
    await outputs.upsert(
        pool,
        outputs.NewOutput(
            task_id=task_id,
            execution_id=runs[-1].execution_id if runs else None,
            step=None,
            file_type=file_type_of(TASK_RESULT_FILE),
            file_name=TASK_RESULT_FILE,
            file_path=TASK_RESULT_FILE,
            file_size=info.size,
            content_hash=info.sha256,
            description="任务最终结果",
            is_primary=True,
        ),
    )

"""Queueing an execution: the checks and the insert every publisher path shares."""

from typing import Any

import asyncpg

from shared.clock import utcnow
from shared.db import executions, tasks
from shared.db.pool import TxConn
from shared.errors import MissingParams, StepDependency, TaskNotFound
from shared.messages import ExecuteTaskPayload
from shared.models import COMPLETE, STEP_REQUIRES, StepName, StepStatus
from shared.records import ExecutionRecord, TaskRecord

_MAX_CLASHES = 50


def check_dependencies(task: TaskRecord, step: str) -> None:
    """A step needs its predecessor completed; a complete run needs nothing."""
    if step == COMPLETE:
        return
    required = STEP_REQUIRES[StepName(step)]
    if required and task.step_status.get(required.value) != StepStatus.completed.value:
        raise StepDependency(
            f"步骤 {step} 依赖的步骤 {required.value} 尚未完成（可使用 force_execute）",
            step=step,
            required_step=required.value,
            required_status=task.step_status.get(required.value),
        )


def check_table_list(task: TaskRecord) -> None:
    """Every step reads the table list: without one the run could only fail, so refuse it now."""
    if not task.parameters.get("table_list"):
        raise MissingParams(
            ["table_list"],
            "缺少必需参数: table_list (请先上传表清单或在创建任务时提供 table_list)",
        )


def execution_options(payload: ExecuteTaskPayload) -> dict[str, Any]:
    return {
        "backup_vector_tables": payload.backup_vector_tables,
        "skip_training": payload.skip_training,
        "truncate_vector_tables": payload.truncate_vector_tables,
    }


async def queue_execution(
    conn: TxConn, payload: ExecuteTaskPayload, command_id: str | None
) -> ExecutionRecord:
    """Validates and inserts a queued execution. Call inside a transaction: TaskRunning,
    TaskNotFound and StepDependency are raised before anything is written."""
    step = str(payload.step)
    task = await tasks.get(conn, payload.task_id)
    if task is None:
        raise TaskNotFound(payload.task_id)
    check_table_list(task)
    if not payload.force_execute:
        check_dependencies(task, step)
    now = utcnow()
    for clash in range(_MAX_CLASHES):
        execution_id = payload.execution_id or executions.execution_id_for(
            task.id, step, now, clash
        )
        try:
            async with conn.transaction():
                return await executions.insert_queued(
                    conn,
                    task_id=task.id,
                    step=step,
                    execution_id=execution_id,
                    force_executed=payload.force_execute,
                    clean_previous=payload.clean_previous,
                    options=execution_options(payload),
                    command_id=command_id,
                )
        except asyncpg.UniqueViolationError:
            if payload.execution_id:
                raise
    raise RuntimeError(f"no free execution id for {task.id} {step}")

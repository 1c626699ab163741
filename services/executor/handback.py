"""Graceful shutdown: an execution still running when the grace period ends goes back to the
queue (row and message), so another executor picks it up instead of waiting for the janitor."""

import logging

from services.executor.deps import Deps
from shared import task_state
from shared.db import commands, executions, tasks
from shared.messages import ExecuteTask, ExecuteTaskPayload
from shared.models import ExecutionRecord, StepName, StepStatus

log = logging.getLogger(__name__)


async def hand_back(deps: Deps, e: ExecutionRecord) -> bool:
    if not await executions.requeue(deps.pool, e.execution_id, deps.worker_id):
        return False
    task = await tasks.get(deps.pool, e.task_id)
    running = [StepName(s) for s, v in (task.step_status if task else {}).items() if v == "running"]
    await task_state.set_steps(deps.pool, e.task_id, dict.fromkeys(running, StepStatus.pending))
    payload = ExecuteTaskPayload(
        task_id=e.task_id,
        step=e.step,
        force_execute=True,
        clean_previous=e.clean_previous,
        execution_id=e.execution_id,
        **e.options,
    )
    cmd = ExecuteTask(issued_by=f"executor:{deps.worker_id}", payload=payload)
    await commands.insert(
        deps.pool,
        commands.NewCommand(
            command_id=str(cmd.command_id),
            command_type=cmd.type,
            task_id=e.task_id,
            payload=cmd.payload.model_dump(mode="json"),
            issued_by=cmd.issued_by,
            source="system",
        ),
    )
    await deps.publisher.command(cmd, cmd.type)
    await commands.mark_published(deps.pool, str(cmd.command_id))
    log.warning("handed back %s to the queue on shutdown", e.execution_id)
    return True

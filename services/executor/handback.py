"""Graceful shutdown: an execution still running when the grace period ends goes back to the
queue (row and message), so another executor picks it up instead of waiting for the janitor."""

import logging

from services.executor.deps import Deps
from shared import task_state
from shared.db import execution_recovery, tasks
from shared.dispatch import redispatch
from shared.models import StepName, StepStatus
from shared.records import ExecutionRecord

log = logging.getLogger(__name__)


async def hand_back(deps: Deps, e: ExecutionRecord) -> bool:
    if not await execution_recovery.requeue(deps.pool, e.execution_id, deps.worker_id):
        return False
    task = await tasks.get(deps.pool, e.task_id)
    running = [StepName(s) for s, v in (task.step_status if task else {}).items() if v == "running"]
    await task_state.set_steps(deps.pool, e.task_id, dict.fromkeys(running, StepStatus.pending))
    await redispatch(deps.pool, deps.publisher, e, f"executor:{deps.worker_id}")
    log.warning("handed back %s to the queue on shutdown", e.execution_id)
    return True

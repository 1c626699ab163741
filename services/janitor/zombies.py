"""Zombie executions: running with a stale heartbeat or past the runtime limit -> lost.

The task's running steps become failed so they can be re-executed; an executor that comes back
later finds its heartbeat refused (the row is no longer running) and stops."""

from datetime import datetime

from services.janitor.audit import record_action
from services.janitor.deps import Deps
from services.janitor.report import SweepReport
from shared import task_state
from shared.clock import utcnow
from shared.config import Settings
from shared.db import executions, logs, tasks
from shared.emitter import emit
from shared.events import ExecutionLost
from shared.models import ExecutionRecord, StepName, StepStatus
from shared.storage import Storage
from shared.task_result import record_if_final


def reason(e: ExecutionRecord, settings: Settings, now: datetime) -> str:
    if e.started_at and (now - e.started_at).total_seconds() > settings.max_step_seconds:
        return f"运行时间超过上限 {settings.max_step_seconds:g}s,判定执行丢失"
    if e.heartbeat_at is None:
        return "执行没有心跳记录,判定执行丢失"
    age = (now - e.heartbeat_at).total_seconds()
    return (
        f"心跳超时: 最后心跳在 {age:.1f}s 前(上限 {settings.lost_after_seconds:g}s),"
        f"执行器 {e.worker_id or '未知'} 可能已停止"
    )


async def _fail_running_steps(deps: Deps, task_id: str, execution_id: str, why: str) -> list[str]:
    task = await tasks.get(deps.pool, task_id)
    if task is None:
        return []
    running = [s for s, status in task.step_status.items() if status == StepStatus.running]
    changes = {StepName(s): StepStatus.failed for s in running if s in StepName.__members__}
    if changes:
        await task_state.set_steps(
            deps.pool, task_id, changes, error_message=why, execution_id=execution_id
        )
    return [s.value for s in changes]


async def _log(deps: Deps, e: ExecutionRecord, steps: list[str], why: str) -> None:
    step = steps[0] if steps else e.step
    entry = logs.NewLog(
        task_id=e.task_id,
        execution_id=e.execution_id,
        level="ERROR",
        message=f"执行已丢失: {why}",
        step=step,
        timestamp=utcnow(),
        module_name="janitor.zombies",
        extra={"worker_id": e.worker_id, "failed_steps": steps},
    )
    await logs.insert_many(deps.pool, [entry])


async def mark_lost(deps: Deps, e: ExecutionRecord, why: str) -> bool:
    """False when the execution finished (or was marked) meanwhile: nothing is touched then."""
    if not await executions.finish(
        deps.pool, e.execution_id, status="lost", error_message=why, from_status=("running",)
    ):
        return False
    steps = await _fail_running_steps(deps, e.task_id, e.execution_id, why)
    await _log(deps, e, steps, why)
    result = {"execution_id": e.execution_id, "reason": why, "failed_steps": steps}
    await record_action(deps.pool, "zombies", e.task_id, result)
    deps.metrics.lost.inc()
    await record_if_final(deps.pool, Storage(deps.settings.data_root), e.task_id)
    await emit(deps.publisher, _lost_event(e, why, steps))  # last: listeners see it all done
    return True


async def sweep(deps: Deps, report: SweepReport) -> None:
    s = deps.settings
    stale = await executions.find_stale(deps.pool, s.lost_after_seconds, s.max_step_seconds)
    report.candidates = len(stale)
    now = utcnow()
    for e in stale:
        why = reason(e, s, now)
        if report.dry_run or await mark_lost(deps, e, why):
            report.actions.append(
                {
                    "task_id": e.task_id,
                    "execution_id": e.execution_id,
                    "action": "mark_lost",
                    "reason": why,
                }
            )


def _lost_event(e: ExecutionRecord, why: str, steps: list[str]) -> ExecutionLost:
    return ExecutionLost.model_validate(
        {
            "task_id": e.task_id,
            "execution_id": e.execution_id,
            "step": e.step,
            "reason": why,
            "failed_steps": steps,
        }
    )

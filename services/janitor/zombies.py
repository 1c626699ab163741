"""Zombie executions: running with a stale heartbeat or past the runtime limit.

A lost execution is queued again (same execution_id, a new command) until it has run
DP_MAX_ATTEMPTS times; another executor resumes it after its last completed step. After the
last attempt it is lost for good: its running steps become failed (re-executable) and its
command ends failed with the reason. An executor that comes back later finds its heartbeat
refused (the row is no longer its own) and stops."""

from datetime import datetime

from services.janitor.audit import insert_action
from services.janitor.deps import Deps
from services.janitor.report import SweepReport
from shared import task_state
from shared.clock import utcnow
from shared.config import Settings
from shared.db import commands, execution_recovery, executions, logs, tasks
from shared.db.pool import TxConn
from shared.dispatch import redispatch
from shared.emitter import emit
from shared.envelope import failure
from shared.errors import AttemptsExhausted
from shared.events import ExecutionLost
from shared.models import StepName, StepStatus
from shared.records import ExecutionRecord
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


async def _move_running_steps(
    conn: TxConn, e: ExecutionRecord, to: StepStatus, why: str
) -> list[str]:
    task = await tasks.get(conn, e.task_id, for_update=True)
    if task is None:
        return []
    running = [s for s, status in task.step_status.items() if status == StepStatus.running]
    changes = {StepName(s): to for s in running if s in StepName.__members__}
    if changes:
        error = why if to == StepStatus.failed else None
        await task_state.apply_steps(
            conn, e.task_id, changes, error_message=error, execution_id=e.execution_id
        )
    return [s.value for s in changes]


async def _log(conn: TxConn, e: ExecutionRecord, steps: list[str], level: str, text: str) -> None:
    entry = logs.NewLog(
        task_id=e.task_id,
        execution_id=e.execution_id,
        level=level,
        message=text,
        step=steps[0] if steps else e.step,
        timestamp=utcnow(),
        module_name="janitor.zombies",
        extra={"worker_id": e.worker_id, "steps": steps, "attempt": e.attempt},
    )
    await logs.insert_many(conn, [entry])


async def retry(deps: Deps, e: ExecutionRecord, why: str) -> bool:
    """Queues the execution again for another executor; False if it changed meanwhile. The
    execution, its steps, the log and the audit row change in one transaction."""
    attempts = deps.settings.max_attempts
    result = {"execution_id": e.execution_id, "reason": why, "attempt": e.attempt}
    async with deps.pool.acquire() as conn, conn.transaction():
        if not await execution_recovery.requeue_lost(conn, e.execution_id, e.worker_id):
            return False
        steps = await _move_running_steps(conn, e, StepStatus.pending, why)
        text = f"执行失联,重新排队(第 {e.attempt + 1}/{attempts} 次尝试): {why}"
        await _log(conn, e, steps, "WARNING", text)
        await insert_action(conn, "zombies", e.task_id, {**result, "action": "retry"})
    # After the commit; a send that fails is the orphans sweep's to repeat.
    await redispatch(deps.pool, deps.publisher, e, "janitor")
    deps.metrics.retried.labels("lost").inc()
    return True


async def mark_lost(deps: Deps, e: ExecutionRecord, why: str) -> bool:
    """False when the execution finished (or was marked) meanwhile: nothing is touched then.
    The execution lost, its running steps failed, the log, its command and the audit row are
    one transaction: a failure half-way (the database going away) leaves all of it running."""
    async with deps.pool.acquire() as conn, conn.transaction():
        finished = await executions.finish(
            conn, e.execution_id, status="lost", error_message=why, from_status=("running",)
        )
        if not finished:
            return False
        steps = await _move_running_steps(conn, e, StepStatus.failed, why)
        await _log(conn, e, steps, "ERROR", f"执行已丢失: {why}")
        if e.command_id:
            error = AttemptsExhausted(f"执行已丢失: {why}", execution_id=e.execution_id)
            await commands.complete(
                conn,
                e.command_id,
                status="failed",
                result=failure(error),
                error_code=error.error_code,
            )
        result = {"execution_id": e.execution_id, "reason": why, "failed_steps": steps}
        await insert_action(conn, "zombies", e.task_id, result)
    deps.metrics.lost.inc()
    await record_if_final(deps.pool, Storage(deps.settings.data_root), e.task_id)
    await emit(deps.publisher, _lost_event(e, why, steps))  # last: listeners see it all done
    return True


def _retryable(e: ExecutionRecord, settings: Settings) -> bool:
    return e.attempt < settings.max_attempts and not e.cancel_requested


async def sweep(deps: Deps, report: SweepReport) -> None:
    s = deps.settings
    stale = await execution_recovery.find_stale(deps.pool, s.lost_after_seconds, s.max_step_seconds)
    report.candidates = len(stale)
    now = utcnow()
    for e in stale:
        why = reason(e, s, now)
        action = "retry" if _retryable(e, s) else "mark_lost"
        act = retry if action == "retry" else mark_lost
        if report.dry_run or await act(deps, e, why):
            report.actions.append(
                {
                    "task_id": e.task_id,
                    "execution_id": e.execution_id,
                    "action": action,
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

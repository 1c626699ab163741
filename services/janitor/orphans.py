"""Queued executions whose command is nowhere: no executor claimed it and it was not sent for
longer than DP_QUEUED_ORPHAN_SECONDS (a dead-lettered or lost message), a wait that doubles
with every send. Each is sent again; once it was sent DP_MAX_ATTEMPTS times, waited out the
last doubling and the execute queue holds nothing that could still reach it, it is failed
with the reason, so the task never answers TASK_RUNNING forever. A
duplicate send is harmless: the executor claims a queued execution once, and drops a command
whose execution is no longer queued."""

from services.janitor.audit import record_action
from services.janitor.deps import Deps
from services.janitor.report import SweepReport
from shared import command_log
from shared.db import execution_recovery, executions
from shared.dispatch import redispatch
from shared.errors import CommandLost
from shared.records import ExecutionRecord


async def resend(deps: Deps, e: ExecutionRecord) -> bool:
    async with deps.pool.acquire() as conn, conn.transaction():
        if not await execution_recovery.note_dispatch(conn, e.execution_id):
            return False
        await redispatch(conn, deps.publisher, e, "janitor")
    deps.metrics.retried.labels("orphaned").inc()
    return True


async def give_up(deps: Deps, e: ExecutionRecord) -> bool:
    error = CommandLost(
        f"执行命令未送达执行器(已重新发送 {e.dispatches} 次),已放弃", execution_id=e.execution_id
    )
    if not await executions.finish(
        deps.pool,
        e.execution_id,
        status="failed",
        error_message=error.message,
        from_status=("queued",),
    ):
        return False
    if e.command_id:
        await command_log.fail(deps.pool, e.command_id, error)
    return True


async def _backlog(deps: Deps) -> int:
    """Undelivered execute commands; unknown (never 0) without a broker connection."""
    if deps.publisher is None:
        return 1
    return await deps.publisher.ready_count("task.execute")


async def sweep(deps: Deps, report: SweepReport) -> None:
    s = deps.settings
    orphaned = await execution_recovery.find_orphaned(deps.pool, s.queued_orphan_seconds)
    report.candidates = len(orphaned)
    backlog = await _backlog(deps) if orphaned else 0
    for e in orphaned:
        spent = e.dispatches >= s.max_attempts and backlog == 0
        action = "fail" if spent else "resend"
        act = resend if action == "resend" else give_up
        if report.dry_run or await act(deps, e):
            entry = {"task_id": e.task_id, "execution_id": e.execution_id, "action": action}
            report.actions.append(entry)
            if not report.dry_run:
                await record_action(deps.pool, report.job, e.task_id, entry)

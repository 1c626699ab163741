"""Ending an execution: the task's result, its final status, the command that asked for it,
and the final event. The record is retried through a database outage."""

from typing import Any

from services.executor.run import Run
from shared.db import commands, executions
from shared.emitter import emit
from shared.envelope import ok
from shared.events import EventBase, ExecutionCancelled, ExecutionCompleted, ExecutionFailed
from shared.models import ExecutionRecord
from shared.task_result import record_if_final
from shared.transient import outlast


def _envelope(run: Run, status: str, error: str | None) -> dict[str, Any]:
    data = {
        "execution_id": run.execution.execution_id,
        "task_id": run.task_id,
        "status": status,
        "error": error,
        "results": run.results,
    }
    return ok(200, f"执行{status}", data)


async def finish(run: Run, status: str, error: str | None) -> dict[str, Any]:
    e, pool, storage = run.execution, run.deps.pool, run.deps.storage
    envelope = _envelope(run, status, error)

    async def record() -> None:
        # The result first: once the execution is final, pollers read it and a forced delete
        # may remove the directory, which a later write would recreate.
        await record_if_final(pool, storage, e.task_id, {e.execution_id: run.results})
        await executions.finish(
            pool, e.execution_id, status=status, error_message=error, result=run.results
        )
        if e.command_id:  # the command that asked for it, also when another one resumed it
            await commands.complete(pool, e.command_id, status="completed", result=envelope)

    await outlast(record, f"finishing {e.execution_id}")
    run.log.write(
        "INFO" if status == "completed" else "ERROR",
        f"执行结束: {e.step} -> {status}" + (f" ({error})" if error else ""),
    )
    await emit(run.deps.publisher, final_event(e, status, error))
    return envelope


def final_event(e: ExecutionRecord, status: str, error: str | None) -> EventBase:
    ids = {"task_id": e.task_id, "execution_id": e.execution_id}
    if status == "completed":
        return ExecutionCompleted.model_validate({**ids, "step": e.step})
    if status == "cancelled":
        return ExecutionCancelled.model_validate(
            {**ids, "step": e.step, "reason": error or "cancelled"}
        )
    return ExecutionFailed.model_validate({**ids, "step": e.step, "error": error or ""})

"""Runs one claimed execution: one step or the whole workflow, with heartbeats and cancellation.

Ack timing (see worker.py): the execute command is acked once the execution is claimed in
PostgreSQL, before this runs; from then on a crash is detected by the janitor from the stale
heartbeat, never by broker redelivery."""

import asyncio
from typing import Any

from services.executor.cleaning import clean_previous_outputs, discard_step_outputs
from services.executor.deps import Deps
from services.executor.outage import Paused, wait_for_database
from services.executor.resume import finished_steps
from services.executor.step_runner import STEPS, Run, run_step
from services.executor.supervision import supervise
from services.executor.task_files import back_up_outputs, restore_task_directory
from services.executor.tasklog import TaskLog
from shared.clock import stamp
from shared.db import commands, executions, tasks
from shared.emitter import emit
from shared.envelope import failure, ok
from shared.errors import (
    ExecutionCancelledError,
    ExecutionFailedError,
    ExecutionLostError,
    TaskNotFound,
)
from shared.events import (
    EventBase,
    ExecutionCancelled,
    ExecutionCompleted,
    ExecutionFailed,
    ExecutionStarted,
)
from shared.models import COMPLETE, STEP_ORDER, CommandStatus, StepName, StepStatus
from shared.parameters import TaskParameters
from shared.records import ExecutionRecord
from shared.task_result import record_if_final
from shared.transient import outlast


def plan(
    scope: str, params: TaskParameters, options: dict[str, Any]
) -> list[tuple[StepName, bool]]:
    """(step, enabled) in order; a single-step execution is always enabled."""
    if scope != COMPLETE:
        return [(StepName(scope), True)]
    load = params.enable_training_data_load and not options.get("skip_training", False)
    disabled = {
        StepName.sql_validation: not params.enable_sql_validation,
        StepName.training_load: not load,
    }
    return [(step, not disabled.get(step, False)) for step in STEP_ORDER]


async def run_execution(deps: Deps, execution: ExecutionRecord) -> dict[str, Any]:
    log = TaskLog(
        deps.pool, deps.storage, execution.task_id, execution.execution_id, deps.publisher
    )
    log.start()
    try:
        task = await tasks.get(deps.pool, execution.task_id)  # the one read of the task row
        if task is None:
            raise TaskNotFound(execution.task_id)
        params = TaskParameters.model_validate(task.parameters)
        run = Run(deps, execution, log, task, params)
        return await supervise(run, _run_steps(run))
    finally:
        await log.close()


async def _run_steps(run: Run) -> dict[str, Any]:
    e, deps, task = run.execution, run.deps, run.task
    steps = plan(e.step, run.params, e.options)
    run.log.opening(task.parameters)
    run.log.info(f"开始执行: {e.step} (execution {e.execution_id}, worker {deps.worker_id})")
    started = ExecutionStarted(task_id=e.task_id, execution_id=e.execution_id, step=e.step)
    await emit(deps.publisher, started)
    await restore_task_directory(deps.pool, deps.storage, task, deps.settings.default_business_dsn)
    resumed = e.attempt > 1  # an earlier attempt's outputs are this execution's own
    if e.step == COMPLETE and not resumed:
        await back_up_outputs(deps.pool, deps.storage, task.id, stamp(), run.log)
    if e.clean_previous and not e.files_cleaned:
        cleaned = [s for s, enabled in steps if enabled]
        await clean_previous_outputs(deps.pool, deps.storage, e, cleaned, run.log)
    skipped = {s: StepStatus.skipped for s, enabled in steps if not enabled}
    if skipped:
        await run.set_steps(skipped, execution_id=e.execution_id)
    run.results.update(done := await finished_steps(deps, e))
    if done:
        run.log.info(f"第 {e.attempt} 次尝试，跳过已完成的步骤: {', '.join(done)}")
    for step, enabled in steps:
        if enabled and step.value not in done:
            outcome = await _one_step(run, step)
            if outcome is not None:
                return outcome
    return await _finish(run, "completed", None)


async def _one_step(run: Run, step: StepName) -> dict[str, Any] | None:
    """Runs a step; returns the final outcome if the execution ends here (failure or stop).
    A step paused by a database outage runs again once the database is back."""
    try:
        while True:
            try:
                run.results[step.value] = await run_step(run, step, STEPS[step])
                break
            except Paused:
                await wait_for_database(run.deps.pool, run.log, step.value)
    except asyncio.CancelledError:
        if run.stop_reason is None:  # the process is shutting down: not ours to record
            raise
        current = asyncio.current_task()
        if current is not None:
            current.uncancel()
        return await _stopped(run, step)
    except Exception as exc:  # already recorded as the step's failure by run_step
        return await _finish(run, "failed", str(exc) or type(exc).__name__)
    return None


async def _stopped(run: Run, step: StepName) -> dict[str, Any]:
    """Cancelled on request: discard the step's partial outputs. Lost: the janitor owns it now."""
    e = run.execution
    if run.stop_reason == "lost":
        run.log.warning(f"执行已被判定为失联（lost），本进程停止执行: {e.execution_id}")
        data = {"execution_id": e.execution_id, "task_id": e.task_id, "status": "lost"}
        return failure(ExecutionLostError(**data))
    names = await discard_step_outputs(
        run.deps.pool, run.deps.storage, e.task_id, e.execution_id, step
    )
    await run.set_steps({step: StepStatus.cancelled}, execution_id=e.execution_id)
    run.log.warning(f"步骤 {step.value} 已取消，丢弃未完成的输出 {len(names)} 个")
    return await _finish(run, "cancelled", "执行已取消")


async def _finish(run: Run, status: str, error: str | None) -> dict[str, Any]:
    e, pool = run.execution, run.deps.pool
    data = {
        "execution_id": e.execution_id,
        "task_id": e.task_id,
        "status": status,
        "error": error,
        "results": run.results,
    }
    envelope = outcome_envelope(status, error, data)

    async def record() -> None:  # retried through a database outage
        # The result first: once the execution is final, pollers read it and a forced delete
        # may remove the directory, which a later write would recreate.
        if not run.gone:
            results = {e.execution_id: run.results}
            await record_if_final(pool, run.deps.storage, e.task_id, results, known=run.task)
        await executions.finish(
            pool, e.execution_id, status=status, error_message=error, result=run.results
        )
        if e.command_id:  # the command that asked for it, also when another one resumed it
            final = CommandStatus.completed if status == "completed" else CommandStatus.failed
            await commands.complete(
                pool, e.command_id, status=final, result=envelope,
                error_code=envelope.get("error_code"),
            )  # fmt: skip

    await outlast(record, f"finishing {e.execution_id}", on_retry=run.log.touch)
    run.log.write(
        "INFO" if status == "completed" else "ERROR",
        f"执行结束: {e.step} -> {status}" + (f" ({error})" if error else ""),
    )
    await emit(run.deps.publisher, final_event(e, status, error))
    return envelope


def outcome_envelope(status: str, error: str | None, data: dict[str, Any]) -> dict[str, Any]:
    """Honest: only a completed execution is a success; the others are failure envelopes."""
    if status == "completed":
        return ok(200, "执行完成", data)
    if status == "cancelled":
        return failure(ExecutionCancelledError(error, **data))
    return failure(ExecutionFailedError(f"执行失败: {error}" if error else None, **data))


def final_event(e: ExecutionRecord, status: str, error: str | None) -> EventBase:
    ids = {"task_id": e.task_id, "execution_id": e.execution_id}
    if status == "completed":
        return ExecutionCompleted.model_validate({**ids, "step": e.step})
    if status == "cancelled":
        return ExecutionCancelled.model_validate(
            {**ids, "step": e.step, "reason": error or "cancelled"}
        )
    return ExecutionFailed.model_validate({**ids, "step": e.step, "error": error or ""})

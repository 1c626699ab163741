"""Runs one step: statuses before and after, the step's context, its result file, its failure."""

import asyncio
import time
import traceback
from typing import Any

from services.executor.cleaning import drop_superseded_outputs
from services.executor.context import StepContext
from services.executor.deps import Deps
from services.executor.outage import Paused, database_down
from services.executor.registry import output_registrar, progress_reporter
from services.executor.source_db import SourceDb
from services.executor.steps import StepRunner
from services.executor.tasklog import TaskLog
from shared import task_state
from shared.emitter import emit
from shared.errors import StepFailed
from shared.events import ExecutionProgress
from shared.models import PROGRESS_BANDS, StepName, StepStatus
from shared.parameters import TaskParameters
from shared.records import ExecutionRecord, TaskRecord
from shared.secrets import mask_dsn


def source_db(deps: Deps, task: TaskRecord, params: TaskParameters) -> SourceDb:
    """The task's db_connection (opened from the sealed parameters), else the default."""
    if params.db_connection:
        sealed = task.sealed_parameters
        plain = params.db_connection
        reveal = (lambda: deps.box.open(sealed)["db_connection"]) if sealed else (lambda: plain)
        return SourceDb(mask_dsn(plain), deps.policy, reveal)
    if deps.settings.business_database_url:
        return SourceDb.plain(deps.settings.business_database_url.get_secret_value(), deps.policy)
    raise StepFailed(
        "未配置业务数据库连接：任务未提供 db_connection，且未设置 DP_BUSINESS_DATABASE_URL"
    )


def build_context(
    deps: Deps,
    e: ExecutionRecord,
    step: StepName,
    *,
    task: TaskRecord,
    params: TaskParameters,
    log: TaskLog,
    results: dict[str, Any],
) -> StepContext:
    """The step's context from the task the runner read once for the whole execution."""
    return StepContext(
        task=task,
        params=params,
        step=step,
        execution_id=e.execution_id,
        settings=deps.settings,
        storage=deps.storage,
        pool=deps.pool,
        source=source_db(deps, task, params),
        log=log,
        report_progress=progress_reporter(
            deps.pool, deps.publisher, e.task_id, e.execution_id, step
        ),
        register_output=output_registrar(deps.pool, deps.storage, e.task_id, e.execution_id, step),
        options=e.options,
        results=dict(results),
    )


async def run_step(
    deps: Deps,
    e: ExecutionRecord,
    step: StepName,
    *,
    log: TaskLog,
    results: dict[str, Any],
    runner: StepRunner,
    task: TaskRecord,
    params: TaskParameters,
) -> dict[str, Any]:
    """Raises what the step raised, after recording the step as failed; Paused (not recorded)
    when it failed because the app database went away."""
    log.step = step.value
    began = time.monotonic()
    status = "failed"
    try:
        result = await _run(
            deps, e, step, log=log, results=results, runner=runner, task=task, params=params
        )
        status = "completed"
        return result
    except asyncio.CancelledError:
        status = "cancelled"
        raise
    except Exception as exc:
        try:
            await _handle_failure(deps, e, step, log, exc)
        except Paused:
            status = "paused"
            deps.metrics.retries.labels("paused").inc()
            raise
        raise
    finally:
        deps.metrics.steps.labels(step.value, status).inc()
        deps.metrics.step_seconds.labels(step.value, status).observe(time.monotonic() - began)


async def _handle_failure(
    deps: Deps, e: ExecutionRecord, step: StepName, log: TaskLog, exc: Exception
) -> None:
    """Paused when the app database went away (not the step's failure), else recorded."""
    dsn = deps.settings.database_url.get_secret_value()
    if await database_down(dsn, exc):
        raise Paused(step.value) from exc
    try:
        await _record_failure(deps, e, step, log, exc)
    except Exception as record_exc:  # the database went away while recording it
        if await database_down(dsn, record_exc):
            raise Paused(step.value) from exc
        raise


async def _run(
    deps: Deps,
    e: ExecutionRecord,
    step: StepName,
    *,
    log: TaskLog,
    results: dict[str, Any],
    runner: StepRunner,
    task: TaskRecord,
    params: TaskParameters,
) -> dict[str, Any]:
    start, end = PROGRESS_BANDS[step]
    await task_state.set_steps(
        deps.pool,
        e.task_id,
        {step: StepStatus.running},
        progress=start,
        execution_id=e.execution_id,
    )
    await _emit_progress(deps, e, step, StepStatus.running, progress=start)
    log.info(f"开始执行步骤: {step.value}")
    began = time.monotonic()
    ctx = build_context(deps, e, step, task=task, params=params, log=log, results=results)
    result = await runner(ctx)
    result.setdefault("duration", round(time.monotonic() - began, 3))
    await ctx.write_json(f"{step.value}_result.json", result, description=f"{step.value} 步骤结果")
    await drop_superseded_outputs(deps.pool, deps.storage, e.task_id, e.execution_id, step)
    await task_state.set_steps(deps.pool, e.task_id, {step: StepStatus.completed}, progress=end)
    await _emit_progress(deps, e, step, StepStatus.completed, progress=end)
    log.info(f"步骤完成: {step.value}，耗时 {result['duration']}s")
    return result


async def _record_failure(
    deps: Deps, e: ExecutionRecord, step: StepName, log: TaskLog, exc: Exception
) -> None:
    message = str(exc) or type(exc).__name__
    if isinstance(exc, StepFailed):
        log.error(f"步骤失败: {step.value}: {message}")
    else:  # a crash, not a reported failure: keep the traceback in the task log
        log.error(f"步骤异常: {step.value}: {message}", traceback=traceback.format_exc(limit=8))
    await task_state.set_steps(
        deps.pool, e.task_id, {step: StepStatus.failed}, error_message=message
    )
    await _emit_progress(deps, e, step, StepStatus.failed, error=message)


async def _emit_progress(
    deps: Deps,
    e: ExecutionRecord,
    step: StepName,
    status: StepStatus,
    *,
    progress: int | None = None,
    error: str | None = None,
) -> None:
    """A step change: the consoles show it, then read the task's fresh state."""
    event = ExecutionProgress(
        task_id=e.task_id,
        execution_id=e.execution_id,
        step=step,
        step_status=status,
        progress=progress,
        error=error,
    )
    await emit(deps.publisher, event)

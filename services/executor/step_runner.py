"""Runs one step: statuses before and after, the step's context, its result file, its failure."""

import asyncio
import time
import traceback
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from services.executor import steps
from services.executor.cleaning import drop_superseded_outputs
from services.executor.context import StepContext, StepRunner
from services.executor.deps import Deps
from services.executor.outage import Paused, database_down
from services.executor.source_db import SourceDb
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


# The step table: each step is a package exposing `async def run(ctx) -> dict`.
STEPS: dict[StepName, StepRunner] = {
    StepName.ddl_generation: steps.ddl_generation.run,
    StepName.qa_generation: steps.qa_generation.run,
    StepName.sql_validation: steps.sql_validation.run,
    StepName.training_load: steps.training_load.run,
}


@dataclass
class Run:
    """State of one execution while it runs (the runner's, never the steps'). `task` is read
    once when the execution starts, then replaced by what each state change wrote."""

    deps: Deps
    execution: ExecutionRecord
    log: TaskLog
    task: TaskRecord
    params: TaskParameters
    results: dict[str, Any] = field(default_factory=dict)
    stop_reason: str | None = None
    gone: bool = False  # the task was deleted while it ran
    started: float = field(default_factory=time.monotonic)

    @property
    def task_id(self) -> str:
        return self.execution.task_id

    async def set_steps(self, changes: Mapping[StepName, StepStatus], **fields: Any) -> None:
        """A state change (shared/task_state.py), keeping the row it wrote."""
        task = await task_state.set_steps(self.deps.pool, self.task_id, changes, **fields)
        self.gone = self.gone or task is None
        self.task = task or self.task


def build_context(run: Run, step: StepName) -> StepContext:
    """The step's context from the task the runner read once for the whole execution."""
    deps, e = run.deps, run.execution
    return StepContext.create(
        run.task,
        run.params,
        step,
        e.execution_id,
        settings=deps.settings,
        storage=deps.storage,
        pool=deps.pool,
        source=source_db(deps, run.task, run.params),
        log=run.log,
        publisher=deps.publisher,
        options=e.options,
        results=run.results,
    )


async def run_step(run: Run, step: StepName, runner: StepRunner) -> dict[str, Any]:
    """Raises what the step raised, after recording the step as failed; Paused (not recorded)
    when it failed because the app database went away."""
    metrics = run.deps.metrics
    run.log.step = step.value
    began = time.monotonic()
    status = "failed"
    try:
        result = await _run(run, step, runner)
        status = "completed"
        return result
    except asyncio.CancelledError:
        status = "cancelled"
        raise
    except Exception as exc:
        try:
            await _handle_failure(run, step, exc)
        except Paused:
            status = "paused"
            metrics.retries.labels("paused").inc()
            raise
        raise
    finally:
        metrics.steps.labels(step.value, status).inc()
        metrics.step_seconds.labels(step.value, status).observe(time.monotonic() - began)


async def _handle_failure(run: Run, step: StepName, exc: Exception) -> None:
    """Paused when the app database went away (not the step's failure), else recorded."""
    dsn = run.deps.settings.database_url.get_secret_value()
    if await database_down(dsn, exc):
        raise Paused(step.value) from exc
    try:
        await _record_failure(run, step, exc)
    except Exception as record_exc:  # the database went away while recording it
        if await database_down(dsn, record_exc):
            raise Paused(step.value) from exc
        raise


async def _run(run: Run, step: StepName, runner: StepRunner) -> dict[str, Any]:
    deps, e, log = run.deps, run.execution, run.log
    start, end = PROGRESS_BANDS[step]
    await run.set_steps({step: StepStatus.running}, progress=start, execution_id=e.execution_id)
    await _emit_progress(run, step, StepStatus.running, progress=start)
    log.info(f"开始执行步骤: {step.value}")
    began = time.monotonic()
    ctx = build_context(run, step)
    result = await runner(ctx)
    result.setdefault("duration", round(time.monotonic() - began, 3))
    await ctx.write_json(f"{step.value}_result.json", result, description=f"{step.value} 步骤结果")
    await drop_superseded_outputs(deps.pool, deps.storage, e.task_id, e.execution_id, step)
    await run.set_steps({step: StepStatus.completed}, progress=end)
    await _emit_progress(run, step, StepStatus.completed, progress=end)
    log.info(f"步骤完成: {step.value}，耗时 {result['duration']}s")
    return result


async def _record_failure(run: Run, step: StepName, exc: Exception) -> None:
    message = str(exc) or type(exc).__name__
    if isinstance(exc, StepFailed):
        run.log.error(f"步骤失败: {step.value}: {message}")
    else:  # a crash, not a reported failure: keep the traceback in the task log
        trace = traceback.format_exc(limit=8)
        run.log.error(f"步骤异常: {step.value}: {message}", traceback=trace)
    await run.set_steps({step: StepStatus.failed}, error_message=message)
    await _emit_progress(run, step, StepStatus.failed, error=message)


async def _emit_progress(
    run: Run,
    step: StepName,
    status: StepStatus,
    *,
    progress: int | None = None,
    error: str | None = None,
) -> None:
    """A step change: the consoles show it, then read the task's fresh state."""
    event = ExecutionProgress(
        task_id=run.task_id,
        execution_id=run.execution.execution_id,
        step=step,
        step_status=status,
        progress=progress,
        error=error,
    )
    await emit(run.deps.publisher, event)

"""Builds a real StepContext (task row, claimed execution, task log) for step tests."""

import contextlib
from collections.abc import AsyncIterator
from typing import Any

import asyncpg

from services.executor.context import StepContext
from services.executor.source_db import SourceDb
from services.executor.tasklog import TaskLog
from shared.clock import utcnow
from shared.config import Settings
from shared.db import executions, tasks
from shared.models import StepName
from shared.parameters import TaskParameters
from shared.storage import Storage
from tests.helpers import new_task_id


@contextlib.asynccontextmanager
async def step_context(
    pool: asyncpg.Pool,
    settings: Settings,
    step: StepName,
    params: TaskParameters | dict[str, Any] | None = None,
    *,
    task_id: str | None = None,
    options: dict[str, Any] | None = None,
) -> AsyncIterator[StepContext]:
    """A context for running one step directly; reuse `task_id` to run a later step of a task."""
    params = TaskParameters.model_validate(params or {})
    storage = Storage(settings.data_root)
    task_id = task_id or new_task_id()
    task = await tasks.get(pool, task_id) or await tasks.insert(
        pool,
        task_id,
        tasks.NewTask(
            task_type="data_workflow",
            parameters=params.model_dump(),
            output_directory=str(storage.task_dir(task_id)),
            created_by="test",
            db_name=params.resolved_db_name(),
            business_context=params.business_context,
        ),
    )
    assert task is not None
    await storage.ensure_dir(task_id)
    now = utcnow()
    execution_id = executions.execution_id_for(task_id, step.value, now)
    execution_id += f"_{len(await executions.list_for_task(pool, task_id))}"
    async with pool.acquire() as conn:
        await executions.insert_queued(
            conn,
            task_id=task_id,
            step=step.value,
            execution_id=execution_id,
            force_executed=True,
            clean_previous=False,
            options=options or {},
            command_id=None,
        )
        await executions.claim(conn, execution_id, "test-worker")
    log = TaskLog(pool, storage, task_id, execution_id)
    log.step = step.value
    log.start()
    source = params.db_connection or settings.business_database_url
    dsn = source if isinstance(source, str) else (source.get_secret_value() if source else "")
    ctx = StepContext.create(
        task,
        params,
        step,
        execution_id,
        settings=settings,
        storage=storage,
        pool=pool,
        source=SourceDb.plain(dsn, settings.database_policy()),
        log=log,
        options=options,
    )
    try:
        yield ctx
    finally:
        await log.close()
        await executions.finish(pool, execution_id, status="completed")

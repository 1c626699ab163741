"""What a step gets (StepContext): the task, its paths, connections, log, and the two per-step
services it reports through: the output registry and the progress reporter."""

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, ParamSpec, TypeVar

import asyncpg

from services.executor.source_db import SourceDb
from services.executor.tasklog import TaskLog
from shared.broker import Publisher
from shared.config import Settings
from shared.db import executions, outputs, tasks
from shared.emitter import emit
from shared.events import ExecutionProgress
from shared.file_types import file_type_of
from shared.models import StepName, band_progress
from shared.parameters import TaskParameters
from shared.records import TaskRecord
from shared.storage import FileInfo, Storage

ProgressFn = Callable[[float], Awaitable[None]]
RegisterFn = Callable[..., Awaitable[FileInfo]]  # (info, *, description=None, primary=False)


@dataclass
class StepContext:
    """One per step run. Steps read from it and write files only through `storage`/`register`."""

    task: TaskRecord
    params: TaskParameters
    step: StepName
    execution_id: str
    settings: Settings
    storage: Storage
    pool: asyncpg.Pool  # the app DB (task tables)
    source: SourceDb  # the business DB, read-only use
    log: TaskLog
    report_progress: ProgressFn  # fraction 0..1 of this step
    register_output: RegisterFn  # the FileInfo a write returned, listed as this step's output
    options: dict[str, Any] = field(default_factory=dict)  # execute-request options
    results: dict[str, Any] = field(default_factory=dict)  # earlier steps' results, this run

    @classmethod
    def create(
        cls,
        task: TaskRecord,
        params: TaskParameters,
        step: StepName,
        execution_id: str,
        *,
        settings: Settings,
        storage: Storage,
        pool: asyncpg.Pool,
        source: SourceDb,
        log: TaskLog,
        publisher: Publisher | None = None,
        options: dict[str, Any] | None = None,
        results: dict[str, Any] | None = None,
    ) -> "StepContext":
        """The one way to build a context (the runner and the step tests alike)."""
        progress = progress_reporter(pool, publisher, task.id, execution_id, step)
        return cls(
            task, params, step, execution_id, settings, storage, pool, source, log,
            report_progress=moving(log, progress),
            register_output=moving(log, output_registrar(pool, task.id, execution_id, step)),
            options=dict(options or {}),
            results=dict(results or {}),
        )  # fmt: skip

    @property
    def task_id(self) -> str:
        return self.task.id

    @property
    def db_name(self) -> str:
        return self.params.resolved_db_name(self.source.masked) or "database"

    async def write_text(
        self, name: str, text: str, *, description: str | None = None, primary: bool = False
    ) -> FileInfo:
        """Writes a file atomically and registers it as this step's output."""
        info = await self.storage.write_text(self.task_id, name, text)
        return await self.register_output(info, description=description, primary=primary)

    async def write_json(
        self, name: str, value: Any, *, description: str | None = None, primary: bool = False
    ) -> FileInfo:
        info = await self.storage.write_json(self.task_id, name, value)
        return await self.register_output(info, description=description, primary=primary)


P = ParamSpec("P")
R = TypeVar("R")


def moving(log: TaskLog, call: Callable[P, Awaitable[R]]) -> Callable[P, Awaitable[R]]:
    """`call`, which also tells the run's heartbeat the run moves (supervision.py): a step that
    reports progress or registers an output without writing a log line is not stalled."""

    async def touched(*args: P.args, **kwargs: P.kwargs) -> R:
        log.touch()
        return await call(*args, **kwargs)

    return touched


def output_registrar(
    pool: asyncpg.Pool, task_id: str, execution_id: str, step: StepName
) -> RegisterFn:
    async def register(
        info: FileInfo, *, description: str | None = None, primary: bool = False
    ) -> FileInfo:
        """`info` is what the write returned: the file is neither read nor hashed again."""
        await outputs.upsert(
            pool,
            outputs.NewOutput(
                task_id=task_id,
                execution_id=execution_id,
                step=step.value,
                file_type=file_type_of(info.name),
                file_name=info.name,
                file_path=info.name,
                file_size=info.size,
                content_hash=info.sha256,
                description=description,
                is_primary=primary,
            ),
        )
        return info

    return register


def progress_reporter(
    pool: asyncpg.Pool, publisher: Publisher | None, task_id: str, execution_id: str, step: StepName
) -> ProgressFn:
    """Maps a step's own fraction onto the task's 0-100 band; writes and emits only when it
    moves forward. Steps report from concurrent tasks, so the lock keeps the writes in order."""
    last = -1
    lock = asyncio.Lock()

    async def report(fraction: float) -> None:
        nonlocal last
        value = band_progress(step, fraction)
        async with lock:
            if value <= last:
                return
            last = value
            async with pool.acquire() as conn, conn.transaction():
                await executions.set_progress(conn, execution_id, value)
                await tasks.set_progress(conn, task_id, value)
            event = ExecutionProgress(
                task_id=task_id, execution_id=execution_id, step=step, progress=value
            )
            await emit(publisher, event)

    return report


StepRunner = Callable[[StepContext], Awaitable[dict[str, Any]]]

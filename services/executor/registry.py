"""Per-step bookkeeping handed to steps: the output registry and the progress reporter."""

import asyncio

import asyncpg

from services.executor.context import ProgressFn, RegisterFn
from shared.broker import Publisher
from shared.db import executions, outputs, tasks
from shared.emitter import emit
from shared.events import ExecutionProgress
from shared.file_types import file_type_of
from shared.models import StepName, band_progress
from shared.storage import FileInfo, Storage


def output_registrar(
    pool: asyncpg.Pool, storage: Storage, task_id: str, execution_id: str, step: StepName
) -> RegisterFn:
    async def register(
        name: str,
        *,
        description: str | None = None,
        primary: bool = False,
        info: FileInfo | None = None,
    ) -> FileInfo:
        """`info` is what the write just returned (saves reading and hashing the file again)."""
        info = info or await storage.info(task_id, name)
        await outputs.upsert(
            pool,
            outputs.NewOutput(
                task_id=task_id,
                execution_id=execution_id,
                step=step.value,
                file_type=file_type_of(name),
                file_name=name,
                file_path=name,
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
                task_id=task_id,
                execution_id=execution_id,
                step=step,
                progress=value,
            )
            await emit(publisher, event)

    return report

"""vector.backup: both tables to one backup set in the global or the task's vector_bak/."""

import asyncio
from datetime import timedelta
from pathlib import Path
from typing import Any

from services.executor.deps import Deps
from services.executor.vector_commands.recorded import phases, run_recorded
from services.executor.vector_commands.session import vector_store
from services.executor.vectors import backup, backup_log, lock, store
from shared.clock import local_now
from shared.command_log import Handled
from shared.envelope import ok
from shared.errors import TaskNotFound
from shared.messages import BackupVectors

TS_FORMAT = "%Y%m%d_%H%M%S"
GLOBAL_OWNER = "vector_bak"
TRUNCATE_PHASE = (
    "truncate langchain_pg_embedding"  # the original's pseudo task id for the global directory
)


async def base_dir(deps: Deps, task_id: str | None) -> Path:
    """The data root (global vector_bak/) or the task's directory, which must exist."""
    if task_id is None:
        return deps.storage.root
    if not await deps.storage.dir_exists(task_id):
        raise TaskNotFound(task_id)
    return deps.storage.task_dir(task_id)


def _taken(directory: Path, ts: str) -> bool:
    return any((directory / f"{t}_{ts}.csv").exists() for t in store.VECTOR_TABLES)


async def free_timestamp(directory: Path) -> str:
    """Now, or the next free second: two backups in one second must not overwrite each other."""
    when = local_now().replace(microsecond=0)
    while await asyncio.to_thread(_taken, directory, when.strftime(TS_FORMAT)):
        when += timedelta(seconds=1)
    return when.strftime(TS_FORMAT)


async def _run(cmd: BackupVectors, deps: Deps) -> dict[str, Any]:
    task_id = cmd.payload.task_id
    base = await base_dir(deps, task_id)
    directory = base / backup.BACKUP_DIR
    label = f"backup {task_id or GLOBAL_OWNER} {cmd.command_id}"
    report = phases(deps, cmd, [*store.VECTOR_TABLES, TRUNCATE_PHASE])
    async with vector_store(deps.settings) as pool, lock.exclusive(pool, label):
        ts = await free_timestamp(directory)
        result = await backup.backup_tables(pool, base, ts, on_table=report)
        if cmd.payload.truncate_after:
            await report(TRUNCATE_PHASE)
            await backup.truncate_after_backup(pool, result)
    await backup_log.write(directory, result, task_id or GLOBAL_OWNER, ts)
    relative = directory.relative_to(deps.storage.root).as_posix()
    data = {**result.as_dict(), "timestamp": ts, "backup_path": relative, "task_id": task_id}
    return ok(200, "Vector表备份完成", data)


async def backup_vectors(cmd: BackupVectors, deps: Deps) -> Handled:
    return await run_recorded(cmd, deps, lambda: _run(cmd, deps), task_id=cmd.payload.task_id)

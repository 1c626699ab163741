"""vector.restore: a backup set inside the data root back into the store, all or nothing."""

import asyncio
import time
from datetime import datetime
from typing import Any

from services.executor.deps import Deps
from services.executor.vector_commands.recorded import phases, run_recorded
from services.executor.vector_commands.session import vector_store
from services.executor.vectors import lock, restore, restore_files
from services.executor.vectors.store import COLLECTION_TABLE, EMBEDDING_TABLE
from shared import vector_backups
from shared.command_log import Handled
from shared.envelope import ok
from shared.errors import ValidationFailed
from shared.messages import RestoreVectors
from shared.vector_payloads import VectorRestorePayload


def _check_tables(p: VectorRestorePayload) -> list[str]:
    tables: list[str] = list(dict.fromkeys(p.tables))
    if p.truncate_before_restore and COLLECTION_TABLE in tables and EMBEDDING_TABLE not in tables:
        raise ValidationFailed(
            f"清空 {COLLECTION_TABLE} 会级联删除全部向量: 请同时恢复 {EMBEDDING_TABLE}"
        )
    return tables


async def _plan(p: VectorRestorePayload, deps: Deps) -> tuple[restore.RestorePlan, str]:
    root = deps.storage.root
    directory = await asyncio.to_thread(restore_files.backup_dir, root, p.backup_path)
    files = await asyncio.to_thread(
        restore_files.set_files, directory, p.timestamp, _check_tables(p)
    )
    manifest = await asyncio.to_thread(vector_backups.read_manifest, directory, p.timestamp)
    expected = vector_backups.row_counts(manifest)
    plan = restore.RestorePlan(files, expected, p.truncate_before_restore, p.on_conflict)
    return plan, directory.relative_to(root).as_posix()


async def _run(cmd: RestoreVectors, deps: Deps) -> dict[str, Any]:
    started = time.monotonic()
    p = cmd.payload
    plan, relative = await _plan(p, deps)
    label = f"restore {relative} {p.timestamp}"
    async with vector_store(deps.settings) as pool, lock.exclusive(pool, label) as conn:
        report = phases(deps, cmd, list(plan.files))
        results = await restore.restore_set(conn, plan, on_table=report)
    backup_date = datetime.strptime(p.timestamp, "%Y%m%d_%H%M%S").strftime("%Y-%m-%d %H:%M:%S")
    info = {"backup_path": relative, "timestamp": p.timestamp, "backup_date": backup_date}
    data: dict[str, Any] = {
        "restore_performed": True,
        "truncate_performed": p.truncate_before_restore,
        "on_conflict": p.on_conflict,
        "backup_info": info,
        "restore_results": restore.as_dicts(results),
        "errors": [],
        "duration": round(time.monotonic() - started, 3),
    }
    return ok(200, "Vector表恢复完成", data)


async def restore_vectors(cmd: RestoreVectors, deps: Deps) -> Handled:
    return await run_recorded(cmd, deps, lambda: _run(cmd, deps))

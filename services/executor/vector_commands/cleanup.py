"""training_data.combine (duplicates, dry run by default) and .remove_task (a task's documents)."""

from collections import defaultdict
from typing import Any

from services.executor.deps import Deps
from services.executor.vector_commands.recorded import run_recorded
from services.executor.vector_commands.session import vector_store
from services.executor.vectors import catalog, lock
from shared.command_log import Handled
from shared.envelope import ok
from shared.messages import CombineTraining, RemoveTaskTraining


def _groups(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    grouped: dict[tuple[str, str], list[str]] = defaultdict(list)
    for row in rows:
        grouped[(row["training_data_type"], row["kept"])].append(row["id"])
    return [
        {"training_data_type": kind, "kept_id": kept, "removed_ids": ids}
        for (kind, kept), ids in grouped.items()
    ]


async def _combine(cmd: CombineTraining, deps: Deps) -> dict[str, Any]:
    p = cmd.payload
    async with (
        vector_store(deps.settings) as pool,
        lock.exclusive(pool, f"combine {cmd.command_id}"),
        pool.acquire() as conn,
        conn.transaction(),
    ):
        rows = await catalog.duplicates(conn, list(p.collections), p.keep)
        removed = [] if p.dry_run else await catalog.delete_ids(conn, [r["id"] for r in rows])
    groups = _groups(rows)
    data = {
        "dry_run": p.dry_run,
        "keep": p.keep,
        "duplicate_groups": groups,
        "duplicates_found": len(rows),
        "deleted_count": len(removed),
    }
    verb = "将删除" if p.dry_run else "已删除"
    return ok(200, f"发现 {len(groups)} 组重复，{verb} {len(rows)} 条", data)


async def _remove_task(cmd: RemoveTaskTraining, deps: Deps) -> dict[str, Any]:
    task_id = cmd.payload.task_id
    async with vector_store(deps.settings) as pool, lock.exclusive(pool, f"remove {task_id}"):
        deleted = await catalog.delete_task(pool, task_id)
    return ok(
        200,
        f"已删除任务 {task_id} 的 {deleted} 条训练数据",
        {"task_id": task_id, "deleted_count": deleted},
    )


async def combine_training(cmd: CombineTraining, deps: Deps) -> Handled:
    return await run_recorded(cmd, deps, lambda: _combine(cmd, deps))


async def remove_task_training(cmd: RemoveTaskTraining, deps: Deps) -> Handled:
    return await run_recorded(cmd, deps, lambda: _remove_task(cmd, deps), cmd.payload.task_id)

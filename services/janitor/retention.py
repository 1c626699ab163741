"""Retention: finished tasks older than DP_RETENTION_DAYS lose their directory (rows optional)."""

from services.janitor.deps import Deps
from services.janitor.reclaim import reclaim
from services.janitor.report import SweepReport
from shared.db import executions, task_directories

FINISHED = ["completed", "failed", "cancelled", "partial_completed"]
DAY_SECONDS = 86400


async def sweep(deps: Deps, report: SweepReport) -> None:
    s = deps.settings
    expired = await task_directories.list_finished_with_directory(
        deps.pool, FINISHED, s.retention_days * DAY_SECONDS
    )
    active = await executions.active_task_ids(deps.pool)
    candidates = [t.id for t in expired if t.id not in active]
    report.candidates = len(candidates)
    report.details = {"retention_days": s.retention_days}
    for task_id in candidates:
        await reclaim(deps, report, task_id, delete_records=s.retention_delete_records)

"""Storage quota: over DP_STORAGE_QUOTA, the oldest finished tasks' directories go first."""

from services.janitor import fs
from services.janitor.deps import Deps
from services.janitor.reclaim import reclaim
from services.janitor.report import SweepReport
from services.janitor.retention import FINISHED
from shared.db import executions, task_directories


async def sweep(deps: Deps, report: SweepReport) -> None:
    quota = deps.settings.storage_quota
    if quota is None:
        report.details = {"quota": None}
        return
    usage = await fs.task_dir_usage(deps.settings.data_root)
    used = sum(usage.values())
    report.details = {"quota": int(quota), "used_before": used}
    if used <= quota:
        return
    finished = await task_directories.list_finished_with_directory(deps.pool, FINISHED)
    active = await executions.active_task_ids(deps.pool)
    # Never a task with an active execution; only directories that really take space.
    candidates = [t.id for t in finished if t.id not in active and usage.get(t.id)]
    report.candidates = len(candidates)
    for task_id in candidates:
        if used <= quota:
            break
        used -= await reclaim(deps, report, task_id, delete_records=False)
    report.details["used_after"] = used

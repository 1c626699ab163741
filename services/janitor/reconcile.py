"""Reconcile directory_exists with the disk, both ways; report (optionally remove) orphans.

Only names matching the task id pattern are ever looked at or touched."""

from services.janitor import fs
from services.janitor.audit import note_removal, record_action
from services.janitor.deps import Deps
from services.janitor.report import SweepReport
from shared.db import task_directories, tasks
from shared.errors import DomainError


async def _fix_flag(deps: Deps, report: SweepReport, task_id: str, present: bool) -> None:
    action = {"task_id": task_id, "action": "mark_present" if present else "mark_missing"}
    if not report.dry_run:
        await tasks.set_directory_exists(deps.pool, task_id, present)
        await record_action(deps.pool, report.job, task_id, action)
    report.actions.append(action)


async def _remove_orphan(deps: Deps, report: SweepReport, name: str) -> None:
    root = deps.settings.data_root
    try:
        tally = await fs.measure_or_remove(root, name, dry_run=report.dry_run)
    except DomainError as exc:
        report.failed(name, exc)
        return
    await note_removal(deps, report, name, "remove_orphan", tally)


async def sweep(deps: Deps, report: SweepReport) -> None:
    # Disk first: a directory created after this listing belongs to a row that already exists.
    on_disk = set(await fs.list_task_dirs(deps.settings.data_root))
    # A task younger than one sweep, or whose create is in flight, has no directory yet.
    rows = await task_directories.ids_with_directory(
        deps.pool, deps.settings.janitor_interval_seconds
    )
    mismatched = [
        (tid, tid in on_disk) for tid, flag, settled in rows if settled and flag != (tid in on_disk)
    ]
    orphans = sorted(on_disk - {tid for tid, _, _ in rows})
    report.candidates = len(mismatched) + len(orphans)
    report.details = {"orphans": orphans}
    for task_id, present in mismatched:
        await _fix_flag(deps, report, task_id, present)
    if deps.settings.reconcile_remove_orphans:
        for name in orphans:
            await _remove_orphan(deps, report, name)

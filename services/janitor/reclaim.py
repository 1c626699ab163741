"""Reclaiming one task's directory for a sweep: removed (or measured), rows updated, audited."""

from services.janitor import fs
from services.janitor.audit import note_removal
from services.janitor.deletion import update_records
from services.janitor.deps import Deps
from services.janitor.report import SweepReport
from shared.errors import DomainError


async def reclaim(deps: Deps, report: SweepReport, task_id: str, *, delete_records: bool) -> int:
    """Bytes freed (or that a dry run would free); failures go to report.errors."""
    root = deps.settings.data_root
    try:
        tally = await fs.measure_or_remove(root, task_id, dry_run=report.dry_run)
        if not report.dry_run:
            await update_records(deps, task_id, delete_records)
    except DomainError as exc:
        report.failed(task_id, exc)
        return 0
    kind = "delete_directory_and_records" if delete_records else "delete_directory"
    await note_removal(deps, report, task_id, kind, tally)
    return tally.bytes

"""Deleting tasks (seed 000): checks, the directory in a thread, then the rows, per task."""

import logging
import time
from contextlib import suppress
from typing import Any

from services.janitor import fs
from services.janitor.cancellation import request_cancel, wait_stopped
from services.janitor.deps import Deps
from services.janitor.progress import BatchProgress, Report, remove_watched
from services.janitor.views import batch_envelope, deleted_view, failure_view, not_attempted_view
from shared.db import executions, tasks
from shared.emitter import emit
from shared.errors import CancelTimeout, DomainError, NoActiveExecution, TaskNotFound, TaskRunning
from shared.events import TaskDeleted
from shared.messages import DeleteTasksPayload
from shared.task_ids import checked_task_id

FORCE_REASON = "任务被强制删除"
log = logging.getLogger(__name__)


async def _ensure_stopped(deps: Deps, task_id: str, force: bool) -> None:
    active = await executions.active_for_task(deps.pool, task_id)
    if active is None:
        return
    if not force:
        raise TaskRunning(task_id, active.status, "任务正在运行中,无法删除")
    with suppress(NoActiveExecution):  # it finished on its own meanwhile: fine
        await request_cancel(deps, task_id, FORCE_REASON)
    if not await wait_stopped(deps, task_id, deps.settings.delete_force_wait_seconds):
        raise CancelTimeout(task_id=task_id, current_status=active.status)


async def update_records(deps: Deps, task_id: str, delete_records: bool) -> bool:
    """Deletes the rows (executions, logs, outputs cascade) or marks the directory gone."""
    async with deps.pool.acquire() as conn, conn.transaction():
        if delete_records:
            return await tasks.delete(conn, task_id)
        await tasks.set_directory_exists(conn, task_id, False)
        return False


async def delete_task(
    deps: Deps, task_id: str, *, delete_records: bool, force: bool, report: Report | None = None
) -> dict[str, Any]:
    """One task; raises a DomainError (InvalidPath, TaskNotFound, TaskRunning, ...) on refusal."""
    checked_task_id(task_id)
    if await tasks.get(deps.pool, task_id) is None:
        raise TaskNotFound(task_id)
    await _ensure_stopped(deps, task_id, force)
    began = time.monotonic()
    # Directory first: if the rows update fails, reconcile fixes directory_exists later.
    root, every = deps.settings.data_root, deps.settings.delete_progress_seconds
    tally = await remove_watched(root, task_id, every, report)
    records_deleted = await update_records(deps, task_id, delete_records)
    log.info(
        "deleted task %s: directory %s, %d files, %s, database records %s",
        task_id,
        "removed" if tally.existed else "already gone",
        tally.files,
        fs.human_size(tally.bytes),
        "deleted" if records_deleted else "kept",
    )
    deps.metrics.delete_seconds.observe(time.monotonic() - began)
    deps.metrics.bytes_freed.labels("delete").inc(tally.bytes)
    view = deleted_view(task_id, tally, records_deleted)
    event = TaskDeleted(
        task_id=task_id,
        directory_deleted=tally.existed,
        database_records_deleted=records_deleted,
        deleted_bytes=tally.bytes,
    )
    await emit(deps.publisher, event)
    return view


async def delete_batch(
    deps: Deps, payload: DeleteTasksPayload, command_id: str | None = None
) -> dict[str, Any]:
    """Every id in order; continue_on_error=false stops at the first failure. With a command
    id, progress (files removed so far, tasks done) is written to the command's row."""
    task_ids = list(dict.fromkeys(payload.task_ids))  # a repeated id is deleted once
    progress = BatchProgress(deps.pool, command_id, len(task_ids)) if command_id else None
    deleted: list[dict[str, Any]] = []
    failed: list[dict[str, Any]] = []
    for index, task_id in enumerate(task_ids):
        try:
            deleted.append(
                await delete_task(
                    deps,
                    task_id,
                    delete_records=payload.delete_database_records,
                    force=payload.force,
                    report=progress.report if progress else None,
                )
            )
            deps.metrics.deletions.labels("deleted").inc()
        except DomainError as exc:
            log.warning("deletion of task %s refused: %s %s", task_id, exc.error_code, exc.message)
            deps.metrics.deletions.labels(exc.error_code).inc()
            failed.append(failure_view(task_id, exc))
            if not payload.continue_on_error:
                failed.extend(not_attempted_view(t) for t in task_ids[index + 1 :])
                break
        finally:
            if progress:
                progress.done += 1
    return batch_envelope(deleted, failed, len(task_ids))

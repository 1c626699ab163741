"""Audit rows for what the janitor did on its own: one commands row per destructive action."""

import uuid
from typing import Any

import asyncpg

from services.janitor.deps import Deps
from services.janitor.fs import Tally
from services.janitor.report import SweepReport
from shared.db import commands
from shared.db.pool import Conn

ISSUER = "janitor"


async def record_action(
    pool: asyncpg.Pool, job: str, task_id: str | None, result: dict[str, Any]
) -> str:
    """Stores who (the janitor), which job, which task and what was removed; returns the row id."""
    async with pool.acquire() as conn, conn.transaction():
        return await insert_action(conn, job, task_id, result)


async def insert_action(conn: Conn, job: str, task_id: str | None, result: dict[str, Any]) -> str:
    """record_action inside the caller's transaction."""
    command_id = str(uuid.uuid4())
    row = commands.NewCommand(
        command_id=command_id,
        command_type=f"janitor.{job}",
        task_id=task_id,
        payload={"job": job, "task_id": task_id},
        issued_by=ISSUER,
        source="system",
        status="processing",
    )
    await commands.insert(conn, row)
    await commands.complete(conn, command_id, status="completed", result=result)
    return command_id


async def note_removal(
    deps: Deps, report: SweepReport, task_id: str, kind: str, tally: Tally
) -> None:
    """A directory removed (or, in a dry run, that would be): report, audit row, metrics."""
    action = {"task_id": task_id, "action": kind, "files": tally.files, "bytes": tally.bytes}
    if not report.dry_run:
        await record_action(deps.pool, report.job, task_id, action)
        deps.metrics.bytes_freed.labels(report.job).inc(tally.bytes)
    report.actions.append(action)
    report.bytes_freed += tally.bytes

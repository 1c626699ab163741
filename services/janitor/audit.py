"""Audit rows for what the janitor did on its own: one commands row per destructive action."""

import uuid
from typing import Any

import asyncpg

from shared.db import commands

ISSUER = "janitor"


async def record_action(
    pool: asyncpg.Pool, job: str, task_id: str | None, result: dict[str, Any]
) -> str:
    """Stores who (the janitor), which job, which task and what was removed; returns the row id."""
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
    async with pool.acquire() as conn, conn.transaction():
        await commands.insert(conn, row)
        await commands.complete(conn, command_id, status="completed", result=result)
    return command_id

"""All SQL for data_pipeline_commands: outbox, idempotency store, result store and audit log."""

from dataclasses import dataclass
from typing import Any

import asyncpg

from shared.db.pool import Conn
from shared.messages import CommandBase
from shared.records import CommandRecord
from shared.secrets import mask_tree


@dataclass(frozen=True)
class NewCommand:
    command_id: str
    command_type: str
    task_id: str | None
    payload: dict[str, Any]  # secrets already masked
    issued_by: str | None
    source: str
    status: str = "pending"
    idempotency_key: str | None = None
    request_hash: str | None = None


def received(cmd: CommandBase, task_id: str | None) -> NewCommand:
    """The row for a command a consumer takes straight from RabbitMQ (the gateway records its
    own first; inserting this one then does nothing)."""
    return NewCommand(
        command_id=str(cmd.command_id),
        command_type=cmd.model_dump()["type"],
        task_id=task_id,
        payload=mask_tree(cmd.model_dump(mode="json")["payload"]),
        issued_by=cmd.issued_by,
        source="amqp",
        status="processing",
    )


def _command(row: asyncpg.Record | None) -> CommandRecord | None:
    if row is None:
        return None
    return CommandRecord.model_validate({**dict(row), "command_id": str(row["command_id"])})


_INSERT = """INSERT INTO data_pipeline_commands (command_id, command_type, task_id, payload,
    issued_by, source, status, idempotency_key, request_hash)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"""


def _values(c: NewCommand) -> tuple[Any, ...]:
    return (c.command_id, c.command_type, c.task_id, c.payload, c.issued_by, c.source, c.status,
            c.idempotency_key, c.request_hash)  # fmt: skip


async def insert(conn: Conn, c: NewCommand) -> bool:
    """Records a command; False when its id is known already (a duplicate delivery)."""
    row = await conn.fetchrow(
        f"{_INSERT} ON CONFLICT (command_id) DO NOTHING RETURNING command_id",
        *_values(c),
    )
    return row is not None


async def receive(conn: Conn, c: NewCommand) -> CommandRecord | None:
    """A consumer takes a command, in one statement: recorded if new, the gateway's row moved
    to processing (pending|published); returns the row as it was before (None: it was new)."""
    return _command(
        await conn.fetchrow(
            f"""
            WITH prior AS (SELECT * FROM data_pipeline_commands WHERE command_id = $1),
            taken AS ({_INSERT}
                ON CONFLICT (command_id) DO UPDATE SET status = 'processing', started_at = now()
                WHERE data_pipeline_commands.status IN ('pending', 'published')
                RETURNING 1
            )
            SELECT * FROM prior
            """,
            *_values(c),
        )
    )


async def get(conn: Conn, command_id: str) -> CommandRecord | None:
    return _command(
        await conn.fetchrow(
            "SELECT * FROM data_pipeline_commands WHERE command_id = $1", command_id
        )
    )


async def mark_published(conn: Conn, command_id: str) -> None:
    await conn.execute(
        """
        UPDATE data_pipeline_commands SET status = 'published', published_at = now()
        WHERE command_id = $1 AND status = 'pending'
        """,
        command_id,
    )


async def unpublished(
    conn: Conn, older_than_seconds: float, limit: int = 100
) -> list[CommandRecord]:
    """Committed commands whose publish was never confirmed (the outbox relay's work list)."""
    rows = await conn.fetch(
        """
        SELECT * FROM data_pipeline_commands
        WHERE status = 'pending' AND created_at < now() - make_interval(secs => $1)
        ORDER BY created_at LIMIT $2
        """,
        older_than_seconds,
        limit,
    )
    return [c for c in map(_command, rows) if c is not None]


async def complete(
    conn: Conn,
    command_id: str,
    *,
    status: str,
    result: dict[str, Any] | None,
    error_code: str | None = None,
    task_id: str | None = None,
) -> None:
    await conn.execute(
        """
        UPDATE data_pipeline_commands
        SET status = $2, result = $3, error_code = $4, completed_at = now(),
            task_id = COALESCE(task_id, $5)
        WHERE command_id = $1
        """,
        command_id,
        status,
        result,
        error_code,
        task_id,
    )


async def lock(conn: Conn, command_id: str) -> CommandRecord | None:
    """The row, locked until the caller's transaction ends: two deliveries of one command
    handled at once take turns."""
    return _command(
        await conn.fetchrow(
            "SELECT * FROM data_pipeline_commands WHERE command_id = $1 FOR UPDATE", command_id
        )
    )


async def set_task(conn: Conn, command_id: str, task_id: str) -> None:
    """The task a create command made, known once its row is inserted."""
    await conn.execute(
        "UPDATE data_pipeline_commands SET task_id = $2 WHERE command_id = $1", command_id, task_id
    )


async def set_progress(conn: Conn, command_id: str, progress: dict[str, Any]) -> None:
    await conn.execute(
        "UPDATE data_pipeline_commands SET progress = $2 WHERE command_id = $1",
        command_id,
        progress,
    )


async def list_recent(
    conn: Conn, command_type: str | None, limit: int = 100
) -> list[CommandRecord]:
    rows = await conn.fetch(
        """
        SELECT * FROM data_pipeline_commands
        WHERE ($1::text IS NULL OR command_type = $1) ORDER BY created_at DESC LIMIT $2
        """,
        command_type,
        limit,
    )
    return [c for c in map(_command, rows) if c is not None]

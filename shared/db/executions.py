"""All SQL for data_pipeline_task_executions: queueing, claiming, heartbeats, finishing."""

from collections.abc import Mapping
from datetime import datetime
from typing import Any

import asyncpg

from shared.db.pool import Conn
from shared.errors import TaskRunning
from shared.records import ExecutionRecord


def from_row(row: asyncpg.Record | Mapping[str, Any]) -> ExecutionRecord:
    """A row (also one aggregated as JSON in tasks.get_with_executions)."""
    record = _execution(row)
    assert record is not None
    return record


def execution_id_for(task_id: str, step: str, at: datetime, clash: int = 0) -> str:
    base = f"{task_id}_step_{step}_exec_{at:%Y%m%d%H%M%S}"
    return base if clash == 0 else f"{base}_{clash + 1}"


def _execution(row: asyncpg.Record | Mapping[str, Any] | None) -> ExecutionRecord | None:
    if row is None:
        return None
    data = dict(row)
    data["command_id"] = str(data["command_id"]) if data.get("command_id") else None
    data["step"] = data.pop("execution_step")  # `step` in Python, execution_step only in SQL
    return ExecutionRecord.model_validate(data)


async def insert_queued(
    conn: Conn,
    *,
    task_id: str,
    step: str,
    execution_id: str,
    force_executed: bool,
    clean_previous: bool,
    options: dict[str, Any],
    command_id: str | None,
) -> ExecutionRecord:
    """Queues an execution; TaskRunning when the task already has a queued or running one.

    The one-active rule is an ON CONFLICT on its partial index, so the transaction stays usable
    for the lookup of the current status. An execution_id clash still raises UniqueViolation:
    run it inside a transaction (savepoint) when retrying with another id."""
    row = await conn.fetchrow(
        """
        INSERT INTO data_pipeline_task_executions (task_id, execution_step, status,
            started_at, execution_id, force_executed, clean_previous, options, command_id)
        VALUES ($1, $2, 'queued', NULL, $3, $4, $5, $6, $7)
        ON CONFLICT (task_id) WHERE status IN ('queued', 'running') DO NOTHING
        RETURNING *
        """,
        task_id,
        step,
        execution_id,
        force_executed,
        clean_previous,
        options,
        command_id,
    )
    if row is None:
        active = await active_for_task(conn, task_id)
        raise TaskRunning(task_id, active.status if active else "running", "任务正在执行中")
    record = _execution(row)
    assert record is not None
    return record


async def get(conn: Conn, execution_id: str) -> ExecutionRecord | None:
    return _execution(
        await conn.fetchrow(
            "SELECT * FROM data_pipeline_task_executions WHERE execution_id = $1", execution_id
        )
    )


async def get_by_command(conn: Conn, command_id: str) -> ExecutionRecord | None:
    return _execution(
        await conn.fetchrow(
            "SELECT * FROM data_pipeline_task_executions WHERE command_id = $1", command_id
        )
    )


async def active_for_task(conn: Conn, task_id: str) -> ExecutionRecord | None:
    return _execution(
        await conn.fetchrow(
            """
            SELECT * FROM data_pipeline_task_executions
            WHERE task_id = $1 AND status IN ('queued', 'running')
            """,
            task_id,
        )
    )


async def list_for_task(conn: Conn, task_id: str) -> list[ExecutionRecord]:
    rows = await conn.fetch(
        "SELECT * FROM data_pipeline_task_executions WHERE task_id = $1 ORDER BY id", task_id
    )
    return [r for r in map(_execution, rows) if r is not None]


async def claim(conn: Conn, execution_id: str, worker_id: str) -> ExecutionRecord | None:
    """queued -> running for exactly one worker; None if someone else has it or it was cancelled."""
    return _execution(
        await conn.fetchrow(
            """
            UPDATE data_pipeline_task_executions
            SET status = 'running', worker_id = $2, started_at = now(), heartbeat_at = now(),
                attempt = attempt + 1
            WHERE execution_id = $1 AND status = 'queued' AND NOT cancel_requested
            RETURNING *
            """,
            execution_id,
            worker_id,
        )
    )


async def heartbeat(conn: Conn, execution_id: str, worker_id: str) -> bool | None:
    """Refreshes liveness. Returns cancel_requested, or None when this worker no longer owns it."""
    row = await conn.fetchrow(
        """
        UPDATE data_pipeline_task_executions SET heartbeat_at = now()
        WHERE execution_id = $1 AND worker_id = $2 AND status = 'running'
        RETURNING cancel_requested
        """,
        execution_id,
        worker_id,
    )
    return None if row is None else bool(row["cancel_requested"])


async def set_progress(conn: Conn, execution_id: str, progress: int) -> None:
    await conn.execute(
        "UPDATE data_pipeline_task_executions SET progress = $2 WHERE execution_id = $1",
        execution_id,
        progress,
    )


async def set_files_cleaned(conn: Conn, execution_id: str) -> None:
    await conn.execute(
        "UPDATE data_pipeline_task_executions SET files_cleaned = TRUE WHERE execution_id = $1",
        execution_id,
    )


async def finish(
    conn: Conn,
    execution_id: str,
    *,
    status: str,
    error_message: str | None = None,
    result: dict[str, Any] | None = None,
    from_status: tuple[str, ...] = ("running",),
) -> bool:
    """Moves an active execution to a final status; False if it was not in from_status."""
    outcome = await conn.execute(
        """
        UPDATE data_pipeline_task_executions
        SET status = $2, completed_at = now(), error_message = $3, execution_result = $4
        WHERE execution_id = $1 AND status = ANY($5::text[])
        """,
        execution_id,
        status,
        error_message,
        result,
        list(from_status),
    )
    return outcome.endswith(" 1")


async def request_cancel(conn: Conn, task_id: str) -> ExecutionRecord | None:
    """Flags the task's active execution for cancellation; the runner sees it on its heartbeat."""
    return _execution(
        await conn.fetchrow(
            """
            UPDATE data_pipeline_task_executions SET cancel_requested = TRUE
            WHERE task_id = $1 AND status IN ('queued', 'running')
            RETURNING *
            """,
            task_id,
        )
    )


async def active_task_ids(conn: Conn) -> set[str]:
    """Tasks that have a queued or running execution (the janitor never touches those)."""
    rows = await conn.fetch(
        "SELECT task_id FROM data_pipeline_task_executions WHERE status IN ('queued', 'running')"
    )
    return {r["task_id"] for r in rows}

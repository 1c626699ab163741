"""All SQL for data_pipeline_tasks."""

from dataclasses import dataclass
from typing import Any

import asyncpg

from shared.db import executions
from shared.db.pool import Conn
from shared.models import initial_step_status
from shared.records import ExecutionRecord, TaskRecord


@dataclass(frozen=True)
class NewTask:
    task_type: str
    parameters: dict[str, Any]
    output_directory: str
    created_by: str | None
    db_name: str | None
    business_context: str | None
    task_name: str | None = None
    sealed_parameters: str | None = None  # Fernet token of the unmasked parameters


def _task(row: asyncpg.Record | None) -> TaskRecord | None:
    return TaskRecord.model_validate(dict(row)) if row else None


async def insert(conn: Conn, task_id: str, task: NewTask) -> TaskRecord | None:
    """Inserts the task; None when the id exists already (idempotent create)."""
    row = await conn.fetchrow(
        """
        INSERT INTO data_pipeline_tasks (id, task_type, status, parameters, step_status,
            output_directory, created_by, db_name, business_context, task_name, created_at,
            sealed_parameters)
        VALUES ($1, $2, 'pending', $3, $4, $5, $6, $7, $8, $9, now(), $10)
        ON CONFLICT (id) DO NOTHING
        RETURNING *
        """,
        task_id,
        task.task_type,
        task.parameters,
        initial_step_status(),
        task.output_directory,
        task.created_by,
        task.db_name,
        task.business_context,
        task.task_name,
        task.sealed_parameters,
    )
    return _task(row)


async def get(conn: Conn, task_id: str, *, for_update: bool = False) -> TaskRecord | None:
    lock = " FOR UPDATE" if for_update else ""
    return _task(
        await conn.fetchrow(f"SELECT * FROM data_pipeline_tasks WHERE id = $1{lock}", task_id)
    )


async def get_with_executions(
    conn: Conn, task_id: str
) -> tuple[TaskRecord, list[ExecutionRecord]] | None:
    """The task and its executions (oldest first) in one round trip, for the detail view."""
    row = await conn.fetchrow(
        """
        SELECT t.*, (SELECT COALESCE(json_agg(e ORDER BY e.id), '[]')
                     FROM data_pipeline_task_executions e WHERE e.task_id = t.id) AS executions
        FROM data_pipeline_tasks t WHERE t.id = $1
        """,
        task_id,
    )
    if row is None:
        return None
    fields = dict(row)
    runs = [executions.from_row(e) for e in fields.pop("executions")]
    return TaskRecord.model_validate(fields), runs


async def save_state(
    conn: Conn,
    task_id: str,
    *,
    status: str,
    step_status: dict[str, str],
    step_runs: dict[str, Any] | None = None,
    progress: int | None = None,
    error_message: str | None = None,
) -> TaskRecord | None:
    """Writes a state computed by the caller under FOR UPDATE; stamps started/completed times.
    Returns the row as written (None if the task is gone).

    error_message: a new failure's message replaces the old one; it is kept otherwise until
    the task completes."""
    row = await conn.fetchrow(
        """
        UPDATE data_pipeline_tasks SET
            status = $2::text,
            step_status = $3,
            step_runs = COALESCE($4, step_runs),
            progress = COALESCE($5, progress),
            error_message = CASE WHEN $2 = 'completed' THEN NULL
                                 ELSE COALESCE($6, error_message) END,
            started_at = CASE WHEN $2 = 'in_progress' THEN COALESCE(started_at, now())
                              ELSE started_at END,
            completed_at = CASE WHEN $2 IN ('completed', 'failed', 'partial_completed', 'cancelled')
                                THEN now() WHEN $2 = 'in_progress' THEN NULL ELSE completed_at END,
            updated_at = now()
        WHERE id = $1
        RETURNING *
        """,
        task_id,
        status,
        step_status,
        step_runs,
        progress,
        error_message,
    )
    return _task(row)


async def set_result(conn: Conn, task_id: str, result: dict[str, Any]) -> None:
    await conn.execute(
        "UPDATE data_pipeline_tasks SET result = $2, updated_at = now() WHERE id = $1",
        task_id,
        result,
    )


async def set_progress(conn: Conn, task_id: str, progress: int) -> None:
    await conn.execute(
        "UPDATE data_pipeline_tasks SET progress = $2 WHERE id = $1", task_id, progress
    )


async def set_parameters(conn: Conn, task_id: str, parameters: dict[str, Any]) -> None:
    await conn.execute(
        "UPDATE data_pipeline_tasks SET parameters = $2, updated_at = now() WHERE id = $1",
        task_id,
        parameters,
    )


async def unsealed_after(conn: Conn, after: str, limit: int) -> list[tuple[str, dict[str, Any]]]:
    """Rows never sealed (written before secrets at rest, migration 003), in id order."""
    rows = await conn.fetch(
        "SELECT id, parameters FROM data_pipeline_tasks WHERE sealed_parameters IS NULL"
        " AND id > $1 ORDER BY id LIMIT $2",
        after,
        limit,
    )
    return [(row["id"], row["parameters"]) for row in rows]


async def seal(conn: Conn, task_id: str, masked: dict[str, Any], sealed: str) -> bool:
    """Replaces clear parameters by their masked form and the sealed original, once."""
    done = await conn.execute(
        "UPDATE data_pipeline_tasks SET parameters = $2, sealed_parameters = $3"
        " WHERE id = $1 AND sealed_parameters IS NULL",
        task_id,
        masked,
        sealed,
    )
    return bool(done.endswith(" 1"))


async def set_directory_exists(conn: Conn, task_id: str, value: bool) -> bool:
    status = await conn.execute(
        "UPDATE data_pipeline_tasks SET directory_exists = $2, updated_at = now() WHERE id = $1",
        task_id,
        value,
    )
    return status.endswith(" 1")


async def delete(conn: Conn, task_id: str) -> bool:
    """Removes the task; executions and outputs go with it (ON DELETE CASCADE), its log rows
    in the same statement (the log table has no foreign keys: migration 009)."""
    status = await conn.execute(
        """
        WITH task_logs AS (DELETE FROM data_pipeline_task_logs WHERE task_id = $1)
        DELETE FROM data_pipeline_tasks WHERE id = $1
        """,
        task_id,
    )
    return status.endswith(" 1")

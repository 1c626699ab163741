"""All SQL for data_pipeline_tasks."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import asyncpg

from shared.db import executions
from shared.db.pool import Conn
from shared.models import ExecutionRecord, TaskRecord, initial_step_status

SORTABLE = frozenset(
    {
        "created_at",
        "started_at",
        "completed_at",
        "updated_at",
        "status",
        "id",
        "progress",
        "task_name",
    }
)


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


@dataclass(frozen=True)
class TaskFilter:
    status: list[str] | None = None
    db_name: str | None = None
    created_by: str | None = None
    task_name: str | None = None
    created_from: datetime | None = None
    created_to: datetime | None = None
    started_from: datetime | None = None
    started_to: datetime | None = None
    completed_from: datetime | None = None
    completed_to: datetime | None = None
    directory_exists: bool | None = None
    sort_by: str = "created_at"
    descending: bool = True
    limit: int = 50
    offset: int = 0


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


def _where(f: TaskFilter) -> tuple[str, list[Any]]:
    clauses: list[str] = []
    args: list[Any] = []

    def add(sql: str, value: Any) -> None:
        args.append(value)
        clauses.append(sql.format(f"${len(args)}"))

    if f.status:
        add("status = ANY({})", f.status)
    if f.db_name:
        add("db_name = {}", f.db_name)
    if f.created_by:
        add("created_by = {}", f.created_by)
    if f.task_name:
        add("task_name ILIKE '%' || {} || '%'", f.task_name)
    if f.created_from:
        add("created_at >= {}", f.created_from)
    if f.created_to:
        add("created_at <= {}", f.created_to)
    for column, low, high in (
        ("started_at", f.started_from, f.started_to),
        ("completed_at", f.completed_from, f.completed_to),
    ):
        if low:
            add(f"{column} >= {{}}", low)
        if high:
            add(f"{column} <= {{}}", high)
    if f.directory_exists is not None:
        add("directory_exists = {}", f.directory_exists)
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", args


async def list_page(conn: Conn, f: TaskFilter) -> tuple[list[TaskRecord], int]:
    """One page and the real total of the filtered set."""
    if f.sort_by not in SORTABLE:
        raise ValueError(f"cannot sort by {f.sort_by}")
    where, args = _where(f)
    order = f"{f.sort_by} {'DESC' if f.descending else 'ASC'} NULLS LAST, id DESC"
    n = len(args)
    rows = await conn.fetch(
        f"SELECT *, count(*) OVER () AS total FROM data_pipeline_tasks{where}"
        f" ORDER BY {order} LIMIT ${n + 1} OFFSET ${n + 2}",
        *args,
        f.limit,
        f.offset,
    )
    if rows:
        return [TaskRecord.model_validate(dict(r)) for r in rows], int(rows[0]["total"])
    total = await conn.fetchval(f"SELECT count(*) FROM data_pipeline_tasks{where}", *args)
    return [], int(total)


async def active(conn: Conn) -> TaskRecord | None:
    """Newest running task, else newest completed one."""
    return _task(
        await conn.fetchrow(
            """
            SELECT * FROM data_pipeline_tasks
            WHERE status IN ('in_progress', 'completed')
            ORDER BY (status = 'in_progress') DESC, created_at DESC, id DESC
            LIMIT 1
            """
        )
    )


async def save_state(
    conn: Conn,
    task_id: str,
    *,
    status: str,
    step_status: dict[str, str],
    step_runs: dict[str, Any] | None = None,
    progress: int | None = None,
    error_message: str | None = None,
) -> None:
    """Writes a state computed by the caller under FOR UPDATE; stamps started/completed times.

    error_message: a new failure's message replaces the old one; it is kept otherwise until
    the task completes."""
    await conn.execute(
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
        """,
        task_id,
        status,
        step_status,
        step_runs,
        progress,
        error_message,
    )


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


async def ids_with_directory(
    conn: Conn, settled_seconds: float = 0.0
) -> list[tuple[str, bool, bool]]:
    """(id, directory_exists, settled) of every task. Settled: older than `settled_seconds`
    and no create command still on its way (the executor makes the directory when it handles
    it), so its flag can be compared with the disk."""
    rows = await conn.fetch(
        """
        SELECT t.id, t.directory_exists,
            t.created_at < now() - make_interval(secs => $1) AND NOT EXISTS (
                SELECT 1 FROM data_pipeline_commands c
                WHERE c.task_id = t.id AND c.command_type = 'task.create'
                  AND c.status IN ('pending', 'published', 'processing')) AS settled
        FROM data_pipeline_tasks t
        """,
        settled_seconds,
    )
    return [(r["id"], bool(r["directory_exists"]), bool(r["settled"])) for r in rows]


async def list_finished_with_directory(
    conn: Conn, statuses: list[str], finished_before_seconds: float | None = None
) -> list[TaskRecord]:
    """Finished tasks whose directory is still on disk, oldest first (janitor retention/quota).

    Age is measured from completion, else last update, else creation."""
    rows = await conn.fetch(
        """
        SELECT * FROM data_pipeline_tasks
        WHERE status = ANY($1::text[]) AND directory_exists
          AND ($2::float8 IS NULL
               OR COALESCE(completed_at, updated_at, created_at)
                  < now() - make_interval(secs => $2::float8))
        ORDER BY COALESCE(completed_at, updated_at, created_at), id
        """,
        statuses,
        finished_before_seconds,
    )
    return [TaskRecord.model_validate(dict(r)) for r in rows]

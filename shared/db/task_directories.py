"""The janitor's reads of tasks by their directories: which tasks say they have one, and
which finished tasks still keep one (retention, quota)."""

from shared.db.pool import Conn
from shared.records import TaskRecord


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

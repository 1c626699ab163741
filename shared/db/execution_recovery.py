"""Executions going back to the queue: handed back at shutdown, taken from a lost worker, or
their command sent again when it reached no executor; and finding the stale and the orphaned."""

from shared.db.executions import from_row
from shared.db.pool import Conn
from shared.records import ExecutionRecord


async def find_stale(
    conn: Conn, lost_after_seconds: float, max_step_seconds: float
) -> list[ExecutionRecord]:
    """Running executions whose heartbeat is too old, or that ran past the hard limit."""
    rows = await conn.fetch(
        """
        SELECT * FROM data_pipeline_task_executions
        WHERE status = 'running'
          AND (heartbeat_at IS NULL OR heartbeat_at < now() - make_interval(secs => $1)
               OR started_at < now() - make_interval(secs => $2))
        ORDER BY id
        """,
        lost_after_seconds,
        max_step_seconds,
    )
    return [from_row(r) for r in rows]


async def requeue(conn: Conn, execution_id: str, worker_id: str) -> bool:
    """running -> queued, released by this worker (graceful shutdown hands the work back)."""
    outcome = await conn.execute(
        """
        UPDATE data_pipeline_task_executions
        SET status = 'queued', worker_id = NULL, heartbeat_at = NULL, progress = 0,
            dispatched_at = now(), dispatches = dispatches + 1
        WHERE execution_id = $1 AND worker_id = $2 AND status = 'running'
          AND NOT cancel_requested
        """,
        execution_id,
        worker_id,
    )
    return outcome.endswith(" 1")


async def requeue_lost(conn: Conn, execution_id: str, worker_id: str | None) -> bool:
    """running -> queued for another attempt, taken from a worker declared lost (only if that
    worker still holds it and no cancel was asked for)."""
    outcome = await conn.execute(
        """
        UPDATE data_pipeline_task_executions
        SET status = 'queued', worker_id = NULL, heartbeat_at = NULL, progress = 0,
            dispatched_at = now(), dispatches = dispatches + 1
        WHERE execution_id = $1 AND worker_id IS NOT DISTINCT FROM $2 AND status = 'running'
          AND NOT cancel_requested
        """,
        execution_id,
        worker_id,
    )
    return outcome.endswith(" 1")


async def find_orphaned(conn: Conn, older_than_seconds: float) -> list[ExecutionRecord]:
    """Queued executions whose command was last sent longer ago than the threshold, which
    doubles with every send (a long but live backlog is re-sent rarely)."""
    rows = await conn.fetch(
        """
        SELECT * FROM data_pipeline_task_executions
        WHERE status = 'queued' AND NOT cancel_requested
          AND COALESCE(dispatched_at, queued_at)
              < now() - make_interval(secs => $1 * power(2, dispatches))
        ORDER BY id
        """,
        older_than_seconds,
    )
    return [from_row(r) for r in rows]


async def note_dispatch(conn: Conn, execution_id: str) -> bool:
    """A queued execution's command was sent again."""
    outcome = await conn.execute(
        """
        UPDATE data_pipeline_task_executions
        SET dispatched_at = now(), dispatches = dispatches + 1
        WHERE execution_id = $1 AND status = 'queued'
        """,
        execution_id,
    )
    return outcome.endswith(" 1")

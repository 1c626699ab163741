"""All SQL for data_pipeline_task_logs."""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from shared.db.pool import Conn
from shared.models import LogRecord

LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


@dataclass(frozen=True)
class NewLog:
    task_id: str
    execution_id: str | None
    level: str
    message: str
    step: str | None
    timestamp: datetime
    module_name: str | None = None
    function_name: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


async def insert_many(conn: Conn, entries: list[NewLog]) -> None:
    await conn.executemany(
        """
        INSERT INTO data_pipeline_task_logs (task_id, execution_id, log_level, message, step_name,
            module_name, function_name, timestamp, extra_data)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
        """,
        [
            (
                e.task_id,
                e.execution_id,
                e.level,
                e.message,
                e.step,
                e.module_name,
                e.function_name,
                e.timestamp,
                e.extra,
            )
            for e in entries
        ],
    )


async def query(
    conn: Conn,
    task_id: str,
    *,
    min_level: str | None = None,
    step: str | None = None,
    after_id: int | None = None,
    text: str | None = None,
    limit: int = 100,
) -> list[LogRecord]:
    """Oldest first after `after_id` (a cursor); newest `limit` rows when no cursor is given."""
    levels = list(LEVELS[LEVELS.index(min_level) :]) if min_level else list(LEVELS)
    rows = await conn.fetch(
        """
        SELECT * FROM (
            SELECT * FROM data_pipeline_task_logs
            WHERE task_id = $1 AND log_level = ANY($2::text[])
              AND ($3::text IS NULL OR step_name = $3)
              AND ($4::int IS NULL OR id > $4)
              AND ($5::text IS NULL OR message ILIKE '%' || $5 || '%')
            ORDER BY CASE WHEN $4::int IS NULL THEN -id ELSE id END
            LIMIT $6
        ) page ORDER BY id
        """,
        task_id,
        levels,
        step,
        after_id,
        text,
        limit,
    )
    return [LogRecord.model_validate({**dict(r), "step": r["step_name"]}) for r in rows]


async def count(conn: Conn, task_id: str) -> int:
    return int(
        await conn.fetchval(
            "SELECT count(*) FROM data_pipeline_task_logs WHERE task_id = $1", task_id
        )
    )

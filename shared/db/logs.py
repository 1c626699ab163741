"""All SQL for data_pipeline_task_logs."""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import asyncpg

from shared.db.pool import Conn
from shared.records import LogRecord

LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


@dataclass(slots=True)  # not frozen: a frozen __init__ costs a fifth of a task-log line
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


COLUMNS = (
    "task_id",
    "execution_id",
    "log_level",
    "message",
    "step_name",
    "module_name",
    "function_name",
    "timestamp",
    "extra_data",
)


async def insert_many(conn: Conn, entries: list[NewLog]) -> None:
    """One COPY for the whole batch (a fraction of the cost of row-by-row INSERTs)."""
    await conn.copy_records_to_table(
        "data_pipeline_task_logs",
        columns=COLUMNS,
        records=[
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
              AND ($5::text IS NULL OR message ILIKE '%' || $5 || '%' ESCAPE '\\')
            ORDER BY CASE WHEN $4::int IS NULL THEN -id ELSE id END
            LIMIT $6
        ) page ORDER BY id
        """,
        task_id,
        levels,
        step,
        after_id,
        like_literal(text) if text else None,
        limit,
    )
    return [_record(r) for r in rows]


def _record(row: asyncpg.Record) -> LogRecord:
    return LogRecord.model_validate({**dict(row), "step": row["step_name"]})


def like_literal(text: str) -> str:
    """A search text for ILIKE ... ESCAPE '\\': % and _ match themselves."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


LOG_SORTS = {"timestamp": "timestamp", "level": "log_level", "step_name": "step_name", "id": "id"}


@dataclass(frozen=True)
class LogSearch:
    level: str | None = None
    step: str | None = None
    keyword: str | None = None
    start: datetime | None = None
    end: datetime | None = None
    sort_by: str = "timestamp"
    descending: bool = True
    limit: int = 50
    offset: int = 0


async def search(conn: Conn, task_id: str, s: LogSearch) -> tuple[list[LogRecord], int]:
    """One page of a task's log rows and the filtered total (POST .../logs/query)."""
    order = f"{LOG_SORTS[s.sort_by]} {'DESC' if s.descending else 'ASC'}, id"
    args = [task_id, s.level, s.step, like_literal(s.keyword) if s.keyword else None, s.start]
    rows = await conn.fetch(
        f"SELECT *, count(*) OVER () AS total FROM data_pipeline_task_logs {_SEARCH_WHERE}"
        f" ORDER BY {order} LIMIT $7 OFFSET $8",
        *args,
        s.end,
        s.limit,
        s.offset,
    )
    if rows:
        total = int(rows[0]["total"])
    else:  # past the last page: the window count has no row to ride on
        total = await conn.fetchval(
            f"SELECT count(*) FROM data_pipeline_task_logs {_SEARCH_WHERE}", *args, s.end
        )
    records = [_record(r) for r in rows]
    return records, int(total)


_SEARCH_WHERE = """
    WHERE task_id = $1 AND ($2::text IS NULL OR log_level = $2)
      AND ($3::text IS NULL OR step_name = $3)
      AND ($4::text IS NULL OR message ILIKE '%' || $4 || '%' ESCAPE '\\')
      AND ($5::timestamp IS NULL OR timestamp >= $5)
      AND ($6::timestamp IS NULL OR timestamp <= $6)
"""


async def count(conn: Conn, task_id: str) -> int:
    return int(
        await conn.fetchval(
            "SELECT count(*) FROM data_pipeline_task_logs WHERE task_id = $1", task_id
        )
    )

"""The API's task listings: a filtered, sorted page with its real total, and the active task."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from shared.db.pool import Conn
from shared.records import TaskRecord

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
    row = await conn.fetchrow(
        """
        SELECT * FROM data_pipeline_tasks
        WHERE status IN ('in_progress', 'completed')
        ORDER BY (status = 'in_progress') DESC, created_at DESC, id DESC
        LIMIT 1
        """
    )
    return TaskRecord.model_validate(dict(row)) if row else None

"""What a stream sends from the database: the state it connects into, and log rows by id."""

import asyncpg
from aiohttp_sse import EventSourceResponse

from services.gateway.events import sse
from shared.db import executions, logs, task_listing, tasks

LOG_PAGE = 500
SNAPSHOT_LOGS = 200  # the tail a fresh (not resuming) client starts with
SNAPSHOT_TASKS = 50


async def task_state(response: EventSourceResponse, pool: asyncpg.Pool, task_id: str) -> None:
    """The task row (or its deletion) and its running execution, if any."""
    task = await tasks.get(pool, task_id)
    if task is None:
        await sse.send(response, "task", {"type": "task.deleted", "task_id": task_id})
        return
    await sse.send_task(response, task)
    active = await executions.active_for_task(pool, task_id)
    if active is not None:
        await sse.send_execution(response, active)


async def recent_tasks(response: EventSourceResponse, pool: asyncpg.Pool) -> None:
    rows, _ = await task_listing.list_page(
        pool, task_listing.TaskFilter(limit=SNAPSHOT_TASKS, offset=0)
    )
    for task in rows:
        await sse.send_task(response, task)


async def logs_after(
    response: EventSourceResponse, pool: asyncpg.Pool, task_id: str, after: int | None
) -> int | None:
    """Sends the rows after the cursor, or the newest SNAPSHOT_LOGS without one; returns the
    new cursor."""
    limit = SNAPSHOT_LOGS if after is None else LOG_PAGE
    rows = await logs.query(pool, task_id, after_id=after, limit=limit)
    for row in rows:
        await sse.send_log(response, row)
    cursor = rows[-1].id if rows else (after or 0)
    if after is not None and len(rows) == LOG_PAGE:
        return await logs_after(response, pool, task_id, cursor)
    return cursor

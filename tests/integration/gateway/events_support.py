"""Shared by the SSE tests: a task row with log lines, an open stream."""

import contextlib
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import asyncpg
from aiohttp.test_utils import TestClient

from shared.db import logs
from tests.helpers import API
from tests.helpers.tasks import make_task
from tests.sse import SSEReader


async def new_task(pool: asyncpg.Pool, data_root: Path, log_lines: int = 0) -> str:
    task_id = await make_task(pool, data_root)
    await add_logs(pool, task_id, [f"line {i}" for i in range(log_lines)])
    return task_id


async def add_logs(pool: asyncpg.Pool, task_id: str, messages: list[str]) -> None:
    now = datetime.now(UTC).replace(tzinfo=None)
    await logs.insert_many(
        pool, [logs.NewLog(task_id, None, "INFO", m, "ddl_generation", now) for m in messages]
    )


@contextlib.asynccontextmanager
async def open_stream(
    client: TestClient[Any, Any], path: str, **headers: str
) -> AsyncIterator[SSEReader]:
    response = await client.get(f"{API}{path}", headers=headers)
    assert response.status == 200, await response.text()
    assert response.headers["Content-Type"].startswith("text/event-stream")
    try:
        yield SSEReader(response)
    finally:
        response.close()

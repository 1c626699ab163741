"""Shared by the SSE tests: a task row with log lines, a publisher, an open stream."""

import contextlib
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import aio_pika
import asyncpg
import pytest
from aiohttp.test_utils import TestClient

from shared.broker import Publisher
from shared.config import Settings
from shared.db import logs
from shared.topology import Topology
from tests.integration.gateway.conftest import API
from tests.integration.janitor.support import make_task
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


@pytest.fixture(scope="module")
async def publisher(settings: Settings, amqp: aio_pika.abc.AbstractRobustConnection) -> Publisher:
    return await Publisher.open(amqp, Topology(settings.amqp_namespace))


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

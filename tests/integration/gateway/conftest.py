"""The real gateway app on the session's PostgreSQL and RabbitMQ, and a tap on its commands."""

import contextlib
import json
import uuid
from collections.abc import AsyncIterator, Callable
from typing import Any

import aio_pika
import asyncpg
import pytest
from aiohttp.test_utils import TestClient, TestServer

from services.gateway.app import create_app
from shared.config import Settings
from shared.topology import Topology
from tests.helpers import wait_until

API = "/api/v0/data_pipeline"


@contextlib.asynccontextmanager
async def gateway_client(settings: Settings) -> AsyncIterator[TestClient[Any, Any]]:
    client = TestClient(TestServer(create_app(settings)))
    await client.start_server()
    try:
        yield client
    finally:
        await client.close()


@pytest.fixture(scope="session")
async def client(
    settings: Settings, pool: asyncpg.Pool, amqp: aio_pika.abc.AbstractRobustConnection
) -> AsyncIterator[TestClient[Any, Any]]:
    async with gateway_client(settings) as c:
        yield c


class CommandTap:
    """An exclusive queue bound to the commands exchange: sees what is published, steals nothing."""

    def __init__(self, queue: aio_pika.abc.AbstractQueue) -> None:
        self.queue = queue
        self.seen: list[dict[str, Any]] = []

    async def _drain(self) -> None:
        while (message := await self.queue.get(fail=False, no_ack=True)) is not None:
            self.seen.append({**json.loads(message.body), "_routing_key": message.routing_key})

    async def find(
        self, predicate: Callable[[dict[str, Any]], bool], timeout: float = 10
    ) -> dict[str, Any]:
        async def probe() -> dict[str, Any]:
            await self._drain()
            return next((m for m in self.seen if predicate(m)), {})

        return await wait_until(probe, timeout=timeout)

    async def for_task(self, task_id: str, kind: str) -> dict[str, Any]:
        return await self.find(lambda m: m["type"] == kind and m["payload"]["task_id"] == task_id)


@pytest.fixture
async def tap(
    settings: Settings, amqp: aio_pika.abc.AbstractRobustConnection, client: TestClient[Any, Any]
) -> AsyncIterator[CommandTap]:
    channel = await amqp.channel()
    exchange = await channel.get_exchange(Topology(settings.amqp_namespace).commands)
    queue = await channel.declare_queue(
        f"gateway_tap_{uuid.uuid4().hex[:8]}", exclusive=True, auto_delete=True
    )
    await queue.bind(exchange, routing_key="task.#")
    yield CommandTap(queue)
    await channel.close()


async def create_task(client: TestClient[Any, Any], **body: Any) -> dict[str, Any]:
    """POST /tasks expecting 201; returns the data."""
    response = await client.post(f"{API}/tasks", json=body)
    envelope = await response.json()
    assert response.status == 201, envelope
    data: dict[str, Any] = envelope["data"]
    return data


def unique(prefix: str) -> str:
    return f"{prefix}_{uuid.uuid4().hex[:10]}"

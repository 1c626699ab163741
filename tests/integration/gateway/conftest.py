"""The real gateway app on the session's PostgreSQL and RabbitMQ, and a tap on its commands
(the support itself lives in tests/helpers)."""

import uuid
from collections.abc import AsyncIterator
from typing import Any

import aio_pika
import asyncpg
import pytest
from aiohttp.test_utils import TestClient

from shared.config import Settings
from shared.topology import Topology
from tests.helpers.api import gateway_client
from tests.helpers.broker import CommandTap


@pytest.fixture(scope="session")
async def client(
    settings: Settings, pool: asyncpg.Pool, amqp: aio_pika.abc.AbstractRobustConnection
) -> AsyncIterator[TestClient[Any, Any]]:
    async with gateway_client(settings) as c:
        yield c


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

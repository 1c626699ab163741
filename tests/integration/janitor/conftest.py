"""Fixtures: one in-process janitor per session (zombie sweep only), a publisher."""

import asyncio
from collections.abc import AsyncIterator

import aio_pika
import asyncpg
import pytest

from shared import broker
from shared.config import Settings
from tests.integration.janitor.support import janitor_settings, running_janitor


@pytest.fixture(scope="session")
async def janitor(
    settings: Settings, pool: asyncpg.Pool, janitor_publisher: broker.Publisher
) -> AsyncIterator[asyncio.Task[None]]:
    # janitor_publisher has declared the topology, so tests may bind to it right away.
    async with running_janitor(janitor_settings(settings)) as task:
        yield task


@pytest.fixture(scope="session")
async def janitor_publisher(
    settings: Settings, amqp: aio_pika.abc.AbstractRobustConnection
) -> broker.Publisher:
    return await broker.Publisher.open(amqp, broker.Topology(settings.amqp_namespace))

"""In-process services for end-to-end tests: the real worker loops on the session settings."""

import asyncio
import contextlib
from collections.abc import AsyncIterator

import aio_pika
import pytest

from services.executor.worker import run_worker
from shared import broker
from shared.config import Settings


@contextlib.asynccontextmanager
async def running_executor(settings: Settings) -> AsyncIterator[asyncio.Task[None]]:
    stop = asyncio.Event()
    task = asyncio.create_task(run_worker(settings, stop))
    try:
        yield task
    finally:
        stop.set()
        await asyncio.wait_for(task, timeout=60)


@pytest.fixture(scope="session")
async def executor(settings: Settings, pool: object) -> AsyncIterator[asyncio.Task[None]]:
    async with running_executor(settings) as task:
        yield task


@pytest.fixture(scope="session")
async def publisher(
    settings: Settings, amqp: aio_pika.abc.AbstractRobustConnection
) -> broker.Publisher:
    return await broker.Publisher.open(amqp, broker.Topology(settings.amqp_namespace))

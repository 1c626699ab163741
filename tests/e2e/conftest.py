"""In-process services for end-to-end tests: the real worker loops and the real gateway app on
the session settings. Package-scoped: they stop when the e2e tests end, so their consumers and
sweeps never act on what other test packages set up."""

import asyncio
import contextlib
from collections.abc import AsyncIterator
from typing import Any

import aio_pika
import asyncpg
import pytest
from aiohttp.test_utils import TestClient, TestServer

from services.executor.worker import run_worker
from services.gateway.app import create_app
from services.janitor.worker import run_worker as run_janitor
from shared import broker, topology
from shared.config import Settings
from tests.conftest import RUN_ID, fresh_database


@contextlib.asynccontextmanager
async def running(worker: Any, settings: Settings) -> AsyncIterator[asyncio.Task[None]]:
    stop = asyncio.Event()
    task = asyncio.create_task(worker(settings, stop))
    try:
        yield task
    finally:
        stop.set()
        await asyncio.wait_for(task, timeout=60)


@pytest.fixture(scope="package")
async def executor(settings: Settings, pool: asyncpg.Pool) -> AsyncIterator[asyncio.Task[None]]:
    async with running(run_worker, settings) as task:
        yield task


@pytest.fixture(scope="package")
async def janitor_service(
    settings: Settings, pool: asyncpg.Pool, publisher: broker.Publisher
) -> AsyncIterator[asyncio.Task[None]]:
    """The real janitor: consumes delete/cancel, sweeps zombies only (the other sweeps are
    driven by tests), no metrics port (parallel runs would clash)."""
    quiet = settings.model_copy(update={"janitor_jobs": "zombies", "janitor_metrics_port": 0})
    async with running(run_janitor, quiet) as task:
        yield task


@pytest.fixture(scope="package")
async def gateway_api(
    settings: Settings, pool: asyncpg.Pool
) -> AsyncIterator[TestClient[Any, Any]]:
    """A TestClient on the real gateway app (create_app) with the session settings."""
    client = TestClient(TestServer(create_app(settings)))
    await client.start_server()
    yield client
    await client.close()


@pytest.fixture(scope="package")
async def publisher(
    settings: Settings, amqp: aio_pika.abc.AbstractRobustConnection
) -> broker.Publisher:
    """Publishes like another service would; opening it declares the topology."""
    return await broker.Publisher.open(amqp, topology.Topology(settings.amqp_namespace))


@pytest.fixture(scope="package")
async def business_copy(pg_server_url: str) -> AsyncIterator[str]:
    """A private copy of the sample DB: tests lock one of its tables to hold a real step
    mid-run, which must not block other tests reading the shared sample DB."""
    from demo.highway_db import build

    async with fresh_database(pg_server_url, f"dp_test_zombie_{RUN_ID}") as url:
        await build(url)
        yield url


LOCKED_TABLE = "bss_company"


@contextlib.asynccontextmanager
async def table_locked(business_url: str) -> AsyncIterator[None]:
    """Holds ACCESS EXCLUSIVE on the table, so the step's sampling blocks until released."""
    conn = await asyncpg.connect(business_url)
    tx = conn.transaction()
    await tx.start()
    await conn.execute(f'LOCK TABLE public."{LOCKED_TABLE}" IN ACCESS EXCLUSIVE MODE')
    try:
        yield
    finally:
        await tx.rollback()
        await conn.close()

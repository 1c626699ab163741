"""In-process services for end-to-end tests: the real worker loops and the real gateway app on
the session settings. Package-scoped: they stop when the e2e tests end, so their consumers and
sweeps never act on what other test packages set up."""

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import asyncpg
import pytest
from aiohttp.test_utils import TestClient

from services.executor.worker import run_worker
from services.janitor.worker import run_worker as run_janitor
from shared import broker
from shared.config import Settings
from tests.helpers.api import gateway_client
from tests.helpers.databases import RUN_ID, fresh_database
from tests.helpers.services import quiet_janitor_settings, running


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
    async with running(run_janitor, quiet_janitor_settings(settings)) as task:
        yield task


@pytest.fixture(scope="package")
async def gateway_api(
    settings: Settings, pool: asyncpg.Pool
) -> AsyncIterator[TestClient[Any, Any]]:
    """A TestClient on the real gateway app (create_app) with the session settings."""
    async with gateway_client(settings) as client:
        yield client


@pytest.fixture(scope="package")
async def business_copy(pg_server_url: str) -> AsyncIterator[str]:
    """A private copy of the sample DB: tests lock one of its tables to hold a real step
    mid-run, which must not block other tests reading the shared sample DB."""
    from demo.highway_db import build

    async with fresh_database(pg_server_url, f"dp_test_zombie_{RUN_ID}") as url:
        await build(url)
        yield url

"""Fixtures: an in-process janitor for this package only, and a publisher."""

from collections.abc import AsyncIterator

import aio_pika
import asyncpg
import pytest

from services.janitor.worker import run_worker
from shared import broker, topology
from shared.config import Settings
from tests.e2e.conftest import running


@pytest.fixture(scope="package")
async def janitor_publisher(
    settings: Settings, amqp: aio_pika.abc.AbstractRobustConnection
) -> broker.Publisher:
    return await broker.Publisher.open(amqp, topology.Topology(settings.amqp_namespace))


@pytest.fixture(scope="package")
async def janitor(
    settings: Settings, pool: asyncpg.Pool, janitor_publisher: broker.Publisher
) -> AsyncIterator[object]:
    """The real janitor worker; sweeps zombies only, the other sweeps are driven by tests."""
    quiet = settings.model_copy(update={"janitor_jobs": "zombies", "janitor_metrics_port": 0})
    async with running(run_worker, quiet) as task:
        yield task

"""Fixtures: the in-process janitor (tests/conftest.py) under a short name, and a publisher."""

import aio_pika
import pytest

from shared import broker
from shared.config import Settings


@pytest.fixture(scope="session")
def janitor(janitor_service: object) -> object:
    return janitor_service


@pytest.fixture(scope="session")
async def janitor_publisher(
    settings: Settings, amqp: aio_pika.abc.AbstractRobustConnection
) -> broker.Publisher:
    return await broker.Publisher.open(amqp, broker.Topology(settings.amqp_namespace))

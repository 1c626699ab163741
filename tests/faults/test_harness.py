"""The private servers themselves: they restart, and only they do."""

import asyncio

import aio_pika
import asyncpg
import pytest

from tests.faults.private_rabbit import PrivateRabbit
from tests.faults.servers import PrivatePostgres


async def _pg_answers(url: str) -> bool:
    try:
        conn = await asyncpg.connect(url, timeout=2)
    except (OSError, asyncpg.PostgresError):
        return False
    await conn.close()
    return True


async def test_private_postgres_stops_and_restarts(private_pg: PrivatePostgres) -> None:
    assert await _pg_answers(private_pg.url)
    await private_pg.stop()
    assert not await _pg_answers(private_pg.url)
    await private_pg.start()
    assert await _pg_answers(private_pg.url)


async def test_private_rabbit_restarts_without_touching_the_shared_broker(
    private_rabbit: PrivateRabbit, amqp_url: str
) -> None:
    shared = await aio_pika.connect(amqp_url)
    before = await aio_pika.connect(private_rabbit.url)
    await before.close()
    await private_rabbit.kill()
    with pytest.raises((aio_pika.exceptions.AMQPError, OSError)):
        await asyncio.wait_for(aio_pika.connect(private_rabbit.url), 5)
    assert not shared.is_closed
    await private_rabbit.start()
    again = await aio_pika.connect(private_rabbit.url)
    await again.close()
    await shared.close()

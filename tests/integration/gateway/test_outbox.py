"""The outbox: a committed but unpublished command is republished by the relay, and a gateway
whose broker is down still answers and leaves its commands for the relay."""

import asyncio
import logging
import uuid
from typing import Any

import aio_pika
import asyncpg
import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient
from pydantic import SecretStr

from services.gateway.keys import pool_key, settings_key
from services.gateway.relay import run_relay
from shared.config import Settings
from shared.db import commands
from tests.helpers import API, new_task_id, wait_until
from tests.helpers.api import gateway_client
from tests.helpers.broker import CommandTap

DOWN_BROKER = "amqp://guest:guest@127.0.0.1:1/"  # nothing listens on port 1


async def test_relay_republishes_a_pending_command(
    client: TestClient[Any, Any], pool: asyncpg.Pool, tap: CommandTap
) -> None:
    command_id, task_id = str(uuid.uuid4()), new_task_id()
    payload = {"task_id": task_id, "step": "ddl_generation", "execution_id": f"{task_id}_x"}
    await commands.insert(
        pool,
        commands.NewCommand(command_id, "task.execute", task_id, payload, "guest", "http"),
    )
    message = await tap.find(lambda m: m["command_id"] == command_id, timeout=15)
    assert message["_routing_key"] == "task.execute"
    assert message["payload"]["execution_id"] == f"{task_id}_x"

    async def published() -> bool:
        row = await commands.get(pool, command_id)
        return row is not None and row.status == "published"

    await wait_until(published, timeout=10)


async def test_broker_down_still_creates_and_relay_catches_up(
    settings: Settings,
    pool: asyncpg.Pool,
    amqp: aio_pika.abc.AbstractRobustConnection,
    client: TestClient[Any, Any],
    tap: CommandTap,
) -> None:
    down = settings.model_copy(update={"amqp_url": SecretStr(DOWN_BROKER)})
    async with gateway_client(down) as offline:
        response = await offline.post(f"{API}/tasks", json={"db_name": "offline"})
        assert response.status == 201
        task_id = (await response.json())["data"]["task_id"]
        ready = await offline.get("/readyz")
        assert (ready.status, (await ready.json())["data"]["broker"]) == (503, False)
    pending = [c for c in await commands.unpublished(pool, 0) if c.task_id == task_id]
    assert [c.command_type for c in pending] == ["task.create"]
    # The session gateway (broker up) relays what the offline one committed.
    message = await tap.for_task(task_id, "task.create")
    assert message["command_id"] == pending[0].command_id


async def test_relay_names_the_database_when_the_database_is_what_failed(
    settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    app = web.Application()
    # Nothing listens on port 1: every read of the outbox is refused, as in an outage.
    app[pool_key] = await asyncpg.create_pool("postgresql://postgres@127.0.0.1:1/x", min_size=0)
    app[settings_key] = settings.model_copy(update={"outbox_relay_seconds": 0.05})
    relay = asyncio.create_task(run_relay(app))
    try:
        with caplog.at_level(logging.WARNING, logger="services.gateway.relay"):
            await wait_until(lambda: _logged(caplog), timeout=10)
    finally:
        relay.cancel()
        await asyncio.gather(relay, return_exceptions=True)
        await app[pool_key].close()
    messages = [r.getMessage() for r in caplog.records if r.name == "services.gateway.relay"]
    assert messages[0].startswith("outbox relay: database unreachable (")
    assert not [m for m in messages if "broker" in m]


async def _logged(caplog: pytest.LogCaptureFixture) -> bool:
    return any(r.name == "services.gateway.relay" for r in caplog.records)

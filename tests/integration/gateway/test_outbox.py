"""The outbox: a committed but unpublished command is republished by the relay, and a gateway
whose broker is down still answers and leaves its commands for the relay."""

import uuid
from typing import Any

import aio_pika
import asyncpg
from aiohttp.test_utils import TestClient
from pydantic import SecretStr

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

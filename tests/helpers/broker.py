"""The broker side of tests: a publisher on a namespace, its topology's teardown, a tap."""

import contextlib
import json
from collections.abc import AsyncIterator, Callable
from typing import Any

import aio_pika

from shared.broker import Publisher
from shared.topology import Topology
from tests.helpers import wait_until


async def delete_topology(connection: aio_pika.abc.AbstractConnection, topology: Topology) -> None:
    """Removes the namespace's queues and exchanges (what Publisher.open declared)."""
    channel = await connection.channel()
    for queue in [*topology.consumers, topology.dead]:
        await channel.queue_delete(queue)
    for exchange in (topology.commands, topology.events, topology.dlx):
        await channel.exchange_delete(exchange)
    await channel.close()


@contextlib.asynccontextmanager
async def private_publisher(
    connection: aio_pika.abc.AbstractRobustConnection, namespace: str
) -> AsyncIterator[Publisher]:
    """Publishes like another service would, on a namespace of its own, removed afterwards."""
    topology = Topology(namespace)
    yield await Publisher.open(connection, topology)
    await delete_topology(connection, topology)


class CommandTap:
    """An exclusive queue bound to the commands exchange: sees what is published, steals nothing."""

    def __init__(self, queue: aio_pika.abc.AbstractQueue) -> None:
        self.queue = queue
        self.seen: list[dict[str, Any]] = []

    async def _drain(self) -> None:
        while (message := await self.queue.get(fail=False, no_ack=True)) is not None:
            self.seen.append({**json.loads(message.body), "_routing_key": message.routing_key})

    async def find(
        self, predicate: Callable[[dict[str, Any]], bool], timeout: float = 10
    ) -> dict[str, Any]:
        async def probe() -> dict[str, Any]:
            await self._drain()
            return next((m for m in self.seen if predicate(m)), {})

        return await wait_until(probe, timeout=timeout)

    async def for_task(self, task_id: str, kind: str) -> dict[str, Any]:
        return await self.find(lambda m: m["type"] == kind and m["payload"]["task_id"] == task_id)

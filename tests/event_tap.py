"""Listens on the events exchange like a UI would, decoding every event with the contract."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import aio_pika

from shared.events import Event, decode_event
from shared.topology import Topology


class EventTap:
    def __init__(self, queue: aio_pika.abc.AbstractQueue) -> None:
        self._queue = queue
        self.seen: list[Event] = []

    async def drain(self) -> list[Event]:
        """Every event that has arrived so far (each one decoded: a bad shape fails here)."""
        while (message := await self._queue.get(no_ack=True, fail=False)) is not None:
            self.seen.append(decode_event(message.body))
        return self.seen

    async def of_task(self, task_id: str) -> list[Event]:
        return [e for e in await self.drain() if e.task_id == task_id]


@asynccontextmanager
async def event_tap(
    connection: aio_pika.abc.AbstractRobustConnection, namespace: str
) -> AsyncIterator[EventTap]:
    channel = await connection.channel()
    try:
        exchange = await channel.get_exchange(Topology(namespace).events)
        queue = await channel.declare_queue(exclusive=True, auto_delete=True)
        await queue.bind(exchange, routing_key="#")
        yield EventTap(queue)
    finally:
        await channel.close()

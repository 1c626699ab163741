"""The gateway's broker connection: opened lazily, so the API keeps answering while it is down."""

import asyncio
import contextlib
import logging
from collections.abc import Coroutine
from typing import Any

from aio_pika.abc import AbstractChannel

from shared.broker import Publisher, open_publisher
from shared.config import Settings
from shared.topology import Topology

log = logging.getLogger(__name__)
CONNECT_TIMEOUT = 5.0


class BrokerLink:
    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self.topology = Topology(settings.amqp_namespace)
        self._opened: contextlib.AsyncExitStack | None = None
        self._publisher: Publisher | None = None
        self._lock = asyncio.Lock()
        self._background: set[asyncio.Task[None]] = set()

    @property
    def is_open(self) -> bool:
        """A live connection and channel now: a robust connection that is reconnecting is not
        closed, but it is not connected either."""
        publisher = self._publisher
        if publisher is None or publisher.connection is None or publisher.connection.is_closed:
            return False
        return publisher.connection.connected.is_set() and publisher.is_open

    async def publisher(self) -> Publisher:
        """Connects (and declares the topology) on first use; raises PUBLISH_ERRORS when down."""
        async with self._lock:
            if self._publisher is None:
                opened = contextlib.AsyncExitStack()
                opening = opened.enter_async_context(open_publisher(self._settings, patient=False))
                try:
                    self._publisher = await asyncio.wait_for(opening, CONNECT_TIMEOUT)
                except BaseException:
                    await opened.aclose()
                    raise
                self._opened = opened
            return self._publisher

    async def channel(self) -> AbstractChannel:
        """A new channel on the shared connection (for consumers: the events feed, RPC replies)."""
        publisher = await self.publisher()
        assert publisher.connection is not None
        return await publisher.connection.channel()

    async def publish_raw(
        self, body: bytes, routing_key: str, message_id: str, reply_to: str | None = None
    ) -> None:
        publisher = await self.publisher()
        await publisher.raw_command(body, routing_key, message_id, reply_to)

    def in_background(self, work: Coroutine[Any, Any, None]) -> None:
        """Runs a publish off the request's path; close() waits for it."""
        task = asyncio.create_task(work)
        self._background.add(task)
        task.add_done_callback(self._background.discard)

    async def close(self) -> None:
        if self._background:
            await asyncio.gather(*self._background, return_exceptions=True)
        if self._opened is not None:
            await self._opened.aclose()
        self._opened = self._publisher = None

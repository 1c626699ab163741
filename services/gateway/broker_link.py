"""The gateway's broker connection: opened lazily, so the API keeps answering while it is down."""

import asyncio
import logging

from aio_pika.abc import AbstractChannel, AbstractRobustConnection

from shared.broker import Publisher, connect
from shared.topology import Topology

log = logging.getLogger(__name__)
CONNECT_TIMEOUT = 5.0


class BrokerLink:
    def __init__(self, url: str, topology: Topology) -> None:
        self._url = url
        self.topology = topology
        self._connection: AbstractRobustConnection | None = None
        self._publisher: Publisher | None = None
        self._lock = asyncio.Lock()

    @property
    def is_open(self) -> bool:
        """A live connection and channel now: a robust connection that is reconnecting is not
        closed, but it is not connected either."""
        connection, publisher = self._connection, self._publisher
        if connection is None or publisher is None or connection.is_closed:
            return False
        return connection.connected.is_set() and publisher.is_open

    async def publisher(self) -> Publisher:
        """Connects (and declares the topology) on first use; raises PUBLISH_ERRORS when down."""
        async with self._lock:
            if self._publisher is None:
                connection = await asyncio.wait_for(connect(self._url), CONNECT_TIMEOUT)
                try:
                    self._publisher = await Publisher.open(connection, self.topology)
                except BaseException:
                    await connection.close()
                    raise
                self._connection = connection
            return self._publisher

    async def channel(self) -> AbstractChannel:
        """A new channel on the shared connection (for consumers: the events feed, RPC replies)."""
        await self.publisher()
        assert self._connection is not None
        return await self._connection.channel()

    async def publish_raw(
        self, body: bytes, routing_key: str, message_id: str, reply_to: str | None = None
    ) -> None:
        publisher = await self.publisher()
        await publisher.raw_command(body, routing_key, message_id, reply_to)

    async def close(self) -> None:
        if self._connection is not None:
            await self._connection.close()
        self._connection = self._publisher = None

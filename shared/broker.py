"""RabbitMQ: connecting, and publishing with confirms (the names and queues: shared/topology.py)."""

import contextlib
import json
import logging
from collections.abc import AsyncIterator
from typing import Any

import aio_pika
from aio_pika.abc import (
    AbstractChannel,
    AbstractExchange,
    AbstractIncomingMessage,
    AbstractRobustConnection,
)
from aio_pika.exceptions import AMQPError, ChannelInvalidStateError
from pamqp.commands import Basic

from shared.config import Settings
from shared.events import EventBase
from shared.messages import CommandBase
from shared.secrets import mask_text
from shared.topology import Topology, declare
from shared.transient import outlast

log = logging.getLogger(__name__)

# What a publish raises while the broker is unreachable; anything else is a bug and propagates.
PUBLISH_ERRORS = (AMQPError, ChannelInvalidStateError, OSError, TimeoutError)

PUBLISH_TIMEOUT = 10.0


async def connect(url: str) -> AbstractRobustConnection:
    """Robust: once up, it reconnects by itself. Fails at once if the broker is down."""
    return await aio_pika.connect_robust(
        url, client_properties={"connection_name": "data_pipeline"}
    )


async def connect_patiently(url: str) -> AbstractRobustConnection:
    """For a consuming service's start-up: a broker that is down or restarting is waited for."""
    return await outlast(lambda: connect(url), "connecting to RabbitMQ")


def _message(body: bytes, **props: Any) -> aio_pika.Message:
    return aio_pika.Message(
        body,
        content_type="application/json",
        delivery_mode=aio_pika.DeliveryMode.PERSISTENT,
        **props,
    )


class Unroutable(AMQPError):
    """The broker returned a mandatory publish: no queue is bound for its routing key."""


def _check_routed(confirmation: object, exchange: str, routing_key: str) -> None:
    if isinstance(getattr(confirmation, "delivery", None), Basic.Return):
        log.error("unroutable publish to %s with key %r: returned", exchange, routing_key[:200])
        raise Unroutable(f"unroutable: {exchange} {routing_key[:200]}")


class Publisher:
    """Publishes on a channel with publisher confirms: publish() returns once the broker has it."""

    def __init__(
        self,
        channel: AbstractChannel,
        topology: Topology,
        connection: AbstractRobustConnection | None = None,
    ) -> None:
        self._channel = channel
        self.topology = topology
        self.connection = connection  # consumers open their channels on it

    @classmethod
    async def open(cls, connection: AbstractRobustConnection, topology: Topology) -> "Publisher":
        channel = await connection.channel(publisher_confirms=True)
        await declare(channel, topology)
        return cls(channel, topology, connection)

    @property
    def is_open(self) -> bool:
        return not self._channel.is_closed

    async def ready_count(self, routing_key: str) -> int:
        """Messages waiting (not yet delivered) in the queue that takes `routing_key`."""
        queue = await self._channel.declare_queue(
            self.topology.queue_for(routing_key), passive=True
        )
        count = queue.declaration_result.message_count
        return int(count or 0)

    async def _exchange(self, name: str) -> AbstractExchange:
        return await self._channel.get_exchange(name, ensure=False)

    async def command(
        self, command: CommandBase, routing_key: str, reply_to: str | None = None
    ) -> None:
        await self.raw_command(
            command.model_dump_json().encode(), routing_key, str(command.command_id), reply_to
        )

    async def raw_command(
        self, body: bytes, routing_key: str, message_id: str, reply_to: str | None = None
    ) -> None:
        exchange = await self._exchange(self.topology.commands)
        message = _message(body, message_id=message_id, reply_to=reply_to)
        confirmation = await exchange.publish(
            message, routing_key=routing_key, mandatory=True, timeout=PUBLISH_TIMEOUT
        )
        _check_routed(confirmation, self.topology.commands, routing_key)

    async def event(self, event: EventBase) -> None:
        exchange = await self._exchange(self.topology.events)
        message = _message(event.model_dump_json().encode(), message_id=str(event.event_id))
        await exchange.publish(message, routing_key=event.type, timeout=PUBLISH_TIMEOUT)

    async def reply(self, incoming: AbstractIncomingMessage, envelope: dict[str, Any]) -> None:
        """Answers a command that carried reply_to, with the HTTP API's envelope."""
        if not incoming.reply_to:
            return
        if not self.topology.accepts_reply_to(incoming.reply_to):
            log.warning("not replying to %r: outside namespace %s", incoming.reply_to[:200],
                        self.topology.namespace)  # fmt: skip
            return
        body = json.dumps(envelope, ensure_ascii=False, default=str).encode()
        message = _message(body, correlation_id=incoming.correlation_id or incoming.message_id)
        confirmation = await self._channel.default_exchange.publish(
            message, routing_key=incoming.reply_to, mandatory=True, timeout=PUBLISH_TIMEOUT
        )
        _check_routed(confirmation, "(default)", incoming.reply_to)

    async def dead_letter(self, incoming: AbstractIncomingMessage, reason: str) -> None:
        """Copies a message to the dead-letter exchange with the reason it was refused."""
        exchange = await self._exchange(self.topology.dlx)
        headers = dict(incoming.headers or {})
        headers.update(
            {"x-dp-error": mask_text(reason)[:2000], "x-dp-routing-key": incoming.routing_key or ""}
        )
        # The copy is masked too: a refused message may carry a DSN password or an API key.
        body = mask_text(incoming.body.decode("utf-8", "replace")).encode()
        message = _message(body, message_id=incoming.message_id, headers=headers)
        await exchange.publish(
            message, routing_key=incoming.routing_key or "", timeout=PUBLISH_TIMEOUT
        )


@contextlib.asynccontextmanager
async def open_publisher(settings: Settings, *, patient: bool = True) -> AsyncIterator[Publisher]:
    """How every service opens the broker: a robust connection (one that is down is waited for;
    `patient=False` fails at once instead), the topology declared, a Publisher on it; closed on
    exit. Consumers open their channels on `publisher.connection`."""
    url = settings.amqp_url.get_secret_value()
    connection = await (connect_patiently(url) if patient else connect(url))
    try:
        yield await Publisher.open(connection, Topology(settings.amqp_namespace))
    finally:
        await connection.close()

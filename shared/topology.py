"""The RabbitMQ topology every service declares: exchange and queue names from one namespace,
the dead-letter path, one quorum queue per consumer role."""

import uuid
from dataclasses import dataclass

import aio_pika
from aio_pika.abc import (
    AbstractChannel,
    AbstractQueue,
)

from shared.messages import CONSOLE_COMMAND_TYPES, VECTOR_COMMAND_TYPES

DELIVERY_LIMIT = 5  # redeliveries before a poison message is dead-lettered


@dataclass(frozen=True)
class Topology:
    """Every exchange and queue name, derived from one namespace (DP_AMQP_NAMESPACE)."""

    namespace: str = "data_pipeline"

    @property
    def commands(self) -> str:
        return f"{self.namespace}.commands"

    @property
    def events(self) -> str:
        return f"{self.namespace}.events"

    @property
    def dlx(self) -> str:
        return f"{self.namespace}.dlx"

    @property
    def dead(self) -> str:
        return f"{self.namespace}.dead"

    @property
    def create_queue(self) -> str:
        """task.create, apart so a create never waits behind long steps."""
        return f"{self.namespace}.executor.create"

    @property
    def execute_queue(self) -> str:
        return f"{self.namespace}.executor.execute"

    @property
    def janitor_queue(self) -> str:
        return f"{self.namespace}.janitor"

    @property
    def vector_queue(self) -> str:
        """Vector store work: never behind long steps, and a second backup or restore is
        delivered while the first runs (so it can be refused, not queued)."""
        return f"{self.namespace}.executor.vector"

    @property
    def console_queue(self) -> str:
        """The console's table inspector and pair edits: quick, and someone is waiting."""
        return f"{self.namespace}.executor.console"

    @property
    def consumers(self) -> dict[str, tuple[str, ...]]:
        """Queue name -> routing keys it takes."""
        return {
            self.create_queue: ("task.create",),
            self.execute_queue: ("task.execute",),
            self.janitor_queue: ("task.delete", "task.cancel"),
            self.vector_queue: VECTOR_COMMAND_TYPES,
            self.console_queue: CONSOLE_COMMAND_TYPES,
        }

    def accepts_reply_to(self, queue: str) -> bool:
        """Replies go only to this namespace's queues or RabbitMQ's direct reply-to (which
        reaches the sender's own channel): never into a queue another app consumes."""
        return queue.startswith((f"{self.namespace}.", "amq.rabbitmq.reply-to"))

    def reply_queue(self) -> str:
        """A fresh name for an exclusive reply queue of this namespace."""
        return f"{self.namespace}.reply.{uuid.uuid4().hex}"

    def queue_for(self, routing_key: str) -> str:
        return next(q for q, keys in self.consumers.items() if routing_key in keys)


async def declare(channel: AbstractChannel, topology: Topology) -> dict[str, AbstractQueue]:
    """Idempotent: exchanges, the dead-letter path, and one quorum queue per consumer role."""
    commands = await channel.declare_exchange(
        topology.commands, aio_pika.ExchangeType.TOPIC, durable=True
    )
    await channel.declare_exchange(topology.events, aio_pika.ExchangeType.TOPIC, durable=True)
    dlx = await channel.declare_exchange(topology.dlx, aio_pika.ExchangeType.FANOUT, durable=True)
    dead = await channel.declare_queue(
        topology.dead, durable=True, arguments={"x-queue-type": "quorum"}
    )
    await dead.bind(dlx)
    queues = {}
    for name, keys in topology.consumers.items():
        queue = await channel.declare_queue(
            name,
            durable=True,
            arguments={
                "x-queue-type": "quorum",
                "x-delivery-limit": DELIVERY_LIMIT,
                "x-dead-letter-exchange": topology.dlx,
            },
        )
        for key in keys:
            await queue.bind(commands, routing_key=key)
        queues[name] = queue
    return queues

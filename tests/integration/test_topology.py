"""The broker topology: declared idempotently, routing keys reach their queues, and a refused
message reaches the dead-letter queue."""

import uuid

import aio_pika

from shared.topology import Topology, declare
from tests.helpers import wait_until


def _getter(queue):
    return lambda: queue.get(fail=False)


async def test_topology_routes_commands_and_dead_letters_refusals(amqp):
    topology = Topology(f"dp_topo_{uuid.uuid4().hex[:8]}")
    channel = await amqp.channel()
    try:
        queues = await declare(channel, topology)
        assert (await declare(channel, topology)).keys() == queues.keys()  # idempotent
        commands = await channel.get_exchange(topology.commands)
        for key in ("task.create", "task.execute", "task.delete", "task.cancel"):
            await commands.publish(aio_pika.Message(key.encode()), routing_key=key)
        for key in ("task.create", "task.execute", "task.delete", "task.cancel"):
            message = await wait_until(_getter(queues[topology.queue_for(key)]), timeout=10)
            assert message.body.decode() == key
            if key == "task.delete":
                await message.reject(requeue=False)
            else:
                await message.ack()
        dead = await channel.get_queue(topology.dead)
        dead_letter = await wait_until(lambda: dead.get(fail=False), timeout=10)
        assert dead_letter.body == b"task.delete"
        await dead_letter.ack()
    finally:
        for name in [*topology.consumers, topology.dead]:
            await channel.queue_delete(name)
        for name in (topology.commands, topology.events, topology.dlx):
            await channel.exchange_delete(name)
        await channel.close()

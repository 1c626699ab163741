"""The executor's consume loop: decode at the edge, dispatch to HANDLERS, ack, then run.

Ack timing, decided once: a create command is acked after its effects are committed. An execute
command is acked as soon as its execution is *claimed* in PostgreSQL (queued -> running, one
worker wins), and the step runs after the ack. RabbitMQ closes channels holding deliveries past
consumer_timeout (30 min), longer than steps may run, so a long step never holds a delivery;
a crash after the claim is the janitor's to detect (stale heartbeat -> lost), not redelivery's.
Undecodable or invalid messages are dead-lettered with the reason; a handler crash (DB down)
requeues, and the quorum queue's delivery limit dead-letters a poison message.
"""

import asyncio
import logging
from contextlib import AsyncExitStack

from aio_pika.abc import AbstractIncomingMessage, AbstractQueue

from services.executor.deps import Deps, new_worker_id
from services.executor.handlers import HANDLERS
from services.executor.rpc import CONSOLE_HANDLERS
from services.executor.vector_commands import UNRECORDED, VECTOR_HANDLERS
from shared.broker import open_publisher
from shared.command_log import Handled
from shared.config import Settings
from shared.consumer import CommandEdge, bind
from shared.db.pool import open_app_pool
from shared.messages import ExecuteTask
from shared.metrics_server import serve_metrics
from shared.secret_box import load_box
from shared.storage import Storage

log = logging.getLogger(__name__)
CREATE_PREFETCH = 4
# Above 1 so that a second backup or restore arrives while the first runs, and is refused (409).
VECTOR_PREFETCH = 4
CONSOLE_PREFETCH = 4
SHUTDOWN_GRACE_SECONDS = 30.0


class Consumer:
    def __init__(self, deps: Deps) -> None:
        self.deps = deps
        handlers = bind({**HANDLERS, **VECTOR_HANDLERS, **CONSOLE_HANDLERS}, deps)
        # The console's reads and pair edits answer over reply_to; they are not command-log rows.
        unrecorded = UNRECORDED | frozenset(CONSOLE_HANDLERS)
        retried = deps.metrics.retries.labels("handler").inc
        self.edge = CommandEdge(
            deps.publisher, "executor", handlers, deps.pool, unrecorded, on_retry=retried
        )
        self.slots = asyncio.Semaphore(deps.settings.executor_concurrency)
        self.running: set[asyncio.Task[None]] = set()

    async def on_message(self, message: AbstractIncomingMessage) -> None:
        if message.redelivered:
            self.deps.metrics.redeliveries.labels(message.routing_key or "").inc()
        received = await self.edge.receive(message)
        if received is None:
            return
        command, handler = received
        holds_slot = isinstance(command, ExecuteTask)
        if holds_slot:
            await self.slots.acquire()  # bounded: prefetch = concurrency
        outcome = await self.edge.handle(message, handler, command)
        await self.edge.reply(message, outcome.envelope if outcome else None)
        self._start(outcome, holds_slot)

    def _start(self, outcome: Handled | None, holds_slot: bool) -> None:
        if outcome is None or outcome.then is None:
            if holds_slot:
                self.slots.release()
            return
        task = asyncio.create_task(self._run(outcome, holds_slot))
        self.running.add(task)
        task.add_done_callback(self.running.discard)

    async def _run(self, outcome: Handled, holds_slot: bool) -> None:
        self.deps.metrics.running.inc()
        try:
            assert outcome.then is not None
            await outcome.then()
        except Exception:  # recorded by the runner; this is the last line of defence
            log.exception("execution crashed")
        finally:
            self.deps.metrics.running.dec()
            if holds_slot:
                self.slots.release()

    async def drain(self, timeout: float) -> None:
        """Waits for running executions; what still runs after `timeout` is cancelled, and the
        runner hands it back to the queue for another executor (supervision.py)."""
        if not self.running:
            return
        _, pending = await asyncio.wait(self.running, timeout=timeout)
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)


async def consume(queue: AbstractQueue, consumer: Consumer) -> str:
    return await queue.consume(consumer.on_message)


async def open_deps(stack: AsyncExitStack, settings: Settings, worker_id: str) -> Deps:
    """Pool (migrated), broker connection and publisher, closed with the stack."""
    pool = await stack.enter_async_context(open_app_pool(settings))
    publisher = await stack.enter_async_context(open_publisher(settings))
    box = await asyncio.to_thread(load_box, settings)
    storage, policy = Storage(settings.data_root), settings.database_policy()
    deps = Deps(settings, pool, storage, publisher, worker_id, box, policy)
    if settings.executor_metrics_port:
        runner = await serve_metrics(
            deps.metrics.registry, "executor", settings.http_host, settings.executor_metrics_port
        )
        stack.push_async_callback(runner.cleanup)
    return deps


async def run_worker(settings: Settings, stop: asyncio.Event) -> None:
    async with AsyncExitStack() as stack:
        deps = await open_deps(stack, settings, new_worker_id())
        topology, connection = deps.publisher.topology, deps.publisher.connection
        assert connection is not None  # opened by open_publisher
        consumer = Consumer(deps)
        queues = {}
        for name, prefetch in (
            (topology.create_queue, CREATE_PREFETCH),
            (topology.execute_queue, settings.executor_concurrency),
            (topology.vector_queue, VECTOR_PREFETCH),
            (topology.console_queue, CONSOLE_PREFETCH),
        ):
            channel = await connection.channel()
            await channel.set_qos(prefetch_count=prefetch)
            queue = await channel.get_queue(name, ensure=True)
            queues[queue] = await consume(queue, consumer)
        log.info(
            "executor %s consuming (concurrency %d)", deps.worker_id, settings.executor_concurrency
        )
        await stop.wait()
        for queue, tag in queues.items():
            await queue.cancel(tag)
        await consumer.drain(SHUTDOWN_GRACE_SECONDS)

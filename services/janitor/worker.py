"""The janitor's loop: consume delete/cancel commands, and run the periodic sweeps.

Ack timing: a command is acked only after its handler committed the outcome (the command row
holds the result); a crash leaves it unacked and RabbitMQ redelivers it, and the quorum
queue's delivery limit dead-letters a poison message. Handlers are idempotent (see
handlers.py). Undecodable or foreign messages are dead-lettered with the reason, then acked.
Deliveries run concurrently up to PREFETCH, so a forced delete waiting for a cancel never
blocks the cancel itself.
"""

import asyncio
import contextlib
import logging
from contextlib import AsyncExitStack
from typing import Any

from aio_pika.abc import AbstractIncomingMessage

from services.janitor.deps import Deps
from services.janitor.handlers import HANDLERS
from services.janitor.metrics import JanitorMetrics
from services.janitor.sweeps import enabled_jobs, run_sweep
from shared.broker import open_publisher
from shared.config import Settings
from shared.consumer import CommandEdge, bind
from shared.db.pool import open_app_pool
from shared.metrics_server import serve_metrics

log = logging.getLogger(__name__)
PREFETCH = 8
SHUTDOWN_GRACE_SECONDS = 30.0


class Consumer:
    def __init__(self, deps: Deps) -> None:
        assert deps.publisher is not None, "the consuming janitor publishes replies and DLX copies"
        handlers = bind(HANDLERS, deps)
        self.edge = CommandEdge(deps.publisher, "janitor", handlers, deps.pool)
        self.inflight: set[asyncio.Task[Any]] = set()

    async def on_message(self, message: AbstractIncomingMessage) -> None:
        current = asyncio.current_task()
        if current is not None:
            self.inflight.add(current)
        try:
            received = await self.edge.receive(message)
            if received is not None:
                command, handler = received
                handled = await self.edge.handle(message, handler, command)
                await self.edge.reply(message, handled.envelope if handled else None)
        finally:
            if current is not None:
                self.inflight.discard(current)

    async def drain(self, timeout: float) -> None:
        if not self.inflight:
            return
        _, pending = await asyncio.wait(set(self.inflight), timeout=timeout)
        for task in pending:
            task.cancel()


async def sweep_once(deps: Deps, job: str) -> dict[str, Any] | None:
    try:
        report = await run_sweep(deps, job, dry_run=deps.settings.janitor_dry_run)
    except Exception:  # the periodic loop's boundary: one failed sweep must not stop the rest
        log.exception("sweep %s failed", job)
        deps.metrics.sweeps.labels(job, "error").inc()
        return None
    if report["actions"] or report["errors"]:
        log.info("sweep %s: %s", job, report)
    return report


async def periodic(deps: Deps, stop: asyncio.Event, jobs: list[str]) -> None:
    while not stop.is_set():
        for job in jobs:
            await sweep_once(deps, job)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), deps.settings.janitor_interval_seconds)


async def _open_deps(stack: AsyncExitStack, settings: Settings) -> Deps:
    publisher = await stack.enter_async_context(open_publisher(settings))
    pool = await stack.enter_async_context(open_app_pool(settings))
    metrics = JanitorMetrics()
    if settings.janitor_metrics_port:
        runner = await serve_metrics(
            metrics.registry, "janitor", settings.http_host, settings.janitor_metrics_port
        )
        stack.push_async_callback(runner.cleanup)
    return Deps(settings, pool, publisher, metrics)


async def run_worker(settings: Settings, stop: asyncio.Event) -> None:
    jobs = enabled_jobs(settings)
    async with AsyncExitStack() as stack:
        deps = await _open_deps(stack, settings)
        publisher = deps.publisher
        assert publisher is not None  # opened by open_publisher, with its connection
        assert publisher.connection is not None
        channel = await publisher.connection.channel()
        await channel.set_qos(prefetch_count=PREFETCH)
        queue = await channel.get_queue(publisher.topology.janitor_queue, ensure=True)
        consumer = Consumer(deps)
        tag = await queue.consume(consumer.on_message)
        sweeper = asyncio.create_task(periodic(deps, stop, jobs))
        log.info("janitor consuming %s; sweeps: %s", queue.name, ", ".join(jobs) or "none")
        await stop.wait()
        await queue.cancel(tag)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(sweeper, SHUTDOWN_GRACE_SECONDS)
        await consumer.drain(SHUTDOWN_GRACE_SECONDS)

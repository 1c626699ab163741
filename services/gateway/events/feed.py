"""The gateway's subscription to the events exchange: one exclusive, auto-delete queue per
process, bound to every event, feeding the in-process hub."""

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator

import aio_pika
from aio_pika.abc import AbstractIncomingMessage
from aiohttp import web
from pydantic import ValidationError

from services.gateway.broker_link import BrokerLink
from services.gateway.events.hub import EventHub
from services.gateway.keys import broker_key, hub_key
from shared.broker import PUBLISH_ERRORS
from shared.events import decode_event

log = logging.getLogger(__name__)
RETRY_SECONDS = 2.0


def deliver(hub: EventHub, message: AbstractIncomingMessage) -> None:
    try:
        event = decode_event(message.body)
    except ValidationError:
        log.warning("ignoring an undecodable event %s", message.message_id)
        return
    hub.publish(event)


async def attach(link: BrokerLink, hub: EventHub) -> None:
    channel = await link.channel()
    exchange = await channel.declare_exchange(
        link.topology.events, aio_pika.ExchangeType.TOPIC, durable=True
    )
    queue = await channel.declare_queue(exclusive=True, auto_delete=True)
    await queue.bind(exchange, routing_key="#")

    async def on_message(message: AbstractIncomingMessage) -> None:
        deliver(hub, message)

    await queue.consume(on_message, no_ack=True)


async def keep_attaching(link: BrokerLink, hub: EventHub) -> None:
    """The broker may be down at start-up; once attached, the robust connection restores it."""
    while True:
        try:
            await attach(link, hub)
            return
        except PUBLISH_ERRORS as exc:
            log.warning("events feed: broker unreachable (%r); retrying", exc)
        await asyncio.sleep(RETRY_SECONDS)


async def event_feed(app: web.Application) -> AsyncIterator[None]:
    app[hub_key] = hub = EventHub()
    task = asyncio.create_task(keep_attaching(app[broker_key], hub), name="events-feed")
    yield
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task

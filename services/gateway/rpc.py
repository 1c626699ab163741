"""Answers over reply_to/correlation_id (aio-pika's RPC pattern), on one exclusive reply queue
per gateway process.

Reads (stats, query, search) change nothing and the caller waits for the answer: they are not
recorded in the outbox (a read lost with the broker is simply answered 503/504), they are
published non-persistent with an expiration, so a read nobody waits for any more is dropped
instead of run. Recorded commands (deletes) go through the outbox as ever and only carry
reply_to: the consumer's reply is awaited for a bounded time, else the status URL answers."""

import asyncio
import json
from collections.abc import Awaitable, Callable
from typing import Any

import aio_pika
from aio_pika.abc import AbstractChannel, AbstractIncomingMessage, AbstractQueue

from services.gateway.broker_link import BrokerLink
from shared.broker import PUBLISH_ERRORS, PUBLISH_TIMEOUT
from shared.errors import BrokerUnavailable, ServiceTimeout
from shared.messages import CommandBase
from shared.topology import Topology


class RpcClient:
    def __init__(self, link: BrokerLink, topology: Topology) -> None:
        self._link = link
        self._topology = topology
        self._channel: AbstractChannel | None = None
        self._queue: AbstractQueue | None = None
        self._pending: dict[str, asyncio.Future[dict[str, Any]]] = {}
        self._lock = asyncio.Lock()

    async def _ready(self) -> tuple[AbstractChannel, AbstractQueue]:
        async with self._lock:
            if self._channel is None or self._queue is None or self._channel.is_closed:
                channel = await self._link.channel()
                queue = await channel.declare_queue(
                    self._topology.reply_queue(), exclusive=True, auto_delete=True
                )
                await queue.consume(self._on_reply, no_ack=True)
                self._channel, self._queue = channel, queue
            return self._channel, self._queue

    async def _on_reply(self, message: AbstractIncomingMessage) -> None:
        future = self._pending.pop(message.correlation_id or "", None)
        if future is not None and not future.done():
            future.set_result(json.loads(message.body))

    async def call(self, command: CommandBase, timeout: float) -> dict[str, Any]:
        """The executor's envelope; ServiceTimeout (504) when none comes within `timeout`."""
        correlation_id = str(command.command_id)
        kind = str(command.model_dump()["type"])
        future = asyncio.get_running_loop().create_future()
        self._pending[correlation_id] = future
        try:
            try:
                channel, queue = await self._ready()
                await self._publish(channel, command, kind, queue.name, timeout)
            except PUBLISH_ERRORS as exc:
                raise BrokerUnavailable(f"消息服务不可用: {exc!r}") from exc
            return await asyncio.wait_for(future, timeout)
        except TimeoutError as exc:
            raise ServiceTimeout(f"执行器未在 {timeout:g}s 内响应 {kind}") from exc
        finally:
            self._pending.pop(correlation_id, None)

    async def reply_for(
        self,
        correlation_id: str,
        publish: Callable[[str | None], Awaitable[bool]],
        timeout: float,
    ) -> dict[str, Any] | None:
        """`publish(reply_to)` sends a recorded command (the outbox's publish); the consumer's
        reply, or None if none comes within `timeout` or the publish was deferred to the relay
        (the command row answers then)."""
        future = asyncio.get_running_loop().create_future()
        self._pending[correlation_id] = future  # before the publish: a quick reply is not lost
        try:
            try:
                _, queue = await self._ready()
                reply_to: str | None = queue.name
            except PUBLISH_ERRORS:
                reply_to = None  # the publish below meets the same outage and defers
            if not await publish(reply_to) or reply_to is None:
                return None
            return await asyncio.wait_for(future, timeout)
        except TimeoutError:
            return None
        finally:
            self._pending.pop(correlation_id, None)

    async def _publish(
        self,
        channel: AbstractChannel,
        command: CommandBase,
        kind: str,
        reply_to: str,
        timeout: float,
    ) -> None:
        exchange = await channel.get_exchange(self._topology.commands, ensure=False)
        message = aio_pika.Message(
            command.model_dump_json().encode(),
            content_type="application/json",
            message_id=str(command.command_id),
            correlation_id=str(command.command_id),
            reply_to=reply_to,
            expiration=timeout,
        )
        await exchange.publish(message, routing_key=kind, timeout=PUBLISH_TIMEOUT)

    async def close(self) -> None:
        if self._channel is not None and not self._channel.is_closed:
            await self._channel.close()
        self._channel = self._queue = None

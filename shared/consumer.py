"""The message edge every consuming service shares: decode once, refuse (dead-letter with the
reason) what is not a command for this role, keep the command log (shared/command_log.py) and
handle inside the ack scope, reply if asked."""

import logging
from collections.abc import Awaitable, Callable, Mapping
from typing import Any, TypeVar

import asyncpg
from aio_pika.abc import AbstractIncomingMessage
from pydantic import ValidationError

from shared.broker import Publisher
from shared.command_log import Handled, run_once
from shared.messages import CommandBase, decode_command
from shared.secrets import mask_text
from shared.transient import outlast

log = logging.getLogger(__name__)
D = TypeVar("D")
BoundHandler = Callable[[Any], Awaitable[Handled]]


def bind(
    handlers: Mapping[type[CommandBase], Callable[[Any, D], Awaitable[Handled]]], deps: D
) -> dict[type[CommandBase], BoundHandler]:
    """HANDLERS take (command, deps); the edge calls them with the command only."""

    def bound(handler: Callable[[Any, D], Awaitable[Handled]]) -> BoundHandler:
        return lambda command: handler(command, deps)

    return {kind: bound(handler) for kind, handler in handlers.items()}


def validation_summary(exc: ValidationError) -> str:
    """Where and why, never the input: a refused message may carry a DSN or an API key."""
    errors = exc.errors(include_input=False, include_url=False, include_context=False)
    return "; ".join(f"{'.'.join(map(str, e['loc'])) or 'body'}: {e['msg']}" for e in errors[:20])


class CommandEdge:
    def __init__(
        self,
        publisher: Publisher,
        role: str,
        handlers: Mapping[type[CommandBase], BoundHandler],
        pool: asyncpg.Pool,
        unrecorded: frozenset[type[CommandBase]] = frozenset(),
        *,
        on_retry: Callable[[], None] | None = None,
    ) -> None:
        self.publisher = publisher
        self.role = role
        self.handlers = handlers
        self.pool = pool
        self.unrecorded = unrecorded  # reads answered over reply_to, never logged
        self.on_retry = on_retry  # a handler retried through an outage (a metric)

    async def receive(
        self, message: AbstractIncomingMessage
    ) -> tuple[CommandBase, BoundHandler] | None:
        """The command and its handler; None when the message was refused."""
        try:
            command = decode_command(message.body)
        except ValidationError as exc:
            await self.refuse(message, f"invalid command: {validation_summary(exc)}")
            return None
        handler = self.handlers.get(type(command))
        if handler is None:
            await self.refuse(message, f"no {self.role} handler for {command.type}")
            return None
        return command, handler

    async def handle(
        self, message: AbstractIncomingMessage, handler: BoundHandler, command: CommandBase
    ) -> Handled | None:
        """Acks when the handler returns. A dependency outage is waited out in place (the
        delivery limit is not spent on it); a crash of the command's own requeues, and the
        quorum queue's delivery limit dead-letters a message that keeps crashing."""
        what = f"{type(command).__name__} {command.command_id}"
        try:
            async with message.process(requeue=True):
                if type(command) in self.unrecorded:
                    return await outlast(lambda: handler(command), what, on_retry=self.on_retry)
                return await outlast(
                    lambda: run_once(self.pool, command, lambda: handler(command)),
                    what,
                    on_retry=self.on_retry,
                )
        except Exception:  # the message boundary: logged once, requeued by process()
            log.exception("handling %s %s failed", type(command).__name__, command.command_id)
            return None

    async def reply(
        self, message: AbstractIncomingMessage, envelope: dict[str, Any] | None
    ) -> None:
        if envelope is None or not message.reply_to:
            return
        try:
            await self.publisher.reply(message, envelope)
        except Exception as exc:  # the result is in the commands row either way
            log.warning("reply to %s failed: %s", message.reply_to, exc)

    async def refuse(self, message: AbstractIncomingMessage, reason: str) -> None:
        reason = mask_text(reason)
        log.error("dead-lettering message %s: %s", message.message_id, reason)
        try:
            await self.publisher.dead_letter(message, reason)
            await message.ack()
        except Exception:
            await message.reject(requeue=False)  # the queue's DLX still keeps it

"""The command log at the message edge, the same for every consumer: replay a command that is
final already, record one that is new (or take the gateway's row), run it, complete it with the
status its outcome says. Handlers hold only their use case."""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from typing import Any

import asyncpg

from shared.db import commands
from shared.envelope import failure
from shared.errors import DomainError
from shared.messages import CommandBase
from shared.models import FINAL_COMMAND, CommandStatus

Then = Callable[[], Awaitable[dict[str, Any]]]


@dataclass(frozen=True)
class Handled:
    """A handler's outcome: the reply envelope, and for long work the part to run after the ack
    (its envelope completes the command). `status` None leaves the command row as it is (a
    duplicate delivery of a command another worker is running)."""

    envelope: dict[str, Any]
    then: Then | None = None
    status: CommandStatus | None = CommandStatus.completed
    task_id: str | None = None

    @classmethod
    def of(cls, envelope: dict[str, Any], **fields: Any) -> "Handled":
        """The status an envelope tells: success completes, a failure envelope fails."""
        status = CommandStatus.completed if envelope["success"] else CommandStatus.failed
        return cls(envelope, status=status, **fields)


def task_of(cmd: CommandBase) -> str | None:
    """The task a command is about, for its row (a batch delete of one task counts as that)."""
    payload = cmd.model_dump()["payload"]
    ids = payload.get("task_ids") or []
    one = ids[0] if len(ids) == 1 and len(ids[0]) <= 32 else None  # the column's width
    return payload.get("task_id") or one


async def take(pool: asyncpg.Pool, cmd: CommandBase) -> Handled | None:
    """Records a command taken straight from RabbitMQ, or moves the gateway's row to processing,
    in one statement; a command that is final already is answered with its stored outcome (a
    duplicate delivery)."""
    prior = await commands.receive(pool, commands.received(cmd, task_of(cmd)))
    if prior and prior.status in FINAL_COMMAND and prior.result is not None:
        return Handled(prior.result, status=None)
    return None


async def complete(pool: asyncpg.Pool, cmd: CommandBase, outcome: Handled) -> None:
    if outcome.status is None:
        return
    await commands.complete(
        pool,
        str(cmd.command_id),
        status=outcome.status,
        result=outcome.envelope,
        error_code=outcome.envelope.get("error_code"),
        task_id=outcome.task_id,
    )


async def fail(pool: asyncpg.Pool, command_id: str, error: DomainError) -> None:
    """Completes a command as failed with the error's envelope (a sweep's verdict on it)."""
    await commands.complete(
        pool,
        command_id,
        status=CommandStatus.failed,
        result=failure(error),
        error_code=error.error_code,
    )


async def run_once(
    pool: asyncpg.Pool, cmd: CommandBase, handle: Callable[[], Awaitable[Handled]]
) -> Handled:
    """replay-if-final, record-if-new, start, handle, complete (after `then` for long work)."""
    if (prior := await take(pool, cmd)) is not None:
        return prior
    outcome = await handle()
    if outcome.then is None:
        await complete(pool, cmd, outcome)
        return outcome
    work = outcome.then

    async def then_complete() -> dict[str, Any]:
        envelope = await work()
        await complete(pool, cmd, Handled.of(envelope, task_id=outcome.task_id))
        return envelope

    return replace(outcome, then=then_complete)

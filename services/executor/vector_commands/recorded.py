"""The life of a recorded vector command: a processing row, the work, the final envelope.

The work runs inside the message's ack scope: a backup or restore is minutes at most (RabbitMQ's
consumer_timeout is 30), and if the executor dies meanwhile the command is redelivered; the
advisory lock dies with the connection and a restore's transaction rolls back."""

from collections.abc import Awaitable, Callable
from typing import Any

import asyncpg

from services.executor.deps import Deps
from services.executor.handlers import Handled
from shared.db import commands
from shared.envelope import failure
from shared.errors import DomainError, InvalidPath, ValidationFailed, VectorBusy, VectorStoreError
from shared.messages import CommandBase

FINAL = ("completed", "failed", "rejected")
# Refused before anything was written; every other error is a failed attempt.
_REFUSALS = (VectorBusy, InvalidPath, ValidationFailed)
Work = Callable[[], Awaitable[dict[str, Any]]]
Report = Callable[[str], Awaitable[None]]


def phases(deps: Deps, cmd: CommandBase, names: list[str]) -> Report:
    """Progress on the command row: the percent of the named phases begun before this one."""

    async def report(phase: str) -> None:
        done = names.index(phase) if phase in names else len(names)
        progress = {"percent": round(100 * done / len(names)), "phase": phase}
        await commands.set_progress(deps.pool, str(cmd.command_id), progress)

    return report


async def attempt(work: Work) -> tuple[dict[str, Any], str, str | None]:
    try:
        return await work(), "completed", None
    except (asyncpg.PostgresError, asyncpg.InterfaceError, OSError) as exc:
        error: DomainError = VectorStoreError(f"向量库操作失败: {exc}")
    except DomainError as exc:
        error = exc
    status = "rejected" if isinstance(error, _REFUSALS) else "failed"
    return failure(error), status, error.error_code


async def run_recorded(
    cmd: CommandBase, deps: Deps, work: Work, task_id: str | None = None
) -> Handled:
    """Runs `work` once per command id: a redelivered finished command replays its result."""
    command_id = str(cmd.command_id)
    prior = await commands.get(deps.pool, command_id)
    if prior and prior.status in FINAL and prior.result:
        return Handled(prior.result)
    if prior is None:
        await commands.insert(deps.pool, commands.received(cmd, task_id))
    else:
        await commands.start(deps.pool, command_id)
    envelope, status, error_code = await attempt(work)
    if status == "completed":
        await commands.set_progress(deps.pool, command_id, {"percent": 100, "phase": "completed"})
    await commands.complete(
        deps.pool, command_id, status=status, result=envelope, error_code=error_code
    )
    return Handled(envelope)

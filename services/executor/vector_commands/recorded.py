"""The life of a recorded vector command: a processing row, the work, the final envelope.

The work runs inside the message's ack scope: a backup or restore is minutes at most (RabbitMQ's
consumer_timeout is 30), and if the executor dies meanwhile the command is redelivered; the
advisory lock dies with the connection and a restore's transaction rolls back."""

from collections.abc import Awaitable, Callable
from typing import Any

import asyncpg

from services.executor.deps import Deps
from shared.command_log import Handled
from shared.db import commands
from shared.envelope import failure
from shared.errors import DomainError, InvalidPath, ValidationFailed, VectorBusy, VectorStoreError
from shared.messages import CommandBase
from shared.models import CommandStatus

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


async def attempt(work: Work) -> tuple[dict[str, Any], CommandStatus, str | None]:
    try:
        return await work(), CommandStatus.completed, None
    except (asyncpg.PostgresError, asyncpg.InterfaceError, OSError) as exc:
        error: DomainError = VectorStoreError(f"向量库操作失败: {exc}")
    except DomainError as exc:
        error = exc
    status = CommandStatus.rejected if isinstance(error, _REFUSALS) else CommandStatus.failed
    return failure(error), status, error.error_code


async def run_recorded(
    cmd: CommandBase, deps: Deps, work: Work, task_id: str | None = None
) -> Handled:
    """Runs `work` (the edge keeps the command row: replay, record, complete)."""
    envelope, status, _ = await attempt(work)
    if status == CommandStatus.completed:
        progress = {"percent": 100, "phase": "completed"}
        await commands.set_progress(deps.pool, str(cmd.command_id), progress)
    return Handled(envelope, status=status, task_id=task_id)

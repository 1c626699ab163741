"""One handler per janitor command; each returns the envelope the HTTP API would answer with.

Idempotent: a command whose row is already final replays its stored result; the actions
themselves (removing a directory, flagging a cancel) are harmless to repeat after a crash."""

from collections.abc import Awaitable, Callable
from typing import Any

from services.janitor.cancellation import request_cancel
from services.janitor.deletion import delete_batch
from services.janitor.deps import Deps
from services.janitor.views import single_envelope
from shared.db import commands
from shared.envelope import failure, ok
from shared.errors import DomainError
from shared.messages import CancelExecution, CommandBase, DeleteTasks

FINAL = ("completed", "failed", "rejected")


async def _process(
    cmd: CommandBase,
    deps: Deps,
    task_id: str | None,
    work: Callable[[], Awaitable[dict[str, Any]]],
) -> dict[str, Any]:
    command_id = str(cmd.command_id)
    prior = await commands.get(deps.pool, command_id)
    if prior and prior.status in FINAL and prior.result:
        return prior.result
    await commands.insert(deps.pool, commands.received(cmd, task_id))
    await commands.start(deps.pool, command_id)
    envelope = await work()
    await commands.complete(
        deps.pool,
        command_id,
        status="completed" if envelope["success"] else "failed",
        result=envelope,
        error_code=envelope.get("error_code"),
    )
    return envelope


async def on_delete_tasks(cmd: DeleteTasks, deps: Deps) -> dict[str, Any]:
    ids = cmd.payload.task_ids
    task_id = ids[0] if len(ids) == 1 and len(ids[0]) <= 32 else None

    async def work() -> dict[str, Any]:
        batch = await delete_batch(deps, cmd.payload, str(cmd.command_id))
        return single_envelope(batch) if cmd.payload.single else batch

    return await _process(cmd, deps, task_id, work)


def _cancel_view(execution: Any, command_id: str) -> dict[str, Any]:
    return {
        "command_id": command_id,
        "task_id": execution.task_id,
        "execution_id": execution.execution_id,
        "step": execution.step,
        "status": execution.status,
        "cancel_requested": True,
    }


async def on_cancel_execution(cmd: CancelExecution, deps: Deps) -> dict[str, Any]:
    async def work() -> dict[str, Any]:
        try:
            execution = await request_cancel(deps, cmd.payload.task_id, cmd.payload.reason)
        except DomainError as exc:
            return failure(exc)
        message = "执行已取消" if execution.status == "cancelled" else "已请求取消执行"
        return ok(202, message, _cancel_view(execution, str(cmd.command_id)))

    return await _process(cmd, deps, cmd.payload.task_id, work)


Handler = Callable[[Any, Deps], Awaitable[dict[str, Any]]]
HANDLERS: dict[type[CommandBase], Handler] = {
    DeleteTasks: on_delete_tasks,
    CancelExecution: on_cancel_execution,
}

"""One handler per janitor command; each returns the envelope the HTTP API would answer with.

Idempotent: the edge replays a command whose row is final already (shared/command_log.py); the
actions (removing a directory, flagging a cancel) are harmless to repeat after a crash."""

from collections.abc import Awaitable, Callable
from typing import Any

from services.janitor.cancellation import request_cancel
from services.janitor.deletion import delete_batch
from services.janitor.deps import Deps
from services.janitor.views import single_envelope
from shared.command_log import Handled
from shared.envelope import failure, ok
from shared.errors import DomainError
from shared.messages import CancelExecution, CommandBase, DeleteTasks


async def on_delete_tasks(cmd: DeleteTasks, deps: Deps) -> Handled:
    batch = await delete_batch(deps, cmd.payload, str(cmd.command_id))
    return Handled.of(single_envelope(batch) if cmd.payload.single else batch)


def _cancel_view(execution: Any, command_id: str) -> dict[str, Any]:
    return {
        "command_id": command_id,
        "task_id": execution.task_id,
        "execution_id": execution.execution_id,
        "step": execution.step,
        "status": execution.status,
        "cancel_requested": True,
    }


async def on_cancel_execution(cmd: CancelExecution, deps: Deps) -> Handled:
    try:
        execution = await request_cancel(deps, cmd.payload.task_id, cmd.payload.reason)
    except DomainError as exc:
        return Handled.of(failure(exc))
    message = "执行已取消" if execution.status == "cancelled" else "已请求取消执行"
    return Handled(ok(202, message, _cancel_view(execution, str(cmd.command_id))))


Handler = Callable[[Any, Deps], Awaitable[Handled]]
HANDLERS: dict[type[CommandBase], Handler] = {
    DeleteTasks: on_delete_tasks,
    CancelExecution: on_cancel_execution,
}

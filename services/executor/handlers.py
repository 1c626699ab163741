"""One handler per command. Each returns the reply envelope and, for execute, the work to run
after the message is acked."""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from services.executor.deps import Deps
from services.executor.pipeline import run_execution
from services.executor.task_files import prepare_task_directory
from shared.clock import iso, local_now
from shared.db import commands, executions, tasks
from shared.db.pool import TxConn
from shared.emitter import emit
from shared.envelope import failure, ok
from shared.errors import DomainError
from shared.events import TaskCreated
from shared.execution_queue import queue_execution
from shared.messages import CommandBase, CreateTask, ExecuteTask
from shared.models import ExecutionRecord, TaskRecord, task_id_for
from shared.task_rows import new_task_row

FINAL = ("completed", "failed", "rejected")


@dataclass
class Handled:
    envelope: dict[str, Any]
    then: Callable[[], Awaitable[None]] | None = None


async def _insert_task(conn: TxConn, cmd: CreateTask, deps: Deps) -> TaskRecord:
    now = local_now()
    for clash in range(50):
        task_id = cmd.payload.task_id or task_id_for(now, clash)
        row = new_task_row(
            task_id,
            task_type=cmd.payload.task_type,
            params=cmd.payload.parameters,
            created_by=cmd.issued_by,
            settings=deps.settings,
            box=deps.box,
        )
        task = await tasks.insert(conn, task_id, row)
        if task is None and cmd.payload.task_id:
            task = await tasks.get(conn, task_id)
        if task is not None:
            return task
    raise RuntimeError("no free task id")


async def _materialize(cmd: CreateTask, deps: Deps) -> TaskRecord:
    """The task row for this command: the one the gateway (or a first delivery) wrote, else new."""
    async with deps.pool.acquire() as conn, conn.transaction():
        prior = await commands.get(conn, str(cmd.command_id))
        task_id = cmd.payload.task_id or (prior.task_id if prior else None)
        task = await tasks.get(conn, task_id) if task_id else None
        if task is None:
            task = await _insert_task(conn, cmd, deps)
        await commands.insert(conn, commands.received(cmd, task.id))
        return task


async def on_create_task(cmd: CreateTask, deps: Deps) -> Handled:
    prior = await commands.get(deps.pool, str(cmd.command_id))
    if prior and prior.status in FINAL and prior.result:
        return Handled(prior.result)
    task = await _materialize(cmd, deps)
    await prepare_task_directory(deps.storage, task, deps.settings.default_business_dsn)
    envelope = ok(
        201,
        "任务创建成功",
        {
            "task_id": task.id,
            "status": task.status,
            "output_directory": task.output_directory,
            "step_status": task.step_status,
            "created_at": iso(task.created_at),
        },
    )
    await commands.complete(
        deps.pool, str(cmd.command_id), status="completed", result=envelope, task_id=task.id
    )
    await emit(deps.publisher, TaskCreated(task_id=task.id))
    return Handled(envelope)


async def _resolve_execution(cmd: ExecuteTask, conn: TxConn) -> ExecutionRecord:
    """The execution this command asks for: recorded by the gateway, by a first delivery, or now.
    Records the command as received, in the caller's transaction."""
    command_id = str(cmd.command_id)
    existing = (
        await executions.get(conn, cmd.payload.execution_id)
        if cmd.payload.execution_id
        else await executions.get_by_command(conn, command_id)
    )
    execution = existing or await queue_execution(conn, cmd.payload, command_id)
    await commands.insert(conn, commands.received(cmd, execution.task_id))
    return execution


async def _claim(
    cmd: ExecuteTask, conn: TxConn, worker_id: str
) -> tuple[ExecutionRecord, ExecutionRecord | None]:
    """Resolve, record and claim in one transaction: one commit before the step starts."""
    async with conn.transaction():
        execution = await _resolve_execution(cmd, conn)
        return execution, await executions.claim(conn, execution.execution_id, worker_id)


def _execution_view(e: ExecutionRecord) -> dict[str, Any]:
    return {
        "execution_id": e.execution_id,
        "task_id": e.task_id,
        "step": e.step,
        "status": e.status,
        "started_at": iso(e.started_at),
    }


async def on_execute_task(cmd: ExecuteTask, deps: Deps) -> Handled:
    command_id = str(cmd.command_id)
    try:
        async with deps.pool.acquire() as conn:  # one checkout up to the claim
            prior = await commands.get(conn, command_id)
            if prior and prior.status in FINAL and prior.result:
                return Handled(prior.result)
            execution, claimed = await _claim(cmd, conn, deps.worker_id)
    except DomainError as exc:
        envelope = failure(exc)
        await commands.insert(deps.pool, commands.received(cmd, cmd.payload.task_id))
        await commands.complete(
            deps.pool, command_id, status="rejected", result=envelope, error_code=exc.error_code
        )
        return Handled(envelope)
    if claimed is None:  # another worker has it, it already ran, or it was cancelled meanwhile
        current = await executions.get(deps.pool, execution.execution_id) or execution
        return Handled(ok(200, "执行已被处理", _execution_view(current)))
    envelope = ok(202, "步骤执行已启动", _execution_view(claimed))

    async def run() -> None:
        result = await run_execution(deps, claimed)
        await commands.complete(deps.pool, command_id, status="completed", result=result)

    return Handled(envelope, then=run)


Handler = Callable[[Any, Deps], Awaitable[Handled]]
HANDLERS: dict[type[CommandBase], Handler] = {
    CreateTask: on_create_task,
    ExecuteTask: on_execute_task,
}

"""One handler per command, only its use case (the command log is the edge's). Each returns the
reply envelope and, for execute, the work to run after the message is acked."""

from collections.abc import Awaitable, Callable
from typing import Any

from services.executor.deps import Deps
from services.executor.pipeline import run_execution
from services.executor.task_files import prepare_task_directory
from shared.clock import iso
from shared.command_log import Handled
from shared.db import commands, executions, tasks
from shared.db.pool import TxConn
from shared.emitter import emit
from shared.envelope import failure, ok
from shared.errors import DomainError
from shared.events import TaskCreated
from shared.execution_queue import queue_execution
from shared.execution_view import execution_brief
from shared.messages import CommandBase, CreateTask, ExecuteTask
from shared.models import CommandStatus
from shared.records import ExecutionRecord, TaskRecord
from shared.task_rows import TaskDraft, insert_new_task


async def _insert_task(conn: TxConn, cmd: CreateTask, deps: Deps) -> TaskRecord:
    draft = TaskDraft(cmd.payload.task_type, cmd.payload.parameters, cmd.issued_by)
    return await insert_new_task(conn, draft, deps.settings, deps.box, cmd.payload.task_id)


async def _materialize(cmd: CreateTask, deps: Deps) -> TaskRecord:
    """The task row for this command: the one the gateway (or a first delivery) wrote, else new.
    The command row learns its task in the same transaction, so a redelivery finds it."""
    async with deps.pool.acquire() as conn, conn.transaction():
        prior = await commands.lock(conn, str(cmd.command_id))
        task_id = cmd.payload.task_id or (prior.task_id if prior else None)
        task = await tasks.get(conn, task_id) if task_id else None
        if task is None:
            task = await _insert_task(conn, cmd, deps)
        await commands.set_task(conn, str(cmd.command_id), task.id)
        return task


async def on_create_task(cmd: CreateTask, deps: Deps) -> Handled:
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
    await emit(deps.publisher, TaskCreated(task_id=task.id))
    return Handled(envelope, task_id=task.id)


async def _resolve_execution(cmd: ExecuteTask, conn: TxConn) -> ExecutionRecord:
    """The execution this command asks for: recorded by the gateway (its id is in the payload),
    by a first delivery, or queued now for a publisher that went straight to RabbitMQ."""
    command_id = str(cmd.command_id)
    existing = (
        await executions.get(conn, cmd.payload.execution_id)
        if cmd.payload.execution_id
        else await executions.get_by_command(conn, command_id)
    )
    return existing or await queue_execution(conn, cmd.payload, command_id)


async def _claim(
    cmd: ExecuteTask, conn: TxConn, worker_id: str
) -> tuple[ExecutionRecord, ExecutionRecord | None]:
    """The gateway's execution (its id in the payload) is claimed in one statement; otherwise
    resolve and claim in one transaction: one commit before the step starts."""
    if cmd.payload.execution_id and (
        claimed := await executions.claim(conn, cmd.payload.execution_id, worker_id)
    ):
        return claimed, claimed
    async with conn.transaction():
        execution = await _resolve_execution(cmd, conn)
        return execution, await executions.claim(conn, execution.execution_id, worker_id)


async def on_execute_task(cmd: ExecuteTask, deps: Deps) -> Handled:
    try:
        async with deps.pool.acquire() as conn:  # one checkout up to the claim
            execution, claimed = await _claim(cmd, conn, deps.worker_id)
    except DomainError as exc:
        return Handled(failure(exc), status=CommandStatus.rejected)
    if claimed is None:  # another worker has it, it already ran, or it was cancelled meanwhile
        current = await executions.get(deps.pool, execution.execution_id) or execution
        return Handled(ok(200, "执行已被处理", execution_brief(current)), status=None)
    envelope = ok(202, "步骤执行已启动", execution_brief(claimed))
    if claimed.started_at and claimed.queued_at:
        waited = (claimed.started_at - claimed.queued_at).total_seconds()
        deps.metrics.queue_wait.observe(max(waited, 0.0))
    return Handled(envelope, then=lambda: run_execution(deps, claimed), task_id=claimed.task_id)


Handler = Callable[[Any, Deps], Awaitable[Handled]]
HANDLERS: dict[type[CommandBase], Handler] = {
    CreateTask: on_create_task,
    ExecuteTask: on_execute_task,
}

"""Executions: queue a step or the whole workflow, create-and-run, and the history."""

from aiohttp import web

from services.gateway import creation, idempotency, outbox, views
from services.gateway.bodies import json_object
from services.gateway.handlers.tasks import load_task
from services.gateway.idempotency import idempotent
from services.gateway.keys import pool_key
from services.gateway.responses import reply
from services.gateway.schemas import ExecuteRequest
from shared.db import executions
from shared.db.pool import TxConn
from shared.events import ExecutionQueued
from shared.execution_queue import queue_execution
from shared.messages import ExecuteTask, ExecuteTaskPayload
from shared.models import COMPLETE
from shared.records import ExecutionRecord
from shared.task_ids import checked_task_id

STARTED = {COMPLETE: "完整工作流执行已启动"}


def _payload(task_id: str, req: ExecuteRequest) -> ExecuteTaskPayload:
    return ExecuteTaskPayload(
        task_id=task_id,
        step=req.resolved_step(),  # a step name or "complete", validated by ExecuteRequest
        force_execute=req.force_execute,
        clean_previous=req.clean_previous,
        backup_vector_tables=req.backup_vector_tables,
        skip_training=req.skip_training,
        truncate_vector_tables=req.truncate_vector_tables,
    )


async def record_execute(
    conn: TxConn, request: web.Request, payload: ExecuteTaskPayload, issued_by: str, role: str = ""
) -> tuple[ExecutionRecord, ExecuteTask]:
    """Queued execution and its ExecuteTask command, in the caller's transaction. The command
    carries the execution's id, so it is built once, after the execution exists."""
    ident = outbox.identity(request, issued_by, role)
    execution = await queue_execution(conn, payload, str(ident["command_id"]))
    queued = payload.model_copy(update={"execution_id": execution.execution_id})
    command = ExecuteTask(**ident, payload=queued)
    await outbox.record(conn, request, command, payload.task_id, role)
    return execution, command


def queued_event(e: ExecutionRecord) -> ExecutionQueued:
    scope = {"task_id": e.task_id, "execution_id": e.execution_id, "step": e.step}
    return ExecutionQueued.model_validate(scope)


@idempotent
async def execute_task(request: web.Request) -> web.Response:
    task_id = checked_task_id(request.match_info["task_id"])
    payload = _payload(task_id, ExecuteRequest.model_validate(await json_object(request)))
    async with request.app[pool_key].acquire() as conn:  # one checkout for the whole request
        async with conn.transaction():
            await idempotency.claim(conn, request)
            execution, command = await record_execute(
                conn, request, payload, outbox.principal(request)
            )
            message = STARTED.get(execution.step, "步骤执行已启动")
            response = await idempotency.remember(
                conn, request, reply(202, message, views.queued(execution))
            )
        # else the broker is away: no event either
        if await outbox.publish(request.app, command, conn=conn):
            outbox.announce_soon(request.app, queued_event(execution))
    return response


@idempotent
async def execute_complete(request: web.Request) -> web.Response:
    req = await creation.parse_request(request, await json_object(request))
    async with request.app[pool_key].acquire() as conn:  # one checkout for the whole request
        async with conn.transaction():
            await idempotency.claim(conn, request)
            task, create = await creation.record_create(conn, request, req)
            payload = ExecuteTaskPayload(task_id=task.id, step=COMPLETE)
            execution, execute = await record_execute(
                conn, request, payload, req.created_by, role="execute"
            )
            data = {**creation.created_view(task), **views.queued(execution)}
            response = await idempotency.remember(
                conn, request, reply(202, STARTED[COMPLETE], data)
            )
        # Create first: the executor must know the task before it is asked to run it.
        await outbox.publish(request.app, create, conn=conn)
        if await outbox.publish(request.app, execute, conn=conn):
            outbox.announce_soon(request.app, queued_event(execution))
    return response


async def list_executions(request: web.Request) -> web.Response:
    task = await load_task(request)
    rows = await executions.list_for_task(request.app[pool_key], task.id)
    data = {"task_id": task.id, "executions": [views.execution(e) for e in rows]}
    return reply(200, "获取执行记录成功", data)

"""POST /tasks/{task_id}/cancel: record and publish CancelExecution; the janitor flags the run."""

from aiohttp import web
from pydantic import Field

from services.gateway import idempotency, outbox
from services.gateway.bodies import json_object
from services.gateway.handlers.command_status import status_url
from services.gateway.handlers.tasks import load_task
from services.gateway.idempotency import idempotent
from services.gateway.keys import pool_key
from services.gateway.responses import reply
from services.gateway.schemas import Body
from shared.db import executions
from shared.errors import NoActiveExecution
from shared.messages import CancelExecution, CancelExecutionPayload


class CancelRequest(Body):
    reason: str = Field(default="用户取消", max_length=500)


@idempotent
async def cancel_task(request: web.Request) -> web.Response:
    task = await load_task(request)
    req = CancelRequest.model_validate(await json_object(request))
    pool = request.app[pool_key]
    active = await executions.active_for_task(pool, task.id)
    if active is None:
        raise NoActiveExecution(f"任务没有正在执行的步骤: {task.id}", task_id=task.id)
    command = CancelExecution(
        **outbox.identity(request, outbox.principal(request)),
        payload=CancelExecutionPayload(task_id=task.id, reason=req.reason),
    )
    command_id = str(command.command_id)
    data = {
        "command_id": command_id,
        "task_id": task.id,
        "execution_id": active.execution_id,
        "step": active.step,
        "status": active.status,
        "status_url": status_url(command_id),
    }
    async with pool.acquire() as conn, conn.transaction():
        await idempotency.claim(conn, request)
        await outbox.record(conn, request, command, task.id)
        response = await idempotency.remember(conn, request, reply(202, "取消请求已提交", data))
    await outbox.publish(request.app, command)
    return response

"""DELETE /tasks/{task_id} and DELETE /tasks (seed 000): validate, record and publish
DeleteTasks, wait a bounded time for the janitor's result, answer with it (else 202)."""

from typing import Any

from aiohttp import web
from multidict import MultiMapping
from pydantic import Field, StrictBool

from services.gateway import idempotency, outbox
from services.gateway.bodies import json_object
from services.gateway.handlers.command_status import processing
from services.gateway.idempotency import idempotent
from services.gateway.keys import pool_key, rpc_key, settings_key
from services.gateway.responses import envelope_response
from services.gateway.schemas import Body
from shared.db import executions, tasks
from shared.envelope import ok
from shared.errors import ConfirmRequired, MissingParams, TaskNotFound, TaskRunning
from shared.messages import DeleteTasks, DeleteTasksPayload
from shared.storage import validate_task_id
from shared.task_ids import checked_task_id, is_safe_id

_BOOLEANS = {"true": True, "1": True, "false": False, "0": False}


class SingleDelete(Body):
    confirm: Any = None
    delete_database_records: StrictBool = False
    force: StrictBool = False


class BatchDelete(SingleDelete):
    task_ids: list[str] | None = Field(default=None, max_length=500)
    continue_on_error: StrictBool = True


def _query_value(query: MultiMapping[str], name: str) -> Any:
    if name == "task_ids":
        values = [*query.getall("task_ids", []), *query.getall("task_ids[]", [])]
        ids = [part.strip() for v in values for part in v.split(",") if part.strip()]
        return ids or None
    value = query.get(name)
    # Query strings carry text: "true"/"false" become booleans, anything else fails validation.
    return _BOOLEANS.get(value.lower(), value) if value is not None else None


async def _fields(request: web.Request, model: type[SingleDelete]) -> dict[str, Any]:
    """Body fields, and the same fields from the query string for clients without a body."""
    body = await json_object(request)
    query = {
        name: value
        for name in model.model_fields
        if name not in body and (value := _query_value(request.query, name)) is not None
    }
    return {**query, **body}


def _check_confirm(fields: dict[str, Any], required: list[str]) -> None:
    missing = [name for name in required if fields.get(name) is None]
    if missing:
        raise MissingParams(missing)
    if fields["confirm"] is not True:
        raise ConfirmRequired("删除操作需要 confirm=true")


async def _publish_and_wait(request: web.Request, payload: DeleteTasksPayload) -> dict[str, Any]:
    """The janitor's envelope (its reply_to answer), or the 202 processing envelope if it takes
    too long: the command stays recorded and its status URL gives the result."""
    command = DeleteTasks(**outbox.identity(request, outbox.principal(request)), payload=payload)
    task_id = payload.task_ids[0] if len(payload.task_ids) == 1 else None
    pool = request.app[pool_key]
    async with pool.acquire() as conn, conn.transaction():
        await idempotency.claim(conn, request)
        await outbox.record(conn, request, command, task_id)
    command_id = str(command.command_id)
    reply = await request.app[rpc_key].reply_for(
        command_id,
        lambda reply_to: outbox.publish(request.app, command, reply_to),
        request.app[settings_key].delete_wait_seconds,
    )
    if reply is None:
        return ok(202, "删除请求已受理,正在处理", processing(command_id))
    return reply


async def _ensure_deletable(request: web.Request, task_id: str, force: bool) -> None:
    """Fast answers for the common refusals; the janitor checks again when it deletes."""
    pool = request.app[pool_key]
    if await tasks.get(pool, task_id) is None:
        raise TaskNotFound(task_id)
    active = await executions.active_for_task(pool, task_id)
    if active is not None and not force:
        raise TaskRunning(task_id, active.status, "任务正在运行中,无法删除")


@idempotent
async def delete_task(request: web.Request) -> web.Response:
    task_id = checked_task_id(request.match_info["task_id"])
    fields = await _fields(request, SingleDelete)
    _check_confirm(fields, ["confirm"])
    req = SingleDelete.model_validate(fields)
    await _ensure_deletable(request, task_id, req.force)
    payload = DeleteTasksPayload(
        task_ids=[task_id],
        confirm=True,
        delete_database_records=req.delete_database_records,
        force=req.force,
        single=True,
    )
    envelope = await _publish_and_wait(request, payload)  # single-task shape, or the 202
    return envelope_response(envelope, envelope["code"])


@idempotent
async def delete_tasks(request: web.Request) -> web.Response:
    fields = await _fields(request, BatchDelete)
    _check_confirm(fields, ["task_ids", "confirm"])
    req = BatchDelete.model_validate(fields)
    # A safe but unknown id is reported per task (TASK_NOT_FOUND), an unsafe one fails the batch.
    task_ids = [t if is_safe_id(t) else validate_task_id(t) for t in req.task_ids or []]
    if not task_ids:
        raise MissingParams(["task_ids"])
    payload = DeleteTasksPayload(
        task_ids=task_ids,
        confirm=True,
        delete_database_records=req.delete_database_records,
        force=req.force,
        continue_on_error=req.continue_on_error,
    )
    envelope = await _publish_and_wait(request, payload)
    return envelope_response(envelope, envelope["code"])

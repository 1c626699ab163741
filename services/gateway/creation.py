"""Creating a task: the request, the row with a free id, and the CreateTask command."""

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aiohttp import web

from services.gateway import outbox, table_names
from services.gateway.keys import box_key, policy_key, settings_key
from services.gateway.schemas import CreateTaskFlat, CreateTaskNested
from services.gateway.views import API_BASE, ordered_steps
from shared.clock import iso
from shared.db.pool import Conn
from shared.errors import ValidationFailed
from shared.messages import CreateTask, CreateTaskPayload
from shared.parameters import TaskParameters, TaskType
from shared.records import TaskRecord
from shared.task_rows import TaskDraft, insert_new_task


@dataclass(frozen=True)
class NewTaskRequest:
    task_type: TaskType
    created_by: str
    parameters: TaskParameters


async def _with_table_list(params: TaskParameters, list_dir: Path) -> TaskParameters:
    if params.table_list is not None and params.table_list_file is not None:
        raise ValidationFailed("table_list 与 table_list_file 只能提供一个")
    if params.table_list is not None:
        names = table_names.names_from_request(params.table_list)
    elif params.table_list_file is not None:
        names = await table_names.names_from_file(params.table_list_file, list_dir)
    else:
        return params
    return params.model_copy(update={"table_list": names})


async def parse_request(request: web.Request, body: dict[str, Any]) -> NewTaskRequest:
    form = (
        CreateTaskNested.model_validate(body)
        if "parameters" in body
        else CreateTaskFlat.model_validate(body)
    )
    params = form.parameters if isinstance(form, CreateTaskNested) else form.parameters()
    created_by = outbox.principal(request, form.created_by)
    if params.db_connection:
        request.app[policy_key].check(params.db_connection)
    list_dir = request.app[settings_key].table_list_dir
    return NewTaskRequest(form.task_type, created_by, await _with_table_list(params, list_dir))


async def insert_task(conn: Conn, request: web.Request, req: NewTaskRequest) -> TaskRecord:
    draft = TaskDraft(req.task_type, req.parameters, req.created_by)
    return await insert_new_task(conn, draft, request.app[settings_key], request.app[box_key])


async def record_create(
    conn: Conn, request: web.Request, req: NewTaskRequest
) -> tuple[TaskRecord, CreateTask]:
    """Task row and CreateTask command, in the caller's transaction."""
    task = await insert_task(conn, request, req)
    payload = CreateTaskPayload(task_id=task.id, task_type=req.task_type, parameters=req.parameters)
    command = CreateTask(**outbox.identity(request, req.created_by), payload=payload)
    await outbox.record(conn, request, command, task.id)
    return task, command


def created_view(task: TaskRecord) -> dict[str, Any]:
    data: dict[str, Any] = {
        "task_id": task.id,
        "task_name": task.task_name,
        "status": task.status,
        "output_directory": task.output_directory,
        "step_status": ordered_steps(task.step_status),
        "created_at": iso(task.created_at),
    }
    if not task.parameters.get("table_list"):
        data["file_upload_mode"] = True
        data["next_step"] = f"POST {API_BASE}/tasks/{task.id}/upload-table-list"
    return data
